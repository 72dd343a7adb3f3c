// Command voicecompare ranks the text-to-speech voices Debian offers by how
// well a speech recogniser understands them: each voice says every phrase
// of the built-in routines, exactly as guide would make the clip (the tts
// package's engine and settings, then voicepack.Shape: tts.Engine.Clip), and pocketsphinx's
// US English model transcribes it. The word error rate (substitutions,
// deletions and insertions over the words of the phrases) is an automatic,
// repeatable stand-in for intelligibility: a voice the recogniser mishears
// is one a listener with eyes closed strains to follow.
//
//	go run ./cmd/guide voice phrases | go run ./tools/voicecompare -phrases -
//
// It prints a Markdown table, best first, and with -v every phrase the
// recogniser got wrong. It needs sox, pocketsphinx and pocketsphinx-en-us,
// and the engines compared (festival festvox-us-slt-hts flite espeak-ng);
// a voice whose engine is missing is reported and left out.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/audio/wav"
	"github.com/stretchguide/guide/internal/wer"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/tts"
)

// candidates are the voices compared: festival's HTS voice, flite's voices
// (flite -lv; kal is the 8 kHz diphone voice, kal16 its 16 kHz version,
// awb, rms and slt are clustergen voices) and espeak-ng's US English.
// All speak at guide's calm pace (package tts's rates).
var candidates = []candidate{
	{"", tts.Config{Engine: tts.Festival, Voice: "cmu_us_slt_arctic_hts"}},
	{"", tts.Config{Engine: tts.Flite, Voice: "slt"}},
	{"", tts.Config{Engine: tts.Flite, Voice: "rms"}},
	{"", tts.Config{Engine: tts.Flite, Voice: "awb"}},
	{"", tts.Config{Engine: tts.Flite, Voice: "kal16"}},
	{"", tts.Config{Engine: tts.Flite, Voice: "kal"}},
	{"", tts.Config{Engine: tts.EspeakNG, Voice: "en-us"}},
}

// natural are the best voices at each engine's own pace, for -natural: does
// the slower pace cost intelligibility?
var natural = []candidate{
	{"festival cmu_us_slt_arctic_hts, own pace", tts.Config{Engine: tts.Command, Command: "text2wave -o {out} -eval (voice_cmu_us_slt_arctic_hts)"}},
	{"flite slt, own pace", tts.Config{Engine: tts.Command, Command: "flite -voice slt -t {text} -o {out}"}},
	{"flite rms, own pace", tts.Config{Engine: tts.Command, Command: "flite -voice rms -t {text} -o {out}"}},
	{"espeak-ng en-us, own pace", tts.Config{Engine: tts.Command, Command: "espeak-ng -v en-us -w {out} --stdin"}},
}

// candidate is a voice to compare, and its name in the table ("" names it
// by its engine and voice).
type candidate struct {
	label string
	cfg   tts.Config
}

// shift is -shift: cents to move every clip's pitch by before recognition.
var shift int

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "voicecompare:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout, log io.Writer) error {
	fl := flag.NewFlagSet("voicecompare", flag.ContinueOnError)
	fl.SetOutput(log)
	phrasesFile := fl.String("phrases", "", "`file` with one phrase per line (- for standard input)")
	verbose := fl.Bool("v", false, "list every phrase the recogniser got wrong")
	keep := fl.String("keep", "", "keep the clips (16 kHz WAV) in `dir`, one folder per voice")
	withNatural := fl.Bool("natural", false, "also measure the best voices at their engines' own pace")
	only := fl.String("only", "", "measure only the voices whose names contain `text`")
	var tries []candidate
	fl.Func("try", "also measure `LABEL=COMMAND`, a voice.command line with {text} and {out} (repeatable)", func(v string) error {
		label, line, ok := strings.Cut(v, "=")
		if !ok || label == "" || line == "" {
			return errors.New("want LABEL=COMMAND")
		}
		tries = append(tries, candidate{label, tts.Config{Engine: tts.Command, Command: line}})
		return nil
	})
	fl.IntVar(&shift, "shift", 0, "shift the pitch of every clip by `cents` before recognition: a control for the recogniser's bias to lower voices")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *phrasesFile == "" || fl.NArg() > 0 {
		fl.Usage()
		return errors.New("-phrases is required")
	}
	phrases, err := readPhrases(*phrasesFile, stdin)
	if err != nil {
		return err
	}
	missing := wer.Missing()
	if len(missing) > 0 {
		return fmt.Errorf("needs: sudo apt-get install %s", strings.Join(missing, " "))
	}
	work := *keep
	if work == "" {
		if work, err = os.MkdirTemp("", "voicecompare-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}

	var results []result
	all := candidates
	if *withNatural {
		all = append(slices.Clone(all), natural...)
	}
	all = append(slices.Clone(all), tries...)
	for _, c := range all {
		e, err := tts.Find(c.cfg)
		if err != nil {
			fmt.Fprintf(log, "%s %s: left out: %v\n", c.cfg.Engine, c.cfg.Voice, err)
			continue
		}
		name := c.label
		if name == "" {
			name = e.String()
		}
		if !strings.Contains(name, *only) {
			continue
		}
		folder := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
				return r
			}
			return '-'
		}, name)
		r, err := measure(e, phrases, filepath.Join(work, folder))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		r.voice = name
		fmt.Fprintf(log, "%-42s WER %5.1f%%\n", name, 100*r.wer())
		results = append(results, r)
	}
	if len(results) == 0 {
		return errors.New("no voice to measure")
	}
	slices.SortStableFunc(results, func(a, b result) int {
		switch {
		case a.wer() < b.wer():
			return -1
		case a.wer() > b.wer():
			return 1
		}
		return 0
	})
	fmt.Fprintf(stdout, "%d phrases, %d words; pocketsphinx %s, US English model", len(phrases), results0(results).words, wer.Version())
	if shift != 0 {
		fmt.Fprintf(stdout, "; every clip pitch-shifted by %+d cents", shift)
	}
	fmt.Fprint(stdout, "\n\n")
	fmt.Fprintln(stdout, "| voice | WER | substituted | deleted | inserted | phrases exact | words/s |")
	fmt.Fprintln(stdout, "|---|---|---|---|---|---|---|")
	for _, r := range results {
		fmt.Fprintf(stdout, "| %s | %.1f %% | %d | %d | %d | %d/%d | %.2f |\n",
			r.voice, 100*r.wer(), r.sub, r.del, r.ins, r.exact, len(r.phrases), r.wordsPerSec())
	}
	if *verbose {
		for _, r := range results {
			fmt.Fprintf(stdout, "\n%s:\n", r.voice)
			for i, p := range r.phrases {
				if r.heard[i] != wer.Normalize(p) {
					fmt.Fprintf(stdout, "  said:  %s\n  heard: %s\n", wer.Normalize(p), r.heard[i])
				}
			}
		}
	}
	return nil
}

func results0(r []result) result {
	if len(r) == 0 {
		return result{}
	}
	return r[0]
}

// result is how well the recogniser understood one voice.
type result struct {
	voice          string
	phrases, heard []string
	words          int // in the phrases
	sub, del, ins  int
	exact          int     // phrases heard word for word
	speech         float64 // seconds of speech, lead-in and tail excluded
}

func (r result) wer() float64 {
	if r.words == 0 {
		return 1
	}
	return float64(r.sub+r.del+r.ins) / float64(r.words)
}

func (r result) wordsPerSec() float64 {
	if r.speech == 0 {
		return 0
	}
	return float64(r.words) / r.speech
}

// measure has e say every phrase, as guide would make the clip, and has
// pocketsphinx transcribe them all in one batch.
func measure(e *tts.Engine, phrases []string, dir string) (result, error) {
	r := result{voice: e.String(), phrases: phrases, heard: make([]string, len(phrases))}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return r, err
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, 2)
	)
	for i, p := range phrases {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			speech, err := clip(e, p, filepath.Join(dir, fmt.Sprintf("p%02d.wav", i)))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("%q: %w", p, err))
				return
			}
			r.speech += speech
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return r, errors.Join(errs...)
	}
	ids := make([]string, len(phrases))
	for i := range phrases {
		ids[i] = fmt.Sprintf("p%02d", i)
	}
	heard, err := wer.Transcribe(dir, ids)
	if err != nil {
		return r, err
	}
	for i, p := range phrases {
		r.heard[i] = heard[fmt.Sprintf("p%02d", i)]
		c := wer.Compare(p, r.heard[i])
		r.words += c.Words
		r.sub, r.del, r.ins = r.sub+c.Sub, r.del+c.Del, r.ins+c.Ins
		if c.Errors() == 0 {
			r.exact++
		}
	}
	return r, nil
}

// clip makes the clip for text as guide's text-to-speech does and writes it
// as 16 kHz 16-bit mono WAV, the recogniser's input. It returns the seconds
// of speech in it.
func clip(e *tts.Engine, text, out string) (float64, error) {
	pcm, rep, err := e.Clip(context.Background(), text)
	if err != nil {
		return 0, err
	}
	full := out + ".44k.wav"
	if err := os.WriteFile(full, wav.Encode(pcm, 1, voicepack.Rate), 0o644); err != nil {
		return 0, err
	}
	defer os.Remove(full)
	// -D: no dither, so runs are repeatable; 44-byte header, as -adchdr says.
	args := []string{"-D", "-V1", full, "-r", "16000", "-b", "16", "-e", "signed-integer", "-t", "wav", out}
	if shift != 0 {
		args = append(args, "pitch", strconv.Itoa(shift))
	}
	cmd := exec.Command("sox", args...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("sox: %v\n%s", err, msg)
	}
	return float64(rep.Speech) / script.Rate, nil
}

// readPhrases reads one phrase per line; blank lines are skipped and
// repeats kept once.
func readPhrases(name string, stdin io.Reader) ([]string, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	var out []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if p := strings.TrimSpace(sc.Text()); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no phrases", name)
	}
	return out, nil
}
