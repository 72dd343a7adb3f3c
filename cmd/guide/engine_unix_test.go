//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSIGTERMStopsLingeringEngine: a voice.command whose child keeps
// running (sh -c 'sleep 300 & wait') does not keep guide alive through
// SIGTERM, and nothing of it survives.
func TestSIGTERMStopsLingeringEngine(t *testing.T) {
	bin := built(t)
	dir := t.TempDir()
	pids := filepath.Join(dir, "pids")
	cmd := exec.Command(bin, "plan", "testdata/voice/new-words.yaml", "--set", "voice.tts=command",
		"--set", `voice.command=sh -c 'sleep 300 & echo $! >> `+pids+`; wait'`)
	cmd.Env = env(os.Environ(), map[string]string{"XDG_CONFIG_HOME": dir, "XDG_CACHE_HOME": dir})
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if data, _ := os.ReadFile(pids); bytes.Count(data, []byte("\n")) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the engine never started:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	sent := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-done
	}
	if took := time.Since(sent); took > 3*time.Second {
		t.Errorf("guide exited %v after SIGTERM; want within 3s", took.Round(time.Millisecond))
	}
	if code := cmd.ProcessState.ExitCode(); code != 128+int(syscall.SIGTERM) {
		t.Errorf("exit code %d; want %d\n%s", code, 128+int(syscall.SIGTERM), stderr.String())
	}
	data, _ := os.ReadFile(pids)
	time.Sleep(200 * time.Millisecond)
	for _, f := range strings.Fields(string(data)) {
		pid, _ := strconv.Atoi(f)
		if pid > 0 && running(pid) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Errorf("the engine's sleep (pid %d) outlived guide", pid)
		}
	}
}

// running reports whether process pid runs (a zombie does not).
func running(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] != 'Z'
}
