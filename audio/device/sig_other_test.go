//go:build !unix

package device

import (
	"syscall"
	"time"
)

// sigStop stands in for SIGSTOP, which this system lacks: the tests that
// send it need PulseAudio, and skip here.
const sigStop = syscall.Signal(19)

// processCPU is not measured here: the CPU test needs PulseAudio.
func processCPU() time.Duration { return 0 }
