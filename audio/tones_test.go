package audio

import (
	"math"
	"testing"

	"github.com/stretchguide/guide/script"
)

// pitch estimates the frequency of x from its upward zero crossings.
func pitch(x []float32) float64 {
	n := 0
	first, last := -1, -1
	for i := 1; i < len(x); i++ {
		if x[i-1] < 0 && x[i] >= 0 {
			if first < 0 {
				first = i
			}
			last = i
			n++
		}
	}
	if n < 2 {
		return 0
	}
	return float64(n-1) * script.Rate / float64(last-first)
}

func rms(x []float32) float64 {
	var s float64
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s / float64(len(x)))
}

func TestBreathTonesAreToldApartByPitchDirection(t *testing.T) {
	n := 4 * script.Rate
	q := n / 4
	tests := []struct {
		sound  script.Sound
		rising bool
	}{
		{script.Inhale, true},
		{script.Exhale, false},
	}
	for _, tt := range tests {
		x := Tone(tt.sound, n)
		if len(x) != n {
			t.Fatalf("%s: %d samples, want %d", tt.sound, len(x), n)
		}
		early, late := pitch(x[q/2:q]), pitch(x[3*q:3*q+q/2])
		if got := late > early*1.2; got != tt.rising {
			t.Errorf("%s: pitch %.0f Hz early, %.0f Hz late; want rising=%v by at least 20%%", tt.sound, early, late, tt.rising)
		}
	}
}

func TestTonesAreClickFree(t *testing.T) {
	for _, s := range []script.Sound{script.Inhale, script.Exhale, script.Bell, script.Switch, script.Close} {
		for _, n := range []int{script.Rate / 2, 3 * script.Rate, 6 * script.Rate} {
			x := Tone(s, n)
			if len(x) != n {
				t.Fatalf("%s: %d samples, want %d", s, len(x), n)
			}
			if a, b := math.Abs(float64(x[0])), math.Abs(float64(x[n-1])); a > 1e-4 || b > 1e-4 {
				t.Errorf("%s/%d: starts at %.5f and ends at %.5f; want silence at both edges", s, n, a, b)
			}
			var peak, jump float64
			for i := range x {
				peak = max(peak, math.Abs(float64(x[i])))
				if i > 0 {
					jump = max(jump, math.Abs(float64(x[i]-x[i-1])))
				}
			}
			// The steepest a 3.5 kHz partial at full level could move is
			// 2*pi*3500/44100 of its peak; nothing here may jump more.
			if jump > peak*0.5 {
				t.Errorf("%s/%d: a sample-to-sample jump of %.4f against a peak of %.4f: a click", s, n, jump, peak)
			}
			if peak > 0.5 || peak < 0.05 {
				t.Errorf("%s/%d: peak %.3f; want between 0.05 and 0.5, under the voice", s, n, peak)
			}
		}
	}
}

func TestBellsDecayAndBreathsSustain(t *testing.T) {
	n := 4 * script.Rate
	bell := Tone(script.Bell, n)
	if head, foot := rms(bell[:script.Rate/2]), rms(bell[n-script.Rate/2:]); foot > head/4 {
		t.Errorf("bell: level %.4f at the start and %.4f at the end; want a decay to under a quarter", head, foot)
	}
	in := Tone(script.Inhale, n)
	if mid := rms(in[n/2-script.Rate/4 : n/2+script.Rate/4]); mid < 0.05 {
		t.Errorf("inhale: level %.4f mid-breath; want a sustained tone", mid)
	}
	if Tone(script.Speech, n) != nil {
		t.Error("Tone(speech) made a tone")
	}
}

func TestGlideIsTheExactTone(t *testing.T) {
	// glide turns a phasor between exact points; every sample must be what
	// the formula gives it: the phase f0 (e^(kt) - 1) / k, the envelope,
	// the partials.
	exact := func(n int, f0, f1 float64, rising bool, attack float64, h []float64) []float32 {
		out := make([]float32, n)
		T := float64(n) / script.Rate
		k := math.Log(f1/f0) / T
		attack = min(attack, T/3)
		norm := min(h[0]+h[1]+h[2], 1.33)
		for i := range out {
			tt := float64(i) / script.Rate
			phase := 2 * math.Pi * f0 * (math.Exp(k*tt) - 1) / k
			amp := 1 - 0.55*tt/T
			if rising {
				amp = 0.55 + 0.45*tt/T
			}
			amp *= smooth(tt/attack) * smooth((T-tt)/attack)
			var v float64
			for j, l := range h {
				v += l * math.Sin(float64(j+1)*phase)
			}
			out[i] = float32(breathPeak / norm * amp * v)
		}
		return out
	}
	h := []float64{1, 0.25, 0.08}
	for _, c := range []struct {
		n      int
		f0, f1 float64
		rising bool
	}{
		{4 * script.Rate, 196, 293.66, true},
		{6*script.Rate + 13, 293.66, 196, false},
		{script.Rate / 3, 196, 293.66, true},
	} {
		got := make([]float32, c.n)
		glide(got, c.f0, c.f1, c.rising, 0.6, h)
		want := exact(c.n, c.f0, c.f1, c.rising, 0.6, h)
		var worst float64
		for i := range got {
			worst = max(worst, math.Abs(float64(got[i]-want[i])))
		}
		if db := 20 * math.Log10(worst/breathPeak); db > -100 {
			t.Errorf("%d samples from %g Hz to %g Hz: a sample is off by %.1f dB of the peak, want under -100", c.n, c.f0, c.f1, db)
		}
	}
}
