package audio

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchguide/guide/script"
)

// spoken returns pad samples of noise at noiseDB (none when -Inf), then a
// voice-like buzz peaking at level for n samples, then pad samples of
// noise, at script.Rate.
func spoken(pad, n int, level, noiseDB float64) Clip {
	r := rand.New(rand.NewPCG(1, 2))
	c := make(Clip, pad+n+pad)
	noise := math.Pow(10, noiseDB/20)
	for i := range c {
		c[i] = float32(noise * r.NormFloat64())
	}
	for i := range n {
		x := float64(i) / script.Rate
		env := min(1, float64(i)/200, float64(n-i)/200) // 4.5 ms edges
		c[pad+i] += float32(level * env * (0.6*math.Sin(2*math.Pi*150*x) + 0.3*math.Sin(2*math.Pi*450*x) + 0.1*math.Sin(2*math.Pi*2500*x)))
	}
	return c
}

func TestShapeClip(t *testing.T) {
	const n = script.Rate // one second of "speech"
	lead, tail := script.Rate*leadInMS/1000, script.Rate*tailMS/1000
	win := script.Rate / 200
	tests := []struct {
		name    string
		c       Clip
		minLen  int
		maxLen  int
		wantErr error
	}{
		{"synthetic, digital silence around", spoken(script.Rate/2, n, 0.5, math.Inf(-1)), n + lead + tail - win, n + lead + tail + 2*win, nil},
		{"quiet", spoken(script.Rate/4, n, 0.02, math.Inf(-1)), n + lead + tail - win, n + lead + tail + 2*win, nil},
		{"loud, clipping", spoken(script.Rate/4, n, 1.5, math.Inf(-1)), n + lead + tail - win, n + lead + tail + 2*win, nil},
		// Room hiss at -50 dBFS is not speech: it is trimmed like silence.
		{"recorded, room noise around", spoken(script.Rate, n, 0.3, -50), n + lead + tail - win, n + lead + tail + 2*win, nil},
		{"no room to trim", spoken(0, n, 0.3, math.Inf(-1)), n - win, n + win, nil},
		{"silent", make(Clip, script.Rate), 0, 0, ErrSilent},
		{"too short", make(Clip, 100), 0, 0, ErrNoSound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pcm, rep, err := ShapeClip(tt.c)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v; want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if len(pcm) < tt.minLen || len(pcm) > tt.maxLen {
				t.Errorf("%d samples; want %d to %d", len(pcm), tt.minLen, tt.maxLen)
			}
			c := PCMClip(pcm)
			s := make([]float64, len(c))
			peak := 0.0
			for i, v := range c {
				s[i] = float64(v)
				peak = max(peak, math.Abs(s[i]))
			}
			if l := Loudness(s, script.Rate); math.Abs(l-TargetLUFS) > 0.05 || math.Abs(rep.LUFS-l) > 0.01 {
				t.Errorf("loudness %.3f LUFS (report %.3f); want %v", l, rep.LUFS, TargetLUFS)
			}
			if db := 20 * math.Log10(peak); db > peakDBFS+0.01 || math.Abs(db-rep.Peak) > 0.01 {
				t.Errorf("peak %.2f dBFS (report %.2f); want at most %v", db, rep.Peak, peakDBFS)
			}
			if pcm[0] != 0 && math.Abs(float64(pcm[0])) > 2 {
				t.Errorf("first sample %d: want the fade in to start from silence", pcm[0])
			}
			if last := pcm[len(pcm)-1]; math.Abs(float64(last)) > 2 {
				t.Errorf("last sample %d: want the fade out to end in silence", last)
			}
		})
	}
}

// TestShapeClipIsReproducible: the same input gives the same samples, so
// the built-in pack is byte-for-byte reproducible.
func TestShapeClipIsReproducible(t *testing.T) {
	c := spoken(script.Rate/3, script.Rate/2, 0.4, -70)
	a, _, err := ShapeClip(c)
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := ShapeClip(c)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("sample %d differs: %d, %d", i, a[i], b[i])
		}
	}
}

// TestLoudnessAgreesWithMeter checks the clip loudness against the
// session's own BS.1770 meter on a long signal, where their block handling
// does not matter.
func TestLoudnessAgreesWithMeter(t *testing.T) {
	c := spoken(script.Rate, 10*script.Rate, 0.3, -60)
	s := make([]float64, len(c))
	for i, v := range c {
		s[i] = float64(v)
	}
	m := NewMeter(1, script.Rate)
	m.Write(c)
	if a, b := Loudness(s, script.Rate), m.Integrated(); math.Abs(a-b) > 0.1 {
		t.Errorf("Loudness %.3f LUFS, Meter %.3f LUFS", a, b)
	}
}

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

func TestEncodeMP3(t *testing.T) {
	needTool(t, "lame", "lame")
	pcm, _, err := ShapeClip(spoken(script.Rate/4, script.Rate/2, 0.3, math.Inf(-1)))
	if err != nil {
		t.Fatal(err)
	}
	mp3, err := EncodeMP3(pcm)
	if err != nil {
		t.Fatal(err)
	}
	c, err := DecodeClip("clip.mp3", mp3)
	if err != nil {
		t.Fatal(err)
	}
	if len(c) != len(pcm) {
		t.Errorf("decodes to %d samples; encoded %d", len(c), len(pcm))
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := EncodeMP3(pcm); !errors.Is(err, ErrNoLame) {
		t.Errorf("without lame: %v; want ErrNoLame", err)
	}
}

func TestWriteManifest(t *testing.T) {
	dir := t.TempDir()
	m := Manifest{Voice: "test", Rate: script.Rate, Clips: []ManifestClip{{Text: "A <b> & c", File: "a.wav", Samples: 3}}}
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
}

func TestVoices(t *testing.T) {
	mine := NewChime([]string{"Reach up."})
	wav := wavBytes(script.Rate, 1, false, make([]float64, 1000))
	fsys := packFS(t, "wav", map[string][]byte{"Reach up.": wav, "Stand tall.": wav})
	builtin, err := OpenPack(fsys, "voice")
	if err != nil {
		t.Fatal(err)
	}
	var nilPack *Pack
	v := Stack(nilPack, mine, builtin, nil)
	if n, ok := v.Length("Reach up."); !ok || n != ChimeLength {
		t.Errorf("Length(Reach up.) = %d, %v; want the first source's, %d", n, ok, ChimeLength)
	}
	if n, ok := v.Length("Stand tall."); !ok || n != 1000 {
		t.Errorf("Length(Stand tall.) = %d, %v; want the pack's, 1000", n, ok)
	}
	if c, err := v.Clip("Stand tall."); err != nil || len(c) != 1000 {
		t.Errorf("Clip(Stand tall.) = %d samples, %v", len(c), err)
	}
	if _, err := v.Clip("Sit."); err == nil {
		t.Error("Clip(Sit.): no error")
	}
	if got := v.Missing([]string{"Sit.", "Reach up.", "Lie down.", "Sit."}); len(got) != 2 || got[0] != "Lie down." || got[1] != "Sit." {
		t.Errorf("Missing = %q; want [Lie down. Sit.]", got)
	}
}
