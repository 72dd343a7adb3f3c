// Package mp3 decodes MP3 files sample-exactly and encodes them with lame.
//
// Decoding is go-mp3's, trimmed to be sample exact: with a LAME tag
// (written by lame and by ffmpeg's libmp3lame), the silent Info frame, the
// encoder delay, the decoder delay and the padding are removed, so the
// samples have the length and timing of the PCM that was encoded. Without
// a LAME tag the encoder delay and padding are unknown: the Xing/VBRI frame
// (if any) and the 529-sample decoder delay are removed and the rest kept
// (for a tag-less LAME file the sound then starts 576 samples late and is
// followed by up to one frame of silence). Only complete, consistent frames
// are handed to go-mp3, which keeps it away from most malformed input.
package mp3

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	gomp3 "github.com/hajimehoshi/go-mp3"
)

// decoderDelay is the delay, in samples, of the MP3 synthesis filterbank
// (528 samples) plus the one-sample offset every gapless decoder applies
// (LAME, mpg123, ffmpeg all use 529). Measured with go-mp3 v0.3.4: an
// impulse at sample i of a LAME-encoded file comes out at
// frameSamples + encoderDelay + 529 + i, where frameSamples is the silent
// frame go-mp3 decodes from the Xing/Info header.
const decoderDelay = 529

// ErrNotMP3 is returned for input that holds no MP3 frames.
var ErrNotMP3 = errors.New("not an MP3 file")

// mp3Frame is what Decode needs from an MPEG audio frame header.
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

// mp3Error describes a header that is an MPEG audio frame Decode cannot
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
			return l, ErrNotMP3
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

// Decode decodes and trims an MP3 file to mono 16-bit samples at its own
// rate, and returns the rate: see the package doc.
//
// It reads go-mp3 directly rather than through beep's mp3 package, whose
// Stream calls go-mp3 once per sample and converts each sample with
// math.Exp2: a sixth of the time of a whole render. The two channels are
// averaged, rounding half away from zero (a mono file's two are the same).
func Decode(data []byte) (pcm []int16, rate int, err error) {
	l, err := scanMP3(data)
	if err != nil {
		return nil, 0, err
	}
	skip, n := l.span()
	// go-mp3 indexes tables with values read from the file and may panic on
	// a malformed frame; recover is used only around this third-party
	// decoder, to turn such a panic into an error.
	defer func() {
		if r := recover(); r != nil {
			pcm, err = nil, fmt.Errorf("corrupt MP3 data (decoder failed: %v)", r)
		}
	}()
	// Not an io.Seeker: go-mp3 would read every frame header up front to
	// learn a length that scanMP3 already knows.
	d, err := gomp3.NewDecoder(struct{ io.Reader }{bytes.NewReader(data[l.start:l.end])})
	if err != nil {
		return nil, 0, corrupt(err)
	}
	pcm = make([]int16, 0, n)
	buf := make([]byte, 4*4096) // stereo 16-bit frames
	pos := 0                    // frames decoded
	have := 0                   // bytes in buf
	for len(pcm) < n {
		k, err := d.Read(buf[have:])
		have += k
		frames := buf[:have-have%4]
		for i := 0; i+3 < len(frames) && len(pcm) < n; i += 4 {
			if pos >= skip {
				left, right := int16(binary.LittleEndian.Uint16(frames[i:])), int16(binary.LittleEndian.Uint16(frames[i+2:]))
				pcm = append(pcm, average(int32(left)+int32(right)))
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
	if len(pcm) < n {
		return nil, 0, fmt.Errorf("corrupt MP3 data: decoded %d of %d samples", len(pcm), n)
	}
	return pcm, d.SampleRate(), nil
}

// average returns the mean of two 16-bit samples whose sum is s, rounded
// half away from zero.
func average(s int32) int16 {
	if s < 0 {
		return int16((s - 1) / 2)
	}
	return int16((s + 1) / 2)
}

// Samples returns how many samples per channel, and at what rate, data
// decodes to, reading only its frame headers.
func Samples(data []byte) (n, rate int, err error) {
	l, err := scanMP3(data)
	if err != nil {
		return 0, 0, err
	}
	_, n = l.span()
	return n, l.first.rate, nil
}

// corrupt reports a go-mp3 error, without the "mp3: " that go-mp3
// prefixes.
func corrupt(err error) error {
	msg := err.Error()
	for strings.HasPrefix(msg, "mp3: ") {
		msg = msg[len("mp3: "):]
	}
	return fmt.Errorf("corrupt MP3 data: %s", msg)
}
