package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/stretchguide/guide/internal/config"
	"github.com/stretchguide/guide/internal/history"
	pl "github.com/stretchguide/guide/internal/player"
)

// remindPoll bounds each wait between reminders, so a laptop that slept
// through one finds out by the wall clock soon after it wakes.
const remindPoll = 30 * time.Second

// nextReminder returns the first reminder after now: the reminders fall
// every interval from start, and those in the quiet hours are skipped.
func nextReminder(start time.Time, every time.Duration, q config.Quiet, now time.Time) time.Time {
	at := func(after time.Time) time.Time {
		k := after.Sub(start)/every + 1
		return start.Add(k * every)
	}
	t := at(now)
	for range 3 { // twice is enough: once out of the quiet hours it stays out
		if !q.Contains(t) {
			break
		}
		t = at(q.End(t).Add(-time.Nanosecond))
	}
	return t
}

func newRemindCmd(a *app) *cobra.Command {
	var (
		every time.Duration
		quiet bool
	)
	cmd := &cobra.Command{
		Use:   "remind [ROUTINE]",
		Short: "Play a short routine at an interval, until stopped",
		Long: `Wait, then play a short routine, again and again at an interval, until you
stop it with Ctrl-C (or q between sessions). ROUTINE defaults to the
remind.Routine setting (desk-break); the interval to remind.every (30m).
No reminder plays in the quiet hours (remind.quiet, 21:00-08:00 local time
by default). Each session takes the same keys as guide play and is recorded
in guide history.`,
		Example: "  guide remind --every 30m\n  guide remind --every 1h morning",
		Args:    routineArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.loadConfig()
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("every") {
				every = cfg.Remind.Every
			} else if every < config.MinRemindEvery {
				return fmt.Errorf("--every %v is too short; want %v or more, such as 30m", every, config.MinRemindEvery)
			}
			q := cfg.Remind.Quiet
			name := cfg.Remind.Routine
			if len(args) > 0 {
				name = args[0]
			}
			s, err := a.load(cmd.Context(), []string{name})
			if err != nil {
				return err
			}
			// The safety note is said once a day: at the first session of
			// the day, unless one has played already (guide history).
			quietNote, err := s.WithSafety(false)
			if err != nil {
				return err
			}
			noteSaid := func(now time.Time) bool { return !cfg.Safety.Intro || playedOn(now) }
			ctx, stop := stopSignals(cmd.Context())
			defer stop()
			con := a.openConsole(cmd, quiet)
			defer con.close()
			qs := "no quiet hours"
			if !q.None() {
				qs = "quiet hours " + q.String()
			}
			con.ui.printf("Every %v: %s (%s), %s. Ctrl-C stops.", every, s.Routine.Title, pl.Clock(s.Timeline.Duration()), qs)
			start := time.Now()
			for {
				next := nextReminder(start, every, q, time.Now())
				con.ui.printf("Next reminder at %s.", when(next, time.Now()))
				if err := waitUntil(ctx, next, con); err != nil {
					if errors.Is(err, errQuit) {
						return nil
					}
					return err
				}
				this := s
				if noteSaid(time.Now()) {
					this = quietNote
				}
				if err := a.playSession(ctx, this, con); err != nil {
					if ctx.Err() != nil {
						return err
					}
					// The device may come back (headphones plugged in again): try at the next one.
					con.ui.errorf("%v", err)
				}
				drain(con.cmds) // keys pressed at the very end of a session are not for the wait
			}
		},
	}
	cmd.Flags().DurationVar(&every, "every", 0, "time between reminders, such as 30m (default remind.every)")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	return cmd
}

// playedOn reports whether the history holds a session that started on
// now's day.
func playedOn(now time.Time) bool {
	path, err := config.HistoryFile(os.Environ())
	if err != nil {
		return false
	}
	records, _, _ := history.Read(path)
	y, m, d := now.Date()
	for _, r := range records {
		if ry, rm, rd := r.Start.In(now.Location()).Date(); ry == y && rm == m && rd == d {
			return true
		}
	}
	return false
}

// errQuit ends the wait between reminders: q or Esc.
var errQuit = errors.New("quit")

// when formats t for a message: 15:04, or Mon 15:04 on another day.
func when(t, now time.Time) string {
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04:05")
	}
	return t.Format("Mon 15:04:05")
}

// waitUntil waits for the wall clock to reach t, in steps of at most
// remindPoll. q (or Esc) on the console quits; other commands wait.
func waitUntil(ctx context.Context, t time.Time, con *console) error {
	for {
		d := time.Until(t.Round(0)) // the wall clock: a laptop asleep does not stop it
		if d <= 0 {
			return nil
		}
		timer := time.NewTimer(min(d, remindPoll))
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case c := <-con.cmds:
			timer.Stop()
			switch c {
			case pl.Quit:
				return errQuit
			case pl.Interrupt:
				return context.Canceled
			}
		case <-timer.C:
		}
	}
}

// drain empties a channel of the commands already in it.
func drain(c chan pl.Command) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}
