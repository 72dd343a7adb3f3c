//go:build !unix

package bench

import (
	"os"
	"time"
)

// usage returns the CPU time of a process that has exited; its peak RSS is
// not known here (the benchmarks run on Linux).
func usage(ps *os.ProcessState) (time.Duration, int64) { return ps.UserTime() + ps.SystemTime(), 0 }
