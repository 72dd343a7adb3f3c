package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	pl "github.com/stretchguide/guide/internal/player"
)

// uiMode is how a session shows itself.
type uiMode int

const (
	uiPlain uiMode = iota // timestamped lines: stdout is not a terminal
	uiLine                // a status line redrawn in place
	uiQuiet               // nothing but errors
)

// ui writes what a session shows: messages, and the status line.
type ui struct {
	mode  uiMode
	w     io.Writer // stdout
	errw  io.Writer // stderr
	width func() int
	now   func() time.Time

	mu     sync.Mutex
	drawn  bool // a status line is on screen
	hidden bool // the cursor is hidden
	closed bool
}

// printf writes a message: a timestamped line, or a line above the
// status line.
func (u *ui) printf(format string, args ...any) {
	u.mu.Lock()
	defer u.mu.Unlock()
	msg := fmt.Sprintf(format, args...)
	switch u.mode {
	case uiQuiet:
	case uiPlain:
		fmt.Fprintf(u.w, "%s %s\n", u.now().Format("15:04:05"), msg)
	case uiLine:
		if u.drawn {
			io.WriteString(u.w, "\r\x1b[K")
			u.drawn = false
		}
		fmt.Fprintf(u.w, "%s\n", msg)
	}
}

// errorf writes a problem to stderr, "guide: ...", also when quiet.
func (u *ui) errorf(format string, args ...any) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.drawn {
		io.WriteString(u.w, "\r\x1b[K")
		u.drawn = false
	}
	fmt.Fprintf(u.errw, "guide: "+format+"\n", args...)
}

// status draws the status line, fitted to the terminal's width.
func (u *ui) status(s pl.StatusInfo) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.mode != uiLine || u.closed {
		return
	}
	line := s.Line(u.width() - 1) // the last column would wrap on some terminals
	var b strings.Builder
	if !u.hidden {
		b.WriteString("\x1b[?25l")
		u.hidden = true
	}
	b.WriteString("\r")
	b.WriteString(line)
	b.WriteString("\x1b[K")
	io.WriteString(u.w, b.String())
	u.drawn = true
}

// clear takes the status line off the screen and shows the cursor again.
func (u *ui) clear() {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.drawn {
		io.WriteString(u.w, "\r\x1b[K")
		u.drawn = false
	}
	if u.hidden {
		io.WriteString(u.w, "\x1b[?25h")
		u.hidden = false
	}
}
