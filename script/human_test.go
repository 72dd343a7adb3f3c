package script_test

import (
	"testing"
	"time"

	"github.com/stretchguide/guide/script"
)

func TestHuman(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{30 * time.Minute, "30m"},
		{time.Minute, "1m"},
		{5 * time.Hour, "5h"},
		{90 * time.Second, "1m30s"},
		{500 * time.Millisecond, "500ms"},
		{0, "0s"},
		{4 * time.Second, "4s"},
		{3500 * time.Millisecond, "3.5s"},
		{90 * time.Minute, "1h30m"},
		{2*time.Hour + 5*time.Second, "2h5s"},
		{time.Hour + 500*time.Millisecond, "1h500ms"},
		{-2 * time.Minute, "-2m"},
	}
	for _, tt := range tests {
		if got := script.Human(tt.d); got != tt.want {
			t.Errorf("script.Human(%v) = %q, want %q", tt.d, got, tt.want)
		}
		if back, err := time.ParseDuration(script.Human(tt.d)); err != nil || back != tt.d {
			t.Errorf("ParseDuration(script.Human(%v)) = %v, %v; want it back", tt.d, back, err)
		}
	}
}
