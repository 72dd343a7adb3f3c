package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/audio/device"
	"github.com/stretchguide/guide/internal/config"
	"github.com/stretchguide/guide/internal/history"
	"github.com/stretchguide/guide/internal/phrases"
	pl "github.com/stretchguide/guide/internal/player"
	"github.com/stretchguide/guide/script"
)

const (
	// repeatAfter is how long a pause must last for resuming to repeat the
	// current instruction.
	repeatAfter = 5 * time.Second
	// backWithin is how soon after a step's start p goes to the previous
	// step instead of restarting this one.
	backWithin = 3 * time.Second
)

// errQuit is the cause of a session stopped by q or Esc.
var errQuit = errors.New("quit")

// errKeyInterrupt is the cause of a session stopped by Ctrl-C read as a key.
var errKeyInterrupt = errors.New("interrupted")

// console is the terminal side of play and remind: the commands from stdin
// and the ui on stdout. close restores the terminal; it runs on every way
// out, a panic in any of the console's goroutines included.
type console struct {
	ui   *ui
	cmds chan pl.Command
	term *terminal // nil unless stdin is a terminal in cbreak mode
	keys bool      // commands come from single keys
	once sync.Once
}

// openConsole sets up stdin and stdout for a session: single keys from a
// terminal (in cbreak mode), or command lines from anything else; a status
// line on a terminal, timestamped lines elsewhere, nothing but errors when
// quiet.
func (a *app) openConsole(cmd *cobra.Command, quiet bool) *console {
	c := &console{cmds: make(chan pl.Command, 16)}
	u := &ui{mode: uiPlain, w: a.stdout, errw: a.stderr, width: func() int { return 80 }, now: time.Now}
	if fd, ok := fileFd(a.stdout); ok && isTerminal(fd) {
		u.mode, u.width = uiLine, func() int { return termWidth(fd) }
	}
	if quiet {
		u.mode = uiQuiet
	}
	c.ui = u
	stdin := cmd.InOrStdin()
	warn := func(err error) { u.errorf("%v", err) }
	if fd, ok := fileFd(stdin); ok && isTerminal(fd) {
		if !inForeground(fd) {
			return c // a background job: no keys
		}
		t, err := cbreak(fd)
		if err != nil {
			warn(fmt.Errorf("keys do not work: %w", err))
			return c
		}
		c.term, c.keys = t, true
		go c.guard(func() { readKeys(stdin, c.cmds) })
		return c
	}
	go c.guard(func() { readLines(stdin, c.cmds, warn) })
	return c
}

// close restores the terminal: the status line cleared, the cursor shown,
// the terminal mode as it was. It is safe to call more than once.
func (c *console) close() {
	c.once.Do(func() {
		c.ui.clear()
		if c.term != nil {
			c.term.restore()
		}
	})
}

// guard runs f, restoring the terminal before a panic takes the process
// down.
func (c *console) guard(f func()) {
	defer func() {
		if r := recover(); r != nil {
			c.close()
			panic(r)
		}
	}()
	f()
}

// hint returns how to use the controls.
func (c *console) hint() string {
	if c.keys {
		return "Keys: space pause · n/→ next · p/← back · r repeat · s status · +/- volume · q quit"
	}
	return "Ctrl-C stops."
}

// player plays one session with the controls.
type player struct {
	a        *app
	s        *session
	con      *console
	ctl      *audio.Control
	tl       *script.Timeline
	cancel   context.CancelCauseFunc
	pausedAt time.Time
	redraw   chan struct{} // a command was carried out: watch redraws now
}

// outcome is how a session went.
type outcome struct {
	record history.Record
	played bool // the device took some of it: worth recording
}

// playSession plays s on the device with the console's controls, records
// it in the history, and returns nil when it played to the end or was quit,
// an error wrapping context.Canceled when stopped by a signal, or the
// device's error.
func (a *app) playSession(ctx context.Context, s *session, con *console) error {
	start := time.Now()
	clips, stopPrefetch := audio.Prefetch(s.timeline, s.voice, 4)
	defer stopPrefetch()
	p := &player{a: a, s: s, con: con, tl: s.timeline, redraw: make(chan struct{}, 1)}
	p.ctl = audio.NewControl(s.stream(clips), s.cfg.Voice.Volume)
	playCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	p.cancel = cancel

	var wg sync.WaitGroup
	wg.Add(2)
	go con.guard(func() { defer wg.Done(); p.control(playCtx) })
	go con.guard(func() { defer wg.Done(); p.watch(playCtx) })
	err := device.Play(playCtx, guarded{p.ctl, con}, s.cfg.Audio.Buffer)
	cause := context.Cause(playCtx)
	cancel(nil)
	wg.Wait()
	con.ui.clear()

	pos := p.ctl.Position()
	ch := pl.ChapterAt(p.tl, pos)
	rec := history.Record{
		Routine: s.routine.Name, Title: s.routine.Title, Start: start,
		Planned:  p.tl.Duration().Seconds(),
		Played:   script.Duration(p.ctl.Played()).Seconds(),
		LastStep: pl.ChapterName(p.tl.Chapters[ch]), Step: ch + 1, Steps: len(p.tl.Chapters),
	}
	switch {
	case err == nil:
		rec.Completed, rec.Ended = true, history.EndedDone
		con.ui.printf("Done: %s played.", pl.Clock(script.Duration(p.ctl.Played())))
	case ctx.Err() == nil && errors.Is(cause, errQuit):
		rec.Ended, err = history.EndedQuit, nil
		con.ui.printf("Stopped at %s, in %s.", pl.Clock(script.Duration(pos)), rec.LastStep)
	case ctx.Err() != nil || errors.Is(cause, errKeyInterrupt):
		rec.Ended, err = history.EndedInterrupted, context.Canceled
	case errors.Is(err, device.ErrOutputStopped):
		rec.Ended = history.EndedDeviceLost
		err = fmt.Errorf("%w\nthe sound device went away (unplugged, or the sound server stopped or hung): "+
			"the session stopped at %s, in %s, and is recorded in guide history", err, pl.Clock(script.Duration(pos)), rec.LastStep)
	default:
		rec.Ended = history.EndedError
	}
	if p.ctl.Played() > 0 {
		if path, herr := config.HistoryFile(os.Environ()); herr != nil {
			con.ui.errorf("%v", herr)
		} else if herr := history.Append(path, rec); herr != nil {
			con.ui.errorf("could not record the session: %v", herr)
		}
	}
	if errors.Is(err, device.ErrNoDevice) {
		return fmt.Errorf("%w\nto listen another way, write the session to a file: guide render %s -o %s.wav",
			err, s.routine.Name, s.routine.Name)
	}
	return err
}

// watch shows the session as it plays: the status line, redrawn when what it shows changes or
// a command was carried out, or in plain mode a line as each step begins. In between it sleeps:
// each wake-up of a playing process costs CPU (see device.Play).
func (p *player) watch(ctx context.Context) {
	t := time.NewTimer(0)
	defer t.Stop()
	shown := -1
	for {
		pos := p.ctl.Position()
		if ch := pl.ChapterAt(p.tl, pos); ch != shown && p.con.ui.mode == uiPlain {
			shown = ch
			p.con.ui.printf("%d/%d %s (%s)", ch+1, len(p.tl.Chapters), pl.ChapterName(p.tl.Chapters[ch]), pl.Clock(script.Duration(pos)))
		}
		st := pl.StatusAt(p.tl, pos)
		st.Paused, st.Volume = p.ctl.Paused(), p.ctl.Volume()
		p.con.ui.status(st)
		wait := statusMaxWait
		if !st.Paused {
			wait = min(wait, script.Duration(pl.NextChange(p.tl, pos, p.con.ui.mode == uiLine)-pos))
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

// control carries out the commands until the session ends.
func (p *player) control(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-p.con.cmds:
			p.do(c)
			select {
			case p.redraw <- struct{}{}:
			default:
			}
		}
	}
}

// do carries out one command.
func (p *player) do(c pl.Command) {
	pos := p.ctl.Position()
	ch := pl.ChapterAt(p.tl, pos)
	u := p.con.ui
	switch c {
	case pl.Toggle:
		if p.ctl.Paused() {
			p.do(pl.Resume)
		} else {
			p.do(pl.Pause)
		}
	case pl.Pause:
		if p.ctl.Paused() {
			return
		}
		p.ctl.Pause()
		p.pausedAt = time.Now()
		if clip, ok := p.clip(phrases.Paused); ok {
			p.ctl.Say(clip)
		}
		u.printf("Paused at %s.", pl.Clock(script.Duration(pos)))
	case pl.Resume:
		if !p.ctl.Paused() {
			return
		}
		if time.Since(p.pausedAt) > repeatAfter {
			p.repeat(pos, true)
		}
		p.ctl.Resume()
		u.printf("Playing.")
	case pl.Next:
		if ch+1 >= len(p.tl.Chapters) {
			p.ctl.Cue(audio.CueLimit)
			return
		}
		p.seekChapter(ch + 1)
	case pl.Prev:
		if ch > 0 && script.Duration(pos-p.tl.Chapters[ch].Start) < backWithin {
			ch--
		}
		p.seekChapter(ch)
	case pl.Repeat:
		if !p.repeat(pos, !p.ctl.Paused()) {
			p.ctl.Cue(audio.CueLimit)
		}
	case pl.Status:
		texts := p.statusPhrases(pos)
		p.say(texts...)
		u.printf("%s", strings.Join(texts, " "))
	case pl.Louder, pl.Softer:
		step := 1
		if c == pl.Softer {
			step = -1
		}
		if db, ok := p.ctl.StepVolume(step); ok {
			u.printf("Volume %+.0f dB.", db)
		}
	case pl.Quit:
		p.cancel(errQuit)
	case pl.Interrupt:
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
	p.con.ui.printf("%d/%d %s", i+1, len(p.tl.Chapters), pl.ChapterName(c))
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
// goes back to its start; otherwise it is said again at once. It reports
// whether there was one.
func (p *player) repeat(pos int, playing bool) bool {
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
		return false
	}
	e := p.tl.Events[last]
	if playing && e.End() > pos {
		return p.ctl.Seek(e.Start) == nil
	}
	p.say(e.Text)
	return true
}

// statusPhrases returns the spoken status at pos: "Knee to chest. Right
// side. Fifteen seconds left. Next: Child's pose."
func (p *player) statusPhrases(pos int) []string {
	ch := pl.ChapterAt(p.tl, pos)
	c := p.tl.Chapters[ch]
	out := []string{phrases.Title(c.Title)}
	if s := phrases.Side(c.Side); s != "" {
		out = append(out, s)
	}
	out = append(out, phrases.TimeLeft(script.Duration(pl.ChapterEnd(p.tl, ch)-pos)))
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
// it plays a chime so that the key is not met with silence.
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
	var clips audio.Clips = p.s.voice
	c, err := clips.Clip(text)
	return c, err == nil && len(c) > 0
}

// guarded is the session's streamer with the terminal restored if it
// panics: Stream runs on the audio goroutine, where the console's other
// guards do not reach.
type guarded struct {
	*audio.Control
	con *console
}

func (g guarded) Stream(samples [][2]float64) (int, bool) {
	defer func() {
		if r := recover(); r != nil {
			g.con.close()
			panic(r)
		}
	}()
	return g.Control.Stream(samples)
}
