package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchguide/guide/internal/config"
	"github.com/stretchguide/guide/internal/history"
	pl "github.com/stretchguide/guide/internal/player"
	"github.com/stretchguide/guide/internal/pulsetest"
	"github.com/stretchguide/guide/script"
)

func TestRemindConfigProblems(t *testing.T) {
	hermetic(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"remind", "--set", "remind.quiet=25:00-08:00"}, "remind.quiet: 25:00-08:00 is not a span of time; write HH:MM-HH:MM"},
		{[]string{"remind", "--set", "remind.every=0s"}, "remind.every is 0s; want 1s or more"},
		{[]string{"remind", "--every", "0s", "morning"}, "--every 0s is too short"},
		{[]string{"remind", "--set", "remind.Routine=nope"}, `no routine named "nope"`},
	}
	for _, tt := range tests {
		_, stderr, code := runGuide(t, tt.args...)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("guide %v: exit %d, stderr %q; want 1 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestRemindWaitsOutQuietHours runs guide remind in quiet hours around now:
// it says when the next reminder is, after them, and plays nothing.
func TestRemindWaitsOutQuietHours(t *testing.T) {
	hermetic(t)
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	now := time.Now()
	from, until := now.Add(-time.Hour), now.Add(time.Hour)
	quiet := fmt.Sprintf("%s-%s", from.Format("15:04"), until.Format("15:04"))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(500*time.Millisecond, cancel)
	var out, errb bytes.Buffer
	cmd := newRootCmd(&out, &errb)
	cmd.SetIn(strings.NewReader("")) // not the test's own stdin, which may be a terminal
	cmd.SetArgs([]string{"remind", "morning", "--every", "10m", "--set", "remind.quiet=" + quiet})
	if err := cmd.ExecuteContext(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("guide remind returned %v when cancelled, want context.Canceled; stderr:\n%s", err, errb.String())
	}
	q, _ := config.ParseQuiet(quiet)
	next := pl.NextReminder(now, 10*time.Minute, q, now)
	for _, want := range []string{"Every 10m: Morning", "quiet hours " + quiet, "Next reminder at", next.Format("15:04")} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if next.Before(until.Truncate(time.Minute)) {
		t.Errorf("next reminder at %s, inside the quiet hours %s", next.Format("15:04"), quiet)
	}
}

// TestRemindPlaysAgainAndAgain runs guide remind with a 1 s interval: the
// routine plays, q ends that session, the next reminder plays it again, and
// Ctrl-C stops the lot; both sessions are in the history.
func TestRemindPlaysAgainAndAgain(t *testing.T) {
	hermetic(t)
	srv := pulsetest.Start(t)
	srv.Reset()
	// With the safety note: it is said in the first session of the day only.
	args := append([]string{"remind", "testdata/short.yaml", "--every", "1s", "--set", "remind.quiet=none", "--set", "audio.buffer=200ms"}, setFlags(shortPace)...)
	c := startGuide(t, srv, args...)
	waitSound(t, srv, c)
	c.send(t, "quit")
	capQuit := srv.Len()
	// Half a second of silence, then the second session.
	deadline := time.Now().Add(10 * time.Second)
	for again := false; !again; {
		time.Sleep(50 * time.Millisecond)
		quiet, gap := 0, false
		for _, e := range pulsetest.Envelope(srv.Captured()[capQuit:], script.Rate/100) {
			if e < 1e-3 {
				quiet++
				gap = gap || quiet >= 50
			} else {
				quiet = 0
				again = again || gap && e > 0.01
			}
		}
		if time.Now().After(deadline) {
			env := pulsetest.Envelope(srv.Captured()[capQuit:], script.Rate/4)
			t.Logf("levels every 250ms after quit: %.3f", env)
			t.Fatalf("no second session within 10s\nstdout:\n%s\nstderr:\n%s", c.stdout, c.stderr)
		}
	}
	c.cmd.Process.Signal(syscall.SIGINT)
	if code := c.wait(t, 5*time.Second); code != exitInterrupted {
		t.Errorf("exit %d after Ctrl-C, want %d\nstderr:\n%s", code, exitInterrupted, c.stderr)
	}
	recs := c.history(t)
	if len(recs) != 2 || recs[0].Ended != history.EndedQuit || recs[1].Ended != history.EndedInterrupted {
		t.Fatalf("history %+v, want a quit session and an interrupted one", recs)
	}
	if d := recs[0].Planned - recs[1].Planned; d < 10 {
		t.Errorf("the first session lasts %.1fs, the second %.1fs; want the second without the safety note", recs[0].Planned, recs[1].Planned)
	}
	if n := strings.Count(c.stdout.String(), "Next reminder at"); n != 2 {
		t.Errorf("%d next-reminder lines, want 2:\n%s", n, c.stdout)
	}
}
