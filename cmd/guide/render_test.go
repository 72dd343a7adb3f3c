package main

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/export"
	"github.com/stretchguide/guide/internal/session"
)

// needFFmpeg skips a test when ffmpeg is missing (failing on CI, which
// installs it).
func needFFmpeg(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"ffmpeg", "ffprobe"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed: apt-get install ffmpeg", tool)
			}
			t.Skipf("%s is not installed: apt-get install ffmpeg", tool)
		}
	}
}

var (
	ebuI    = regexp.MustCompile(`(?m)^\s+I:\s+(-?[0-9.]+|-inf) LUFS`)
	ebuPeak = regexp.MustCompile(`(?m)^\s+Peak:\s+(-?[0-9.]+|-inf) dBFS`)
)

// loudness measures a file with ffmpeg's EBU R128 meter: integrated
// loudness (LUFS) and true peak (dBTP).
func loudness(t *testing.T, path string) (lufs, peak float64) {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-hide_banner", "-nostats", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg ebur128 %s: %v\n%s", path, err, out)
	}
	summary := out[bytes.LastIndex(out, []byte("Summary:")):]
	parse := func(re *regexp.Regexp) float64 {
		m := re.FindSubmatch(summary)
		if m == nil {
			t.Fatalf("no %v in ffmpeg's summary:\n%s", re, summary)
		}
		v, _ := strconv.ParseFloat(string(m[1]), 64)
		return v
	}
	return parse(ebuI), parse(ebuPeak)
}

// checkLoudness fails unless a file is at -16 LUFS +-1 LU with true peaks at
// or under -1 dBTP.
func checkLoudness(t *testing.T, what, path string) {
	t.Helper()
	lufs, peak := loudness(t, path)
	t.Logf("%s: %.1f LUFS, %.1f dBTP", what, lufs, peak)
	if lufs < -17 || lufs > -15 {
		t.Errorf("%s: integrated loudness %.1f LUFS, want -16 +-1", what, lufs)
	}
	if peak > -1 {
		t.Errorf("%s: true peak %.1f dBTP, want at most -1", what, peak)
	}
}

func TestRenderEveryRoutineAtTargetLoudness(t *testing.T) {
	needFFmpeg(t)
	hermetic(t)
	cat, _, err := session.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range cat.Names() {
		out := filepath.Join(dir, name+".wav")
		if _, stderr, code := runBinary(t, "render", name, "-o", out); code != 0 {
			t.Fatalf("render %s: exit %d: %s", name, code, stderr)
		}
		checkLoudness(t, name, out)
		os.Remove(out)
	}
}

func TestRenderLoudnessWhateverTheBalance(t *testing.T) {
	needFFmpeg(t)
	hermetic(t)
	dir := t.TempDir()
	for i, sets := range [][]string{
		{"voice.volume=0.2", "tones.volume=1"},
		{"voice.volume=1", "tones.volume=0"},
		{"voice.volume=0", "tones.volume=0.3"},
		{"voice.volume=0.05", "tones.volume=0.05"},
		{"tones.style=soft", "voice.duck=0"},
		{"tones.breath=false", "ambience=brown"},
		{"ambience=pink", "voice.duck=20"},
	} {
		out := filepath.Join(dir, strconv.Itoa(i)+".wav")
		if _, stderr, code := runBinary(t, append([]string{"render", "desk-break", "-o", out}, setFlags(sets)...)...); code != 0 {
			t.Fatalf("render %v: exit %d: %s", sets, code, stderr)
		}
		checkLoudness(t, strings.Join(sets, " "), out)
	}
}

// runBinary runs the built guide (without the race detector, which makes
// rendering minutes of audio slow) and returns what it printed and its exit
// code.
func runBinary(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(built(t), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil && cmd.ProcessState == nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

// probeFile returns ffprobe's value of an entry such as stream=channels.
func probeFile(t *testing.T, path, entry string) string {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", entry,
		"-of", "default=noprint_wrappers=1:nokey=1", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	return strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
}

func TestRenderFormatsRatesAndChapters(t *testing.T) {
	needFFmpeg(t)
	hermetic(t)
	dir := t.TempDir()
	s := compiled(t, "desk-break")
	want := s.Timeline.Duration().Seconds()
	tests := []struct {
		file     string
		flags    []string
		channels string
		rate     string
	}{
		{"a.flac", nil, "2", "44100"},
		{"b.mp3", []string{"--mono", "--rate", "22050"}, "1", "22050"},
		{"c.m4a", []string{"--rate", "48000"}, "2", "48000"},
		{"d.opus", []string{"--mono", "--rate", "22050"}, "1", "48000"},
		{"e.wav", []string{"--mono", "--rate", "16000", "--chapters"}, "1", "16000"},
	}
	for _, tt := range tests {
		out := filepath.Join(dir, tt.file)
		stdout, stderr, code := runBinary(t, append([]string{"render", "desk-break", "-o", out}, tt.flags...)...)
		if code != 0 {
			t.Fatalf("render %s: exit %d: %s", tt.file, code, stderr)
		}
		if !strings.Contains(stdout, "Wrote "+out) {
			t.Errorf("render %s printed %q", tt.file, stdout)
		}
		// The summary tells the truth: the file's rate, and the loudness
		// measured in what was written.
		if khz := tt.rate[:len(tt.rate)-3]; !strings.Contains(stdout, khz) || tt.rate == "48000" && !strings.Contains(stdout, ", 48 kHz,") {
			t.Errorf("render %s printed %q; want the file's rate, %s Hz", tt.file, stdout, tt.rate)
		}
		if m := regexp.MustCompile(`, (-[0-9.]+) LUFS`).FindStringSubmatch(stdout); m == nil {
			t.Errorf("render %s printed %q; want the loudness measured", tt.file, stdout)
		} else if said, _ := strconv.ParseFloat(m[1], 64); tt.file != "e.wav" {
			if lufs, _ := loudness(t, out); math.Abs(lufs-said) > 0.2 {
				t.Errorf("render %s says %.1f LUFS; ffmpeg measures %.1f", tt.file, said, lufs)
			}
		}
		if got := probeFile(t, out, "stream=channels"); got != tt.channels {
			t.Errorf("%s: %s channels, want %s", tt.file, got, tt.channels)
		}
		if got := probeFile(t, out, "stream=sample_rate"); got != tt.rate {
			t.Errorf("%s: %s Hz, want %s", tt.file, got, tt.rate)
		}
		got, _ := strconv.ParseFloat(probeFile(t, out, "format=duration"), 64)
		if d := got - want; d < -0.1 || d > 0.1 {
			t.Errorf("%s: lasts %.3fs, the plan says %.3fs", tt.file, got, want)
		}
		if tt.file != "e.wav" {
			// Compressed and mono files keep the loudness: a mono file
			// measures 3 dB under its stereo twin, as it should.
			lufs, peak := loudness(t, out)
			target := -16.0
			if tt.channels == "1" {
				target = -19
			}
			if lufs < target-1 || lufs > target+1 || peak > -1 {
				t.Errorf("%s: %.1f LUFS, %.1f dBTP; want %.0f +-1 and at most -1", tt.file, lufs, peak, target)
			}
		}
	}
	// The compressed files carry the chapters, and --chapters lists them.
	chapters, err := exec.Command("ffprobe", "-v", "error", "-show_chapters", "-of", "csv=p=0", filepath.Join(dir, "c.m4a")).Output()
	if err != nil || strings.Count(string(chapters), "\n") != len(s.Timeline.Chapters) {
		t.Errorf("c.m4a chapters: %v\n%s", err, chapters)
	}
	list, err := os.ReadFile(filepath.Join(dir, "e.chapters.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(list)), "\n")
	if len(lines) != len(s.Timeline.Chapters) || !strings.HasPrefix(lines[0], "00:00:00.000 ") {
		t.Errorf("e.chapters.txt:\n%s\nwant %d lines from 00:00:00.000", list, len(s.Timeline.Chapters))
	}
	if want := string(export.ChapterList(export.Chapters(s.Timeline))); string(list) != want {
		t.Errorf("e.chapters.txt:\n%s\nwant\n%s", list, want)
	}
}

func TestRenderErrorsLeaveNoFile(t *testing.T) {
	hermetic(t)
	dir := t.TempDir()
	old := filepath.Join(dir, "old.mp3")
	os.WriteFile(old, []byte("keep me"), 0o644)
	t.Setenv("PATH", t.TempDir()) // no ffmpeg
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"render", "desk-break", "-o", filepath.Join(dir, "x.ogg")}, "want .wav, .flac, .mp3, .m4a or .opus"},
		{[]string{"render", "desk-break", "-o", filepath.Join(dir, "x")}, "no extension"},
		{[]string{"render", "desk-break", "-o", dir}, dir + " is a folder; name the file to write in it"},
		{[]string{"render", "desk-break", "-o", filepath.Join(dir, "nope", "x.wav")}, "there is no folder " + filepath.Join(dir, "nope")},
		{[]string{"render", "desk-break", "-o", "-", "--chapters"}, "--chapters writes a file beside the audio file"},
		{[]string{"render", "desk-break", "-o", filepath.Join(dir, "x.wav"), "--rate", "44000"}, "48000"},
		{[]string{"render", "desk-break", "-o", old}, "apt-get install ffmpeg"},
		{[]string{"render", "desk-break", "-o", filepath.Join(dir, "x.wav"), "--set", "tones.style=loud"}, "tones.style"},
		{[]string{"render", "desk-break", "-o", filepath.Join(dir, "x.wav"), "--set", "ambience=" + filepath.Join(dir, "rain.mp3")}, "no such file"},
		{[]string{"render", "desk-break", "-o", filepath.Join(dir, "x.wav"), "--set", "audio.loudness=-5"}, "audio.loudness"},
	}
	for _, tt := range tests {
		_, stderr, code := runGuide(t, tt.args...)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("guide %v: exit %d, stderr %q; want 1 and %q", tt.args, code, stderr, tt.want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files after failed renders, want only old.mp3", len(entries))
	}
	if b, _ := os.ReadFile(old); string(b) != "keep me" {
		t.Error("a failed render damaged an existing file")
	}
}

func TestRenderInterruptedLeavesNothing(t *testing.T) {
	hermetic(t)
	bin := built(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "long.flac")
	cmd := exec.Command(bin, "render", "back-relief", "-o", out, "--chapters", "--set", "pace.hold=10")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	// Wait for the temporary file, then press Ctrl-C.
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m, _ := filepath.Glob(filepath.Join(dir, ".guide-long.flac-*.tmp")); len(m) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no temporary file after 20s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitInterrupted, stderr.String())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("an interrupted render left %v", names)
	}
}
