//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris)

package main

import "golang.org/x/term"

// cbreak puts the terminal at fd in raw mode, the nearest x/term has to
// cbreak: keys arrive one at a time, unechoed. On Windows, where raw mode
// is about the console's input alone, Ctrl-C then arrives as a key (0x03),
// which the key parser reads as player.Interrupt: the session fades out
// and guide exits with 130, as for the signal on Unix.
func cbreak(fd int) (*terminal, error) {
	st, err := term.MakeRaw(fd)
	if err != nil {
		return nil, err
	}
	return &terminal{undo: func() error { return term.Restore(fd, st) }}, nil
}

// inForeground reports true: without Unix job control, no background job
// is stopped for reading the terminal.
func inForeground(int) bool { return true }
