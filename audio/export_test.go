package audio

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchguide/guide/script"
)

// renderedPCM decodes any audio file to interleaved 16-bit samples at
// its own rate and channels, and returns them with the channel count.
func renderedPCM(t testing.TB, path string, channels int) []int16 {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-ac", strconv.Itoa(channels), "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg cannot decode %s: %v", path, err)
	}
	x := make([]int16, len(out)/2)
	for i := range x {
		x[i] = int16(binary.LittleEndian.Uint16(out[2*i:]))
	}
	return x
}

// probeStream returns an ffprobe field of the file's audio stream.
func probeStream(t testing.TB, path, field string) string {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream="+field,
		"-of", "default=noprint_wrappers=1:nokey=1", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	return strings.TrimSpace(string(out))
}

// toneSession is a short session of bells, breath tones and speech.
func toneSession(mix ...Mix) *Session {
	tl := &script.Timeline{Length: 3 * script.Rate, Events: []script.Event{
		{Start: 1000, Length: script.Rate, Sound: script.Bell},
		{Start: script.Rate, Length: script.Rate, Sound: script.Inhale},
		speech(script.Rate/2, "hello there, hello again"),
		{Start: 2 * script.Rate, Length: script.Rate - 100, Sound: script.Exhale},
	}}
	return NewSession(tl, steadyClips{}, Levels{Voice: 0.5, Tones: 1}, mix...)
}

func TestRenderFormatsReadBack(t *testing.T) {
	needTool(t, "ffmpeg", "ffmpeg")
	needTool(t, "ffprobe", "ffmpeg")
	dir := t.TempDir()
	tests := []struct {
		format Format
		mono   bool
		rate   int
		exact  bool // lossless: the decoded length is exact
	}{
		{WAV, false, 44100, true},
		{WAV, true, 48000, true},
		{FLAC, false, 44100, true},
		{FLAC, true, 22050, true},
		{FLAC, false, 48000, true},
		{MP3, false, 44100, false},
		{MP3, true, 22050, false},
		{M4A, false, 44100, false},
		{Opus, true, 48000, false},
	}
	for _, tt := range tests {
		name := filepath.Join(dir, fmt.Sprintf("%s-%d-%d.%s", tt.format, map[bool]int{true: 1, false: 2}[tt.mono], tt.rate, tt.format))
		s := toneSession(DefaultMix())
		err := RenderFile(context.Background(), name, s, Export{Mono: tt.mono, Rate: tt.rate, Title: "Test"})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ch := 2
		if tt.mono {
			ch = 1
		}
		if got := probeStream(t, name, "channels"); got != strconv.Itoa(ch) {
			t.Errorf("%s: %s channels, want %d", name, got, ch)
		}
		wantRate := tt.rate
		if tt.format == Opus {
			wantRate = 48000
		}
		if got := probeStream(t, name, "sample_rate"); got != strconv.Itoa(wantRate) {
			t.Errorf("%s: rate %s, want %d", name, got, wantRate)
		}
		x := renderedPCM(t, name, ch)
		frames := len(x) / ch
		want := 3 * tt.rate
		if tt.format == Opus {
			want = 3 * 48000
		}
		tol := 0
		if !tt.exact {
			tol = want / 100 // encoder padding that a decoder may keep
		}
		if d := frames - want; d < -tol || d > tol {
			t.Errorf("%s: decodes to %d frames, want %d (±%d)", name, frames, want, tol)
		}
		var peak int16
		for _, v := range x {
			peak = max(peak, v, -v)
		}
		if peak < 3000 {
			t.Errorf("%s: peak %d: the sound is missing", name, peak)
		}
	}
	// FLAC is lossless: it decodes to the WAV's samples.
	for _, pair := range [][2]string{{"wav-2-44100.wav", "flac-2-44100.flac"}} {
		a := renderedPCM(t, filepath.Join(dir, pair[0]), 2)
		b := renderedPCM(t, filepath.Join(dir, pair[1]), 2)
		if len(a) != len(b) || !bytes.Equal(renderBytes(a), renderBytes(b)) {
			t.Errorf("%s and %s decode to different samples", pair[0], pair[1])
		}
	}
}

func renderBytes(x []int16) []byte {
	b := make([]byte, 0, 2*len(x))
	for _, v := range x {
		b = binary.LittleEndian.AppendUint16(b, uint16(v))
	}
	return b
}

func TestRenderFLACOfAnyStreamIsLossless(t *testing.T) {
	needTool(t, "ffmpeg", "ffmpeg")
	// A stereo stream whose channels differ, of a length that is no
	// multiple of the block size.
	n := 3*flacBlock + 123
	src := &renderSlice{}
	for i := range n {
		l := 0.6 * math.Sin(float64(i)*0.05)
		r := 0.3 * math.Sin(float64(i)*0.013)
		if i%1000 < 10 {
			r = 0
		}
		src.x = append(src.x, [2]float64{l, r})
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "x.flac")
	if err := RenderFile(context.Background(), out, src, Export{}); err != nil {
		t.Fatal(err)
	}
	got := renderedPCM(t, out, 2)
	if len(got) != 2*n {
		t.Fatalf("%d samples, want %d", len(got), 2*n)
	}
	for i, v := range src.x {
		if got[2*i] != toInt16(float32(v[0])) || got[2*i+1] != toInt16(float32(v[1])) {
			t.Fatalf("frame %d: %d %d, want %d %d", i, got[2*i], got[2*i+1], toInt16(float32(v[0])), toInt16(float32(v[1])))
		}
	}
}

type renderSlice struct{ x [][2]float64 }

func (s *renderSlice) Stream(samples [][2]float64) (int, bool) {
	if len(s.x) == 0 {
		return 0, false
	}
	n := copy(samples, s.x)
	s.x = s.x[n:]
	return n, true
}

func (s *renderSlice) Err() error { return nil }

func TestRenderWithoutFFmpegSaysSo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	dir := t.TempDir()
	err := Render(context.Background(), filepath.Join(dir, "s.mp3"), toneSession())
	if !errors.Is(err, ErrNoFFmpeg) || !strings.Contains(err.Error(), "apt-get install ffmpeg") {
		t.Errorf("err = %v; want ErrNoFFmpeg naming the Debian package", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed render left %d files", len(entries))
	}
}

func TestRenderRejectsUnknownFormatsAndRates(t *testing.T) {
	dir := t.TempDir()
	if err := Render(context.Background(), filepath.Join(dir, "s.ogg"), toneSession()); err == nil || !strings.Contains(err.Error(), ".wav, .flac, .mp3, .m4a or .opus") {
		t.Errorf("s.ogg: err = %v; want the formats listed", err)
	}
	if err := RenderFile(context.Background(), filepath.Join(dir, "s.wav"), toneSession(), Export{Rate: 44000}); err == nil || !strings.Contains(err.Error(), "48000") {
		t.Errorf("44000 Hz: err = %v; want the rates listed", err)
	}
}

func TestCancelledFFmpegRenderLeavesNothing(t *testing.T) {
	needTool(t, "ffmpeg", "ffmpeg")
	dir := t.TempDir()
	out := filepath.Join(dir, "s.m4a")
	os.WriteFile(out, []byte("old"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	s := &renderCancel{Session: toneSession(), n: 2, cancel: cancel}
	err := Render(ctx, out, s)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "old" {
		t.Error("a cancelled render changed the existing file")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files after a cancelled render, want only the old one", len(entries))
	}
}

// renderCancel cancels a context after n calls to Stream.
type renderCancel struct {
	*Session
	n      int
	cancel func()
}

func (c *renderCancel) Stream(samples [][2]float64) (int, bool) {
	if c.n--; c.n == 0 {
		c.cancel()
	}
	return c.Session.Stream(samples)
}

func TestChapterList(t *testing.T) {
	tl := &script.Timeline{Chapters: []script.Chapter{
		{Title: "Welcome", Start: 0},
		{Title: "Knee to chest", Side: "left", Start: 61*script.Rate + script.Rate/2},
		{Title: "Rest", Start: 3725 * script.Rate},
	}}
	got := string(ChapterList(Chapters(tl)))
	want := "00:00:00.000 Welcome\n00:01:01.500 Knee to chest, left side\n01:02:05.000 Rest\n"
	if got != want {
		t.Errorf("ChapterList =\n%s\nwant\n%s", got, want)
	}
}

func TestRenderEmbedsChapters(t *testing.T) {
	needTool(t, "ffprobe", "ffmpeg")
	dir := t.TempDir()
	cs := []Chapter{{0, "One"}, {script.Rate, "Two; and = three"}}
	for _, f := range []string{"c.m4a", "c.mp3"} {
		out := filepath.Join(dir, f)
		if err := RenderFile(context.Background(), out, toneSession(), Export{Title: "T", Chapters: cs}); err != nil {
			t.Fatal(err)
		}
		b, err := exec.Command("ffprobe", "-v", "error", "-show_chapters", "-of", "csv=p=0", out).Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := string(b); !strings.Contains(got, "One") || !strings.Contains(got, "Two; and = three") {
			t.Errorf("%s: chapters %q", f, got)
		}
	}
}

func TestResamplerKeepsToneAndRemovesAliases(t *testing.T) {
	sine := func(f float64, n int) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(0.5 * math.Sin(2*math.Pi*f*float64(i)/script.Rate))
		}
		return x
	}
	level := func(x []float32) float64 { return renderRMS(x[len(x)/4 : 3*len(x)/4]) }
	for _, tt := range []struct {
		rate int
		freq float64
		want float64 // rms after
	}{
		{48000, 1000, 0.5 / math.Sqrt2},
		{22050, 1000, 0.5 / math.Sqrt2},
		{8000, 1000, 0.5 / math.Sqrt2},
		{22050, 15000, 0}, // above the new Nyquist: gone, not folded
		{16000, 10000, 0},
	} {
		x := sine(tt.freq, script.Rate)
		r := newResampler(script.Rate, tt.rate)
		var out []float32
		for i := 0; i < len(x); i += 1000 {
			out = r.process(x[i:min(i+1000, len(x))], out, false)
		}
		out = r.process(nil, out, true)
		if len(out) != tt.rate {
			t.Errorf("%d Hz: %d samples from 1 s, want %d", tt.rate, len(out), tt.rate)
		}
		if got := level(out); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("%v Hz at %d Hz: rms %.4f, want %.4f", tt.freq, tt.rate, got, tt.want)
		}
	}
}

func renderRMS(x []float32) float64 {
	var s float64
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s / float64(len(x)))
}

// TestToInt16 checks the rounding and clipping of the one conversion every
// rendered sample goes through.
func TestToInt16(t *testing.T) {
	for _, c := range []struct {
		in   float32
		want int16
	}{
		{0, 0},
		{1, 32767},
		{-1, -32767},
		{1.5, 32767}, // clipped
		{-7, -32767},
		{0.5 / 32767, 1}, // halves round away from zero
		{-0.5 / 32767, -1},
		{0.49 / 32767, 0},
		{-0.49 / 32767, 0},
		{1000.4 / 32767, 1000},
		{-1000.6 / 32767, -1001},
		{float32(math.Inf(1)), 32767},
		{float32(math.Inf(-1)), -32767},
	} {
		if got := toInt16(c.in); got != c.want {
			t.Errorf("toInt16(%g) = %d, want %d", c.in, got, c.want)
		}
	}
}

// TestAppendS16LE checks the byte order and odd lengths.
func TestAppendS16LE(t *testing.T) {
	for n := range 6 {
		pcm := make([]int16, n)
		for i := range pcm {
			pcm[i] = int16(i*9000 - 20000)
		}
		got := appendS16LE([]byte("x"), pcm)
		want := []byte("x")
		for _, v := range pcm {
			want = binary.LittleEndian.AppendUint16(want, uint16(v))
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%d samples: % x, want % x", n, got, want)
		}
	}
}
