//go:build unix

package script_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
)

// specialFiles makes, in dir, a routine of each kind guide must refuse at
// once rather than hang on or fill memory with: a FIFO, links to /dev/zero
// and /dev/urandom, a folder named like a routine, a file over 1 MiB, a
// text file that is no routine and a name with control characters. It
// returns each file's name and the message Load gives for it.
func specialFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at := func(name string) string { return filepath.Join(dir, name) }
	must(syscall.Mkfifo(at("fifo.yaml"), 0o600))
	must(os.Symlink("/dev/zero", at("zero.yaml")))
	must(os.Symlink("/dev/urandom", at("random.yaml")))
	must(os.Mkdir(at("x.yaml"), 0o755))
	must(os.WriteFile(at("big.yaml"), []byte("title: Big\n# "+strings.Repeat("x", 1<<20)+"\n"), 0o600))
	passwd := strings.Repeat("root:x:0:0:root:/root:/bin/bash\n", 40)
	must(os.WriteFile(at("passwd.yaml"), []byte(passwd), 0o600))
	must(os.WriteFile(at("bell\a\x1b[31m.yaml"), []byte("title: [\n"), 0o600))
	return map[string]string{
		"fifo.yaml":           at("fifo.yaml") + ": is a named pipe, not a regular file",
		"zero.yaml":           at("zero.yaml") + ": is a device, not a regular file",
		"random.yaml":         at("random.yaml") + ": is a device, not a regular file",
		"x.yaml":              at("x.yaml") + ": is a directory",
		"big.yaml":            at("big.yaml") + ": is 1048590 bytes; a routine may be at most 1 MiB (1048576 bytes)",
		"passwd.yaml":         at("passwd.yaml") + `:1:1: the routine must be a mapping of keys to values, not "root:x:0:0:root:/root:/bin/bash root:x:0:0:root:/root:/bin/b"…`,
		"bell\a\x1b[31m.yaml": `"` + dir + `/bell\a\x1b[31m.yaml":1:1: invalid YAML: did not find expected node content`,
	}
}

func builtinCatalog(t *testing.T) *script.Catalog {
	t.Helper()
	cat, err := script.LoadCatalog(sessions.FS, "sessions")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestSpecialRoutineFiles checks that a routine file given by its path
// that is no regular file of at most 1 MiB is refused at once, naming the
// file and the limit, and that a text file is quoted by an excerpt only.
func TestSpecialRoutineFiles(t *testing.T) {
	dir := t.TempDir()
	cat := builtinCatalog(t)
	for name, want := range specialFiles(t, dir) {
		start := time.Now()
		done := make(chan error, 1)
		go func() {
			_, err := cat.Find(filepath.Join(dir, name))
			done <- err
		}()
		var err error
		select {
		case err = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("guide play %s: still reading after 5s", name)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("%s took %v to refuse; want at once", name, took)
		}
		if err == nil || err.Error() != want {
			t.Errorf("%q:\n%v\nwant:\n%s", name, err, want)
		}
	}
}

// TestRoutinesFolderWithSpecialFiles checks that the same files in the
// routines folder are each left out with the same message, at once, and
// the good routine beside them is added; asked for by name, a broken
// routine gives its own problems.
func TestRoutinesFolderWithSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	want := specialFiles(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "lunch.yaml"), []byte("title: Lunch\nsteps:\n  - pose: cat-cow\n    breaths: 6\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// An editor's lock file beside them: hidden, so not a routine.
	if err := os.Symlink("user@host.1234", filepath.Join(dir, ".#lunch.yaml")); err != nil {
		t.Fatal(err)
	}
	cat := builtinCatalog(t)
	start := time.Now()
	broken := cat.AddUser(dir)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("AddUser took %v", took)
	}
	if len(broken) != len(want) {
		t.Errorf("%d files left out, want %d: %v", len(broken), len(want), broken)
	}
	for _, b := range broken {
		if w := want[filepath.Base(b.File)]; b.Err.Error() != w {
			t.Errorf("%q left out with:\n%v\nwant:\n%s", b.File, b.Err, w)
		}
	}
	if cat.Routines["lunch"] == nil {
		t.Errorf("lunch, beside the broken files, is not added: %v", cat.Names())
	}
	if _, err := cat.Find("fifo"); err == nil || err.Error() != want["fifo.yaml"] {
		t.Errorf("Find(fifo): %v; want %s", err, want["fifo.yaml"])
	}
}
