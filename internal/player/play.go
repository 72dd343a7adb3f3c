package player

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gopxl/beep/v2"

	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/internal/history"
	"github.com/stretchguide/guide/internal/phrases"
	"github.com/stretchguide/guide/script"
)

const (
	// repeatAfter is how long a pause must last for resuming to repeat the
	// current instruction.
	repeatAfter = 5 * time.Second
	// backWithin is how soon after a step's start Prev goes to the previous
	// step instead of restarting this one.
	backWithin = 3 * time.Second
	// prefetchAhead is how many phrases are decoded ahead of the voice.
	prefetchAhead = 1
)

// The status line is redrawn when what it shows changes, and not sooner
// than statusMinWait after the last time (the position moves in steps of
// the device buffer); while nothing moves, it is looked at every
// statusMaxWait.
const (
	statusMinWait = 100 * time.Millisecond
	statusMaxWait = 10 * time.Second
)

// View is where a playing session shows itself: the terminal, in
// cmd/guide.
type View interface {
	// Printf shows a message, one line: every command answers with one.
	Printf(format string, args ...any)
	// Status shows the status line; a view without one ignores it.
	Status(StatusInfo)
	// Mode says how often Status is worth calling, and whether a line is
	// wanted as each step begins.
	Mode() ViewMode
	// Guard runs f, putting the terminal right if f panics.
	Guard(f func())
}

// ViewMode is how a View shows a session.
type ViewMode int

// The view modes.
const (
	Lines      ViewMode = iota // a line as each step begins, and the messages
	StatusLine                 // a status line redrawn as it changes
	Quiet                      // nothing but errors
)

// Output plays a stream until it ends, ctx is cancelled or the device
// fails, calling started once the sound flows: device.Play, with the
// buffer it is given.
type Output func(ctx context.Context, s beep.Streamer, started func()) error

// Session is what Play plays.
type Session struct {
	Timeline *script.Timeline
	// Voice says the session's phrases and the player's own (pause,
	// status, step names).
	Voice audio.Clips
	// Stream makes the session's sound from the clips, which come
	// prefetched.
	Stream func(audio.Clips) *audio.Session
	// Volume is the voice's level, for the phrases the player says.
	Volume float64
	// Announce, if not "", is shown once the sound flows: "Playing
	// Morning (6:35).", never before the device is known to work.
	Announce string
	// Remote, if not nil, is told the state as it changes, and its seeks
	// are carried out (its commands come on the command channel).
	Remote Remote
}

// Ending is how a session stopped.
type Ending int

// The endings.
const (
	Finished    Ending = iota // played to the end
	Stopped                   // q or Esc
	Interrupted               // ctx cancelled (a signal), or Ctrl-C read as a key
	Failed                    // the output failed: Result.Err says how
)

// Result is how a session went.
type Result struct {
	Ending   Ending
	Err      error // the output's error, for Failed
	Position int   // the last sample played
	Played   int   // samples played, pauses and skips not counted
}

// errQuit and errKeyInterrupt are the causes of a session stopped by a
// command.
var (
	errQuit         = errors.New("quit")
	errKeyInterrupt = errors.New("interrupted")
)

// player plays one session with the controls.
type player struct {
	s        Session
	view     View
	ctl      *audio.Control
	tl       *script.Timeline
	cancel   context.CancelCauseFunc
	pausedAt time.Time
	redraw   chan struct{} // a command was carried out: watch redraws now
	jumped   atomic.Bool   // the position jumped: the remote is told
	told     bool          // watch has told the remote the state: last
	last     remoteKey
}

// Play plays s through out, carrying out the commands from cmds and
// showing it in view, until it ends.
func Play(ctx context.Context, s Session, cmds <-chan Command, view View, out Output) Result {
	clips, stopPrefetch := audio.Prefetch(s.Timeline, s.Voice, prefetchAhead)
	defer stopPrefetch()
	p := &player{s: s, view: view, tl: s.Timeline, redraw: make(chan struct{}, 1)}
	p.ctl = audio.NewControl(s.Stream(clips), s.Volume)
	playCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	p.cancel = cancel

	var wg sync.WaitGroup
	wg.Add(2)
	started := make(chan struct{})
	var seeks <-chan Seek
	if s.Remote != nil {
		seeks = s.Remote.Seeks()
	}
	go view.Guard(func() { defer wg.Done(); p.control(playCtx, cmds, seeks) })
	go view.Guard(func() {
		defer wg.Done()
		select { // nothing is shown before the sound flows
		case <-started:
		case <-playCtx.Done():
			return
		}
		p.watch(playCtx)
	})
	err := out(playCtx, p.ctl, sync.OnceFunc(func() {
		if s.Announce != "" {
			view.Printf("%s", s.Announce)
		}
		close(started)
	}))
	cause := context.Cause(playCtx)
	cancel(nil)
	wg.Wait()
	p.tell(p.state(), true)

	r := Result{Err: err, Position: p.ctl.Position(), Played: p.ctl.Played()}
	switch {
	case err == nil:
		r.Ending = Finished
	case ctx.Err() == nil && errors.Is(cause, errQuit):
		r.Ending, r.Err = Stopped, nil
	case ctx.Err() != nil || errors.Is(cause, errKeyInterrupt):
		r.Ending, r.Err = Interrupted, context.Canceled
	default:
		r.Ending = Failed
	}
	return r
}

// watch shows the session as it plays: the status line, redrawn when what
// it shows changes or a command was carried out, or a line as each step
// begins. In between it sleeps: each wake-up of a playing process costs
// CPU (see device.Play).
func (p *player) watch(ctx context.Context) {
	t := time.NewTimer(0)
	defer t.Stop()
	shown := -1
	mode := p.view.Mode()
	for {
		pos := p.ctl.Position()
		if ch := ChapterAt(p.tl, pos); ch != shown && mode == Lines {
			shown = ch
			p.view.Printf("%d/%d %s (%s)", ch+1, len(p.tl.Chapters), ChapterName(p.tl.Chapters[ch]), Clock(script.Duration(pos)))
		}
		st := StatusAt(p.tl, pos)
		st.Paused, st.Volume = p.ctl.Paused(), p.ctl.Volume()
		p.view.Status(st)
		if p.s.Remote != nil {
			p.tell(p.state(), false)
		}
		wait := statusMaxWait
		if !st.Paused {
			wait = min(wait, script.Duration(NextChange(p.tl, pos, mode == StatusLine)-pos))
		}
		t.Reset(max(wait, statusMinWait))
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-p.redraw:
		}
	}
}

// control carries out the commands and seeks until the session ends.
func (p *player) control(ctx context.Context, cmds <-chan Command, seeks <-chan Seek) {
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-cmds:
			p.do(c)
		case s := <-seeks:
			p.seek(s)
		}
		select {
		case p.redraw <- struct{}{}:
		default:
		}
	}
}

// do carries out one command.
func (p *player) do(c Command) {
	pos := p.ctl.Position()
	ch := ChapterAt(p.tl, pos)
	v := p.view
	switch c {
	case Toggle:
		if p.ctl.Paused() {
			p.do(Resume)
		} else {
			p.do(Pause)
		}
	case Pause:
		if p.ctl.Paused() {
			p.ctl.Cue(audio.CueLimit) // a headset's press is never met with silence
			v.Printf("Paused already.")
			return
		}
		p.ctl.Pause()
		p.pausedAt = time.Now()
		if clip, ok := p.clip(phrases.Paused); ok {
			p.ctl.Say(clip)
		}
		v.Printf("Paused at %s.", Clock(script.Duration(pos)))
	case Resume:
		if !p.ctl.Paused() {
			p.ctl.Cue(audio.CueLimit)
			v.Printf("Playing already.")
			return
		}
		if time.Since(p.pausedAt) > repeatAfter {
			p.repeat(pos, true)
		}
		p.ctl.Resume()
		v.Printf("Playing.")
	case Next:
		if ch+1 >= len(p.tl.Chapters) {
			p.ctl.Cue(audio.CueLimit)
			v.Printf("This is the last step.")
			return
		}
		p.seekChapter(ch + 1)
	case Prev:
		if ch > 0 && script.Duration(pos-p.tl.Chapters[ch].Start) < backWithin {
			ch--
		}
		p.seekChapter(ch)
	case Repeat:
		if text, ok := p.repeat(pos, !p.ctl.Paused()); ok {
			v.Printf("Again: %s", text)
		} else {
			p.ctl.Cue(audio.CueLimit)
			v.Printf("Nothing to repeat yet.")
		}
	case Status:
		texts := p.statusPhrases(pos)
		p.say(texts...)
		v.Printf("%s", strings.Join(texts, " "))
	case Louder, Softer:
		step := 1
		if c == Softer {
			step = -1
		}
		if db, ok := p.ctl.StepVolume(step); ok {
			v.Printf("Volume %+.0f dB.", db)
		} else {
			v.Printf("Volume %+.0f dB, as far as it goes.", db)
		}
	case Quit:
		p.cancel(errQuit)
	case Interrupt:
		p.cancel(errKeyInterrupt)
	}
}

// seekChapter moves to the start of chapter i, announcing it by its name
// unless it says its name itself.
func (p *player) seekChapter(i int) {
	c := p.tl.Chapters[i]
	var clips [][]int16
	if !p.saysTitle(i) {
		for _, t := range []string{phrases.Title(c.Title), phrases.Side(c.Side)} {
			if clip, ok := p.clip(t); ok {
				clips = append(clips, clip)
			}
		}
	}
	if err := p.ctl.Seek(c.Start, clips...); err != nil {
		return // the session has ended
	}
	p.jumped.Store(true)
	if p.view.Mode() != Lines { // there, watch shows the new step as it begins
		p.view.Printf("%d/%d %s", i+1, len(p.tl.Chapters), ChapterName(c))
	}
}

// saysTitle reports whether chapter i speaks its title.
func (p *player) saysTitle(i int) bool {
	title := phrases.Title(p.tl.Chapters[i].Title)
	for _, e := range p.tl.Events {
		if e.Chapter == i && e.Sound == script.Speech && e.Text == title {
			return true
		}
	}
	return false
}

// repeat repeats the instruction at or before pos. If it is being spoken
// and the session is about to play (playing, or resuming), the session
// goes back to its start; otherwise it is said again at once. It returns
// the instruction, and whether there was one.
func (p *player) repeat(pos int, playing bool) (string, bool) {
	last := -1
	for i, e := range p.tl.Events {
		if e.Start >= pos {
			break
		}
		if e.Sound == script.Speech {
			last = i
		}
	}
	if last < 0 {
		return "", false
	}
	e := p.tl.Events[last]
	if playing && e.End() > pos {
		p.jumped.Store(true)
		return e.Text, p.ctl.Seek(e.Start) == nil
	}
	p.say(e.Text)
	return e.Text, true
}

// statusPhrases returns the spoken status at pos: "Knee to chest. Right
// side. Fifteen seconds left. Next: Child's pose."
func (p *player) statusPhrases(pos int) []string {
	ch := ChapterAt(p.tl, pos)
	c := p.tl.Chapters[ch]
	out := []string{phrases.Title(c.Title)}
	if s := phrases.Side(c.Side); s != "" {
		out = append(out, s)
	}
	out = append(out, phrases.TimeLeft(script.Duration(ChapterEnd(p.tl, ch)-pos)))
	switch {
	case ch+2 < len(p.tl.Chapters):
		n := p.tl.Chapters[ch+1]
		out = append(out, phrases.Next, phrases.Title(n.Title))
		if s := phrases.Side(n.Side); s != "" {
			out = append(out, s)
		}
	case ch+2 == len(p.tl.Chapters):
		out = append(out, phrases.LastStretch)
	}
	return out
}

// say speaks the phrases that have clips, holding the session; with none,
// it plays a chime so that the command is not met with silence.
func (p *player) say(texts ...string) {
	var clips [][]int16
	for _, t := range texts {
		if c, ok := p.clip(t); ok {
			clips = append(clips, c)
		}
	}
	if len(clips) == 0 {
		p.ctl.Cue(audio.CueMissing)
		return
	}
	p.ctl.Say(clips...)
}

// clip returns the voice clip that says text, if the voice has one.
func (p *player) clip(text string) ([]int16, bool) {
	if text == "" {
		return nil, false
	}
	c, err := p.s.Voice.Clip(text)
	return c, err == nil && len(c) > 0
}

// Record returns the history record of a session of tl (routine, called
// title) that started at start and went as r says; lost says the output
// failed because the device went away.
func (r Result) Record(routine, title string, start time.Time, tl *script.Timeline, lost bool) history.Record {
	ch := ChapterAt(tl, r.Position)
	rec := history.Record{
		Routine: routine, Title: title, Start: start,
		Planned:  tl.Duration().Seconds(),
		Played:   script.Duration(r.Played).Seconds(),
		LastStep: ChapterName(tl.Chapters[ch]), Step: ch + 1, Steps: len(tl.Chapters),
	}
	switch {
	case r.Ending == Finished:
		rec.Completed, rec.Ended = true, history.EndedDone
	case r.Ending == Stopped:
		rec.Ended = history.EndedQuit
	case r.Ending == Interrupted:
		rec.Ended = history.EndedInterrupted
	case lost:
		rec.Ended = history.EndedDeviceLost
	default:
		rec.Ended = history.EndedError
	}
	return rec
}

// Summary is the line that says how a session went, "" when it failed.
func (r Result) Summary(tl *script.Timeline) string {
	switch r.Ending {
	case Finished:
		return "Done: " + Clock(script.Duration(r.Played)) + " played."
	case Stopped, Interrupted:
		return "Stopped at " + Clock(script.Duration(r.Position)) + ", in " + ChapterName(tl.Chapters[ChapterAt(tl, r.Position)]) + "."
	}
	return ""
}
