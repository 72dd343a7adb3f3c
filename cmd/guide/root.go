package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/internal/config"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
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
	root.AddCommand(newHistoryCmd(a), newRemindCmd(a))
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

// session is everything needed to play or render one routine.
type session struct {
	cfg      config.Config
	routine  *script.Routine
	timeline *script.Timeline
	voice    *audio.Voices // your pack, the built-in pack, text-to-speech or the chime (voice.go)
	mix      audio.Mix     // how it sounds: tones, ducking, ambience, loudness
}

// load reads the configuration, finds the routine named by args (or the
// configured one) and compiles it.
func (a *app) load(args []string) (*session, error) {
	cfg, err := a.loadConfig()
	if err != nil {
		return nil, err
	}
	cat, voice, err := builtins()
	if err != nil {
		return nil, err
	}
	a.addUserRoutines(cat)
	name := cfg.Routine
	if len(args) > 0 {
		name = args[0]
	}
	r, err := cat.Find(name)
	if err != nil {
		return nil, err
	}
	voices, err := a.sessionVoice(cfg, voice, r, name)
	if err != nil {
		return nil, err
	}
	tl, err := script.Compile(r, cfg.CompileOptions(), voices)
	if err != nil {
		return nil, err
	}
	mix, err := cfg.Mix()
	if err != nil {
		return nil, err
	}
	return &session{cfg: cfg, routine: r, timeline: tl, voice: voices, mix: mix}, nil
}

// builtins loads the built-in routines, pose library and voice pack.
func builtins() (*script.Catalog, *voicepack.Pack, error) {
	cat, err := script.LoadCatalog(sessions.FS, "sessions")
	if err != nil {
		return nil, nil, fmt.Errorf("built-in routines are broken (this is a bug):\n%w", err)
	}
	voice, err := voicepack.Open(sessions.FS, "voice")
	if err != nil {
		return nil, nil, fmt.Errorf("built-in voice pack is broken (this is a bug):\n%w", err)
	}
	return cat, voice, nil
}

// userRoutines returns the folder of the user's own routines:
// $XDG_CONFIG_HOME/guide/routines, or "" when there is no config folder.
func userRoutines() string {
	return config.RoutinesDir(os.Environ())
}

// addUserRoutines adds the user's routines to cat. A broken one, or one
// named like a built-in, is reported on stderr and left out: it must not
// stop the others from playing.
func (a *app) addUserRoutines(cat *script.Catalog) {
	if dir := userRoutines(); dir != "" {
		if err := cat.AddUser(dir); err != nil {
			fmt.Fprintf(a.stderr, "guide: warning: %v\n", err)
		}
	}
}

// stream returns the session's audio at its configured levels, taking the
// voice clips from clips.
func (s *session) stream(clips audio.Clips) *audio.Session {
	// NewSession decodes every phrase, and the MP3 decoder makes about 45
	// bytes of garbage per sample: collect it often, so the heap stays
	// near what the session keeps (its packed clips) rather than double.
	// Streaming makes next to no garbage, so this costs nothing after.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(25)
	}
	return audio.NewSession(s.timeline, clips, s.cfg.Levels(), s.mix)
}

// routineArg accepts at most one argument: the routine.
var routineArg = cobra.MaximumNArgs(1)
