package session

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/stretchguide/guide/audio/voicepack"
)

// ImportVoice makes a pack of the recordings in dir, for the phrases of
// routine (every built-in routine's when ""), and reports on w what it made
// and what is left to record. Problems with single recordings are listed
// and make the error; the rest are imported all the same. It stops when
// ctx is cancelled.
func ImportVoice(ctx context.Context, w io.Writer, dir, routine string, env Env) error {
	known, want, what, err := KnownPhrases(routine, env)
	if err != nil {
		return err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("voice import: %s is not a folder", dir)
	}
	res, err := voicepack.Import(ctx, dir, known)
	if err != nil {
		return fmt.Errorf("voice import: %w", err)
	}
	m := res.Manifest
	if res.Recordings == 0 {
		for _, p := range res.Problems {
			fmt.Fprintln(w, p)
		}
		return fmt.Errorf("voice import: %s holds no recordings named as guide voice script says (e.g. %s.wav)", dir, voicepack.ClipStem(want[0]))
	}
	if res.Format == voicepack.WAV {
		env.warnf("lame is not installed, so the clips are WAV files (sudo apt-get install lame makes them MP3, a tenth the size)")
	}
	if len(m.Clips) > 0 {
		fmt.Fprintf(w, "%s: %d clips (%s, trimmed and levelled to %g LUFS) in %s\n",
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
		fmt.Fprintf(w, "%d of the %d phrases of %s %s not recorded yet; the built-in voice (or text-to-speech) says %s\n",
			len(left), len(want), what, Plural(len(left), "is", "are"), Plural(len(left), "it", "them"))
	}
	for _, p := range res.Problems {
		fmt.Fprintln(w, p)
	}
	if len(res.Problems) > 0 {
		return fmt.Errorf("voice import: %d %s in %s", len(res.Problems), Plural(len(res.Problems), "problem", "problems"), dir)
	}
	if len(m.Clips) > 0 {
		fmt.Fprintf(w, "to use it: set voice.pack: %s in your config, or --set voice.pack=%s\n", dir, dir)
	}
	return nil
}
