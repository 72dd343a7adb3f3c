package export

import (
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchguide/guide/audio/wav"
	"github.com/stretchguide/guide/internal/testtool"
)

var ebuI = regexp.MustCompile(`(?m)^\s+I:\s+(-?[0-9.]+) LUFS`)

// ebur128 measures a file's integrated loudness with ffmpeg.
func ebur128(t *testing.T, path string) float64 {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-hide_banner", "-nostats", "-i", path, "-af", "ebur128", "-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg ebur128 %s: %v\n%s", path, err, out)
	}
	m := ebuI.FindAllSubmatch(out, -1)
	if m == nil {
		t.Fatalf("no loudness in ffmpeg's output:\n%s", out)
	}
	v, _ := strconv.ParseFloat(string(m[len(m)-1][1]), 64)
	return v
}

// TestWriteReportsLoudnessWritten: the loudness Write reports is what a
// meter finds in the file.
func TestWriteReportsLoudnessWritten(t *testing.T) {
	testtool.Need(t, "ffmpeg", "ffmpeg")
	dir := t.TempDir()
	for _, tt := range []struct {
		name string
		x    Export
	}{{"a.wav", Export{}}, {"b.wav", Export{Mono: true, Rate: 22050}}, {"c.flac", Export{Rate: 48000}}, {"d.mp3", Export{}}, {"e.opus", Export{Rate: 22050}}, {"f.mp3", Export{Rate: 96000}}, {"g.m4a", Export{Rate: 88200}}} {
		out := filepath.Join(dir, tt.name)
		rep, err := Write(context.Background(), out, noiseSource(6), tt.x)
		if err != nil {
			t.Fatal(err)
		}
		tol := 0.2 // lossless: what was written is what is measured
		if rep.Format.NeedsFFmpeg() {
			tol = 0.5 // the encoder loses some of a noise's highest, K-weighted, frequencies
		}
		if got := ebur128(t, out); math.Abs(got-rep.Loudness) > tol {
			t.Errorf("%s: Write reports %.2f LUFS; ffmpeg measures %.2f", tt.name, rep.Loudness, got)
		}
		st, _ := os.Stat(out)
		if rep.Size != st.Size() {
			t.Errorf("%s: Write reports %d bytes; the file has %d", tt.name, rep.Size, st.Size())
		}
		if want := probeStream(t, out, "sample_rate"); strconv.Itoa(rep.Rate) != want {
			t.Errorf("%s: Write reports %d Hz; the file is at %s", tt.name, rep.Rate, want)
		}
	}
}

// TestWriteWAVToAStream: a WAV written to a stream (standard output)
// holds the session, its header sized before the sound.
func TestWriteWAVToAStream(t *testing.T) {
	testtool.Need(t, "ffmpeg", "ffmpeg")
	for _, x := range []Export{{}, {Mono: true, Rate: 22050}, {Rate: 48000}} {
		var b bytes.Buffer
		rep, err := WriteWAV(context.Background(), &b, toneSource(), x)
		if err != nil {
			t.Fatal(err)
		}
		rate := max(x.Rate, 44100*map[bool]int{true: 1, false: 0}[x.Rate == 0])
		ch := map[bool]int{true: 1, false: 2}[x.Mono]
		pcm, gotRate, err := wav.Decode(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if gotRate != rate || len(pcm) != 3*rate || int64(b.Len()) != rep.Size || int64(b.Len()) != 44+int64(3*rate*2*ch) {
			t.Errorf("%+v: %d bytes, %d Hz, %d samples (mono mix); want %d Hz, %d samples, %d bytes", x, b.Len(), gotRate, len(pcm), rate, 3*rate, rep.Size)
		}
		name := filepath.Join(t.TempDir(), "s.wav")
		os.WriteFile(name, b.Bytes(), 0o644)
		if got := renderedPCM(t, name, ch); len(got) != 3*rate*ch {
			t.Errorf("%+v: ffmpeg decodes %d samples; want %d", x, len(got), 3*rate*ch)
		}
	}
}

func TestCheckOutput(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ path, want string }{
		{dir, dir + " is a folder; name the file to write in it, such as " + filepath.Join(dir, "session.mp3")},
		{filepath.Join(dir, "nope", "x.wav"), "there is no folder " + filepath.Join(dir, "nope")},
		{filepath.Join(dir, "x.wav"), ""},
	}
	if runtime.GOOS != "windows" { // a device with a path
		tests = append(tests, struct{ path, want string }{os.DevNull, os.DevNull + " is not a regular file"})
	}
	for _, tt := range tests {
		err := CheckOutput(tt.path)
		if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckOutput(%s) = %v; want %q", tt.path, err, tt.want)
		}
	}
}
