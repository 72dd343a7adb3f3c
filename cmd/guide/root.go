package main

import (
	"context"
	"errors"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/stretchguide/guide/internal/config"
	"github.com/stretchguide/guide/internal/session"
	"github.com/stretchguide/guide/script"
)

// app is what every command shares: where output goes and how the
// configuration was asked for.
type app struct {
	stdout, stderr io.Writer
	config         string   // --config FILE
	sets           []string // --set KEY=VALUE
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	a := &app{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "guide",
		Short: "Voice-guided stretching sessions for your back, eyes closed",
		Long: `guide plays voice-guided stretching routines: a calm voice tells you what to
do, soft tones pace every breath in (rising) and out (falling), a bell marks
each new stretch and a chime each change of side. Lie down, close your eyes
and run "guide play".`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			// An empty --config is a mistake, not a wish for the defaults.
			if cmd.Flags().Changed("config") && a.config == "" {
				return errors.New(`config: --config "" names no file; name one, or leave --config out`)
			}
			return nil
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&a.config, "config", "", "read settings from `FILE` (default $XDG_CONFIG_HOME/guide/config.yaml if it exists)")
	root.PersistentFlags().StringArrayVar(&a.sets, "set", nil, "override one setting, e.g. --set pace.inhale=5s (repeatable)")
	root.AddCommand(newPlayCmd(a), newRenderCmd(a), newPlanCmd(a), newListCmd(a), newShowCmd(a), newCheckCmd(a), newConfigCmd(a), newVoiceCmd(a))
	root.AddCommand(newHistoryCmd(a), newRemindCmd(a), newManCmd())
	root.SetVersionTemplate("guide {{.Version}}\n")
	completions(root)
	return root
}

// source says where this invocation's configuration comes from.
func (a *app) source() config.Source {
	return config.Source{File: a.config, Sets: a.sets, Environ: os.Environ()}
}

// loadConfig reads the effective configuration for this invocation.
func (a *app) loadConfig() (config.Config, error) {
	return config.Load(a.source())
}

// env is what loading a session needs from this invocation.
func (a *app) env() session.Env { return session.Env{Environ: os.Environ(), Stderr: a.stderr} }

// load reads the configuration, finds the routine named by args (or the
// configured one) and compiles it, with the voice that says it.
func (a *app) load(ctx context.Context, args []string) (*session.Session, error) {
	cfg, err := a.loadConfig()
	if err != nil {
		return nil, err
	}
	name := ""
	if len(args) > 0 {
		name = args[0]
	}
	return session.Load(ctx, cfg, name, a.env())
}

// measuring returns what list and check measure routines with: the
// configuration, the built-in routines and session.Measuring's voice.
func (a *app) measuring() (config.Config, *script.Catalog, script.Voice, error) {
	cfg, err := a.loadConfig()
	if err != nil {
		return config.Config{}, nil, nil, err
	}
	cat, voice, err := session.Measuring(cfg)
	return cfg, cat, voice, err
}

// routineArg accepts at most one argument: the routine.
var routineArg = cobra.MaximumNArgs(1)
