package main

import (
	"testing"
)

func TestCues(t *testing.T) {
	data := []byte(`{"schema": 1, "rate": 44100, "events": [
		{"start": 0, "length": 100, "sound": "speech", "text": "Welcome."},
		{"start": 100, "length": 50, "sound": "bell"},
		{"start": 200, "length": 400, "sound": "inhale"},
		{"start": 150, "length": 60, "sound": "speech", "text": "Breathe in."},
		{"start": 600, "length": 400, "sound": "exhale"},
		{"start": 900, "length": 50, "sound": "speech", "text": "Out."},
		{"start": 1000, "length": 50, "sound": "speech", "text": "After."},
		{"start": 1100, "length": 0, "sound": "speech", "text": "Never said."}
	]}`)
	got, rate, err := cues(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []cue{
		{"Welcome.", 0, 100, false},
		{"Breathe in.", 150, 60, true}, // the inhale starts 10 samples before it ends
		{"Out.", 900, 50, true},
		{"After.", 1000, 50, false}, // starts where the exhale ends
	}
	if rate != 44100 || len(got) != len(want) {
		t.Fatalf("cues = %+v at %d Hz; want %+v at 44100 Hz", got, rate, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cue %d = %+v; want %+v", i, got[i], want[i])
		}
	}
	for _, bad := range []string{`{"events": []}`, `{"events": [{"sound": "bell", "length": 5}]}`, `not json`} {
		if _, _, err := cues([]byte(bad)); err == nil {
			t.Errorf("cues(%s): no error", bad)
		}
	}
}
