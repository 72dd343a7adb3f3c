package player

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gopxl/beep/v2"

	"github.com/stretchguide/guide/script"
)

// fakeRemote keeps what the player told it.
type fakeRemote struct {
	seeks chan Seek
	mu    sync.Mutex
	got   []State
}

func (r *fakeRemote) Seeks() <-chan Seek { return r.seeks }
func (r *fakeRemote) Update(s State) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, s)
}
func (r *fakeRemote) states() []State {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]State(nil), r.got...)
}

// TestRemoteIsToldAndSeeks plays a session with a remote: it is told the
// step as it changes, a pause, and a jump, with the step's start and
// length; its seeks move within the step, and one past the end is next.
func TestRemoteIsToldAndSeeks(t *testing.T) {
	s := testSession(t, "morning")
	tl := s.Timeline
	rem := &fakeRemote{seeks: make(chan Seek)}
	s.Remote = rem
	cmds := make(chan Command)
	v := &recorder{mode: Quiet}
	var mid, afterSeek, afterAbs, afterPast time.Duration
	device := func(ctx context.Context, st beep.Streamer, started func()) error {
		started()
		var stop atomic.Bool
		done := make(chan struct{})
		go func() { defer close(done); pull(st, &stop) }()
		defer func() { stop.Store(true); <-done }()
		time.Sleep(300 * time.Millisecond)
		cmds <- Next // step 2
		time.Sleep(300 * time.Millisecond)
		states := rem.states()
		pos := states[len(states)-1].Position
		mid = pos()
		// seek sends s and waits for the line that answers it.
		seek := func(s Seek) time.Duration {
			n := len(v.said())
			rem.seeks <- s
			for len(v.said()) == n {
				time.Sleep(time.Millisecond)
			}
			return pos()
		}
		afterSeek = seek(Seek{Offset: 5 * time.Second})
		afterAbs = seek(Seek{Abs: true, Step: 1, At: 2 * time.Second})
		rem.seeks <- Seek{Abs: true, Step: 0, At: 0} // another step: nothing
		seek(Seek{Offset: -time.Hour})               // to the step's start
		afterPast = seek(Seek{Offset: time.Hour})    // past the end: next
		cmds <- Pause
		time.Sleep(100 * time.Millisecond)
		cmds <- Quit
		<-ctx.Done()
		return ctx.Err()
	}
	r := Play(context.Background(), s, cmds, v, device)
	if r.Ending != Stopped {
		t.Fatalf("ended %v, want Stopped", r.Ending)
	}
	start1 := script.Duration(tl.Chapters[1].Start)
	if d := afterSeek - mid; d < 5*time.Second || d > 5*time.Second+300*time.Millisecond {
		t.Errorf("seek by 5s moved from %v to %v", mid, afterSeek)
	}
	if d := afterAbs - start1; d < 2*time.Second || d > 2*time.Second+300*time.Millisecond {
		t.Errorf("seek to 2s in step 2 went to %v, the step starts at %v", afterAbs, start1)
	}
	start2 := script.Duration(tl.Chapters[2].Start)
	if afterPast < start2 || afterPast > start2+300*time.Millisecond {
		t.Errorf("seek past the step's end went to %v, want the next step at %v", afterPast, start2)
	}
	var steps []int
	paused, seeked := false, 0
	for _, st := range rem.states() {
		if len(steps) == 0 || steps[len(steps)-1] != st.Step {
			steps = append(steps, st.Step)
		}
		paused = paused || st.Paused
		if st.Seeked {
			seeked++
		}
		if want := script.Duration(tl.Chapters[st.Step-1].Start); st.Start != want {
			t.Errorf("step %d told with start %v, want %v", st.Step, st.Start, want)
		}
	}
	if len(steps) != 3 || steps[0] != 1 || steps[1] != 2 || steps[2] != 3 {
		t.Errorf("told the steps %v, want 1, 2, 3", steps)
	}
	if !paused {
		t.Error("the remote was not told of the pause")
	}
	if seeked < 3 {
		t.Errorf("told of %d jumps, want at least 3", seeked)
	}
	all := rem.states()
	if last := all[len(all)-1]; !last.Ended {
		t.Errorf("the last state %+v is not the end", last)
	}
}
