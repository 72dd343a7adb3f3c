//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris

package main

import "golang.org/x/sys/unix"

// cbreak puts the terminal at fd in cbreak mode: keys arrive one at a
// time, unechoed; Ctrl-C still sends SIGINT, which main turns into a fade
// out and exit code 130; output is still processed, so that \n returns the
// carriage; Ctrl-Z is off, so the session cannot be stopped with the
// terminal left in this mode. x/term has only raw mode, which turns off the
// signal keys and the output processing too: this is termios.
func cbreak(fd int) (*terminal, error) {
	t, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	saved := *t
	t.Lflag &^= unix.ICANON | unix.ECHO | unix.IEXTEN
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	t.Cc[unix.VSUSP] = vdisable // Ctrl-Z would stop us with the terminal in this mode
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, t); err != nil {
		return nil, err
	}
	return &terminal{undo: func() error {
		// Keys not yet read are dropped, so that they do not land in the shell.
		return unix.IoctlSetTermios(fd, ioctlSetTermiosFlush, &saved)
	}}, nil
}

// inForeground reports whether this process is in the terminal's
// foreground process group: a background job that reads from or sets up
// the terminal is stopped by the kernel.
func inForeground(fd int) bool {
	fg, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP)
	if err != nil {
		return false
	}
	ours, err := unix.Getpgid(0)
	return err == nil && fg == ours
}
