package script_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchguide/guide/internal/files"
	"github.com/stretchguide/guide/internal/files/filestest"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
)

// FuzzLoadRoutine feeds a routine file to guide the two ways guide reads
// one, by its path (guide play ./x.yaml) and from the routines folder,
// through the file system, as every kind of file (filestest: a FIFO, a
// link to /dev/zero, a file past 1 MiB, a folder, a name with control
// characters). Loading must return at once, never panic, and report what
// is wrong in lines that name the file, quote short excerpts and escape
// control characters; what loads must compile.
func FuzzLoadRoutine(f *testing.F) {
	names, _ := fs.Glob(sessions.FS, "*.yaml")
	for _, name := range names {
		data, _ := fs.ReadFile(sessions.FS, name)
		f.Add(data, uint8(filestest.Regular))
	}
	f.Add([]byte("title: \"\\e[2J\\a\"\nsteps:\n  - pose: knee-to-chest\n    hold: 25s\n"), uint8(filestest.OddName))
	f.Add([]byte("title: *"+strings.Repeat("a", 3000)+"\nsteps: [&b {pose: cat-cow}, *b]\n"), uint8(filestest.Regular))
	f.Add([]byte("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"), uint8(filestest.Regular))
	for k := range filestest.Kinds {
		f.Add([]byte("title: T\nsteps:\n  - pose: cat-cow\n    breaths: 6\n"), uint8(k))
	}
	lib := catalog(f)
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		dir := t.TempDir()
		path := filestest.Write(t, dir, "mine.yaml", data, kind, files.MaxText)
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		cat := &script.Catalog{Library: lib.Library, Routines: map[string]*script.Routine{}}
		var r *script.Routine
		var err error
		filestest.Within(t, "Load", func() { r, err = cat.Load(path) })
		var broken []script.Broken
		filestest.Within(t, "AddUser", func() { broken = cat.AddUser(dir) })
		switch {
		case err == nil && len(broken) > 0:
			t.Fatalf("loads by its path, but the routines folder leaves it out: %v", broken[0].Err)
		case err != nil && (len(broken) != 1 || broken[0].Err.Error() != err.Error()):
			t.Fatalf("by its path: %v\nin the routines folder: %v", err, broken)
		case err == nil && cat.Routines[name] == nil:
			t.Fatalf("loads by its path, but not from the routines folder")
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), files.Show(path)) {
				t.Fatalf("an error that does not name the file: %v", err)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, files.Show(path)) {
					t.Errorf("error line %q does not name the file", line)
				}
			}
			filestest.CheckMessage(t, err.Error())
			return
		}
		if _, err := script.Compile(r, script.Options{Pace: normal}, secondVoice{}); err != nil && !strings.Contains(err.Error(), "4h") {
			t.Fatalf("loaded but does not compile: %v", err)
		}
	})
}
