// Package filestest makes files of every kind guide may be given, for the
// fuzz tests of the loaders: a regular file, a named pipe, a link to
// /dev/zero, a file past the size limit (sparse, so it takes no room), a
// folder, a name with control characters. The loaders are then fed the
// way the program feeds them, through the file system.
package filestest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The kinds of file Write makes.
const (
	Regular = iota // data as it is
	Pipe           // a named pipe (a regular file outside Unix)
	Zero           // a symbolic link to /dev/zero (a regular file outside Unix)
	Huge           // data, then a hole to one byte past the limit
	Folder         // a folder, data unused
	OddName        // data, in a file whose name has BEL and ESC[31m (not on Windows, which forbids them)
	Kinds          // how many kinds there are
)

// Write makes a file of kind k (modulo Kinds) in dir, named name (with
// control characters added for OddName), holding data, and returns its
// path. limit is the loader's size limit, for Huge.
func Write(t testing.TB, dir, name string, data []byte, k uint8, limit int64) string {
	t.Helper()
	kind := int(k) % Kinds
	if kind == OddName {
		ext := filepath.Ext(name)
		name = strings.TrimSuffix(name, ext) + oddChars + ext
	}
	path := filepath.Join(dir, name)
	var err error
	switch kind {
	case Pipe:
		err = mkfifo(path)
	case Zero:
		err = linkZero(path)
	case Folder:
		err = os.Mkdir(path, 0o755)
	default:
		err = os.WriteFile(path, data, 0o600)
		if err == nil && kind == Huge {
			err = os.Truncate(path, max(int64(len(data)), limit)+1)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// Within runs f and fails t if it has not returned after 10 seconds: a
// loader must never wait on a file.
func Within(t testing.TB, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s has not returned after 10s", what)
	}
}

// MaxLine is the longest line a message may have: an excerpt of a value,
// a file name and the valid keys, never a whole file.
const MaxLine = 1000

// CheckMessage fails t if msg, what a user would see, has a raw control
// character (other than the newlines between problems) or a line over
// MaxLine bytes.
func CheckMessage(t testing.TB, msg string) {
	t.Helper()
	for _, line := range strings.Split(msg, "\n") {
		if len(line) > MaxLine {
			t.Errorf("a message line of %d bytes; want at most %d: %.300s…", len(line), MaxLine, line)
		}
		if i := strings.IndexFunc(line, func(r rune) bool { return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 }); i >= 0 {
			t.Errorf("a raw control character %q in the message: %q", line[i], line)
		}
	}
}
