package player

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gopxl/beep/v2"

	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/internal/history"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
)

// quick is a pace that brings the steps soon: one-second breaths, no time
// to move, no safety note.
var quick = script.Options{Pace: script.Pace{Inhale: time.Second, Exhale: time.Second, Hold: 1, Move: time.Second}}

// testSession compiles a built-in routine (or a routine file) at the
// quick pace with the built-in voice.
func testSession(t *testing.T, routine string) Session {
	t.Helper()
	cat, err := script.LoadCatalog(sessions.FS, "sessions")
	if err != nil {
		t.Fatal(err)
	}
	pack, err := voicepack.Open(sessions.FS, "voice")
	if err != nil {
		t.Fatal(err)
	}
	r, err := cat.Find(routine)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := script.Compile(r, quick, pack)
	if err != nil {
		t.Fatal(err)
	}
	voice := audio.Stack(pack)
	return Session{
		Timeline: tl, Voice: voice, Volume: 1,
		Stream: func(c audio.Clips) *audio.Session {
			return audio.NewSession(tl, c, audio.Levels{Voice: 1, Tones: 0.6}, audio.DefaultMix())
		},
	}
}

// pull streams s about five times faster than real time, as a device
// would, until it ends or stop is set.
func pull(s beep.Streamer, stop *atomic.Bool) {
	buf := make([][2]float64, 441)
	for !stop.Load() {
		if _, ok := s.Stream(buf); !ok {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// testPlayer returns a player of routine whose session is pulled by a
// goroutine, as a device would.
func testPlayer(t *testing.T, routine string) *player {
	t.Helper()
	s := testSession(t, routine)
	p := &player{s: s, view: &recorder{}, tl: s.Timeline, ctl: audio.NewControl(s.Stream(s.Voice), 1), cancel: func(error) {}}
	var stop atomic.Bool
	done := make(chan struct{})
	go func() { defer close(done); pull(p.ctl, &stop) }()
	t.Cleanup(func() {
		stop.Store(true)
		<-done
	})
	return p
}

// recorder is a View that keeps the messages.
type recorder struct {
	mu    sync.Mutex
	lines []string
	mode  ViewMode
}

func (r *recorder) Printf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, fmt.Sprintf(format, args...))
}
func (r *recorder) Status(StatusInfo) {}
func (r *recorder) Mode() ViewMode    { return r.mode }
func (r *recorder) Guard(f func())    { f() }
func (r *recorder) said() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.lines...)
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
	p := testPlayer(t, "morning")
	ch := p.tl.Chapters
	p.do(Next)
	near(t, p, ch[1].Start, "next from the welcome")
	p.do(Next)
	near(t, p, ch[2].Start, "next again")
	p.do(Prev)
	near(t, p, ch[1].Start, "back within 3s of the start: the step before")
	waitPos(t, p, ch[1].Start+script.Rate*35/10)
	p.do(Prev)
	near(t, p, ch[1].Start, "back after 3s: this step again")
	p.do(Prev)
	p.do(Prev)
	near(t, p, 0, "back to the start")
	p.do(Prev)
	near(t, p, 0, "back at the start stays there")
	last := len(ch) - 1
	for range ch {
		p.do(Next)
	}
	near(t, p, ch[last].Start, "next up to the closing")
}

func TestPlayerRepeat(t *testing.T) {
	p := testPlayer(t, "morning")
	var first script.Event
	for _, e := range p.tl.Events {
		if e.Sound == script.Speech {
			first = e
			break
		}
	}
	if _, ok := p.repeat(first.Start, true); ok {
		t.Error("repeat before any words found some")
	}
	waitPos(t, p, first.Start+script.Rate)
	p.do(Repeat)
	near(t, p, first.Start, "repeat while the first words are spoken")

	// A long pause in the middle of words: resuming starts them again.
	waitPos(t, p, first.Start+script.Rate)
	p.do(Pause)
	p.pausedAt = time.Now().Add(-2 * repeatAfter)
	p.do(Resume)
	near(t, p, first.Start, "resume after a long pause")

	// A short one: it goes on where it was.
	waitPos(t, p, first.Start+script.Rate)
	p.do(Pause)
	time.Sleep(50 * time.Millisecond)
	at := p.ctl.Position()
	p.do(Resume)
	near(t, p, at, "resume after a short pause")
}

func TestPlayerStatusPhrases(t *testing.T) {
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
	p := testPlayer(t, "desk-break")
	p.do(Softer)
	p.do(Softer)
	p.do(Louder)
	if v := p.ctl.Volume(); v != -3 {
		t.Errorf("volume %v dB after down, down, up; want -3", v)
	}
	var cause error
	p.cancel = func(err error) { cause = err }
	p.do(Quit)
	if cause != errQuit {
		t.Errorf("quit cancelled with %v, want errQuit", cause)
	}
	p.do(Interrupt)
	if cause != errKeyInterrupt {
		t.Errorf("Ctrl-C as a key cancelled with %v, want errKeyInterrupt", cause)
	}
	p.do(Toggle)
	if !p.ctl.Paused() {
		t.Error("toggle did not pause")
	}
	p.do(Toggle)
	if p.ctl.Paused() {
		t.Error("toggle did not resume")
	}
}

// TestPlayEndings plays a session through an output that pulls it as a
// device would, and checks how each way of ending is reported.
func TestPlayEndings(t *testing.T) {
	device := func(ctx context.Context, s beep.Streamer, started func()) error {
		started()
		var stop atomic.Bool
		done := make(chan struct{})
		go func() { defer close(done); pull(s, &stop) }()
		select {
		case <-done:
			return nil
		case <-ctx.Done():
			stop.Store(true)
			<-done
			return ctx.Err()
		}
	}
	s := testSession(t, "desk-break")
	for _, tt := range []struct {
		name string
		cmds []Command
		want Ending
		line string
	}{
		{"quit", []Command{Next, Quit}, Stopped, "2/"},
		{"ctrl-c key", []Command{Interrupt}, Interrupted, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmds := make(chan Command, len(tt.cmds))
			for _, c := range tt.cmds {
				cmds <- c
			}
			v := &recorder{mode: Quiet}
			r := Play(context.Background(), s, cmds, v, device)
			if r.Ending != tt.want {
				t.Errorf("ending %v (err %v), want %v", r.Ending, r.Err, tt.want)
			}
			if tt.line != "" && !strings.Contains(strings.Join(v.said(), "\n"), tt.line) {
				t.Errorf("the view showed %q, want a line with %q", v.said(), tt.line)
			}
			if r.Played < 0 || r.Played > s.Timeline.Length || r.Position < r.Played {
				t.Errorf("played %d samples of %d", r.Played, s.Timeline.Length)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r := Play(ctx, s, nil, &recorder{}, device); r.Ending != Interrupted {
		t.Errorf("a cancelled context ended %v, want Interrupted", r.Ending)
	}
	failed := func(ctx context.Context, s beep.Streamer, started func()) error {
		return fmt.Errorf("the device went away")
	}
	if r := Play(context.Background(), s, nil, &recorder{}, failed); r.Ending != Failed || r.Err == nil {
		t.Errorf("a failing output ended %v, %v; want Failed with its error", r.Ending, r.Err)
	}
}

// TestEveryCommandPrintsOneLine: every command answers with one line, at a
// limit too, whether it comes from a key or a line of input.
func TestEveryCommandPrintsOneLine(t *testing.T) {
	p := testPlayer(t, "morning")
	v := &recorder{mode: StatusLine}
	p.view = v
	for _, c := range []Command{Repeat, Louder, Louder, Louder, Softer, Next, Next, Prev, Status, Pause, Pause, Resume, Resume, Toggle, Toggle} {
		before := len(v.said())
		p.do(c)
		if got := v.said()[before:]; len(got) != 1 {
			t.Errorf("%v printed %q, want one line", c, got)
		}
	}
	for range p.tl.Chapters {
		p.do(Next)
	}
	p.do(Louder)
	before := len(v.said())
	p.do(Next)
	p.do(Louder)
	got := v.said()[before:]
	if len(got) != 2 || got[0] != "This is the last step." || !strings.Contains(got[1], "as far as it goes") {
		t.Errorf("next at the last step, then louder at the limit: %q", got)
	}
}

// TestNextPrintsTheStepOnce in plain lines: the step's line, once.
func TestNextPrintsTheStepOnce(t *testing.T) {
	s := testSession(t, "morning")
	cmds := make(chan Command, 2)
	v := &recorder{mode: Lines}
	device := func(ctx context.Context, st beep.Streamer, started func()) error {
		started()
		var stop atomic.Bool
		go func() {
			time.Sleep(300 * time.Millisecond)
			cmds <- Next
			time.Sleep(500 * time.Millisecond)
			cmds <- Quit
		}()
		done := make(chan struct{})
		go func() { defer close(done); pull(st, &stop) }()
		<-ctx.Done()
		stop.Store(true)
		<-done
		return ctx.Err()
	}
	Play(context.Background(), s, cmds, v, device)
	n := 0
	for _, l := range v.said() {
		if strings.HasPrefix(l, "2/") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the second step was shown %d times, want once:\n%s", n, strings.Join(v.said(), "\n"))
	}
}

func TestResultRecordAndSummary(t *testing.T) {
	s := testSession(t, "morning")
	tl := s.Timeline
	start := time.Date(2026, 5, 14, 7, 0, 0, 0, time.UTC)
	mid := tl.Chapters[2].Start + script.Rate
	for _, tt := range []struct {
		r       Result
		lost    bool
		ended   string
		summary string
	}{
		{Result{Ending: Finished, Position: tl.Length, Played: tl.Length}, false, history.EndedDone, "Done: " + Clock(tl.Duration()) + " played."},
		{Result{Ending: Stopped, Position: mid, Played: mid}, false, history.EndedQuit, "Stopped at " + Clock(script.Duration(mid)) + ", in " + ChapterName(tl.Chapters[2]) + "."},
		{Result{Ending: Interrupted, Position: mid, Played: mid}, false, history.EndedInterrupted, "Stopped at"},
		{Result{Ending: Failed, Position: mid, Played: mid}, true, history.EndedDeviceLost, ""},
		{Result{Ending: Failed}, false, history.EndedError, ""},
	} {
		rec := tt.r.Record("morning", "Morning", start, tl, tt.lost)
		if rec.Ended != tt.ended || rec.Completed != (tt.r.Ending == Finished) || rec.Steps != len(tl.Chapters) || rec.Routine != "morning" {
			t.Errorf("%+v: record %+v, want ended %q", tt.r, rec, tt.ended)
		}
		if got := tt.r.Summary(tl); !strings.HasPrefix(got, tt.summary) || (tt.summary == "") != (got == "") {
			t.Errorf("%+v: summary %q, want %q", tt.r, got, tt.summary)
		}
	}
}
