package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/stretchguide/guide/internal/config"
	"github.com/stretchguide/guide/internal/history"
)

func newHistoryCmd(a *app) *cobra.Command {
	var last int
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Show your recent sessions, minutes this week and your streak",
		Long: `Show your recent sessions (newest first, with how much of each played and
where it stopped), the minutes you have stretched this week (from Monday),
and how many days in a row you have stretched: a day counts once you have
played a minute or finished a session. history.streak: false hides the
streak.

The history is kept in $XDG_STATE_HOME/guide/history.jsonl (usually
~/.local/state/guide/history.jsonl), one JSON object a line.`,
		Args: argsBetween(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if last < 1 {
				return fmt.Errorf("history -n %d: want 1 or more sessions", last)
			}
			cfg, err := a.loadConfig()
			if err != nil {
				return err
			}
			path, err := config.HistoryFile(os.Environ())
			if err != nil {
				return err
			}
			records, bad, err := history.Read(path)
			if err != nil {
				return err
			}
			for _, b := range bad {
				fmt.Fprintf(a.stderr, "guide: history: %s\n", b)
			}
			history.Write(a.stdout, records, last, time.Now(), cfg.History.Streak)
			return nil
		},
	}
	cmd.Flags().IntVarP(&last, "last", "n", 10, "show the last `N` sessions")
	return cmd
}
