package dsp

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

const rate = 44100

func TestMeterAgreesWithBS1770(t *testing.T) {
	// EBU Tech 3341, test 1 at another level: a 1 kHz sine at -20 dBFS on
	// both channels measures -20 LUFS.
	n := 20 * rate
	x := make([]float32, 2*n)
	amp := math.Pow(10, -20.0/20)
	for i := range n {
		v := float32(amp * math.Sin(2*math.Pi*1000*float64(i)/rate))
		x[2*i], x[2*i+1] = v, v
	}
	m := NewMeter(2, rate)
	m.Write(x)
	if got := m.Integrated(); math.Abs(got-(-20)) > 0.1 {
		t.Errorf("1 kHz at -20 dBFS in stereo: %.2f LUFS, want -20", got)
	}
	if got := m.TruePeak(); math.Abs(got-(-20)) > 0.1 {
		t.Errorf("true peak %.2f dBTP, want -20", got)
	}
	if got := m.SamplePeak(); math.Abs(got-(-20)) > 0.01 {
		t.Errorf("sample peak %.2f dBFS, want -20", got)
	}
	// One channel of it is 3 dB less.
	mono := make([]float64, n)
	for i := range mono {
		mono[i] = float64(x[2*i])
	}
	if got := Loudness(mono, rate); math.Abs(got-(-23.01)) > 0.1 {
		t.Errorf("1 kHz at -20 dBFS in mono: Loudness %.2f LUFS, want -23.01", got)
	}
	if got := NewMeter(1, rate).Integrated(); !math.IsInf(got, -1) {
		t.Errorf("the loudness of nothing is %v, want -Inf", got)
	}
	if got := Loudness(make([]float64, rate), rate); !math.IsInf(got, -1) {
		t.Errorf("the loudness of silence is %v, want -Inf", got)
	}
}

func TestTruePeakSeesBetweenSamples(t *testing.T) {
	// A sine at a quarter of the rate, sampled at ±45°: every sample is
	// 0.707 of its peak, which lies between them.
	n := rate
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(0.5 * math.Sin(2*math.Pi*float64(i)/4+math.Pi/4))
	}
	m := NewMeter(1, rate)
	m.Write(x)
	if sp, tp := m.SamplePeak(), m.TruePeak(); math.Abs(sp-20*math.Log10(0.5/math.Sqrt2)) > 0.01 || math.Abs(tp-20*math.Log10(0.5)) > 0.2 {
		t.Errorf("sample peak %.2f dBFS, true peak %.2f dBTP; want %.2f and %.2f", sp, tp, 20*math.Log10(0.5/math.Sqrt2), 20*math.Log10(0.5))
	}
}

// spoken is a voice-like buzz peaking at level over n samples, with noise
// at noiseDB and pad samples of it either side.
func spoken(pad, n int, level, noiseDB float64) []float32 {
	r := rand.New(rand.NewPCG(1, 2))
	c := make([]float32, pad+n+pad)
	noise := math.Pow(10, noiseDB/20)
	for i := range c {
		c[i] = float32(noise * r.NormFloat64())
	}
	for i := range n {
		x := float64(i) / rate
		env := min(1, float64(i)/200, float64(n-i)/200)
		c[pad+i] += float32(level * env * (0.6*math.Sin(2*math.Pi*150*x) + 0.3*math.Sin(2*math.Pi*450*x) + 0.1*math.Sin(2*math.Pi*2500*x)))
	}
	return c
}

// TestLoudnessAgreesWithMeter checks the clip loudness against the
// session's BS.1770 meter on a long signal, where their block handling
// does not matter.
func TestLoudnessAgreesWithMeter(t *testing.T) {
	c := spoken(rate, 10*rate, 0.3, -60)
	s := make([]float64, len(c))
	for i, v := range c {
		s[i] = float64(v)
	}
	m := NewMeter(1, rate)
	m.Write(c)
	a, b := Loudness(s, rate), m.Integrated()
	if math.Abs(a-b) > 0.1 {
		t.Errorf("Loudness %.3f LUFS, Meter %.3f LUFS", a, b)
	}
	if a < -30 || a > -10 {
		t.Errorf("Loudness %.3f LUFS: the signal is not what the test means", a)
	}
}

func TestProfile(t *testing.T) {
	c := spoken(rate/4, rate, 0.3, math.Inf(-1))
	pcm := make([]int16, len(c))
	x := make([]float32, len(c))
	for i, v := range c {
		pcm[i] = ToInt16(v)
		x[i] = FromInt16(pcm[i])
	}
	p := Profile(pcm)
	if len(p) != ProfileLen(len(pcm)) {
		t.Fatalf("%d chunks for %d samples, want ProfileLen = %d", len(p), len(pcm), ProfileLen(len(pcm)))
	}
	if got := ProfileFloat(x); !slices.Equal(got, p) {
		t.Error("Profile and ProfileFloat of the same samples differ")
	}
	for _, tt := range []struct{ n, want int }{{0, ProfileTail}, {1, 1 + ProfileTail}, {ProfileChunk, 1 + ProfileTail}, {ProfileChunk + 1, 2 + ProfileTail}} {
		if got := ProfileLen(tt.n); got != tt.want {
			t.Errorf("ProfileLen(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
	// The profile adds up to the K-weighted energy the loudness is made of:
	// for a steady sound, ungated, the loudness itself.
	sine := make([]int16, 4*rate)
	for i := range sine {
		sine[i] = int16(math.Round(3277 * math.Sin(2*math.Pi*1000*float64(i)/rate)))
	}
	var e float64
	sp := Profile(sine)
	for _, v := range sp {
		e += float64(v)
	}
	s := make([]float64, len(sine))
	for i, v := range sine {
		s[i] = float64(FromInt16(v))
	}
	if got, want := -0.691+10*math.Log10(e/float64(len(sine))), Loudness(s, rate); math.Abs(got-want) > 0.05 {
		t.Errorf("the profile's energy makes %.3f LUFS, Loudness %.3f", got, want)
	}
	// The tail rings on after a sound that stops short, and dies away.
	tail := sp[len(sp)-ProfileTail:]
	if tail[0] == 0 || tail[len(tail)-1] > tail[0]/100 {
		t.Errorf("the tail's energy runs %v; want it to ring and fade", tail)
	}
}

func TestResamplerKeepsToneAndRemovesAliases(t *testing.T) {
	sine := func(f float64, n int) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(0.5 * math.Sin(2*math.Pi*f*float64(i)/rate))
		}
		return x
	}
	level := func(x []float32) float64 { return rms(x[len(x)/4 : 3*len(x)/4]) }
	for _, tt := range []struct {
		rate int
		freq float64
		want float64 // rms after
	}{
		{48000, 1000, 0.5 / math.Sqrt2},
		{22050, 1000, 0.5 / math.Sqrt2},
		{8000, 1000, 0.5 / math.Sqrt2},
		{22050, 15000, 0}, // above the new Nyquist: gone, not folded
		{16000, 10000, 0},
	} {
		x := sine(tt.freq, rate)
		r := NewResampler(rate, tt.rate)
		var out []float32
		for i := 0; i < len(x); i += 1000 {
			out = r.Process(x[i:min(i+1000, len(x))], out, false)
		}
		out = r.Process(nil, out, true)
		if len(out) != tt.rate {
			t.Errorf("%d Hz: %d samples from 1 s, want %d", tt.rate, len(out), tt.rate)
		}
		if got := level(out); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("%v Hz at %d Hz: rms %.4f, want %.4f", tt.freq, tt.rate, got, tt.want)
		}
		// Resample does the same at once.
		if whole := Resample(x, rate, tt.rate); !slices.Equal(whole, out) {
			t.Errorf("%d Hz: Resample differs from streaming the resampler", tt.rate)
		}
	}
}

func TestResampleKeepsTiming(t *testing.T) {
	// Sample i lands at i*to/from: an impulse at 1 s is at 1 s after.
	for _, to := range []int{8000, 22050, 48000, 96000} {
		x := make([]float32, 2*rate)
		x[rate] = 1
		y := Resample(x, rate, to)
		if len(y) != 2*to {
			t.Errorf("%d Hz: %d samples from 2 s, want %d", to, len(y), 2*to)
		}
		at := 0
		for i, v := range y {
			if math.Abs(float64(v)) > math.Abs(float64(y[at])) {
				at = i
			}
		}
		if at != to {
			t.Errorf("%d Hz: the impulse at 1 s lands at sample %d, want %d", to, at, to)
		}
	}
}

func rms(x []float32) float64 {
	var s float64
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s / float64(len(x)))
}

// TestToInt16 checks the rounding and clipping of the one conversion every
// rendered sample goes through.
func TestToInt16(t *testing.T) {
	for _, c := range []struct {
		in   float32
		want int16
	}{
		{0, 0},
		{1, 32767},
		{-1, -32767},
		{1.5, 32767}, // clipped
		{-7, -32767},
		{0.5 / 32767, 1}, // halves round away from zero
		{-0.5 / 32767, -1},
		{0.49 / 32767, 0},
		{-0.49 / 32767, 0},
		{1000.4 / 32767, 1000},
		{-1000.6 / 32767, -1001},
		{float32(math.Inf(1)), 32767},
		{float32(math.Inf(-1)), -32767},
	} {
		if got := ToInt16(c.in); got != c.want {
			t.Errorf("ToInt16(%g) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestFromInt16AndPeak(t *testing.T) {
	for _, c := range []struct {
		in   int16
		want float32
	}{{0, 0}, {16384, 0.5}, {-32768, -1}, {32767, 32767.0 / 32768}, {1, 1.0 / 32768}} {
		if got := FromInt16(c.in); got != c.want {
			t.Errorf("FromInt16(%d) = %v, want %v", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		in   []int16
		want int32
	}{{nil, 0}, {[]int16{3, -5, 4}, 5}, {[]int16{-32768}, 32768}, {[]int16{32767, 0}, 32767}} {
		if got := Peak(c.in); got != c.want {
			t.Errorf("Peak(%v) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestKFilterComesToRestInSilence(t *testing.T) {
	// A sound, then a minute of digital silence (a pause between cues).
	// The filter's state must reach exactly 0, not linger among the
	// subnormal numbers, where each step costs fifty times as much.
	for _, r := range []float64{rate, ProfileRate, 48000} {
		k := NewKFilter(r)
		for i := range 4410 {
			k.Step(0.5 * math.Sin(float64(i)))
		}
		for range 60 * int(r) {
			k.Step(0)
		}
		for _, z := range []float64{k.shelf.z1, k.shelf.z2, k.hp.z1, k.hp.z2} {
			if z != 0 {
				t.Errorf("at %g Hz: after a minute of silence the filter holds %g (subnormal: %v), want 0", r, z, math.Abs(z) < 0x1p-1022)
			}
		}
	}
}

func TestKFilterEnergyIsStepSquared(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, 3*settleBlock+17)
	for i := range x {
		x[i] = float32(r.NormFloat64() * 0.2)
	}
	a, b := NewKFilter(rate), NewKFilter(rate)
	var want float64
	for _, v := range x {
		y := a.Step(float64(v))
		want += y * y
	}
	got := b.Energy(x[:101]) + b.Energy(x[101:])
	near := func(u, v float64) bool { return math.Abs(u-v) <= 1e-12*max(1, math.Abs(v)) }
	if !near(got, want) || !near(b.shelf.z1, a.shelf.z1) || !near(b.shelf.z2, a.shelf.z2) ||
		!near(b.hp.z1, a.hp.z1) || !near(b.hp.z2, a.hp.z2) {
		t.Errorf("Energy gives %.17g and leaves the filter at %+v; Step, %.17g and %+v", got, b, want, a)
	}
}

func BenchmarkKFilterEnergy(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, rate)
	for i := range x {
		x[i] = float32(r.NormFloat64() * 0.2)
	}
	k := NewKFilter(rate)
	b.SetBytes(int64(len(x)))
	for b.Loop() {
		k.Energy(x)
	}
	b.ReportMetric(float64(b.N)*float64(len(x))/rate/b.Elapsed().Seconds(), "x-realtime")
}
