package player

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchguide/guide/internal/config"
)

func TestNextReminder(t *testing.T) {
	night, _ := config.ParseQuiet("21:00-08:00")
	start := time.Date(2026, 5, 12, 10, 10, 0, 0, time.UTC)
	at := func(d, h, m int) time.Time { return time.Date(2026, 5, d, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		every time.Duration
		q     config.Quiet
		now   time.Time
		want  time.Time
	}{
		{"the first", 30 * time.Minute, night, start, at(12, 10, 40)},
		{"on the beat after a session", 30 * time.Minute, night, at(12, 10, 45), at(12, 11, 10)},
		{"a long session skips a beat", 30 * time.Minute, night, at(12, 11, 40), at(12, 12, 10)},
		{"the last before quiet hours", 30 * time.Minute, night, at(12, 20, 20), at(12, 20, 40)},
		{"after the quiet hours, on the beat", 30 * time.Minute, night, at(12, 20, 41), at(13, 8, 10)},
		{"no quiet hours", 30 * time.Minute, config.Quiet{}, at(12, 20, 41), at(12, 21, 10)},
		{"hourly", time.Hour, night, at(12, 20, 11), at(13, 8, 10)},
	}
	for _, tt := range tests {
		if got := NextReminder(start, tt.every, tt.q, tt.now); !got.Equal(tt.want) {
			t.Errorf("%s: next after %s = %s, want %s", tt.name, tt.now.Format("Jan 2 15:04"), got.Format("Jan 2 15:04"), tt.want.Format("Jan 2 15:04"))
		}
	}
}

func TestWaitUntil(t *testing.T) {
	cmds := make(chan Command, 2)
	cmds <- Next // waits on
	cmds <- Quit
	if err := WaitUntil(context.Background(), time.Now().Add(time.Hour), cmds); !errors.Is(err, ErrQuit) {
		t.Errorf("quit while waiting: %v, want ErrQuit", err)
	}
	cmds <- Interrupt
	if err := WaitUntil(context.Background(), time.Now().Add(time.Hour), cmds); !errors.Is(err, context.Canceled) {
		t.Errorf("Ctrl-C while waiting: %v, want context.Canceled", err)
	}
	start := time.Now()
	if err := WaitUntil(context.Background(), start.Add(50*time.Millisecond), cmds); err != nil || time.Since(start) < 50*time.Millisecond {
		t.Errorf("waiting 50ms: %v after %v", err, time.Since(start))
	}
	cmds <- Next
	cmds <- Next
	Drain(cmds)
	if len(cmds) != 0 {
		t.Errorf("%d commands left after Drain", len(cmds))
	}
}
