package dsp

import "math"

// Loudness follows ITU-R BS.1770-4 and EBU R128: K-weighting (a high shelf
// and a high-pass), mean square over 400 ms blocks every 100 ms, an
// absolute gate at -70 LUFS and a relative gate 10 LU under the loudness
// of the blocks above it. True peak is the sample peak of the signal
// oversampled 4 times.

const (
	blockSegments = 4     // 400 ms blocks of 100 ms segments
	absoluteGate  = -70.0 // LUFS
	relativeGate  = -10.0 // LU
)

// biquad is a second-order IIR filter section (transposed direct form II).
type biquad struct {
	b0, b1, b2, a1, a2 float64
	z1, z2             float64
}

func (q *biquad) step(x float64) float64 {
	y := q.b0*x + q.z1
	q.z1 = q.b1*x - q.a1*y + q.z2
	q.z2 = q.b2*x - q.a2*y
	q.settle()
	return y
}

// settle puts a filter that has all but come to rest exactly at rest.
// After a while of digital silence the state decays toward the subnormal
// numbers, where it lingers (rounding keeps the smallest ones from
// reaching 0) and where x86 arithmetic is some fifty times slower. Far
// under any sample that matters (1e-30 is -600 dBFS), it is silence. From
// 1e-30 the state takes over 100000 samples to become subnormal, so
// settling once per block of settleBlock samples is as good as every
// sample.
func (q *biquad) settle() {
	if math.Abs(q.z1) < 1e-30 && math.Abs(q.z2) < 1e-30 {
		q.z1, q.z2 = 0, 0
	}
}

const settleBlock = 4096

// KFilter is BS.1770's K-weighting at a sample rate: the pre-filter (a
// +4 dB high shelf modelling the head) and the RLB high-pass. The
// coefficients come from the analogue prototypes through the bilinear
// transform, as libebur128 derives them, so any rate works.
type KFilter struct{ shelf, hp biquad }

// NewKFilter returns the K-weighting filter for a signal at rate Hz, at rest.
func NewKFilter(rate float64) KFilter {
	var k KFilter
	{
		f0, g, q := 1681.974450955533, 3.999843853973347, 0.7071752369554196
		K := math.Tan(math.Pi * f0 / rate)
		vh := math.Pow(10, g/20)
		vb := math.Pow(vh, 0.4996667741545416)
		a0 := 1 + K/q + K*K
		k.shelf = biquad{
			b0: (vh + vb*K/q + K*K) / a0,
			b1: 2 * (K*K - vh) / a0,
			b2: (vh - vb*K/q + K*K) / a0,
			a1: 2 * (K*K - 1) / a0,
			a2: (1 - K/q + K*K) / a0,
		}
	}
	{
		f0, q := 38.13547087602444, 0.5003270373238773
		K := math.Tan(math.Pi * f0 / rate)
		a0 := 1 + K/q + K*K
		k.hp = biquad{b0: 1, b1: -2, b2: 1, a1: 2 * (K*K - 1) / a0, a2: (1 - K/q + K*K) / a0}
	}
	return k
}

// Step filters the next sample.
func (k *KFilter) Step(x float64) float64 { return k.hp.step(k.shelf.step(x)) }

// Energy filters x and returns the sum of the squares of what comes out:
// Step for each sample, to within rounding, twice as fast. It takes the
// samples two at a time, each filter's state going from one pair to the
// next in one step (the state-space form squared), which halves the chain
// of dependent multiplies that bounds a filter's speed.
func (k *KFilter) Energy(x []float32) float64 {
	s, h := k.shelf.pair(), k.hp.pair()
	s1, s2, h1, h2 := k.shelf.z1, k.shelf.z2, k.hp.z1, k.hp.z2
	var e0, e1 float64
	for len(x) > 0 {
		n := min(len(x), settleBlock)
		blk := x[:n]
		for ; len(blk) >= 2; blk = blk[2:] {
			x0, x1 := float64(blk[0]), float64(blk[1])
			y0, y1 := s.out(x0, x1, s1, s2)
			s1, s2 = s.next(x0, x1, s1, s2)
			w0, w1 := h.out(y0, y1, h1, h2)
			h1, h2 = h.next(y0, y1, h1, h2)
			e0 += w0 * w0
			e1 += w1 * w1
		}
		k.shelf.z1, k.shelf.z2, k.hp.z1, k.hp.z2 = s1, s2, h1, h2
		if len(blk) == 1 {
			w := k.Step(float64(blk[0]))
			e0 += w * w
		}
		k.shelf.settle()
		k.hp.settle()
		s1, s2, h1, h2 = k.shelf.z1, k.shelf.z2, k.hp.z1, k.hp.z2
		x = x[n:]
	}
	return e0 + e1
}

// biquadPair is a biquad taking two samples at a step. In state-space form
// one sample takes the state z to A z + c x, with A = [-a1 1; -a2 0] and
// c = (b1 - a1 b0, b2 - a2 b0), and gives y = b0 x + z1; two take it to
// A^2 z + A c x0 + c x1.
type biquadPair struct {
	b0, a1, c1, c2     float64 // one step
	m11, m12, m21, m22 float64 // A^2
	d1, d2             float64 // A c
}

func (q *biquad) pair() biquadPair {
	c1, c2 := q.b1-q.a1*q.b0, q.b2-q.a2*q.b0
	return biquadPair{
		b0: q.b0, a1: q.a1, c1: c1, c2: c2,
		m11: q.a1*q.a1 - q.a2, m12: -q.a1,
		m21: q.a1 * q.a2, m22: -q.a2,
		d1: -q.a1*c1 + c2, d2: -q.a2 * c1,
	}
}

// out returns the outputs for x0 and x1 from state z1, z2.
func (p *biquadPair) out(x0, x1, z1, z2 float64) (y0, y1 float64) {
	return p.b0*x0 + z1, p.b0*x1 + (p.c1*x0 - p.a1*z1 + z2)
}

// next returns the state after x0 and x1.
func (p *biquadPair) next(x0, x1, z1, z2 float64) (float64, float64) {
	return (p.c1*x1 + p.d1*x0) + p.m11*z1 + p.m12*z2, (p.c2*x1 + p.d2*x0) + p.m21*z1 + p.m22*z2
}

// Integrated returns the integrated loudness in LUFS of a signal given as
// the summed energy (sum of squares of the K-weighted samples, all channels
// added) of each 100 ms segment of segLen samples per channel; a trailing
// partial segment must be left out. It returns -Inf when no block passes
// the absolute gate.
func Integrated(segs []float64, segLen int) float64 {
	if len(segs) < blockSegments {
		return math.Inf(-1)
	}
	blocks := make([]float64, 0, len(segs)-blockSegments+1)
	for b := 0; b+blockSegments <= len(segs); b++ {
		var e float64
		for _, s := range segs[b : b+blockSegments] {
			e += s
		}
		blocks = append(blocks, e/float64(blockSegments*segLen))
	}
	lufs := func(z float64) float64 { return -0.691 + 10*math.Log10(z) }
	gated := func(threshold float64) (float64, int) {
		var sum float64
		n := 0
		for _, z := range blocks {
			if z > 0 && lufs(z) > threshold {
				sum += z
				n++
			}
		}
		return sum, n
	}
	sum, n := gated(absoluteGate)
	if n == 0 {
		return math.Inf(-1)
	}
	rel := lufs(sum/float64(n)) + relativeGate
	sum, n = gated(max(rel, absoluteGate))
	if n == 0 {
		return math.Inf(-1)
	}
	return lufs(sum / float64(n))
}

// Meter measures the integrated loudness and true peak of interleaved
// samples as they go by, as BS.1770-4 and EBU R128 define them. It keeps 8

// bytes per 100 ms (about 300 kB for an hour).
type Meter struct {
	channels int
	rate     int
	k        []KFilter
	ts       []truePeak
	segLen   int
	acc      float64
	n        int
	segs     []float64
	peak     float64 // sample peak
}

// NewMeter returns a meter for interleaved frames of the given channels at
// rate Hz.
func NewMeter(channels, rate int) *Meter {
	m := &Meter{channels: channels, rate: rate, segLen: rate / 10}
	for range channels {
		m.k = append(m.k, NewKFilter(float64(rate)))
		m.ts = append(m.ts, truePeak{})
	}
	return m
}

// Write measures interleaved frames.
func (m *Meter) Write(frames []float32) {
	for i := 0; i+m.channels <= len(frames); i += m.channels {
		for c := range m.channels {
			x := float64(frames[i+c])
			m.peak = max(m.peak, math.Abs(x))
			m.ts[c].add(x)
			y := m.k[c].Step(x)
			m.acc += y * y
		}
		if m.n++; m.n == m.segLen {
			m.segs = append(m.segs, m.acc)
			m.acc, m.n = 0, 0
		}
	}
}

// Integrated returns the integrated loudness so far, in LUFS (-Inf for
// silence).
func (m *Meter) Integrated() float64 { return Integrated(m.segs, m.segLen) }

// TruePeak returns the true peak so far, in dBTP.
func (m *Meter) TruePeak() float64 {
	var p float64
	for i := range m.ts {
		p = max(p, m.ts[i].peak, m.peak)
	}
	return 20 * math.Log10(p)
}

// SamplePeak returns the sample peak so far, in dBFS.
func (m *Meter) SamplePeak() float64 { return 20 * math.Log10(m.peak) }

// The true-peak oversampler: 4 times, with a Kaiser-windowed sinc of
// tpTaps taps per phase. Phase 0 is the sample itself.
const (
	tpFactor = 4
	tpTaps   = 16
)

// tpPhases holds the interpolation filters for the phases 1/4, 2/4 and 3/4
// between sample n and n+1; tap j multiplies x[n-tpTaps/2+1+j].
var tpPhases, tpGain = func() ([tpFactor - 1][tpTaps]float64, float64) {
	var ph [tpFactor - 1][tpTaps]float64
	var worst float64
	const beta = 7.0
	half := float64(tpTaps) / 2
	for p := 1; p < tpFactor; p++ {
		frac := float64(p) / tpFactor
		var sum, l1 float64
		for j := range tpTaps {
			t := float64(j-tpTaps/2+1) - frac // distance from the interpolated point
			w := kaiser(t/half, beta)
			v := sinc(t*0.98) * 0.98 * w // a cutoff a little under Nyquist
			ph[p-1][j] = v
			sum += v
		}
		for j := range tpTaps {
			ph[p-1][j] /= sum // unity gain at DC
			l1 += math.Abs(ph[p-1][j])
		}
		worst = max(worst, l1)
	}
	return ph, worst
}()

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// kaiser is the Kaiser window at x in [-1, 1].
func kaiser(x, beta float64) float64 {
	if x <= -1 || x >= 1 {
		return 0
	}
	return bessel0(beta*math.Sqrt(1-x*x)) / bessel0(beta)
}

// bessel0 is the modified Bessel function of the first kind, order 0.
func bessel0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 50; k++ {
		term *= (x / 2) / float64(k)
		sum += term * term
		if term*term < sum*1e-17 {
			break
		}
	}
	return sum
}

// truePeak tracks the oversampled peak of one channel.
type truePeak struct {
	hist [2 * tpTaps]float64 // the last tpTaps samples, twice, so a window is contiguous
	at   int
	peak float64
}

func (t *truePeak) add(x float64) {
	t.hist[t.at], t.hist[t.at+tpTaps] = x, x
	t.at = (t.at + 1) % tpTaps
	w := t.hist[t.at : t.at+tpTaps]
	for p := range tpPhases {
		var v float64
		for j, c := range tpPhases[p] {
			v += c * w[j]
		}
		t.peak = max(t.peak, math.Abs(v))
	}
}

// interPeak returns the largest magnitude of x between samples i and i+1
// (exclusive of both), as the oversampler reconstructs it. x must hold
// tpTaps/2-1 samples before i and tpTaps/2 after.
func interPeak(x []float32, i int) float64 {
	var p float64
	base := x[i-tpTaps/2+1 : i+tpTaps/2+1]
	for ph := range tpPhases {
		var v float64
		for j, c := range tpPhases[ph] {
			v += c * float64(base[j])
		}
		if a := math.Abs(v); a > p { // not max, which minds NaN: see ToInt16
			p = a
		}
	}
	return p
}

// Loudness returns the integrated loudness of mono samples x at rate Hz in
// LUFS, as a one-channel Meter would measure it. A signal shorter than one
// 400 ms block is measured as one block; silence is -Inf.
func Loudness(x []float64, rate int) float64 {
	k := NewKFilter(float64(rate))
	segLen := rate / 10
	var segs []float64
	var acc float64
	for i, v := range x {
		y := k.Step(v)
		acc += y * y
		if (i+1)%segLen == 0 {
			segs = append(segs, acc)
			acc = 0
		}
	}
	if len(segs) < blockSegments {
		// One block of the whole signal: its mean square, against the gate.
		total := acc
		for _, s := range segs {
			total += s
		}
		ms := total / float64(max(len(x), 1))
		if l := -0.691 + 10*math.Log10(ms); ms > 0 && l > absoluteGate {
			return l
		}
		return math.Inf(-1)
	}
	return Integrated(segs, segLen)
}
