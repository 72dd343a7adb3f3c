package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchguide/guide/internal/history"
)

func TestHistoryCommand(t *testing.T) {
	hermetic(t)
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	path := filepath.Join(state, "guide", "history.jsonl")
	rec := history.Record{Routine: "morning", Title: "Morning", Start: time.Now().Add(-time.Hour), Planned: 300, Played: 300,
		LastStep: "Cat-Cow", Step: 2, Steps: 5, Completed: true, Ended: history.EndedDone}
	if err := history.Append(path, rec); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("garbage\n")
	f.Close()
	out, stderr, code := runGuide(t, "history")
	if code != 0 || !strings.Contains(out, "Morning") || !strings.Contains(out, "Streak: 1 day in a row.") ||
		!strings.Contains(stderr, path+":2: not a session record, skipped") {
		t.Errorf("guide history: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
	out, _, _ = runGuide(t, "history", "--set", "history.streak=false")
	if strings.Contains(out, "Streak") {
		t.Errorf("history.streak=false still shows the streak:\n%s", out)
	}
}
