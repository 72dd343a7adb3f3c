package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

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
	root.SetFlagErrorFunc(flagError)
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
var routineArg = argsBetween(0, 1)

// argsBetween accepts lo to hi arguments, saying in the user's words what
// is wrong otherwise.
func argsBetween(lo, hi int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) >= lo && len(args) <= hi {
			return nil
		}
		what := "too many arguments (" + strings.Join(args, " ") + ")"
		if len(args) < lo {
			what = "missing an argument"
		}
		name := strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
		return fmt.Errorf("%s: %s; write: %s", name, what, strings.TrimSuffix(cmd.UseLine(), " [flags]"))
	}
}

// flagPattern matches pflag's message for a value it cannot read.
var flagPattern = regexp.MustCompile(`^invalid argument "(.*)" for "(-\w, )?--([\w-]+)" flag`)

// flagError says what is wrong with a flag's value in the user's words:
// "--rate abc: want a whole number, such as 44100", not strconv's.
func flagError(cmd *cobra.Command, err error) error {
	m := flagPattern.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	f := cmd.Flags().Lookup(m[3])
	want := "another value"
	switch f.Value.Type() {
	case "int":
		want = "a whole number, such as " + map[string]string{"rate": "44100", "last": "10"}[m[3]]
	case "duration":
		want = "a duration with its unit, such as 30m or 1h"
	}
	return fmt.Errorf("--%s %s: want %s", m[3], m[1], strings.TrimSuffix(want, ", such as "))
}
