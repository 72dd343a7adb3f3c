package main

import (
	"github.com/spf13/cobra"
)

func newPlanCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "plan [ROUTINE]",
		Short: "Print a routine's timeline: time, sound, length, words",
		Long: `Print the timeline a routine compiles to with your settings: one line per
sound, with its start time (mm:ss.mmm), what it is (speech, inhale, exhale,
bell, switch, close, soft-bell), how long it lasts and the words spoken.
Chapters (each stretch, and each side of it) are marked with "--".

With --json, print the same timeline as JSON (see README.md for the schema).
The same routine and settings always give the same output, byte for byte.`,
		Example: "  guide plan morning\n  guide plan morning --set pace.hold=1.5\n  guide plan back-relief --json",
		Args:    routineArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.load(cmd.Context(), args)
			if err != nil {
				return err
			}
			tl := s.Played()
			if asJSON {
				return tl.WriteJSON(a.stdout)
			}
			return tl.WriteText(a.stdout)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the timeline as JSON")
	return cmd
}
