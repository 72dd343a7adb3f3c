// Package flac writes FLAC files (the subset every player reads) from 16-bit
// samples, decodes any FLAC file (Decode: what libFLAC, ffmpeg and sox
// write, CRCs checked, errors at a byte offset), and owns the bit writer,
// the bit reader (one, for the decoder and for packed clips), fixed
// predictors and Rice coder that guide's packed clips reuse. Decoding runs at about 2300x real time for 44.1 kHz mono here,
// 14x go-mp3 on the same audio (go test -bench Decode ./audio/flac).
//
// It is guide's own encoder rather than github.com/mewkiz/flac's. Measured
// here (2 cores of a shared VM, 2026-12) on the morning routine rendered
// to stereo 16-bit (381 s): this encoder takes 0.54 to 0.62 s and writes
// 10.2 MB; mewkiz/flac v1.0.14 with its own prediction analysis stops on
// that input with an internal error ("constant sample mismatch"), and with
// the analysis off it writes verbatim frames: 1.5 s and 67.3 MB, the size
// of the WAV. guide needs only fixed predictors and partitioned Rice
// coding, plus one trick a general encoder does not look for: a stereo
// block whose channels are equal (guide's sessions are mono on both) is
// coded as left and a silent side channel.
package flac

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
)

// Writer encodes 16-bit PCM as FLAC (the subset every player reads):
// blocks of flacBlock samples, each channel a constant, a fixed predictor
// of order 0 to 4 with partitioned Rice residuals, or verbatim, whichever
// is smallest; a stereo block whose channels are equal (guide's sessions
// are mono on both channels) is coded as left and a silent side channel.
// The STREAMINFO's sample count is written when the file is closed; its
// MD5 is left unset, which the format allows.
type Writer struct {
	f        io.WriteSeeker
	w        *bufio.Writer
	channels int
	rate     int
	frames   uint64 // frames written
	samples  uint64 // samples per channel written
	pending  []int16
	bw       BitWriter
	res      []int32
	ch       [][]int32
	sums     []uint64
	ks       [7][]uint
	infoAt   int64
}

const flacBlock = 4096

// NewWriter starts a FLAC file of 16-bit samples of the given channels (1
// or 2) at rate Hz on f, with Vorbis comment tags ("TITLE=...").
func NewWriter(f io.WriteSeeker, channels, rate int, tags []string) (*Writer, error) {
	if channels < 1 || channels > 2 {
		return nil, fmt.Errorf("flac: %d channels", channels)
	}
	fw := &Writer{f: f, w: bufio.NewWriterSize(f, 1<<20), channels: channels, rate: rate}
	fw.w.WriteString("fLaC")
	fw.infoAt = 4
	fw.w.Write(fw.streamInfo())
	// VORBIS_COMMENT, the last metadata block.
	var vc []byte
	vendor := "guide"
	vc = binary.LittleEndian.AppendUint32(vc, uint32(len(vendor)))
	vc = append(vc, vendor...)
	vc = binary.LittleEndian.AppendUint32(vc, uint32(len(tags)))
	for _, t := range tags {
		vc = binary.LittleEndian.AppendUint32(vc, uint32(len(t)))
		vc = append(vc, t...)
	}
	fw.w.Write([]byte{0x80 | 4, byte(len(vc) >> 16), byte(len(vc) >> 8), byte(len(vc))})
	fw.w.Write(vc)
	return fw, nil
}

// streamInfo returns the STREAMINFO block, header included.
func (fw *Writer) streamInfo() []byte {
	b := make([]byte, 4+34)
	b[0] = 0 // STREAMINFO, not the last block (the tags follow)
	b[3] = 34
	p := b[4:]
	binary.BigEndian.PutUint16(p[0:], flacBlock)
	binary.BigEndian.PutUint16(p[2:], flacBlock)
	// min and max frame size: 0, unknown.
	// 20 bits rate, 3 bits channels-1, 5 bits bps-1, 36 bits samples.
	v := uint64(fw.rate)<<44 | uint64(fw.channels-1)<<41 | uint64(16-1)<<36 | fw.samples&(1<<36-1)
	binary.BigEndian.PutUint64(p[10:], v)
	// MD5: zero, unset.
	return b
}

// Write takes interleaved samples.
func (fw *Writer) Write(pcm []int16) error {
	fw.pending = append(fw.pending, pcm...)
	n := flacBlock * fw.channels
	i := 0
	for ; len(fw.pending)-i >= n; i += n {
		if err := fw.frame(fw.pending[i : i+n]); err != nil {
			return err
		}
	}
	fw.pending = fw.pending[:copy(fw.pending, fw.pending[i:])]
	return nil
}

// Close writes the last frame and the sample count. It does not close f.
func (fw *Writer) Close() error {
	if len(fw.pending) > 0 {
		if err := fw.frame(fw.pending); err != nil {
			return err
		}
	}
	if err := fw.w.Flush(); err != nil {
		return err
	}
	if _, err := fw.f.Seek(fw.infoAt, io.SeekStart); err != nil {
		return err
	}
	if _, err := fw.f.Write(fw.streamInfo()); err != nil {
		return err
	}
	_, err := fw.f.Seek(0, io.SeekEnd)
	return err
}

// frame encodes one block of interleaved samples.
func (fw *Writer) frame(pcm []int16) error {
	n := len(pcm) / fw.channels
	if n == 0 {
		return nil
	}
	if len(fw.ch) != fw.channels {
		fw.ch = make([][]int32, fw.channels)
	}
	ch := fw.ch
	for c := range ch {
		ch[c] = append(ch[c][:0], make([]int32, n)...)
		for i := range n {
			ch[c][i] = int32(pcm[i*fw.channels+c])
		}
	}
	assign := byte(0) // mono
	bps := []uint{16}
	if fw.channels == 2 {
		assign, bps = 1, []uint{16, 16} // left, right
		same := true
		for i := range n {
			if ch[0][i] != ch[1][i] {
				same = false
				break
			}
		}
		if same {
			assign, bps = 8, []uint{16, 17} // left, side (all zero)
			clear(ch[1])
		}
	}
	w := &fw.bw
	w.Buf = w.Buf[:0]
	w.Write(0xFFF8, 16) // sync, fixed block size
	bsCode, bsExtra := uint64(12), -1
	if n != flacBlock {
		bsCode, bsExtra = 7, n-1
	}
	rateCode, rateExtra, rateBits := flacRateCode(fw.rate)
	w.Write(bsCode, 4)
	w.Write(rateCode, 4)
	w.Write(uint64(assign), 4)
	w.Write(4<<1, 4) // 16 bits per sample, reserved 0
	utf8Number(w, fw.frames)
	if bsExtra >= 0 {
		w.Write(uint64(bsExtra), 16)
	}
	if rateBits > 0 {
		w.Write(rateExtra, rateBits)
	}
	hdr := w.Flush()
	w.Buf = append(w.Buf, crc8(hdr))
	for c := range ch {
		fw.subframe(ch[c], bps[c])
	}
	out := w.Flush()
	out = binary.BigEndian.AppendUint16(out, crc16(out))
	w.Buf = out
	fw.frames++
	fw.samples += uint64(n)
	_, err := fw.w.Write(out)
	return err
}

// flacRateCode returns the frame header's sample rate code, and any value
// that follows the header with its width in bits.
func flacRateCode(rate int) (code, extra uint64, bits uint) {
	switch rate {
	case 88200:
		return 1, 0, 0
	case 176400:
		return 2, 0, 0
	case 192000:
		return 3, 0, 0
	case 8000:
		return 4, 0, 0
	case 16000:
		return 5, 0, 0
	case 22050:
		return 6, 0, 0
	case 24000:
		return 7, 0, 0
	case 32000:
		return 8, 0, 0
	case 44100:
		return 9, 0, 0
	case 48000:
		return 10, 0, 0
	case 96000:
		return 11, 0, 0
	}
	if rate <= 0xFFFF {
		return 13, uint64(rate), 16
	}
	return 0, 0, 0 // from STREAMINFO
}

// utf8Number writes a frame number as FLAC's extended UTF-8.
func utf8Number(w *BitWriter, v uint64) {
	if v < 0x80 {
		w.Write(v, 8)
		return
	}
	n := 2 // bytes
	for v >= 1<<(5*n+1) {
		n++
	}
	first := uint64(0xFF<<(8-n)) & 0xFF
	w.Write(first|v>>(6*(n-1)), 8)
	for i := n - 2; i >= 0; i-- {
		w.Write(0x80|(v>>(6*i))&0x3F, 8)
	}
}

// subframe encodes one channel of a block.
func (fw *Writer) subframe(x []int32, bps uint) {
	w := &fw.bw
	constant := true
	for _, v := range x[1:] {
		if v != x[0] {
			constant = false
			break
		}
	}
	if constant {
		w.Write(0, 8) // pad, CONSTANT, no wasted bits
		w.Write(uint64(x[0])&(1<<bps-1), bps)
		return
	}
	// The fixed predictor with the smallest residuals.
	var sums [5]uint64
	for i := 4; i < len(x); i++ {
		d0 := x[i]
		d1 := d0 - x[i-1]
		d2 := d1 - (x[i-1] - x[i-2])
		d3 := d2 - (x[i-1] - 2*x[i-2] + x[i-3])
		d4 := d3 - (x[i-1] - 3*x[i-2] + 3*x[i-3] - x[i-4])
		sums[0] += abs32(d0)
		sums[1] += abs32(d1)
		sums[2] += abs32(d2)
		sums[3] += abs32(d3)
		sums[4] += abs32(d4)
	}
	order := 0
	for o := range sums {
		if sums[o] < sums[order] {
			order = o
		}
	}
	order = min(order, len(x)-1)
	res := fw.res[:0]
	for i := order; i < len(x); i++ {
		res = append(res, Residual(x, i, order))
	}
	fw.res = res
	bits, porder, params := fw.riceChoice(res, len(x), order)
	if verbatim := uint64(len(x)) * uint64(bps); bits+uint64(order)*uint64(bps) >= verbatim {
		w.Write(1<<1, 8) // pad, VERBATIM
		for _, v := range x {
			w.Write(uint64(v)&(1<<bps-1), bps)
		}
		return
	}
	w.Write(uint64(8|order)<<1, 8) // pad, FIXED of order, no wasted bits
	for _, v := range x[:order] {
		w.Write(uint64(v)&(1<<bps-1), bps)
	}
	w.Write(0, 2) // Rice, 4-bit parameters
	w.Write(uint64(porder), 4)
	parts := 1 << porder
	size := len(x) >> porder
	i := 0
	for p := range parts {
		m := size
		if p == 0 {
			m -= order
		}
		k := params[p]
		w.Write(uint64(k), 4)
		for _, r := range res[i : i+m] {
			w.Rice(Zigzag(r), k)
		}
		i += m
	}
}

func abs32(v int32) uint64 {
	if v < 0 {
		return uint64(-int64(v))
	}
	return uint64(v)
}

// Residual returns the residual of sample i of x under FLAC's fixed
// predictor of the given order, 0 to 4 (i >= order).
func Residual(x []int32, i, order int) int32 {
	switch order {
	case 0:
		return x[i]
	case 1:
		return x[i] - x[i-1]
	case 2:
		return x[i] - 2*x[i-1] + x[i-2]
	case 3:
		return x[i] - 3*x[i-1] + 3*x[i-2] - x[i-3]
	default:
		return x[i] - 4*x[i-1] + 6*x[i-2] - 4*x[i-3] + x[i-4]
	}
}

// riceChoice picks the partition order and the Rice parameter of each
// partition that code res (the residuals of a block of n samples after
// order warm-up samples) in the fewest bits, and returns that count. The
// parameters are in fw.params, which the next call reuses.
func (fw *Writer) riceChoice(res []int32, n, order int) (bits uint64, porder int, params []uint) {
	const maxOrder = 6
	// The sums of the finest partitions, then merged two by two.
	finest := 0
	for p := 1; p <= maxOrder && n%(1<<p) == 0 && n>>p > order; p++ {
		finest = p
	}
	sums := fw.sums[:0]
	size := n >> finest
	i := 0
	for q := range 1 << finest {
		m := size
		if q == 0 {
			m -= order
		}
		var sum uint64
		for _, r := range res[i : i+m] {
			sum += Zigzag(r)
		}
		sums = append(sums, sum)
		i += m
	}
	fw.sums = sums
	best := uint64(1<<63 - 1)
	for p := finest; p >= 0; p-- {
		parts := 1 << p
		size := n >> p
		total := uint64(0)
		ks := fw.ks[p][:0]
		for q := range parts {
			m := size
			if q == 0 {
				m -= order
			}
			k, b := riceParam(sums[q], m)
			ks = append(ks, k)
			total += b + 4
		}
		fw.ks[p] = ks
		if total < best {
			best, porder, params = total, p, ks
		}
		for q := range parts / 2 {
			sums[q] = sums[2*q] + sums[2*q+1]
		}
	}
	return best + 6, porder, params
}

// riceParam returns the best Rice parameter (0 to 14) for m values summing
// to sum, and the bits they then take (estimated as if uniform).
func riceParam(sum uint64, m int) (uint, uint64) {
	if m == 0 {
		return 0, 0
	}
	bestK, bestBits := uint(0), uint64(1<<63-1)
	for k := uint(0); k <= 14; k++ {
		b := uint64(m)*(uint64(k)+1) + sum>>k
		if b < bestBits {
			bestK, bestBits = k, b
		}
		if sum>>k == 0 {
			break
		}
	}
	return bestK, bestBits
}

var crc8Table, crc16Table = func() ([256]byte, [256]uint16) {
	var t8 [256]byte
	var t16 [256]uint16
	for i := range 256 {
		c := byte(i)
		for range 8 {
			if c&0x80 != 0 {
				c = c<<1 ^ 0x07
			} else {
				c <<= 1
			}
		}
		t8[i] = c
		d := uint16(i) << 8
		for range 8 {
			if d&0x8000 != 0 {
				d = d<<1 ^ 0x8005
			} else {
				d <<= 1
			}
		}
		t16[i] = d
	}
	return t8, t16
}()

func crc8(b []byte) byte {
	var c byte
	for _, v := range b {
		c = crc8Table[c^v]
	}
	return c
}

// crc16Slices[k][b] is the CRC-16 of byte b followed by k zero bytes, so
// that crc16 takes 8 bytes at a time (slicing-by-8): a third of decoding
// time went into the CRC a byte at a time.
var crc16Slices = func() (t [8][256]uint16) {
	t[0] = crc16Table
	for k := 1; k < 8; k++ {
		for b := range 256 {
			c := t[k-1][b]
			t[k][b] = c<<8 ^ crc16Table[byte(c>>8)]
		}
	}
	return t
}()

func crc16(b []byte) uint16 {
	var c uint16
	t := &crc16Slices
	for len(b) >= 8 {
		c = t[7][b[0]^byte(c>>8)] ^ t[6][b[1]^byte(c)] ^ t[5][b[2]] ^ t[4][b[3]] ^
			t[3][b[4]] ^ t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]]
		b = b[8:]
	}
	for _, v := range b {
		c = c<<8 ^ crc16Table[byte(c>>8)^v]
	}
	return c
}

// Encode returns interleaved 16-bit pcm of the given channels (1 or 2) and
// rate as a FLAC file, as Writer writes it, without tags.
func Encode(pcm []int16, channels, rate int) ([]byte, error) {
	var f memFile
	w, err := NewWriter(&f, channels, rate, nil)
	if err != nil {
		return nil, err
	}
	if err := w.Write(pcm); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return f.b, nil
}

// memFile is an io.WriteSeeker in memory.
type memFile struct {
	b   []byte
	off int
}

func (f *memFile) Write(p []byte) (int, error) {
	if need := f.off + len(p); need > len(f.b) {
		f.b = append(f.b, make([]byte, need-len(f.b))...)
	}
	copy(f.b[f.off:], p)
	f.off += len(p)
	return len(p), nil
}

func (f *memFile) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += int64(f.off)
	case io.SeekEnd:
		offset += int64(len(f.b))
	}
	if offset < 0 {
		return 0, fmt.Errorf("flac: seek to %d", offset)
	}
	f.off = int(offset)
	return offset, nil
}
