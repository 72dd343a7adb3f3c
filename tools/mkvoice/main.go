// Command mkvoice generates the built-in voice pack: one FLAC clip per
// phrase, made exactly as guide's own text-to-speech makes a clip
// (tts.Engine.Clip: by default flite's rms voice, the clearest in
// tools/voicecompare's measurement, resampled, trimmed and
// loudness-matched), stored at 22.05 kHz (flite's voice has nothing above
// 8 kHz) with its manifest entry (voicepack.MakeClip: the exact decoded
// length and loudness profile). FLAC decodes ten times as fast as MP3,
// which made decoding phrases most of the time a render took; README.md,
// "Speed", has the measurements.
//
//	go run ./cmd/guide voice phrases | go run ./tools/mkvoice -phrases - -out sessions/voice
//
// FILE has one phrase per line ("-" reads standard input). Only phrases
// whose clip is missing are synthesized (-all redoes every one, and so does
// a change of voice); clips no phrase uses are deleted. The same phrases give byte-identical files.
// See README.md for what it needs and why it does what it does.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/internal/atomicfile"
	"github.com/stretchguide/guide/tts"
)

// The voice of the built-in pack: the winner of tools/voicecompare, the
// clearest to a speech recogniser (README.md has the table).
const (
	defaultEngine = tts.Flite
	defaultVoice  = "rms" // built into Debian's flite
)

// clipFormat is how the clips are stored.
const clipFormat = voicepack.FLAC

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mkvoice:", err)
		os.Exit(1)
	}
}

// options are the command line.
type options struct {
	phrases, out  string
	engine, voice string
	all           bool
	jobs          int
}

func run(args []string, stdin io.Reader, log io.Writer) error {
	var o options
	fl := flag.NewFlagSet("mkvoice", flag.ContinueOnError)
	fl.SetOutput(log)
	fl.StringVar(&o.phrases, "phrases", "", "`file` with one phrase per line (- for standard input)")
	fl.StringVar(&o.out, "out", "", "voice pack `dir`ectory to update, e.g. sessions/voice")
	fl.StringVar(&o.engine, "engine", defaultEngine, "text-to-speech `engine`: festival, flite or espeak-ng")
	fl.StringVar(&o.voice, "voice", defaultVoice, "the engine's `voice` (flite: rms, awb, slt, kal16; festival: cmu_us_slt_arctic_hts; espeak-ng: en-us)")
	fl.BoolVar(&o.all, "all", false, "synthesize every phrase again, not only those without a clip")
	fl.IntVar(&o.jobs, "j", runtime.NumCPU(), "phrases synthesized in parallel")
	if err := fl.Parse(args); err != nil {
		return err
	}
	switch {
	case o.phrases == "" || o.out == "":
		fl.Usage()
		return errors.New("-phrases and -out are required")
	case fl.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fl.Arg(0))
	case o.jobs < 1:
		return fmt.Errorf("-j %d: want at least 1", o.jobs)
	}
	if o.engine != defaultEngine && o.voice == defaultVoice {
		o.voice = "" // that engine's best
	}
	phrases, err := readPhrases(o.phrases, stdin, log)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	e, engineErr := tts.Find(tts.Config{Engine: o.engine, Voice: o.voice})

	// Clips already there are kept (unless -all, or they were made by
	// another voice): their length is read back with the player's own
	// decoder.
	m := voicepack.Manifest{Rate: voicepack.Rate, Band: voicepack.FlacBand, Voice: packVoice(o.out)}
	if engineErr == nil {
		if m.Voice != "" && m.Voice != e.String() && !o.all {
			fmt.Fprintf(log, "%s was made by %s: making every clip again with %s\n", o.out, m.Voice, e)
			o.all = true
		}
		m.Voice = e.String()
	}
	var todo []string
	files := map[string]string{} // text -> file
	for _, text := range phrases {
		file := voicepack.ClipStem(text) + "." + string(clipFormat)
		files[text] = file
		if o.all {
			todo = append(todo, text)
			continue
		}
		data, err := os.ReadFile(filepath.Join(o.out, file))
		if errors.Is(err, os.ErrNotExist) {
			todo = append(todo, text)
			continue
		} else if err != nil {
			return err
		}
		c, err := voicepack.Decode(filepath.Join(o.out, file), data)
		if err != nil {
			fmt.Fprintf(log, "%v; synthesizing it again\n", err)
			todo = append(todo, text)
			continue
		}
		m.Clips = append(m.Clips, voicepack.ManifestClip{Text: text, File: file, Samples: len(c), Profile: voicepack.EncodeProfile(dsp.Profile(c))})
	}

	if len(todo) > 0 {
		if err := checkTools(engineErr); err != nil {
			return err
		}
		made, err := synthesizeAll(e, o, todo, log)
		if err != nil {
			return err
		}
		m.Clips = append(m.Clips, made...)
	}
	if m.Voice == "" {
		m.Voice = o.engine + " " + o.voice
	}
	slices.SortFunc(m.Clips, func(a, b voicepack.ManifestClip) int { return strings.Compare(a.Text, b.Text) })

	if err := removeUnused(o.out, files, log); err != nil {
		return err
	}
	if err := voicepack.WriteManifest(o.out, m); err != nil {
		return err
	}
	fmt.Fprintf(log, "%s: %d clips, %d synthesized\n", filepath.Join(o.out, "manifest.json"), len(m.Clips), len(todo))
	return nil
}

// packVoice returns the voice the manifest in dir names, or "".
func packVoice(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return ""
	}
	var m voicepack.Manifest
	if json.Unmarshal(data, &m) != nil {
		return ""
	}
	return m.Voice
}

// readPhrases reads one phrase per line, trimmed; blank lines are skipped
// and repeated phrases kept once.
func readPhrases(name string, stdin io.Reader, log io.Writer) ([]string, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	var phrases []string
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if first, dup := seen[text]; dup {
			fmt.Fprintf(log, "%s:%d: %q repeats line %d; one clip says both\n", name, line, text, first)
			continue
		}
		seen[text] = line
		phrases = append(phrases, text)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(phrases) == 0 {
		return nil, fmt.Errorf("%s: no phrases", name)
	}
	return phrases, nil
}

// checkTools reports the missing engine, with its package (engineErr is
// tts.Find's). FLAC is written by guide itself.
func checkTools(engineErr error) error {
	return engineErr
}

// synthesizeAll makes the clips for todo, o.jobs at a time, and reports
// every phrase that failed.
func synthesizeAll(e *tts.Engine, o options, todo []string, log io.Writer) ([]voicepack.ManifestClip, error) {
	var (
		mu    sync.Mutex
		made  []voicepack.ManifestClip
		errs  []error
		wg    sync.WaitGroup
		queue = make(chan string)
	)
	for range min(o.jobs, len(todo)) {
		wg.Go(func() {
			for text := range queue {
				pcm, rep, err := e.Clip(context.Background(), text)
				var c voicepack.ManifestClip
				if err == nil {
					c, err = voicepack.MakeClip(o.out, "", text, pcm, clipFormat)
				}
				mu.Lock()
				if err != nil {
					errs = append(errs, fmt.Errorf("%q: %w", text, err))
				} else {
					made = append(made, c)
					fmt.Fprintf(log, "%5.2fs %4.2f words/s %6.1f LUFS  peak %5.1f dBFS  limited %4.1f dB  %s\n",
						float64(c.Samples)/voicepack.Rate, float64(len(strings.Fields(text)))/(float64(rep.Speech)/voicepack.Rate),
						rep.LUFS, rep.Peak, rep.Reduction, c.File)
				}
				mu.Unlock()
			}
		})
	}
	for _, text := range todo {
		queue <- text
	}
	close(queue)
	wg.Wait()
	return made, errors.Join(errs...)
}

// removeUnused deletes the clips (FLAC, and MP3 from before the pack was
// FLAC) in dir that no phrase uses, and leftovers of an interrupted run.
func removeUnused(dir string, files map[string]string, log io.Writer) error {
	used := map[string]bool{}
	for _, f := range files {
		used[f] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		clip := strings.HasSuffix(name, ".mp3") || strings.HasSuffix(name, ".flac")
		stale := clip && !used[name] || atomicfile.IsTemp(name)
		if !stale || !e.Type().IsRegular() {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
		fmt.Fprintf(log, "removed %s\n", filepath.Join(dir, name))
	}
	return nil
}
