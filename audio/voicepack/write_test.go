package voicepack

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/flac"
	"github.com/stretchguide/guide/audio/mp3"
	"github.com/stretchguide/guide/internal/atomicfile"
	"github.com/stretchguide/guide/internal/testtool"
)

func TestClipStem(t *testing.T) {
	tests := map[string]string{
		"Breathe in.": "breathe-in-9cdf19c8",
		"Cat-Cow.":    "cat-cow-b5e89103",
		"If you feel sharp or lasting pain, or numbness, tingling or weakness in your legs, stop, and see a doctor or physical therapist.": "if-you-feel-sharp-or-lasting-b4f46902",
		"Child's pose.": "childs-pose-a651965b",
		"...":           "clip-",
	}
	for text, want := range tests {
		got := ClipStem(text)
		if want == "clip-" {
			if len(got) != len("clip-")+8 || got[:5] != "clip-" {
				t.Errorf("ClipStem(%q) = %q; want clip-HASH", text, got)
			}
			continue
		}
		if got != want {
			t.Errorf("ClipStem(%q) = %q; want %q", text, got, want)
		}
	}
}

func TestWriteManifest(t *testing.T) {
	dir := t.TempDir()
	m := Manifest{Voice: "test", Rate: Rate, Clips: []ManifestClip{{Text: "A <b> & c", File: "a.wav", Samples: 3}}}
	if err := WriteManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "manifest.json")
	data, _ := os.ReadFile(name)
	want := `{
  "voice": "test",
  "rate": 44100,
  "clips": [
    {
      "text": "A <b> & c",
      "file": "a.wav",
      "samples": 3
    }
  ]
}
`
	if string(data) != want {
		t.Errorf("manifest.json:\n%s\nwant:\n%s", data, want)
	}
	st, _ := os.Stat(name)
	if err := WriteManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	if st2, _ := os.Stat(name); !os.SameFile(st, st2) {
		t.Error("an unchanged manifest was written again")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files; want only manifest.json (no temporary files left)", len(entries))
	}
	m.Voice = "changed"
	if err := WriteManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	if st2, _ := os.Stat(name); os.SameFile(st, st2) {
		t.Error("a changed manifest was not written again")
	}
}

func TestEncodeProfile(t *testing.T) {
	p := []float32{0, 1.5, 1e-30, math.MaxFloat32}
	if got, want := EncodeProfile(p), "AAAAAAAAwD9gQqIN//9/fw=="; got != want {
		t.Errorf("EncodeProfile = %q; want %q (little-endian float32s in base64)", got, want)
	}
}

// TestMakeClip makes a clip in each format and opens the pack it makes:
// the manifest entry gives the length and the loudness profile of what
// the player decodes.
func TestMakeClip(t *testing.T) {
	pcm, _, err := Shape(spoken(Rate/4, Rate/2, 0.3, math.Inf(-1)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{WAV, MP3, FLAC} {
		t.Run(string(f), func(t *testing.T) {
			if f == MP3 {
				testtool.Need(t, "lame", "lame")
			}
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "clips"), 0o755); err != nil {
				t.Fatal(err)
			}
			mc, err := MakeClip(dir, "clips", "Breathe in.", pcm, f)
			if err != nil {
				t.Fatal(err)
			}
			if want := "clips/breathe-in-9cdf19c8." + string(f); mc.File != want || mc.Text != "Breathe in." {
				t.Errorf("entry %q for %q; want %q", mc.File, mc.Text, want)
			}
			// FLAC is stored at half the rate: an odd length comes back one
			// sample longer.
			if mc.Samples != len(pcm) && (f != FLAC || mc.Samples != len(pcm)+1) {
				t.Errorf("%d samples; the clip has %d", mc.Samples, len(pcm))
			}
			m := Manifest{Voice: "t", Rate: Rate, Clips: []ManifestClip{mc}}
			if f == FLAC {
				m.Band = FlacBand
			}
			if err := WriteManifest(dir, m); err != nil {
				t.Fatal(err)
			}
			p, err := OpenDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			c, err := p.Clip("Breathe in.")
			if err != nil {
				t.Fatal(err)
			}
			if f == WAV && !slices.Equal(c, pcm) {
				t.Error("a WAV clip decodes to other samples than it was made of")
			}
			if len(c) != mc.Samples {
				t.Errorf("the clip decodes to %d samples; the manifest says %d", len(c), mc.Samples)
			}
			if f == FLAC {
				// Band-limited speech comes back all but unchanged.
				var sig, noise float64
				for i := range min(len(c), len(pcm)) {
					d := float64(c[i]) - float64(pcm[i])
					sig, noise = sig+float64(pcm[i])*float64(pcm[i]), noise+d*d
				}
				if snr := 10 * math.Log10(sig/noise); snr < 40 {
					t.Errorf("the FLAC clip is %.1f dB from what it was made of; want 40 dB or more", snr)
				}
			}
			if prof, ok := p.Profile("Breathe in."); !ok || !slices.Equal(prof, dsp.Profile(c)) {
				t.Errorf("the manifest's profile (%v) is not that of the decoded clip", ok)
			}
			entries, _ := os.ReadDir(filepath.Join(dir, "clips"))
			for _, e := range entries {
				if atomicfile.IsTemp(e.Name()) {
					t.Errorf("a temporary file %s is left", e.Name())
				}
			}
		})
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := MakeClip(t.TempDir(), "", "x", pcm, MP3); err != mp3.ErrNoLame {
		t.Errorf("MP3 without lame: %v; want mp3.ErrNoLame", err)
	}
}

// TestFLACOfUnknownBandResampledInFull: a 22.05 kHz FLAC clip whose pack
// does not say it is band-limited (a user's recording) is resampled with
// the full filter, not the fast one made for the built-in voice, so
// sound above 8 kHz comes through without images.
func TestFLACOfUnknownBandResampledInFull(t *testing.T) {
	low := make([]int16, Rate/2)
	for i := range low {
		low[i] = int16(8000 * math.Sin(2*math.Pi*10000*float64(i)/float64(Rate/2)))
	}
	data, err := flac.Encode(low, 1, Rate/2)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode("tone.flac", data)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, len(low))
	for i, v := range low {
		x[i] = dsp.FromInt16(v)
	}
	y := dsp.Resample(x, Rate/2, Rate)
	want := make([]int16, len(y))
	for i, v := range y {
		want[i] = dsp.ToInt16(v)
	}
	if !slices.Equal(got, want) {
		t.Error("a 22.05 kHz FLAC of unknown band is not resampled in full")
	}
}

// TestFLACHeaderOfHugeLengthRefused: a FLAC header that claims 2^36
// samples, or a rate no clip has, is refused from the header with the
// limit in the message, before anything is decoded.
func TestFLACHeaderOfHugeLengthRefused(t *testing.T) {
	data, err := flac.Encode(make([]int16, 4096), 1, Rate)
	if err != nil {
		t.Fatal(err)
	}
	huge := bytes.Clone(data)
	// STREAMINFO's last 36 bits of bytes 18-21 (after "fLaC" and the block
	// header) are the sample count: all ones.
	huge[21] |= 0x0F
	huge[22], huge[23], huge[24], huge[25] = 0xFF, 0xFF, 0xFF, 0xFF
	if _, err := Decode("huge.flac", huge); err == nil || !strings.Contains(err.Error(), "a clip may last at most 2m") {
		t.Errorf("2^36 samples: %v; want it refused as too long", err)
	}
}
