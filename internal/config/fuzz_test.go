package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	guide "github.com/stretchguide/guide"
	"github.com/stretchguide/guide/internal/files"
	"github.com/stretchguide/guide/internal/files/filestest"
)

// FuzzLoadFile feeds Load a config file the way guide gets one: through
// the file system, as --config and as the user's config file, of every
// kind (filestest: a FIFO, a link to /dev/zero, a file past 1 MiB, a
// folder, a name with control characters). Load must return at once,
// never panic, and say what is wrong in lines that name the config, quote
// short excerpts and escape control characters.
func FuzzLoadFile(f *testing.F) {
	f.Add(guide.DefaultConfig, uint8(filestest.Regular))
	f.Add([]byte("pace:\n  inhale: 5s\n  hold: 1_0\n"), uint8(filestest.Regular))
	f.Add([]byte("routine: \"\\e[31m\\a\"\nambience: /dev/zero\n"), uint8(filestest.OddName))
	f.Add([]byte("routine: *"+strings.Repeat("a", 3000)+"\npace: &p {inhale: 4s}\n"), uint8(filestest.Regular))
	f.Add([]byte("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"), uint8(filestest.Regular))
	for k := range filestest.Kinds {
		f.Add([]byte("routine: bedtime\n"), uint8(k))
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "guide"), 0o755); err != nil {
			t.Fatal(err)
		}
		path := filestest.Write(t, filepath.Join(dir, "guide"), "config.yaml", data, kind, files.MaxText)
		sources := []Source{{File: path, Environ: []string{"XDG_CONFIG_HOME=" + t.TempDir()}}}
		if filepath.Base(path) == "config.yaml" {
			sources = append(sources, Source{Environ: []string{"XDG_CONFIG_HOME=" + dir}})
		}
		for _, src := range sources {
			var err error
			filestest.Within(t, "Load", func() { _, err = Load(src) })
			if err == nil {
				continue
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "config: ") {
					t.Errorf("error line %q does not start with %q", line, "config: ")
				}
			}
			filestest.CheckMessage(t, err.Error())
		}
	})
}
