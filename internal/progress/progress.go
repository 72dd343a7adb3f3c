// Package progress draws one line of progress on a terminal, for work
// that takes more than a moment (a long render, a speech engine saying
// many phrases): nothing for work done within Delay, nothing at all where
// the output is not a terminal, and the line cleared when the work is
// done, so that what follows starts on a clean line.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// Delay is how long work goes before its progress is shown.
const Delay = 1500 * time.Millisecond

// every is how often the line is redrawn at most.
const every = 200 * time.Millisecond

// Line is one line of progress on w.
type Line struct {
	w     io.Writer
	label string
	tty   bool
	delay time.Duration
	now   func() time.Time

	mu    sync.Mutex
	start time.Time
	last  time.Time
	shown bool
}

// New returns a line that shows label and the progress on w, if w is a
// terminal, once Delay has passed.
func New(w io.Writer, label string) *Line { return newLine(w, label, IsTerminal(w), Delay, time.Now) }

func newLine(w io.Writer, label string, tty bool, delay time.Duration, now func() time.Time) *Line {
	return &Line{w: w, label: label, tty: tty, delay: delay, now: now, start: now()}
}

// IsTerminal reports whether w is a terminal: not merely a character
// device, as /dev/null is too.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && f != nil && term.IsTerminal(int(f.Fd()))
}

// Fraction shows the work done as a percentage (done from 0 to 1).
func (l *Line) Fraction(done float64) {
	l.show(fmt.Sprintf("%d%%", int(100*min(max(done, 0), 1))))
}

// Count shows the work done as "done/total".
func (l *Line) Count(done, total int) { l.show(fmt.Sprintf("%d/%d", done, total)) }

// Note shows a word in place of the figure, such as "checking".
func (l *Line) Note(what string) { l.show(what) }

func (l *Line) show(what string) {
	if l == nil || !l.tty {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.start) < l.delay || l.shown && now.Sub(l.last) < every {
		return
	}
	l.last, l.shown = now, true
	fmt.Fprintf(l.w, "\r\033[K%s %s", l.label, what)
}

// Done clears the line, if it was shown.
func (l *Line) Done() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.shown {
		fmt.Fprint(l.w, "\r\033[K")
		l.shown = false
	}
}
