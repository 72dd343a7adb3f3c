// Package streamtest checks that streamers keep beep's Stream contract.
package streamtest

import (
	"math"
	"testing"

	"github.com/gopxl/beep/v2"
)

// Drain streams s to the end in buffers of the given sizes (cycled), and
// fails t unless every call follows one of beep's three legal patterns:
// a full buffer with ok; a short buffer with ok, after which only (0, false)
// may follow; or (0, false), forever after. It returns every sample.
func Drain(t testing.TB, s beep.Streamer, sizes ...int) [][2]float64 {
	t.Helper()
	var out [][2]float64
	drain(t, sizes, func(size int) (int, bool, int) {
		buf := make([][2]float64, size)
		for i := range buf {
			buf[i] = [2]float64{99, 99} // must stay untouched beyond n
		}
		n, ok := s.Stream(buf)
		if n >= 0 && n <= size {
			for i := n; i < size; i++ {
				if buf[i] != [2]float64{99, 99} {
					return n, ok, i
				}
			}
			out = append(out, buf[:n]...)
		}
		return n, ok, -1
	})
	return out
}

// MonoStreamer is a one-channel stream with beep's Stream contract, as
// audio.Session.StreamMono and export.Source have it.
type MonoStreamer interface {
	StreamMono(samples []float32) (n int, ok bool)
}

// DrainMono is Drain for a MonoStreamer: it streams s to the end in
// buffers of the given sizes (cycled), fails t unless every call follows
// one of beep's three legal patterns, and returns every sample.
func DrainMono(t testing.TB, s MonoStreamer, sizes ...int) []float32 {
	t.Helper()
	var out []float32
	untouched := float32(math.NaN())
	drain(t, sizes, func(size int) (int, bool, int) {
		buf := make([]float32, size)
		for i := range buf {
			buf[i] = untouched // must stay untouched beyond n
		}
		n, ok := s.StreamMono(buf)
		if n >= 0 && n <= size {
			for i := n; i < size; i++ {
				if math.Float32bits(buf[i]) != math.Float32bits(untouched) {
					return n, ok, i
				}
			}
			out = append(out, buf[:n]...)
		}
		return n, ok, -1
	})
	return out
}

// drain runs the contract check: call streams one buffer of size samples
// and returns what Stream returned and the index of a sample written
// beyond n, or -1.
func drain(t testing.TB, sizes []int, call func(size int) (n int, ok bool, wrote int)) {
	t.Helper()
	if len(sizes) == 0 {
		sizes = []int{512}
	}
	short := false
	for c := 0; ; c++ {
		size := sizes[c%len(sizes)]
		n, ok, wrote := call(size)
		switch {
		case n < 0 || n > size:
			t.Fatalf("call %d: Stream returned n=%d for a buffer of %d", c, n, size)
		case wrote >= 0:
			t.Fatalf("call %d: Stream wrote sample %d beyond n=%d", c, wrote, n)
		case !ok && n != 0:
			t.Fatalf("call %d: Stream returned n=%d with ok=false; want n=0", c, n)
		case short && (ok || n != 0):
			t.Fatalf("call %d: Stream returned (%d, %v) after a short buffer; want (0, false)", c, n, ok)
		}
		if !ok {
			if n, ok, _ := call(size); n != 0 || ok {
				t.Fatalf("after the end, Stream returned (%d, %v); want (0, false)", n, ok)
			}
			return
		}
		if n < size {
			short = true
		}
	}
}
