//go:build unix

package main

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/wav"
	"github.com/stretchguide/guide/script"
)

// TestRenderKilledLeavesNothingForLong: a render killed with SIGKILL
// leaves its temporary files (the audio, ffmpeg's chapter list, the
// chapter list beside it), all named .guide-*.tmp beside the output and
// none in /tmp; the next render to that folder removes them.
func TestRenderKilledLeavesNothingForLong(t *testing.T) {
	needFFmpeg(t)
	hermetic(t)
	bin := built(t)
	dir := t.TempDir()
	tmp := t.TempDir()
	out := filepath.Join(dir, "long.mp3")
	cmd := exec.Command(bin, "render", "back-relief", "-o", out, "--chapters", "--set", "pace.hold=10")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m, _ := filepath.Glob(filepath.Join(dir, ".guide-long.mp3-*.tmp")); len(m) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no temporary file after 20s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	left, _ := filepath.Glob(filepath.Join(dir, ".guide-*.tmp"))
	if len(left) != 3 {
		t.Errorf("a killed render left %q; want its audio, ffmpeg's chapter list and its own chapter list", left)
	}
	if m, _ := filepath.Glob(filepath.Join(tmp, "*")); len(m) > 0 {
		t.Errorf("a render left %q in TMPDIR; want every temporary file beside the output", m)
	}

	_, stderr, code := runBinary(t, "render", "desk-break", "-o", filepath.Join(dir, "short.wav"))
	if code != 0 {
		t.Fatalf("the next render: exit %d: %s", code, stderr)
	}
	time.Sleep(100 * time.Millisecond) // ffmpeg, orphaned, may still be finishing
	if left, _ := filepath.Glob(filepath.Join(dir, ".guide-*")); len(left) > 0 {
		t.Errorf("the next render to the folder left %q", left)
	}
}

// TestRenderToStandardOutput: -o - writes a WAV of the session to
// standard output, and the summary to standard error.
func TestRenderToStandardOutput(t *testing.T) {
	hermetic(t)
	s := compiled(t, "desk-break")
	stdout, stderr, code := runBinary(t, "render", "desk-break", "-o", "-", "--mono", "--rate", "22050")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pcm, rate, err := wav.Decode([]byte(stdout))
	if err != nil {
		t.Fatalf("standard output is not a WAV file: %v", err)
	}
	// The header's sizes are the stream's, as strict readers (Python's
	// wave, some players) take them: the RIFF size and the data size.
	le := binary.LittleEndian
	if riff, data := le.Uint32([]byte(stdout[4:8])), le.Uint32([]byte(stdout[40:44])); int(riff) != len(stdout)-8 || int(data) != len(stdout)-44 {
		t.Errorf("header sizes RIFF %d, data %d; want %d and %d", riff, data, len(stdout)-8, len(stdout)-44)
	}
	want := s.Timeline.Duration().Seconds()
	if got := float64(len(pcm)) / float64(rate); rate != 22050 || math.Abs(got-want) > 0.01 {
		t.Errorf("%d Hz, %.3f s; want 22050 Hz, %.3f s", rate, got, want)
	}
	if !strings.HasPrefix(stderr, "Wrote standard output: Desk break, "+script.Clock(s.Timeline.Length)+", WAV mono, 22.05 kHz,") {
		t.Errorf("stderr %q; want the summary", stderr)
	}
	if bytes.Contains([]byte(stdout), []byte("Wrote")) {
		t.Error("the summary went into the sound")
	}
}

// TestRenderLoudnessOutOfReach: a target louder than the limiter lets
// sessions reach is refused before any work, with the range; at the
// loudest allowed, the file measures what was asked.
func TestRenderLoudnessOutOfReach(t *testing.T) {
	needFFmpeg(t)
	hermetic(t)
	out := filepath.Join(t.TempDir(), "loud.wav")
	_, stderr, code := runBinary(t, "render", "desk-break", "-o", out, "--set", "audio.loudness=-10")
	if code != 1 || !strings.Contains(stderr, "audio.loudness is -10; want -30 to -14 LUFS") {
		t.Errorf("audio.loudness -10: exit %d, stderr %q; want it refused with the range", code, stderr)
	}
	stdout, stderr, code := runBinary(t, "render", "desk-break", "-o", out, "--set", "audio.loudness=-14")
	if code != 0 || stderr != "" {
		t.Fatalf("audio.loudness -14: exit %d: %s", code, stderr)
	}
	lufs, _ := loudness(t, out)
	var said float64
	if i := strings.Index(stdout, " LUFS"); i > 0 {
		f := strings.Fields(stdout[:i])
		said, _ = strconv.ParseFloat(f[len(f)-1], 64)
	}
	if math.Abs(lufs+14) > 0.5 || math.Abs(said-lufs) > 0.2 {
		t.Errorf("audio.loudness -14: the file measures %.1f LUFS (ffmpeg), guide said %q", lufs, stdout)
	}
}
