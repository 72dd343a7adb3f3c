package streamtest

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/gopxl/beep/v2/generators"
)

func TestDrainSilence(t *testing.T) {
	got := Drain(t, generators.Silence(1000), 300, 7)
	if len(got) != 1000 {
		t.Errorf("drained %d samples, want 1000", len(got))
	}
}

// monoSlice streams x in one channel, keeping the contract.
type monoSlice struct{ x []float32 }

func (m *monoSlice) StreamMono(samples []float32) (int, bool) {
	if len(m.x) == 0 {
		return 0, false
	}
	n := copy(samples, m.x)
	m.x = m.x[n:]
	return n, true
}

func TestDrainMono(t *testing.T) {
	x := make([]float32, 1000)
	for i := range x {
		x[i] = float32(i)
	}
	got := DrainMono(t, &monoSlice{x: x}, 300, 7)
	if len(got) != len(x) {
		t.Fatalf("drained %d samples, want %d", len(got), len(x))
	}
	for i := range x {
		if got[i] != x[i] {
			t.Fatalf("sample %d = %v, want %v", i, got[i], x[i])
		}
	}
}

// fatalRecorder is a testing.TB whose Fatalf records the message and stops
// the goroutine, so a test can check that a helper fails.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// failure runs f with a recorder and returns what it failed with, "" if
// it did not.
func failure(t *testing.T, f func(tb testing.TB)) string {
	r := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r.msg
}

// badMono streams 1000 samples with one contract breach.
type badMono struct {
	calls int
	pos   int
	how   string
}

func (b *badMono) StreamMono(samples []float32) (int, bool) {
	b.calls++
	switch b.how {
	case "too many":
		return len(samples) + 1, true
	case "negative":
		return -1, true
	case "n with false":
		if b.pos >= 1000 {
			return 1, false
		}
	case "writes beyond n":
		if len(samples) > 0 {
			samples[len(samples)-1] = 0
		}
		return 0, true
	case "more after short":
		if b.calls == 2 {
			return 1, true
		}
	case "ok after the end":
		if b.pos >= 1000 {
			return 0, b.calls%2 == 0
		}
	}
	if b.pos >= 1000 {
		return 0, false
	}
	n := min(len(samples), 1000-b.pos)
	clear(samples[:n])
	b.pos += n
	return n, true
}

// badStereo is badMono as a beep.Streamer.
type badStereo struct{ badMono }

func (b *badStereo) Stream(samples [][2]float64) (int, bool) {
	mono := make([]float32, len(samples))
	for i := range mono {
		mono[i] = 99
	}
	n, ok := b.StreamMono(mono)
	for i := range samples {
		if mono[i] != 99 {
			samples[i] = [2]float64{float64(mono[i]), float64(mono[i])}
		}
	}
	return n, ok
}

func (b *badStereo) Err() error { return nil }

func TestDrainCatchesEveryBreach(t *testing.T) {
	tests := []struct{ how, want string }{
		{"too many", "Stream returned n=301 for a buffer of 300"},
		{"negative", "Stream returned n=-1"},
		{"n with false", "with ok=false; want n=0"},
		{"writes beyond n", "wrote sample 299 beyond n=0"},
		{"more after short", "after a short buffer; want (0, false)"},
		{"ok after the end", "after the end, Stream returned (0, true)"},
	}
	for _, tt := range tests {
		t.Run(tt.how, func(t *testing.T) {
			sizes := []int{300}
			if tt.how == "more after short" {
				sizes = []int{2000, 300} // a short first buffer, then more
			}
			for _, kind := range []string{"Drain", "DrainMono"} {
				got := failure(t, func(tb testing.TB) {
					if kind == "Drain" {
						Drain(tb, &badStereo{badMono{how: tt.how}}, sizes...)
					} else {
						DrainMono(tb, &badMono{how: tt.how}, sizes...)
					}
				})
				if !strings.Contains(got, tt.want) {
					t.Errorf("%s failed with %q; want %q", kind, got, tt.want)
				}
			}
		})
	}
}
