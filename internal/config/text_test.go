package config

import (
	"testing"
)

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
