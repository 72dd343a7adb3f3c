package player

import (
	"time"

	"github.com/stretchguide/guide/script"
)

// Remote is a control of a playing session from outside the console: a
// desktop's media keys, headset buttons and media panel (package media).
// It sends its commands on the session's command channel, as the keys do;
// moves within a step come on Seeks. The player tells it the session's
// state as it changes.
type Remote interface {
	// Seeks delivers moves within the session; nil for none.
	Seeks() <-chan Seek
	// Update is told the state when it changes: the step, paused or
	// playing, the volume, a jump of the position, the end. It must not
	// block.
	Update(State)
}

// Seek is a move within the playing step: by Offset from where it is, or,
// with Abs, to At from the start of step Step (counted from 0), ignored
// when that is not the step playing. A move past the step's end is Next;
// one before its start goes to its start.
type Seek struct {
	Offset time.Duration
	Abs    bool
	At     time.Duration
	Step   int
}

// State is a session as a Remote shows it.
type State struct {
	StatusInfo
	// Start and Length are the playing step's, from the session's start.
	Start, Length time.Duration
	// Last says whether this is the last step.
	Last bool
	// Position returns the position now, from the session's start; it is
	// safe to call from any goroutine, at any time.
	Position func() time.Duration
	// Seeked says the position jumped (a seek, next, previous, repeat)
	// since the last update.
	Seeked bool
	// Ended says the session is over.
	Ended bool
}

// state returns the state of p's session now.
func (p *player) state() State {
	pos := p.ctl.Position()
	st := StatusAt(p.tl, pos)
	st.Paused, st.Volume = p.ctl.Paused(), p.ctl.Volume()
	ch := ChapterAt(p.tl, pos)
	s := State{StatusInfo: st, Last: ch+1 >= len(p.tl.Chapters), Position: p.position}
	if ch < len(p.tl.Chapters) {
		s.Start = script.Duration(p.tl.Chapters[ch].Start)
		s.Length = script.Duration(ChapterEnd(p.tl, ch) - p.tl.Chapters[ch].Start)
	}
	return s
}

// position returns the session's position as a duration.
func (p *player) position() time.Duration { return script.Duration(p.ctl.Position()) }

// tell tells the remote the state if it changed since it was last told
// (or the position jumped), or if end.
func (p *player) tell(st State, end bool) {
	if p.s.Remote == nil {
		return
	}
	st.Seeked = p.jumped.Swap(false)
	st.Ended = end
	k := remoteKey{st.Step, st.Paused, st.Volume}
	if !st.Seeked && !end && p.told && k == p.last {
		return
	}
	p.told, p.last = true, k
	p.s.Remote.Update(st)
}

// remoteKey is what, changed, a Remote is told about.
type remoteKey struct {
	step   int
	paused bool
	volume float64
}

// seek carries out a Remote's move.
func (p *player) seek(s Seek) {
	pos := p.ctl.Position()
	ch := ChapterAt(p.tl, pos)
	start, end := p.tl.Chapters[ch].Start, ChapterEnd(p.tl, ch)
	to := pos + script.Samples(s.Offset)
	if s.Offset < 0 {
		to = pos - script.Samples(-s.Offset)
	}
	if s.Abs {
		if s.Step != ch || s.At < 0 || script.Samples(s.At) > end-start {
			return // for another step, or outside this one: nothing, as MPRIS says
		}
		to = start + script.Samples(s.At)
	}
	if to >= end {
		p.do(Next)
		return
	}
	to = max(to, start)
	if p.ctl.Seek(to) != nil {
		return // the session has ended
	}
	p.jumped.Store(true)
	p.view.Printf("At %s, in %s.", Clock(script.Duration(to)), ChapterName(p.tl.Chapters[ch]))
}
