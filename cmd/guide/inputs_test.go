package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrokenRoutinesWarnOnce checks that a folder of 500 broken routines
// costs every other command one line, and that guide check lists every
// one of them with its positioned problem.
func TestBrokenRoutinesWarnOnce(t *testing.T) {
	hermetic(t)
	dir := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "guide", "routines")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		body := fmt.Sprintf("title: Broken %d\nsteps:\n  - pose: no-such-pose-%d\n    breaths: 5\n", i, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%03d.yaml", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := "guide: warning: 500 routines in " + dir + " are left out: they have problems; guide check lists them\n"
	for _, args := range [][]string{{"plan", "morning"}, {"list"}, {"show", "morning"}} {
		_, stderr, code := runGuide(t, args...)
		if code != 0 || stderr != want {
			t.Errorf("guide %s: exit %d, stderr:\n%s\nwant one line:\n%s", strings.Join(args, " "), code, stderr, want)
		}
	}
	// One broken routine is named; asked for by name, it gives its problems.
	for i := 1; i < 500; i++ {
		os.Remove(filepath.Join(dir, fmt.Sprintf("r%03d.yaml", i)))
	}
	r0 := filepath.Join(dir, "r000.yaml")
	if _, stderr, _ := runGuide(t, "plan", "morning"); stderr != "guide: warning: your routine r000 ("+r0+") is left out: it has problems; guide check lists them\n" {
		t.Errorf("one broken routine: stderr:\n%s", stderr)
	}
	if _, stderr, code := runGuide(t, "plan", "r000"); code != 1 || !strings.HasPrefix(stderr, "guide: "+r0+`:3:11: unknown pose "no-such-pose-0"; the library has: `) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("guide plan r000: exit %d, stderr:\n%s", code, stderr)
	}
}

// TestCheckListsEveryBrokenRoutine checks that guide check lists each of
// 500 broken routines with its problem at its line and column.
func TestCheckListsEveryBrokenRoutine(t *testing.T) {
	hermetic(t)
	dir := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "guide", "routines")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		body := fmt.Sprintf("title: Broken %d\nsteps:\n  - pose: cat-cow\n    breaths: %d\n", i, i+11)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%03d.yaml", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, stderr, code := runGuide(t, "check")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for i := range 500 {
		if want := fmt.Sprintf("%s:4:14: pose cat-cow takes 5 to 10 breaths, not %d\n", filepath.Join(dir, fmt.Sprintf("r%03d.yaml", i)), i+11); !strings.Contains(stderr, want) {
			t.Fatalf("check does not list r%03d.yaml as\n%s\ngot:\n%.2000s", i, want, stderr)
		}
	}
	if want := "guide: check: 500 of 505 routines have problems\n"; !strings.HasSuffix(stderr, want) || strings.Contains(stderr, "warning") {
		t.Errorf("stderr ends:\n%s\nwant %s, and no warning", stderr[max(0, len(stderr)-300):], want)
	}
}
