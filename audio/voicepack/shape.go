package voicepack

import (
	"errors"
	"math"
	"time"

	"github.com/stretchguide/guide/audio/dsp"
)

// How Shape prepares a spoken clip. Every clip of every voice (the
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

	limitAttack  = 3 * time.Millisecond  // the limiter's look-ahead
	limitRelease = 60 * time.Millisecond // how fast it comes back after a peak
	maxLimitDB   = 6                     // deeper than this, the clip is made quieter instead
)

// TargetLUFS is the integrated loudness Shape sets every clip to.
const TargetLUFS = targetLUFS

// ShapeReport describes a clip Shape made.
type ShapeReport struct {
	LUFS      float64 // integrated loudness of the result
	Peak      float64 // its sample peak, dBFS
	Reduction float64 // the limiter's deepest gain reduction, dB
	Speech    int     // samples from the first sound to the last, lead-in and tail excluded
}

// Errors of Shape.
var (
	ErrNoSound = errors.New("the clip is too short to hold speech")
	ErrSilent  = errors.New("the clip is silent")
)

// Shape makes a clip of a voice pack from c, spoken words at Rate: it trims
// the silence around the speech (keeping a short lead-in and tail), fades
// both edges, sets the level to TargetLUFS and limits the peaks, between
// samples too, to -3 dBTP (dsp.Limiter; a clip needing more than 6 dB of
// limiting is made quieter instead). It returns 16-bit samples, rounded
// without dither (dsp.ToInt16) so that the same input always gives the same
// output.
//
// Sound is a 5 ms window above -60 dBFS, within 45 dB of the loudest window
// and, for a recording with room noise, 12 dB above the noise measured at
// its two ends (synthesised speech has none, and is trimmed the same with or
// without this rule).
func Shape(c []int16) ([]int16, ShapeReport, error) {
	var rep ShapeReport
	const win = Rate / 200 // 5 ms
	n := len(c) / win
	if n == 0 {
		return nil, rep, ErrNoSound
	}
	level := make([]float64, n) // mean square of each window
	loudest := 0.0
	for w := range level {
		for _, v := range c[w*win : (w+1)*win] {
			x := float64(v) / 32768
			level[w] += x * x
		}
		level[w] /= win
		loudest = max(loudest, level[w])
	}
	threshold := max(math.Pow(10, floorDB/10.0), loudest*math.Pow(10, -rangeDB/10.0))
	if noise := roomNoise(level, edgeMS*Rate/1000/win); noise > 0 {
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
	from := max(0, first*win-leadInMS*Rate/1000)
	to := min(len(c), (last+1)*win+tailMS*Rate/1000)
	s := make([]float64, to-from)
	for i := range s {
		s[i] = float64(c[from+i]) / 32768
	}
	fade(s[:min(len(s), fadeInMS*Rate/1000)], false)
	fade(s[max(0, len(s)-fadeOutMS*Rate/1000):], true)

	// Level: the gain that brings the clip to targetLUFS, with a limiter
	// holding the few louder peaks at peakDBFS; the limiter lowers the
	// loudness a little, so measure again and correct.
	g := math.Pow(10, (targetLUFS-dsp.Loudness(s, Rate))/20)
	most := math.Inf(1) // the most gain: more would need over maxLimitDB of limiting
	var out []float64
	for range 5 {
		out, rep.Reduction = limit(s, g)
		if rep.Reduction > maxLimitDB {
			// A clip this peaky is not worth squashing: lower it instead,
			// and never raise it past that again (which would only
			// squash it again).
			g *= math.Pow(10, (maxLimitDB-rep.Reduction)/20)
			most = g
			continue
		}
		l := dsp.Loudness(out, Rate)
		if math.Abs(l-targetLUFS) < 0.02 || g >= most && l < targetLUFS {
			break
		}
		g = min(g*math.Pow(10, (targetLUFS-l)/20), most)
	}
	if rep.Reduction > maxLimitDB { // the last pass lowered the gain: use it
		out, rep.Reduction = limit(s, g)
	}
	pcm := make([]int16, len(out))
	for i, v := range out {
		pcm[i] = dsp.ToInt16(float32(v))
		out[i] = float64(pcm[i]) / 32768
		rep.Peak = max(rep.Peak, math.Abs(out[i]))
	}
	rep.LUFS = dsp.Loudness(out, Rate)
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

// limit returns s scaled by g through a look-ahead true-peak limiter at
// peakDBFS, and the deepest gain reduction in dB.
func limit(s []float64, g float64) ([]float64, float64) {
	l := dsp.NewLimiter(Rate, peakDBFS, limitAttack, limitRelease)
	d := l.Delay()
	in := make([]float32, len(s)+d)
	for i, v := range s {
		in[i] = float32(v * g)
	}
	l.Process(in, in, false)
	out := make([]float64, len(s))
	for i := range out {
		out[i] = float64(in[i+d])
	}
	return out, l.Reduction()
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
