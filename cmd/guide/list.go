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

func newListCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the routines with their length at your pace",
		Long: `List the built-in routines and your own (the .yaml files in
$XDG_CONFIG_HOME/guide/routines), with their title, length at your pace,
focus and the positions they use.`,
		Args: argsBetween(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, cat, voice, err := a.measuring()
			if err != nil {
				return err
			}
			session.AddUser(cat, a.env(), "")
			w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ROUTINE\tTITLE\tLENGTH\tFOCUS\tPOSITIONS")
			for _, name := range cat.Names() {
				r := cat.Routines[name]
				length := "?"
				if tl, err := script.Compile(r, cfg.CompileOptions(), voice); err == nil {
					length = pl.Clock(tl.Duration())
				}
				if !cat.Builtin(name) {
					name += " (yours)"
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", name, r.Title, length, strings.Join(r.Focus, ", "), strings.Join(r.Positions(), ", "))
			}
			return w.Flush()
		},
	}
}
