package suggest

import "testing"

func TestClosest(t *testing.T) {
	keys := []string{"pace.inhale", "pace.exhale", "pace.hold", "pace.preset", "routine"}
	tests := []struct{ word, want string }{
		{"pace.inhail", "pace.inhale"},
		{"pace.exhail", "pace.exhale"},
		{"routin", "routine"},
		{"pace.hld", "pace.hold"},
		{"volume", ""},
		{"colour", ""},
		{"pace.breath", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.word, keys); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestHint(t *testing.T) {
	if got, want := Hint("brethes", []string{"breaths", "hold"}), " (did you mean breaths?)"; got != want {
		t.Errorf("Hint = %q, want %q", got, want)
	}
	if got := Hint("zzzzzzzz", []string{"breaths"}); got != "" {
		t.Errorf("Hint for a far word = %q, want none", got)
	}
}
