package audio

import (
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/internal/streamtest"
)

// ctlSine is a Seekable whose sample i is a 440 Hz sine at level 0.5,
// so where it is can be read from what it streams.
type ctlSine struct {
	pos, n int
}

func ctlSineAt(i int) float64 {
	return float64(float32(0.5 * math.Sin(2*math.Pi*440*float64(i)/float64(SampleRate))))
}

func (s *ctlSine) StreamMono(samples []float32) (int, bool) {
	if s.pos >= s.n {
		return 0, false
	}
	k := min(len(samples), s.n-s.pos)
	for i := range samples[:k] {
		samples[i] = float32(ctlSineAt(s.pos + i))
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

// ctlPull streams n samples from c in device-sized buffers.
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

// int16Of is the 16-bit clip sample that plays as v at a voice level of 1.
func int16Of(v float64) int16 { return int16(math.Round(v * 32768)) }

// TestControlPassesTheSourceThrough: under the ceiling Control is the
// source exactly, Delay() samples late (the limiter's look-ahead), on both
// channels, and lets the last Delay() samples out after the source ends.
func TestControlPassesTheSourceThrough(t *testing.T) {
	src := &ctlSine{n: 50000}
	c := NewControl(src, 1)
	d := c.Delay()
	if d <= 0 || d > SampleRate.N(10*time.Millisecond) {
		t.Fatalf("Delay() = %d samples; want a few milliseconds' look-ahead", d)
	}
	got := streamtest.Drain(t, c, 512, 441, 4096, 1)
	if len(got) != src.n+d {
		t.Fatalf("streamed %d samples, want the source's %d and the %d of the delay", len(got), src.n, d)
	}
	for i, v := range got {
		want := 0.0
		if i >= d {
			want = ctlSineAt(i - d)
		}
		if v[0] != want || v[1] != want {
			t.Fatalf("sample %d = %v, want %v (source sample %d)", i, v, want, i-d)
		}
	}
	if !c.Ended() || c.Err() != nil || c.Played() != src.n || c.Position() != src.n || c.Len() != src.n {
		t.Errorf("Ended %v, Err %v, Played %d, Position %d, Len %d; want true, nil, %d, %d, %d",
			c.Ended(), c.Err(), c.Played(), c.Position(), c.Len(), src.n, src.n, src.n)
	}
}

func TestControlKeepsTheStreamContractWhilePausedAndSeeking(t *testing.T) {
	src := &ctlSine{n: 30000}
	c := NewControl(src, 1)
	c.Say([]int16{3277, 6554, 9830})
	got := streamtest.Drain(t, c, 100, 7, 1000)
	gap, tail := SampleRate.N(controlGap), SampleRate.N(controlTail)
	// The fades take samples from the source; the gap, the clip, the tail
	// and the limiter's delay are extra.
	if want := src.n + gap + 3 + tail + c.Delay(); len(got) != want {
		t.Errorf("streamed %d samples, want the source's %d plus gap, clip, tail and delay: %d", len(got), src.n, want)
	}
}

func TestControlPauseStopsAndResumesWhereItLeftOff(t *testing.T) {
	src := &ctlSine{n: 10 * int(SampleRate)}
	c := NewControl(src, 1)
	d := c.Delay()
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
	// What is heard lags by the delay.
	cue := len(cueSound(CuePause))
	if r := ctlRMS(paused[cue+fade+d:]); r != 0 {
		t.Errorf("level %.5f while paused, want silence", r)
	}
	if r := ctlRMS(paused[d : cue+d]); r < 0.01 {
		t.Errorf("level %.5f right after Pause, want the pause cue", r)
	}
	// The fade-out has no click: no step larger than the sine's own plus the cue's.
	cueJump := controlCueLevel * 2 * math.Pi * 660 / float64(SampleRate)
	if j := ctlMaxJump(append(before, paused...)); j > ctlSineJump+cueJump+1e-6 {
		t.Errorf("a step of %.4f around the pause: a click (the sine's own is %.4f)", j, ctlSineJump)
	}
	c.Resume()
	after := ctlPull(c, int(SampleRate))
	if c.Position() != at+int(SampleRate) {
		t.Errorf("position %d after resuming for 1 s, want %d: it does not go on where it left off", c.Position(), at+int(SampleRate))
	}
	// Once the fade-in and the cue are over, it is the source exactly
	// where it stopped, the delay later.
	resumeCue := len(cueSound(CueResume))
	for i := resumeCue + d; i < len(after); i++ {
		if want := ctlSineAt(at + i - d); after[i] != want {
			t.Fatalf("sample %d after resuming is %v, want the source's %v", i, after[i], want)
		}
	}
	if j := ctlMaxJump(after); j > ctlSineJump+cueJump+1e-6 {
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
	// The tick is heard from the delay on.
	if j := ctlMaxJump(out[len(cueSound(CueTick))+c.Delay():]); j > ctlSineJump*1.01 {
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
	// At +6 dB the sine peaks at 0.998 and the limit cue over it at 1.5:
	// the limiter holds everything, between samples too, at 0 dBTP, where
	// the speaker would clip.
	out = ctlPull(c, int(SampleRate))
	peak := 0.0
	m := dsp.NewMeter(1, int(SampleRate))
	for i, v := range out {
		if math.Abs(v) > 1 {
			t.Fatalf("sample %d is %v at +%v dB: it clips", i, v, MaxVolume)
		}
		peak = max(peak, math.Abs(v))
		m.Write([]float32{float32(v)})
	}
	if tp := m.TruePeak(); tp > controlCeiling+0.01 {
		t.Errorf("true peak %.3f dBTP at +%v dB; want at most %v", tp, MaxVolume, controlCeiling)
	}
	if peak < 0.95 {
		t.Errorf("peak %.3f at +%v dB: the test is not loud enough to need the limiter", peak, MaxVolume)
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
	announce := []int16{16384, 16384, 16384, 16384} // 0.5
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
		if out[i] == 0.25 && i+3 < len(out) && out[i+3] == 0.25 {
			found = true // the announcement at the voice level, 0.5 * 0.5
		}
	}
	if !found {
		t.Error("the announcement was not played")
	}
	if j := ctlMaxJump(out); j > ctlSineJump+1e-6 && j > 0.25+1e-6 {
		t.Errorf("a step of %.4f around the seek: a click", j)
	}
}

func TestControlSayHoldsThenResumes(t *testing.T) {
	src := &ctlSine{n: 10 * int(SampleRate)}
	c := NewControl(src, 1)
	d := c.Delay()
	ctlPull(c, 1000)
	at := c.Position()
	c.Say([]int16{int16Of(0.3), int16Of(0.3)}, nil, []int16{int16Of(-0.3)})
	fade, gap, tail := SampleRate.N(ControlFade), SampleRate.N(controlGap), SampleRate.N(controlTail)
	out := ctlPull(c, fade+2*gap+3+tail)
	if c.Position() != at+fade {
		t.Errorf("position %d while the clips play, want %d: the session must hold still", c.Position(), at+fade)
	}
	// The clips are heard the delay later than they play.
	if math.Abs(out[fade+gap+d]-0.3) > 1e-4 || math.Abs(out[fade+gap+d+1]-0.3) > 1e-4 || math.Abs(out[fade+2*gap+2+d]+0.3) > 1e-4 {
		t.Errorf("the clips are not where they should be: %v, %v, %v", out[fade+gap+d], out[fade+gap+d+1], out[fade+2*gap+2+d])
	}
	if out[fade+gap+d-1] != 0 || out[fade+gap+d+2] != 0 {
		t.Errorf("the quiet around the first clip is %v and %v, want silence", out[fade+gap+d-1], out[fade+gap+d+2])
	}
	ctlPull(c, 2000)
	if c.Position() != at+fade+2000 {
		t.Errorf("position %d after the clips, want %d: the session goes on", c.Position(), at+fade+2000)
	}
	// Paused: the clips play and the session stays paused.
	c.Pause()
	c.Say([]int16{int16Of(0.3)})
	ctlPull(c, int(SampleRate))
	if p := c.Position(); p != at+2*fade+2000 {
		t.Errorf("position %d, want %d: saying something while paused must not resume", p, at+2*fade+2000)
	}
}

func TestControlSeekAfterTheEnd(t *testing.T) {
	src := &ctlSine{n: 1000}
	c := NewControl(src, 1)
	if got := ctlPull(c, 2000); len(got) != src.n+c.Delay() {
		t.Errorf("streamed %d samples of a source of %d; want it and the %d of the delay", len(got), src.n, c.Delay())
	}
	if !c.Ended() {
		t.Fatal("not ended after the source ended")
	}
	if err := c.Seek(0); err != ErrEnded {
		t.Errorf("Seek after the end = %v, want ErrEnded", err)
	}
	if err := c.Seek(5000); err == nil {
		t.Error("Seek outside the session succeeded")
	}
	c.Say([]int16{1000})
	if n, ok := c.Stream(make([][2]float64, 100)); n != 0 || ok {
		t.Errorf("Say after the end: Stream = (%d, %v); want (0, false)", n, ok)
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

// TestControlOverASession drains a Control over a real Session: the
// session's samples, the delay late.
func TestControlOverASession(t *testing.T) {
	tl := mixTimeline()
	want := streamtest.DrainMono(t, NewSession(tl, toneClips{}, Levels{Voice: 1, Tones: 1}, DefaultMix()), 4096)
	c := NewControl(NewSession(tl, toneClips{}, Levels{Voice: 1, Tones: 1}, DefaultMix()), 1)
	got := streamtest.Drain(t, c, 441, 4096, 3)
	d := c.Delay()
	if len(got) != len(want)+d {
		t.Fatalf("%d samples, want the session's %d and the delay's %d", len(got), len(want), d)
	}
	for i, v := range want {
		if got[i+d][0] != float64(v) {
			t.Fatalf("sample %d = %v, want the session's %v", i+d, got[i+d][0], v)
		}
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
