package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/stretchguide/guide/script"
)

// uiMode is how a session shows itself.
type uiMode int

const (
	uiPlain uiMode = iota // timestamped lines: stdout is not a terminal
	uiLine                // a status line redrawn in place
	uiQuiet               // nothing but errors
)

// The status line is redrawn when what it shows changes, and not sooner than statusMinWait
// after the last time (the position moves in steps of the device buffer); while nothing
// moves, it is looked at every statusMaxWait.
const (
	statusMinWait = 100 * time.Millisecond
	statusMaxWait = 10 * time.Second
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
func (u *ui) status(s statusInfo) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.mode != uiLine || u.closed {
		return
	}
	line := s.line(u.width() - 1) // the last column would wrap on some terminals
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

// statusInfo is what the status line says.
type statusInfo struct {
	routine        string
	step, steps    int // step counts from 1
	pose, side     string
	breath         string // "breathe in", "breathe out" or ""
	stepLeft       time.Duration
	elapsed, total time.Duration
	paused         bool
	volume         float64 // dB
}

// statusAt returns the status of tl at sample pos.
func statusAt(tl *script.Timeline, pos int) statusInfo {
	ch := chapterAt(tl, pos)
	s := statusInfo{
		routine: tl.Title,
		step:    ch + 1,
		steps:   len(tl.Chapters),
		elapsed: script.Duration(pos),
		total:   tl.Duration(),
	}
	if ch >= 0 && ch < len(tl.Chapters) {
		s.pose, s.side = tl.Chapters[ch].Title, tl.Chapters[ch].Side
		s.stepLeft = script.Duration(chapterEnd(tl, ch) - pos)
	}
	for _, e := range tl.Events {
		if e.Start > pos {
			break
		}
		if e.End() > pos {
			switch e.Sound {
			case script.Inhale:
				s.breath = "breathe in"
			case script.Exhale:
				s.breath = "breathe out"
			}
		}
	}
	return s
}

// nextChange returns the first sample after pos at which what is shown of tl changes: on the
// status line (line), a second of either clock, the breath or the step; otherwise the step.
func nextChange(tl *script.Timeline, pos int, line bool) int {
	ch := chapterAt(tl, pos)
	next := chapterEnd(tl, ch)
	if next <= pos {
		next = tl.Length
	}
	if !line {
		return max(next, pos+1)
	}
	next = min(next, (pos/script.Rate+1)*script.Rate) // elapsed, counted in whole seconds
	if left := chapterEnd(tl, ch) - pos; left > 0 {
		next = min(next, pos+left%script.Rate+1) // the step's time left, in whole seconds
	}
	for _, e := range tl.Events {
		if e.Sound != script.Inhale && e.Sound != script.Exhale {
			continue
		}
		if e.Start > pos {
			next = min(next, e.Start)
			break
		}
		if e.End() > pos {
			next = min(next, e.End())
		}
	}
	return max(next, pos+1)
}

// chapterAt returns the index of the chapter sample pos is in.
func chapterAt(tl *script.Timeline, pos int) int {
	ch := 0
	for i, c := range tl.Chapters {
		if c.Start <= pos {
			ch = i
		}
	}
	return ch
}

// chapterEnd returns the first sample after chapter i.
func chapterEnd(tl *script.Timeline, i int) int {
	if i+1 < len(tl.Chapters) {
		return tl.Chapters[i+1].Start
	}
	return tl.Length
}

// chapterName returns "Knee to chest, left side".
func chapterName(c script.Chapter) string {
	if c.Side != "" {
		return c.Title + ", " + c.Side + " side"
	}
	return c.Title
}

// clock formats d as m:ss (h:mm:ss from an hour), rounding down.
func clock(d time.Duration) string {
	s := int(max(d, 0) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// segment is one part of the status line; the lowest keep goes first when
// the line does not fit.
type segment struct {
	text string
	keep int
}

// line returns the status line in at most width columns:
//
//	Morning · 2/6 Knee to chest, left · breathe in · 0:15 left · 1:05/5:48 [████░░░░░░] 21%
//
// When it does not fit it drops the least useful parts first (routine,
// volume, bar, times), and cuts the last one left short with "…".
func (s statusInfo) line(width int) string {
	if width < 1 {
		return ""
	}
	var segs []segment
	if s.paused {
		segs = append(segs, segment{"PAUSED", 9})
	}
	segs = append(segs, segment{s.routine, 1})
	step := fmt.Sprintf("%d/%d %s", s.step, s.steps, s.pose)
	segs = append(segs, segment{step, 8})
	if s.side != "" {
		segs = append(segs, segment{s.side, 6})
	}
	if s.breath != "" {
		segs = append(segs, segment{s.breath, 5})
	}
	segs = append(segs, segment{clock(s.stepLeft) + " left", 7})
	segs = append(segs, segment{clock(s.elapsed) + "/" + clock(s.total), 4})
	frac := 0.0
	if s.total > 0 {
		frac = min(max(float64(s.elapsed)/float64(s.total), 0), 1)
	}
	barAt := len(segs)
	segs = append(segs, segment{"", 3}) // the bar, sized below
	if s.volume != 0 {
		segs = append(segs, segment{fmt.Sprintf("vol %+.0f dB", s.volume), 2})
	}
	const sep = " · "
	join := func(segs []segment) string {
		var parts []string
		for _, g := range segs {
			parts = append(parts, g.text)
		}
		return strings.Join(parts, sep)
	}
	for _, bar := range []int{20, 10} {
		segs[barAt].text = progressBar(frac, bar)
		if utf8.RuneCountInString(join(segs)) <= width {
			return join(segs)
		}
	}
	for len(segs) > 1 {
		lowest := 0
		for i, g := range segs {
			if g.keep < segs[lowest].keep {
				lowest = i
			}
		}
		segs = append(segs[:lowest], segs[lowest+1:]...)
		if l := join(segs); utf8.RuneCountInString(l) <= width {
			return l
		}
	}
	return cut(join(segs), width)
}

// progressBar returns "[████░░░░░░] 40%" with n cells.
func progressBar(frac float64, n int) string {
	full := int(frac*float64(n) + 0.5)
	return "[" + strings.Repeat("█", full) + strings.Repeat("░", n-full) + fmt.Sprintf("] %d%%", int(frac*100))
}

// cut shortens s to width columns, ending in "…" if it had to.
func cut(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:width-1]), " ") + "…"
}
