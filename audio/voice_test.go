package audio

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/internal/testclip"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/script"
)

// testPack is a voice pack in memory whose phrases are each a WAV clip of
// the given samples; with profiles, its manifest keeps each clip's.
func testPack(t *testing.T, clips map[string][]float64, profiles bool) *voicepack.Pack {
	t.Helper()
	fsys := fstest.MapFS{}
	m := voicepack.Manifest{Voice: "test", Rate: script.Rate}
	for _, text := range slices.Sorted(func(yield func(string) bool) {
		for k := range clips {
			if !yield(k) {
				return
			}
		}
	}) {
		file := voicepack.ClipStem(text) + ".wav"
		data := testclip.WAV(script.Rate, 1, false, clips[text])
		fsys["voice/"+file] = &fstest.MapFile{Data: data}
		mc := voicepack.ManifestClip{Text: text, File: file, Samples: len(clips[text])}
		if profiles {
			pcm, err := voicepack.Decode(file, data)
			if err != nil {
				t.Fatal(err)
			}
			mc.Profile = voicepack.EncodeProfile(dsp.Profile(pcm))
		}
		m.Clips = append(m.Clips, mc)
	}
	j, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	fsys["voice/manifest.json"] = &fstest.MapFile{Data: j}
	p, err := voicepack.Open(fsys, "voice")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestVoices(t *testing.T) {
	mine := NewChime([]string{"Reach up."})
	tone := make([]float64, 1000)
	for i := range tone {
		tone[i] = 0.3 * math.Sin(float64(i)*0.1)
	}
	builtin := testPack(t, map[string][]float64{"Reach up.": tone, "Stand tall.": tone}, true)
	v := Stack(mine, builtin)
	if n, ok := v.Length("Reach up."); !ok || n != ChimeLength {
		t.Errorf("Length(Reach up.) = %d, %v; want the first source's, %d", n, ok, ChimeLength)
	}
	if n, ok := v.Length("Stand tall."); !ok || n != 1000 {
		t.Errorf("Length(Stand tall.) = %d, %v; want the pack's, 1000", n, ok)
	}
	if c, err := v.Clip("Stand tall."); err != nil || len(c) != 1000 {
		t.Errorf("Clip(Stand tall.) = %d samples, %v", len(c), err)
	}
	if c, err := v.Clip("Reach up."); err != nil || len(c) != ChimeLength {
		t.Errorf("Clip(Reach up.) = %d samples, %v; want the chime", len(c), err)
	}
	if _, err := v.Clip("Sit."); err == nil || err.Error() != `no voice says "Sit."` {
		t.Errorf("Clip(Sit.): %v; want no voice says it", err)
	}
	if got := v.Missing([]string{"Sit.", "Reach up.", "Lie down.", "Sit."}); len(got) != 2 || got[0] != "Lie down." || got[1] != "Sit." {
		t.Errorf("Missing = %q; want [Lie down. Sit.]", got)
	}
	// Profiles come from the source that says the phrase.
	if p, ok := v.Profile("Stand tall."); !ok || len(p) != dsp.ProfileLen(1000) {
		t.Errorf("Profile(Stand tall.) = %d values, %v; want the pack's", len(p), ok)
	}
	if p, ok := v.Profile("Reach up."); !ok || len(p) != dsp.ProfileLen(ChimeLength) {
		t.Errorf("Profile(Reach up.) = %d values, %v; want the chime's", len(p), ok)
	}
	if _, ok := v.Profile("Sit."); ok {
		t.Error("Profile(Sit.) = true; no source says it")
	}
	// A source that says a phrase without knowing its profile hides a
	// later one's: the profile must be of the clip that plays.
	noProfiles := testPack(t, map[string][]float64{"Reach up.": tone}, false)
	if _, ok := Stack(noProfiles, mine).Profile("Reach up."); ok {
		t.Error("Profile(Reach up.) came from the chime, which does not say it here")
	}
	if n, _ := Stack(noProfiles, mine).Length("Reach up."); n != 1000 {
		t.Errorf("Length(Reach up.) = %d; want the first source's, 1000", n)
	}
}

func TestChime(t *testing.T) {
	c := NewChime([]string{"A.", "B."})
	a, err := c.Clip("A.")
	if err != nil || len(a) != ChimeLength {
		t.Fatalf("Clip(A.) = %d samples, %v; want %d", len(a), err, ChimeLength)
	}
	if _, err := c.Clip("C."); err == nil {
		t.Error("Clip(C.): no error")
	}
	if _, ok := c.Length("C."); ok {
		t.Error("Length(C.) = true")
	}
	if _, ok := c.Profile("C."); ok {
		t.Error("Profile(C.) = true")
	}
	// Soft, and silent at both ends.
	peak := dsp.Peak(a)
	if peak < 3000 || peak > 16384 || math.Abs(float64(a[0])) > 100 || a[len(a)-1] != 0 {
		t.Errorf("the chime peaks at %d and runs from %d to %d; want a soft sound from and to silence", peak, a[0], a[len(a)-1])
	}
	// Its profile is the clip's, near enough that the plan holds (it is
	// measured before the clip is rounded to 16 bits).
	p, ok := c.Profile("B.")
	want := dsp.Profile(a)
	if !ok || len(p) != len(want) {
		t.Fatalf("Profile(B.) = %d values, %v; want %d", len(p), ok, len(want))
	}
	var sp, sw float64
	for i := range p {
		sp += float64(p[i])
		sw += float64(want[i])
	}
	if d := 10 * math.Log10(sp/sw); math.Abs(d) > 0.01 {
		t.Errorf("the chime's profile is %.4f dB off its clip's", d)
	}
}
