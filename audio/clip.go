package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/gopxl/beep/v2"
	gomp3 "github.com/hajimehoshi/go-mp3"

	"github.com/stretchguide/guide/script"
)

// Clip is a decoded voice clip: mono samples at script.Rate, in [-1, 1].
type Clip []float32

// decoderDelay is the delay, in samples, of the MP3 synthesis filterbank
// (528 samples) plus the one-sample offset every gapless decoder applies
// (LAME, mpg123, ffmpeg all use 529). Measured with go-mp3 v0.3.4: an
// impulse at sample i of a LAME-encoded file comes out at
// frameSamples + encoderDelay + 529 + i, where frameSamples is the silent
// frame go-mp3 decodes from the Xing/Info header.
const decoderDelay = 529

// resampleQuality is the beep.Resample quality used for clips not at
// script.Rate. Clips are resampled once, at load time, so a quality above the
// real-time range is affordable; the built-in pack is encoded at 44100 Hz and
// never takes this path.
const resampleQuality = 6

// maxSamples bounds a decoded clip (10 minutes at 48 kHz), so that a corrupt
// header cannot make DecodeClip allocate gigabytes.
const maxSamples = 10 * 60 * 48000

// DecodeClip decodes an MP3 (or a WAV, by content sniffing) clip. name is used only in error messages.
//
// MP3 is decoded with go-mp3 and trimmed to be sample
// exact: with a LAME tag (written by lame and by ffmpeg's libmp3lame), the
// silent Info frame, the encoder delay, the decoder delay and the padding
// are removed, so the clip has the length and timing of the PCM that was
// encoded. Without a LAME tag the encoder delay and padding are unknown:
// DecodeClip then removes the Xing/VBRI frame if there is one and the
// 529-sample decoder delay, and keeps the rest (for a tag-less LAME file the
// sound then starts 576 samples late and is followed by up to one frame
// of silence).
//
// WAV files may be 8, 16, 24 or 32-bit integer PCM or 32 or 64-bit float.
// Stereo and multi-channel clips are mixed down to mono by averaging;
// clips at another rate are resampled to script.Rate.
func DecodeClip(name string, data []byte) (Clip, error) {
	var (
		c    []float32
		rate int
		err  error
	)
	switch {
	case len(data) == 0:
		return nil, fmt.Errorf("audio: %s: empty file", name)
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WAVE":
		c, rate, err = decodeWAV(data)
	default:
		c, rate, err = decodeMP3(data)
	}
	if err != nil {
		return nil, fmt.Errorf("audio: %s: %w", name, err)
	}
	if len(c) == 0 {
		return nil, fmt.Errorf("audio: %s: no samples", name)
	}
	if rate != script.Rate {
		c = resample(c, rate, script.Rate)
	}
	return Clip(c), nil
}

// errNotAudio is returned for input that is neither MP3 nor WAV.
var errNotAudio = errors.New("not an MP3 or WAV file")

// mp3Frame is what DecodeClip needs from an MPEG audio frame header.
type mp3Frame struct {
	mpeg1    bool // MPEG-1 (32, 44.1, 48 kHz), else MPEG-2 (16, 22.05, 24 kHz)
	layer    int  // 1, 2 or 3
	crc      bool // a 16-bit CRC follows the header
	mono     bool
	rate     int // sample rate in Hz
	size     int // frame length in bytes, header included
	samples  int // samples per channel: 1152 (MPEG-1) or 576 (MPEG-2)
	sideInfo int // side information length in bytes
}

var (
	mp3Bitrates = [2][16]int{ // kbit/s, layer 3; [0] MPEG-1, [1] MPEG-2
		{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1},
		{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1},
	}
	mp3Rates = [2][4]int{{44100, 48000, 32000, 0}, {22050, 24000, 16000, 0}}
)

// mp3Error describes a header that is an MPEG audio frame DecodeClip cannot
// decode, as opposed to bytes that are not a frame header at all.
type mp3Error string

func (e mp3Error) Error() string { return string(e) }

// parseMP3Header reads the 4-byte frame header at b. It returns ok false
// when b does not start with a frame header, and an mp3Error for MPEG audio
// go-mp3 cannot decode (layers 1 and 2, MPEG-2.5, free format).
func parseMP3Header(b []byte) (f mp3Frame, ok bool, err error) {
	if len(b) < 4 || b[0] != 0xff || b[1]&0xe0 != 0xe0 {
		return f, false, nil
	}
	version := b[1] >> 3 & 3    // 0 MPEG-2.5, 1 reserved, 2 MPEG-2, 3 MPEG-1
	layer := 4 - int(b[1]>>1&3) // 4 is reserved
	bitrate := b[2] >> 4
	rateIndex := b[2] >> 2 & 3
	if version == 1 || layer == 4 || bitrate == 15 || rateIndex == 3 || b[3]&3 == 2 {
		return f, false, nil
	}
	switch {
	case version == 0:
		return f, true, mp3Error("MPEG-2.5 audio (8 to 12 kHz) is not supported; encode at 16 kHz or more")
	case layer != 3:
		return f, true, mp3Error(fmt.Sprintf("MPEG layer %d audio is not supported; want MP3 (layer 3)", layer))
	case bitrate == 0:
		return f, true, mp3Error("free-format MP3 is not supported")
	}
	lsf := 0
	if version == 2 {
		lsf = 1
	}
	f = mp3Frame{
		mpeg1:   lsf == 0,
		layer:   layer,
		crc:     b[1]&1 == 0,
		mono:    b[3]>>6 == 3,
		rate:    mp3Rates[lsf][rateIndex],
		samples: 1152 >> lsf,
	}
	pad := int(b[2] >> 1 & 1)
	f.size = (144*1000*mp3Bitrates[lsf][bitrate]/f.rate)>>lsf + pad
	switch {
	case f.mpeg1 && f.mono:
		f.sideInfo = 17
	case f.mpeg1:
		f.sideInfo = 32
	case f.mono:
		f.sideInfo = 9
	default:
		f.sideInfo = 17
	}
	return f, true, nil
}

// sameStream reports whether g can follow f in one stream.
func (f mp3Frame) sameStream(g mp3Frame) bool {
	return f.mpeg1 == g.mpeg1 && f.rate == g.rate && f.mono == g.mono
}

// mp3Layout is the frame structure of an MP3 file.
type mp3Layout struct {
	first     mp3Frame
	start     int  // offset of the first frame
	end       int  // offset just past the last complete frame
	frames    int  // complete frames, the info frame included
	info      bool // the first frame is a Xing, Info or VBRI header, decoded as silence
	lame      bool // the info frame has a LAME tag: delay and padding are known
	delay     int  // encoder delay in samples, from the LAME tag
	padding   int  // encoder padding in samples, from the LAME tag
	tagFrames int  // audio frames the Xing header announces, 0 when unknown
}

// skipID3v2 returns the offset just past an ID3v2 tag at the start of data,
// or 0 when there is none.
func skipID3v2(data []byte) (int, error) {
	if len(data) < 10 || string(data[:3]) != "ID3" {
		return 0, nil
	}
	sz := data[6:10]
	if (sz[0]|sz[1]|sz[2]|sz[3])&0x80 != 0 {
		return 0, errors.New("malformed ID3v2 tag")
	}
	n := 10 + (int(sz[0])<<21 | int(sz[1])<<14 | int(sz[2])<<7 | int(sz[3]))
	if data[5]&0x10 != 0 { // footer present
		n += 10
	}
	if n > len(data) {
		return 0, fmt.Errorf("truncated in its ID3v2 tag (%d of %d bytes)", len(data), n)
	}
	return n, nil
}

// scanMP3 finds the frames of an MP3 file and reads its Xing/Info and LAME
// tags. It never hands go-mp3 anything but a run of complete, consistent
// frames, which keeps the decoder away from most malformed input.
func scanMP3(data []byte) (mp3Layout, error) {
	var l mp3Layout
	off, err := skipID3v2(data)
	if err != nil {
		return l, err
	}
	// A file that starts with a frame header (after an ID3v2 tag and its
	// zero padding) is taken as MP3, and any damage further on is reported
	// as such. Otherwise some junk is allowed before the first frame, but
	// only a header followed by another header of the same stream counts,
	// so that random bytes are not taken for MP3.
	for off < len(data) && data[off] == 0 {
		off++
	}
	f, ok, err := parseMP3Header(data[off:])
	if err != nil {
		return l, err
	}
	if ok {
		l.first, l.start = f, off
	} else {
		const maxJunk = 64 << 10
		for limit := min(len(data), off+maxJunk); off < limit && !ok; off++ {
			f, ok, err = parseMP3Header(data[off:])
			if ok && err == nil {
				next := off + f.size
				g, ok2, _ := parseMP3Header(data[min(next, len(data)):])
				ok = next == len(data) || ok2 && f.sameStream(g)
			} else {
				ok = false
			}
			if ok {
				l.first, l.start = f, off
			}
		}
		if !ok {
			return l, errNotAudio
		}
	}
	off = l.start
	for off < len(data) {
		f, ok, err := parseMP3Header(data[off:])
		if !ok || err != nil || !l.first.sameStream(f) {
			break
		}
		if off+f.size > len(data) {
			return l, fmt.Errorf("truncated after %d frames", l.frames)
		}
		off += f.size
		l.frames++
	}
	l.end = off
	if rest := data[off:]; len(rest) > 0 && !isTrailer(rest) {
		if len(rest) < 4 && rest[0] == 0xff {
			return l, fmt.Errorf("truncated after %d frames", l.frames)
		}
		return l, fmt.Errorf("unexpected data at byte %d, after %d frames", off, l.frames)
	}
	l.readInfo(data[l.start : l.start+l.first.size])
	if l.info && l.tagFrames > 0 && l.frames-1 < l.tagFrames {
		return l, fmt.Errorf("truncated after %d audio frames (the Xing header announces %d)", l.frames-1, l.tagFrames)
	}
	return l, nil
}

// isTrailer reports whether b (the bytes after the last frame) is a tag
// that may end an MP3 file: ID3v1, APE or Lyrics3.
func isTrailer(b []byte) bool {
	for _, tag := range []string{"TAG", "APETAGEX", "LYRICSBEGIN", "ID3"} {
		if bytes.HasPrefix(b, []byte(tag)) {
			return true
		}
	}
	return false
}

// readInfo reads the Xing/Info (with its LAME tag) or VBRI header from the
// first frame, fr.
func (l *mp3Layout) readInfo(fr []byte) {
	// The Xing header follows the side information. lame and ffmpeg put it
	// there even in CRC-protected frames, ignoring the 2 CRC bytes; accept
	// it after the CRC too.
	at := 4 + l.first.sideInfo
	if l.first.crc && len(fr) >= at+6 && string(fr[at:at+4]) != "Xing" && string(fr[at:at+4]) != "Info" {
		at += 2
	}
	if len(fr) >= 36+26 && string(fr[36:40]) == "VBRI" {
		l.info = true
		l.tagFrames = int(binary.BigEndian.Uint32(fr[36+14:]))
		return
	}
	if len(fr) < at+8 || (string(fr[at:at+4]) != "Xing" && string(fr[at:at+4]) != "Info") {
		return
	}
	l.info = true
	flags := binary.BigEndian.Uint32(fr[at+4:])
	p := at + 8
	if flags&1 != 0 && len(fr) >= p+4 {
		l.tagFrames = int(binary.BigEndian.Uint32(fr[p:]))
		p += 4
	}
	if flags&2 != 0 {
		p += 4 // stream bytes
	}
	if flags&4 != 0 {
		p += 100 // seek table
	}
	if flags&8 != 0 {
		p += 4 // VBR quality
	}
	// The LAME tag: 9 bytes of encoder name, ..., then delay and padding,
	// 12 bits each, at bytes 21 to 23. ffmpeg writes it with its own name.
	if len(fr) < p+24 {
		return
	}
	enc := string(fr[p : p+4])
	if enc != "LAME" && enc != "Lavc" && enc != "Lavf" && enc != "L3.9" {
		return
	}
	l.lame = true
	l.delay = int(fr[p+21])<<4 | int(fr[p+22])>>4
	l.padding = int(fr[p+22]&0x0f)<<8 | int(fr[p+23])
}

// span returns the samples of go-mp3's output to keep: skip them, then keep n.
func (l *mp3Layout) span() (skip, n int) {
	total := l.frames * l.first.samples
	switch {
	case l.lame:
		skip = l.first.samples + l.delay + decoderDelay
		n = (l.frames-1)*l.first.samples - l.delay - l.padding
	case l.info:
		skip = l.first.samples + decoderDelay
		n = total - skip
	default:
		skip = decoderDelay
		n = total - skip
	}
	n = max(0, min(n, total-skip))
	return skip, n
}

// decodeMP3 decodes and trims an MP3 file to mono samples at its own rate.
//
// It reads go-mp3 directly rather than through beep's mp3 package, whose
// Stream calls go-mp3 once per sample and converts each sample with
// math.Exp2: a sixth of the time of a whole render. The samples are the
// same: 16-bit values over 32768, the two channels averaged.
func decodeMP3(data []byte) (c []float32, rate int, err error) {
	l, err := scanMP3(data)
	if err != nil {
		return nil, 0, err
	}
	skip, n := l.span()
	if n > maxSamples {
		return nil, 0, fmt.Errorf("%d samples is too long for a clip", n)
	}
	// go-mp3 indexes tables with values read from the file and may panic on
	// a malformed frame; recover is used only around this third-party
	// decoder, to turn such a panic into an error.
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("corrupt MP3 data (decoder failed: %v)", r)
		}
	}()
	// Not an io.Seeker: go-mp3 would read every frame header up front to
	// learn a length that scanMP3 already knows.
	d, err := gomp3.NewDecoder(struct{ io.Reader }{bytes.NewReader(data[l.start:l.end])})
	if err != nil {
		return nil, 0, corrupt(err)
	}
	c = make([]float32, 0, n)
	buf := make([]byte, 4*4096) // stereo 16-bit frames
	pos := 0                    // frames decoded
	have := 0                   // bytes in buf
	for len(c) < n {
		k, err := d.Read(buf[have:])
		have += k
		frames := buf[:have-have%4]
		for i := 0; i+3 < len(frames) && len(c) < n; i += 4 {
			if pos >= skip {
				left, right := int16(binary.LittleEndian.Uint16(frames[i:])), int16(binary.LittleEndian.Uint16(frames[i+2:]))
				c = append(c, float32(float64(int32(left)+int32(right))/65536))
			}
			pos++
		}
		have = copy(buf, buf[len(frames):have])
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, corrupt(err)
		}
	}
	if len(c) < n {
		return nil, 0, fmt.Errorf("corrupt MP3 data: decoded %d of %d samples", len(c), n)
	}
	return c, d.SampleRate(), nil
}

// corrupt reports a go-mp3 error, without the "mp3: mp3: " that beep and
// go-mp3 both prefix.
func corrupt(err error) error {
	msg := err.Error()
	for strings.HasPrefix(msg, "mp3: ") {
		msg = msg[len("mp3: "):]
	}
	return fmt.Errorf("corrupt MP3 data: %s", msg)
}

// decodeWAV decodes a RIFF WAVE file to mono samples at its own rate. It is
// its own parser rather than beep/wav, which loops forever on a truncated
// data chunk, divides by a zero block size and reads no float WAV.
func decodeWAV(data []byte) ([]float32, int, error) {
	var (
		format, channels, bits, block int
		rate                          int
		haveFmt                       bool
		pcm                           []byte
		truncated                     bool
	)
	le := binary.LittleEndian
	for p := 12; p+8 <= len(data); {
		id, size := string(data[p:p+4]), int(le.Uint32(data[p+4:]))
		body := data[p+8:]
		if size > len(body) {
			if id != "data" {
				return nil, 0, fmt.Errorf("truncated in its %q chunk", id)
			}
			size, truncated = len(body)-len(body)%max(block, 1), true
		}
		body = body[:size]
		switch id {
		case "fmt ":
			if size < 16 {
				return nil, 0, errors.New("malformed WAV fmt chunk")
			}
			format = int(le.Uint16(body))
			channels = int(le.Uint16(body[2:]))
			rate = int(le.Uint32(body[4:]))
			block = int(le.Uint16(body[12:]))
			bits = int(le.Uint16(body[14:]))
			if format == 0xfffe && size >= 40 { // WAVE_FORMAT_EXTENSIBLE: the sub-format GUID starts with the format
				format = int(le.Uint16(body[24:]))
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return nil, 0, errors.New("WAV data chunk before its fmt chunk")
			}
			pcm = body
		}
		if pcm != nil {
			break
		}
		p += 8 + size + size&1
	}
	switch {
	case !haveFmt:
		return nil, 0, errors.New("WAV file without a fmt chunk")
	case pcm == nil:
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
	n := len(pcm) / block
	if truncated {
		return nil, 0, fmt.Errorf("truncated after %d samples", n)
	}
	if n > maxSamples {
		return nil, 0, fmt.Errorf("%d samples is too long for a clip", n)
	}
	width := bits / 8
	sample := func(b []byte) float64 {
		switch {
		case format == 3 && width == 4:
			return float64(math.Float32frombits(le.Uint32(b)))
		case format == 3:
			return math.Float64frombits(le.Uint64(b))
		case width == 1:
			return (float64(b[0]) - 128) / 128
		case width == 2:
			return float64(int16(le.Uint16(b))) / (1 << 15)
		case width == 3:
			return float64(int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24)) / (1 << 31)
		default:
			return float64(int32(le.Uint32(b))) / (1 << 31)
		}
	}
	c := make([]float32, n)
	for i := range c {
		fr := pcm[i*block:]
		var sum float64
		for ch := range channels {
			sum += sample(fr[ch*width:])
		}
		c[i] = clamp(sum / float64(channels))
	}
	return c, rate, nil
}

// clamp converts v to a sample in [-1, 1]; NaN becomes 0.
func clamp(v float64) float32 {
	switch {
	case v > 1:
		return 1
	case v < -1:
		return -1
	case v != v:
		return 0
	}
	return float32(v)
}

// monoStreamer streams a mono clip as beep's stereo frames.
type monoStreamer struct{ c []float32 }

func (m *monoStreamer) Stream(samples [][2]float64) (int, bool) {
	if len(m.c) == 0 {
		return 0, false
	}
	n := min(len(samples), len(m.c))
	for i, v := range m.c[:n] {
		samples[i] = [2]float64{float64(v), float64(v)}
	}
	m.c = m.c[n:]
	return n, true
}

func (m *monoStreamer) Err() error { return nil }

// resample converts c from rate from to rate to. The result has
// round(len(c) * to / from) samples, and sample i of c lands at
// i * to / from: beep's Lagrange resampler adds no delay.
func resample(c []float32, from, to int) []float32 {
	want := int((int64(len(c))*int64(to) + int64(from)/2) / int64(from))
	r := beep.Resample(resampleQuality, beep.SampleRate(from), beep.SampleRate(to), &monoStreamer{c})
	out := make([]float32, 0, want)
	buf := make([][2]float64, 4096)
	for len(out) < want {
		k, ok := r.Stream(buf[:min(len(buf), want-len(out))])
		for _, v := range buf[:k] {
			out = append(out, clamp(v[0]))
		}
		if !ok {
			break
		}
	}
	for len(out) < want { // the resampler may stop a sample short of the rounded length
		out = append(out, 0)
	}
	return out
}
