package media

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/stretchguide/guide/internal/dbustest"
	"github.com/stretchguide/guide/internal/media/mpris"
	pl "github.com/stretchguide/guide/internal/player"
)

func TestDesktopEntry(t *testing.T) {
	data := t.TempDir()
	env := []string{"XDG_DATA_HOME=" + data, "XDG_DATA_DIRS=" + t.TempDir()}
	if got := desktopEntry(env); got != "" {
		t.Errorf("with no guide.desktop: %q, want none", got)
	}
	os.MkdirAll(filepath.Join(data, "applications"), 0o755)
	os.WriteFile(filepath.Join(data, "applications", "guide.desktop"), []byte("[Desktop Entry]\n"), 0o644)
	if got := desktopEntry(env); got != "guide" {
		t.Errorf("with guide.desktop installed: %q, want guide", got)
	}
}

// owned reports whether name has an owner on the bus at addr.
func owned(t *testing.T, c *dbus.Conn, name string) bool {
	t.Helper()
	var has bool
	if err := c.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has); err != nil {
		t.Fatal(err)
	}
	return has
}

// TestOpen: on Linux the controls come on the bus soon after Open, without
// Open waiting for it, and leave it on Close; off, they never do.
func TestOpen(t *testing.T) {
	bus := dbustest.Start(t)
	c, err := dbus.Connect(bus.Address)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cmds := make(chan pl.Command, 1)
	off := Open(Options{Enabled: false, Commands: cmds, Environ: bus.Env(nil)})
	time.Sleep(200 * time.Millisecond)
	if owned(t, c, mpris.BusName) {
		t.Error("controls.media false put guide on the bus")
	}
	off.Close()
	start := time.Now()
	on := Open(Options{Enabled: true, Commands: cmds, Environ: bus.Env(nil)})
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("Open took %v: it must not wait for the bus", d)
	}
	want := runtime.GOOS == "linux"
	deadline := time.Now().Add(3 * time.Second)
	for owned(t, c, mpris.BusName) != want && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := owned(t, c, mpris.BusName); got != want {
		t.Errorf("on %s, guide on the bus: %v, want %v", runtime.GOOS, got, want)
	}
	on.Close()
	deadline = time.Now().Add(3 * time.Second)
	for owned(t, c, mpris.BusName) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if owned(t, c, mpris.BusName) {
		t.Error("guide is still on the bus after Close")
	}
}
