// Package streamtest checks that streamers keep beep's Stream contract.
package streamtest

import (
	"testing"

	"github.com/gopxl/beep/v2"
)

// Drain streams s to the end in buffers of the given sizes (cycled), and
// fails t unless every call follows one of beep's three legal patterns:
// a full buffer with ok; a short buffer with ok, after which only (0, false)
// may follow; or (0, false), forever after. It returns every sample.
func Drain(t testing.TB, s beep.Streamer, sizes ...int) [][2]float64 {
	t.Helper()
	if len(sizes) == 0 {
		sizes = []int{512}
	}
	var out [][2]float64
	short := false
	for call := 0; ; call++ {
		size := sizes[call%len(sizes)]
		buf := make([][2]float64, size)
		for i := range buf {
			buf[i] = [2]float64{99, 99} // must stay untouched beyond n
		}
		n, ok := s.Stream(buf)
		switch {
		case n < 0 || n > size:
			t.Fatalf("call %d: Stream returned n=%d for a buffer of %d", call, n, size)
		case !ok && n != 0:
			t.Fatalf("call %d: Stream returned n=%d with ok=false; want n=0", call, n)
		case short && (ok || n != 0):
			t.Fatalf("call %d: Stream returned (%d, %v) after a short buffer; want (0, false)", call, n, ok)
		}
		for i := n; i < size; i++ {
			if buf[i] != [2]float64{99, 99} {
				t.Fatalf("call %d: Stream wrote sample %d beyond n=%d", call, i, n)
			}
		}
		out = append(out, buf[:n]...)
		if !ok {
			if n, ok := s.Stream(buf); n != 0 || ok {
				t.Fatalf("after the end, Stream returned (%d, %v); want (0, false)", n, ok)
			}
			return out
		}
		if n < size {
			short = true
		}
	}
}
