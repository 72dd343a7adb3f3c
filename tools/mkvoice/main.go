// Command mkvoice generates the built-in voice pack: one MP3 clip per
// phrase, spoken by festival's cmu_us_slt_arctic_hts voice, trimmed,
// loudness-matched and encoded at the output rate, with a manifest.json
// that records each clip's exact decoded length.
//
//	go run ./tools/mkvoice -phrases FILE -out sessions/voice
//
// FILE has one phrase per line ("-" reads standard input). Only phrases
// whose clip is missing are synthesized (-all redoes every one); clips no
// phrase uses are deleted. The same phrases give byte-identical files.
// See README.md for what it needs and why it does what it does.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/script"
)

const (
	voiceName     = "cmu_us_slt_arctic_hts" // festival voice, Debian package festvox-us-slt-hts
	manifestVoice = "festival " + voiceName // the manifest's "voice"
	defaultSpeed  = 0.65                    // hts_engine speech rate: about 2.3 words/s

	targetLUFS = -20.0 // integrated loudness of every clip (ITU-R BS.1770)
	peakDBFS   = -3.0  // highest sample peak: a limiter holds the few louder peaks here

	leadInMS  = 30  // silence kept before the first sound, so onsets are whole
	tailMS    = 60  // kept after the last sound, for the decay of the last word
	fadeInMS  = 5   // raised-cosine fades at both edges
	fadeOutMS = 10  //
	floorDB   = -60 // a 5 ms window is sound when above this and ...
	rangeDB   = 45  // ... less than this far below the loudest window

	limitHoldMS    = 2   // the limiter's look-ahead and hold
	limitAttackMS  = 1.0 // how fast its gain eases down before a peak
	limitReleaseMS = 60. // how fast it comes back after
	maxLimitDB     = 6   // deeper than this, the clip is made quieter instead

	lameVBR = "4" // lame -V: VBR quality; about 115 kbit/s for this voice
)

// tool is an external program and the Debian package that provides it.
type tool struct{ name, pkg string }

var tools = []tool{{"text2wave", "festival"}, {"festival", "festival"}, {"sox", "sox"}, {"lame", "lame"}}

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mkvoice:", err)
		os.Exit(1)
	}
}

// options are the command line.
type options struct {
	phrases, out string
	all          bool
	jobs         int
	speed        float64
}

func run(args []string, stdin io.Reader, log io.Writer) error {
	var o options
	fl := flag.NewFlagSet("mkvoice", flag.ContinueOnError)
	fl.SetOutput(log)
	fl.StringVar(&o.phrases, "phrases", "", "`file` with one phrase per line (- for standard input)")
	fl.StringVar(&o.out, "out", "", "voice pack `dir`ectory to update, e.g. sessions/voice")
	fl.BoolVar(&o.all, "all", false, "synthesize every phrase again, not only those without a clip")
	fl.IntVar(&o.jobs, "j", runtime.NumCPU(), "phrases synthesized in parallel")
	fl.Float64Var(&o.speed, "speed", defaultSpeed, "hts_engine speech rate (1 is the voice's own; lower is slower)")
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
	case !(o.speed >= 0.3 && o.speed <= 3):
		return fmt.Errorf("-speed %v: want a rate from 0.3 to 3", o.speed)
	}
	phrases, err := readPhrases(o.phrases, stdin, log)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}

	// Clips already there are kept (unless -all): their length is read back
	// with the player's own decoder.
	m := audio.Manifest{Voice: manifestVoice, Rate: script.Rate}
	var todo []string
	files := map[string]string{} // text -> file
	for _, text := range phrases {
		file := clipName(text)
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
		c, err := audio.DecodeClip(filepath.Join(o.out, file), data)
		if err != nil {
			fmt.Fprintf(log, "%v; synthesizing it again\n", err)
			todo = append(todo, text)
			continue
		}
		m.Clips = append(m.Clips, audio.ManifestClip{Text: text, File: file, Samples: len(c)})
	}

	if len(todo) > 0 {
		if err := checkTools(); err != nil {
			return err
		}
		made, err := synthesizeAll(o, todo, files, log)
		if err != nil {
			return err
		}
		m.Clips = append(m.Clips, made...)
	}
	slices.SortFunc(m.Clips, func(a, b audio.ManifestClip) int { return strings.Compare(a.Text, b.Text) })

	if err := removeUnused(o.out, files, log); err != nil {
		return err
	}
	if err := writeManifest(o.out, m); err != nil {
		return err
	}
	fmt.Fprintf(log, "%s: %d clips, %d synthesized\n", filepath.Join(o.out, "manifest.json"), len(m.Clips), len(todo))
	return nil
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

// clipName returns the clip file for text: a slug of its first words and
// the start of its SHA-256, so that a changed phrase gets a new file.
func clipName(text string) string {
	const maxSlug = 32
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(text, "'", "")), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if len(words) == 0 && len(w) > maxSlug {
			w = w[:maxSlug]
		}
		if len(strings.Join(append(words, w), "-")) > maxSlug {
			break
		}
		words = append(words, w)
	}
	slug := strings.Join(words, "-")
	if slug == "" {
		slug = "clip"
	}
	sum := sha256.Sum256([]byte(text))
	return slug + "-" + hex.EncodeToString(sum[:4]) + ".mp3"
}

// checkTools reports every missing program at once, with its package, and
// checks that festival has the voice.
func checkTools() error {
	var errs []error
	for _, t := range tools {
		if _, err := exec.LookPath(t.name); err != nil {
			errs = append(errs, fmt.Errorf("%s is not installed: apt-get install %s", t.name, t.pkg))
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	cmd := exec.Command("festival", "--pipe")
	cmd.Stdin = strings.NewReader("(voice_" + voiceName + ")\n")
	out, err := cmd.CombinedOutput()
	if err != nil || bytes.Contains(out, []byte("SIOD ERROR")) {
		return fmt.Errorf("festival has no voice %s (%s): apt-get install festvox-us-slt-hts", voiceName, bytes.TrimSpace(out))
	}
	return nil
}

// synthesizeAll makes the clips for todo, o.jobs at a time, and reports
// every phrase that failed.
func synthesizeAll(o options, todo []string, files map[string]string, log io.Writer) ([]audio.ManifestClip, error) {
	var (
		mu    sync.Mutex
		made  []audio.ManifestClip
		errs  []error
		wg    sync.WaitGroup
		queue = make(chan string)
	)
	for range min(o.jobs, len(todo)) {
		wg.Go(func() {
			for text := range queue {
				c, rep, err := synthesize(o, text, files[text])
				mu.Lock()
				if err != nil {
					errs = append(errs, fmt.Errorf("%q: %w", text, err))
				} else {
					made = append(made, c)
					fmt.Fprintf(log, "%5.2fs %4.2f words/s %6.1f LUFS  peak %5.1f dBFS  limited %4.1f dB  %s\n",
						float64(c.Samples)/script.Rate, rep.wordsPerSec, rep.lufs, rep.peak, rep.reduction, c.File)
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

// report describes a clip made.
type report struct {
	wordsPerSec float64 // words over the length of the speech, lead-in and tail excluded
	lufs, peak  float64 // integrated loudness and sample peak of the clip
	reduction   float64 // the limiter's deepest gain reduction, in dB
}

// synthesize makes the clip for text in dir o.out: festival speaks it,
// sox converts it to 44.1 kHz float, shape trims, fades and levels it, lame
// encodes it. The MP3 is decoded again with audio.DecodeClip, which must
// give back exactly the samples that were encoded.
func synthesize(o options, text, file string) (audio.ManifestClip, report, error) {
	var rep report
	tmp, err := os.MkdirTemp("", "mkvoice-")
	if err != nil {
		return audio.ManifestClip{}, rep, err
	}
	defer os.RemoveAll(tmp)
	txt, raw, mid, wav, mp3 := filepath.Join(tmp, "text.txt"), filepath.Join(tmp, "raw.wav"),
		filepath.Join(tmp, "mid.wav"), filepath.Join(tmp, "clip.wav"), filepath.Join(tmp, "clip.mp3")

	// The text goes to festival in a file: no shell, no quoting.
	if err := os.WriteFile(txt, []byte(text+"\n"), 0o644); err != nil {
		return audio.ManifestClip{}, rep, err
	}
	speed := strconv.FormatFloat(o.speed, 'f', -1, 64)
	if err := runTool(tmp, "text2wave", "-o", raw,
		"-eval", "(voice_"+voiceName+")",
		"-eval", `(set! hts_engine_params (append hts_engine_params (list (list "-r" `+speed+`))))`,
		txt); err != nil {
		return audio.ManifestClip{}, rep, err
	}
	// -D: no dither; float output: no quantization before shape.
	if err := runTool(tmp, "sox", "-D", "-V1", raw, "-e", "floating-point", "-b", "32", mid,
		"channels", "1", "rate", "-v", strconv.Itoa(script.Rate)); err != nil {
		return audio.ManifestClip{}, rep, err
	}
	data, err := os.ReadFile(mid)
	if err != nil {
		return audio.ManifestClip{}, rep, err
	}
	c, err := audio.DecodeClip("sox output", data)
	if err != nil {
		return audio.ManifestClip{}, rep, err
	}
	pcm, rep, err := shape(c)
	if err != nil {
		return audio.ManifestClip{}, rep, err
	}
	rep.wordsPerSec = float64(len(strings.Fields(text))) / (float64(len(pcm)-(leadInMS+tailMS)*script.Rate/1000) / script.Rate)
	if err := os.WriteFile(wav, wavFile(pcm), 0o644); err != nil {
		return audio.ManifestClip{}, rep, err
	}
	// --resample keeps 44.1 kHz (lame may pick a lower rate for speech);
	// the LAME tag (delay and padding) is what makes decoding sample-exact.
	if err := runTool(tmp, "lame", "--quiet", "--noreplaygain", "-m", "m", "-V", lameVBR,
		"--resample", "44.1", wav, mp3); err != nil {
		return audio.ManifestClip{}, rep, err
	}
	enc, err := os.ReadFile(mp3)
	if err != nil {
		return audio.ManifestClip{}, rep, err
	}
	got, err := audio.DecodeClip(file, enc)
	if err != nil {
		return audio.ManifestClip{}, rep, err
	}
	if len(got) != len(pcm) {
		return audio.ManifestClip{}, rep, fmt.Errorf("%s decodes to %d samples; the WAV encoded has %d", file, len(got), len(pcm))
	}
	if err := writeAtomic(filepath.Join(o.out, file), enc); err != nil {
		return audio.ManifestClip{}, rep, err
	}
	return audio.ManifestClip{Text: text, File: file, Samples: len(got)}, rep, nil
}

// runTool runs a program with arguments (never through a shell) and fails
// on a non-zero exit or a festival error, which text2wave does not signal.
func runTool(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil && bytes.Contains(out, []byte("SIOD ERROR")) {
		err = errors.New("festival error")
	}
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", name, err, bytes.TrimSpace(out))
	}
	return nil
}

// shape trims the silence around the speech (keeping a short lead-in and
// tail), fades both edges, sets the level to targetLUFS and limits the
// peaks to peakDBFS (a clip needing more than maxLimitDB of limiting is
// made quieter instead). It returns 16-bit samples, rounded without dither
// so the result is reproducible.
func shape(c audio.Clip) ([]int16, report, error) {
	var rep report
	const win = script.Rate / 200 // 5 ms
	n := len(c) / win
	if n == 0 {
		return nil, rep, errors.New("festival made no sound")
	}
	level := make([]float64, n) // mean square of each window
	loudest := 0.0
	for w := range level {
		for _, v := range c[w*win : (w+1)*win] {
			level[w] += float64(v) * float64(v)
		}
		level[w] /= win
		loudest = max(loudest, level[w])
	}
	threshold := max(math.Pow(10, floorDB/10.0), loudest*math.Pow(10, -rangeDB/10.0))
	first, last := -1, -1
	for w, l := range level {
		if l > threshold {
			if first < 0 {
				first = w
			}
			last = w
		}
	}
	if first < 0 {
		return nil, rep, errors.New("festival made only silence")
	}
	from := max(0, first*win-leadInMS*script.Rate/1000)
	to := min(len(c), (last+1)*win+tailMS*script.Rate/1000)
	s := make([]float64, to-from)
	for i := range s {
		s[i] = float64(c[from+i])
	}
	fade(s[:min(len(s), fadeInMS*script.Rate/1000)], false)
	fade(s[max(0, len(s)-fadeOutMS*script.Rate/1000):], true)

	// Level: the gain that brings the clip to targetLUFS, with a limiter
	// holding the few louder peaks at peakDBFS; the limiter lowers the
	// loudness a little, so measure again and correct.
	ceiling := math.Pow(10, peakDBFS/20)
	g := math.Pow(10, (targetLUFS-loudness(s, script.Rate))/20)
	var out []float64
	for range 5 {
		out, rep.reduction = limit(s, g, ceiling)
		l := loudness(out, script.Rate)
		if math.Abs(l-targetLUFS) < 0.02 {
			break
		}
		if rep.reduction > maxLimitDB {
			// A clip this peaky is not worth squashing: lower it instead.
			g *= math.Pow(10, (maxLimitDB-rep.reduction)/20)
			continue
		}
		g *= math.Pow(10, (targetLUFS-l)/20)
	}
	pcm := make([]int16, len(out))
	for i, v := range out {
		q := max(-32768, min(32767, math.Round(v*32767)))
		pcm[i] = int16(q)
		out[i] = q / 32767
		rep.peak = max(rep.peak, math.Abs(out[i]))
	}
	rep.lufs = loudness(out, script.Rate)
	rep.peak = 20 * math.Log10(rep.peak)
	return pcm, rep, nil
}

// limit returns s scaled by g, with a look-ahead peak limiter keeping every
// sample within ceiling: the gain needed at each sample is held over
// limitHoldMS either side, released over limitReleaseMS and eased in over
// limitAttackMS, so it is already down when a peak comes and never above
// what that peak needs. It also returns the deepest gain reduction in dB.
func limit(s []float64, g, ceiling float64) ([]float64, float64) {
	need := make([]float64, len(s))
	for i, v := range s {
		need[i] = min(1, ceiling/math.Abs(v*g))
	}
	hold := limitHoldMS * script.Rate / 1000
	r := make([]float64, len(s))
	for i := range r {
		r[i] = slices.Min(need[max(0, i-hold):min(len(s), i+hold+1)])
	}
	release := 1 - math.Exp(-1000/(limitReleaseMS*script.Rate))
	attack := 1 - math.Exp(-1000/(limitAttackMS*script.Rate))
	for i := 1; i < len(r); i++ {
		r[i] = min(r[i], r[i-1]+(1-r[i-1])*release)
	}
	for i := len(r) - 2; i >= 0; i-- {
		r[i] = min(r[i], r[i+1]+(1-r[i+1])*attack)
	}
	out := make([]float64, len(s))
	deepest := 1.0
	for i, v := range s {
		out[i] = v * g * r[i]
		deepest = min(deepest, r[i])
	}
	return out, max(0, -20*math.Log10(deepest))
}

// fade applies a raised-cosine fade in (or out) over s.
func fade(s []float64, out bool) {
	for i := range s {
		x := (float64(i) + 0.5) / float64(len(s))
		if out {
			x = 1 - x
		}
		s[i] *= 0.5 - 0.5*math.Cos(math.Pi*x)
	}
}

// loudness returns the integrated loudness of mono samples s in LUFS, as
// ITU-R BS.1770-4 defines it (and ffmpeg's ebur128 filter measures it):
// K-weighting, 400 ms blocks overlapping by 75 %, an absolute gate at
// -70 LUFS and a relative gate 10 LU below the ungated mean. A clip shorter
// than one block is measured as one block.
func loudness(s []float64, rate int) float64 {
	z := kWeight(s, rate)
	block, step := rate*4/10, rate/10
	var blocks []float64
	for at := 0; at+block <= len(z) || at == 0; at += step {
		end := min(at+block, len(z))
		var sum float64
		for _, v := range z[at:end] {
			sum += v * v
		}
		blocks = append(blocks, sum/float64(end-at))
		if end == len(z) {
			break
		}
	}
	lufs := func(ms float64) float64 { return -0.691 + 10*math.Log10(ms) }
	gatedMean := func(gate float64) (float64, int) {
		var sum float64
		var n int
		for _, b := range blocks {
			if lufs(b) > gate {
				sum += b
				n++
			}
		}
		if n == 0 {
			return 0, 0
		}
		return sum / float64(n), n
	}
	mean, n := gatedMean(-70)
	if n == 0 {
		return math.Inf(-1)
	}
	mean, _ = gatedMean(lufs(mean) - 10)
	return lufs(mean)
}

// kWeight filters s with the BS.1770 K-weighting (a high shelf, then a
// high pass), with the coefficients derived for any rate as libebur128
// does.
func kWeight(s []float64, rate int) []float64 {
	fs := float64(rate)
	// Stage 1: high shelf, about +4 dB above 1.5 kHz.
	f0, g, q := 1681.974450955533, 3.999843853973347, 0.7071752369554196
	k := math.Tan(math.Pi * f0 / fs)
	vh := math.Pow(10, g/20)
	vb := math.Pow(vh, 0.4996667741545416)
	a0 := 1 + k/q + k*k
	b1 := [3]float64{(vh + vb*k/q + k*k) / a0, 2 * (k*k - vh) / a0, (vh - vb*k/q + k*k) / a0}
	a1 := [3]float64{1, 2 * (k*k - 1) / a0, (1 - k/q + k*k) / a0}
	// Stage 2: high pass at about 38 Hz.
	f0, q = 38.13547087602444, 0.5003270373238773
	k = math.Tan(math.Pi * f0 / fs)
	a0 = 1 + k/q + k*k
	b2 := [3]float64{1, -2, 1}
	a2 := [3]float64{1, 2 * (k*k - 1) / a0, (1 - k/q + k*k) / a0}
	return biquad(biquad(s, b1, a1), b2, a2)
}

// biquad filters s (direct form I).
func biquad(s []float64, b, a [3]float64) []float64 {
	out := make([]float64, len(s))
	var x1, x2, y1, y2 float64
	for i, x := range s {
		y := b[0]*x + b[1]*x1 + b[2]*x2 - a[1]*y1 - a[2]*y2
		x2, x1, y2, y1 = x1, x, y1, y
		out[i] = y
	}
	return out
}

// wavFile returns pcm as a mono 16-bit WAV at script.Rate.
func wavFile(pcm []int16) []byte {
	le := binary.LittleEndian
	n := 2 * len(pcm)
	b := make([]byte, 0, 44+n)
	b = append(b, "RIFF"...)
	b = le.AppendUint32(b, uint32(36+n))
	b = append(b, "WAVEfmt "...)
	b = le.AppendUint32(b, 16)
	b = le.AppendUint16(b, 1) // PCM
	b = le.AppendUint16(b, 1) // mono
	b = le.AppendUint32(b, script.Rate)
	b = le.AppendUint32(b, 2*script.Rate)
	b = le.AppendUint16(b, 2)
	b = le.AppendUint16(b, 16)
	b = append(b, "data"...)
	b = le.AppendUint32(b, uint32(n))
	for _, v := range pcm {
		b = le.AppendUint16(b, uint16(v))
	}
	return b
}

// removeUnused deletes the MP3 files in dir that no phrase uses, and
// leftovers of an interrupted run.
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
		stale := strings.HasSuffix(name, ".mp3") && !used[name] || strings.HasPrefix(name, ".mkvoice-")
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

// writeManifest writes dir/manifest.json, sorted as given, indented, with
// a final newline.
func writeManifest(dir string, m audio.Manifest) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return err
	}
	name := filepath.Join(dir, "manifest.json")
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, b.Bytes()) {
		return nil
	}
	return writeAtomic(name, b.Bytes())
}

// writeAtomic writes a file through a temporary file in the same directory
// and a rename, so that a reader never sees half of it.
func writeAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".mkvoice-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after a successful rename, a no-op
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
