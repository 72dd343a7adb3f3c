package wer

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// Model is pocketsphinx-en-us's folder: acoustic model, language model and
// dictionary.
const Model = "/usr/share/pocketsphinx/model/en-us"

// Missing returns the Debian packages Transcribe needs that are not
// installed (sox makes its input).
func Missing() []string {
	var missing []string
	for _, t := range []struct{ name, pkg string }{{"sox", "sox"}, {"pocketsphinx_batch", "pocketsphinx"}} {
		if _, err := exec.LookPath(t.name); err != nil {
			missing = append(missing, t.pkg)
		}
	}
	if _, err := os.Stat(filepath.Join(Model, "en-us.lm.bin")); err != nil {
		missing = append(missing, "pocketsphinx-en-us")
	}
	return missing
}

// Transcribe has pocketsphinx_batch transcribe, in one run, the files
// dir/ID.wav for each of ids: 16 kHz 16-bit mono WAV with a 44-byte header
// (as sox writes them). It returns the words heard in each, normalised,
// by id.
func Transcribe(dir string, ids []string) (map[string]string, error) {
	if len(ids) == 0 {
		return map[string]string{}, nil
	}
	ctl := filepath.Join(dir, "list.ctl")
	if err := os.WriteFile(ctl, []byte(strings.Join(ids, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	hyp := filepath.Join(dir, "out.hyp")
	cmd := exec.Command("pocketsphinx_batch", "-adcin", "yes", "-adchdr", "44", "-cepdir", dir, "-cepext", ".wav",
		"-ctl", ctl, "-hyp", hyp,
		"-hmm", filepath.Join(Model, "en-us"), "-lm", filepath.Join(Model, "en-us.lm.bin"),
		"-dict", filepath.Join(Model, "cmudict-en-us.dict"), "-logfn", os.DevNull)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pocketsphinx_batch: %v\n%s", err, out)
	}
	heard, err := ReadHyp(hyp)
	if err != nil {
		return nil, err
	}
	var lost []string
	for _, id := range ids {
		if _, ok := heard[id]; !ok {
			lost = append(lost, id)
		}
	}
	if len(lost) > 0 {
		return nil, errors.New("pocketsphinx_batch gave no transcript for " + strings.Join(lost, ", "))
	}
	return heard, nil
}

var hypLine = regexp.MustCompile(`^(.*?)\s*\((\S+)\s+-?\d+\)$`)

// ReadHyp reads pocketsphinx_batch's hypotheses, "words (id score)" a
// line, into the words (normalised) by id.
func ReadHyp(name string) (map[string]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := hypLine.FindStringSubmatch(strings.TrimSpace(sc.Text())); m != nil {
			out[m[2]] = Normalize(m[1])
		}
	}
	return out, sc.Err()
}

// Version returns the installed pocketsphinx package's version.
func Version() string {
	out, err := exec.Command("dpkg-query", "-W", "-f=${Version}", "pocketsphinx").Output()
	if err != nil {
		return "(version unknown)"
	}
	return string(out)
}
