package main

import (
	"os"
	"sync"

	"golang.org/x/term"
)

// terminal is stdin's terminal in the mode keys are read in while a
// session plays (see cbreak, one for each kind of OS): keys arrive one at a
// time, unechoed.
type terminal struct {
	undo func() error // puts the terminal back as it was
	once sync.Once
}

// isTerminal reports whether fd is a terminal.
func isTerminal(fd int) bool { return term.IsTerminal(fd) }

// termWidth returns the width of the terminal at fd, or 80.
func termWidth(fd int) int {
	w, _, err := term.GetSize(fd)
	if err != nil || w <= 0 {
		return 80
	}
	return w
}

// restore puts the terminal back as it was. It is safe to call more than
// once.
func (t *terminal) restore() {
	t.once.Do(func() { _ = t.undo() })
}

// fileFd returns the descriptor of r if it is an *os.File.
func fileFd(r any) (int, bool) {
	f, ok := r.(*os.File)
	if !ok || f == nil {
		return 0, false
	}
	return int(f.Fd()), true
}
