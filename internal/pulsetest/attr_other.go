//go:build !linux

package pulsetest

import (
	"os"
	"syscall"
)

// daemonAttr is nothing special: PulseAudio's pipe sink, and so this
// package's tests, are Linux's (on other systems Start skips, the daemon
// not being installed).
func daemonAttr() *syscall.SysProcAttr { return nil }

// growPipe does nothing: F_SETPIPE_SZ is Linux's.
func growPipe(f *os.File) {}
