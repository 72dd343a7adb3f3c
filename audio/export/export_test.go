package export

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/wav"
	"github.com/stretchguide/guide/internal/testtool"
	"github.com/stretchguide/guide/script"
)

// monoSource is a Source of the samples x.
type monoSource struct {
	x   []float32
	pos int
	err error // reported once x has been streamed
}

func (s *monoSource) StreamMono(samples []float32) (int, bool) {
	if s.pos >= len(s.x) {
		return 0, false
	}
	n := copy(samples, s.x[s.pos:])
	s.pos += n
	return n, true
}

func (s *monoSource) Err() error {
	if s.pos >= len(s.x) {
		return s.err
	}
	return nil
}

func (s *monoSource) Len() int { return len(s.x) }

// toneSource is 3 s of sound: a decaying bell, a glide and a chord standing
// in for speech, peaking around 0.5.
func toneSource() *monoSource {
	x := make([]float32, 3*script.Rate)
	for i := range x {
		t := float64(i) / script.Rate
		v := 0.0
		if i >= 1000 {
			v += 0.3 * math.Exp(-(t-1000.0/script.Rate)/0.5) * math.Sin(2*math.Pi*392*t)
		}
		if t >= 1 {
			v += 0.15 * math.Sin(2*math.Pi*(196+50*(t-1))*t) * math.Sin(math.Pi*(t-1)/2)
		}
		if t >= 0.5 && t < 1.5 {
			v += 0.1 * (math.Sin(2*math.Pi*150*t) + math.Sin(2*math.Pi*450*t)) * math.Sin(math.Pi*(t-0.5))
		}
		x[i] = float32(v)
	}
	return &monoSource{x: x}
}

// noiseSource is n seconds of tones in noise: sound no encoder squeezes
// much, so the file's size grows steadily with its length.
func noiseSource(seconds int) *monoSource {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, seconds*script.Rate)
	for i := range x {
		t := float64(i) / script.Rate
		x[i] = float32(0.2*math.Sin(2*math.Pi*330*t) + 0.1*(r.Float64()*2-1))
	}
	return &monoSource{x: x}
}

// renderedPCM decodes any audio file to interleaved 16-bit samples at
// its own rate, as the given channels.
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

func TestRenderFormatsReadBack(t *testing.T) {
	testtool.Need(t, "ffmpeg", "ffmpeg")
	testtool.Need(t, "ffprobe", "ffmpeg")
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
		err := Render(context.Background(), name, toneSource(), Export{Mono: tt.mono, Rate: tt.rate, Title: "Test"})
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
		if len(a) != len(b) || !bytes.Equal(wav.AppendS16LE(nil, a), wav.AppendS16LE(nil, b)) {
			t.Errorf("%s and %s decode to different samples", pair[0], pair[1])
		}
	}
}

// TestRenderIsSampleExact checks that WAV and FLAC hold the source's
// samples rounded to 16 bits (dsp.ToInt16), on one channel or both, for a
// source of a length no block size divides.
func TestRenderIsSampleExact(t *testing.T) {
	testtool.Need(t, "ffmpeg", "ffmpeg")
	n := 3*4096 + 123
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(0.6*math.Sin(float64(i)*0.05) + 0.5*math.Sin(float64(i)*0.013))
		if i%1000 < 10 {
			x[i] = []float32{1.2, -1.2}[i%2] // over full scale: clipped
		}
	}
	want := make([]int16, n)
	for i, v := range x {
		want[i] = dsp.ToInt16(v)
	}
	dir := t.TempDir()
	for _, name := range []string{"x.wav", "x.flac"} {
		for _, mono := range []bool{true, false} {
			out := filepath.Join(dir, name)
			if err := Render(context.Background(), out, &monoSource{x: x}, Export{Mono: mono}); err != nil {
				t.Fatal(err)
			}
			ch := 2
			if mono {
				ch = 1
			}
			got := renderedPCM(t, out, ch)
			if len(got) != ch*n {
				t.Fatalf("%s mono=%v: %d samples, want %d", name, mono, len(got), ch*n)
			}
			for i := range n {
				for c := range ch {
					if got[ch*i+c] != want[i] {
						t.Fatalf("%s mono=%v: frame %d channel %d = %d, want %d", name, mono, i, c, got[ch*i+c], want[i])
					}
				}
			}
		}
	}
}

// readWAV checks a 16-bit stereo WAV header and returns its rate and frame
// count.
func readWAV(t *testing.T, path string) (rate, frames int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 44 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		t.Fatalf("%s: not a WAV file", path)
	}
	ch, bits := binary.LittleEndian.Uint16(b[22:]), binary.LittleEndian.Uint16(b[34:])
	if ch != 2 || bits != 16 {
		t.Fatalf("%s: %d channels, %d bits; want 2, 16", path, ch, bits)
	}
	size := binary.LittleEndian.Uint32(b[40:])
	if int(size) != len(b)-44 {
		t.Fatalf("%s: data chunk says %d bytes, file holds %d", path, size, len(b)-44)
	}
	return int(binary.LittleEndian.Uint32(b[24:])), int(size) / 4
}

func TestRenderWritesWholeFileOrNothing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "s.wav")
	if err := Render(context.Background(), out, toneSource(), Export{}); err != nil {
		t.Fatal(err)
	}
	if rate, frames := readWAV(t, out); rate != script.Rate || frames != 3*script.Rate {
		t.Errorf("rendered %d frames at %d Hz, want %d at %d", frames, rate, 3*script.Rate, script.Rate)
	}
	before, _ := os.ReadFile(out)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Render(ctx, out, toneSource(), Export{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled render: err = %v, want context.Canceled", err)
	}
	after, _ := os.ReadFile(out)
	if string(after) != string(before) {
		t.Error("a cancelled render changed the existing file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files after a cancelled render, want only s.wav", len(entries))
	}

	err = Render(context.Background(), filepath.Join(dir, "missing", "s.wav"), toneSource(), Export{})
	if err == nil {
		t.Error("render into a missing directory: no error")
	}
}

func TestRenderReportsTheSourcesError(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"s.wav", "s.flac"} {
		out := filepath.Join(dir, name)
		os.WriteFile(out, []byte("old"), 0o644)
		src := toneSource()
		src.err = errors.New("at 00:01.000: voice/x.mp3: broken")
		err := Render(context.Background(), out, src, Export{})
		if err == nil || !strings.Contains(err.Error(), "voice/x.mp3: broken") || !strings.Contains(err.Error(), out) {
			t.Errorf("%s: err = %v; want the file and the source's error", name, err)
		}
		if b, _ := os.ReadFile(out); string(b) != "old" {
			t.Errorf("%s: a failed render changed the existing file", name)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d files after failed renders, want only the two old ones", len(entries))
	}
}

func TestRenderWithoutFFmpegSaysSo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	dir := t.TempDir()
	err := Render(context.Background(), filepath.Join(dir, "s.mp3"), toneSource(), Export{})
	if !errors.Is(err, ErrNoFFmpeg) || !strings.Contains(err.Error(), "apt-get install ffmpeg") {
		t.Errorf("err = %v; want ErrNoFFmpeg naming the Debian package", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed render left %d files", len(entries))
	}
}

func TestRenderRejectsUnknownFormatsAndRates(t *testing.T) {
	dir := t.TempDir()
	if err := Render(context.Background(), filepath.Join(dir, "s.ogg"), toneSource(), Export{}); err == nil || !strings.Contains(err.Error(), ".wav, .flac, .mp3, .m4a or .opus") {
		t.Errorf("s.ogg: err = %v; want the formats listed", err)
	}
	if err := Render(context.Background(), filepath.Join(dir, "s"), toneSource(), Export{}); err == nil || !strings.Contains(err.Error(), "has no extension") {
		t.Errorf("no extension: err = %v; want it said", err)
	}
	if err := Render(context.Background(), filepath.Join(dir, "s.wav"), toneSource(), Export{Rate: 44000}); err == nil || !strings.Contains(err.Error(), "48000") {
		t.Errorf("44000 Hz: err = %v; want the rates listed", err)
	}
	// The format asked for wins over the extension.
	out := filepath.Join(dir, "s.audio")
	if err := Render(context.Background(), out, toneSource(), Export{Format: WAV}); err != nil {
		t.Errorf("Format WAV to s.audio: %v", err)
	} else if b, _ := os.ReadFile(out); !wav.IsWAV(b) {
		t.Error("Format WAV to s.audio: not a WAV file")
	}
	// Too long for WAV's 4 GB: said before anything is written.
	long := &lengthOnly{n: 7 * 3600 * script.Rate}
	if err := Render(context.Background(), filepath.Join(dir, "long.wav"), long, Export{}); err == nil || !strings.Contains(err.Error(), "too long for a WAV file") {
		t.Errorf("a 7-hour WAV: err = %v; want too long", err)
	}
	if long.streamed {
		t.Error("a session too long for WAV was streamed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files after rejected renders, want only s.audio", len(entries))
	}
}

// lengthOnly says it is n samples long and streams silence.
type lengthOnly struct {
	n        int
	streamed bool
}

func (l *lengthOnly) StreamMono(samples []float32) (int, bool) {
	l.streamed = true
	clear(samples)
	return len(samples), true
}
func (l *lengthOnly) Err() error { return nil }
func (l *lengthOnly) Len() int   { return l.n }

func TestFormatOf(t *testing.T) {
	for _, tt := range []struct {
		path string
		want Format
		err  string
	}{
		{"a.wav", WAV, ""},
		{"dir.x/a.FLAC", FLAC, ""},
		{"a.Mp3", MP3, ""},
		{"a.m4a", M4A, ""},
		{"a.opus", Opus, ""},
		{"a.ogg", "", "a.ogg: guide does not write .ogg files; want .wav, .flac, .mp3, .m4a or .opus"},
		{"a", "", "a has no extension to choose the format by; want .wav, .flac, .mp3, .m4a or .opus"},
	} {
		got, err := FormatOf(tt.path)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && err.Error() != tt.err {
			t.Errorf("FormatOf(%q) = %q, %v; want %q, %q", tt.path, got, err, tt.want, tt.err)
		}
	}
	for _, f := range Formats {
		if want := f == MP3 || f == M4A || f == Opus; f.NeedsFFmpeg() != want {
			t.Errorf("%s.NeedsFFmpeg() = %v", f, !want)
		}
	}
}

func TestCheckRate(t *testing.T) {
	for _, r := range Rates {
		if err := CheckRate(r); err != nil {
			t.Errorf("CheckRate(%d) = %v", r, err)
		}
	}
	want := "cannot render at 44000 Hz; want one of 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000"
	if err := CheckRate(44000); err == nil || err.Error() != want {
		t.Errorf("CheckRate(44000) = %v; want %s", err, want)
	}
}

func TestCancelledFFmpegRenderLeavesNothing(t *testing.T) {
	testtool.Need(t, "ffmpeg", "ffmpeg")
	dir := t.TempDir()
	out := filepath.Join(dir, "s.m4a")
	os.WriteFile(out, []byte("old"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	s := &renderCancel{Source: toneSource(), n: 2, cancel: cancel}
	err := Render(ctx, out, s, Export{})
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

// renderCancel cancels a context after n calls to StreamMono.
type renderCancel struct {
	Source
	n      int
	cancel func()
}

func (c *renderCancel) StreamMono(samples []float32) (int, bool) {
	if c.n--; c.n == 0 {
		c.cancel()
	}
	return c.Source.StreamMono(samples)
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
	testtool.Need(t, "ffprobe", "ffmpeg")
	dir := t.TempDir()
	cs := []Chapter{{0, "One"}, {script.Rate, "Two; and = three"}}
	for _, f := range []string{"c.m4a", "c.mp3", "c.flac"} {
		out := filepath.Join(dir, f)
		if err := Render(context.Background(), out, toneSource(), Export{Title: "T", Chapters: cs}); err != nil {
			t.Fatal(err)
		}
		b, err := exec.Command("ffprobe", "-v", "error", "-show_chapters", "-of", "csv=p=0", out).Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := string(b); !strings.Contains(got, "One") || !strings.Contains(got, "Two; and = three") {
			t.Errorf("%s: chapters %q", f, got)
		}
		b, err = exec.Command("ffprobe", "-v", "error", "-show_entries", "chapter=start_time", "-of", "csv=p=0", out).Output()
		if err != nil {
			t.Fatal(err)
		}
		starts := strings.Fields(string(b))
		if len(starts) != 2 || !strings.HasPrefix(starts[0], "0.0") || !strings.HasPrefix(starts[1], "1.0") {
			t.Errorf("%s: chapters start at %q, want 0 and 1 s", f, starts)
		}
	}
}

// TestChaptersExactAndToTheEnd: in every format that holds chapters, each
// starts at its millisecond (Opus had those at .5 s or more a second
// late) and the last runs to the end of the file (MP3 and M4A had it
// last one second).
func TestChaptersExactAndToTheEnd(t *testing.T) {
	testtool.Need(t, "ffprobe", "ffmpeg")
	dir := t.TempDir()
	ms := func(v int) int { return v * script.Rate / 1000 }
	cs := []Chapter{{0, "One"}, {ms(1700), "Two"}, {ms(3250), "Three"}, {ms(4500), "Four"}}
	want := []string{"0.000", "1.700", "3.250", "4.500"}
	for _, f := range []Format{MP3, M4A, Opus, FLAC} {
		out := filepath.Join(dir, "c."+string(f))
		if err := Render(context.Background(), out, noiseSource(10), Export{Title: "T", Chapters: cs}); err != nil {
			t.Fatal(err)
		}
		b, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "chapter=start_time,end_time:format=duration", "-of", "csv=p=0", out).Output()
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Fields(string(b))
		if len(lines) != len(cs)+1 {
			t.Errorf("%s: ffprobe says %q; want %d chapters and the duration", f, lines, len(cs))
			continue
		}
		dur, _ := strconv.ParseFloat(lines[len(lines)-1], 64)
		for i, l := range lines[:len(cs)] {
			start, end, _ := strings.Cut(l, ",")
			if !strings.HasPrefix(start, want[i]) {
				t.Errorf("%s: chapter %d starts at %s; want %s", f, i+1, start, want[i])
			}
			if i == len(cs)-1 {
				if e, _ := strconv.ParseFloat(end, 64); math.Abs(e-dur) > 0.1 {
					t.Errorf("%s: the last chapter ends at %s in a %.3f s file; want it to run to the end", f, end, dur)
				}
			}
		}
	}
}
