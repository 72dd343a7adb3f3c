package audio

import (
	"fmt"
	"math"
	"slices"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/script"
)

// Source is something that says phrases: a voice pack, text-to-speech, the
// chime.
type Source interface {
	script.Voice
	Clips
}

// Voices says each phrase with the first of its sources that has it: your
// own pack, then the built-in pack, then text-to-speech or the chime. It is
// the script.Voice the compiler asks for lengths and the Clips the session
// plays, so both always agree on which clip says a phrase.
type Voices struct {
	sources []Source
}

var _ Source = (*Voices)(nil)

// Stack returns the voice that asks each of sources in turn.
func Stack(sources ...Source) *Voices {
	return &Voices{sources: slices.Clone(sources)}
}

// Length returns the length of the clip the first source that has text
// says it with. It implements script.Voice.
func (v *Voices) Length(text string) (int, bool) {
	for _, s := range v.sources {
		if n, ok := s.Length(text); ok {
			return n, true
		}
	}
	return 0, false
}

// Clip decodes the clip the first source that has text says it with.
func (v *Voices) Clip(text string) ([]int16, error) {
	for _, s := range v.sources {
		if _, ok := s.Length(text); ok {
			return s.Clip(text)
		}
	}
	return nil, fmt.Errorf("no voice says %q", text)
}

// Profile returns the loudness profile of the clip the first source that
// has text says it with, when that source knows it without decoding.
func (v *Voices) Profile(text string) ([]float32, bool) {
	for _, s := range v.sources {
		if _, ok := s.Length(text); ok {
			return s.Profile(text)
		}
	}
	return nil, false
}

// Chimed reports whether the chime stands in for text: the first source
// that has it is a Chime.
func (v *Voices) Chimed(text string) bool {
	for _, s := range v.sources {
		if _, ok := s.Length(text); ok {
			_, chime := s.(*Chime)
			return chime
		}
	}
	return false
}

// Missing returns the phrases of texts that no source says, sorted, each
// once.
func (v *Voices) Missing(texts []string) []string {
	var m []string
	for _, t := range texts {
		if _, ok := v.Length(t); !ok {
			m = append(m, t)
		}
	}
	slices.Sort(m)
	return slices.Compact(m)
}

// Chime is a Source that says every phrase of a list with the same short,
// neutral chime: for phrases nothing else can say, so the session keeps
// its shape and tells you something was meant to be said.
type Chime struct {
	phrases map[string]bool
	clip    []int16
	profile []float32
}

// ChimeLength is the chime's length: 0.6 s.
const ChimeLength = script.Rate * 6 / 10

// NewChime returns the chime for phrases.
func NewChime(phrases []string) *Chime {
	x := missingChime()
	c := &Chime{phrases: map[string]bool{}, clip: make([]int16, len(x)), profile: dsp.ProfileFloat(x)}
	for i, v := range x {
		c.clip[i] = dsp.ToInt16(v)
	}
	for _, p := range phrases {
		c.phrases[p] = true
	}
	return c
}

// Length returns ChimeLength for the chime's phrases.
func (c *Chime) Length(text string) (int, bool) {
	if !c.phrases[text] {
		return 0, false
	}
	return len(c.clip), true
}

// Clip returns the chime for the chime's phrases.
func (c *Chime) Clip(text string) ([]int16, error) {
	if !c.phrases[text] {
		return nil, fmt.Errorf("the chime does not stand for %q", text)
	}
	return c.clip, nil
}

// Profile returns the chime's loudness profile for the chime's phrases.
func (c *Chime) Profile(text string) ([]float32, bool) {
	if !c.phrases[text] {
		return nil, false
	}
	return c.profile, true
}

// missingChime synthesises a soft two-partial tone at the voice's level: one
// gentle struck note (A5 with a quiet octave and twelfth), nothing like the
// breath glides, the bowl or the change-sides pair.
func missingChime() []float32 {
	c := make([]float32, ChimeLength)
	const f = 880.0
	partials := []struct{ ratio, level, tau float64 }{{1, 1, 0.18}, {2, 0.25, 0.09}, {3, 0.08, 0.05}}
	attack := script.Rate * 5 / 1000
	for i := range c {
		t := float64(i) / script.Rate
		var v float64
		for _, p := range partials {
			v += p.level * math.Exp(-t/p.tau) * math.Sin(2*math.Pi*f*p.ratio*t)
		}
		if i < attack {
			v *= 0.5 - 0.5*math.Cos(math.Pi*float64(i)/float64(attack))
		}
		c[i] = float32(0.25 * v)
	}
	fadeOut := script.Rate * 20 / 1000
	for i := range fadeOut {
		x := float64(i) / float64(fadeOut)
		c[len(c)-fadeOut+i] *= float32(0.5 + 0.5*math.Cos(math.Pi*x))
	}
	return c
}
