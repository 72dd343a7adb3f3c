package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/stretchguide/guide/internal/atomicfile"
	"github.com/stretchguide/guide/internal/config"
)

func newConfigCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show the effective settings, or write a config file to edit",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "show",
		Short: "Print every setting's value and where it came from",
		Long: `Print every setting's effective value and where it came from: the
defaults, your config file (with the line), an environment variable, a
--set flag, or the pace preset.`,
		Args: argsBetween(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, settings, err := config.Resolve(a.source())
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "KEY\tVALUE\tFROM")
			for _, s := range settings {
				from := s.From
				if from == "" {
					from = "default"
				}
				fmt.Fprintf(w, "%s\t%s\t%s\n", s.Key, s.Value, from)
			}
			return w.Flush()
		},
	})
	var force bool
	initCmd := &cobra.Command{
		Use:   "init",
		Short: "Write the documented default config.yaml to your config folder",
		Long: `Write the documented config.yaml, every setting at its default with what it
means, to $XDG_CONFIG_HOME/guide/config.yaml (or the file --config or GUIDE_CONFIG names),
for you to edit. Every key in it is commented out, so it sets nothing until you
remove the # before a key. An existing file is never overwritten without --force.`,
		Args: argsBetween(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := a.source().Path()
			if path == "" {
				return errors.New("config init: there is no config folder: set XDG_CONFIG_HOME or HOME, or name a file with --config")
			}
			if _, err := os.Stat(path); err == nil && !force {
				return fmt.Errorf("config init: %s already exists; edit it, or add --force to replace it with the defaults", path)
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("config init: %w", err)
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return fmt.Errorf("config init: %w", err)
			}
			data, err := config.Template()
			if err != nil {
				return fmt.Errorf("config init: %w", err)
			}
			if err := atomicfile.WriteFile(path, data); err != nil {
				return fmt.Errorf("config init: %w", err)
			}
			fmt.Fprintf(a.stdout, "Wrote %s\n", path)
			return nil
		},
	}
	initCmd.Flags().BoolVar(&force, "force", false, "replace an existing file")
	cmd.AddCommand(initCmd)
	return cmd
}
