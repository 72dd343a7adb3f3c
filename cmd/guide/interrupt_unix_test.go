//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/internal/interrupt"
	"github.com/stretchguide/guide/internal/session"
	"github.com/stretchguide/guide/internal/testtool"
)

// shellCode returns the exit code a shell shows for ps: 128 + N for a
// process ended by signal N.
func shellCode(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

// signalled starts a guide process in a process group of its own, sends it
// sig after delay (or once ready reports true), and returns how long it
// took to exit after the signal, its exit code as a shell shows it, and its
// standard error. Whatever the process leaves running is killed.
func signalled(t *testing.T, sig syscall.Signal, delay time.Duration, ready func() bool, args ...string) (took time.Duration, code int, stderr string) {
	t.Helper()
	return signalledTo(t, false, sig, delay, ready, args...)
}

// signalledTo is signalled that, with group, sends sig to guide's whole
// process group, as a terminal sends Ctrl-C to every program of the
// command running in it.
func signalledTo(t *testing.T, group bool, sig syscall.Signal, delay time.Duration, ready func() bool, args ...string) (took time.Duration, code int, stderr string) {
	t.Helper()
	cmd := exec.Command(built(t), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pgid := cmd.Process.Pid
	t.Cleanup(func() { syscall.Kill(-pgid, syscall.SIGKILL) })
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	time.Sleep(delay)
	for deadline := time.Now().Add(20 * time.Second); ready != nil && !ready(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("guide %s: not ready after 20s\n%s", strings.Join(args, " "), errb.String())
		}
	}
	sent := time.Now()
	if group {
		syscall.Kill(-pgid, sig)
	} else {
		cmd.Process.Signal(sig)
	}
	select {
	case <-done:
	case <-time.After(interrupt.Grace + 5*time.Second):
		t.Fatalf("guide %s: still running %v after %v", strings.Join(args, " "), interrupt.Grace+5*time.Second, sig)
	}
	return time.Since(sent), shellCode(cmd.ProcessState), errb.String()
}

// TestSignalsAtAnyTime sends Ctrl-C and SIGTERM to guide render at every
// moment from its start (reading the config, loading, rendering): each
// time guide ends within a second with 130 or 143, leaves no file and
// never panics.
func TestSignalsAtAnyTime(t *testing.T) {
	hermetic(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		for _, delay := range []time.Duration{0, time.Millisecond, 3 * time.Millisecond, 10 * time.Millisecond, 30 * time.Millisecond, 100 * time.Millisecond, 300 * time.Millisecond, 700 * time.Millisecond} {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.wav")
			took, code, stderr := signalled(t, sig, delay, nil, "render", "morning", "-o", out)
			what := fmt.Sprintf("%v %v after the start", sig, delay)
			if code == 0 {
				// It finished first: then the file is whole.
				if _, err := os.Stat(out); err != nil {
					t.Errorf("%s: exit 0 and no file", what)
				}
				continue
			}
			if want := 128 + int(sig); code != want {
				t.Errorf("%s: exit %d, want %d; stderr:\n%s", what, code, want, stderr)
			}
			if took > time.Second {
				t.Errorf("%s: took %v to stop, want under a second", what, took)
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
				t.Errorf("%s: stderr:\n%s", what, stderr)
			}
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				t.Errorf("%s: left %s in the output folder", what, entries[0].Name())
			}
		}
	}
}

// TestSignalWhileSpeechEngineHangs stops guide while a speech engine that
// ignores its end (its child holds the output open) is speaking: guide
// still ends with 143 within the grace period, saying it stopped.
func TestSignalWhileSpeechEngineHangs(t *testing.T) {
	voiceTest(t)
	started := filepath.Join(t.TempDir(), "started")
	line := fmt.Sprintf(`sh -c "touch %s; sleep 300 & wait"`, started)
	ready := func() bool { _, err := os.Stat(started); return err == nil }
	took, code, stderr := signalled(t, syscall.SIGTERM, 0, ready, "plan", "testdata/voice/new-words.yaml", "--set", "voice.tts=command", "--set", "voice.command="+line)
	if code != 143 {
		t.Errorf("exit %d, want 143; stderr:\n%s", code, stderr)
	}
	if took > interrupt.Grace+time.Second {
		t.Errorf("took %v to stop after SIGTERM, want within %v", took, interrupt.Grace+time.Second)
	}
	if !strings.HasSuffix(stderr, "guide: stopped\n") {
		t.Errorf("stderr:\n%s\nwant it to end with guide: stopped", stderr)
	}
}

// TestSignalDuringVoiceImport presses Ctrl-C while guide voice import is
// shaping a folder of recordings: it stops within a second with 130,
// leaves no unfinished clip, and the pack it leaves is whole: every clip
// the manifest lists decodes to the length it says.
func TestSignalDuringVoiceImport(t *testing.T) {
	voiceTest(t)
	dir := t.TempDir()
	texts, err := session.BuiltinPhrases()
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range texts[:24] {
		wavFile(t, filepath.Join(dir, voicepack.ClipStem(text)+".wav"), 48000, true, speech(48000, 48000*20, uint64(i)))
	}
	clips := filepath.Join(dir, voicepack.ClipsDir)
	ready := func() bool { // a clip is made, not only begun
		entries, _ := os.ReadDir(clips)
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), ".") && !strings.HasSuffix(e.Name(), ".tmp") {
				return true
			}
		}
		return false
	}
	took, code, stderr := signalled(t, syscall.SIGINT, 0, ready, "voice", "import", dir)
	if code != 130 {
		t.Errorf("exit %d, want 130; stderr:\n%s", code, stderr)
	}
	if took > interrupt.Grace {
		t.Errorf("took %v to stop after Ctrl-C, want under %v", took, interrupt.Grace)
	}
	p, err := voicepack.OpenDir(dir)
	if err != nil {
		t.Fatalf("the pack an interrupted import leaves: %v", err)
	}
	for _, text := range p.Texts() {
		if _, err := p.Clip(text); err != nil {
			t.Errorf("the pack an interrupted import leaves: %v", err)
		}
	}
	if n := len(p.Texts()); n == 0 || n == 24 {
		t.Errorf("%d clips in the manifest; want those made before Ctrl-C", n)
	}
	entries, _ := os.ReadDir(clips)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") || strings.HasPrefix(e.Name(), ".") {
			t.Errorf("an interrupted import left %s", e.Name())
		}
	}
}

// TestCtrlCAtTheTerminalDuringAnEncode: Ctrl-C at a terminal reaches every
// program of the foreground group. ffmpeg, in a group of its own, is
// stopped by guide, which says it was interrupted (130), not that ffmpeg
// failed (1), and leaves no file.
func TestCtrlCAtTheTerminalDuringAnEncode(t *testing.T) {
	testtool.Need(t, "ffmpeg", "ffmpeg")
	hermetic(t)
	out := filepath.Join(t.TempDir(), "m.mp3")
	ready := func() bool { // ffmpeg is writing
		m, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".guide-*"))
		for _, f := range m {
			if st, err := os.Stat(f); err == nil && st.Size() > 4096 {
				return true
			}
		}
		return false
	}
	_, code, stderr := signalledTo(t, true, syscall.SIGINT, 0, ready, "render", "back-relief", "-o", out)
	if code != 130 || strings.Contains(stderr, "ffmpeg") {
		t.Errorf("exit %d, stderr:\n%s\nwant 130 and no word of ffmpeg", code, stderr)
	}
	if left, _ := os.ReadDir(filepath.Dir(out)); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
