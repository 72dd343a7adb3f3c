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
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/audio/wav"
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

// model is pocketsphinx-en-us's acoustic model, language model and
// dictionary.
const model = "/usr/share/pocketsphinx/model/en-us"

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
	var missing []string
	for _, t := range []struct{ name, pkg string }{{"sox", "sox"}, {"pocketsphinx_batch", "pocketsphinx"}} {
		if _, err := exec.LookPath(t.name); err != nil {
			missing = append(missing, t.pkg)
		}
	}
	if _, err := os.Stat(filepath.Join(model, "en-us.lm.bin")); err != nil {
		missing = append(missing, "pocketsphinx-en-us")
	}
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
	fmt.Fprintf(stdout, "%d phrases, %d words; pocketsphinx %s, US English model", len(phrases), results0(results).words, pocketsphinxVersion())
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
				if r.heard[i] != normalize(p) {
					fmt.Fprintf(stdout, "  said:  %s\n  heard: %s\n", normalize(p), r.heard[i])
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
	var ctl strings.Builder
	for i := range phrases {
		fmt.Fprintf(&ctl, "p%02d\n", i)
	}
	if err := os.WriteFile(filepath.Join(dir, "list.ctl"), []byte(ctl.String()), 0o644); err != nil {
		return r, err
	}
	hyp := filepath.Join(dir, "out.hyp")
	cmd := exec.Command("pocketsphinx_batch", "-adcin", "yes", "-adchdr", "44", "-cepdir", dir, "-cepext", ".wav",
		"-ctl", filepath.Join(dir, "list.ctl"), "-hyp", hyp,
		"-hmm", filepath.Join(model, "en-us"), "-lm", filepath.Join(model, "en-us.lm.bin"),
		"-dict", filepath.Join(model, "cmudict-en-us.dict"), "-logfn", os.DevNull)
	if out, err := cmd.CombinedOutput(); err != nil {
		return r, fmt.Errorf("pocketsphinx_batch: %v\n%s", err, out)
	}
	heard, err := readHyp(hyp)
	if err != nil {
		return r, err
	}
	for i, p := range phrases {
		r.heard[i] = heard[fmt.Sprintf("p%02d", i)]
		ref, hypw := strings.Fields(normalize(p)), strings.Fields(r.heard[i])
		s, d, in := align(ref, hypw)
		r.words += len(ref)
		r.sub, r.del, r.ins = r.sub+s, r.del+d, r.ins+in
		if s+d+in == 0 {
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

// readHyp reads pocketsphinx_batch's hypotheses: "words (id score)".
func readHyp(name string) (map[string]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	line := regexp.MustCompile(`^(.*?)\s*\((\S+)\s+-?\d+\)$`)
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := line.FindStringSubmatch(strings.TrimSpace(sc.Text())); m != nil {
			out[m[2]] = normalize(m[1])
		}
	}
	return out, sc.Err()
}

var (
	alternative = regexp.MustCompile(`\(\d+\)`)            // "the(2)": an alternative pronunciation
	nonWord     = regexp.MustCompile(`[^a-z0-9' ]+`)       // punctuation, hyphens
	fillers     = regexp.MustCompile(`<[^>]*>|\[[^\]]*\]`) // <sil>, [noise]
)

// normalize lower-cases text and keeps its words: "Cat-Cow." is "cat cow".
func normalize(text string) string {
	s := strings.ToLower(text)
	s = alternative.ReplaceAllString(s, "")
	s = fillers.ReplaceAllString(s, " ")
	s = nonWord.ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(s), " ")
}

// align returns the substitutions, deletions and insertions of the
// cheapest alignment of hyp to ref (Levenshtein over words).
func align(ref, hyp []string) (sub, del, ins int) {
	type cell struct{ cost, sub, del, ins int }
	prev := make([]cell, len(hyp)+1)
	for j := range prev {
		prev[j] = cell{cost: j, ins: j}
	}
	for i := 1; i <= len(ref); i++ {
		cur := make([]cell, len(hyp)+1)
		cur[0] = cell{cost: i, del: i}
		for j := 1; j <= len(hyp); j++ {
			d := prev[j-1]
			if ref[i-1] != hyp[j-1] {
				d.cost++
				d.sub++
			}
			if c := prev[j]; c.cost+1 < d.cost {
				d = c
				d.cost++
				d.del++
			}
			if c := cur[j-1]; c.cost+1 < d.cost {
				d = c
				d.cost++
				d.ins++
			}
			cur[j] = d
		}
		prev = cur
	}
	c := prev[len(hyp)]
	return c.sub, c.del, c.ins
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

// pocketsphinxVersion returns the installed pocketsphinx package's version.
func pocketsphinxVersion() string {
	out, err := exec.Command("dpkg-query", "-W", "-f=${Version}", "pocketsphinx").Output()
	if err != nil {
		return "(version unknown)"
	}
	return string(out)
}
