//go:build unix

package files

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOnlyRegularFiles checks that what is not a regular file within its
// limit is refused at once, naming the file, what it is and the limit, and
// that nothing blocks or fills memory: a FIFO, /dev/zero, /dev/urandom, a
// symbolic link to them, a folder, a file over the limit.
func TestOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	fifoLink := filepath.Join(dir, "pipe.yaml")
	if err := os.Symlink(fifo, fifoLink); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "x.yaml")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, MaxText+1), 0o600); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(dir, "full.yaml")
	if err := os.WriteFile(full, make([]byte, MaxText), 0o600); err != nil {
		t.Fatal(err)
	}
	// A 2 GB file that takes no room: refused from its size, not read.
	huge := filepath.Join(dir, "rain.wav")
	if err := os.WriteFile(huge, []byte("RIFF"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 2<<30); err != nil {
		t.Fatal(err)
	}
	bell := filepath.Join(dir, "a\abell\x1b[31m.yaml")
	if err := os.WriteFile(bell, make([]byte, MaxText+1), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path  string
		limit int64
		what  string
		want  string
	}{
		{fifo, MaxText, "a routine", fifo + ": is a named pipe, not a regular file"},
		{fifoLink, MaxText, "a routine", fifoLink + ": is a named pipe, not a regular file"},
		{"/dev/zero", MaxText, "a routine", "/dev/zero: is a device, not a regular file"},
		{"/dev/urandom", MaxText, "a routine", "/dev/urandom: is a device, not a regular file"},
		{link, MaxText, "a routine", link + ": is a device, not a regular file"},
		{folder, MaxText, "a routine", folder + ": is a directory"},
		{big, MaxText, "a routine", big + ": is 1048577 bytes; a routine may be at most 1 MiB (1048576 bytes)"},
		{full, MaxText, "a routine", ""},
		{huge, MaxAudio, "an ambience file", huge + ": is 2147483648 bytes; an ambience file may be at most 64 MiB (67108864 bytes)"},
		{bell, MaxText, "a routine", `"` + dir + `/a\abell\x1b[31m.yaml": is 1048577 bytes; a routine may be at most 1 MiB (1048576 bytes)`},
		{filepath.Join(dir, "none.yaml"), MaxText, "a routine", dir + "/none.yaml: no such file"},
	}
	for _, tt := range tests {
		start := time.Now()
		done := make(chan error, 1)
		go func() {
			_, err := Read(tt.path, tt.limit, tt.what)
			done <- err
		}()
		var err error
		select {
		case err = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Read(%q) has not returned after 5s", tt.path)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("Read(%q) took %v; want it refused at once", tt.path, took)
		}
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("Read(%q):\n%s\nwant:\n%s", tt.path, got, tt.want)
		}
	}
	if _, err := Read(filepath.Join(dir, "none.yaml"), MaxText, "a routine"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v; want an error that is fs.ErrNotExist", err)
	}
	if _, err := Read(fifo, MaxText, "a routine"); !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("FIFO: %v", err)
	}
}

// TestGrowingFile checks that a file that grows past its limit while it is
// read is refused rather than read on: the limit holds on the bytes read,
// not only on the size looked at first.
func TestGrowingFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "grows.yaml")
	if err := os.WriteFile(name, []byte("title: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Open(name, 100, "a routine")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := os.WriteFile(name, make([]byte, 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = readAll(f, f.Size())
	if want := name + ": is 101 bytes; a routine may be at most 100 bytes"; err == nil || err.Error() != want {
		t.Errorf("a file grown while read: %v; want %s", err, want)
	}
}
