package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchguide/guide/internal/history"
)

func TestHistoryFile(t *testing.T) {
	tests := []struct {
		env  []string
		want string
	}{
		{[]string{"XDG_STATE_HOME=/state", "HOME=/home/me"}, "/state/guide/history.jsonl"},
		{[]string{"XDG_STATE_HOME=relative", "HOME=/home/me"}, "/home/me/.local/state/guide/history.jsonl"},
		{[]string{"HOME=/home/me"}, "/home/me/.local/state/guide/history.jsonl"},
	}
	for _, tt := range tests {
		if got, err := historyFile(tt.env); got != tt.want || err != nil {
			t.Errorf("historyFile(%q) = %q, %v; want %q", tt.env, got, err, tt.want)
		}
	}
}

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
