package atomicfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// writeBehind asks the system to start writing n bytes of f from off to
// the disk, and returns without waiting for them.
func writeBehind(f *os.File, off, n int64) {
	unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}
