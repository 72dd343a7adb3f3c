package config

import (
	"testing"
	"time"
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
		if got := human(tt.d); got != tt.want {
			t.Errorf("human(%v) = %q, want %q", tt.d, got, tt.want)
		}
		if back, err := time.ParseDuration(human(tt.d)); err != nil || back != tt.d {
			t.Errorf("ParseDuration(human(%v)) = %v, %v; want it back", tt.d, back, err)
		}
	}
}

func TestHumanDurations(t *testing.T) {
	if got, want := humanDurations("pace.move is 1h0m0s; want 0s to 5m0s, not -2m0s or 1m30s"), "pace.move is 1h; want 0s to 5m, not -2m or 1m30s"; got != want {
		t.Errorf("humanDurations = %q, want %q", got, want)
	}
}

// TestDurationsInMessagesAsPeopleWriteThem checks Load's messages and
// config show.
func TestDurationsInMessagesAsPeopleWriteThem(t *testing.T) {
	_, err := Load(Source{Sets: []string{"pace.exhale=90s", "length=5h", "audio.buffer=2s", "remind.every=500ms"}, Environ: []string{noUserConfig(t)}})
	want := `config: --set length=5h: length is 5h; want 1m to 4h, or 0s to play routines as written
config: --set pace.exhale=90s: pace.exhale is 1m30s; want 500ms to 1m
config: --set audio.buffer=2s: audio.buffer is 2s; want 10ms to 1s
config: --set remind.every=500ms: remind.every is 500ms; want 1s or more, such as 30m`
	if err == nil || err.Error() != want {
		t.Errorf("Load error:\n%v\nwant:\n%s", err, want)
	}
	_, settings, err := Resolve(Source{Environ: []string{noUserConfig(t)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range settings {
		if s.Key == "remind.every" && s.Value != "30m" {
			t.Errorf("config show: remind.every is %s, want 30m", s.Value)
		}
	}
}
