// Command mixcheck measures whether the tones mask the voice: it renders a
// routine twice with guide, as it plays (the full mix) and with the tones
// silent (tones.volume=0, the voice alone), cuts every speech event of
// `guide plan --json` out of both, peak-normalises each cut and has
// pocketsphinx transcribe it. The word error rate of the mix minus that of
// the voice alone is what the tones cost the listener: 0 means every cue is
// as easy to make out in the mix as alone.
//
//	go build -o bin/guide ./cmd/guide && go run ./tools/mixcheck morning bedtime
//
// It prints a Markdown table, one row per routine, over all its cues and
// over the cues a breath tone plays under, and with -v every cue the
// recogniser heard differently in the mix. -max-all and -max-breath make
// it fail when the mix costs more points than that (make mixcheck: 2 and
// 5); -breath measures only the cues on a breath tone, in a fraction of the
// time; -set tries a setting. It needs sox, pocketsphinx and
// pocketsphinx-en-us.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/stretchguide/guide/internal/wer"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mixcheck:", err)
		os.Exit(1)
	}
}

// settings is a repeatable -set flag.
type settings []string

func (s *settings) String() string     { return strings.Join(*s, " ") }
func (s *settings) Set(v string) error { *s = append(*s, v); return nil }

func run(args []string, stdout, log io.Writer) error {
	fl := flag.NewFlagSet("mixcheck", flag.ContinueOnError)
	fl.SetOutput(log)
	guide := fl.String("guide", "bin/guide", "the guide `binary` to render with")
	keep := fl.String("keep", "", "keep the renders and the cuts (16 kHz WAV) in `dir`")
	verbose := fl.Bool("v", false, "list every cue heard differently in the mix than alone")
	maxAll := fl.Float64("max-all", -1, "fail when the mix costs more than `points` of WER over all cues (-1: never)")
	maxBreath := fl.Float64("max-breath", -1, "fail when the mix costs more than `points` of WER over the cues on a breath tone (-1: never)")
	onlyBreath := fl.Bool("breath", false, "measure only the cues on a breath tone (quicker)")
	var sets settings
	fl.Var(&sets, "set", "a `key=value` setting for both renders, as guide --set (repeatable)")
	fl.Usage = func() {
		fmt.Fprintln(log, "usage: mixcheck [flags] [ROUTINE...] (default morning bedtime)")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return err
	}
	routines := fl.Args()
	if len(routines) == 0 {
		routines = []string{"morning", "bedtime"}
	}
	if m := wer.Missing(); len(m) > 0 {
		return fmt.Errorf("needs: sudo apt-get install %s", strings.Join(m, " "))
	}
	if _, err := exec.LookPath(*guide); err != nil {
		return fmt.Errorf("no guide binary at %s (go build -o bin/guide ./cmd/guide, or -guide): %w", *guide, err)
	}
	work := *keep
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "mixcheck-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	var results []result
	for _, r := range routines {
		res, err := measure(*guide, r, sets, *onlyBreath, filepath.Join(work, r))
		if err != nil {
			return fmt.Errorf("%s: %w", r, err)
		}
		results = append(results, res)
	}
	report(stdout, results, sets, *verbose)
	var over []string
	for _, r := range results {
		if d := r.cost(false); *maxAll >= 0 && d > *maxAll {
			over = append(over, fmt.Sprintf("%s: the mix costs %.1f points over all cues (at most %.1f)", r.routine, d, *maxAll))
		}
		if d := r.cost(true); *maxBreath >= 0 && d > *maxBreath {
			over = append(over, fmt.Sprintf("%s: the mix costs %.1f points over the cues on a breath tone (at most %.1f)", r.routine, d, *maxBreath))
		}
	}
	if len(over) > 0 {
		return errors.New(strings.Join(over, "; "))
	}
	return nil
}

// cue is a speech event of the plan.
type cue struct {
	text          string
	start, length int  // samples
	breath        bool // a breath tone sounds under some of it
}

// plan is what mixcheck reads of `guide plan --json`.
type plan struct {
	Rate   int `json:"rate"`
	Events []struct {
		Start  int    `json:"start"`
		Length int    `json:"length"`
		Sound  string `json:"sound"`
		Text   string `json:"text"`
	} `json:"events"`
}

// cues returns the speech events of the plan in data, each marked with
// whether an inhale or exhale tone overlaps it.
func cues(data []byte) ([]cue, int, error) {
	var p plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, 0, fmt.Errorf("reading guide plan --json: %w", err)
	}
	var out []cue
	for _, e := range p.Events {
		if e.Sound == "speech" && e.Length > 0 {
			out = append(out, cue{text: e.Text, start: e.Start, length: e.Length})
		}
	}
	for _, e := range p.Events {
		if e.Sound != "inhale" && e.Sound != "exhale" {
			continue
		}
		for i := range out {
			if e.Start < out[i].start+out[i].length && out[i].start < e.Start+e.Length {
				out[i].breath = true
			}
		}
	}
	if len(out) == 0 {
		return nil, 0, errors.New("the plan has no speech")
	}
	return out, p.Rate, nil
}

// take is one render's transcripts: their errors overall and on the cues
// over a breath tone, and what was heard, by cue.
type take struct {
	all, breath wer.Counts
	heard       []string
}

// result is one routine's measurement.
type result struct {
	routine     string
	cues        []cue
	voice, full take
}

// cost returns how many points of WER the mix adds, over all cues or over
// those on a breath tone.
func (r result) cost(breath bool) float64 {
	if breath {
		return 100 * (r.full.breath.Rate() - r.voice.breath.Rate())
	}
	return 100 * (r.full.all.Rate() - r.voice.all.Rate())
}

// measure renders routine as it plays and with the tones silent, and
// transcribes every cue of both.
func measure(guide, routine string, sets []string, onlyBreath bool, dir string) (result, error) {
	res := result{routine: routine}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, err
	}
	var setArgs []string
	for _, s := range sets {
		setArgs = append(setArgs, "--set", s)
	}
	out, err := command(guide, append([]string{"plan", routine, "--json"}, setArgs...)...)
	if err != nil {
		return res, err
	}
	cs, rate, err := cues(out)
	if err != nil {
		return res, err
	}
	if onlyBreath {
		var b []cue
		for _, c := range cs {
			if c.breath {
				b = append(b, c)
			}
		}
		cs = b
	}
	res.cues = cs
	for _, t := range []struct {
		name  string
		extra []string
		into  *take
	}{
		{"full", nil, &res.full},
		{"voice", []string{"--set", "tones.volume=0"}, &res.voice},
	} {
		sub := filepath.Join(dir, t.name)
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return res, err
		}
		render := filepath.Join(dir, t.name+".wav")
		args := append([]string{"render", routine, "-o", render, "--mono", "--rate", strconv.Itoa(rate)}, setArgs...)
		if _, err := command(guide, append(args, t.extra...)...); err != nil {
			return res, err
		}
		tk, err := transcribe(render, sub, cs)
		if err != nil {
			return res, err
		}
		*t.into = tk
	}
	return res, nil
}

// transcribe cuts every cue out of render into dir, peak-normalised, as
// 16 kHz mono without dither, and has pocketsphinx transcribe them.
func transcribe(render, dir string, cs []cue) (take, error) {
	ids := make([]string, len(cs))
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, 2)
	)
	for i, c := range cs {
		ids[i] = fmt.Sprintf("c%03d", i)
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			// -D: no dither, so runs repeat (pocketsphinx moves by
			// points with it); the rate before the gain, so the
			// normalised peak is the one pocketsphinx reads.
			_, err := command("sox", "-D", "-V1", render,
				"-b", "16", "-e", "signed-integer", "-c", "1", "-t", "wav", filepath.Join(dir, ids[i]+".wav"),
				"trim", fmt.Sprintf("%ds", c.start), fmt.Sprintf("%ds", c.length),
				"rate", "-v", "16k", "gain", "-n", "-1")
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return take{}, errors.Join(errs...)
	}
	heard, err := wer.Transcribe(dir, ids)
	if err != nil {
		return take{}, err
	}
	t := take{heard: make([]string, len(cs))}
	for i, c := range cs {
		t.heard[i] = heard[ids[i]]
		n := wer.Compare(c.text, t.heard[i])
		t.all = t.all.Add(n)
		if c.breath {
			t.breath = t.breath.Add(n)
		}
	}
	return t, nil
}

// report prints the table.
func report(w io.Writer, results []result, sets []string, verbose bool) {
	fmt.Fprintf(w, "Word error rate of pocketsphinx %s (US English model) on every cue cut out of the render", wer.Version())
	if len(sets) > 0 {
		fmt.Fprintf(w, ", with %s", strings.Join(sets, " "))
	}
	fmt.Fprint(w, ": the voice alone (tones.volume=0) and the full mix, each cut peak-normalised.\n\n")
	fmt.Fprintln(w, "| routine | cues | WER voice | WER mix | mix costs | on a breath tone: cues | WER voice | WER mix | mix costs |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	for _, r := range results {
		nb := 0
		for _, c := range r.cues {
			if c.breath {
				nb++
			}
		}
		fmt.Fprintf(w, "| %s | %d (%d words) | %.1f %% | %.1f %% | %+.1f | %d (%d words) | %.1f %% | %.1f %% | %+.1f |\n",
			r.routine, len(r.cues), r.voice.all.Words, 100*r.voice.all.Rate(), 100*r.full.all.Rate(), r.cost(false),
			nb, r.voice.breath.Words, 100*r.voice.breath.Rate(), 100*r.full.breath.Rate(), r.cost(true))
	}
	if !verbose {
		return
	}
	for _, r := range results {
		fmt.Fprintf(w, "\n%s:\n", r.routine)
		for i, c := range r.cues {
			if r.voice.heard[i] == r.full.heard[i] {
				continue
			}
			mark := ""
			if c.breath {
				mark = " (on a breath tone)"
			}
			fmt.Fprintf(w, "  said%s: %s\n  alone: %s\n  mix:   %s\n", mark, wer.Normalize(c.text), r.voice.heard[i], r.full.heard[i])
		}
	}
}

// command runs name with args and returns its standard output; an error
// carries its standard error.
func command(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}
