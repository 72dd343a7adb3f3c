//go:build unix

package tts

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSweepTemp: the directories of engines run by a guide that has gone
// are removed; those of running guides, and anything else, are left.
func TestSweepTemp(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	elsewhere := t.TempDir()
	keep := filepath.Join(elsewhere, "keep")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	dead := fmt.Sprintf("guide-tts-%d-123", gone.Process.Pid)
	left := []string{
		fmt.Sprintf("guide-tts-%d-456", os.Getpid()), // this guide's
		"guide-tts-1-789",      // a process that runs (init)
		"guide-tts-2964105786", // named before the process ID was in the name
		"guide-tts-x-1",
	}
	for _, d := range append([]string{dead}, left...) {
		if err := os.MkdirAll(filepath.Join(tmp, d, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	link := fmt.Sprintf("guide-tts-%d-link", gone.Process.Pid)
	if err := os.Symlink(elsewhere, filepath.Join(tmp, link)); err != nil {
		t.Fatal(err)
	}
	left = append(left, link)

	sweepTemp()
	if _, err := os.Stat(filepath.Join(tmp, dead)); !os.IsNotExist(err) {
		t.Errorf("%s, of a guide that has gone, is still there (%v)", dead, err)
	}
	for _, d := range left {
		if _, err := os.Lstat(filepath.Join(tmp, d)); err != nil {
			t.Errorf("%s was removed: %v", d, err)
		}
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("what the symlink points to was removed: %v", err)
	}
}
