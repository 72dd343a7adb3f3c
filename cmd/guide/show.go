package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

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
				session.AddUser(cat, a.env())
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
			fmt.Fprintf(w, "%s (%s): %s at your pace\n", r.Title, r.Name, minutes(tl.Length))
			if r.Description != "" {
				fmt.Fprintf(w, "\n%s\n", wrap(r.Description, 76))
			}
			fmt.Fprintf(w, "\nFocus:     %s\nPositions: %s\nFile:      %s\n\nSteps:\n", strings.Join(r.Focus, ", "), strings.Join(r.Positions(), ", "), r.File)
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
			for i, st := range r.Steps {
				p := r.Pose(st.Pose)
				fmt.Fprintf(tw, "  %d.\t%s\t%s\t%s\n", i+1, p.Title, p.Start, dose(p, st))
			}
			return tw.Flush()
		},
	}
}

// dose describes how much of pose p step st does, as written.
func dose(p *script.Pose, st script.Step) string {
	amount := func(a script.Amount) string {
		switch {
		case p.Kind == script.BreathLed || p.Dose.Breaths > 0:
			n := p.Dose.Breaths
			if a.Breaths > 0 {
				n = a.Breaths
			}
			return fmt.Sprintf("%d breaths", n)
		default:
			h := p.Dose.Hold
			if a.Hold > 0 {
				h = a.Hold
			}
			return script.Human(h)
		}
	}
	kind := map[script.Kind]string{script.BreathLed: "", script.Held: "hold ", script.Rest: "rest "}[p.Kind]
	if !p.Sides {
		return kind + amount(st.Amount)
	}
	left, right := st.Amount, st.Amount
	if st.Left != (script.Amount{}) {
		left = st.Left
	}
	if st.Right != (script.Amount{}) {
		right = st.Right
	}
	if l, r := amount(left), amount(right); l != r {
		return fmt.Sprintf("%sleft %s, right %s", kind, l, r)
	}
	return kind + amount(left) + " each side"
}

// minutes formats a sample count as m:ss.
func minutes(n int) string {
	s := n / script.Rate
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// wrap breaks text into lines of at most width columns.
func wrap(text string, width int) string {
	var b strings.Builder
	col := 0
	for _, word := range strings.Fields(text) {
		if col > 0 && col+1+len(word) > width {
			b.WriteByte('\n')
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}
