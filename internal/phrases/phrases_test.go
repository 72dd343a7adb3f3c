package phrases

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestTimeLeft(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{time.Second, "A few seconds left."},
		{4 * time.Second, "Five seconds left."},
		{12 * time.Second, "Ten seconds left."},
		{13 * time.Second, "Fifteen seconds left."},
		{27 * time.Second, "Twenty-five seconds left."},
		{57 * time.Second, "Fifty-five seconds left."},
		{58 * time.Second, "About one minute left."},
		{150 * time.Second, "About three minutes left."},
		{10 * time.Minute, "About ten minutes left."},
		{11 * time.Minute, "More than ten minutes left."},
	}
	for _, tt := range tests {
		if got := TimeLeft(tt.d); got != tt.want {
			t.Errorf("TimeLeft(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// TestAllHasEveryPhrase checks that every phrase the helpers can return is
// in All, so the voice pack has a clip for each.
func TestAllHasEveryPhrase(t *testing.T) {
	for d := time.Duration(0); d < 15*time.Minute; d += 250 * time.Millisecond {
		if p := TimeLeft(d); !slices.Contains(All, p) {
			t.Errorf("TimeLeft(%v) = %q, not in All", d, p)
		}
	}
	for _, s := range []string{"left", "right"} {
		if !slices.Contains(All, Side(s)) {
			t.Errorf("Side(%q) not in All", s)
		}
	}
	seen := map[string]bool{}
	for _, p := range All {
		if seen[p] {
			t.Errorf("%q is in All twice", p)
		}
		seen[p] = true
	}
}

func ExampleTimeLeft() {
	fmt.Println(TimeLeft(15 * time.Second))
	fmt.Println(TimeLeft(2 * time.Minute))
	// Output:
	// Fifteen seconds left.
	// About two minutes left.
}
