package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/internal/config"
	"github.com/stretchguide/guide/internal/phrases"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
	"github.com/stretchguide/guide/tts"
)

// clipsDir is the folder of a recorded pack that guide voice import writes
// the finished clips to, next to the recordings.
const clipsDir = "clips"

// recordedVoice is the manifest's voice for a pack made by guide voice
// import.
const recordedVoice = "recorded, imported by guide voice import"

// sessionVoice returns the voice that says routine r (named arg on the
// command line): your own pack over the built-in pack, then, for phrases
// neither has, text-to-speech or the chime. It fails, before any sound,
// when some phrase would have no voice at all.
func (a *app) sessionVoice(cfg config.Config, builtin *audio.Pack, r *script.Routine, arg string) (*audio.Voices, error) {
	own, err := ownPack(cfg.Voice)
	if err != nil {
		return nil, err
	}
	packs := audio.Stack(own, builtin)
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
			return audio.Stack(own, builtin, v), nil
		}
		if errors.Is(err, context.Canceled) || !cfg.Voice.Chime() {
			return nil, err
		}
		// The engine said some phrases; the chime stands in for the rest.
		rest := audio.Stack(v).Missing(missing)
		a.warnChime(rest, err)
		return audio.Stack(own, builtin, v, audio.NewChime(rest)), nil
	}
	if cfg.Voice.Chime() {
		a.warnChime(missing, why)
		return audio.Stack(own, builtin, audio.NewChime(missing)), nil
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

// ownPack opens the pack voice.pack names, or returns nil for none.
func ownPack(v config.Voice) (*audio.Pack, error) {
	path, dir := v.PackDir(), v.Pack
	if path == "" {
		return nil, nil
	}
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("voice.pack is %s, but there is no such folder", dir)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("voice.pack is %s, which is not a folder", dir)
	}
	p, err := audio.OpenPackDir(path)
	if errors.Is(err, audio.ErrNoManifest) {
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
				width = max(width, len(audio.ClipStem(t))+4)
			}
			for _, t := range texts {
				fmt.Fprintf(&b, "%-*s  %s\n", width, audio.ClipStem(t)+".wav", t)
			}
			_, err = fmt.Fprint(a.stdout, b.String())
			return err
		},
	}
}

// recording is an audio file in a recorded pack's folder, named as guide
// voice script says.
type recording struct {
	file string // path
	text string // the phrase its name stands for
}

// isAudio reports whether name is a .wav or .mp3 file name.
func isAudio(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".wav" || ext == ".mp3"
}

// scanRecordings lists the recordings at the top of dir, matching each file
// name to a phrase of known. Files the manifest lists as clips are not
// recordings. It returns a problem for each file named after no phrase and
// for each phrase recorded twice.
func scanRecordings(dir string, known []string, clips map[string]bool) ([]recording, []string, error) {
	byStem := map[string]string{}
	for _, t := range known {
		byStem[audio.ClipStem(t)] = t
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var (
		recs     []recording
		problems []string
		seen     = map[string]string{} // text -> file
	)
	for _, e := range entries {
		name := e.Name()
		if !isAudio(name) || clips[name] || e.IsDir() {
			continue
		}
		file := filepath.Join(dir, name)
		text, ok := byStem[strings.TrimSuffix(name, filepath.Ext(name))]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: no phrase is recorded under this name (guide voice script lists the file names)", file))
		case seen[text] != "":
			problems = append(problems, fmt.Sprintf("%s: %s records the same phrase; keep one", file, filepath.Base(seen[text])))
		default:
			seen[text] = file
			recs = append(recs, recording{file, text})
		}
	}
	return recs, problems, nil
}

// manifestClips returns the files (relative to dir, with slashes) a
// pack's manifest lists, read leniently: whatever a damaged manifest still
// names, nil when there is none.
func manifestClips(dir string) map[string]bool {
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil
	}
	var m audio.Manifest
	_ = json.Unmarshal(data, &m)
	files := map[string]bool{}
	for _, c := range m.Clips {
		files[path.Clean(c.File)] = true
	}
	return files
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
	recs, problems, err := scanRecordings(dir, known, nil)
	if err != nil {
		return fmt.Errorf("voice import: %w", err)
	}
	if len(recs) == 0 {
		for _, p := range problems {
			fmt.Fprintln(a.stdout, p)
		}
		return fmt.Errorf("voice import: %s holds no recordings named as guide voice script says (e.g. %s.wav)", dir, audio.ClipStem(want[0]))
	}
	mp3 := true
	if _, err := exec.LookPath("lame"); err != nil {
		mp3 = false
		fmt.Fprintf(a.stderr, "guide: lame is not installed, so the clips are WAV files (sudo apt-get install lame makes them MP3, a tenth the size)\n")
	}
	out := filepath.Join(dir, clipsDir)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("voice import: %w", err)
	}

	m := audio.Manifest{Voice: recordedVoice, Rate: script.Rate}
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		queue = make(chan recording)
		bad   = map[string]string{}
	)
	for range min(2, len(recs)) {
		wg.Go(func() {
			for r := range queue {
				c, err := importClip(r, out, mp3)
				mu.Lock()
				if err != nil {
					bad[r.file] = err.Error()
				} else {
					m.Clips = append(m.Clips, c)
				}
				mu.Unlock()
			}
		})
	}
	for _, r := range recs {
		queue <- r
	}
	close(queue)
	wg.Wait()
	for _, r := range recs {
		if msg, ok := bad[r.file]; ok {
			problems = append(problems, fmt.Sprintf("%s: %s", r.file, msg))
		}
	}
	slices.SortFunc(m.Clips, func(x, y audio.ManifestClip) int { return strings.Compare(x.Text, y.Text) })
	if len(m.Clips) > 0 {
		if err := removeStale(out, m); err != nil {
			return fmt.Errorf("voice import: %w", err)
		}
		if err := audio.WriteManifest(dir, m); err != nil {
			return fmt.Errorf("voice import: %w", err)
		}
		format := "MP3"
		if !mp3 {
			format = "WAV"
		}
		fmt.Fprintf(a.stdout, "%s: %d clips (%s, trimmed and levelled to %g LUFS) in %s\n",
			filepath.Join(dir, "manifest.json"), len(m.Clips), format, audio.TargetLUFS, out)
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
	for _, p := range problems {
		fmt.Fprintln(a.stdout, p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("voice import: %d %s in %s", len(problems), pluralize(len(problems), "problem", "problems"), dir)
	}
	if len(m.Clips) > 0 {
		fmt.Fprintf(a.stdout, "to use it: set voice.pack: %s in your config, or --set voice.pack=%s\n", dir, dir)
	}
	return nil
}

// importClip trims, levels and encodes recording r into dir.
func importClip(r recording, dir string, mp3 bool) (audio.ManifestClip, error) {
	data, err := os.ReadFile(r.file)
	if err != nil {
		return audio.ManifestClip{}, unwrapPathErr(err)
	}
	c, err := audio.DecodeClip(r.file, data)
	if err != nil {
		return audio.ManifestClip{}, errors.New(strings.TrimPrefix(err.Error(), "audio: "+r.file+": "))
	}
	pcm, _, err := audio.ShapeClip(c)
	if err != nil {
		return audio.ManifestClip{}, err
	}
	name := audio.ClipStem(r.text) + ".wav"
	enc := audio.MonoWAV(pcm)
	if mp3 {
		name = audio.ClipStem(r.text) + ".mp3"
		if enc, err = audio.EncodeMP3(pcm); err != nil {
			return audio.ManifestClip{}, err
		}
	}
	if err := audio.WriteFileAtomic(filepath.Join(dir, name), enc); err != nil {
		return audio.ManifestClip{}, err
	}
	return audio.ManifestClip{Text: r.text, File: clipsDir + "/" + name, Samples: len(pcm)}, nil
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// removeStale deletes the clips in dir that m does not list, and leftovers
// of an interrupted import.
func removeStale(dir string, m audio.Manifest) error {
	used := map[string]bool{}
	for _, c := range m.Clips {
		used[filepath.Base(c.File)] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if e.Type().IsRegular() && (isAudio(name) && !used[name] || strings.HasPrefix(name, ".guide-")) {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return err
			}
		}
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
			summary, problems := checkPack(args[0], known, want, what)
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

// checkPack checks the pack in dir against the phrases want (of what), and
// its recordings against the phrases known. It returns a summary of a
// sound pack, or every problem, one line each, naming the file or phrase.
func checkPack(dir string, known, want []string, what string) (summary string, problems []string) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return "", []string{fmt.Sprintf("%s: no such folder", dir)}
	}
	clips := manifestClips(dir)
	recs, problems, err := scanRecordings(dir, known, clips)
	if err != nil {
		return "", []string{err.Error()}
	}
	recorded := map[string]string{}
	for _, r := range recs {
		data, err := os.ReadFile(r.file)
		if err == nil {
			_, err = audio.DecodeClip(r.file, data)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: cannot be read: %s", r.file, strings.TrimPrefix(err.Error(), "audio: "+r.file+": ")))
			continue
		}
		recorded[r.text] = r.file
	}

	p, err := audio.OpenPackDir(dir)
	switch {
	case errors.Is(err, audio.ErrNoManifest):
		problems = append(problems, fmt.Sprintf("%s: no such file; record the phrases (guide voice script), then run guide voice import %s",
			filepath.Join(dir, "manifest.json"), dir))
	case err != nil:
		for _, line := range strings.Split(err.Error(), "\n") {
			problems = append(problems, strings.TrimPrefix(line, "audio: "))
		}
	default:
		for _, t := range p.Texts() {
			if _, err := p.Clip(t); err != nil {
				problems = append(problems, strings.TrimPrefix(err.Error(), "audio: "))
			}
		}
	}
	has := func(t string) bool {
		if p == nil {
			return false
		}
		_, ok := p.Length(t)
		return ok
	}
	for _, t := range want {
		switch {
		case has(t):
		case recorded[t] != "":
			problems = append(problems, fmt.Sprintf("%s: recorded, but not imported yet; run guide voice import %s", recorded[t], dir))
		default:
			problems = append(problems, fmt.Sprintf("missing %q: record it as %s.wav", t, audio.ClipStem(t)))
		}
	}
	if len(problems) > 0 {
		return "", problems
	}
	return fmt.Sprintf("%s: %d clips, every phrase of %s; all readable", dir, len(p.Texts()), what), nil
}
