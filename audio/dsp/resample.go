package dsp

import "math"

// Resampler converts a mono stream from one rate to another with a
// polyphase windowed-sinc filter: the output is band-limited to just under
// the lower rate's Nyquist frequency (no aliasing when going down), and is
// not delayed. Output sample j is the input reconstructed at time j*M/L
// input samples.
type Resampler struct {
	L, M  int         // up by L, down by M, in lowest terms
	half  int         // input samples each side of an output point
	coef  [][]float32 // [phase][2*half]
	in    []float32   // input from position base
	base  int
	next  int // the next output
	inEnd int // input samples received
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// NewResampler returns a resampler from rate from to rate to, in Hz.
func NewResampler(from, to int) *Resampler {
	g := gcd(from, to)
	r := &Resampler{L: to / g, M: from / g}
	ratio := min(1, float64(r.L)/float64(r.M)) // the cut-off, relative to the input's Nyquist
	r.half = int(math.Ceil(16 / ratio))
	fc := 0.5 * ratio * 0.94 // cycles per input sample
	r.coef = make([][]float32, r.L)
	for p := range r.L {
		frac := float64(p) / float64(r.L) // the output point, past input sample n
		c := make([]float32, 2*r.half)
		var sum float64
		vals := make([]float64, 2*r.half)
		for k := range c {
			d := float64(k-r.half+1) - frac // distance of the tap from the point
			v := 2 * fc * sinc(2*fc*d) * kaiser(d/float64(r.half), 8)
			vals[k] = v
			sum += v
		}
		for k := range c {
			c[k] = float32(vals[k] / sum)
		}
		r.coef[p] = c
	}
	// Silence before the start.
	r.in = make([]float32, r.half)
	r.base = -r.half
	return r
}

// Outputs returns how many output samples n input samples make.
func (r *Resampler) Outputs(n int) int {
	return int((int64(n)*int64(r.L) + int64(r.M)/2) / int64(r.M))
}

// Process takes input samples and appends the output they complete to out.
// With last, the input has ended: the rest of the output is made.
func (r *Resampler) Process(x []float32, out []float32, last bool) []float32 {
	r.in = append(r.in, x...)
	r.inEnd += len(x)
	total := -1
	if last {
		total = r.Outputs(r.inEnd)
		r.in = append(r.in, make([]float32, r.half+1)...) // silence after the end
	}
	avail := r.base + len(r.in)
	for total < 0 || r.next < total {
		t := int64(r.next) * int64(r.M)
		n := int(t / int64(r.L))
		p := int(t % int64(r.L))
		if n+r.half >= avail {
			break
		}
		taps := r.in[n-r.half+1-r.base : n+r.half+1-r.base]
		var v float32
		for k, c := range r.coef[p] {
			v += c * taps[k]
		}
		out = append(out, v)
		r.next++
	}
	// Drop input no later output needs.
	need := int(int64(r.next)*int64(r.M)/int64(r.L)) - r.half
	if drop := need - r.base; drop > 1<<14 {
		r.in = r.in[:copy(r.in, r.in[drop:])]
		r.base += drop
	}
	return out
}

// Resample converts a whole signal x from rate from to rate to: the result
// has Outputs(len(x)) samples, and sample i of x lands at i*to/from.
func Resample(x []float32, from, to int) []float32 {
	r := NewResampler(from, to)
	return r.Process(x, make([]float32, 0, r.Outputs(len(x))), true)
}
