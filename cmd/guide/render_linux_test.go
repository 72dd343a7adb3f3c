package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRenderOnAFullDiskKeepsTheOldFile renders, with the real binary, to a
// small disk that fills up near the end of the new file: guide exits 1,
// says the disk is full and the old file is unchanged, and it is, byte for
// byte, with nothing left beside it.
func TestRenderOnAFullDiskKeepsTheOldFile(t *testing.T) {
	needFFmpeg(t)
	hermetic(t)
	for _, f := range []string{"mp3", "flac"} {
		roomy := filepath.Join(t.TempDir(), "x."+f)
		if _, stderr, code := runBinary(t, "render", "desk-break", "-o", roomy); code != 0 {
			t.Fatalf("render: exit %d: %s", code, stderr)
		}
		st, _ := os.Stat(roomy)
		dir := t.TempDir()
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", dir).CombinedOutput(); err != nil {
			t.Skipf("a full disk is tested with a small tmpfs, which needs mount as root: %v: %s", err, bytes.TrimSpace(out))
		}
		defer exec.Command("umount", "-l", dir).Run()
		out := filepath.Join(dir, "desk."+f)
		good := []byte("a good file from yesterday")
		os.WriteFile(out, good, 0o640)
		var fs syscall.Statfs_t
		syscall.Statfs(dir, &fs)
		os.WriteFile(filepath.Join(dir, "fill"), make([]byte, int64(fs.Bavail)*fs.Bsize-st.Size()*9/10), 0o644)

		_, stderr, code := runBinary(t, "render", "desk-break", "-o", out)
		if code != 1 || !strings.Contains(stderr, "render "+out+": ") || !strings.Contains(stderr, out+" is unchanged") || strings.Contains(stderr, ".guide-") {
			t.Errorf("%s on a full disk: exit %d, stderr %q; want 1, naming the file and saying it is unchanged", f, code, stderr)
		}
		if got, _ := os.ReadFile(out); !bytes.Equal(got, good) {
			t.Errorf("%s: the old file is now %d bytes; want it unchanged", f, len(got))
		}
		if st, _ := os.Stat(out); st.Mode().Perm() != 0o640 {
			t.Errorf("%s: the old file's mode is %v; want it unchanged", f, st.Mode().Perm())
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".guide-*")); len(left) > 0 {
			t.Errorf("%s: left %q", f, left)
		}
	}
}
