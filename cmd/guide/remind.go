package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	pl "github.com/stretchguide/guide/internal/player"
)

// minRemindEvery is the shortest interval between reminders.
const minRemindEvery = time.Second

// remindPoll bounds each wait between reminders, so a laptop that slept
// through one finds out by the wall clock soon after it wakes.
const remindPoll = 30 * time.Second

// quietHours is a daily span of local time when no reminder plays, in
// minutes from midnight; it may run past midnight. The zero value, with
// on false, is none.
type quietHours struct {
	on          bool
	from, until int
}

// parseQuiet reads quiet hours written HH:MM-HH:MM, or none.
func parseQuiet(s string) (quietHours, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "none") || strings.EqualFold(s, "off") {
		return quietHours{}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	from, ferr := parseHHMM(a)
	until, uerr := parseHHMM(b)
	if !ok || ferr != nil || uerr != nil {
		return quietHours{}, fmt.Errorf("%s is not a span of time; write HH:MM-HH:MM, such as 21:00-08:00, or none", show(s))
	}
	if from == until {
		return quietHours{}, fmt.Errorf("%s starts and ends at the same time; write two different times, or none", show(s))
	}
	return quietHours{on: true, from: from, until: until}, nil
}

// parseHHMM reads a time of day, 00:00 to 23:59, as minutes from midnight.
func parseHHMM(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

func (q quietHours) String() string {
	if !q.on {
		return "none"
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d", q.from/60, q.from%60, q.until/60, q.until%60)
}

// contains reports whether t, in its own location, is in the quiet hours.
func (q quietHours) contains(t time.Time) bool {
	if !q.on {
		return false
	}
	m := t.Hour()*60 + t.Minute()
	if q.from < q.until {
		return m >= q.from && m < q.until
	}
	return m >= q.from || m < q.until
}

// end returns when the quiet hours containing t end.
func (q quietHours) end(t time.Time) time.Time {
	y, mo, d := t.Date()
	e := time.Date(y, mo, d, q.until/60, q.until%60, 0, 0, t.Location())
	if !e.After(t) {
		e = e.AddDate(0, 0, 1)
	}
	return e
}

// nextReminder returns the first reminder after now: the reminders fall
// every interval from start, and those in the quiet hours are skipped.
func nextReminder(start time.Time, every time.Duration, q quietHours, now time.Time) time.Time {
	at := func(after time.Time) time.Time {
		k := after.Sub(start)/every + 1
		return start.Add(k * every)
	}
	t := at(now)
	for range 3 { // twice is enough: once out of the quiet hours it stays out
		if !q.contains(t) {
			break
		}
		t = at(q.end(t).Add(-time.Nanosecond))
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
remind.routine setting (desk-break); the interval to remind.every (30m).
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
			} else if every < minRemindEvery {
				return fmt.Errorf("--every %v is too short; want %v or more, such as 30m", every, minRemindEvery)
			}
			q, err := parseQuiet(cfg.Remind.Quiet)
			if err != nil {
				return err
			}
			name := cfg.Remind.Routine
			if len(args) > 0 {
				name = args[0]
			}
			s, err := a.load([]string{name})
			if err != nil {
				return err
			}
			ctx, stop := stopSignals(cmd.Context())
			defer stop()
			con := a.openConsole(cmd, quiet)
			defer con.close()
			qs := "no quiet hours"
			if q.on {
				qs = "quiet hours " + q.String()
			}
			con.ui.printf("Every %v: %s (%s), %s. Ctrl-C stops.", every, s.routine.Title, pl.Clock(s.timeline.Duration()), qs)
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
				if err := a.playSession(ctx, s, con); err != nil {
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
