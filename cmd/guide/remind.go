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
	"github.com/stretchguide/guide/script"
)

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
				return fmt.Errorf("--every %s is too short; want %s or more, such as 30m", script.Human(every), script.Human(config.MinRemindEvery))
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
			con.ui.printf("Every %s: %s (%s), %s. Ctrl-C stops.", script.Human(every), s.Routine.Title, pl.Clock(s.Timeline.Duration()), qs)
			start := time.Now()
			for {
				next := pl.NextReminder(start, every, q, time.Now())
				con.ui.printf("Next reminder at %s.", pl.When(next, time.Now()))
				if err := pl.WaitUntil(ctx, next, con.cmds); err != nil {
					if errors.Is(err, pl.ErrQuit) {
						return nil
					}
					return err
				}
				this := s
				if noteSaid(time.Now()) {
					this = quietNote
				}
				if err := a.playSession(ctx, this, con, ""); err != nil {
					if ctx.Err() != nil || errors.Is(err, context.Canceled) {
						return err // Ctrl-C, as a signal or a key
					}
					// The device may come back (headphones plugged in again): try at the next one.
					con.ui.errorf("%v", err)
				}
				pl.Drain(con.cmds) // keys pressed at the very end of a session are not for the wait
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
	return history.PlayedOn(records, now)
}
