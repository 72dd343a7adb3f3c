// Package session puts together everything one routine needs to be played
// or rendered: the built-in catalog and voice pack with the user's own
// routines, the routine named, the voice that says it (your pack over the
// built-in one, then text-to-speech or the chime), the compiled timeline
// and the mix. It is what cmd/guide's play, render, plan, show, list, check
// and voice commands share, so none of them decides these things itself.
package session

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/internal/config"
	"github.com/stretchguide/guide/internal/files"
	"github.com/stretchguide/guide/internal/pages"
	"github.com/stretchguide/guide/internal/phrases"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
)

// Session is everything needed to play or render one routine.
type Session struct {
	Config   config.Config
	Routine  *script.Routine
	Timeline *script.Timeline
	Voice    *audio.Voices // your pack, the built-in pack, text-to-speech or the chime
	Mix      audio.Mix     // how it sounds: tones, ducking, ambience, loudness
}

// Env is what loading needs from the program around it.
type Env struct {
	Environ []string  // os.Environ()-style: where the user's folders are
	Stderr  io.Writer // warnings and progress ("guide: ..." lines)
}

// warnf writes a "guide: warning: ..." line.
func (e Env) warnf(format string, args ...any) {
	fmt.Fprintf(e.Stderr, "guide: warning: "+format+"\n", args...)
}

// Load finds the routine named (a routine's name or a routine file; "" is
// the configured one) and compiles it with cfg, with the voice that says
// it. Speaking new phrases stops when ctx is cancelled.
func Load(ctx context.Context, cfg config.Config, name string, env Env) (*Session, error) {
	cat, builtin, err := Builtins()
	if err != nil {
		return nil, err
	}
	arg := name
	if name == "" {
		name = cfg.Routine
	}
	if !script.IsPath(name) {
		AddUser(cat, env, name)
	}
	r, err := cat.Find(name)
	if err != nil {
		if arg == "" {
			err = cfg.Problem("routine", fmt.Errorf("routine: %w", err))
		}
		return nil, err
	}
	voices, err := Voice(ctx, cfg, builtin, r, arg, env)
	if err != nil {
		return nil, err
	}
	tl, err := script.Compile(r, cfg.CompileOptions(), voices)
	if err != nil {
		return nil, err
	}
	mix, err := cfg.Mix()
	if err != nil {
		return nil, cfg.Problem("ambience", err)
	}
	return &Session{Config: cfg, Routine: r, Timeline: tl, Voice: voices, Mix: mix}, nil
}

// Stream returns the session's audio at its configured levels, taking the
// voice clips from clips.
func (s *Session) Stream(clips audio.Clips) *audio.Session {
	// NewSession may decode phrases, and the MP3 decoder makes about 45
	// bytes of garbage per sample: collect it often, so the heap stays
	// near what the session keeps (its packed clips) rather than double.
	// Streaming makes next to no garbage, so this costs nothing after.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(25)
	}
	return audio.NewSession(s.Timeline, clips, s.Config.Levels(), s.Mix)
}

// Builtins loads the built-in routines, pose library and voice pack.
func Builtins() (*script.Catalog, *voicepack.Pack, error) {
	cat, err := script.LoadCatalog(sessions.FS, "sessions")
	if err != nil {
		return nil, nil, fmt.Errorf("built-in routines are broken (this is a bug):\n%w", err)
	}
	// The pack is read a clip at a time, each once, from the executable
	// file: none of its pages of the binary is mapped.
	voice, err := voicepack.Open(pages.FromFile(sessions.FS), "voice")
	if err != nil {
		return nil, nil, fmt.Errorf("built-in voice pack is broken (this is a bug):\n%w", err)
	}
	return cat, voice, nil
}

// AddUser adds the user's routines to cat. A broken one, or one named like
// a built-in, is left out: it must not stop the others from playing, nor
// fill the screen at every command. One line says how many are left out
// (guide check lists their problems), unless the routine asked for is the
// one broken routine: Find then reports its problems in full.
func AddUser(cat *script.Catalog, env Env, asked string) {
	dir := config.RoutinesDir(env.Environ)
	if dir == "" {
		return
	}
	broken := cat.AddUser(dir)
	switch {
	case len(broken) == 0:
	case len(broken) == 1 && broken[0].Name == asked && !cat.Builtin(asked): // Find reports it
	case len(broken) == 1 && broken[0].Name != "":
		env.warnf("your routine %s (%s) is left out: it has problems; guide check lists them", files.Show(broken[0].Name), files.Show(broken[0].File))
	case len(broken) == 1:
		env.warnf("%v", broken[0].Err)
	default:
		env.warnf("%d routines in %s are left out: they have problems; guide check lists them", len(broken), files.Show(dir))
	}
}

// Measuring returns what list and check measure routines with: the
// built-in routines, and a voice that knows your own pack over the
// built-in one and guesses the length of other words from how many there
// are, so that a routine's length can be told before any new words are
// synthesised.
func Measuring(cfg config.Config) (*script.Catalog, script.Voice, error) {
	cat, builtin, err := Builtins()
	if err != nil {
		return nil, nil, err
	}
	packs, err := PackVoices(cfg.Voice, builtin)
	if err != nil {
		return nil, nil, cfg.Problem("voice.pack", err)
	}
	return cat, estimate{packs}, nil
}

// estimate is the voice Measuring returns.
type estimate struct{ known script.Voice }

func (e estimate) Length(text string) (int, bool) {
	if n, ok := e.known.Length(text); ok {
		return n, true
	}
	words := len(strings.Fields(text))
	return script.Samples(time.Duration(words)*430*time.Millisecond + 300*time.Millisecond), true
}

// BuiltinPhrases returns every phrase the built-in voice pack must have:
// everything the built-in routines can say, at any detail, the words the
// pose library lends every routine (the ways into and up from every
// position, whichever a routine uses), and the fixed phrases of the player
// (internal/phrases), sorted, each once.
func BuiltinPhrases() ([]string, error) {
	cat, _, err := Builtins()
	if err != nil {
		return nil, err
	}
	all := append(slices.Clone(phrases.All), cat.Library.Phrases()...)
	for _, name := range cat.Names() {
		all = append(all, script.Phrases(cat.Routines[name])...)
	}
	slices.Sort(all)
	return slices.Compact(all), nil
}

// PhraseSet returns the phrases a voice command is about: routine arg's
// (a built-in routine, one of yours, or a file), or with no arg those of
// every built-in routine. what names them for messages.
func PhraseSet(arg string, env Env) (texts []string, what string, err error) {
	if arg == "" {
		texts, err = BuiltinPhrases()
		return texts, "the built-in routines", err
	}
	cat, _, err := Builtins()
	if err != nil {
		return nil, "", err
	}
	if !script.IsPath(arg) {
		AddUser(cat, env, arg)
	}
	r, err := cat.Find(arg)
	if err != nil {
		return nil, "", err
	}
	return script.Phrases(r), "routine " + r.Name, nil
}

// KnownPhrases returns the phrases a recording may be named after: those
// of the built-in routines and, with a routine, the routine's; and the
// phrases expected (the routine's, or the built-in ones), with what names
// them.
func KnownPhrases(arg string, env Env) (known, want []string, what string, err error) {
	builtin, err := BuiltinPhrases()
	if err != nil {
		return nil, nil, "", err
	}
	if arg == "" {
		return builtin, builtin, "the built-in routines", nil
	}
	want, what, err = PhraseSet(arg, env)
	if err != nil {
		return nil, nil, "", err
	}
	known = append(slices.Clone(builtin), want...)
	slices.Sort(known)
	return slices.Compact(known), want, what, nil
}

// WithSafety returns the session with its safety note said or left out:
// guide remind says it once a day, not at every reminder.
func (s *Session) WithSafety(on bool) (*Session, error) {
	o := s.Config.CompileOptions()
	o.Safety = on
	tl, err := script.Compile(s.Routine, o, s.Voice)
	if err != nil {
		return nil, err
	}
	c := *s
	c.Timeline = tl
	return &c, nil
}

// RoutineNames returns the names of the routines guide play plays by name:
// the built-in ones and the user's, sorted.
func RoutineNames(environ []string) []string {
	cat, _, err := Builtins()
	if err != nil {
		return nil
	}
	AddUser(cat, Env{Environ: environ, Stderr: io.Discard}, "")
	return cat.Names()
}

// Played returns the session's timeline as it plays: without the sounds
// the settings silence (the breath tones with tones.breath: false, the
// tones at tones.volume 0, the words at voice.volume 0), and with a chime
// in place of each phrase the chime stands in for. It is what guide plan
// shows; the session itself plays Timeline.
func (s *Session) Played() *script.Timeline {
	tl := *s.Timeline
	tl.Events = nil
	levels := s.Config.Levels()
	for _, e := range s.Timeline.Events {
		switch {
		case e.Sound == script.Speech && levels.Voice == 0:
			continue
		case e.Sound != script.Speech && levels.Tones == 0:
			continue
		case (e.Sound == script.Inhale || e.Sound == script.Exhale) && s.Mix.NoBreath:
			continue
		case e.Sound == script.Speech && s.Voice.Chimed(e.Text):
			e.Sound = script.Chime
		}
		tl.Events = append(tl.Events, e)
	}
	return &tl
}
