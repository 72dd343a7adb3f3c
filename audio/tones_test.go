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
