package main

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
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q; want %q", in, got, want)
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
		s, d, i := align(fields(tt.ref), fields(tt.hyp))
		if s != tt.sub || d != tt.del || i != tt.ins {
			t.Errorf("align(%q, %q) = %d, %d, %d; want %d, %d, %d", tt.ref, tt.hyp, s, d, i, tt.sub, tt.del, tt.ins)
		}
	}
}

func fields(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Fields(s)
}

func TestReadHyp(t *testing.T) {
	name := filepath.Join(t.TempDir(), "out.hyp")
	os.WriteFile(name, []byte("sync your hips back (p00 -18118)\n(p01 -200)\nthe(2) end (p02 -5)\n"), 0o644)
	got, err := readHyp(name)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"p00": "sync your hips back", "p01": "", "p02": "the end"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q; want %q", k, got[k], v)
		}
	}
}
