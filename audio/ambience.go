package audio

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/script"
)

// Ambience is a loop of background sound that plays under a whole session:
// synthesised brown or pink noise, or a recording. It is held as 16-bit
// samples, loops seamlessly (its end is cross-faded into its start), and
// is a function of the session's position, so seeking and rendering give
// the same sound. Every ambience is set to the same loudness, well under
// the voice; it fades in over the first seconds and out over the last, and
// ducks with the tones while the voice speaks.
type Ambience struct {
	name  string
	loop  []int16
	scale float32   // loop[i]*scale is the sample at full level
	cum   []float64 // K-weighted energy of the loop at full level up to each chunk
}

const (
	// ambienceLoudness is the loudness of every ambience at full level, in
	// LUFS (mono): about 20 LU under the voice pack.
	ambienceLoudness = -40.0
	// noiseLoop and noiseFade are the length of a synthesised loop and of
	// the cross-fade that joins its end to its start.
	noiseLoop = 20 * time.Second
	noiseFade = 2 * time.Second
	// MaxAmbience is the longest ambience file: longer loops cost more
	// memory than they add.
	MaxAmbience = 90 * time.Second
	// ambienceFadeIn and ambienceFadeOut shape the start and end of the
	// session's ambience.
	ambienceFadeIn  = 3 * time.Second
	ambienceFadeOut = 3 * time.Second
)

// The synthesised ambiences.
const (
	BrownNoise = "brown" // deep, like distant surf or wind
	PinkNoise  = "pink"  // softer than white, like steady rain
)

// NoiseAmbience returns synthesised noise of the given colour (BrownNoise
// or PinkNoise), the same for the same seed.
func NoiseAmbience(color string, seed uint64) (*Ambience, error) {
	var next func(w float64) float64
	switch color {
	case BrownNoise:
		var b, hp, prev float64
		next = func(w float64) float64 {
			b = 0.995*b + 0.05*w // integrated white: -6 dB per octave above 35 Hz
			// A one-pole high-pass at about 20 Hz keeps the drift out.
			hp = 0.997 * (hp + b - prev)
			prev = b
			return hp
		}
	case PinkNoise:
		var b0, b1, b2, b3, b4, b5, b6 float64
		next = func(w float64) float64 { // Paul Kellet's refined pink filter
			b0 = 0.99886*b0 + w*0.0555179
			b1 = 0.99332*b1 + w*0.0750759
			b2 = 0.96900*b2 + w*0.1538520
			b3 = 0.86650*b3 + w*0.3104856
			b4 = 0.55000*b4 + w*0.5329522
			b5 = -0.7616*b5 - w*0.0168980
			p := b0 + b1 + b2 + b3 + b4 + b5 + b6 + w*0.5362
			b6 = w * 0.115926
			return p
		}
	default:
		return nil, fmt.Errorf("no ambience %q; want %s, %s or the path of a FLAC, MP3 or WAV loop", color, BrownNoise, PinkNoise)
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	white := func() float64 { return rng.Float64()*2 - 1 }
	for range SampleRate { // settle the filters
		next(white())
	}
	n, x := SampleRate.N(noiseLoop), SampleRate.N(noiseFade)
	raw := make([]float32, n+x)
	for i := range raw {
		raw[i] = float32(next(white()))
	}
	return newAmbience(color+" noise", crossLoop(raw, x))
}

// FileAmbience returns the recording in data (FLAC, MP3 or WAV, as
// voicepack.Decode reads them) as a loop. name is used in messages. The
// recording must last from 2 seconds to MaxAmbience.
func FileAmbience(name string, data []byte) (*Ambience, error) {
	pcm, err := voicepack.DecodeLimit(name, data, MaxAmbience)
	var long *voicepack.TooLongError
	if errors.As(err, &long) {
		return nil, tooLong(name, long.Length)
	}
	if err != nil {
		return nil, fmt.Errorf("ambience %w", err)
	}
	d := script.Duration(len(pcm))
	if d > MaxAmbience {
		return nil, tooLong(name, d)
	}
	if d < 2*time.Second {
		return nil, fmt.Errorf("ambience %s lasts %s; want a loop of at least 2 s", name, script.Human(d))
	}
	c := make([]float32, len(pcm))
	for i, v := range pcm {
		c[i] = dsp.FromInt16(v)
	}
	x := min(SampleRate.N(noiseFade), len(c)/4)
	return newAmbience(name, crossLoop(c, x))
}

func tooLong(name string, d time.Duration) error {
	return fmt.Errorf("ambience %s lasts %v; want a loop of at most %v (cut one with: sox %s loop.wav trim 0 60)",
		name, d.Round(time.Second), MaxAmbience, name)
}

// crossLoop makes x loop seamlessly: the result is x without its last n
// samples, whose first n samples cross-fade (at equal power) from the
// samples that follow the loop's end into its own start.
func crossLoop(x []float32, n int) []float32 {
	p := len(x) - n
	out := x[:p]
	for i := range n {
		th := math.Pi / 2 * (float64(i) + 0.5) / float64(n)
		out[i] = float32(float64(x[i])*math.Sin(th) + float64(x[p+i])*math.Cos(th))
	}
	return out
}

// newAmbience stores a loop as 16 bits at the ambience loudness.
func newAmbience(name string, loop []float32) (*Ambience, error) {
	// The loop's loudness in steady state: filter it twice round, measure
	// the second.
	k := dsp.NewKFilter(script.Rate)
	for _, v := range loop {
		k.Step(float64(v))
	}
	chunks := (len(loop) + profChunk - 1) / profChunk
	cum := make([]float64, chunks+1)
	var total float64
	for c := range chunks {
		var e float64
		for _, v := range loop[c*profChunk : min((c+1)*profChunk, len(loop))] {
			y := k.Step(float64(v))
			e += y * y
		}
		total += e
		cum[c+1] = total
	}
	if total == 0 {
		return nil, fmt.Errorf("ambience %s is silent", name)
	}
	lufs := -0.691 + 10*math.Log10(total/float64(len(loop)))
	gain := math.Pow(10, (ambienceLoudness-lufs)/20)
	var peak float32
	for _, v := range loop {
		peak = max(peak, v, -v)
	}
	a := &Ambience{name: name, loop: make([]int16, len(loop)), scale: peak * float32(gain) / 32767, cum: cum}
	for i, v := range loop {
		a.loop[i] = int16(math.Round(float64(v / peak * 32767)))
	}
	for i := range a.cum {
		a.cum[i] *= gain * gain
	}
	return a, nil
}

// Name says what the ambience is.
func (a *Ambience) Name() string { return a.name }

// energy returns the K-weighted energy of the ambience at full level over
// session samples [from, to).
func (a *Ambience) energy(from, to int) float64 {
	P := len(a.loop)
	total := a.cum[len(a.cum)-1]
	at := func(x int) float64 {
		r := x % P
		c := r / profChunk
		e := a.cum[c]
		if c+1 < len(a.cum) {
			e += float64(r-c*profChunk) / float64(min(profChunk, P-c*profChunk)) * (a.cum[c+1] - a.cum[c])
		}
		return float64(x/P)*total + e
	}
	return at(to) - at(from)
}

// ambienceFade returns the ambience's fade at sample pos of a session of length n.
func ambienceFade(pos, n int) float64 {
	in, out := SampleRate.N(ambienceFadeIn), SampleRate.N(ambienceFadeOut)
	g := 1.0
	if pos < in {
		g = smooth(float64(pos) / float64(in))
	}
	if r := n - pos; r < out {
		g = min(g, smooth(float64(r)/float64(out)))
	}
	return g
}

// add adds the ambience at gain to y, the session's samples from position
// from of a session of length n.
func (a *Ambience) add(y []float32, from, n int, gain float32) {
	in, out := SampleRate.N(ambienceFadeIn), SampleRate.N(ambienceFadeOut)
	P := len(a.loop)
	g := gain * a.scale
	for i := 0; i < len(y); {
		pos := from + i
		if pos >= n {
			return
		}
		r := pos % P
		m := min(len(y)-i, P-r, n-pos)
		src := a.loop[r : r+m]
		dst := y[i : i+m]
		if pos >= in && pos+m <= n-out {
			for j, v := range src {
				dst[j] += float32(v) * g
			}
		} else {
			for j, v := range src {
				dst[j] += float32(v) * g * float32(ambienceFade(pos+j, n))
			}
		}
		i += m
	}
}
