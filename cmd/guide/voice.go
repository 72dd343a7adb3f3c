package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/internal/config"
	"github.com/stretchguide/guide/internal/phrases"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
	"github.com/stretchguide/guide/tts"
)

// sessionVoice returns the voice that says routine r (named arg on the
// command line): your own pack over the built-in pack, then, for phrases
// neither has, text-to-speech or the chime. It fails, before any sound,
// when some phrase would have no voice at all.
func (a *app) sessionVoice(cfg config.Config, builtin *voicepack.Pack, r *script.Routine, arg string) (*audio.Voices, error) {
	packs, err := packVoices(cfg.Voice, builtin)
	if err != nil {
		return nil, err
	}
	missing := packs.Missing(script.Phrases(r))
	if len(missing) == 0 {
		return packs, nil
	}
	var why error
	if cfg.Voice.TTS == tts.None {
		why = errors.New("voice.tts is none")
	} else if e, err := tts.Find(cfg.Voice.TTSConfig()); err != nil {
		why = err
	} else {
		v, err := a.synthesize(e, missing)
		if err == nil {
			return audio.Stack(packs, v), nil
		}
		if errors.Is(err, context.Canceled) || !cfg.Voice.Chime() {
			return nil, err
		}
		// The engine said some phrases; the chime stands in for the rest.
		rest := audio.Stack(v).Missing(missing)
		a.warnChime(rest, err)
		return audio.Stack(packs, v, audio.NewChime(rest)), nil
	}
	if cfg.Voice.Chime() {
		a.warnChime(missing, why)
		return audio.Stack(packs, audio.NewChime(missing)), nil
	}
	return nil, noVoiceError(r, arg, missing, why)
}

// warnChime says, once, which phrases the chime stands in for.
func (a *app) warnChime(missing []string, why error) {
	fmt.Fprintf(a.stderr, "guide: warning: a chime plays in place of %d %s no voice can say (%s):\n  %s\n",
		len(missing), pluralize(len(missing), "phrase", "phrases"), strings.TrimPrefix(why.Error(), "tts: "),
		strings.Join(quoteEach(missing), "\n  "))
}

// noVoiceError says which phrases have no voice, why, and the ways to give
// them one.
func noVoiceError(r *script.Routine, arg string, missing []string, why error) error {
	if arg == "" {
		arg = r.Name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "routine %s has %d %s that no voice pack has, and text-to-speech cannot say them: %s\n  %s\n",
		r.Name, len(missing), pluralize(len(missing), "phrase", "phrases"), strings.TrimPrefix(why.Error(), "tts: "),
		strings.Join(quoteEach(missing), "\n  "))
	b.WriteString("Any one of these fixes it:\n")
	var nie *tts.NotInstalledError
	if errors.As(why, &nie) && nie.Engine != tts.Auto {
		fmt.Fprintf(&b, "  - install %s: %s; or set voice.tts: auto to use whichever engine is installed\n", nie.Engine, tts.Install(nie.Engine))
	} else {
		b.WriteString("  - install a speech engine (voice.tts: auto finds it): sudo apt-get install flite\n" +
			"    (or festival festvox-us-slt-hts, or espeak-ng)\n")
	}
	fmt.Fprintf(&b, "  - record them yourself: guide voice script %s > lines.txt lists each phrase and its file name;\n"+
		"    save the recordings in a folder DIR, run guide voice import DIR %s, and set voice.pack: DIR\n", arg, arg)
	b.WriteString("  - play a short chime in their place: set voice.missing: chime (or --set voice.missing=chime)")
	return errors.New(b.String())
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func quoteEach(s []string) []string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return q
}

// synthesize has engine e say texts, through the cache. Ctrl-C stops it.
func (a *app) synthesize(e *tts.Engine, texts []string) (*tts.Voice, error) {
	dir, err := tts.CacheDir()
	if err != nil {
		fmt.Fprintf(a.stderr, "guide: warning: %v; phrases will be synthesised again next time\n", err)
		dir = ""
	}
	v := tts.NewVoice(e, dir)
	if n := len(v.Uncached(texts)); n > 0 {
		where := ""
		if dir != "" {
			where = ", once: they are kept in " + dir
		}
		fmt.Fprintf(a.stderr, "guide: saying %d new %s with %s%s\n", n, pluralize(n, "phrase", "phrases"), e, where)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := v.Prepare(ctx, texts); err != nil {
		return v, err
	}
	return v, nil
}

// packVoices returns the voice of the packs: the one voice.pack names
// over the built-in one.
func packVoices(v config.Voice, builtin *voicepack.Pack) (*audio.Voices, error) {
	own, err := ownPack(v)
	if err != nil || own == nil {
		return audio.Stack(builtin), err
	}
	return audio.Stack(own, builtin), nil
}

// ownPack opens the pack voice.pack names, or returns nil for none.
func ownPack(v config.Voice) (*voicepack.Pack, error) {
	path, dir := v.PackDir(), v.Pack
	if path == "" {
		return nil, nil
	}
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("voice.pack is %s, but there is no such folder", dir)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("voice.pack is %s, which is not a folder", dir)
	}
	p, err := voicepack.OpenDir(path)
	if errors.Is(err, voicepack.ErrNoManifest) {
		return nil, fmt.Errorf("voice.pack is %s, but it has no manifest.json: record the phrases (guide voice script lists them), then run guide voice import %s", dir, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("voice.pack %s (guide voice check %s says more):\n%w", dir, dir, err)
	}
	return p, nil
}

// builtinPhrases returns every phrase the built-in voice pack must have:
// everything the built-in routines can say, at any detail, and the fixed
// phrases of the player (internal/phrases), sorted, each once.
func builtinPhrases() ([]string, error) {
	cat, err := script.LoadCatalog(sessions.FS, "sessions")
	if err != nil {
		return nil, fmt.Errorf("built-in routines are broken (this is a bug):\n%w", err)
	}
	all := slices.Clone(phrases.All)
	for _, name := range cat.Names() {
		all = append(all, script.Phrases(cat.Routines[name])...)
	}
	slices.Sort(all)
	return slices.Compact(all), nil
}

// phraseSet returns the phrases a voice command is about: routine arg's
// (a built-in routine, one of yours, or a file), or with no arg those of
// every built-in routine. what names them for messages.
func (a *app) phraseSet(args []string) (texts []string, what string, err error) {
	if len(args) == 0 {
		texts, err = builtinPhrases()
		return texts, "the built-in routines", err
	}
	cat, err := script.LoadCatalog(sessions.FS, "sessions")
	if err != nil {
		return nil, "", fmt.Errorf("built-in routines are broken (this is a bug):\n%w", err)
	}
	if !script.IsPath(args[0]) {
		a.addUserRoutines(cat)
	}
	r, err := cat.Find(args[0])
	if err != nil {
		return nil, "", err
	}
	return script.Phrases(r), "routine " + r.Name, nil
}

func newVoiceCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "voice",
		Short: "List the phrases, record your own voice, check a voice pack",
		Long: `The voice: every phrase a routine speaks is a clip from a voice pack. Your
own pack (voice.pack) is used over the built-in one; phrases no pack has are
said by a text-to-speech engine (voice.tts) or, with voice.missing: chime,
replaced by a chime.

To record your own voice (or your physiotherapist's):
  guide voice script > lines.txt     the phrases, each with its file name
  (record each phrase; save them in one folder as WAV or MP3)
  guide voice import DIR             trim, level and encode them; write the manifest
  guide voice check DIR              anything missing or unreadable
and set voice.pack: DIR in your config.`,
	}
	cmd.AddCommand(newVoicePhrasesCmd(a), newVoiceScriptCmd(a), newVoiceImportCmd(a), newVoiceCheckCmd(a))
	return cmd
}

func newVoicePhrasesCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "phrases [ROUTINE]",
		Short: "List every phrase a routine (or every built-in routine) can speak",
		Long: `List every phrase ROUTINE can speak, at any detail, one per line, sorted.
Without ROUTINE, every phrase of the built-in routines and the player's own
phrases: what the built-in voice pack holds (make voice makes it from this
list).`,
		Args: routineArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			texts, _, err := a.phraseSet(args)
			if err != nil {
				return err
			}
			var b strings.Builder
			for _, t := range texts {
				b.WriteString(t)
				b.WriteByte('\n')
			}
			_, err = fmt.Fprint(a.stdout, b.String())
			return err
		},
	}
}

func newVoiceScriptCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "script [ROUTINE]",
		Short: "Write the recording script: every phrase with the file name to save it as",
		Long: `Write the script for recording your own voice: every phrase ROUTINE can speak
(without ROUTINE, every phrase of the built-in routines), each after the name
of the file to save its recording as. Record into one folder, then run
guide voice import on it.`,
		Example: "  guide voice script > lines.txt\n  guide voice script ./my-routine.yaml > lines.txt",
		Args:    routineArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			texts, what, err := a.phraseSet(args)
			if err != nil {
				return err
			}
			routine := ""
			if len(args) > 0 {
				routine = " " + args[0]
			}
			var b strings.Builder
			fmt.Fprintf(&b, "# Recording script for guide: the %d phrases of %s.\n", len(texts), what)
			b.WriteString("#\n" +
				"# Record each phrase on its own, in a quiet room, at the pace you would say\n" +
				"# it to someone lying on the floor with their eyes closed. Save it in one\n" +
				"# folder under the file name before it, as .wav (or .mp3: same name, .mp3\n" +
				"# instead of .wav); any sample rate, mono or stereo. A moment of silence\n" +
				"# before and after is fine: guide trims it and levels every clip. Then run\n" +
				"#   guide voice import FOLDER" + routine + "\n" +
				"#   guide voice check FOLDER" + routine + "\n" +
				"# and set voice.pack: FOLDER in your config. Phrases you leave out are said\n" +
				"# by the built-in voice.\n\n")
			width := 0
			for _, t := range texts {
				width = max(width, len(voicepack.ClipStem(t))+4)
			}
			for _, t := range texts {
				fmt.Fprintf(&b, "%-*s  %s\n", width, voicepack.ClipStem(t)+".wav", t)
			}
			_, err = fmt.Fprint(a.stdout, b.String())
			return err
		},
	}
}

// knownPhrases returns the phrases a recording may be named after: those
// of the built-in routines and, with a routine, the routine's; and the
// phrases expected (the routine's, or the built-in ones).
func (a *app) knownPhrases(args []string) (known, want []string, what string, err error) {
	builtin, err := builtinPhrases()
	if err != nil {
		return nil, nil, "", err
	}
	if len(args) == 0 {
		return builtin, builtin, "the built-in routines", nil
	}
	want, what, err = a.phraseSet(args)
	if err != nil {
		return nil, nil, "", err
	}
	known = append(slices.Clone(builtin), want...)
	slices.Sort(known)
	return slices.Compact(known), want, what, nil
}

func newVoiceImportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "import DIR [ROUTINE]",
		Short: "Make a voice pack of your recordings: trim, level, encode, write the manifest",
		Long: `Make a voice pack of the recordings in DIR, each a WAV or MP3 file named as
guide voice script says: every recording is trimmed (the silence before and
after the words, keeping a short breath of it), faded at its edges, levelled
to the loudness of the built-in voice and encoded as 44.1 kHz mono MP3 (WAV
when lame is not installed), into DIR/clips; DIR/manifest.json lists them.
The recordings themselves are not changed, so importing again starts from
them. Then set voice.pack: DIR.

Recordings that cannot be read, or whose names are no phrase's, are reported
by name (exit code 1); the rest are imported all the same.`,
		Example: "  guide voice import ~/my-voice\n  guide voice import ~/my-voice ./my-routine.yaml",
		Args:    cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.importVoice(args[0], args[1:])
		},
	}
}

// importVoice makes a pack of the recordings in dir.
func (a *app) importVoice(dir string, routine []string) error {
	known, want, what, err := a.knownPhrases(routine)
	if err != nil {
		return err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("voice import: %s is not a folder", dir)
	}
	res, err := voicepack.Import(dir, known)
	if err != nil {
		return fmt.Errorf("voice import: %w", err)
	}
	m := res.Manifest
	if res.Recordings == 0 {
		for _, p := range res.Problems {
			fmt.Fprintln(a.stdout, p)
		}
		return fmt.Errorf("voice import: %s holds no recordings named as guide voice script says (e.g. %s.wav)", dir, voicepack.ClipStem(want[0]))
	}
	if res.Format == voicepack.WAV {
		fmt.Fprintf(a.stderr, "guide: lame is not installed, so the clips are WAV files (sudo apt-get install lame makes them MP3, a tenth the size)\n")
	}
	if len(m.Clips) > 0 {
		fmt.Fprintf(a.stdout, "%s: %d clips (%s, trimmed and levelled to %g LUFS) in %s\n",
			filepath.Join(dir, "manifest.json"), len(m.Clips), strings.ToUpper(string(res.Format)), voicepack.TargetLUFS, filepath.Join(dir, voicepack.ClipsDir))
	}
	have := map[string]bool{}
	for _, c := range m.Clips {
		have[c.Text] = true
	}
	var left []string
	for _, t := range want {
		if !have[t] {
			left = append(left, t)
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(a.stdout, "%d of the %d phrases of %s are not recorded yet; the built-in voice (or text-to-speech) says them\n",
			len(left), len(want), what)
	}
	for _, p := range res.Problems {
		fmt.Fprintln(a.stdout, p)
	}
	if len(res.Problems) > 0 {
		return fmt.Errorf("voice import: %d %s in %s", len(res.Problems), pluralize(len(res.Problems), "problem", "problems"), dir)
	}
	if len(m.Clips) > 0 {
		fmt.Fprintf(a.stdout, "to use it: set voice.pack: %s in your config, or --set voice.pack=%s\n", dir, dir)
	}
	return nil
}

func newVoiceCheckCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "check DIR [ROUTINE]",
		Short: "Report the missing phrases and unreadable files of a voice pack",
		Long: `Check the voice pack in DIR against every phrase of ROUTINE (without it, of
the built-in routines): it reports each phrase no clip says, each clip or
recording that cannot be read or whose length differs from the manifest's,
and each recording not imported yet, by name. Exit code 1 when anything is
wrong.`,
		Example: "  guide voice check ~/my-voice",
		Args:    cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			known, want, what, err := a.knownPhrases(args[1:])
			if err != nil {
				return err
			}
			summary, problems := voicepack.Check(args[0], known, want, what)
			for _, p := range problems {
				fmt.Fprintln(a.stdout, p)
			}
			if len(problems) > 0 {
				return fmt.Errorf("voice check: %d %s in %s", len(problems), pluralize(len(problems), "problem", "problems"), args[0])
			}
			fmt.Fprintln(a.stdout, summary)
			return nil
		},
	}
}
