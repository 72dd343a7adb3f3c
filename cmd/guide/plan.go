package main

import (
	"github.com/spf13/cobra"
)

func newPlanCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "plan [ROUTINE]",
		Short: "Print a routine's timeline: time, sound, length, words",
		Long: `Print the timeline a routine compiles to at the configured pace: one line per
sound, with its start time (mm:ss.mmm), what it is (speech, inhale, exhale,
bell, switch, close), how long it lasts and the words spoken. Chapters (each
stretch, and each side of it) are marked with "--".`,
		Example: "  guide plan morning\n  guide plan morning --set pace.hold=1.5",
		Args:    routineArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.load(args)
			if err != nil {
				return err
			}
			return s.timeline.WriteText(a.stdout)
		},
	}
}
