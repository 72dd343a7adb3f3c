//go:build unix

package bench

import (
	"os"
	"syscall"
	"time"
)

// usage returns the CPU time and peak RSS (bytes) of a process that has
// exited.
func usage(ps *os.ProcessState) (time.Duration, int64) {
	ru := ps.SysUsage().(*syscall.Rusage)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), int64(ru.Maxrss) * 1024
}
