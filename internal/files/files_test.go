package files

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestShow(t *testing.T) {
	tests := []struct{ in, want string }{
		{"routines/morning.yaml", "routines/morning.yaml"},
		{"my routines/été.yaml", "my routines/été.yaml"},
		{"a\abell.yaml", `"a\abell.yaml"`},
		{"\x1b[31mred.yaml", `"\x1b[31mred.yaml"`},
		{"two\nlines.yaml", `"two\nlines.yaml"`},
		{"bad\xffutf8.yaml", `"bad\xffutf8.yaml"`},
		{"", `""`},
	}
	for _, tt := range tests {
		if got := Show(tt.in); got != tt.want {
			t.Errorf("Show(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if got := Show(Show(tt.in)); got != Show(tt.in) {
			t.Errorf("Show(Show(%q)) = %s, want %s", tt.in, got, Show(tt.in))
		}
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("root:x:0:0:", 100)
	if got := Excerpt(long); got != long[:MaxExcerpt]+"…" {
		t.Errorf("Excerpt of %d characters = %q", len(long), got)
	}
	if got := Quote(long); got != `"`+long[:MaxExcerpt]+`"…` {
		t.Errorf("Quote of %d characters = %s", len(long), got)
	}
	if got := Quote("a\x1b[31m"); got != `"a\x1b[31m"` {
		t.Errorf("Quote = %s", got)
	}
	if got := Excerpt("short"); got != "short" {
		t.Errorf("Excerpt(short) = %s", got)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{300: "300 bytes", 1 << 20: "1 MiB", 64 << 20: "64 MiB", 2 << 30: "2 GiB", 1536: "1.5 KiB", 1<<20 + 1: "1 MiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestReadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"voice":"x"}`)},
		"big.json":      {Data: make([]byte, 11)},
		"clips":         {Mode: os.ModeDir},
	}
	show := func(p string) string { return filepath.Join("pack", p) }
	if data, err := ReadFS(fsys, "manifest.json", 10<<20, "a manifest", show); err != nil || string(data) != `{"voice":"x"}` {
		t.Errorf("ReadFS = %q, %v", data, err)
	}
	for name, want := range map[string]string{
		"big.json": "pack/big.json: is 11 bytes; a manifest may be at most 10 bytes",
		"clips":    "pack/clips: is a directory",
		"none":     "pack/none: no such file",
	} {
		if _, err := ReadFS(fsys, name, 10, "a manifest", show); err == nil || err.Error() != want {
			t.Errorf("ReadFS(%s) = %v, want %s", name, err, want)
		}
	}
}
