package dsp

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// The limiter as a session runs it: -1.5 dBTP, a 3 ms look-ahead, half a
// second to recover.
const testCeiling = -1.5

func newTestLimiter() *Limiter {
	return NewLimiter(44100, testCeiling, 3*time.Millisecond, 500*time.Millisecond)
}

// limiterInput is speech-like: bursts of a few partials, some far over the
// ceiling, some under it, with silences between.
func limiterInput(n int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 7))
	x := make([]float32, n)
	for at := 0; at < n; {
		length := 500 + rng.IntN(20000)
		level := rng.Float64() * 1.8
		f1, f2 := 100+rng.Float64()*400, 1000+rng.Float64()*8000
		for i := at; i < min(at+length, n); i++ {
			t := float64(i - at)
			env := math.Sin(math.Pi * t / float64(length))
			x[i] = float32(level * env * (0.7*math.Sin(2*math.Pi*f1*t/44100) + 0.3*math.Sin(2*math.Pi*f2*t/44100)))
		}
		at += length + rng.IntN(10000)
	}
	return x
}

// runLimiter runs x through a fresh limiter in blocks of the given sizes
// (cycled) and returns the output aligned with the input.
func runLimiter(x []float32, sizes ...int) []float32 {
	l := newTestLimiter()
	d := l.Delay()
	in := append(slices.Clone(x), make([]float32, d)...)
	out := make([]float32, len(in))
	for i, k := 0, 0; i < len(in); k++ {
		m := min(sizes[k%len(sizes)], len(in)-i)
		l.Process(in[i:i+m], out[i:i+m], false)
		i += m
	}
	return out[d:]
}

func TestLimiterHoldsTheCeilingBetweenSamples(t *testing.T) {
	x := limiterInput(30*44100, 1)
	y := runLimiter(x, 4096)
	m := NewMeter(1, 44100)
	m.Write(y)
	if tp := m.TruePeak(); tp > testCeiling+0.01 {
		t.Errorf("true peak %.3f dBTP, want at most %.1f", tp, testCeiling)
	}
	mx := NewMeter(1, 44100)
	mx.Write(x)
	if tp := mx.TruePeak(); tp < 3 {
		t.Fatalf("the input peaks at only %.1f dBTP: the test limits nothing", tp)
	}
}

func TestLimiterIsTransparentUnderTheCeiling(t *testing.T) {
	x := limiterInput(10*44100, 2)
	for i := range x {
		x[i] *= 0.3 // peaks under -5 dBFS
	}
	if y := runLimiter(x, 1000); !slices.Equal(y, x) {
		t.Error("a signal under the ceiling came out changed")
	}
}

func TestLimiterGainIsSmooth(t *testing.T) {
	x := limiterInput(20*44100, 3)
	y := runLimiter(x, 4096)
	l := newTestLimiter()
	for i := range x {
		if math.Abs(float64(x[i])) < 0.05 {
			continue // the gain is not seen where the signal is small
		}
		g := float64(y[i]) / float64(x[i])
		if g > 1+1e-6 || g <= 0 {
			t.Fatalf("sample %d: gain %v", i, g)
		}
	}
	// The gain moves by at most 1/L per sample: compare neighbours.
	worst := 0.0
	for i := 1; i < len(x); i++ {
		if math.Abs(float64(x[i])) > 0.05 && math.Abs(float64(x[i-1])) > 0.05 {
			d := math.Abs(float64(y[i])/float64(x[i]) - float64(y[i-1])/float64(x[i-1]))
			worst = max(worst, d)
		}
	}
	if worst > 1.0/float64(l.L)+1e-4 {
		t.Errorf("the gain jumps by %.5f in one sample; want at most 1/%d", worst, l.L)
	}
}

func TestLimiterDoesNotDependOnBlockSizes(t *testing.T) {
	x := limiterInput(15*44100, 4)
	want := runLimiter(x, 4096)
	for _, sizes := range [][]int{{1}, {7, 300, 4096}, {65536}} {
		if got := runLimiter(x, sizes...); !slices.Equal(got, want) {
			t.Errorf("blocks of %v: the output differs", sizes)
		}
	}
}

func TestLimiterForgetsAfterWarmup(t *testing.T) {
	x := limiterInput(20*44100, 5)
	want := runLimiter(x, 4096)
	l := newTestLimiter()
	for _, from := range []int{100, 5 * 44100, 11*44100 + 17} {
		start := max(0, from-l.Warmup())
		got := runLimiter(x[start:], 4096)
		for i := from; i < len(x); i++ {
			if got[i-start] != want[i] {
				t.Fatalf("started at %d: sample %d = %v, want %v", start, i, got[i-start], want[i])
			}
		}
	}
}

func TestLimiterRunsForAnHour(t *testing.T) {
	// Long enough for the limiter to drop old input many times, between
	// every mix of limited and quiet stretches.
	n := 10 * 60 * 44100
	if testing.Short() {
		n /= 10
	}
	x := limiterInput(n, 6)
	y := runLimiter(x, 4096, 333, 4096, 1)
	ceiling := float32(math.Pow(10, testCeiling/20))
	for i, v := range y {
		if v > ceiling || v < -ceiling {
			t.Fatalf("sample %d: %v over the ceiling", i, v)
		}
	}
}

func TestLimiterDelayAndReduction(t *testing.T) {
	l := newTestLimiter()
	// Delay lags the output exactly: an impulse under the ceiling comes
	// out Delay() samples late, unchanged.
	in := make([]float32, 1000)
	in[10] = 0.5
	out := make([]float32, len(in))
	l.Process(in, out, false)
	for i, v := range out {
		want := float32(0)
		if i == 10+l.Delay() {
			want = 0.5
		}
		if v != want {
			t.Fatalf("sample %d = %v, want %v: the output lags by Delay() = %d", i, v, want, l.Delay())
		}
	}
	if r := l.Reduction(); r != 0 {
		t.Errorf("Reduction = %v dB with nothing limited, want 0", r)
	}
	// 6 dB over the ceiling is brought down by 6 dB (about: the true peak
	// of a sine is its amplitude).
	x := make([]float32, 44100)
	over := math.Pow(10, (testCeiling+6)/20)
	for i := range x {
		x[i] = float32(over * math.Sin(2*math.Pi*100*float64(i)/44100))
	}
	l.Process(x, make([]float32, len(x)), false)
	if r := l.Reduction(); math.Abs(r-6) > 0.1 {
		t.Errorf("Reduction = %.2f dB for a sine 6 dB over the ceiling, want 6", r)
	}
	l.Reset()
	if r := l.Reduction(); r != 0 {
		t.Errorf("Reduction = %v dB after Reset, want 0", r)
	}
	if q := float64(l.Quiet()); q <= 0 || q >= math.Pow(10, testCeiling/20) {
		t.Errorf("Quiet = %v; want a level under the ceiling", q)
	}
}

// BenchmarkLimiter limits speech-like peaks: the worst case, oversampling
// every block.
func BenchmarkLimiter(b *testing.B) {
	x := make([]float32, 1<<16)
	for i := range x {
		x[i] = float32(1.4 * math.Sin(float64(i)*0.07) * math.Sin(float64(i)*0.0005))
	}
	l := newTestLimiter()
	out := make([]float32, len(x))
	n := 0
	for b.Loop() {
		l.Process(x, out, false)
		n += len(x)
	}
	b.ReportMetric(float64(n)/44100/b.Elapsed().Seconds(), "x-realtime")
}
