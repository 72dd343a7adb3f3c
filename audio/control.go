package audio

import (
	"errors"
	"math"
	"sync"
	"time"

	"github.com/stretchguide/guide/audio/dsp"
)

// Seekable is a mono stream that Control can move around in. *Session is
// one.
type Seekable interface {
	StreamMono(samples []float32) (int, bool)
	Err() error
	Seek(p int) error
	Position() int
	Len() int
}

// Cue is a short confirming sound that Control synthesises and mixes over
// whatever is playing.
type Cue int

// The cues.
const (
	CuePause   Cue = iota // two falling notes: paused
	CueResume             // two rising notes: playing again
	CueTick               // a tick: the volume changed
	CueLimit              // two low notes: at a limit, nothing to do
	CueMissing            // a soft chime standing in for words there is no clip for
)

// The volume range and step of Control, in dB relative to the session's own
// levels.
const (
	VolumeStep = 3.0
	MinVolume  = -24.0
	MaxVolume  = 6.0
)

const (
	// ControlFade is the length of the fades around a pause, a seek or an
	// insert: short enough to feel instant, long enough not to click.
	ControlFade = 30 * time.Millisecond
	// controlGainTau is the time constant of the per-sample volume ramp.
	controlGainTau = 15 * time.Millisecond
	// controlGap is the quiet before each inserted clip, and controlTail
	// after the last one, before the session fades back in.
	controlGap  = 200 * time.Millisecond
	controlTail = 300 * time.Millisecond
	// controlCueLevel is the peak of the cues, before the volume.
	controlCueLevel = 0.25
	// controlSeekWait bounds how long Seek waits for the fade-out: the
	// device may have stopped pulling samples.
	controlSeekWait = 500 * time.Millisecond
	// controlCeiling is the true peak Control's limiter holds the sound
	// under, in dBTP: the speaker clamps sums at ±1 with no limiter, and a
	// volume above 0 dB or a cue over a loud moment would go over.
	controlCeiling = 0.0
)

// ErrEnded reports that the session has played to its end, so it cannot
// be moved any more.
var ErrEnded = errors.New("the session has ended")

type controlState int

const (
	ctlPlaying controlState = iota
	ctlFadingOut
	ctlHeld // the session is silent and does not advance: inserts play
	ctlFadingIn
)

// insert is a clip played while the session is held.
type insert struct {
	data []int16
	pos  int // negative: quiet before it
}

// Control wraps a Seekable for interactive playback: pause and resume, a
// volume in 3 dB steps, seeking, and clips inserted while the session holds
// still, each with short raised-cosine fades so nothing clicks. The volume
// ramps per sample. Control is a beep.Streamer that never ends before its
// source: while paused it streams silence, so the device keeps pulling (and
// its watchdog keeps watching).
//
// Every method is safe for concurrent use with Stream, which runs on the
// audio goroutine: Stream never waits on anything slower than a method's
// few field updates. Seeking the source (which may decode clips) happens on
// the caller's goroutine while the session is held, never in Stream.
type Control struct {
	src   Seekable
	srcMu sync.Mutex // held while src streams or seeks
	voice float32

	mu       sync.Mutex
	state    controlState
	fadePos  int
	fadeLen  int
	paused   bool
	seeking  int
	inserts  []insert
	tail     int // quiet left after the last insert
	heldCh   chan struct{}
	overlay  []float32
	ovPos    int
	db       float64
	target   float64
	gain     float64
	coef     float64
	pos      int // the source's position
	played   int // source samples streamed
	ended    bool
	err      error
	cueCache map[Cue][]float32
	lim      *dsp.Limiter
	flush    int       // limiter delay still to stream once the source has ended
	buf      []float32 // the mono mix of a Stream call
}

// NewControl returns a Control that plays src at 0 dB, playing inserted
// clips at the voice level (0 to 1).
func NewControl(src Seekable, voice float64) *Control {
	c := &Control{
		src:      src,
		voice:    float32(voice / 32768),
		fadeLen:  SampleRate.N(ControlFade),
		target:   1,
		gain:     1,
		coef:     math.Exp(-1 / (float64(SampleRate) * controlGainTau.Seconds())),
		pos:      src.Position(),
		cueCache: map[Cue][]float32{},
		lim:      dsp.NewLimiter(int(SampleRate), controlCeiling, limiterAttack, limiterRelease),
	}
	c.flush = c.lim.Delay()
	return c
}

// Delay is how many samples Control's output lags its source: the
// limiter's look-ahead.
func (c *Control) Delay() int { return c.lim.Delay() }

// Stream streams the source through the controls.
func (c *Control) Stream(samples [][2]float64) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cap(c.buf) < len(samples) {
		c.buf = make([]float32, len(samples))
	}
	buf := c.buf[:len(samples)]
	n := 0
	for n < len(buf) && !c.ended {
		rest := buf[n:]
		switch c.state {
		case ctlPlaying:
			if c.wantHold() {
				c.state, c.fadePos = ctlFadingOut, 0
				continue
			}
			n += c.pull(rest)
		case ctlFadingOut:
			if !c.wantHold() {
				c.state, c.fadePos = ctlFadingIn, c.fadeLen-c.fadePos
				continue
			}
			k := c.pull(rest[:min(len(rest), c.fadeLen-c.fadePos)])
			for i := range rest[:k] {
				rest[i] *= float32(0.5 * (1 + math.Cos(math.Pi*float64(c.fadePos+i)/float64(c.fadeLen))))
			}
			c.fadePos += k
			n += k
			if c.fadePos >= c.fadeLen {
				c.enterHeld()
			}
		case ctlHeld:
			if !c.wantHold() && c.tail == 0 {
				c.state, c.fadePos = ctlFadingIn, 0
				continue
			}
			n += c.held(rest)
		case ctlFadingIn:
			if c.wantHold() {
				c.state, c.fadePos = ctlFadingOut, c.fadeLen-c.fadePos
				continue
			}
			k := c.pull(rest[:min(len(rest), c.fadeLen-c.fadePos)])
			for i := range rest[:k] {
				rest[i] *= float32(0.5 * (1 - math.Cos(math.Pi*float64(c.fadePos+i)/float64(c.fadeLen))))
			}
			c.fadePos += k
			n += k
			if c.fadePos >= c.fadeLen {
				c.state = ctlPlaying
			}
		}
	}
	if c.ended && n < len(buf) && c.flush > 0 {
		// Let the limiter's last samples out.
		k := min(len(buf)-n, c.flush)
		clear(buf[n : n+k])
		c.flush -= k
		n += k
	}
	c.finish(buf[:n])
	for i, v := range buf[:n] {
		samples[i] = [2]float64{float64(v), float64(v)}
	}
	if n == 0 {
		return 0, false
	}
	return n, true
}

// wantHold reports whether the session should be held still.
func (c *Control) wantHold() bool {
	return c.paused || c.seeking > 0 || len(c.inserts) > 0
}

// pull streams the source into buf and returns how many samples it gave.
// If a seek holds the source (only after waiting for the fade-out timed
// out), it gives silence without advancing.
func (c *Control) pull(buf []float32) int {
	if len(buf) == 0 {
		return 0
	}
	if !c.srcMu.TryLock() {
		clear(buf)
		return len(buf)
	}
	m, ok := c.src.StreamMono(buf)
	m = max(0, min(m, len(buf)))
	c.pos = c.src.Position()
	if !ok || m < len(buf) {
		c.ended = true
		c.err = c.src.Err()
	}
	c.srcMu.Unlock()
	c.played += m
	return m
}

// enterHeld stops the session and wakes a Seek waiting for it.
func (c *Control) enterHeld() {
	c.state = ctlHeld
	if c.heldCh != nil {
		close(c.heldCh)
		c.heldCh = nil
	}
}

// held fills buf with the inserts and quiet while the session is held. It
// returns early when the hold is over, so the fade-in starts mid-buffer.
func (c *Control) held(buf []float32) int {
	i := 0
	for i < len(buf) {
		rest := buf[i:]
		if len(c.inserts) == 0 {
			if c.tail > 0 {
				k := min(c.tail, len(rest))
				clear(rest[:k])
				c.tail -= k
				i += k
				continue
			}
			if !c.wantHold() {
				return i
			}
			clear(rest)
			return len(buf)
		}
		in := &c.inserts[0]
		if in.pos < 0 {
			k := min(-in.pos, len(rest))
			clear(rest[:k])
			in.pos += k
			i += k
			continue
		}
		k := min(len(in.data)-in.pos, len(rest))
		for j, x := range in.data[in.pos : in.pos+k] {
			rest[j] = float32(x) * c.voice
		}
		in.pos += k
		i += k
		if in.pos >= len(in.data) {
			c.inserts = c.inserts[1:]
			if len(c.inserts) == 0 {
				c.inserts = nil
				c.tail = SampleRate.N(controlTail)
			}
		}
	}
	return i
}

// finish mixes the cue in, applies the volume, ramped per sample, and
// limits the result.
func (c *Control) finish(out []float32) {
	for i := range out {
		if c.overlay != nil {
			out[i] += c.overlay[c.ovPos] * controlCueLevel
			if c.ovPos++; c.ovPos >= len(c.overlay) {
				c.overlay = nil
			}
		}
		if c.gain != c.target {
			c.gain = c.target + (c.gain-c.target)*c.coef
			if math.Abs(c.gain-c.target) < 1e-6 {
				c.gain = c.target
			}
		}
		if c.gain != 1 {
			out[i] *= float32(c.gain)
		}
	}
	c.lim.Process(out, out, false)
}

// Err returns the error that stopped the source, if any.
func (c *Control) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Pause fades the session out and holds it, with the pause cue. Inserted
// clips still play while paused.
func (c *Control) Pause() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.paused {
		c.paused = true
		c.cueLocked(CuePause)
	}
}

// Resume plays the resume cue and fades the session back in where it was
// paused, once any inserted clips have played.
func (c *Control) Resume() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.paused {
		c.paused = false
		c.cueLocked(CueResume)
	}
}

// Paused reports whether the session is paused.
func (c *Control) Paused() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.paused
}

// Say holds the session (fading it out), plays the clips in turn, each
// after a short quiet, and then fades the session back in unless it is
// paused. Clips are played at the voice level.
func (c *Control) Say(clips ...[]int16) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sayLocked(clips)
}

func (c *Control) sayLocked(clips [][]int16) {
	if c.ended {
		return
	}
	for _, cl := range clips {
		if len(cl) > 0 {
			c.inserts = append(c.inserts, insert{data: cl, pos: -SampleRate.N(controlGap)})
		}
	}
}

// Cue mixes a cue over whatever is playing, replacing a cue still sounding.
func (c *Control) Cue(q Cue) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cueLocked(q)
}

func (c *Control) cueLocked(q Cue) {
	s, ok := c.cueCache[q]
	if !ok {
		s = cueSound(q)
		c.cueCache[q] = s
	}
	c.overlay, c.ovPos = s, 0
}

// StepVolume moves the volume by steps of VolumeStep dB, within MinVolume
// and MaxVolume, ramping to it, and confirms with a tick (or, when already
// at the limit, the limit cue). It returns the new volume in dB and whether
// it changed.
func (c *Control) StepVolume(steps int) (float64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	db := min(max(c.db+VolumeStep*float64(steps), MinVolume), MaxVolume)
	if db == c.db {
		c.cueLocked(CueLimit)
		return db, false
	}
	c.db = db
	c.target = math.Pow(10, db/20)
	c.cueLocked(CueTick)
	return db, true
}

// Volume returns the volume in dB.
func (c *Control) Volume() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.db
}

// Position returns the source's position: the next sample it will stream.
func (c *Control) Position() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pos
}

// Played returns how many samples of the source have been streamed.
func (c *Control) Played() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.played
}

// Len returns the source's length in samples.
func (c *Control) Len() int { return c.src.Len() }

// Ended reports whether the source has played to its end.
func (c *Control) Ended() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ended
}

// Seek fades the session out, moves it to sample p, plays the clips (an
// announcement) and fades it back in at p, unless it is paused. It waits
// for the fade-out (at most half a second, in case the device has stopped
// pulling samples) and does the seek, which may decode clips, on the
// caller's goroutine.
func (c *Control) Seek(p int, clips ...[]int16) error {
	if p < 0 || p > c.src.Len() {
		return errors.New("seek outside the session")
	}
	c.mu.Lock()
	if c.ended {
		c.mu.Unlock()
		return ErrEnded
	}
	c.seeking++
	var wait chan struct{}
	if c.state != ctlHeld {
		if c.heldCh == nil {
			c.heldCh = make(chan struct{})
		}
		wait = c.heldCh
	}
	c.mu.Unlock()
	if wait != nil {
		t := time.NewTimer(controlSeekWait)
		select {
		case <-wait:
		case <-t.C:
		}
		t.Stop()
	}
	c.srcMu.Lock()
	err := c.src.Seek(p)
	pos := c.src.Position()
	c.srcMu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seeking--
	c.pos = pos
	if err == nil {
		c.sayLocked(clips)
	}
	return err
}

// cueSound synthesises cue q at unit peak.
func cueSound(q Cue) []float32 {
	type note struct {
		f   float64
		dur time.Duration
	}
	var notes []note
	decay := false
	switch q {
	case CuePause:
		notes = []note{{660, 80 * time.Millisecond}, {440, 110 * time.Millisecond}}
	case CueResume:
		notes = []note{{440, 80 * time.Millisecond}, {660, 110 * time.Millisecond}}
	case CueTick:
		notes = []note{{1000, 40 * time.Millisecond}}
	case CueLimit:
		notes = []note{{300, 70 * time.Millisecond}, {300, 70 * time.Millisecond}}
	default:
		notes, decay = []note{{523.25, 400 * time.Millisecond}}, true
	}
	var out []float32
	for _, nt := range notes {
		n := SampleRate.N(nt.dur)
		for i := range n {
			t := float64(i) / float64(SampleRate)
			x := float64(i) / float64(n)
			env := math.Sin(math.Pi * x) // zero at both ends: no click
			if decay {
				// A struck sound: a 5 ms attack, an exponential decay, zero at the end.
				env = min(1, t/0.005) * math.Exp(-5*x) * (1 - x)
			}
			out = append(out, float32(env*math.Sin(2*math.Pi*nt.f*t)))
		}
	}
	return out
}
