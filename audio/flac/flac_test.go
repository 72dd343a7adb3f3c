package flac

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchguide/guide/internal/testtool"
)

// write encodes interleaved pcm to a FLAC file in pieces of the given size
// and returns its path.
func write(t testing.TB, pcm []int16, channels, rate int, tags []string, piece int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.flac")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := NewWriter(f, channels, rate, tags)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(pcm); i += piece {
		if err := w.Write(pcm[i:min(i+piece, len(pcm))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// decode decodes a file with ffmpeg to interleaved 16-bit samples.
func decode(t *testing.T, path string, channels int) []int16 {
	t.Helper()
	ffmpeg := testtool.Need(t, "ffmpeg", "ffmpeg")
	out, err := exec.Command(ffmpeg, "-v", "error", "-i", path, "-f", "s16le", "-ac", strconv.Itoa(channels), "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg cannot decode %s: %v", path, err)
	}
	x := make([]int16, len(out)/2)
	for i := range x {
		x[i] = int16(binary.LittleEndian.Uint16(out[2*i:]))
	}
	return x
}

// signal returns frames of interleaved samples: per channel a sine with
// bursts of noise, full-scale edges and stretches of silence and of a
// constant, so every kind of subframe is written.
func signal(frames, channels int, seed uint64) []int16 {
	rng := rand.New(rand.NewPCG(seed, 3))
	pcm := make([]int16, frames*channels)
	for c := range channels {
		f := 0.05 / float64(c+1)
		for i := range frames {
			var v int16
			switch block := i / flacBlock; {
			case block%5 == 1:
				v = 0 // silence
			case block%5 == 3:
				v = -1234 // a constant
			case i%997 < 20:
				v = []int16{32767, -32768}[i%2] // extremes
			case block%5 == 4:
				v = int16(rng.IntN(65536) - 32768) // noise: verbatim
			default:
				v = int16(20000 * math.Sin(float64(i)*f))
			}
			pcm[i*channels+c] = v
		}
	}
	return pcm
}

// TestStereoWithDifferentChannelsIsLossless writes a stereo stream whose
// channels differ (export writes only mono sessions now, so only this test
// runs the left/right path) and checks that ffmpeg decodes it exactly.
func TestStereoWithDifferentChannelsIsLossless(t *testing.T) {
	n := 11*flacBlock + 123 // no multiple of the block size
	pcm := signal(n, 2, 1)
	// Some blocks have equal channels (coded left and side) among blocks
	// that differ.
	for i := 2 * flacBlock; i < 3*flacBlock; i++ {
		pcm[2*i+1] = pcm[2*i]
	}
	differ := 0
	for i := range n {
		if pcm[2*i] != pcm[2*i+1] {
			differ++
		}
	}
	if differ < n/2 {
		t.Fatalf("only %d of %d frames have different channels: the test does not test the stereo path", differ, n)
	}
	for _, piece := range []int{2 * n, 1000, 2*flacBlock + 2} {
		got := decode(t, write(t, pcm, 2, 44100, nil, piece), 2)
		if len(got) != len(pcm) {
			t.Fatalf("pieces of %d: %d samples, want %d", piece, len(got), len(pcm))
		}
		for i := range pcm {
			if got[i] != pcm[i] {
				t.Fatalf("pieces of %d: frame %d channel %d = %d, want %d", piece, i/2, i%2, got[i], pcm[i])
			}
		}
	}
}

func TestMonoAndEqualChannelsAreLossless(t *testing.T) {
	for _, rate := range []int{8000, 22050, 44100, 48000, 96000, 11025, 12000} {
		n := 3*flacBlock + 17
		mono := signal(n, 1, uint64(rate))
		if got := decode(t, write(t, mono, 1, rate, nil, 5000), 1); !slices.Equal(got, mono) {
			t.Errorf("mono at %d Hz: ffmpeg decodes other samples (%d of %d)", rate, len(got), len(mono))
		}
		// Mono on both channels: every block is left and side.
		both := make([]int16, 2*n)
		for i, v := range mono {
			both[2*i], both[2*i+1] = v, v
		}
		if got := decode(t, write(t, both, 2, rate, nil, 5000), 2); !slices.Equal(got, both) {
			t.Errorf("equal channels at %d Hz: ffmpeg decodes other samples", rate)
		}
	}
}

func TestStreamInfoAndTags(t *testing.T) {
	ffprobe := testtool.Need(t, "ffprobe", "ffmpeg")
	n := 2*flacBlock + 5
	tags := []string{"TITLE=Morning; stretch = good",
		"CHAPTER001=00:00:00.000", "CHAPTER001NAME=One", "CHAPTER002=00:00:00.100", "CHAPTER002NAME=Two"}
	path := write(t, signal(n, 2, 9), 2, 48000, tags, 4096)
	out, err := exec.Command(ffprobe, "-v", "error", "-select_streams", "a:0", "-show_entries",
		"stream=channels,sample_rate,duration_ts:format_tags:chapter=start_time:chapter_tags=title", "-of", "default=noprint_wrappers=1", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.ToLower(string(out))
	// ffmpeg reads CHAPTERnnn comments as chapters.
	for _, want := range []string{"channels=2", "sample_rate=48000", "duration_ts=" + strconv.Itoa(n), "tag:title=morning; stretch = good",
		"start_time=0.000000\ntag:title=one", "start_time=0.100000\ntag:title=two"} {
		if !strings.Contains(got, want) {
			t.Errorf("ffprobe says\n%s\nwant %s", out, want)
		}
	}
	data, _ := os.ReadFile(path)
	if string(data[:4]) != "fLaC" {
		t.Errorf("the file starts %q, want fLaC", data[:4])
	}
	if _, err := NewWriter(nil, 3, 44100, nil); err == nil {
		t.Error("NewWriter with 3 channels: no error")
	}
}

func TestBitWriterAndReader(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	type op struct {
		kind int // 0 bits, 1 unary, 2 rice
		v    uint64
		n    uint
	}
	var ops []op
	var w BitWriter
	for range 20000 {
		o := op{kind: rng.IntN(3)}
		switch o.kind {
		case 0:
			o.n = uint(rng.IntN(57))
			if o.n > 0 {
				o.v = rng.Uint64() & (1<<o.n - 1)
			}
			w.Write(o.v, o.n)
		case 1:
			o.v = uint64(rng.IntN(100))
			w.Unary(o.v)
		default:
			o.n = uint(rng.IntN(15))
			o.v = Zigzag(int32(rng.IntN(1<<17) - 1<<16))
			w.Rice(o.v, o.n)
		}
		ops = append(ops, o)
	}
	r := BitReader{Data: w.Flush()}
	for i, o := range ops {
		var got uint64
		switch o.kind {
		case 0:
			got = r.Read(o.n)
		case 1:
			got, _ = r.unary(1 << 62)
		default:
			var x [1]int32
			r.Rice(x[:], o.n)
			got = Zigzag(x[0])
		}
		if got != o.v {
			t.Fatalf("op %d (kind %d, %d bits): read %d, wrote %d", i, o.kind, o.n, got, o.v)
		}
	}
	// Past the end it reads zeros.
	if got := r.Read(56); got != 0 {
		t.Errorf("past the end: %#x, want 0", got)
	}
	// Bits are written most significant first, the last byte padded.
	var b BitWriter
	b.Write(0b101, 3)
	b.Write(0xff, 8)
	if got := b.Flush(); !slices.Equal(got, []byte{0b10111111, 0b11100000}) {
		t.Errorf("Flush = %08b", got)
	}
}

func TestZigzag(t *testing.T) {
	for _, c := range []struct {
		r int32
		u uint64
	}{{0, 0}, {-1, 1}, {1, 2}, {-2, 3}, {2, 4}, {math.MaxInt32, math.MaxUint32 - 1}, {math.MinInt32, math.MaxUint32}} {
		if got := Zigzag(c.r); got != c.u {
			t.Errorf("Zigzag(%d) = %d, want %d", c.r, got, c.u)
		}
		if got := Unzigzag(c.u); got != c.r {
			t.Errorf("Unzigzag(%d) = %d, want %d", c.u, got, c.r)
		}
	}
}

func TestResidual(t *testing.T) {
	// The fixed predictor of order k predicts a polynomial of degree k-1
	// exactly, and leaves the k-th difference of any other signal: of a
	// polynomial of degree k, a constant.
	poly := func(deg int) []int32 {
		x := make([]int32, 30)
		for i := range x {
			n, v := int32(i)-7, int32(0)
			for range deg + 1 {
				v = v*n + 3
			}
			x[i] = v
		}
		return x
	}
	for order := range 5 {
		exact, next := poly(order-1), poly(order)
		if order == 0 {
			exact = make([]int32, 30) // silence is the only "degree -1" polynomial
		}
		for i := order; i < 30; i++ {
			if r := Residual(exact, i, order); r != 0 {
				t.Fatalf("order %d at %d: residual %d of a polynomial of degree %d, want 0", order, i, r, order-1)
			}
			if r, r0 := Residual(next, i, order), Residual(next, order, order); r != r0 || r == 0 {
				t.Fatalf("order %d at %d: residual %d of a polynomial of degree %d, want the same non-zero constant (%d)", order, i, r, order, r0)
			}
		}
	}
}
