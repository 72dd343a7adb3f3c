package audio

import (
	"math"
	"testing"

	"github.com/stretchguide/guide/internal/streamtest"
	"github.com/stretchguide/guide/script"
)

// speechBand filters x (mono, script.Rate) to the band the words need:
// 300 Hz to 4 kHz, two second-order Butterworth sections.
func speechBand(x []float32) []float64 {
	hp, lp := butterworth(300, true), butterworth(4000, false)
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = lp.step(hp.step(float64(v)))
	}
	return out
}

// section is a biquad (RBJ's cookbook), direct form I.
type section struct{ b0, b1, b2, a1, a2, x1, x2, y1, y2 float64 }

func butterworth(f float64, high bool) *section {
	w := 2 * math.Pi * f / script.Rate
	cw, alpha := math.Cos(w), math.Sin(w)/math.Sqrt2
	a0 := 1 + alpha
	s := &section{a1: -2 * cw / a0, a2: (1 - alpha) / a0}
	if high {
		s.b0, s.b1, s.b2 = (1+cw)/2/a0, -(1+cw)/a0, (1+cw)/2/a0
	} else {
		s.b0, s.b1, s.b2 = (1-cw)/2/a0, (1-cw)/a0, (1-cw)/2/a0
	}
	return s
}

func (s *section) step(x float64) float64 {
	y := s.b0*x + s.b1*s.x1 + s.b2*s.x2 - s.a1*s.y1 - s.a2*s.y2
	s.x2, s.x1, s.y2, s.y1 = s.x1, x, s.y1, y
	return y
}

func energy(x []float64, from, to int) float64 {
	var e float64
	for _, v := range x[from:to] {
		e += v * v
	}
	return e
}

// TestTheVoiceIsOnTopOfTheBreathTones is the mix a listener with eyes
// closed needs: in every built-in routine, while a cue is said over a
// breath tone or a bell, the voice has the speech band to itself, and
// between the cues the breath tones play in full.
//
// The voice and the tones are rendered apart (the mix without
// normalisation is their sum, sample for sample), filtered to 300 Hz -
// 4 kHz and compared over each cue. With the tones ducked by 10 dB (the
// mix before this test) the worst cue of morning had the voice only 12.8 dB
// over the tones, and 32.8 dB at voice.duck's 30 dB maximum: pocketsphinx
// (tools/mixcheck) misheard such cues, and hears them as it does the voice
// alone from about 40 dB.
func TestTheVoiceIsOnTopOfTheBreathTones(t *testing.T) {
	const minRatio = 40.0 // dB, voice over tones in the speech band, per cue
	for _, name := range []string{"morning", "bedtime"} {
		tl, p := builtinSession(t, name)
		pack := &cachedClips{Clips: p, clips: map[string][]int16{}}
		mix := DefaultMix()
		mix.Loudness = 0 // linear: the mix is the voice plus the tones
		render := func(lv Levels) []float32 {
			s := NewSession(tl, pack, lv, mix)
			out := make([]float32, s.Len())
			if n, _ := s.StreamMono(out); n != len(out) || s.Err() != nil {
				t.Fatalf("%s: streamed %d of %d samples: %v", name, n, len(out), s.Err())
			}
			return out
		}
		full, voice := render(Levels{Voice: 1, Tones: 0.6}), render(Levels{Voice: 1, Tones: 0})
		alone := render(Levels{Voice: 0, Tones: 0.6}) // the tones, ducked under nothing
		tones := make([]float32, len(full))
		for i := range full {
			tones[i] = full[i] - voice[i]
		}

		worst, worstText, cues := math.Inf(1), "", 0
		for _, e := range tl.Events {
			if e.Sound != script.Speech {
				continue
			}
			over := false
			for _, o := range tl.Events {
				if isTone(o.Sound) && o.Start < e.End() && e.Start < o.End() {
					over = true
				}
			}
			if !over {
				continue
			}
			cues++
			// The filters settle over the 50 ms before the cue.
			from, end := max(0, e.Start-script.Rate/20), min(e.End(), len(voice))
			vb, tb := speechBand(voice[from:end]), speechBand(tones[from:end])
			skip := e.Start - from
			r := 10 * math.Log10(energy(vb, skip, len(vb))/max(energy(tb, skip, len(tb)), 1e-30))
			if r < worst {
				worst, worstText = r, e.Text
			}
		}
		if cues < 10 {
			t.Fatalf("%s: only %d cues over a tone; the test needs a routine with breath tones", name, cues)
		}
		t.Logf("%s: %d cues over a tone; the worst, %q, has the voice %.1f dB over the tones", name, cues, worstText, worst)
		if worst < minRatio {
			t.Errorf("%s: %q: the voice is %.1f dB over the tones in the speech band; want at least %.0f dB", name, worstText, worst, minRatio)
		}

		// Between the cues the breath tones are what they would be with
		// no voice at all, for a good part of every breath.
		for _, e := range tl.Events {
			if !isBreath(e.Sound) {
				continue
			}
			same := 0
			for i := e.Start; i < min(e.End(), len(tones)); i++ {
				if alone[i] != 0 && math.Abs(float64(tones[i]-alone[i])) < 1e-6 {
					same++
				}
			}
			if want := min(e.Length/4, script.Rate); same < want {
				t.Errorf("%s: the %s at %s sounds in full for %.2f s; want at least %.2f s", name, e.Sound,
					script.Clock(e.Start), float64(same)/script.Rate, float64(want)/script.Rate)
			}
		}
	}
}

// cachedClips decodes each clip once for all the renders of a test.
type cachedClips struct {
	Clips
	clips map[string][]int16
}

func (c *cachedClips) Clip(text string) ([]int16, error) {
	if pcm, ok := c.clips[text]; ok {
		return pcm, nil
	}
	pcm, err := c.Clips.Clip(text)
	c.clips[text] = pcm
	return pcm, err
}

func TestTonesMakeWayAndAmbienceDucksUnderTheVoice(t *testing.T) {
	brown, _ := NoiseAmbience(BrownNoise, 1)
	words := script.Event{Start: 5 * script.Rate, Length: 2 * script.Rate, Sound: script.Speech, Text: "x"}
	level := func(x [][2]float64, from, to float64) float64 {
		var s float64
		for _, v := range x[int(from*script.Rate):int(to*script.Rate)] {
			s += v[0] * v[0]
		}
		return math.Sqrt(s / ((to - from) * script.Rate))
	}
	db := func(a, b float64) float64 { return 20 * math.Log10(max(a, 1e-12)/b) }
	for _, tt := range []struct {
		name  string
		tone  bool
		under float64 // dB under the words; -200 for silent
	}{
		{"ambience", false, -10},
		{"tones", true, -200},
	} {
		tl := &script.Timeline{Length: 12 * script.Rate, Events: []script.Event{words}}
		plainMix, mix := Mix{}, Mix{Duck: 10}
		if tt.tone {
			tl.Events = []script.Event{{Start: 0, Length: 12 * script.Rate, Sound: script.Inhale}, words}
		} else {
			plainMix.Ambience, mix.Ambience = brown, brown
		}
		plain := streamtest.Drain(t, NewSession(tl, silentClips{}, Levels{Voice: 1, Tones: 1}, plainMix))
		ducked := streamtest.Drain(t, NewSession(tl, silentClips{}, Levels{Voice: 1, Tones: 1}, mix))
		// Fully down while the words are said, and already as they begin.
		d := db(level(ducked, 5, 7), level(plain, 5, 7))
		if tt.under < -100 && d > -100 || tt.under > -100 && math.Abs(d-tt.under) > 0.1 {
			t.Errorf("%s under the voice: %.2f dB, want %.0f", tt.name, d, tt.under)
		}
		if d := db(level(ducked, 4, 4.85), level(plain, 4, 4.85)); math.Abs(d) > 0.01 {
			t.Errorf("%s a second before the words: %.2f dB, want 0", tt.name, d)
		}
		if d := db(level(ducked, 7.5, 11), level(plain, 7.5, 11)); math.Abs(d) > 0.01 {
			t.Errorf("%s after the words: %.2f dB, want 0 (back up)", tt.name, d)
		}
		// Smoothly: the gain moves a little each sample (where the
		// sound is loud enough to tell).
		floor := math.Pow(10, max(tt.under, -40)/20)
		for i := 4 * script.Rate; i < 8*script.Rate; i++ {
			if math.Abs(plain[i][0]) < 0.01 || math.Abs(plain[i-1][0]) < 0.01 {
				continue
			}
			g := ducked[i][0] / plain[i][0]
			if g < floor-1e-3 && tt.under > -100 || g < -1e-6 || g > 1+1e-6 {
				t.Fatalf("%s sample %d: gain %.4f outside %.0f to 0 dB", tt.name, i, g, tt.under)
			}
			if d := math.Abs(g - ducked[i-1][0]/plain[i-1][0]); d > 0.001 {
				t.Fatalf("%s sample %d: the gain steps by %.4f", tt.name, i, d)
			}
		}
	}
	// No dip asked for: nothing dips.
	tl := &script.Timeline{Length: 12 * script.Rate, Events: []script.Event{{Start: 0, Length: 12 * script.Rate, Sound: script.Inhale}, words}}
	plain := streamtest.Drain(t, NewSession(tl, silentClips{}, Levels{Voice: 1, Tones: 1}, Mix{}))
	none := streamtest.Drain(t, NewSession(tl, silentClips{}, Levels{Voice: 1, Tones: 1}, Mix{Duck: 0, Style: Bowl}))
	if d := db(level(none, 5, 7), level(plain, 5, 7)); math.Abs(d) > 0.01 {
		t.Errorf("tones under the voice with Duck 0: %.2f dB, want 0", d)
	}
}
