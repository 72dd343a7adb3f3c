package wer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := map[string]string{
		"Cat-Cow.":                           "cat cow",
		"Child's pose.":                      "child's pose",
		"Next:":                              "next",
		"<s> the(2) [noise] back <sil> </s>": "the back",
		"  Breathe in.  Belly sinks, gaze lifts.": "breathe in belly sinks gaze lifts",
	}
	for in, want := range tests {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestAlign(t *testing.T) {
	tests := []struct {
		ref, hyp      string
		sub, del, ins int
	}{
		{"sink your hips back", "sink your hips back", 0, 0, 0},
		{"sink your hips back", "sync your hips back", 1, 0, 0},
		{"sink your hips back", "sink hips back", 0, 1, 0},
		{"sink your hips back", "sink your hips right back", 0, 0, 1},
		{"walk your hands forward", "want your hands", 1, 1, 0},
		{"a b", "", 0, 2, 0},
		{"", "a b", 0, 0, 2},
	}
	for _, tt := range tests {
		s, d, i := Align(strings.Fields(tt.ref), strings.Fields(tt.hyp))
		if s != tt.sub || d != tt.del || i != tt.ins {
			t.Errorf("Align(%q, %q) = %d, %d, %d; want %d, %d, %d", tt.ref, tt.hyp, s, d, i, tt.sub, tt.del, tt.ins)
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		said, heard string
		want        Counts
		rate        float64
	}{
		{"Breathe in.", "breathe in", Counts{2, 0, 0, 0}, 0},
		{"Breathe in. Belly sinks.", "breathe in the belly thinks", Counts{4, 1, 0, 1}, 0.5},
		{"Cat-Cow.", "", Counts{2, 0, 2, 0}, 1},
		{"", "noise", Counts{0, 0, 0, 1}, 1},
	}
	for _, tt := range tests {
		got := Compare(tt.said, tt.heard)
		if got != tt.want || got.Rate() != tt.rate {
			t.Errorf("Compare(%q, %q) = %+v, rate %v; want %+v, rate %v", tt.said, tt.heard, got, got.Rate(), tt.want, tt.rate)
		}
	}
	sum := Counts{4, 1, 0, 1}.Add(Counts{6, 0, 2, 0})
	if want := (Counts{10, 1, 2, 1}); sum != want || sum.Errors() != 4 || sum.Rate() != 0.4 {
		t.Errorf("Add = %+v (%d errors, rate %v); want %+v, 4 errors, rate 0.4", sum, sum.Errors(), sum.Rate(), want)
	}
}

func TestReadHyp(t *testing.T) {
	name := filepath.Join(t.TempDir(), "out.hyp")
	os.WriteFile(name, []byte("sync your hips back (p00 -18118)\n(p01 -200)\nthe(2) end (p02 -5)\n"), 0o644)
	got, err := ReadHyp(name)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"p00": "sync your hips back", "p01": "", "p02": "the end"}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s: %q; want %q", k, g, v)
		}
	}
}
