package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/stretchguide/guide/script"
)

func newListCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the built-in routines with their length at your pace",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.loadConfig()
			if err != nil {
				return err
			}
			cat, voice, err := builtins()
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ROUTINE\tTITLE\tLENGTH\tFOCUS")
			for _, name := range cat.Names() {
				r := cat.Routines[name]
				length := "?"
				if tl, err := script.Compile(r, cfg.CompileOptions(), voice); err == nil {
					length = script.Clock(tl.Length)[:5]
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", name, r.Title, length, strings.Join(r.Focus, ", "))
			}
			return w.Flush()
		},
	}
}
