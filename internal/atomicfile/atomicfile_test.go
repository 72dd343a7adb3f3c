package atomicfile

import (
	"bufio"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// names returns the names of the entries of dir, sorted.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestCreateWritesBesideAndCommitRenames(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.wav")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Path(); got != path {
		t.Errorf("Path() = %q, want %q", got, path)
	}
	if got := filepath.Dir(f.Name()); got != dir {
		t.Errorf("the temporary file is in %s, want %s (beside the file, so the rename is atomic)", got, dir)
	}
	if !IsTemp(filepath.Base(f.Name())) {
		t.Errorf("IsTemp(%q) = false for a temporary file", filepath.Base(f.Name()))
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("%s exists before Commit: %v", path, err)
	}
	if _, err := f.WriteString("new"); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "new" {
		t.Errorf("after Commit %s holds %q, %v; want \"new\"", path, b, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != 0o644 {
		t.Errorf("a new file has mode %v, want 0644", got)
	}
	if got, want := names(t, dir), []string{"s.wav"}; !slices.Equal(got, want) {
		t.Errorf("the folder holds %q, want %q", got, want)
	}
	f.Abort() // after Commit: nothing
	if _, err := os.Stat(path); err != nil {
		t.Errorf("Abort after Commit removed the file: %v", err)
	}
	if err := f.Commit(); err == nil || !strings.Contains(err.Error(), "already committed") {
		t.Errorf("a second Commit: %v; want already committed", err)
	}
}

func TestAbortKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.wav")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("new, half written"); err != nil {
		t.Fatal(err)
	}
	f.Abort()
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("after Abort %s holds %q, want \"old\"", path, b)
	}
	if got, want := names(t, dir), []string{"s.wav"}; !slices.Equal(got, want) {
		t.Errorf("after Abort the folder holds %q, want %q: nothing left behind", got, want)
	}
	if err := f.Commit(); err == nil {
		t.Error("Commit after Abort: no error")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("Commit after Abort changed %s to %q", path, b)
	}
}

func TestCommitKeepsTheModeOfTheFileItReplaces(t *testing.T) {
	for _, mode := range []fs.FileMode{0o600, 0o640, 0o755} {
		dir := t.TempDir()
		path := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(path, []byte("old"), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil { // whatever the umask
			t.Fatal(err)
		}
		if err := WriteFile(path, []byte("new")); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != mode {
			t.Errorf("replacing a %v file: mode %v", mode, got)
		}
		if b, _ := os.ReadFile(path); string(b) != "new" {
			t.Errorf("%v: the file holds %q, want \"new\"", mode, b)
		}
		if got, want := names(t, dir), []string{"config.yaml"}; !slices.Equal(got, want) {
			t.Errorf("%v: the folder holds %q, want %q", mode, got, want)
		}
	}
}

func TestCommitOverAFolderFails(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out")
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("writing over a folder: %v; want not a regular file", err)
	}
	if got, want := names(t, dir), []string{"out"}; !slices.Equal(got, want) {
		t.Errorf("the folder holds %q, want %q: nothing left behind", got, want)
	}
}

func TestCreateInAMissingFolderFails(t *testing.T) {
	if _, err := Create(filepath.Join(t.TempDir(), "missing", "s.wav")); err == nil {
		t.Error("Create in a missing folder: no error")
	}
}

func TestIsTemp(t *testing.T) {
	for name, want := range map[string]bool{
		".guide-s.wav-0123abcd.tmp": true,
		".guide-.tmp":               true,
		"s.wav":                     false,
		".guide-s.wav":              false,
		"guide-s.wav-0123abcd.tmp":  false,
		"s.tmp":                     false,
	} {
		if got := IsTemp(name); got != want {
			t.Errorf("IsTemp(%q) = %v, want %v", name, got, want)
		}
	}
}

// The child process of TestRemoveStaleSparesLiveFiles: it starts writing a
// file in the folder ATOMICFILE_CHILD names, says the temporary file's
// name, and waits to be killed.
func TestChildHoldingATemporaryFile(t *testing.T) {
	dir := os.Getenv("ATOMICFILE_CHILD")
	if dir == "" {
		t.Skip("run by TestRemoveStaleSparesLiveFiles")
	}
	f, err := Create(filepath.Join(dir, "child.wav"))
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString(f.Name() + "\n")
	time.Sleep(time.Minute)
	os.Exit(0)
}

func TestRemoveStaleSparesLiveFiles(t *testing.T) {
	dir := t.TempDir()
	// A file another running guide is writing.
	child := exec.Command(os.Args[0], "-test.run=^TestChildHoldingATemporaryFile$")
	child.Env = append(os.Environ(), "ATOMICFILE_CHILD="+dir)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			child.Process.Kill()
			child.Wait()
		}
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, dir) {
		t.Fatalf("the child said %q, %v; want its temporary file", line, err)
	}
	childTemp := strings.TrimSpace(line)

	// A file this process is writing.
	mine, err := Create(filepath.Join(dir, "mine.wav"))
	if err != nil {
		t.Fatal(err)
	}
	defer mine.Abort()
	// One left by a guide that was killed: nobody holds it.
	left := filepath.Join(dir, ".guide-s.wav-0badf00d.tmp")
	// And files that are not ours.
	for _, name := range []string{left, filepath.Join(dir, "s.wav"), filepath.Join(dir, "notes.tmp")} {
		if err := os.WriteFile(name, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	removed, err := RemoveStale(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{left}; !slices.Equal(removed, want) {
		t.Errorf("RemoveStale removed %q, want %q", removed, want)
	}
	want := []string{filepath.Base(childTemp), filepath.Base(mine.Name()), "notes.tmp", "s.wav"}
	slices.Sort(want)
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Errorf("after RemoveStale the folder holds %q, want %q", got, want)
	}
	// RemoveStale must not have taken this process's lock away: it can
	// still commit.
	if _, err := mine.WriteString("mine"); err != nil {
		t.Fatal(err)
	}
	if err := mine.Commit(); err != nil {
		t.Fatal(err)
	}

	// The child is killed: its file is left behind, and is stale now.
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	killed = true
	if _, err := os.Stat(childTemp); err != nil {
		t.Fatalf("the killed child's temporary file is gone already: %v", err)
	}
	removed, err = RemoveStale(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{childTemp}; !slices.Equal(removed, want) {
		t.Errorf("after the kill RemoveStale removed %q, want %q", removed, want)
	}
	if got, want := names(t, dir), []string{"mine.wav", "notes.tmp", "s.wav"}; !slices.Equal(got, want) {
		t.Errorf("the folder holds %q, want %q", got, want)
	}
	if _, err := RemoveStale(filepath.Join(dir, "missing")); err == nil {
		t.Error("RemoveStale of a missing folder: no error")
	}
}
