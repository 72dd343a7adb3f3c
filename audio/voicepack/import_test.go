package voicepack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/internal/testclip"
	"github.com/stretchguide/guide/audio/mp3"
)

// record writes a recording of a phrase into dir as its file name says:
// a second of words in room noise, at 48 kHz stereo (Import resamples).
func record(t *testing.T, dir, text string, level float64) string {
	t.Helper()
	c := spoken(Rate/2, Rate, level, -55)
	x := make([]float64, len(c))
	for i, v := range c {
		x[i] = float64(dsp.FromInt16(v))
	}
	name := filepath.Join(dir, ClipStem(text)+".wav")
	if err := os.WriteFile(name, testclip.WAV(48000, 2, true, floatsAt48k(x)), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// floatsAt48k resamples x from Rate to 48 kHz.
func floatsAt48k(x []float64) []float64 {
	f := make([]float32, len(x))
	for i, v := range x {
		f[i] = float32(v)
	}
	y := dsp.Resample(f, Rate, 48000)
	out := make([]float64, len(y))
	for i, v := range y {
		out[i] = float64(v)
	}
	return out
}

func TestImport(t *testing.T) {
	known := []string{"Breathe in.", "Breathe out.", "Knee to chest.", "Rest."}
	for _, lame := range []bool{true, false} {
		name := "wav"
		if lame {
			name = "mp3"
		}
		t.Run(name, func(t *testing.T) {
			if !lame {
				t.Setenv("PATH", t.TempDir())
			} else if mp3.EncoderInstalled() != nil {
				t.Skip("lame is not installed")
			}
			dir := t.TempDir()
			record(t, dir, "Breathe in.", 0.3)
			record(t, dir, "Breathe out.", 0.1)
			gone := record(t, dir, "Knee to chest.", 0.5)
			broken := filepath.Join(dir, ClipStem("Rest.")+".wav")
			os.WriteFile(broken, []byte("RIFF, and no more"), 0o644)
			unknown := filepath.Join(dir, "hello.wav")
			os.WriteFile(unknown, testclip.WAV(Rate, 1, false, make([]float64, 100)), 0o644)

			res, err := Import(context.Background(), dir, known)
			if err != nil {
				t.Fatal(err)
			}
			wantFormat := WAV
			if lame {
				wantFormat = MP3
			}
			if res.Recordings != 4 || res.Format != wantFormat {
				t.Errorf("Import: %d recordings as %s; want 4 as %s", res.Recordings, res.Format, wantFormat)
			}
			wantProblems := []string{
				unknown + ": no phrase is recorded under this name (guide voice script lists the file names)",
				broken + ": not a FLAC, MP3 or WAV file",
			}
			if !slices.Equal(res.Problems, wantProblems) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(res.Problems, "\n"), strings.Join(wantProblems, "\n"))
			}

			// Every clip's profile is in the manifest, and it is the profile
			// of the clip the player decodes: a session plans with it
			// without decoding a clip.
			p, err := OpenDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := p.Texts(), []string{"Breathe in.", "Breathe out.", "Knee to chest."}; !slices.Equal(got, want) {
				t.Fatalf("the pack says %q; want %q", got, want)
			}
			if p.Voice() != RecordedVoice {
				t.Errorf("voice %q; want %q", p.Voice(), RecordedVoice)
			}
			for _, text := range p.Texts() {
				prof, ok := p.Profile(text)
				if !ok {
					t.Errorf("%q: the manifest has no profile", text)
					continue
				}
				c, err := p.Clip(text)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(prof, dsp.Profile(c)) {
					t.Errorf("%q: the manifest's profile is not that of the decoded clip", text)
				}
				if f, _ := p.File(text); filepath.Ext(f) != "."+string(wantFormat) || filepath.Base(filepath.Dir(f)) != ClipsDir {
					t.Errorf("%q: clip %s; want a .%s in %s", text, f, wantFormat, ClipsDir)
				}
				// Shaped: every clip at the same loudness, whatever its level
				// recorded.
				s := make([]float64, len(c))
				for i, v := range c {
					s[i] = float64(dsp.FromInt16(v))
				}
				if l := dsp.Loudness(s, Rate); math.Abs(l-TargetLUFS) > 0.3 {
					t.Errorf("%q: %.2f LUFS; want %v", text, l, TargetLUFS)
				}
			}

			// Check finds nothing wrong once the broken and unknown files are
			// gone, and says what is missing.
			os.Remove(broken)
			os.Remove(unknown)
			want := []string{"Breathe in.", "Breathe out.", "Knee to chest."}
			if summary, problems := Check(dir, known, want, "the test"); len(problems) != 0 || summary != dir+": 3 clips, every phrase of the test; all readable" {
				t.Errorf("Check = %q, %q", summary, problems)
			}
			if _, problems := Check(dir, known, append(want, "Rest."), "the test"); len(problems) != 1 || problems[0] != `missing "Rest.": record it as `+ClipStem("Rest.")+".wav" {
				t.Errorf("Check with a phrase not recorded: %q", problems)
			}
			rest := record(t, dir, "Rest.", 0.3)
			if _, problems := Check(dir, known, append(want, "Rest."), "the test"); len(problems) != 1 || !strings.HasPrefix(problems[0], rest+": recorded, but not imported yet") {
				t.Errorf("Check with a phrase recorded, not imported: %q", problems)
			}

			// Import again without one recording: its clip goes, as does
			// what an interrupted import left.
			clip, _ := p.File("Knee to chest.")
			os.Remove(gone)
			stale := filepath.Join(dir, ClipsDir, ".guide-x.wav-0badf00d.tmp")
			os.WriteFile(stale, []byte("x"), 0o644)
			res, err = Import(context.Background(), dir, known)
			if err != nil || len(res.Problems) != 0 {
				t.Fatalf("Import again: %v, %q", err, res.Problems)
			}
			if got := len(res.Manifest.Clips); got != 3 {
				t.Errorf("%d clips after importing again; want 3", got)
			}
			for _, f := range []string{clip, stale} {
				if _, err := os.Stat(f); !os.IsNotExist(err) {
					t.Errorf("%s is left after importing again: %v", f, err)
				}
			}
			p, err = OpenDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, text := range p.Texts() {
				if _, ok := p.Profile(text); !ok {
					t.Errorf("%q: no profile after importing again", text)
				}
			}
		})
	}
}

func TestImportWithoutRecordings(t *testing.T) {
	dir := t.TempDir()
	res, err := Import(context.Background(), dir, []string{"A."})
	if err != nil || res.Recordings != 0 || len(res.Manifest.Clips) != 0 {
		t.Errorf("Import of an empty folder: %+v, %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); !os.IsNotExist(err) {
		t.Error("Import of an empty folder wrote a manifest")
	}
	if _, problems := Check(filepath.Join(dir, "missing"), nil, nil, "x"); len(problems) != 1 || !strings.HasSuffix(problems[0], ": no such folder") {
		t.Errorf("Check of a missing folder: %q", problems)
	}
}

// TestCheckDamagedProfiles: a manifest whose profiles are NaN or of the
// wrong length is a damaged pack, and Check names the clip.
func TestCheckDamagedProfiles(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // WAV clips: no lame needed
	dir := t.TempDir()
	known := []string{"Breathe in.", "Breathe out.", "Rest."}
	for _, k := range known {
		record(t, dir, k, 0.3)
	}
	res, err := Import(context.Background(), dir, known)
	if err != nil || len(res.Problems) != 0 {
		t.Fatalf("Import: %v, %q", err, res.Problems)
	}
	m := res.Manifest
	nan := make([]float32, dsp.ProfileLen(m.Clips[0].Samples))
	for i := range nan {
		nan[i] = float32(math.NaN())
	}
	m.Clips[0].Profile = EncodeProfile(nan)
	m.Clips[1].Profile = EncodeProfile(make([]float32, 3))
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, problems := Check(dir, known, known, "the test")
	if len(problems) != 2 {
		t.Fatalf("Check found %d problems, want 2: %q", len(problems), problems)
	}
	for i, want := range []string{"is NaN", "needs"} {
		file := filepath.Join(dir, filepath.FromSlash(m.Clips[i].File))
		if p := problems[i]; !strings.HasPrefix(p, file+": ") || !strings.Contains(p, want) || !strings.Contains(p, "guide voice import") {
			t.Errorf("problem %d = %q; want it to name %s and say %q", i, p, file, want)
		}
	}
}

// TestInterruptedImportKeepsPackWhole stops an import of recordings made
// again, longer, once it has replaced a clip: the manifest then lists the
// new clips with their new lengths and keeps the old ones, so that every
// clip decodes to the length the manifest says.
func TestInterruptedImportKeepsPackWhole(t *testing.T) {
	dir := t.TempDir()
	var known []string
	for i := range 16 {
		known = append(known, fmt.Sprintf("Phrase number %d.", i))
	}
	for _, text := range known[:4] {
		record(t, dir, text, 0.3)
	}
	if _, err := Import(context.Background(), dir, known); err != nil {
		t.Fatal(err)
	}
	old, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range known {
		c := spoken(Rate/2, 2*Rate, 0.3, -55)
		x := make([]float64, len(c))
		for i, v := range c {
			x[i] = float64(dsp.FromInt16(v))
		}
		if err := os.WriteFile(filepath.Join(dir, ClipStem(text)+".wav"), testclip.WAV(Rate, 1, false, x), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	go func() {
		for ctx.Err() == nil {
			entries, _ := os.ReadDir(filepath.Join(dir, ClipsDir))
			for _, e := range entries {
				if info, err := e.Info(); err == nil && info.ModTime().After(start) && !strings.HasPrefix(e.Name(), ".") {
					cancel()
				}
			}
			time.Sleep(time.Millisecond)
		}
	}()
	if _, err := Import(ctx, dir, known); !errors.Is(err, context.Canceled) {
		t.Skipf("the import was not stopped before it ended (%v)", err)
	}
	p, err := OpenDir(dir)
	if err != nil {
		t.Fatalf("the pack after an interrupted import: %v", err)
	}
	replaced := 0
	for _, text := range p.Texts() {
		if _, err := p.Clip(text); err != nil {
			t.Errorf("after an interrupted import: %v", err)
		}
		if n, _ := old.Length(text); n != 0 {
			if m, _ := p.Length(text); m != n {
				replaced++
			}
		}
	}
	if replaced == 0 || len(p.Texts()) < 4 {
		t.Errorf("%d phrases, %d of the old ones replaced; want the old 4 kept or replaced, and at least one replaced", len(p.Texts()), replaced)
	}
}
