//go:build unix

package atomicfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// lock takes an exclusive lock on f without waiting, held until f is
// closed.
func lock(f *os.File) error { return unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) }

// syncDir syncs a folder, so that a rename in it survives a crash.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
