package dsp

import (
	"math"
	"slices"
	"time"
)

// Limiter is a look-ahead true-peak limiter for a mono stream. It delays its
// input by Delay() samples and guarantees that no sample, and no point
// between samples as the 4x oversampler reconstructs it, exceeds the
// ceiling.
//
// For sample n it needs the gain g_req[n] = min(1, ceiling / peak around n)
// (the sample and the oversampled points on either side). Then
//
//	a[n] = min g_req[n .. n+L-1]        (look ahead one attack)
//	h[n] = min(a[n], h[n-1] + slope, 1)  (linear release)
//	g[n] = mean h[n-L+1 .. n]            (smooth attack over L samples)
//
// Every h in the mean for a peak at m is at most g_req[m], so g[m] is too:
// the ceiling holds exactly, and the gain moves smoothly (no clicks, no
// distortion from sample-wise clamping). h forgets anything older than
// 1/slope samples, so a limiter started anywhere has the same output as one
// that ran from the start once it has seen Warmup() samples.
//
// Almost always nothing is near the ceiling: a cheap test (every sample
// under ceiling / tpGain, the most the oversampler can overshoot) skips the
// oversampling, and blocks where the gain is 1 are copied.
type Limiter struct {
	ceiling float64 // linear
	quiet   float32 // a sample window under this cannot peak over the ceiling
	L       int     // attack and look-ahead, samples
	slope   float64 // release per sample

	base  int       // position of y[0] and gq[0]
	y     []float32 // input from position base
	gq    []float32 // g_req from base; valid below gEnd
	gEnd  int       // g_req is known below this position
	next  int       // the next output position
	low   int       // the last position with g_req < 1
	dq    []int     // positions in the window whose g_req may be its minimum, rising in value
	dqEnd int       // the next position to enter dq
	hLast float64   // h[next-1]
	dip   int       // the last position with h < 1
	// The last L values of h in fixed point (units of 2^-hBits, rounded
	// down so the gain never exceeds h), by position mod L, and their sum:
	// integers add up exactly, so the mean does not depend on how long the
	// limiter has run.
	hq   []uint32
	hSum uint64
	minG float64 // the least gain applied so far
}

const hBits = 24

const tpHalf = tpTaps / 2

// NewLimiter returns a limiter for a stream at rate Hz that keeps every
// sample, and every point between samples, at or under ceilingDB (dBTP). It
// looks ahead and eases the gain down over attack, and brings it back from
// 0 to 1 over release, linearly.
func NewLimiter(rate int, ceilingDB float64, attack, release time.Duration) *Limiter {
	samples := func(d time.Duration) int { return int(int64(d) * int64(rate) / int64(time.Second)) }
	l := &Limiter{
		ceiling: math.Pow(10, ceilingDB/20),
		L:       max(1, samples(attack)),
		slope:   1 / float64(max(1, samples(release))),
	}
	l.quiet = float32(l.ceiling / math.Max(1, tpGain))
	l.hq = make([]uint32, l.L)
	l.Reset()
	return l
}

// Delay is how many samples the output lags the input.
func (l *Limiter) Delay() int { return l.L - 1 + tpHalf }

// Warmup is how many samples a limiter must see before its output matches
// one that ran from the start.
func (l *Limiter) Warmup() int { return int(1/l.slope) + 2*l.L + 2*tpHalf + 2 }

// Reset puts the limiter at rest, as at the start of a silent stream: the
// next input is position 0, and the first Delay() outputs are for the
// positions before it.
func (l *Limiter) Reset() {
	pre := l.Delay() + tpHalf
	l.base = -pre
	l.y = append(l.y[:0], make([]float32, pre)...)
	l.gq = append(l.gq[:0], make([]float32, pre)...)
	for i := range l.gq {
		l.gq[i] = 1
	}
	l.gEnd = -tpHalf
	l.next = -l.Delay()
	for i := range l.hq {
		l.hq[i] = 1 << hBits
	}
	l.hSum = uint64(l.L) << hBits
	l.hLast = 1
	l.low, l.dip = math.MinInt/2, math.MinInt/2
	l.dq, l.dqEnd = l.dq[:0], math.MinInt/2
	l.minG = 1
}

// Process takes len(in) input samples and writes as many output samples,
// Delay() positions behind, to out. in and out may be the same slice.
// quiet says that every input sample is under ceiling / tpGain, which saves
// looking.
func (l *Limiter) Process(in, out []float32, quiet bool) {
	l.compact()
	l.y = append(l.y, in...)
	end := l.base + len(l.y)
	quietFrom := math.MaxInt
	if quiet {
		quietFrom = end - len(in)
	}
	l.gains(end-tpHalf, quietFrom)
	n := len(in)
	for i := 0; i < n; {
		p := l.next
		// At rest: nothing to limit in any window ahead, and the gain has
		// been 1 for a whole attack. Copy up to the next limited window.
		if l.hLast == 1 && p-l.dip > l.L {
			run := n - i
			if l.low >= p {
				// Up to the first output whose window holds a limited sample.
				first := p
				for first <= l.low && l.gq[first-l.base] >= 1 {
					first++
				}
				run = min(run, first-(l.L-1)-p)
			}
			if run > 0 {
				copy(out[i:i+run], l.y[p-l.base:p-l.base+run])
				i += run
				l.next += run
				continue
			}
		}
		a := l.windowMin(p)
		h := l.hLast + l.slope // min(a, l.hLast+l.slope, 1), with branches: see ToInt16
		if a < h {
			h = a
		}
		if h > 1 {
			h = 1
		}
		l.hLast = h
		if h < 1 {
			l.dip = p
		}
		j := p % l.L
		if j < 0 {
			j += l.L
		}
		q := uint32(h * (1 << hBits))
		l.hSum += uint64(q) - uint64(l.hq[j])
		l.hq[j] = q
		g := float32(float64(l.hSum) / float64(uint64(l.L)<<hBits))
		if float64(g) < l.minG {
			l.minG = float64(g)
		}
		out[i] = l.y[p-l.base] * g
		i++
		l.next++
	}
}

// Quiet is the level under which a block of input cannot need limiting:
// Process may be told so, which saves looking.
func (l *Limiter) Quiet() float32 { return l.quiet }

// Reduction returns the deepest gain reduction applied since the last
// Reset, in dB (0 when nothing was limited).
func (l *Limiter) Reduction() float64 { return max(0, -20*math.Log10(l.minG)) }

// windowMin returns the least g_req in positions [p, p+L), keeping a
// monotonic queue of the candidates.
func (l *Limiter) windowMin(p int) float64 {
	last := p + l.L - 1
	if l.low < p {
		l.dq, l.dqEnd = l.dq[:0], last+1
		return 1
	}
	if l.dqEnd < p {
		l.dq, l.dqEnd = l.dq[:0], p
	}
	// Drop what has left the window first: compact may have dropped its
	// g_req already.
	for len(l.dq) > 0 && l.dq[0] < p {
		l.dq = l.dq[1:]
	}
	for ; l.dqEnd <= last; l.dqEnd++ {
		v := l.gq[l.dqEnd-l.base]
		for len(l.dq) > 0 && l.gq[l.dq[len(l.dq)-1]-l.base] >= v {
			l.dq = l.dq[:len(l.dq)-1]
		}
		l.dq = append(l.dq, l.dqEnd)
	}
	return float64(l.gq[l.dq[0]-l.base])
}

// gains computes g_req for the positions up to upto, exclusive. The input
// from position quietFrom on is known to be under quiet.
func (l *Limiter) gains(upto, quietFrom int) {
	const sub = 32
	if n := upto - l.base; n > len(l.gq) {
		l.gq = slices.Grow(l.gq, n-len(l.gq))[:n]
	}
	quiet := math.Float32bits(l.quiet)
	for l.gEnd < upto {
		from := l.gEnd
		to := min(from+sub, upto)
		g := l.gq[from-l.base : to-l.base]
		// A sample window under quiet cannot peak over the ceiling.
		loud := false
		if from-tpHalf < quietFrom {
			for _, v := range l.y[from-tpHalf-l.base : to+tpHalf-l.base] {
				if math.Float32bits(v)&0x7fffffff > quiet {
					loud = true
					break
				}
			}
		}
		if !loud {
			for i := range g {
				g[i] = 1
			}
			l.gEnd = to
			continue
		}
		// Only positions within tpHalf of a loud sample can peak over the
		// ceiling: the oversampled points around p are made from the
		// samples p-tpHalf to p+tpHalf.
		var near [sub]bool
		win := l.y[from-tpHalf-l.base : to+tpHalf-l.base]
		first := math.MaxInt // the first loud sample in win from j on
		for j := len(win) - 1; j >= 0; j-- {
			if math.Float32bits(win[j])&0x7fffffff > quiet {
				first = j
			}
			if j < len(g) {
				near[j] = first <= j+2*tpHalf
			}
		}
		prevAt, prev := math.MinInt, 0.0 // interPeak at prevAt
		for i := range g {
			p := from + i
			if !near[i] {
				g[i] = 1
				continue
			}
			if prevAt != p-1 {
				prev = interPeak(l.y, p-1-l.base)
			}
			next := interPeak(l.y, p-l.base)
			tp := max(math.Abs(float64(l.y[p-l.base])), prev, next)
			prevAt, prev = p, next
			if tp > l.ceiling {
				g[i] = float32(l.ceiling / tp)
				// Rounding to float32 must not raise the gain.
				for float64(g[i])*tp > l.ceiling {
					g[i] = math.Nextafter32(g[i], 0)
				}
				l.low = p
			} else {
				g[i] = 1
			}
		}
		l.gEnd = to
	}
}

// compact drops input that no future output or gain needs.
func (l *Limiter) compact() {
	keep := min(l.next, l.gEnd-tpHalf-1) - l.base
	if keep < 1<<14 {
		return
	}
	l.dq = append(make([]int, 0, 2*len(l.dq)+8), l.dq...)
	l.y = l.y[:copy(l.y, l.y[keep:])]
	l.gq = l.gq[:copy(l.gq, l.gq[keep:])]
	l.base += keep
}
