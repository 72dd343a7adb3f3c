package main

import (
	"strings"
	"testing"
)

func TestReadPhrases(t *testing.T) {
	got, err := readPhrases("-", strings.NewReader("Breathe in.\n\n  Breathe out.  \nBreathe in.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Breathe in.", "Breathe out."}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("readPhrases = %q; want %q", got, want)
	}
	if _, err := readPhrases("-", strings.NewReader("\n \n")); err == nil || !strings.Contains(err.Error(), "no phrases") {
		t.Errorf("readPhrases of blank lines: %v; want \"no phrases\"", err)
	}
}
