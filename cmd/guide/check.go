package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/stretchguide/guide/internal/config"
	pl "github.com/stretchguide/guide/internal/player"
	"github.com/stretchguide/guide/internal/session"
	"github.com/stretchguide/guide/script"
)

func newCheckCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "check [FILE...]",
		Short: "Check routine files and report every problem",
		Long: `Check routine files: every problem in each file is reported at once, as
file:line:col: message, with what would be valid. Each file that is fine is
listed with its length at your pace. Without files, check every built-in
routine and your own. Exit code 1 when any file has a problem.`,
		Example: "  guide check my-routine.yaml\n  guide check ~/.config/guide/routines/*.yaml",
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, cat, voice, err := a.measuring()
			if err != nil {
				return err
			}
			type checked struct {
				file string
				r    *script.Routine
				err  error
			}
			var todo []checked
			if len(args) == 0 {
				if dir := config.RoutinesDir(os.Environ()); dir != "" {
					for _, b := range cat.AddUser(dir) {
						todo = append(todo, checked{file: b.File, err: b.Err})
					}
				}
				for _, name := range cat.Names() {
					todo = append(todo, checked{file: cat.Routines[name].File, r: cat.Routines[name]})
				}
			}
			for _, f := range args {
				r, err := cat.Load(f)
				todo = append(todo, checked{f, r, err})
			}
			bad := 0
			for _, c := range todo {
				if c.err == nil {
					var tl *script.Timeline
					var timing script.ErrorList
					if tl, c.err = script.Compile(c.r, cfg.CompileOptions(), voice); c.err == nil {
						if timing, c.err = script.Check(c.r, cfg.CompileOptions(), voice); c.err == nil && len(timing) == 0 {
							fmt.Fprintf(a.stdout, "%s: ok, %s at your pace\n", c.file, pl.Clock(tl.Duration()))
							continue
						}
					}
					var positioned *script.Error
					switch {
					case c.err == nil:
						c.err = timing
					case !errors.As(c.err, &positioned):
						c.err = fmt.Errorf("%s: %w", c.file, c.err)
					}
				}
				if c.file != "" {
					fmt.Fprintln(a.stderr, c.err)
				}
				bad++
			}
			if bad > 0 {
				return fmt.Errorf("check: %d of %d %s %s problems", bad, len(todo), session.Plural(len(todo), "routine", "routines"), session.Plural(bad, "has", "have"))
			}
			return nil
		},
	}
}
