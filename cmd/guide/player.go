package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/spf13/cobra"

	"github.com/stretchguide/guide/audio/device"
	"github.com/stretchguide/guide/internal/config"
	"github.com/stretchguide/guide/internal/history"
	"github.com/stretchguide/guide/internal/interrupt"
	"github.com/stretchguide/guide/internal/media"
	pl "github.com/stretchguide/guide/internal/player"
	"github.com/stretchguide/guide/internal/session"
	"github.com/stretchguide/guide/script"
)

// console is the terminal side of play and remind: the commands from stdin
// and the ui on stdout. close restores the terminal; it runs on every way
// out, a panic in any of the console's goroutines included.
type console struct {
	ui   *ui
	cmds chan pl.Command
	term *terminal // nil unless stdin is a terminal in cbreak mode
	keys bool      // commands come from single keys
	once sync.Once
	done func() // unregisters close from what a second Ctrl-C runs
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
		c.done = interrupt.OnExit(cmd.Context(), c.close)
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
		if c.done != nil {
			c.done()
		}
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

// keyHints are the keys, as the first line of a session shows them.
var keyHints = []string{"space pause", "n/→ next", "p/← back", "r repeat", "s status", "+/- volume", "q quit"}

// hint returns how to use the controls, after a heading of head, folded to
// the terminal's width between keys, never inside one.
func (c *console) hint(head string) string {
	if !c.keys {
		return head + " Ctrl-C stops."
	}
	return pl.Fold(head+" Keys: ", keyHints, " · ", c.ui.width()-1)
}

// The console is the view a session plays in.
var _ pl.View = (*console)(nil)

// Printf shows a message.
func (c *console) Printf(format string, args ...any) { c.ui.printf(format, args...) }

// Status draws the status line, if the console has one.
func (c *console) Status(st pl.StatusInfo) { c.ui.status(st) }

// Mode says how the console shows a session.
func (c *console) Mode() pl.ViewMode {
	switch c.ui.mode {
	case uiLine:
		return pl.StatusLine
	case uiQuiet:
		return pl.Quiet
	}
	return pl.Lines
}

// Guard runs f, restoring the terminal before a panic takes the process
// down.
func (c *console) Guard(f func()) { c.guard(f) }

// playSession plays s on the device with the console's controls, records
// it in the history (announce is shown once the sound flows), and returns nil when it played to the end or was quit,
// an error wrapping context.Canceled when stopped by a signal, or the
// device's error.
func (a *app) playSession(ctx context.Context, s *session.Session, con *console, announce string) error {
	start := time.Now()
	tl := s.Timeline
	out := func(ctx context.Context, st beep.Streamer, started func()) error {
		return device.Play(ctx, guarded{st, con}, s.Config.Audio.Buffer, started)
	}
	remote := media.Open(media.Options{Enabled: s.Config.Controls.Media, Commands: con.cmds, Environ: os.Environ()})
	r := pl.Play(ctx, pl.Session{Timeline: tl, Voice: s.Voice, Stream: s.Stream, Volume: s.Config.Voice.Volume, Announce: announce, Remote: remote},
		con.cmds, con, out)
	remote.Close()
	con.ui.clear()

	lost := errors.Is(r.Err, device.ErrOutputStopped)
	rec := r.Record(s.Routine.Name, s.Routine.Title, start, tl, lost)
	if line := r.Summary(tl); line != "" {
		con.ui.printf("%s", line)
	}
	err := r.Err
	switch {
	case r.Ending == pl.Interrupted:
		err = errStopped
	case lost:
		err = fmt.Errorf("%w\nthe sound device went away (unplugged, or the sound server stopped or hung): "+
			"the session stopped at %s, in %s, and is recorded in guide history", err, pl.Clock(script.Duration(r.Position)), rec.LastStep)
	}
	if r.Played > 0 {
		if path, herr := config.HistoryFile(os.Environ()); herr != nil {
			con.ui.errorf("%v", herr)
		} else if herr := history.Append(path, rec); herr != nil {
			con.ui.errorf("could not record the session: %v", herr)
		}
	}
	if errors.Is(err, device.ErrNoDevice) {
		return fmt.Errorf("%w\nto listen another way, write the session to a file: guide render %s -o %s.wav",
			err, s.Routine.Name, s.Routine.Name)
	}
	return err
}

// guarded is the session's streamer with the terminal restored if it
// panics: Stream runs on the audio goroutine, where the console's other
// guards do not reach.
type guarded struct {
	beep.Streamer
	con *console
}

func (g guarded) Stream(samples [][2]float64) (int, bool) {
	defer func() {
		if r := recover(); r != nil {
			g.con.close()
			panic(r)
		}
	}()
	return g.Streamer.Stream(samples)
}
