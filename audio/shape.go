package audio

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"

	"github.com/stretchguide/guide/script"
)

// How ShapeClip prepares a spoken clip. Every clip of every voice (the
// built-in pack, a recorded pack, text-to-speech) goes through it, so they
// all start, end and sound at the same level.
const (
	targetLUFS = -20.0 // integrated loudness of every clip (ITU-R BS.1770)
	peakDBFS   = -3.0  // highest sample peak: a limiter holds the few louder peaks here

	leadInMS  = 30  // silence kept before the first sound, so onsets are whole
	tailMS    = 60  // kept after the last sound, for the decay of the last word
	fadeInMS  = 5   // raised-cosine fades at both edges
	fadeOutMS = 10  //
	floorDB   = -60 // a 5 ms window is sound when above this and ...
	rangeDB   = 45  // ... less than this far below the loudest window
	noiseDB   = 12  // ... and this far above the room noise of a recording
	edgeMS    = 100 // the room noise is measured over this at both ends
	minRange  = 25  // the noise gate never reaches closer than this to the loudest window

	limitHoldMS    = 2   // the limiter's look-ahead and hold
	limitAttackMS  = 1.0 // how fast its gain eases down before a peak
	limitReleaseMS = 60. // how fast it comes back after
	maxLimitDB     = 6   // deeper than this, the clip is made quieter instead
)

// TargetLUFS is the integrated loudness ShapeClip sets every clip to.
const TargetLUFS = targetLUFS

// ShapeReport describes a clip ShapeClip made.
type ShapeReport struct {
	LUFS      float64 // integrated loudness of the result
	Peak      float64 // its sample peak, dBFS
	Reduction float64 // the limiter's deepest gain reduction, dB
	Speech    int     // samples from the first sound to the last, lead-in and tail excluded
}

// Errors of ShapeClip.
var (
	ErrNoSound = errors.New("the clip is too short to hold speech")
	ErrSilent  = errors.New("the clip is silent")
)

// ShapeClip makes a clip of a voice pack from c, spoken words at
// script.Rate: it trims the silence around the speech (keeping a short
// lead-in and tail), fades both edges, sets the level to TargetLUFS and
// limits the peaks to -3 dBFS (a clip needing more than 6 dB of limiting is
// made quieter instead). It returns 16-bit samples, rounded without dither
// so that the same input always gives the same output.
//
// Sound is a 5 ms window above -60 dBFS, within 45 dB of the loudest window
// and, for a recording with room noise, 12 dB above the noise measured at
// its two ends (synthesised speech has none, and is trimmed the same with or
// without this rule).
func ShapeClip(c Clip) ([]int16, ShapeReport, error) {
	var rep ShapeReport
	const win = script.Rate / 200 // 5 ms
	n := len(c) / win
	if n == 0 {
		return nil, rep, ErrNoSound
	}
	level := make([]float64, n) // mean square of each window
	loudest := 0.0
	for w := range level {
		for _, v := range c[w*win : (w+1)*win] {
			level[w] += float64(v) * float64(v)
		}
		level[w] /= win
		loudest = max(loudest, level[w])
	}
	threshold := max(math.Pow(10, floorDB/10.0), loudest*math.Pow(10, -rangeDB/10.0))
	if noise := roomNoise(level, edgeMS*script.Rate/1000/win); noise > 0 {
		threshold = max(threshold, min(noise*math.Pow(10, noiseDB/10.0), loudest*math.Pow(10, -minRange/10.0)))
	}
	first, last := -1, -1
	for w, l := range level {
		if l > threshold {
			if first < 0 {
				first = w
			}
			last = w
		}
	}
	if first < 0 {
		return nil, rep, ErrSilent
	}
	rep.Speech = (last + 1 - first) * win
	from := max(0, first*win-leadInMS*script.Rate/1000)
	to := min(len(c), (last+1)*win+tailMS*script.Rate/1000)
	s := make([]float64, to-from)
	for i := range s {
		s[i] = float64(c[from+i])
	}
	fade(s[:min(len(s), fadeInMS*script.Rate/1000)], false)
	fade(s[max(0, len(s)-fadeOutMS*script.Rate/1000):], true)

	// Level: the gain that brings the clip to targetLUFS, with a limiter
	// holding the few louder peaks at peakDBFS; the limiter lowers the
	// loudness a little, so measure again and correct.
	ceiling := math.Pow(10, peakDBFS/20)
	g := math.Pow(10, (targetLUFS-Loudness(s, script.Rate))/20)
	var out []float64
	for range 5 {
		out, rep.Reduction = limit(s, g, ceiling)
		l := Loudness(out, script.Rate)
		if math.Abs(l-targetLUFS) < 0.02 {
			break
		}
		if rep.Reduction > maxLimitDB {
			// A clip this peaky is not worth squashing: lower it instead.
			g *= math.Pow(10, (maxLimitDB-rep.Reduction)/20)
			continue
		}
		g *= math.Pow(10, (targetLUFS-l)/20)
	}
	pcm := make([]int16, len(out))
	for i, v := range out {
		q := max(-32768, min(32767, math.Round(v*32767)))
		pcm[i] = int16(q)
		out[i] = q / 32767
		rep.Peak = max(rep.Peak, math.Abs(out[i]))
	}
	rep.LUFS = Loudness(out, script.Rate)
	rep.Peak = 20 * math.Log10(rep.Peak)
	return pcm, rep, nil
}

// roomNoise returns the mean square level of the quieter end of a
// recording, over its first and last edge windows, or 0 when either end is
// digital silence (synthesised speech).
func roomNoise(level []float64, edge int) float64 {
	if len(level) < 4*edge || edge == 0 {
		return 0 // too short to have room around the words
	}
	mean := func(ls []float64) float64 {
		var sum float64
		for _, l := range ls {
			sum += l
		}
		return sum / float64(len(ls))
	}
	noise := min(mean(level[:edge]), mean(level[len(level)-edge:]))
	if noise < math.Pow(10, (floorDB-noiseDB)/10.0) {
		return 0
	}
	return noise
}

// limit returns s scaled by g, with a look-ahead peak limiter keeping every
// sample within ceiling: the gain needed at each sample is held over
// limitHoldMS either side, released over limitReleaseMS and eased in over
// limitAttackMS, so it is already down when a peak comes and never above
// what that peak needs. It also returns the deepest gain reduction in dB.
func limit(s []float64, g, ceiling float64) ([]float64, float64) {
	need := make([]float64, len(s))
	for i, v := range s {
		need[i] = min(1, ceiling/math.Abs(v*g))
	}
	hold := limitHoldMS * script.Rate / 1000
	r := make([]float64, len(s))
	for i := range r {
		r[i] = slices.Min(need[max(0, i-hold):min(len(s), i+hold+1)])
	}
	release := 1 - math.Exp(-1000/(limitReleaseMS*script.Rate))
	attack := 1 - math.Exp(-1000/(limitAttackMS*script.Rate))
	for i := 1; i < len(r); i++ {
		r[i] = min(r[i], r[i-1]+(1-r[i-1])*release)
	}
	for i := len(r) - 2; i >= 0; i-- {
		r[i] = min(r[i], r[i+1]+(1-r[i+1])*attack)
	}
	out := make([]float64, len(s))
	deepest := 1.0
	for i, v := range s {
		out[i] = v * g * r[i]
		deepest = min(deepest, r[i])
	}
	return out, max(0, -20*math.Log10(deepest))
}

// fade applies a raised-cosine fade in (or out) over s.
func fade(s []float64, out bool) {
	for i := range s {
		x := (float64(i) + 0.5) / float64(len(s))
		if out {
			x = 1 - x
		}
		s[i] *= 0.5 - 0.5*math.Cos(math.Pi*x)
	}
}

// Loudness returns the integrated loudness of mono samples s in LUFS, as
// ITU-R BS.1770-4 defines it (and ffmpeg's ebur128 filter measures it):
// K-weighting, 400 ms blocks overlapping by 75 %, an absolute gate at
// -70 LUFS and a relative gate 10 LU below the ungated mean. A clip shorter
// than one block is measured as one block.
func Loudness(s []float64, rate int) float64 {
	z := kWeight(s, rate)
	block, step := rate*4/10, rate/10
	var blocks []float64
	for at := 0; at+block <= len(z) || at == 0; at += step {
		end := min(at+block, len(z))
		var sum float64
		for _, v := range z[at:end] {
			sum += v * v
		}
		blocks = append(blocks, sum/float64(max(end-at, 1)))
		if end == len(z) {
			break
		}
	}
	lufs := func(ms float64) float64 { return -0.691 + 10*math.Log10(ms) }
	gatedMean := func(gate float64) (float64, int) {
		var sum float64
		var n int
		for _, b := range blocks {
			if lufs(b) > gate {
				sum += b
				n++
			}
		}
		if n == 0 {
			return 0, 0
		}
		return sum / float64(n), n
	}
	mean, n := gatedMean(-70)
	if n == 0 {
		return math.Inf(-1)
	}
	mean, _ = gatedMean(lufs(mean) - 10)
	return lufs(mean)
}

// kWeight filters s with the BS.1770 K-weighting (a high shelf, then a
// high pass), with the coefficients derived for any rate as libebur128
// does.
func kWeight(s []float64, rate int) []float64 {
	fs := float64(rate)
	// Stage 1: high shelf, about +4 dB above 1.5 kHz.
	f0, g, q := 1681.974450955533, 3.999843853973347, 0.7071752369554196
	k := math.Tan(math.Pi * f0 / fs)
	vh := math.Pow(10, g/20)
	vb := math.Pow(vh, 0.4996667741545416)
	a0 := 1 + k/q + k*k
	b1 := [3]float64{(vh + vb*k/q + k*k) / a0, 2 * (k*k - vh) / a0, (vh - vb*k/q + k*k) / a0}
	a1 := [3]float64{1, 2 * (k*k - 1) / a0, (1 - k/q + k*k) / a0}
	// Stage 2: high pass at about 38 Hz.
	f0, q = 38.13547087602444, 0.5003270373238773
	k = math.Tan(math.Pi * f0 / fs)
	a0 = 1 + k/q + k*k
	b2 := [3]float64{1, -2, 1}
	a2 := [3]float64{1, 2 * (k*k - 1) / a0, (1 - k/q + k*k) / a0}
	return filterBiquad(filterBiquad(s, b1, a1), b2, a2)
}

// filterBiquad filters s (direct form I).
func filterBiquad(s []float64, b, a [3]float64) []float64 {
	out := make([]float64, len(s))
	var x1, x2, y1, y2 float64
	for i, x := range s {
		y := b[0]*x + b[1]*x1 + b[2]*x2 - a[1]*y1 - a[2]*y2
		x2, x1, y2, y1 = x1, x, y1, y
		out[i] = y
	}
	return out
}

// MonoWAV returns pcm as a mono 16-bit WAV file at script.Rate.
func MonoWAV(pcm []int16) []byte {
	le := binary.LittleEndian
	n := 2 * len(pcm)
	b := make([]byte, 0, 44+n)
	b = append(b, "RIFF"...)
	b = le.AppendUint32(b, uint32(36+n))
	b = append(b, "WAVEfmt "...)
	b = le.AppendUint32(b, 16)
	b = le.AppendUint16(b, 1) // PCM
	b = le.AppendUint16(b, 1) // mono
	b = le.AppendUint32(b, script.Rate)
	b = le.AppendUint32(b, 2*script.Rate)
	b = le.AppendUint16(b, 2)
	b = le.AppendUint16(b, 16)
	b = append(b, "data"...)
	b = le.AppendUint32(b, uint32(n))
	for _, v := range pcm {
		b = le.AppendUint16(b, uint16(v))
	}
	return b
}

// PCMClip converts 16-bit samples, as ShapeClip returns them, to a Clip:
// the same samples DecodeClip reads from MonoWAV(pcm).
func PCMClip(pcm []int16) Clip {
	c := make(Clip, len(pcm))
	for i, v := range pcm {
		c[i] = float32(float64(v) / (1 << 15))
	}
	return c
}
