package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchguide/guide/internal/faketts"
)

// inTerminal runs guide with args in a real terminal (util-linux script
// gives it one) and returns everything it wrote there.
func inTerminal(t *testing.T, env []string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("script"); err != nil {
		t.Skip("script (util-linux) is not installed")
	}
	line := built(t)
	for _, a := range args {
		line += " '" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	log := filepath.Join(t.TempDir(), "typescript")
	cmd := exec.Command("script", "-qec", line, log)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestProgressOnATerminal: a render, and an engine saying new phrases,
// that take more than a moment show how far they are on a terminal, and
// clear the line when done.
func TestProgressOnATerminal(t *testing.T) {
	needFFmpeg(t)
	hermetic(t)
	dir := t.TempDir()
	// back-relief as M4A: some seconds of ffmpeg, over progress.Delay
	// (desk-break as MP3 is done in under a second now).
	out := filepath.Join(dir, "back.m4a")
	got := inTerminal(t, os.Environ(), "render", "back-relief", "-o", out)
	if !strings.Contains(got, "guide: rendering "+out+" ") || !strings.Contains(got, "%") || !strings.Contains(got, "\r\033[KWrote "+out) {
		t.Errorf("the terminal showed %q; want the render's progress, cleared before the summary", got)
	}

	// An engine that takes two seconds a phrase.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	wav := filepath.Join(dir, "say.wav")
	os.WriteFile(wav, faketts.WAV(16000, 8000), 0o644)
	got = inTerminal(t, os.Environ(), "plan", "testdata/voice/new-words.yaml", "--set", "voice.tts=command",
		"--set", "voice.command=sh -c 'sleep 2; cp "+wav+" \"$0\"' {out}")
	if !strings.Contains(got, "guide: saying 2 new phrases with command") || !strings.Contains(got, "guide: saying... ") || !strings.Contains(got, "/2") {
		t.Errorf("the terminal showed %q; want the engine's progress", got)
	}
}
