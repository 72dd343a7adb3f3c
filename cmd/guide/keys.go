package main

import (
	"bufio"
	"io"
	"os"
	"sync"

	pl "github.com/stretchguide/guide/internal/player"
	"golang.org/x/sys/unix"
)

// readLines sends the commands in r, one a line, until r ends; it reports
// unknown ones with warn and goes on.
func readLines(r io.Reader, out chan<- pl.Command, warn func(error)) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		c, ok, err := pl.ParseCommand(sc.Text())
		if err != nil {
			warn(err)
			continue
		}
		if ok {
			out <- c
		}
	}
}

// readKeys sends the commands of the keys read from r (a terminal in
// cbreak mode) until r ends: single keys, arrow keys, and Esc.
func readKeys(r io.Reader, out chan<- pl.Command) {
	chunks := make(chan []byte, 16)
	go func() {
		defer close(chunks)
		for {
			buf := make([]byte, 64)
			n, err := r.Read(buf)
			if n > 0 {
				chunks <- buf[:n]
			}
			if err != nil {
				return
			}
		}
	}()
	pl.ParseKeys(chunks, out, pl.EscTimeout)
}

// terminal is stdin's terminal in cbreak mode: keys arrive one at a time,
// unechoed; Ctrl-C still sends SIGINT; Ctrl-Z is off, so the session
// cannot be stopped with the terminal left in this mode.
type terminal struct {
	fd    int
	saved unix.Termios
	once  sync.Once
}

// isTerminal reports whether fd is a terminal.
func isTerminal(fd int) bool {
	_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	return err == nil
}

// inForeground reports whether this process is in the terminal's
// foreground process group: a background job that reads from or sets up
// the terminal is stopped by the kernel.
func inForeground(fd int) bool {
	pgrp, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP)
	return err == nil && pgrp == unix.Getpgrp()
}

// termWidth returns the width of the terminal at fd, or 80.
func termWidth(fd int) int {
	ws, err := unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 {
		return 80
	}
	return int(ws.Col)
}

// cbreak puts the terminal at fd in cbreak mode.
func cbreak(fd int) (*terminal, error) {
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return nil, err
	}
	saved := *t
	t.Lflag &^= unix.ICANON | unix.ECHO | unix.IEXTEN
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	t.Cc[unix.VSUSP] = 0 // _POSIX_VDISABLE: Ctrl-Z would stop us with the terminal in this mode
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, t); err != nil {
		return nil, err
	}
	return &terminal{fd: fd, saved: saved}, nil
}

// restore puts the terminal back as it was, dropping keys not yet read so
// they do not land in the shell. It is safe to call more than once.
func (t *terminal) restore() {
	t.once.Do(func() {
		_ = unix.IoctlSetTermios(t.fd, unix.TCSETSF, &t.saved)
	})
}

// fileFd returns the descriptor of r if it is an *os.File.
func fileFd(r any) (int, bool) {
	f, ok := r.(*os.File)
	if !ok || f == nil {
		return 0, false
	}
	return int(f.Fd()), true
}
