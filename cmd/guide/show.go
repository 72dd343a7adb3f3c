package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	pl "github.com/stretchguide/guide/internal/player"
	"github.com/stretchguide/guide/internal/session"
	"github.com/stretchguide/guide/script"
)

func newShowCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "show [ROUTINE]",
		Short:   "Describe a routine and list its steps",
		Example: "  guide show sciatica",
		Args:    routineArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			// Measured, not spoken: showing a routine needs no speech
			// engine for its new words.
			cfg, cat, voice, err := a.measuring()
			if err != nil {
				return err
			}
			name := cfg.Routine
			if len(args) > 0 {
				name = args[0]
			}
			if !script.IsPath(name) {
				session.AddUser(cat, a.env(), name)
			}
			r, err := cat.Find(name)
			if err != nil {
				return err
			}
			tl, err := script.Compile(r, cfg.CompileOptions(), voice)
			if err != nil {
				return err
			}
			w := a.stdout
			fmt.Fprintf(w, "%s (%s): %s at your pace\n", r.Title, r.Name, pl.Clock(tl.Duration()))
			if r.Description != "" {
				fmt.Fprintf(w, "\n%s\n", pl.Wrap(r.Description, 76))
			}
			fmt.Fprintf(w, "\nFocus:     %s\nPositions: %s\nFile:      %s\n\nSteps:\n", strings.Join(r.Focus, ", "), strings.Join(r.Positions(), ", "), r.File)
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
			for i, st := range r.Steps {
				p := r.Pose(st.Pose)
				fmt.Fprintf(tw, "  %d.\t%s\t%s\t%s\n", i+1, p.Title, p.Start, r.Dose(st))
			}
			return tw.Flush()
		},
	}
}
