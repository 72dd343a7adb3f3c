package flac

import (
	"encoding/binary"
	"fmt"
)

// Decoding: the whole format as libFLAC and ffmpeg write it (STREAMINFO,
// fixed-size and variable-size blocks, CONSTANT, VERBATIM, FIXED and LPC
// subframes, wasted bits, Rice and Rice2 residuals with escaped
// partitions, independent, left/side, side/right and mid/side channels,
// 4 to 32 bits per sample), with every frame's sync code, header CRC-8 and
// CRC-16 checked. Samples are returned as 16 bits: deeper ones are
// rounded down to their top 16 bits, shallower ones scaled up. The
// STREAMINFO's MD5 is not checked (the CRCs already catch damage).

// Info is what a FLAC file's STREAMINFO says.
type Info struct {
	Rate     int
	Channels int
	Bits     int   // bits per sample
	Samples  int64 // samples per channel; 0 when unknown
	MaxBlock int   // the largest block, in samples per channel
}

// FormatError is damaged or unsupported input, at a byte offset.
type FormatError struct {
	Offset int64
	Msg    string
}

func (e *FormatError) Error() string { return fmt.Sprintf("at byte %d: %s", e.Offset, e.Msg) }

func errAt(off int, format string, a ...any) error {
	return &FormatError{int64(off), fmt.Sprintf(format, a...)}
}

// IsFLAC reports whether data starts like a FLAC file.
func IsFLAC(data []byte) bool { return len(data) >= 4 && string(data[:4]) == "fLaC" }

// ReadInfo reads the STREAMINFO of a FLAC file, and returns with it where
// the first frame starts.
func ReadInfo(data []byte) (Info, int, error) {
	if !IsFLAC(data) {
		return Info{}, 0, errAt(0, "not a FLAC file (no fLaC signature)")
	}
	pos := 4
	var info Info
	for first := true; ; first = false {
		if len(data)-pos < 4 {
			return Info{}, 0, errAt(pos, "the file ends inside its metadata")
		}
		last, typ := data[pos]&0x80 != 0, data[pos]&0x7F
		size := int(data[pos+1])<<16 | int(data[pos+2])<<8 | int(data[pos+3])
		body := pos + 4
		if size > len(data)-body {
			return Info{}, 0, errAt(pos, "metadata block of %d bytes runs past the end of the file (%d bytes)", size, len(data))
		}
		switch {
		case first && typ != 0:
			return Info{}, 0, errAt(pos, "the first metadata block is of type %d, not STREAMINFO", typ)
		case first && size < 34:
			return Info{}, 0, errAt(pos, "STREAMINFO of %d bytes, want 34", size)
		case first:
			var err error
			if info, err = streamInfo(data[body:], body); err != nil {
				return Info{}, 0, err
			}
		case typ == 0:
			return Info{}, 0, errAt(pos, "a second STREAMINFO")
		case typ == 127:
			return Info{}, 0, errAt(pos, "metadata block of the invalid type 127")
		}
		pos = body + size
		if last {
			return info, pos, nil
		}
	}
}

// Decode decodes a whole FLAC file to interleaved 16-bit samples. A
// damaged or truncated file is a *FormatError naming the byte where it
// goes wrong; Decode never panics.
func Decode(data []byte) (pcm []int16, channels, rate int, err error) {
	return DecodeLimit(data, 0)
}

// DecodeLimit is Decode for files of at most limit samples per channel (0:
// any length), so that a few bytes of CONSTANT frames cannot fill the
// memory: it stops with an error as soon as there are more.
func DecodeLimit(data []byte, limit int64) (pcm []int16, channels, rate int, err error) {
	info, pos, err := ReadInfo(data)
	if err != nil {
		return nil, 0, 0, err
	}
	if limit > 0 && info.Samples > limit {
		return nil, 0, 0, errAt(22, "%d samples, more than the %d allowed", info.Samples, limit)
	}
	d := decoder{info: info, data: data}
	if info.Samples > 0 {
		// A damaged count must not allocate gigabytes: trust it as far
		// as the file's size makes it plausible.
		d.out = make([]int16, 0, min(info.Samples, int64(len(data))*16)*int64(info.Channels))
	}
	most := info.Samples
	if most == 0 || limit > 0 && limit < most {
		most = limit
	}
	for pos < len(data) {
		at := pos
		if pos, err = d.frame(pos); err != nil {
			return nil, 0, 0, err
		}
		if most > 0 && int64(len(d.out)/info.Channels) > most {
			return nil, 0, 0, errAt(at, "more samples than the %d the file says or the caller allows", most)
		}
	}
	if got := int64(len(d.out) / info.Channels); info.Samples > 0 && got != info.Samples {
		return nil, 0, 0, errAt(len(data), "the file ends after %d samples; its STREAMINFO says %d", got, info.Samples)
	}
	return d.out, info.Channels, info.Rate, nil
}

type decoder struct {
	info Info
	data []byte
	out  []int16
	ch   [8][]int32
	res  []int32
	r    BitReader
}

var blockSizes = [16]int{0, 192, 576, 1152, 2304, 4608, 0, 0, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768}
var frameRates = [12]int{0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000}
var sampleBits = [8]int{0, 8, 12, 0, 16, 20, 24, 32}

// frame decodes the frame at pos and returns where the next one starts.
func (d *decoder) frame(pos int) (int, error) {
	data := d.data
	h, err := parseHeader(data[pos:])
	if err != nil {
		fe := err.(*FormatError)
		fe.Offset += int64(pos)
		return 0, fe
	}
	n, assign, bitsCode := h.n, h.assign, h.bitsCode
	if h.rate != 0 && h.rate != d.info.Rate {
		return 0, errAt(pos, "a frame at %d Hz in a stream at %d Hz", h.rate, d.info.Rate)
	}
	bps := d.info.Bits
	if bitsCode != 0 {
		if bps = sampleBits[bitsCode]; bps == 0 {
			return 0, errAt(pos+3, "reserved sample size code %d", bitsCode)
		}
	}
	if bps != d.info.Bits {
		return 0, errAt(pos+3, "a frame of %d-bit samples in a stream of %d-bit samples", bps, d.info.Bits)
	}
	channels := assign + 1
	if assign >= 8 {
		if assign > 10 {
			return 0, errAt(pos+3, "reserved channel assignment %d", assign)
		}
		channels = 2
	}
	if channels != d.info.Channels {
		return 0, errAt(pos+3, "a frame of %d channels in a stream of %d", channels, d.info.Channels)
	}
	if n > d.info.MaxBlock {
		return 0, errAt(pos+2, "a block of %d samples; STREAMINFO says at most %d", n, d.info.MaxBlock)
	}
	p := pos + h.size

	// The subframes.
	d.r = BitReader{Data: data[:len(data):len(data)], pos: p}
	for c := range channels {
		sbps := uint(bps)
		if assign == 8 && c == 1 || assign == 9 && c == 0 || assign == 10 && c == 1 {
			sbps++ // the side channel
		}
		if cap(d.ch[c]) < n {
			d.ch[c] = make([]int32, n, max(n, d.info.MaxBlock))
		}
		x := d.ch[c][:n]
		if err := d.subframe(x, sbps); err != nil {
			return 0, err
		}
	}
	end := d.r.bytePos()
	if end+2 > len(data) {
		return 0, errAt(pos, "the file ends inside this frame")
	}
	if crc16(data[pos:end]) != binary.BigEndian.Uint16(data[end:]) {
		return 0, errAt(pos, "frame CRC-16 mismatch: damaged")
	}
	d.emit(n, channels, assign, bps)
	return end + 2, nil
}

// emit undoes the stereo decorrelation and appends the block to d.out.
func (d *decoder) emit(n, channels, assign, bps int) {
	var a, b []int32
	if assign >= 8 {
		a, b = d.ch[0][:n], d.ch[1][:n]
	}
	switch assign {
	case 8: // left, side
		for i := range b {
			b[i] = a[i] - b[i]
		}
	case 9: // side, right
		for i := range a {
			a[i] += b[i]
		}
	case 10: // mid, side
		for i := range a {
			m := a[i]<<1 | b[i]&1
			a[i], b[i] = (m+b[i])>>1, (m-b[i])>>1
		}
	}
	base := len(d.out)
	d.out = append(d.out, make([]int16, n*channels)...)
	out := d.out[base:]
	for c := range channels {
		x := d.ch[c][:n]
		switch {
		case bps == 16:
			for i, v := range x {
				out[i*channels+c] = int16(v)
			}
		case bps > 16:
			s := uint(bps - 16)
			for i, v := range x {
				out[i*channels+c] = int16(v >> s)
			}
		default:
			s := uint(16 - bps)
			for i, v := range x {
				out[i*channels+c] = int16(v << s)
			}
		}
	}
}

// subframe decodes one channel of n samples of bps bits into x.
func (d *decoder) subframe(x []int32, bps uint) error {
	r := &d.r
	at := r.bytePos()
	hdr := r.Read(8)
	if hdr&0x80 != 0 {
		return errAt(at, "subframe's padding bit is set")
	}
	typ := int(hdr >> 1 & 63)
	var wasted uint
	if hdr&1 != 0 {
		w, ok := r.unary(uint64(bps))
		if !ok || w+1 >= uint64(bps) {
			return errAt(at, "subframe has %d wasted bits of %d", w+1, bps)
		}
		wasted = uint(w + 1)
		bps -= wasted
	}
	switch {
	case typ == 0: // CONSTANT
		v := r.signed(bps)
		for i := range x {
			x[i] = v
		}
	case typ == 1: // VERBATIM
		for i := range x {
			x[i] = r.signed(bps)
		}
	case typ >= 8 && typ <= 12: // FIXED
		order := typ - 8
		if order > len(x) {
			return errAt(at, "predictor of order %d in a block of %d samples", order, len(x))
		}
		for i := range order {
			x[i] = r.signed(bps)
		}
		if err := d.residual(x, order, at); err != nil {
			return err
		}
		fixedPredict(x, order)
	case typ >= 32: // LPC
		order := typ - 31
		if order > len(x) {
			return errAt(at, "predictor of order %d in a block of %d samples", order, len(x))
		}
		for i := range order {
			x[i] = r.signed(bps)
		}
		prec := uint(r.Read(4)) + 1
		if prec == 16 {
			return errAt(at, "LPC coefficient precision code 15 (invalid)")
		}
		shift := int32(r.signed(5))
		if shift < 0 {
			return errAt(at, "negative LPC shift %d", shift)
		}
		var coef [32]int32
		for i := range order {
			coef[i] = r.signed(prec)
		}
		if err := d.residual(x, order, at); err != nil {
			return err
		}
		lpcPredict(x, coef[:order], uint(shift))
	default:
		return errAt(at, "reserved subframe type %d", typ)
	}
	if r.overrun() {
		return errAt(len(r.Data), "the file ends inside a subframe")
	}
	if wasted > 0 {
		for i := range x {
			x[i] <<= wasted
		}
	}
	return nil
}

// residual decodes the residuals of x (past its order warm-up samples) into x.
func (d *decoder) residual(x []int32, order, at int) error {
	r := &d.r
	method := r.Read(2)
	if method > 1 {
		return errAt(at, "reserved residual coding method %d", method)
	}
	pbits, escape := uint(4), uint64(15)
	if method == 1 {
		pbits, escape = 5, 31
	}
	porder := uint(r.Read(4))
	parts := 1 << porder
	if len(x)%parts != 0 || len(x)>>porder < order {
		return errAt(at, "%d partitions of a block of %d samples with a predictor of order %d", parts, len(x), order)
	}
	size := len(x) >> porder
	i := order
	for p := range parts {
		end := (p + 1) * size
		k := r.Read(pbits)
		if k == escape {
			nb := uint(r.Read(5))
			for ; i < end; i++ {
				x[i] = r.signed(nb)
			}
			continue
		}
		if !r.Rice(x[i:end], uint(k)) {
			return errAt(len(r.Data), "the file ends inside a subframe's residuals")
		}
		i = end
	}
	return nil
}

// fixedPredict adds FLAC's fixed predictor of order to the residuals of x.
func fixedPredict(x []int32, order int) {
	switch order {
	case 1:
		for i := 1; i < len(x); i++ {
			x[i] += x[i-1]
		}
	case 2:
		for i := 2; i < len(x); i++ {
			x[i] += 2*x[i-1] - x[i-2]
		}
	case 3:
		for i := 3; i < len(x); i++ {
			x[i] += 3*(x[i-1]-x[i-2]) + x[i-3]
		}
	case 4:
		for i := 4; i < len(x); i++ {
			x[i] += 4*(x[i-1]+x[i-3]) - 6*x[i-2] - x[i-4]
		}
	}
}

// lpcPredict adds the linear prediction with coef (newest sample's
// coefficient first) to the residuals of x.
func lpcPredict(x []int32, coef []int32, shift uint) {
	order := len(coef)
	for i := order; i < len(x); i++ {
		var sum int64
		h := x[i-order : i]
		for j, c := range coef {
			sum += int64(c) * int64(h[order-1-j])
		}
		x[i] += int32(sum >> shift)
	}
}
