//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOnlyRegularFilesAreRead checks that a config file that is not a
// regular file of at most 1 MiB is refused at once, naming the file and
// what is wrong, and that reading never hangs on a FIFO or a device.
func TestOnlyRegularFilesAreRead(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", 1<<20)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	justRight := filepath.Join(dir, "ok.yaml")
	if err := os.WriteFile(justRight, []byte("routine: bedtime\n# "+strings.Repeat("x", 1<<20-20)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	xdg := filepath.Join(dir, "xdg")
	if err := os.MkdirAll(filepath.Join(xdg, "guide"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(xdg, "guide", "config.yaml"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  Source
		want string // "" for no error
	}{
		{"a FIFO", Source{File: fifo}, "config: " + fifo + ": is a named pipe, not a regular file"},
		{"a FIFO from GUIDE_CONFIG", Source{Environ: []string{"GUIDE_CONFIG=" + fifo}}, "config: " + fifo + " (from GUIDE_CONFIG): is a named pipe, not a regular file"},
		{"a FIFO as the user config file", Source{Environ: []string{"XDG_CONFIG_HOME=" + xdg}}, "config: " + filepath.Join(xdg, "guide", "config.yaml") + ": is a named pipe, not a regular file"},
		{"/dev/zero", Source{File: "/dev/zero"}, "config: /dev/zero: is a device, not a regular file"},
		{"/dev/urandom", Source{File: "/dev/urandom"}, "config: /dev/urandom: is a device, not a regular file"},
		{"a directory", Source{File: dir}, "config: " + dir + ": is a directory"},
		{"over 1 MiB", Source{File: big}, "config: " + big + ": is 1048579 bytes; a config file may be at most 1 MiB (1048576 bytes)"},
		{"1 MiB or less", Source{File: justRight}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.src.Environ = append(tt.src.Environ, noUserConfig(t))
			done := make(chan error, 1)
			go func() {
				_, err := Load(tt.src)
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("Load(%+v) has not returned after 10s", tt.src)
			}
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Load(%+v) error:\n%s\nwant:\n%s", tt.src, got, tt.want)
			}
		})
	}
}

// TestDanglingSymlinkIsReported checks that a config file that is a
// symbolic link to nothing is reported, not taken for no file.
func TestDanglingSymlinkIsReported(t *testing.T) {
	xdg := t.TempDir()
	user := filepath.Join(xdg, "guide", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(user), 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(xdg, "dotfiles", "guide.yaml")
	if err := os.Symlink(target, user); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  Source
		want string
	}{
		{"the user config file", Source{Environ: []string{"XDG_CONFIG_HOME=" + xdg}},
			"config: " + user + ": is a symbolic link to " + target + ", which does not exist"},
		{"--config", Source{File: user, Environ: []string{noUserConfig(t)}},
			"config: " + user + ": is a symbolic link to " + target + ", which does not exist"},
	}
	for _, tt := range tests {
		_, err := Load(tt.src)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: Load error:\n%v\nwant:\n%s", tt.name, err, tt.want)
		}
	}
}

// TestHugeAmbienceIsRefusedAtOnce checks that a 2 GB ambience file (sparse:
// it takes no room) and a FIFO are refused at once, with the limit, both
// by the ambience key's check and by Mix, which reads it.
func TestHugeAmbienceIsRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "rain.wav")
	if err := os.WriteFile(huge, []byte("RIFF"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 2<<30); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.wav")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ file, load, mix string }{
		{huge, "ambience: " + huge + ": is 2147483648 bytes; an ambience file may be at most 64 MiB (67108864 bytes); want off, brown, pink or the path of a FLAC, MP3 or WAV file",
			"ambience: " + huge + ": is 2147483648 bytes; an ambience file may be at most 64 MiB (67108864 bytes)"},
		{fifo, "ambience: " + fifo + ": is a named pipe, not a regular file; want off, brown, pink or the path of a FLAC, MP3 or WAV file",
			"ambience: " + fifo + ": is a named pipe, not a regular file"},
	}
	for _, tt := range tests {
		start := time.Now()
		if _, err := Load(Source{Sets: []string{"ambience=" + tt.file}, Environ: []string{noUserConfig(t)}}); err == nil || !strings.HasPrefix(err.Error(), "config: --set ambience=") || !strings.HasSuffix(err.Error(), ": "+tt.load) {
			t.Errorf("Load: %v\nwant: %s", err, tt.load)
		}
		c := Config{Ambience: tt.file}
		if _, err := c.Mix(); err == nil || err.Error() != tt.mix {
			t.Errorf("Mix: %v\nwant: %s", err, tt.mix)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("%s took %v to refuse; want at once", tt.file, took)
		}
	}
}
