package pages

import (
	"bufio"
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

func TestDropGivesBackThePack(t *testing.T) {
	Drop()
	base := rssFile(t)

	// Read as embedded, the pack stays mapped: the test can see it.
	read, grew := readPack(t, sessions.FS, base)
	if read < 8*mb {
		t.Fatalf("the built-in pack is %d bytes; this test needs one of some megabytes", read)
	}
	if grew < read/2 {
		t.Fatalf("reading the %d MB pack from the binary mapped only %d MB of it: this test cannot tell Drop works", read/mb, grew/mb)
	}
	Drop()
	if after := rssFile(t) - base; after > 2*mb {
		t.Errorf("after Drop, %.1f MB more of the binary is resident than before the pack was read; want under 2 MB", float64(after)/mb)
	}

	// Read through Dropping, no more than a clip's folios is ever mapped.
	Drop()
	base = rssFile(t)
	if _, grew := readPack(t, Dropping(sessions.FS), base); grew > 4*mb {
		t.Errorf("reading the pack through Dropping mapped %.1f MB of the binary at once; want under 4 MB", float64(grew)/mb)
	}
}

func TestDroppingIsTheSameFS(t *testing.T) {
	if err := fstest.TestFS(Dropping(sessions.FS), "voice/manifest.json", "voice/LICENSE", "morning.yaml"); err != nil {
		t.Fatal(err)
	}
}

func TestFindReadOnly(t *testing.T) {
	spans := findReadOnly()
	if len(spans) == 0 {
		t.Fatal("no read-only mapping of the test binary found")
	}
	var total uintptr
	for _, s := range spans {
		total += s.end - s.start
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
