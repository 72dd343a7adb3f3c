package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchguide/guide/internal/session"
	"github.com/stretchguide/guide/internal/testtool"
)

// samplesFile lists the SHA-256 of the decoded samples of renders that must
// not change by accident: every built-in routine as WAV and as FLAC (the
// same samples), a few other mixes, and the JSON plans. A change that is
// meant to change what guide plays refreshes it with
// go test ./cmd/guide -run RenderedSamples -update, and says so in its commit.
var samplesFile = filepath.Join("testdata", "samples.sha256")

// sampleCase is one render whose samples are pinned.
type sampleCase struct {
	name string   // in samplesFile
	args []string // after render ROUTINE -o FILE
}

func sampleCases(routines []string) []sampleCase {
	var cs []sampleCase
	for _, r := range routines {
		cs = append(cs, sampleCase{name: r, args: []string{r}})
	}
	return append(cs,
		sampleCase{"desk-break mono 22050 Hz", []string{"desk-break", "--mono", "--rate", "22050"}},
		sampleCase{"desk-break 48000 Hz", []string{"desk-break", "--rate", "48000"}},
		sampleCase{"desk-break soft tones, pink noise", []string{"desk-break", "--set", "tones.style=soft", "--set", "ambience=pink"}},
		sampleCase{"desk-break brown noise, no breath tones, duck 20", []string{"desk-break", "--set", "ambience=brown", "--set", "tones.breath=false", "--set", "voice.duck=20"}},
		sampleCase{"morning slow, brief, -23 LUFS", []string{"morning", "--set", "pace.preset=slow", "--set", "voice.detail=brief", "--set", "audio.loudness=-23"}},
	)
}

// TestRenderedSamplesUnchanged renders every built-in routine to WAV and
// FLAC with the built binary and checks that both decode to the samples
// recorded in testdata/samples.sha256 (FLAC through ffmpeg's own decoder),
// and that every JSON plan is the one recorded: a refactoring must not
// change a single sample.
func TestRenderedSamplesUnchanged(t *testing.T) {
	hermetic(t)
	ffmpeg := testtool.Need(t, "ffmpeg", "ffmpeg")
	cat, _, err := session.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	got := map[string]string{}
	for _, c := range sampleCases(cat.Names()) {
		wav, flac := filepath.Join(dir, "x.wav"), filepath.Join(dir, "x.flac")
		for _, out := range []string{wav, flac} {
			args := append([]string{"render", c.args[0], "-o", out}, c.args[1:]...)
			if _, stderr, code := runBinary(t, args...); code != 0 {
				t.Fatalf("guide %s: exit %d: %s", strings.Join(args, " "), code, stderr)
			}
		}
		w := hashSum(wavData(t, wav))
		dec, err := exec.Command(ffmpeg, "-v", "error", "-i", flac, "-f", "s16le", "-").Output()
		if err != nil {
			t.Fatalf("ffmpeg decoding %s: %v", c.name, err)
		}
		if f := hashSum(dec); f != w {
			t.Errorf("%s: the FLAC file decodes to other samples (%s) than the WAV file (%s)", c.name, f, w)
		}
		got[c.name] = w
		os.Remove(wav)
		os.Remove(flac)
	}
	for _, name := range cat.Names() {
		out, stderr, code := runGuide(t, "plan", name, "--json")
		if code != 0 {
			t.Fatalf("plan %s --json: exit %d: %s", name, code, stderr)
		}
		got["plan --json "+name] = hashSum([]byte(out))
	}

	if *update {
		var b strings.Builder
		names := make([]string, 0, len(got))
		for n := range got {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			fmt.Fprintf(&b, "%s  %s\n", got[n], n)
		}
		if err := os.WriteFile(samplesFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readSums(t, samplesFile)
	for n, sum := range got {
		switch w, ok := want[n]; {
		case !ok:
			t.Errorf("%s: not in %s (go test -run RenderedSamples -update adds it)", n, samplesFile)
		case w != sum:
			t.Errorf("%s: the samples changed: sha256 %s, %s says %s", n, sum, samplesFile, w)
		}
	}
	for n := range want {
		if _, ok := got[n]; !ok {
			t.Errorf("%s: in %s but no longer rendered", n, samplesFile)
		}
	}
}

func hashSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// wavData returns the bytes of a WAV file's data chunk.
func wavData(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		t.Fatalf("%s is not a WAV file", path)
	}
	for p := 12; p+8 <= len(b); {
		id, size := string(b[p:p+4]), int(binary.LittleEndian.Uint32(b[p+4:]))
		if id == "data" {
			if p+8+size > len(b) {
				t.Fatalf("%s: data chunk of %d bytes in a file of %d", path, size, len(b))
			}
			return b[p+8 : p+8+size]
		}
		p += 8 + size + size&1
	}
	t.Fatalf("%s has no data chunk", path)
	return nil
}

// readSums reads "SUM  NAME" lines.
func readSums(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run RenderedSamples -update creates it)", err)
	}
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("%s: bad line %q", path, sc.Text())
		}
		sums[name] = sum
	}
	return sums
}
