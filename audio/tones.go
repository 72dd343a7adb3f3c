package audio

import (
	"math"

	"github.com/stretchguide/guide/script"
)

// The tones are synthesised in code, so they are exact in length and need
// no files. Each is made once per length and cached by the session.
//
// The breath tones are told apart by the direction of their pitch: the
// inhale glides up a fifth and swells, the exhale glides down a fifth and
// fades, like the breath itself. Bells are struck, inharmonic and decaying,
// so they never sound like a breath.

// Peak levels before the tones volume is applied. Speech clips peak near
// -3 dBFS; tones sit well under them.
const (
	breathPeak = 0.22
	bellPeak   = 0.30
)

// edge is the fade at both ends of every tone, so nothing starts or stops
// with a click.
const edge = 0.030 // seconds

// Tone synthesises sound s lasting n samples, mono, at script.Rate. It
// returns nil for sounds that are not tones.
func Tone(s script.Sound, n int) []float32 {
	if n <= 0 {
		return nil
	}
	out := make([]float32, n)
	switch s {
	case script.Inhale:
		glide(out, 196, 293.66, true)
	case script.Exhale:
		glide(out, 293.66, 196, false)
	case script.Bell:
		strike(out, 0, 392, 1.4, bellPeak)
	case script.Switch:
		// Two quick, light notes going up: "and now the other side".
		strike(out, 0, 659.25, 0.35, bellPeak*0.6)
		strike(out, script.Samples(180e6), 880, 0.45, bellPeak*0.6)
	case script.Close:
		// Three slow strikes of a deep bowl, each softer.
		strike(out, 0, 261.63, 1.8, bellPeak)
		strike(out, 2*script.Rate, 261.63, 1.8, bellPeak*0.7)
		strike(out, 4*script.Rate, 261.63, 1.8, bellPeak*0.5)
	default:
		return nil
	}
	fadeEdges(out)
	return out
}

// glide writes a soft tone whose pitch moves exponentially from f0 to f1
// over the whole buffer. Rising tones swell toward their end; falling ones
// start full and ebb away.
func glide(out []float32, f0, f1 float64, rising bool) {
	n := len(out)
	T := float64(n) / script.Rate
	k := math.Log(f1/f0) / T // f(t) = f0 * e^(k t)
	attack := min(0.6, T/3)
	for i := range out {
		t := float64(i) / script.Rate
		var phase float64
		if k == 0 {
			phase = 2 * math.Pi * f0 * t
		} else {
			phase = 2 * math.Pi * f0 * (math.Exp(k*t) - 1) / k
		}
		x := t / T
		var amp float64
		if rising {
			amp = 0.55 + 0.45*x // swells as the lungs fill
		} else {
			amp = 1 - 0.55*x // ebbs as they empty
		}
		amp *= smooth(t/attack) * smooth((T-t)/attack)
		// A warm tone: the fundamental with a soft octave and twelfth.
		v := math.Sin(phase) + 0.25*math.Sin(2*phase) + 0.08*math.Sin(3*phase)
		out[i] = float32(breathPeak / 1.33 * amp * v)
	}
}

// bowl holds the partials of a struck singing bowl as ratios to the
// fundamental, with their relative levels and decay factors.
var bowl = []struct{ ratio, level, decay float64 }{
	{1, 1, 1},
	{2.71, 0.45, 1.6},
	{5.13, 0.22, 2.4},
	{8.27, 0.10, 3.5},
}

// strike adds a bowl struck at sample at with fundamental f and decay time
// tau (seconds), peaking at peak.
func strike(out []float32, at int, f, tau, peak float64) {
	var sum float64
	for _, p := range bowl {
		sum += p.level
	}
	for i := at; i < len(out); i++ {
		t := float64(i-at) / script.Rate
		var v float64
		for _, p := range bowl {
			v += p.level * math.Exp(-t*p.decay/tau) * math.Sin(2*math.Pi*f*p.ratio*t)
		}
		// A 4 ms attack: a soft mallet, not a click.
		out[i] += float32(peak / sum * smooth(t/0.004) * v)
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
