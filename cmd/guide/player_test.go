package main

import (
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio"
	pl "github.com/stretchguide/guide/internal/player"
	"github.com/stretchguide/guide/script"
)

// testPlayer returns a player of routine whose session is pulled by a
// goroutine about five times faster than real time, as a device would.
func testPlayer(t *testing.T, routine string) *player {
	t.Helper()
	s := compiled(t, routine, quickPace...)
	con := &console{ui: &ui{mode: uiQuiet, w: io.Discard, errw: io.Discard}, cmds: make(chan pl.Command)}
	p := &player{s: s, con: con, tl: s.timeline, ctl: audio.NewControl(s.stream(s.voice), 1), cancel: func(error) {}}
	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([][2]float64, 441)
		for !stop.Load() {
			if _, ok := p.ctl.Stream(buf); !ok {
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	t.Cleanup(func() {
		stop.Store(true)
		<-done
	})
	return p
}

// near fails unless the player's position is within 0.3 s after want.
func near(t *testing.T, p *player, want int, what string) {
	t.Helper()
	if got := p.ctl.Position(); got < want || got > want+script.Rate*3/10 {
		t.Errorf("%s: at %s, want %s", what, script.Clock(got), script.Clock(want))
	}
}

// waitPos waits until the player is past sample pos.
func waitPos(t *testing.T, p *player, pos int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for p.ctl.Position() < pos {
		if time.Now().After(deadline) {
			t.Fatalf("stuck at %s, waiting for %s", script.Clock(p.ctl.Position()), script.Clock(pos))
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestPlayerNextAndBack(t *testing.T) {
	hermetic(t)
	p := testPlayer(t, "morning")
	ch := p.tl.Chapters
	p.do(pl.Next)
	near(t, p, ch[1].Start, "next from the welcome")
	p.do(pl.Next)
	near(t, p, ch[2].Start, "next again")
	p.do(pl.Prev)
	near(t, p, ch[1].Start, "back within 3s of the start: the step before")
	waitPos(t, p, ch[1].Start+script.Rate*35/10)
	p.do(pl.Prev)
	near(t, p, ch[1].Start, "back after 3s: this step again")
	p.do(pl.Prev)
	p.do(pl.Prev)
	near(t, p, 0, "back to the start")
	p.do(pl.Prev)
	near(t, p, 0, "back at the start stays there")
	last := len(ch) - 1
	for range ch {
		p.do(pl.Next)
	}
	near(t, p, ch[last].Start, "next up to the closing")
}

func TestPlayerRepeat(t *testing.T) {
	hermetic(t)
	p := testPlayer(t, "morning")
	var first script.Event
	for _, e := range p.tl.Events {
		if e.Sound == script.Speech {
			first = e
			break
		}
	}
	if p.repeat(first.Start, true) {
		t.Error("repeat before any words found some")
	}
	waitPos(t, p, first.Start+script.Rate)
	p.do(pl.Repeat)
	near(t, p, first.Start, "repeat while the first words are spoken")

	// A long pause in the middle of words: resuming starts them again.
	waitPos(t, p, first.Start+script.Rate)
	p.do(pl.Pause)
	p.pausedAt = time.Now().Add(-2 * repeatAfter)
	p.do(pl.Resume)
	near(t, p, first.Start, "resume after a long pause")

	// A short one: it goes on where it was.
	waitPos(t, p, first.Start+script.Rate)
	p.do(pl.Pause)
	time.Sleep(50 * time.Millisecond)
	at := p.ctl.Position()
	p.do(pl.Resume)
	near(t, p, at, "resume after a short pause")
}

func TestPlayerStatusPhrases(t *testing.T) {
	hermetic(t)
	p := testPlayer(t, "morning")
	var left, right, closing int
	for i, c := range p.tl.Chapters {
		switch {
		case c.Side == "left":
			left = i
		case c.Side == "right":
			right = i
		case c.Title == "Closing":
			closing = i
		}
	}
	ch := p.tl.Chapters
	tests := []struct {
		pos  int
		want string
	}{
		{ch[left].Start + 10*script.Rate, "Knee to chest. Left side. * Next: Knee to chest. Right side."},
		{ch[right].Start + 10*script.Rate, "Knee to chest. Right side. * Next: Child's pose."},
		{ch[closing-1].Start, "Child's pose. * Last stretch."},
		{ch[closing].Start, "Closing. *"},
	}
	for _, tt := range tests {
		got := strings.Join(p.statusPhrases(tt.pos), " ")
		before, after, _ := strings.Cut(tt.want, "*")
		if !strings.HasPrefix(got, before) || !strings.HasSuffix(got, after) || !strings.Contains(got, "left.") {
			t.Errorf("status at %s: %q, want %q", script.Clock(tt.pos), got, tt.want)
		}
	}
	if !p.saysTitle(left) || p.saysTitle(right) {
		t.Errorf("saysTitle: left %v, right %v; want the first side to say its title and the second not", p.saysTitle(left), p.saysTitle(right))
	}
}

func TestPlayerVolumeAndQuit(t *testing.T) {
	hermetic(t)
	p := testPlayer(t, "testdata/short.yaml")
	p.do(pl.Softer)
	p.do(pl.Softer)
	p.do(pl.Louder)
	if v := p.ctl.Volume(); v != -3 {
		t.Errorf("volume %v dB after down, down, up; want -3", v)
	}
	var cause error
	p.cancel = func(err error) { cause = err }
	p.do(pl.Quit)
	if cause != errQuit {
		t.Errorf("quit cancelled with %v, want errQuit", cause)
	}
	p.do(pl.Interrupt)
	if cause != errKeyInterrupt {
		t.Errorf("Ctrl-C as a key cancelled with %v, want errKeyInterrupt", cause)
	}
	p.do(pl.Toggle)
	if !p.ctl.Paused() {
		t.Error("toggle did not pause")
	}
	p.do(pl.Toggle)
	if p.ctl.Paused() {
		t.Error("toggle did not resume")
	}
}
