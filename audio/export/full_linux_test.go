package export

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchguide/guide/internal/atomicfile"
	"github.com/stretchguide/guide/internal/testtool"
	"github.com/stretchguide/guide/script"
)

// smallDisk mounts a tmpfs of the given size on a temporary folder.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("a full disk is tested with a small tmpfs, which needs mount as root: %v: %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

func free(t *testing.T, dir string) int64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * st.Bsize
}

// TestRenderOnAFullDisk renders every format to a small disk that fills
// up near the end of the file, over a good file of the same name: the
// render fails, saying so, the good file is left byte for byte, and no
// temporary file is left behind. ffmpeg 5.1 exits 0 after failing to write
// the end of an MP3, M4A or Opus file: only checking what it wrote
// catches it.
func TestRenderOnAFullDisk(t *testing.T) {
	testtool.Need(t, "ffmpeg", "ffmpeg")
	const seconds = 20
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			// How big the file is, rendered where there is room.
			roomy := filepath.Join(t.TempDir(), "x."+string(f))
			if err := Render(context.Background(), roomy, noiseSource(seconds), Export{Title: "T", Chapters: []Chapter{{0, "A"}, {script.Rate, "B"}}}); err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(roomy)
			if err != nil {
				t.Fatal(err)
			}
			size := st.Size()

			dir := smallDisk(t, "8m")
			out := filepath.Join(dir, "session."+string(f))
			if err := Render(context.Background(), out, toneSource(), Export{Title: "Old"}); err != nil {
				t.Fatal(err)
			}
			good, _ := os.ReadFile(out)
			// Fill the disk up to 90 % of the new file's size, so it runs out
			// near the end.
			fill := free(t, dir) - size*9/10
			if fill < 0 {
				t.Fatalf("the disk is too small for a %d byte file", size)
			}
			if err := os.WriteFile(filepath.Join(dir, "fill"), make([]byte, fill), 0o644); err != nil {
				t.Fatal(err)
			}

			err = Render(context.Background(), out, noiseSource(seconds), Export{Title: "T", Chapters: []Chapter{{0, "A"}, {script.Rate, "B"}}})
			t.Logf("%s (%d bytes) on a full disk: %v", f, size, err)
			if err == nil {
				t.Errorf("the render succeeded on a full disk")
			} else if msg := err.Error(); !strings.HasPrefix(msg, "render "+out+": ") || !strings.HasSuffix(msg, out+" is unchanged") || strings.Contains(msg, ".guide-") {
				t.Errorf("error %q; want it to name %s, say it is unchanged and name no temporary file", err, out)
			}
			if got, _ := os.ReadFile(out); !bytes.Equal(got, good) {
				t.Errorf("%s: %d bytes after the failed render; want the good file's %d, as they were", out, len(got), len(good))
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "fill" && e.Name() != filepath.Base(out) {
					t.Errorf("%s is left in the folder", e.Name())
				}
			}
		})
	}
}

// TestRenderRemovesStaleTemporaryFiles: the files a killed render left
// beside its output (its own and ffmpeg's chapter list, all named
// .guide-*.tmp) go with the next render to that folder; one a live render
// holds stays.
func TestRenderRemovesStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	stale := []string{filepath.Join(dir, ".guide-x.mp3-0badf00d.tmp"), filepath.Join(dir, ".guide-x.mp3.ffmetadata-12345678.tmp")}
	for _, s := range stale {
		os.WriteFile(s, []byte("left by a killed render"), 0o600)
	}
	held, err := atomicfile.Create(filepath.Join(dir, "other.wav"))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Abort()
	if err := Render(context.Background(), filepath.Join(dir, "y.wav"), toneSource(), Export{}); err != nil {
		t.Fatal(err)
	}
	for _, s := range stale {
		if _, err := os.Stat(s); err == nil {
			t.Errorf("%s is still there after the next render", s)
		}
	}
	if _, err := os.Stat(held.Name()); err != nil {
		t.Errorf("the temporary file a live writer holds was removed: %v", err)
	}
}

// TestRenderToAReadOnlyFolder: the message names the folder and why, not
// a temporary file.
func TestRenderToAReadOnlyFolder(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("a read-only folder is tested with a read-only tmpfs, which needs mount as root: %v: %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	out := filepath.Join(dir, "x.wav")
	err := Render(context.Background(), out, toneSource(), Export{})
	if err == nil || err.Error() != "render "+out+": cannot write in "+dir+": read-only file system" {
		t.Errorf("Render into a read-only folder: %v", err)
	}
}
