//go:build unix

package device

import (
	"syscall"
	"time"
)

// sigStop stops a process, for the tests of a hung sound server.
const sigStop = syscall.SIGSTOP

// processCPU returns the CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
