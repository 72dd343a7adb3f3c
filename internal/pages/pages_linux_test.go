package pages

import (
	"bufio"
	"bytes"
	"embed"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchguide/guide/sessions"
)

// rssFile returns how much of the files it maps the process has resident
// (RssFile), in bytes.
func rssFile(t *testing.T) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "RssFile:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no RssFile in /proc/self/status")
	return 0
}

// readPack reads every file of the built-in voice pack from fsys, and
// returns how many bytes it read and the most RssFile grew over base
// after any one of them.
func readPack(t *testing.T, fsys fs.FS, base int64) (read, grew int64) {
	t.Helper()
	entries, err := fs.ReadDir(fsys, "voice")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(fsys, path.Join("voice", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		read += int64(len(b))
		grew = max(grew, rssFile(t)-base)
	}
	return read, grew
}

const mb = 1 << 20

func TestFromFileMapsNoneOfThePack(t *testing.T) {
	fsys := FromFile(sessions.FS)
	f, err := fsys.Open("voice/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f.(*file); !ok {
		t.Fatalf("FromFile opened voice/manifest.json as a %T; want it read from the executable", f)
	}
	f.Close()

	// Read from the file, the pack maps nothing.
	base := rssFile(t)
	read, grew := readPack(t, fsys, base)
	if read < 8*mb {
		t.Fatalf("the built-in pack is %d bytes; this test needs one of some megabytes", read)
	}
	if grew > mb/2 {
		t.Errorf("reading the %d MB pack through FromFile mapped %.1f MB of the binary; want none", read/mb, float64(grew)/mb)
	}

	// Read as embedded, it stays mapped: the test can see a mapping.
	base = rssFile(t)
	if _, grew := readPack(t, sessions.FS, base); grew < read/2 {
		t.Fatalf("reading the %d MB pack from memory mapped only %d MB of it: this test cannot tell FromFile maps none", read/mb, grew/mb)
	}
}

// Every embedded file reads as its source file does (read from the
// source, not from the binary's memory, which would map the pack).
func TestFromFileReadsWhatIsEmbedded(t *testing.T) {
	fsys, src := FromFile(sessions.FS), os.DirFS("../../sessions")
	err := fs.WalkDir(sessions.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		want, err := fs.ReadFile(src, name)
		if err != nil {
			return err
		}
		got, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: FromFile read %d bytes unlike the %d of sessions/%[1]s", name, len(got), len(want))
		}
		f, err := fsys.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		if _, ok := f.(*file); !ok && len(want) > 0 {
			t.Errorf("%s: opened as a %T, read from memory", name, f)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

//go:embed testdata
var testdata embed.FS

// FromFile's files behave as embed's own do: fstest reads them every way
// an fs.File, io.ReaderAt and io.Seeker may be read (the test's own small
// files: it reads a byte at a time, slow through pread on the pack).
func TestFromFileIsAnFS(t *testing.T) {
	fsys := FromFile(testdata)
	if err := fstest.TestFS(fsys, "testdata/note.txt", "testdata/clips/welcome.flac", "testdata/clips/empty"); err != nil {
		t.Fatal(err)
	}
	f, err := fsys.Open("testdata/clips/welcome.flac")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, ok := f.(*file); !ok {
		t.Fatalf("opened as a %T, read from memory", f)
	}
}

func TestOpenExe(t *testing.T) {
	e := openExe()
	if e == nil {
		t.Fatal("no read-only mapping of the test binary found")
	}
	var total uintptr
	for _, m := range e.maps {
		total += m.end - m.start
	}
	if total < 8*mb {
		t.Errorf("the read-only mappings found span %d bytes; the binary's rodata, with the voice pack, is bigger", total)
	}
}

func TestPathname(t *testing.T) {
	for line, want := range map[string]string{
		"00400000-00402000 r--p 00000000 fe:00 1234                     /work/my guide/bin/guide": "/work/my guide/bin/guide",
		"7fdbc4000000-7fdbc4021000 rw-p 00000000 00:00 0 ":                                        "",
		"7ffd38de2000-7ffd38e03000 rw-p 00000000 00:00 0                          [stack]":        "[stack]",
	} {
		if got := pathname([]byte(line)); got != want {
			t.Errorf("pathname(%q) = %q, want %q", line, got, want)
		}
	}
}
