package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchguide/guide/internal/faketts"
)

// engineIn returns the process that runs in dir (its working directory),
// or 0.
func engineIn(dir string) int {
	procs, _ := os.ReadDir("/proc")
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil {
			continue
		}
		if cwd, _ := os.Readlink(filepath.Join("/proc", p.Name(), "cwd")); cwd == dir {
			return pid
		}
	}
	return 0
}

// ttsDirs returns the engines' directories in tmp.
func ttsDirs(t *testing.T, tmp string) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(tmp, "guide-tts-*"))
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// TestKilledWhileSpeaking kills guide (kill -9, which it cannot catch)
// while a speech engine is saying a phrase: the engine dies with it
// instead of running on, and the next guide that speaks removes the
// directory the engine ran in.
func TestKilledWhileSpeaking(t *testing.T) {
	voiceTest(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	const routine = "testdata/voice/new-words.yaml"
	// An engine that says nothing for five minutes.
	cmd := exec.Command(built(t), "plan", routine, "--set", "voice.tts=command", "--set", "voice.command=sleep 300")
	cmd.Env = os.Environ()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var dir string
	var engine int
	for deadline := time.Now().Add(10 * time.Second); engine == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("no engine started in 10 s (directories: %q)", ttsDirs(t, tmp))
		}
		for _, d := range ttsDirs(t, tmp) { // phrases are said two at a time
			if engine = engineIn(d); engine != 0 {
				dir = d
				break
			}
		}
	}
	t.Cleanup(func() { syscall.Kill(engine, syscall.SIGKILL) })
	if !strings.HasPrefix(filepath.Base(dir), fmt.Sprintf("guide-tts-%d-", cmd.Process.Pid)) {
		t.Errorf("the engine runs in %s; want a directory named for guide's process, guide-tts-%d-...", dir, cmd.Process.Pid)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	// The engine goes with guide.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", engine))
		if err != nil || strings.Contains(string(b), ") Z ") { // gone, or dead and waiting for init
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the engine (process %d) still runs 5 s after guide was killed", engine)
		}
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("guide, killed, removed %s (%v): this test cannot tell the next one does", dir, err)
	}

	// The next guide to speak clears it away, and leaves nothing of its own.
	line, _ := faketts.Command(t, "-t {text} -o {out}")
	if _, stderr, code := runGuide(t, "plan", routine, "--set", "voice.tts=command", "--set", "voice.command="+line); code != 0 {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	if left := ttsDirs(t, tmp); len(left) > 0 {
		t.Errorf("after the next guide spoke, %s has %q; want no engine directory left", tmp, left)
	}
}
