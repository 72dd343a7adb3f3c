package dsp

import (
	"math"
	"testing"
)

// TestUpsample2Response doubles sines across the band the filter is made
// for (up to 0.36 of the input rate) and compares them with the same sine
// made at the doubled rate: passband error and images together stay
// under -80 dB, even samples are the input's, and the length is twice it.
func TestUpsample2Response(t *testing.T) {
	const in = 22050
	for _, f := range []float64{50, 440, 2000, 4000, 6000, 7000, 8000} {
		x := make([]int16, in)
		for i := range x {
			x[i] = int16(math.Round(20000 * math.Sin(2*math.Pi*f*float64(i)/in)))
		}
		y := Upsample2(nil, x)
		if len(y) != 2*len(x) {
			t.Fatalf("%d samples from %d", len(y), len(x))
		}
		var sig, noise float64
		for j := 200; j < len(y)-200; j++ {
			if j%2 == 0 && y[j] != x[j/2] {
				t.Fatalf("%v Hz: sample %d = %d, want the input's %d", f, j, y[j], x[j/2])
			}
			want := 20000 * math.Sin(2*math.Pi*f*float64(j)/(2*in))
			sig += want * want
			noise += (float64(y[j]) - want) * (float64(y[j]) - want)
		}
		t.Logf("%v Hz: %.1f dB", f, 10*math.Log10(noise/sig))
		if db := 10 * math.Log10(noise/sig); db > -80 {
			t.Errorf("%v Hz: error %.1f dB, want under -80 dB", f, db)
		}
	}
	// Full scale does not wrap: halfway between two full-scale samples of
	// one sign the filter overshoots past full scale (its ripple), and the
	// sample must be clamped there, not wrapped round to the other sign.
	x := make([]int16, 100)
	for i := range x {
		x[i] = []int16{32767, -32768}[i/10%2]
	}
	y := Upsample2(nil, x)
	for i := 0; i+1 < len(x); i++ {
		if (x[i] > 0) != (x[i+1] > 0) {
			continue
		}
		if v := y[2*i+1]; (v > 0) != (x[i] > 0) || v > -24576 && v < 24576 {
			t.Errorf("sample %d = %d between %d and %d: wrapped, or not near full scale", 2*i+1, v, x[i], x[i+1])
		}
	}
}

func BenchmarkUpsample2(b *testing.B) {
	x := make([]int16, 22050*10)
	for i := range x {
		x[i] = int16(10000 * math.Sin(float64(i)*0.3))
	}
	xf := make([]float32, len(x))
	for i, v := range x {
		xf[i] = FromInt16(v)
	}
	var dst []int16
	b.Run("Upsample2", func(b *testing.B) {
		for b.Loop() {
			dst = Upsample2(dst[:0], x)
		}
		b.ReportMetric(10*float64(b.N)/b.Elapsed().Seconds(), "x_real_time")
	})
	b.Run("Resample", func(b *testing.B) {
		for b.Loop() {
			Resample(xf, 22050, 44100)
		}
		b.ReportMetric(10*float64(b.N)/b.Elapsed().Seconds(), "x_real_time")
	})
}

// TestUpsample2Chunks: the chunked loop gives, sample for sample, the
// filter written plainly, across chunk edges and at both ends, and appends
// to what dst holds.
func TestUpsample2Chunks(t *testing.T) {
	x := make([]int16, 5000)
	for i := range x {
		x[i] = int16((i*7919)%65536 - 32768)
	}
	at := func(j int) float32 {
		if j < 0 || j >= len(x) {
			return 0
		}
		return float32(x[j])
	}
	got := Upsample2([]int16{1, 2, 3}, x)
	if len(got) != 3+2*len(x) || got[0] != 1 || got[2] != 3 {
		t.Fatalf("%d samples, starting %v: want dst's 3 then %d", len(got), got[:3], 2*len(x))
	}
	got = got[3:]
	for i := range x {
		var s0, s1 float32
		for k := 0; k < upHalfTaps; k += 2 {
			s0 += upCoef[k] * (at(i-k) + at(i+1+k))
			s1 += upCoef[k+1] * (at(i-k-1) + at(i+2+k))
		}
		want := ToInt16((s0 + s1) / 32767)
		if d := int(got[2*i+1]) - int(want); got[2*i] != x[i] || d > 1 || d < -1 {
			t.Fatalf("samples %d, %d = %d, %d; want %d, %d", 2*i, 2*i+1, got[2*i], got[2*i+1], x[i], want)
		}
	}
}
