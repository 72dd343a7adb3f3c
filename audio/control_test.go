package audio

import (
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchguide/guide/internal/streamtest"
)

// ctlSine is a Seekable whose sample i is a 440 Hz sine at level 0.5,
// so where it is can be read from what it streams.
type ctlSine struct {
	pos, n int
}

func ctlSineAt(i int) float64 { return 0.5 * math.Sin(2*math.Pi*440*float64(i)/float64(SampleRate)) }

func (s *ctlSine) Stream(samples [][2]float64) (int, bool) {
	if s.pos >= s.n {
		return 0, false
	}
	k := min(len(samples), s.n-s.pos)
	for i := range samples[:k] {
		v := ctlSineAt(s.pos + i)
		samples[i] = [2]float64{v, v}
	}
	s.pos += k
	return k, true
}
func (s *ctlSine) Err() error    { return nil }
func (s *ctlSine) Len() int      { return s.n }
func (s *ctlSine) Position() int { return s.pos }
func (s *ctlSine) Seek(p int) error {
	s.pos = p
	return nil
}

// pullN streams n samples from c in device-sized buffers.
func ctlPull(c *Control, n int) []float64 {
	var out []float64
	buf := make([][2]float64, 441)
	for len(out) < n {
		k, ok := c.Stream(buf[:min(len(buf), n-len(out))])
		for _, v := range buf[:k] {
			out = append(out, v[0])
		}
		if !ok {
			break
		}
	}
	return out
}

func ctlMaxJump(x []float64) float64 {
	var m float64
	for i := 1; i < len(x); i++ {
		m = max(m, math.Abs(x[i]-x[i-1]))
	}
	return m
}

func ctlRMS(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(max(len(x), 1)))
}

// ctlSineJump is the largest step of the source itself.
var ctlSineJump = 0.5 * 2 * math.Pi * 440 / float64(SampleRate)

func TestControlPassesTheSourceThrough(t *testing.T) {
	src := &ctlSine{n: 50000}
	got := streamtest.Drain(t, NewControl(src, 1), 512, 441, 4096, 1)
	if len(got) != src.n {
		t.Fatalf("streamed %d samples, want %d", len(got), src.n)
	}
	for i, v := range got {
		if v[0] != ctlSineAt(i) || v[1] != ctlSineAt(i) {
			t.Fatalf("sample %d = %v, want %v", i, v, ctlSineAt(i))
		}
	}
}

func TestControlKeepsTheStreamContractWhilePausedAndSeeking(t *testing.T) {
	src := &ctlSine{n: 30000}
	c := NewControl(src, 1)
	c.Say(Clip{0.1, 0.2, 0.3})
	got := streamtest.Drain(t, c, 100, 7, 1000)
	gap, tail := SampleRate.N(controlGap), SampleRate.N(controlTail)
	// The fades take samples from the source; the gap, the clip and the tail are extra.
	if want := src.n + gap + 3 + tail; len(got) != want {
		t.Errorf("streamed %d samples, want the source's %d plus gap, clip and tail: %d", len(got), src.n, want)
	}
}

func TestControlPauseStopsAndResumesWhereItLeftOff(t *testing.T) {
	src := &ctlSine{n: 10 * int(SampleRate)}
	c := NewControl(src, 1)
	before := ctlPull(c, 4410)
	c.Pause()
	if !c.Paused() {
		t.Fatal("Paused() = false after Pause")
	}
	paused := ctlPull(c, 2*int(SampleRate))
	at := c.Position()
	fade := SampleRate.N(ControlFade)
	if at != 4410+fade {
		t.Errorf("paused at sample %d, want %d (after the %d-sample fade)", at, 4410+fade, fade)
	}
	// The cue plays, then there is silence, and the source does not move.
	cue := len(cueSound(CuePause))
	if r := ctlRMS(paused[cue+fade:]); r != 0 {
		t.Errorf("level %.5f while paused, want silence", r)
	}
	if r := ctlRMS(paused[:cue]); r < 0.01 {
		t.Errorf("level %.5f right after Pause, want the pause cue", r)
	}
	// The fade-out has no click: no step larger than the sine's own plus the cue's.
	cueJump := controlCueLevel * 2 * math.Pi * 660 / float64(SampleRate)
	if j := ctlMaxJump(append(before, paused...)); j > ctlSineJump+cueJump+1e-9 {
		t.Errorf("a step of %.4f around the pause: a click (the sine's own is %.4f)", j, ctlSineJump)
	}
	c.Resume()
	after := ctlPull(c, int(SampleRate))
	if c.Position() != at+int(SampleRate) {
		t.Errorf("position %d after resuming for 1 s, want %d: it does not go on where it left off", c.Position(), at+int(SampleRate))
	}
	// Once the fade-in and the cue are over, it is the source exactly where it stopped.
	resumeCue := len(cueSound(CueResume))
	for i := resumeCue; i < len(after); i++ {
		if d := after[i] - ctlSineAt(at+i); math.Abs(d) > 1e-12 {
			t.Fatalf("sample %d after resuming is %v, want the source's %v", i, after[i], ctlSineAt(at+i))
		}
	}
	if j := ctlMaxJump(after); j > ctlSineJump+cueJump+1e-9 {
		t.Errorf("a step of %.4f at the resume: a click", j)
	}
}

func TestControlVolumeSteps(t *testing.T) {
	src := &ctlSine{n: 10 * int(SampleRate)}
	c := NewControl(src, 1)
	ctlPull(c, 1000)
	db, ok := c.StepVolume(-1)
	if db != -3 || !ok {
		t.Fatalf("StepVolume(-1) = %v, %v; want -3, true", db, ok)
	}
	out := ctlPull(c, int(SampleRate)/2)
	// The gain ramps, it does not jump: each sample's gain moves a little.
	if j := ctlMaxJump(out[len(cueSound(CueTick)):]); j > ctlSineJump*1.01 {
		t.Errorf("a step of %.4f after the volume change: the gain jumps", j)
	}
	tail := out[len(out)-4410:]
	want := 0.5 * math.Pow(10, -3.0/20) / math.Sqrt2
	if r := ctlRMS(tail); math.Abs(r-want) > 0.005 {
		t.Errorf("level %.4f after -3 dB, want %.4f", r, want)
	}
	for range 20 {
		c.StepVolume(-1)
	}
	if db, ok := c.StepVolume(-1); db != MinVolume || ok {
		t.Errorf("volume below the minimum: %v, %v; want %v, false", db, ok, MinVolume)
	}
	for range 20 {
		c.StepVolume(+1)
	}
	if c.Volume() != MaxVolume {
		t.Errorf("volume %v after many steps up, want %v", c.Volume(), MaxVolume)
	}
	out = ctlPull(c, int(SampleRate))
	for i, v := range out {
		if math.Abs(v) >= 1 {
			t.Fatalf("sample %d is %v at +%v dB: it clips", i, v, MaxVolume)
		}
	}
}

func TestControlSeekWhilePlaying(t *testing.T) {
	src := &ctlSine{n: 10 * int(SampleRate)}
	c := NewControl(src, 0.5)
	// The audio goroutine pulls while the caller seeks.
	var mu sync.Mutex
	var out []float64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([][2]float64, 441)
		for {
			select {
			case <-stop:
				return
			default:
			}
			n, _ := c.Stream(buf)
			mu.Lock()
			for _, v := range buf[:n] {
				out = append(out, v[0])
			}
			mu.Unlock()
			time.Sleep(time.Millisecond)
		}
	}()
	time.Sleep(20 * time.Millisecond)
	target := 5 * int(SampleRate)
	announce := Clip{0.4, 0.4, 0.4, 0.4}
	if err := c.Seek(target, announce); err != nil {
		t.Fatal(err)
	}
	// Wait until the announcement has played and the session goes on.
	deadline := time.Now().Add(5 * time.Second)
	for c.Position() < target+4410 {
		if time.Now().After(deadline) {
			t.Fatalf("position %d, want past %d", c.Position(), target+4410)
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(stop)
	<-done
	found := false
	for i := range out {
		if math.Abs(out[i]-0.2) < 1e-6 && i+3 < len(out) && math.Abs(out[i+3]-0.2) < 1e-6 {
			found = true // the announcement at the voice level, 0.4 * 0.5
		}
	}
	if !found {
		t.Error("the announcement was not played")
	}
	if j := ctlMaxJump(out); j > ctlSineJump+1e-9 && j > 0.2+1e-6 {
		t.Errorf("a step of %.4f around the seek: a click", j)
	}
}

func TestControlSayHoldsThenResumes(t *testing.T) {
	src := &ctlSine{n: 10 * int(SampleRate)}
	c := NewControl(src, 1)
	ctlPull(c, 1000)
	at := c.Position()
	c.Say(Clip{0.3, 0.3}, nil, Clip{-0.3})
	fade, gap, tail := SampleRate.N(ControlFade), SampleRate.N(controlGap), SampleRate.N(controlTail)
	out := ctlPull(c, fade+2*gap+3+tail)
	if c.Position() != at+fade {
		t.Errorf("position %d while the clips play, want %d: the session must hold still", c.Position(), at+fade)
	}
	if math.Abs(out[fade+gap]-0.3) > 1e-6 || math.Abs(out[fade+2*gap+2]+0.3) > 1e-6 {
		t.Errorf("the clips are not where they should be: %v, %v", out[fade+gap], out[fade+2*gap+2])
	}
	ctlPull(c, 2000)
	if c.Position() != at+fade+2000 {
		t.Errorf("position %d after the clips, want %d: the session goes on", c.Position(), at+fade+2000)
	}
	// Paused: the clips play and the session stays paused.
	c.Pause()
	c.Say(Clip{0.3})
	ctlPull(c, int(SampleRate))
	if p := c.Position(); p != at+2*fade+2000 {
		t.Errorf("position %d, want %d: saying something while paused must not resume", p, at+2*fade+2000)
	}
}

func TestControlSeekAfterTheEnd(t *testing.T) {
	src := &ctlSine{n: 1000}
	c := NewControl(src, 1)
	ctlPull(c, 2000)
	if !c.Ended() {
		t.Fatal("not ended after the source ended")
	}
	if err := c.Seek(0); err != ErrEnded {
		t.Errorf("Seek after the end = %v, want ErrEnded", err)
	}
	if err := c.Seek(5000); err == nil {
		t.Error("Seek outside the session succeeded")
	}
}

func TestControlSeekWithoutAPullingDevice(t *testing.T) {
	src := &ctlSine{n: 100000}
	c := NewControl(src, 1)
	ctlPull(c, 1000)
	start := time.Now()
	if err := c.Seek(50000); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*controlSeekWait {
		t.Errorf("Seek took %v with nothing pulling, want at most %v", took, controlSeekWait)
	}
	if c.Position() != 50000 {
		t.Errorf("position %d, want 50000", c.Position())
	}
}

func TestCueSoundsStartAndEndQuietly(t *testing.T) {
	for q := CuePause; q <= CueMissing; q++ {
		s := cueSound(q)
		if len(s) == 0 || math.Abs(float64(s[0])) > 0.01 || math.Abs(float64(s[len(s)-1])) > 0.01 {
			t.Errorf("cue %d: %d samples from %v to %v, want a sound that starts and ends at 0", q, len(s), s[0], s[len(s)-1])
		}
	}
}
