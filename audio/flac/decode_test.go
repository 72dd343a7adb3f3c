package flac

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchguide/guide/internal/testtool"
)

// rawFile writes interleaved samples of the given width as a raw
// little-endian file and returns its path.
func rawFile(t *testing.T, pcm []int32, width int) string {
	t.Helper()
	var b []byte
	for _, v := range pcm {
		switch width {
		case 8:
			b = append(b, byte(v))
		case 16:
			b = binary.LittleEndian.AppendUint16(b, uint16(v))
		case 24:
			b = append(b, byte(v), byte(v>>8), byte(v>>16))
		}
	}
	path := filepath.Join(t.TempDir(), "x.raw")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// widen returns signal's samples as int32s of width bits (the 16-bit
// signal shifted, with low bits filled in for 24 bits).
func widen(pcm []int16, width int) []int32 {
	out := make([]int32, len(pcm))
	for i, v := range pcm {
		switch width {
		case 8:
			out[i] = int32(v) >> 8
		case 16:
			out[i] = int32(v)
		case 24:
			out[i] = int32(v)<<8 | int32(i*37&0xFF)
		}
	}
	return out
}

// want returns what Decode should give for samples of width bits.
func want(x []int32, width int) []int16 {
	out := make([]int16, len(x))
	for i, v := range x {
		if width > 16 {
			out[i] = int16(v >> (width - 16))
		} else {
			out[i] = int16(v << (16 - width))
		}
	}
	return out
}

func decodeFile(t *testing.T, path string) ([]int16, int, int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pcm, ch, rate, err := Decode(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return pcm, ch, rate
}

func firstDiff(a, b []int16) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d samples, want %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			return fmt.Sprintf("sample %d = %d, want %d", i, a[i], b[i])
		}
	}
	return ""
}

// TestDecodeOwnWriter: what guide's writer writes comes back exactly,
// mono and stereo (left/right and left/side frames), at sizes that are no
// multiple of the block.
func TestDecodeOwnWriter(t *testing.T) {
	for _, channels := range []int{1, 2} {
		n := 7*flacBlock + 321
		pcm := signal(n, channels, 9)
		if channels == 2 {
			for i := 3 * flacBlock; i < 4*flacBlock; i++ {
				pcm[2*i+1] = pcm[2*i]
			}
		}
		got, ch, rate := decodeFile(t, write(t, pcm, channels, 22050, []string{"TITLE=x"}, 4000))
		if ch != channels || rate != 22050 {
			t.Errorf("%d channels: read %d channels at %d Hz", channels, ch, rate)
		}
		if d := firstDiff(got, pcm); d != "" {
			t.Errorf("%d channels: %s", channels, d)
		}
	}
}

// TestDecodeFFmpeg decodes what ffmpeg's encoder writes at every
// compression level (levels 3 and up use LPC; stereo is coded left/side,
// side/right or mid/side, whichever is smallest), at 8, 16 and 24 bits, and
// checks the samples against what was encoded.
func TestDecodeFFmpeg(t *testing.T) {
	ffmpeg := testtool.Need(t, "ffmpeg", "ffmpeg")
	pcm := signal(5*flacBlock+77, 2, 4)
	// Make the channels related, as music is, so every stereo mode is worth using.
	for i := 0; i < len(pcm); i += 2 {
		if i/2/flacBlock%2 == 0 {
			pcm[i+1] = pcm[i]/2 + int16(i%7)
		}
	}
	for _, tc := range []struct {
		width    int
		fmt, enc string
		levels   []string
	}{
		{16, "s16le", "s16", []string{"0", "2", "5", "8", "12"}},
		{24, "s24le", "s32", []string{"0", "5", "8"}},
		{8, "u8", "s16", []string{"5"}},
	} {
		x := widen(pcm, tc.width)
		raw := x
		if tc.width == 8 {
			raw = make([]int32, len(x))
			for i, v := range x {
				raw[i] = v + 128 // unsigned
			}
		}
		in := rawFile(t, raw, tc.width)
		for _, channels := range []int{1, 2} {
			for _, level := range tc.levels {
				out := filepath.Join(t.TempDir(), "x.flac")
				args := []string{"-v", "error", "-f", tc.fmt, "-ar", "44100", "-ac", "2", "-i", in,
					"-ac", strconv.Itoa(channels), "-c:a", "flac", "-sample_fmt", tc.enc, "-compression_level", level}
				if tc.width == 24 {
					args = append(args, "-bits_per_raw_sample", "24")
				}
				args = append(args, "-y", out)
				if b, err := exec.Command(ffmpeg, args...).CombinedOutput(); err != nil {
					t.Fatalf("ffmpeg %v: %v\n%s", args, err, b)
				}
				exp := want(x, tc.width)
				if channels == 1 {
					// ffmpeg downmixes as (l+r)/2 rounded its own way: compare
					// against its own decoding instead.
					exp = decode(t, out, 1)
				}
				got, ch, rate := decodeFile(t, out)
				if ch != channels || rate != 44100 {
					t.Errorf("%d-bit level %s: %d channels at %d Hz", tc.width, level, ch, rate)
				}
				if d := firstDiff(got, exp); d != "" {
					t.Errorf("%d-bit, %d channels, level %s: %s", tc.width, channels, level, d)
				}
			}
		}
	}
}

// TestDecodeSox decodes what sox (libFLAC) writes, with a block size that
// varies and wasted bits (samples that are all multiples of 4).
func TestDecodeSox(t *testing.T) {
	sox := testtool.Need(t, "sox", "sox")
	pcm := signal(6*flacBlock+5, 2, 5)
	for i := range pcm[:len(pcm)/2] {
		pcm[i] &^= 3 // wasted bits in the first half
	}
	in := rawFile(t, widen(pcm, 16), 16)
	for _, level := range []string{"0", "5", "8"} {
		out := filepath.Join(t.TempDir(), "x.flac")
		if b, err := exec.Command(sox, "-t", "raw", "-e", "signed", "-b", "16", "-r", "16000", "-c", "2", in,
			"-C", level, out).CombinedOutput(); err != nil {
			t.Fatalf("sox: %v\n%s", err, b)
		}
		got, ch, rate := decodeFile(t, out)
		if ch != 2 || rate != 16000 {
			t.Errorf("level %s: %d channels at %d Hz", level, ch, rate)
		}
		if d := firstDiff(got, pcm); d != "" {
			t.Errorf("level %s: %s", level, d)
		}
	}
}

// TestDecodeDamage: every truncation and many single-bit flips of a real
// file give a *FormatError (or, for a flip the CRCs cannot see, samples),
// never a panic or a hang.
func TestDecodeDamage(t *testing.T) {
	ffmpeg := testtool.Need(t, "ffmpeg", "ffmpeg")
	in := rawFile(t, widen(signal(flacBlock+900, 2, 6), 16), 16)
	out := filepath.Join(t.TempDir(), "x.flac")
	if b, err := exec.Command(ffmpeg, "-v", "error", "-f", "s16le", "-ar", "44100", "-ac", "2", "-i", in, "-c:a", "flac", "-y", out).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, b []byte) {
		_, _, _, err := Decode(b)
		var fe *FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Errorf("%s: %T %v, want a *FormatError", what, err, err)
		}
		if fe != nil && (fe.Offset < 0 || fe.Offset > int64(len(b))) {
			t.Errorf("%s: error at byte %d of %d", what, fe.Offset, len(b))
		}
	}
	for n := range len(data) {
		_, _, _, err := Decode(data[:n])
		if err == nil {
			t.Fatalf("the first %d of %d bytes decode without an error", n, len(data))
		}
		check(fmt.Sprintf("first %d bytes", n), data[:n])
	}
	for i := 0; i < len(data); i += 7 {
		b := slices.Clone(data)
		b[i] ^= 1 << (i % 8)
		check(fmt.Sprintf("bit %d of byte %d flipped", i%8, i), b)
	}
	// A damaged frame is named by its offset.
	b := slices.Clone(data)
	b[len(b)-100] ^= 0x10
	_, _, _, err = Decode(b)
	if err == nil || !strings.Contains(err.Error(), "CRC") {
		t.Errorf("a flipped bit near the end: %v, want a CRC mismatch", err)
	}
}

// TestDecodeLimit: a file longer than the caller allows is refused from
// its header, and one whose header hides its length is stopped as soon as
// it passes the limit.
func TestDecodeLimit(t *testing.T) {
	pcm := signal(4*flacBlock, 1, 2)
	data, err := os.ReadFile(write(t, pcm, 1, 44100, nil, len(pcm)))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := DecodeLimit(data, int64(len(pcm)-1)); err == nil {
		t.Error("a file one sample over the limit decodes")
	}
	if got, _, _, err := DecodeLimit(data, int64(len(pcm))); err != nil || len(got) != len(pcm) {
		t.Errorf("a file at the limit: %d samples, %v", len(got), err)
	}
	unknown := slices.Clone(data)
	for i := 4 + 4 + 13; i < 4+4+18; i++ {
		unknown[i] = 0 // the sample count, 36 bits from STREAMINFO byte 13
	}
	unknown[4+4+13] = data[4+4+13] &^ 15
	if _, _, _, err := DecodeLimit(unknown, 2*flacBlock); err == nil || !strings.Contains(err.Error(), "more samples") {
		t.Errorf("a file of unknown length past the limit: %v", err)
	}
	if got, _, _, err := Decode(unknown); err != nil || len(got) != len(pcm) {
		t.Errorf("a file of unknown length: %d samples, %v", len(got), err)
	}
}

func TestDecodeNotFLAC(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("fLa"), []byte("RIFF....WAVE"), []byte("fLaC\x00\x00\x00\x22")} {
		if _, _, _, err := Decode(b); err == nil {
			t.Errorf("%q decodes", b)
		}
	}
}

func FuzzDecode(f *testing.F) {
	// Small seeds: the fuzzer minimises every input that finds new code,
	// for up to a minute each when they are large.
	pcm := signal(300, 2, 8)
	for _, ch := range []int{1, 2} {
		data, err := os.ReadFile(write(f, pcm[:len(pcm)/2*ch], ch, 44100, nil, 100))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pcm, ch, _, err := DecodeLimit(data, 1<<20)
		if err == nil && (ch < 1 || ch > 8 || len(pcm)%ch != 0) {
			t.Errorf("%d channels, %d samples", ch, len(pcm))
		}
	})
}
