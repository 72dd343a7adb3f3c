//go:build unix

package voicepack

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/internal/testclip"
)

// within fails the test when f has not returned after 5 s. That is the
// proof that nothing is read whole or waited on: the special files never
// end or never answer, and the huge ones are sparse files of 1 TiB, which
// would take minutes to read. (No tighter bound on the clock: under -race
// on a loaded machine, importing the one good recording can take a second.)
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: still reading after 5s", what)
	}
}

// TestSpecialManifests checks that a pack's manifest.json that is a FIFO,
// a link to /dev/zero or /dev/urandom, or a file over 16 MiB is refused at
// once with a message that names it and the limit.
func TestSpecialManifests(t *testing.T) {
	tests := []struct {
		name string
		make func(manifest string) error
		want string
	}{
		{"a FIFO", func(m string) error { return syscall.Mkfifo(m, 0o600) }, "is a named pipe, not a regular file"},
		{"/dev/zero", func(m string) error { return os.Symlink("/dev/zero", m) }, "is a device, not a regular file"},
		{"/dev/urandom", func(m string) error { return os.Symlink("/dev/urandom", m) }, "is a device, not a regular file"},
		{"a folder", func(m string) error { return os.Mkdir(m, 0o755) }, "is a directory"},
		{"over 16 MiB", func(m string) error {
			if err := os.WriteFile(m, []byte(`{"voice": "`), 0o600); err != nil {
				return err
			}
			return os.Truncate(m, 1<<40)
		}, "is 1099511627776 bytes; a voice pack's manifest may be at most 16 MiB (16777216 bytes)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			manifest := filepath.Join(dir, "manifest.json")
			if err := tt.make(manifest); err != nil {
				t.Fatal(err)
			}
			var err error
			within(t, "OpenDir", func() { _, err = OpenDir(dir) })
			if want := "voice pack: " + manifest + ": " + tt.want; err == nil || err.Error() != want {
				t.Errorf("OpenDir: %v\nwant: %s", err, want)
			}
			var summary string
			var problems []string
			within(t, "Check", func() { summary, problems = Check(dir, []string{"Rest."}, []string{"Rest."}, "test") })
			if summary != "" || !slices.Contains(problems, "voice pack: "+manifest+": "+tt.want) {
				t.Errorf("Check: %q, %q; want the manifest's problem", summary, problems)
			}
			within(t, "Import", func() { _, err = Import(context.Background(), dir, []string{"Rest."}) })
			if err != nil {
				t.Errorf("Import beside a damaged manifest: %v", err)
			}
		})
	}
}

// TestSpecialClips checks that a clip a manifest names that is a FIFO or
// a 1 TiB file is refused at once, naming it.
func TestSpecialClips(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.wav"), 0o600); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge.wav")
	if err := os.WriteFile(huge, []byte("RIFF"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 1<<40); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"voice": "t", "rate": 44100, "clips": [{"text": "A.", "file": "fifo.wav", "samples": 5}]}`), 0o644)
	var err error
	within(t, "OpenDir", func() { _, err = OpenDir(dir) })
	if want := filepath.Join(dir, "manifest.json") + `: clips[0] "A.": file ` + filepath.Join(dir, "fifo.wav") + " is not a regular file"; err == nil || err.Error() != want {
		t.Errorf("a FIFO as a clip: %v\nwant: %s", err, want)
	}
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"voice": "t", "rate": 44100, "clips": [{"text": "A.", "file": "huge.wav", "samples": 5}]}`), 0o644)
	p, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	within(t, "Clip", func() { _, err = p.Clip("A.") })
	if want := huge + ": is 1099511627776 bytes; a clip may be at most 64 MiB (67108864 bytes)"; err == nil || err.Error() != want {
		t.Errorf("a 1 TiB clip: %v\nwant: %s", err, want)
	}
}

// TestLongRecordings checks that guide voice import and voice check refuse
// a 10-minute recording, a 1 TiB one and a FIFO named as a phrase, each
// with its limit, and import the others.
func TestLongRecordings(t *testing.T) {
	dir := t.TempDir()
	known := []string{"Breathe in.", "Breathe out.", "Rest.", "Knee to chest."}
	record(t, dir, "Breathe in.", 0.3)
	long := filepath.Join(dir, ClipStem("Breathe out.")+".wav")
	if err := os.WriteFile(long, testclip.WAV(8000, 1, false, make([]float64, 8000*600)), 0o644); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, ClipStem("Rest.")+".wav")
	if err := os.WriteFile(huge, []byte("RIFF"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 1<<40); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, ClipStem("Knee to chest.")+".wav")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	want := []string{
		long + ": lasts 10m; a clip may last at most 2m",
		huge + ": is 1099511627776 bytes; a recording may be at most 64 MiB (67108864 bytes)",
		fifo + ": is a named pipe, not a regular file",
	}
	var res Imported
	var err error
	within(t, "Import", func() { res, err = Import(context.Background(), dir, known) })
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(want)
	slices.Sort(res.Problems)
	if !slices.Equal(res.Problems, want) || len(res.Manifest.Clips) != 1 {
		t.Errorf("Import: %d clips, problems:\n%s\nwant 1 clip and:\n%s", len(res.Manifest.Clips), strings.Join(res.Problems, "\n"), strings.Join(want, "\n"))
	}
	var problems []string
	within(t, "Check", func() { _, problems = Check(dir, known, known, "test") })
	for _, w := range want {
		file, msg, _ := strings.Cut(w, ": ")
		if w := file + ": cannot be read: " + msg; !slices.Contains(problems, w) {
			t.Errorf("Check lacks %s; got:\n%s", w, strings.Join(problems, "\n"))
		}
	}
}
