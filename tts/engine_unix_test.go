//go:build unix

package tts

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// alive reports whether the process pid still runs (a zombie does not).
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	i := strings.LastIndexByte(string(stat), ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] != 'Z'
}

// lingering returns a voice.command whose shell starts a sleep in the
// background and waits for it, and the file the sleep's pid is written to.
func lingering(t *testing.T) (*Engine, string) {
	t.Helper()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	e, err := Find(Config{Engine: Command, Command: `sh -c 'sleep 300 & echo $! > ` + pidFile + `; wait'`})
	if err != nil {
		t.Fatal(err)
	}
	return e, pidFile
}

func checkGone(t *testing.T, pidFile string) {
	t.Helper()
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("the engine never started its child: %v", err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	deadline := time.Now().Add(2 * time.Second)
	for alive(pid) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if alive(pid) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("the engine's child (sleep, pid %d) outlived it", pid)
	}
}

// TestEngineGroupKilledOnTimeout: an engine whose child keeps running is
// stopped, child and all, at the time limit.
func TestEngineGroupKilledOnTimeout(t *testing.T) {
	defer func(d time.Duration) { timeout = d }(timeout)
	timeout = time.Second
	e, pidFile := lingering(t)
	start := time.Now()
	_, err := e.Speak(context.Background(), "Reach up.")
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "took longer than 1s to say") {
		t.Errorf("Speak: %v; want it to say the engine took longer than 1s", err)
	}
	if took > 4*time.Second {
		t.Errorf("Speak returned after %v; want about 1s", took)
	}
	checkGone(t, pidFile)
}

// TestEngineGroupKilledOnCancel: a cancelled context (Ctrl-C, SIGTERM)
// stops the engine and its child at once.
func TestEngineGroupKilledOnCancel(t *testing.T) {
	e, pidFile := lingering(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(500*time.Millisecond, cancel)
	start := time.Now()
	_, err := e.Speak(ctx, "Reach up.")
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Speak returned %v after the cancellation; want at once", took-500*time.Millisecond)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Speak: %v; want context.Canceled", err)
	}
	checkGone(t, pidFile)
}

// TestStdoutCap: an engine that writes a WAV header and then a gigabyte
// on standard output is stopped at the limit, which the message names.
func TestStdoutCap(t *testing.T) {
	done := filepath.Join(t.TempDir(), "done")
	e, err := Find(Config{Engine: Command, Command: `sh -c 'printf "RIFF\377\377\377\177WAVEfmt "; head -c 1073741824 /dev/zero; touch ` + done + `'`})
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = e.Speak(context.Background(), "Reach up.")
	runtime.ReadMemStats(&after)
	if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 256 {
		t.Errorf("Speak allocated %d MB; want the 64 MB limit to bound it", mb)
	}
	if err == nil || !strings.Contains(err.Error(), "wrote more than 64 MB") {
		t.Errorf("Speak: %v; want it to say the engine wrote more than 64 MB", err)
	}
	if _, err := os.Stat(done); err == nil {
		t.Error("the engine wrote its whole gigabyte; want it stopped at 64 MB")
	}
}

// TestClipTooLong: an engine that makes three minutes of sound of one
// phrase is refused, with the limit in the message.
func TestClipTooLong(t *testing.T) {
	if _, err := exec.LookPath("sox"); err != nil {
		t.Skip("sox is not installed")
	}
	e, err := Find(Config{Engine: Command, Command: "sox -n -r 16000 -c 1 -b 16 {out} synth 180 sine 220"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = e.Clip(context.Background(), "Reach up.")
	if err == nil || !strings.Contains(err.Error(), `made 3m of sound for "Reach up."; a phrase may last at most 2m`) {
		t.Errorf("Clip: %v; want it refused as longer than 2m", err)
	}
}

// TestRelativeCommand: a voice.command program given relative to the
// current folder is found, and run, from there.
func TestRelativeCommand(t *testing.T) {
	line, log := fakeLine(t)
	dir := t.TempDir()
	if err := os.Symlink(line, filepath.Join(dir, "mytts")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, prog := range []string{"./mytts", "mytts"} {
		e, err := Find(Config{Engine: Command, Command: prog + " -t {text} -o {out}"})
		if prog == "mytts" {
			if err == nil {
				t.Errorf("Find(%s) found %s; a name without a slash is looked for on PATH only", prog, e.Program)
			}
			continue
		}
		if err != nil {
			t.Fatalf("Find(%s): %v", prog, err)
		}
		if _, err := e.Speak(context.Background(), "Reach up."); err != nil {
			t.Errorf("Speak with %s: %v", prog, err)
		}
	}
	if got := calls(t, log); len(got) != 1 {
		t.Errorf("the engine ran %d times; want 1", len(got))
	}
}

// TestFileCap: an engine that writes a gigabyte to its sound file is
// stopped past the limit, which the message names.
func TestFileCap(t *testing.T) {
	done := filepath.Join(t.TempDir(), "done")
	e, err := Find(Config{Engine: Command, Command: `sh -c 'head -c 1073741824 /dev/zero > "$0"; touch ` + done + `' {out}`})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Speak(context.Background(), "Reach up.")
	if err == nil || !strings.Contains(err.Error(), "wrote more than 64 MB") {
		t.Errorf("Speak: %v; want it to say the engine wrote more than 64 MB", err)
	}
	if _, err := os.Stat(done); err == nil {
		t.Error("the engine wrote its whole gigabyte; want it stopped past 64 MB")
	}
}
