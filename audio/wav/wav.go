// Package wav reads and writes RIFF WAVE files: every integer and float
// PCM format in, mixed down to mono 16-bit samples (16-bit data exactly,
// other widths through dsp.ToInt16); 16-bit PCM out, whole or streamed.
package wav

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/stretchguide/guide/audio/dsp"
)

// Decode decodes a RIFF WAVE file to mono 16-bit samples at its own rate
// (see the package doc for how other formats become 16 bits), and returns
// the rate. It is its own parser rather than beep/wav, which loops forever
// on a truncated data chunk, divides by a zero block size and reads no
// float WAV.
func Decode(data []byte) (pcm []int16, rate int, err error) {
	if !IsWAV(data) {
		return nil, 0, errors.New("not a WAV file")
	}
	var (
		format, channels, bits, block int
		haveFmt                       bool
		body                          []byte
		truncated                     bool
	)
	le := binary.LittleEndian
	for p := 12; p+8 <= len(data); {
		id, size := string(data[p:p+4]), int(le.Uint32(data[p+4:]))
		chunk := data[p+8:]
		if size > len(chunk) {
			if id != "data" {
				return nil, 0, fmt.Errorf("truncated in its %q chunk", id)
			}
			size, truncated = len(chunk)-len(chunk)%max(block, 1), true
		}
		chunk = chunk[:size]
		switch id {
		case "fmt ":
			if size < 16 {
				return nil, 0, errors.New("malformed WAV fmt chunk")
			}
			format = int(le.Uint16(chunk))
			channels = int(le.Uint16(chunk[2:]))
			rate = int(le.Uint32(chunk[4:]))
			block = int(le.Uint16(chunk[12:]))
			bits = int(le.Uint16(chunk[14:]))
			if format == 0xfffe && size >= 40 { // WAVE_FORMAT_EXTENSIBLE: the sub-format GUID starts with the format
				format = int(le.Uint16(chunk[24:]))
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return nil, 0, errors.New("WAV data chunk before its fmt chunk")
			}
			body = chunk
		}
		if body != nil {
			break
		}
		p += 8 + size + size&1
	}
	switch {
	case !haveFmt:
		return nil, 0, errors.New("WAV file without a fmt chunk")
	case body == nil:
		return nil, 0, errors.New("WAV file without a data chunk")
	case format != 1 && format != 3:
		return nil, 0, fmt.Errorf("WAV format %#x is not supported; want PCM or IEEE float", format)
	case channels < 1 || channels > 32:
		return nil, 0, fmt.Errorf("WAV file with %d channels", channels)
	case rate < 4000 || rate > 384000:
		return nil, 0, fmt.Errorf("WAV sample rate %d Hz is not supported", rate)
	case format == 1 && bits != 8 && bits != 16 && bits != 24 && bits != 32,
		format == 3 && bits != 32 && bits != 64:
		return nil, 0, fmt.Errorf("%d-bit WAV (format %d) is not supported", bits, format)
	case block != channels*bits/8:
		return nil, 0, fmt.Errorf("WAV block size %d does not match %d channels of %d bits", block, channels, bits)
	}
	n := len(body) / block
	if truncated {
		return nil, 0, fmt.Errorf("truncated after %d samples", n)
	}
	width := bits / 8
	pcm = make([]int16, n)
	if format == 1 && width == 2 {
		// 16-bit: exact, and channels averaged with rounding half away
		// from zero.
		for i := range pcm {
			fr := body[i*block:]
			var sum int32
			for ch := range channels {
				sum += int32(int16(le.Uint16(fr[2*ch:])))
			}
			pcm[i] = average(sum, channels)
		}
		return pcm, rate, nil
	}
	sample := func(b []byte) float64 {
		switch {
		case format == 3 && width == 4:
			return float64(math.Float32frombits(le.Uint32(b)))
		case format == 3:
			return math.Float64frombits(le.Uint64(b))
		case width == 1:
			return (float64(b[0]) - 128) / 128
		case width == 3:
			return float64(int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24)) / (1 << 31)
		default:
			return float64(int32(le.Uint32(b))) / (1 << 31)
		}
	}
	for i := range pcm {
		fr := body[i*block:]
		var sum float64
		for ch := range channels {
			sum += sample(fr[ch*width:])
		}
		v := sum / float64(channels)
		if v != v { // NaN
			v = 0
		}
		pcm[i] = dsp.ToInt16(float32(v))
	}
	return pcm, rate, nil
}

// average returns sum/n rounded half away from zero.
func average(sum int32, n int) int16 {
	if n == 1 {
		return int16(sum)
	}
	h := int32(n) / 2
	if sum < 0 {
		h = -h
	}
	return int16((sum + h) / int32(n))
}

// Duration reads how long a WAV file lasts from its header, without
// decoding it, and false when it cannot tell.
func Duration(data []byte) (time.Duration, bool) {
	if !IsWAV(data) {
		return 0, false
	}
	le := binary.LittleEndian
	var rate, block int
	for p := 12; p+8 <= len(data); {
		id, size := string(data[p:p+4]), int(le.Uint32(data[p+4:]))
		switch {
		case id == "fmt " && p+8+16 <= len(data):
			rate, block = int(le.Uint32(data[p+12:])), int(le.Uint16(data[p+20:]))
		case id == "data" && rate > 0 && block > 0:
			size = min(size, len(data)-p-8)
			return time.Duration(int64(size/block) * int64(time.Second) / int64(rate)), true
		}
		p += 8 + size + size&1
	}
	return 0, false
}

// Writer writes a 16-bit PCM WAV file as samples come, filling in the
// sizes on Close.
type Writer struct {
	f        io.WriterAt
	w        *bufio.Writer
	channels int
	rate     int
	bytes    int64
}

// NewWriter starts a WAV file of 16-bit samples of the given channels at
// rate Hz on f, which must be at its start.
func NewWriter(f interface {
	io.Writer
	io.WriterAt
}, channels, rate int) (*Writer, error) {
	w := &Writer{f: f, w: bufio.NewWriterSize(f, 1<<20), channels: channels, rate: rate}
	if _, err := w.w.Write(w.header(rate, 0)); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *Writer) header(rate int, data int64) []byte { return Header(w.channels, rate, data) }

// Header returns the 44-byte header of a 16-bit PCM WAV file of data
// bytes of sound, for a stream whose length is known before it is written.
func Header(channels, rate int, data int64) []byte {
	h := make([]byte, 44)
	le := binary.LittleEndian
	copy(h[0:], "RIFF")
	le.PutUint32(h[4:], uint32(36+data))
	copy(h[8:], "WAVEfmt ")
	le.PutUint32(h[16:], 16)
	le.PutUint16(h[20:], 1) // PCM
	le.PutUint16(h[22:], uint16(channels))
	le.PutUint32(h[24:], uint32(rate))
	le.PutUint32(h[28:], uint32(rate*channels*2))
	le.PutUint16(h[32:], uint16(channels*2))
	le.PutUint16(h[34:], 16)
	copy(h[36:], "data")
	le.PutUint32(h[40:], uint32(data))
	return h
}

// Write writes interleaved samples as little-endian 16-bit bytes (as
// AppendS16LE and AppendMono make them).
func (w *Writer) Write(b []byte) error {
	w.bytes += int64(len(b))
	_, err := w.w.Write(b)
	return err
}

// AppendMono appends mono samples x, each rounded to 16 bits as
// dsp.ToInt16 does, to b as little-endian frames of the given channels (1
// or 2), x on each: the rounded samples, interleaved, as AppendS16LE
// would append them, in one pass.
func AppendMono(b []byte, x []float32, channels int) []byte {
	n := len(b)
	size := 2 * channels * len(x)
	b = slices.Grow(b, size)[:n+size]
	out := b[n:]
	if channels == 1 {
		for i, v := range x {
			binary.LittleEndian.PutUint16(out[2*i:], uint16(dsp.ToInt16(v)))
		}
		return b
	}
	for i, v := range x {
		q := uint32(uint16(dsp.ToInt16(v)))
		binary.LittleEndian.PutUint32(out[4*i:], q|q<<16)
	}
	return b
}

// AppendS16LE appends pcm to b as little-endian 16-bit samples, two at a time.
func AppendS16LE(b []byte, pcm []int16) []byte {
	n := len(b)
	b = slices.Grow(b, 2*len(pcm))[:n+2*len(pcm)]
	out := b[n:]
	i := 0
	for ; i+1 < len(pcm); i += 2 {
		binary.LittleEndian.PutUint32(out[2*i:], uint32(uint16(pcm[i]))|uint32(uint16(pcm[i+1]))<<16)
	}
	if i < len(pcm) {
		binary.LittleEndian.PutUint16(out[2*i:], uint16(pcm[i]))
	}
	return b
}

// Close writes what is buffered and the sizes. It does not close f.
func (w *Writer) Close() error {
	if err := w.w.Flush(); err != nil {
		return err
	}
	_, err := w.f.WriteAt(w.header(w.rate, w.bytes), 0)
	return err
}

// Encode returns pcm, interleaved 16-bit samples of the given channels at
// rate Hz, as a WAV file.
func Encode(pcm []int16, channels, rate int) []byte {
	return AppendS16LE(Header(channels, rate, int64(2*len(pcm))), pcm)
}

// IsWAV reports whether data starts like a RIFF WAVE file.
func IsWAV(data []byte) bool {
	return len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WAVE"
}
