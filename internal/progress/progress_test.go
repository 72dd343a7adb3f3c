package progress

import (
	"bytes"
	"os"
	"testing"
	"time"
)

func TestLine(t *testing.T) {
	now := time.Unix(0, 0)
	clock := func() time.Time { return now }
	tests := []struct {
		name  string
		tty   bool
		steps []time.Duration // when each Fraction comes, from the start
		want  string
	}{
		{"quick: nothing", true, []time.Duration{100 * time.Millisecond, time.Second}, ""},
		{"slow: shown, at most every 200 ms, then cleared", true, []time.Duration{time.Second, 1600 * time.Millisecond, 1700 * time.Millisecond, 1900 * time.Millisecond},
			"\r\033[Kguide: rendering x.m4a 40%\r\033[Kguide: rendering x.m4a 80%\r\033[K"},
		{"not a terminal: nothing", false, []time.Duration{2 * time.Second, 3 * time.Second}, ""},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		now = time.Unix(0, 0)
		l := newLine(&b, "guide: rendering x.m4a", tt.tty, Delay, clock)
		for i, at := range tt.steps {
			now = time.Unix(0, 0).Add(at)
			l.Fraction(float64(i+1) / 5)
		}
		l.Done()
		if got := b.String(); got != tt.want {
			t.Errorf("%s: wrote %q; want %q", tt.name, got, tt.want)
		}
	}
	var nilLine *Line
	nilLine.Fraction(0.5) // a nil line shows nothing
	nilLine.Done()
}

// TestNullIsNoTerminal: /dev/null is a character device, not a terminal,
// so a progress line written there would only be wasted work.
func TestNullIsNoTerminal(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if IsTerminal(null) {
		t.Errorf("IsTerminal(%s) = true; want false", os.DevNull)
	}
	if IsTerminal(new(bytes.Buffer)) {
		t.Error("IsTerminal of a buffer = true; want false")
	}
}
