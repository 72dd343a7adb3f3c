package player

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stretchguide/guide/script"
)

// StatusInfo is what the status line says.
type StatusInfo struct {
	Routine        string // the routine's title
	Step, Steps    int    // Step counts from 1
	Pose, Side     string // the step's title, and its side or ""
	Breath         string // "breathe in", "breathe out" or ""
	StepLeft       time.Duration
	Elapsed, Total time.Duration
	Paused         bool
	Volume         float64 // dB
}

// StatusAt returns the status of tl at sample pos; Paused and Volume are
// the controller's to fill in.
func StatusAt(tl *script.Timeline, pos int) StatusInfo {
	ch := ChapterAt(tl, pos)
	s := StatusInfo{
		Routine: tl.Title,
		Step:    ch + 1,
		Steps:   len(tl.Chapters),
		Elapsed: script.Duration(pos),
		Total:   tl.Duration(),
	}
	if ch >= 0 && ch < len(tl.Chapters) {
		s.Pose, s.Side = tl.Chapters[ch].Title, tl.Chapters[ch].Side
		s.StepLeft = script.Duration(ChapterEnd(tl, ch) - pos)
	}
	for _, e := range tl.Events {
		if e.Start > pos {
			break
		}
		if e.End() > pos {
			switch e.Sound {
			case script.Inhale:
				s.Breath = "breathe in"
			case script.Exhale:
				s.Breath = "breathe out"
			}
		}
	}
	return s
}

// NextChange returns the first sample after pos at which what is shown of tl changes: on the
// status line (line), a second of either clock, the breath or the step; otherwise the step.
func NextChange(tl *script.Timeline, pos int, line bool) int {
	ch := ChapterAt(tl, pos)
	next := ChapterEnd(tl, ch)
	if next <= pos {
		next = tl.Length
	}
	if !line {
		return max(next, pos+1)
	}
	next = min(next, (pos/script.Rate+1)*script.Rate) // elapsed, counted in whole seconds
	if left := ChapterEnd(tl, ch) - pos; left > 0 {
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

// ChapterAt returns the index of the chapter sample pos is in.
func ChapterAt(tl *script.Timeline, pos int) int {
	ch := 0
	for i, c := range tl.Chapters {
		if c.Start <= pos {
			ch = i
		}
	}
	return ch
}

// ChapterEnd returns the first sample after chapter i.
func ChapterEnd(tl *script.Timeline, i int) int {
	if i+1 < len(tl.Chapters) {
		return tl.Chapters[i+1].Start
	}
	return tl.Length
}

// ChapterName returns "Knee to chest, left side".
func ChapterName(c script.Chapter) string {
	if c.Side != "" {
		return c.Title + ", " + c.Side + " side"
	}
	return c.Title
}

// Clock formats d as m:ss (h:mm:ss from an hour), rounding down.
func Clock(d time.Duration) string {
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

// Line returns the status line in at most width columns:
//
//	Morning · 2/6 Knee to chest, left · breathe in · 0:15 left · 1:05/5:48 [████░░░░░░] 21%
//
// When it does not fit it drops the least useful parts first (routine,
// volume, bar, times), and cuts the last one left short with "…".
func (s StatusInfo) Line(width int) string {
	if width < 1 {
		return ""
	}
	var segs []segment
	if s.Paused {
		segs = append(segs, segment{"PAUSED", 9})
	}
	segs = append(segs, segment{s.Routine, 1})
	step := fmt.Sprintf("%d/%d %s", s.Step, s.Steps, s.Pose)
	segs = append(segs, segment{step, 8})
	if s.Side != "" {
		segs = append(segs, segment{s.Side, 6})
	}
	if s.Breath != "" {
		segs = append(segs, segment{s.Breath, 5})
	}
	segs = append(segs, segment{Clock(s.StepLeft) + " left", 7})
	segs = append(segs, segment{Clock(s.Elapsed) + "/" + Clock(s.Total), 4})
	frac := 0.0
	if s.Total > 0 {
		frac = min(max(float64(s.Elapsed)/float64(s.Total), 0), 1)
	}
	barAt := len(segs)
	segs = append(segs, segment{"", 3}) // the bar, sized below
	if s.Volume != 0 {
		segs = append(segs, segment{fmt.Sprintf("vol %+.0f dB", s.Volume), 2})
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
