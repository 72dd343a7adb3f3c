package audio

import (
	"fmt"
	"math"
	"strings"

	"github.com/stretchguide/guide/script"
)

// The tones are synthesised in code, so they are exact in length and need
// no files. Each is made once per length and kept by the session.
//
// The breath tones are told apart by the direction of their pitch: the
// inhale glides up a fifth and swells, the exhale glides down a fifth and
// fades, like the breath itself. Bells are struck and decaying, so they
// never sound like a breath: one strike for a new stretch, two quick rising
// notes for "change sides", three slow deep strikes to close.

// Style is a set of tones: how the breath tones and the bells sound.
type Style string

// The tone sets.
const (
	// Bowl is warm breath tones (a fundamental with a soft octave and
	// twelfth) and struck singing bowls with inharmonic partials.
	Bowl Style = "bowl"
	// Soft is pure sine breath tones with a slower swell and gentle,
	// harmonic bells: for bedtime, or ears that find the bowl too bright.
	Soft Style = "soft"
)

// Styles lists the tone sets, for messages and validation.
var Styles = []Style{Bowl, Soft}

// ParseStyle returns the style called name, or an error naming the valid
// ones.
func ParseStyle(name string) (Style, error) {
	for _, s := range Styles {
		if string(s) == name {
			return s, nil
		}
	}
	names := make([]string, len(Styles))
	for i, s := range Styles {
		names[i] = string(s)
	}
	return "", fmt.Errorf("no tone style %q; want %s", name, strings.Join(names, " or "))
}

// Peak levels before the tones volume is applied. Speech clips peak near
// -3 dBFS; tones sit well under them.
const (
	breathPeak = 0.22
	bellPeak   = 0.30
)

// edge is the fade at both ends of every tone, so nothing starts or stops
// with a click.
const edge = 0.030 // seconds

// Tone synthesises sound s lasting n samples, mono, at script.Rate, in the
// Bowl style. It returns nil for sounds that are not tones.
func Tone(s script.Sound, n int) []float32 { return Bowl.Tone(s, n) }

// Tone synthesises sound s lasting n samples, mono, at script.Rate, in
// style st (an unknown style is Bowl). It returns nil for sounds that are
// not tones.
func (st Style) Tone(s script.Sound, n int) []float32 {
	if n <= 0 || !isTone(s) {
		return nil
	}
	out := make([]float32, n)
	ms := func(d float64) int { return int(d * script.Rate / 1000) }
	if st == Soft {
		switch s {
		case script.Inhale:
			glide(out, 220, 329.63, true, 0.9, []float64{1})
		case script.Exhale:
			glide(out, 329.63, 220, false, 0.9, []float64{1})
		case script.Bell:
			strike(out, 0, 523.25, 1.6, bellPeak*0.8, 0.015, chime)
		case script.Switch:
			strike(out, 0, 659.25, 0.45, bellPeak*0.5, 0.010, chime)
			strike(out, ms(200), 783.99, 0.55, bellPeak*0.5, 0.010, chime)
		case script.Close:
			strike(out, 0, 392, 2.0, bellPeak*0.8, 0.015, chime)
			strike(out, 2*script.Rate, 392, 2.0, bellPeak*0.6, 0.015, chime)
			strike(out, 4*script.Rate, 392, 2.0, bellPeak*0.45, 0.015, chime)
		case script.SoftBell:
			strike(out, 0, 329.63, 2.2, bellPeak*0.5, 0.030, chime)
		}
	} else {
		switch s {
		case script.Inhale:
			glide(out, 196, 293.66, true, 0.6, []float64{1, 0.25, 0.08})
		case script.Exhale:
			glide(out, 293.66, 196, false, 0.6, []float64{1, 0.25, 0.08})
		case script.Bell:
			strike(out, 0, 392, 1.4, bellPeak, 0.004, bowl)
		case script.Switch:
			// Two quick, light notes going up: "and now the other side".
			strike(out, 0, 659.25, 0.35, bellPeak*0.6, 0.004, bowl)
			strike(out, ms(180), 880, 0.45, bellPeak*0.6, 0.004, bowl)
		case script.Close:
			// Three slow strikes of a deep bowl, each softer.
			strike(out, 0, 261.63, 1.8, bellPeak, 0.004, bowl)
			strike(out, 2*script.Rate, 261.63, 1.8, bellPeak*0.7, 0.004, bowl)
			strike(out, 4*script.Rate, 261.63, 1.8, bellPeak*0.5, 0.004, bowl)
		case script.SoftBell:
			// One small bowl touched with a felt mallet.
			strike(out, 0, 329.63, 2.0, bellPeak*0.55, 0.025, bowl)
		}
	}
	fadeEdges(out)
	return out
}

// isTone reports whether s is a synthesised sound.
func isTone(s script.Sound) bool {
	switch s {
	case script.Inhale, script.Exhale, script.Bell, script.Switch, script.Close, script.SoftBell:
		return true
	}
	return false
}

// isBreath reports whether s is a breath tone.
func isBreath(s script.Sound) bool { return s == script.Inhale || s == script.Exhale }

// glide writes a soft tone whose pitch moves exponentially from f0 to f1
// over the whole buffer, with the given harmonics (levels of partials 1, 2,
// 3, ...). Rising tones swell toward their end; falling ones start full and
// ebb away. attack is the longest swell in and out, in seconds.
func glide(out []float32, f0, f1 float64, rising bool, attack float64, harmonics []float64) {
	n := len(out)
	T := float64(n) / script.Rate
	k := math.Log(f1/f0) / T // f(t) = f0 * e^(k t)
	attack = min(attack, T/3)
	var norm float64
	for _, h := range harmonics {
		norm += h
	}
	// A warm tone peaks lower than the sum of its partials: 1.33 for the
	// bowl's 1, 0.25, 0.08.
	norm = min(norm, 1.33)
	h2, h3 := 0.0, 0.0
	if len(harmonics) > 1 {
		h2 = harmonics[1]
	}
	if len(harmonics) > 2 {
		h3 = harmonics[2]
	}
	// The exact phase and envelope at every glideBlock-th sample; between
	// them the phase turns by a step that grows as the pitch does (a
	// rotation whose angle is itself turned; exact to 1e-9 of a radian)
	// and the envelope moves in a straight line (to 1e-6): several times
	// as fast as a sine and an exponential for every sample.
	phaseAt := func(i int) float64 {
		t := float64(i) / script.Rate
		if k == 0 {
			return 2 * math.Pi * f0 * t
		}
		return 2 * math.Pi * f0 * math.Expm1(k*t) / k
	}
	// The phase from sample i to i+1 is 2 pi f0 e^(k i/rate) (e^(k/rate) - 1) / k:
	// each step is e^(k/rate) times the one before.
	grow, step1 := math.Expm1(k/script.Rate), 2*math.Pi*f0/script.Rate
	if k != 0 {
		step1 = 2 * math.Pi * f0 * grow / k
	}
	stepAt := func(i int) float64 { return step1 * math.Exp(k*float64(i)/script.Rate) }
	ampAt := func(i int) float64 {
		t := float64(i) / script.Rate
		x := t / T
		var amp float64
		if rising {
			amp = 0.55 + 0.45*x // swells as the lungs fill
		} else {
			amp = 1 - 0.55*x // ebbs as they empty
		}
		return amp * smooth(t/attack) * smooth((T-t)/attack) * breathPeak / norm
	}
	a0 := ampAt(0)
	for b := 0; b < n; b += glideBlock {
		e := min(b+glideBlock, n)
		s, c := math.Sincos(phaseAt(b))
		step := stepAt(b)
		rs, rc := math.Sincos(step)
		qs, qc := math.Sincos(step * grow) // turns the step
		// The envelope as the parabola through its values at b, the
		// middle and e, by forward differences.
		m := float64(e-b) / 2
		mid := b + (e-b)/2
		am, a1 := ampAt(mid), ampAt(e)
		if (e-b)%2 != 0 {
			am = (am + ampAt(mid+1)) / 2 // near enough at a ragged end
		}
		cq := (a1 - 2*am + a0) / (2 * m * m)
		amp, da, dda := a0, (a1-a0)/(2*m)-cq*2*m+cq, 2*cq
		for i := b; i < e; i++ {
			// sin 2p = 2 sin p cos p; sin 3p = 3 sin p - 4 sin^3 p.
			v := s + h2*2*s*c + h3*(3*s-4*s*s*s)
			out[i] = float32(amp * v)
			s, c = s*rc+c*rs, c*rc-s*rs
			rs, rc = rs*qc+rc*qs, rc*qc-rs*qs
			amp, da = amp+da, da+dda
		}
		a0 = a1
	}
}

// glideBlock is how many samples of a glide follow from its exact phase
// and envelope at the first.
const glideBlock = 64

// partial is one partial of a struck sound: its frequency as a ratio to the
// fundamental, its level and how much faster than the fundamental it decays.
type partial struct{ ratio, level, decay float64 }

// bowl holds the partials of a struck singing bowl.
var bowl = []partial{
	{1, 1, 1},
	{2.71, 0.45, 1.6},
	{5.13, 0.22, 2.4},
	{8.27, 0.10, 3.5},
}

// chime holds the partials of a soft, nearly harmonic chime.
var chime = []partial{
	{1, 1, 1},
	{2, 0.18, 1.8},
	{3, 0.05, 2.6},
}

// strike adds a bell struck at sample at with fundamental f, decay time tau
// (seconds) and the given partials, peaking near peak, with a mallet attack
// of the given length (seconds).
func strike(out []float32, at int, f, tau, peak, mallet float64, partials []partial) {
	if at >= len(out) {
		return
	}
	var sum float64
	for _, p := range partials {
		sum += p.level
	}
	// Each partial is a damped rotation: exact and free of per-sample sin
	// and exp calls.
	type osc struct{ re, im, cr, ci float64 }
	oscs := make([]osc, 0, len(partials))
	for _, p := range partials {
		w := 2 * math.Pi * f * p.ratio / script.Rate
		if w >= math.Pi {
			continue // above Nyquist
		}
		r := math.Exp(-p.decay / tau / script.Rate)
		oscs = append(oscs, osc{re: p.level * peak / sum, cr: r * math.Cos(w), ci: r * math.Sin(w)})
	}
	attack := int(mallet * script.Rate)
	for i := at; i < len(out); i++ {
		var v float64
		for j := range oscs {
			o := &oscs[j]
			// The sine part of a decaying phasor that starts at angle 0.
			v += o.im
			o.re, o.im = o.re*o.cr-o.im*o.ci, o.re*o.ci+o.im*o.cr
		}
		if d := i - at; d < attack {
			v *= smooth(float64(d) / float64(attack))
		}
		out[i] += float32(v)
	}
}

// smooth is a raised-cosine ramp: 0 at x <= 0, 1 at x >= 1.
func smooth(x float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	return 0.5 - 0.5*math.Cos(math.Pi*x)
}

// fadeEdges fades the first and last few milliseconds to silence.
func fadeEdges(out []float32) {
	m := min(int(edge*script.Rate), len(out)/2)
	for i := range m {
		g := float32(smooth(float64(i) / float64(m)))
		out[i] *= g
		out[len(out)-1-i] *= g
	}
}
