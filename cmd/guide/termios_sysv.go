//go:build linux || solaris

package main

import "golang.org/x/sys/unix"

// The termios requests of Linux and Solaris, and the character that
// disables a special key (_POSIX_VDISABLE).
const (
	ioctlGetTermios      = unix.TCGETS
	ioctlSetTermios      = unix.TCSETS
	ioctlSetTermiosFlush = unix.TCSETSF
	vdisable             = 0
)
