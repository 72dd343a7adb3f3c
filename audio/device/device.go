// Package device plays a stream on the computer's audio output. It is the
// only package that imports beep's speaker, and so the only one that needs
// cgo (and ALSA's headers on Linux): everything else in guide builds with
// CGO_ENABLED=0.
package device

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/speaker"
)

// ErrNoDevice reports that no audio output could be opened.
var ErrNoDevice = errors.New("no audio output found")

// ErrOutputStopped reports that the audio output stopped taking samples in the middle of
// playback (the sound server died or hung, the device was unplugged).
var ErrOutputStopped = errors.New("the audio output stopped")

const (
	// deviceRate is the rate the device is opened at: script.Rate.
	deviceRate = beep.SampleRate(44100)
	// deviceMinBuffer is the shortest buffer Play accepts.
	deviceMinBuffer = 10 * time.Millisecond
	// deviceOpenTimeout bounds speaker.Init plus speaker.Resume: opening ALSA can block (a
	// frozen sound server), and Play must report ErrNoDevice within 3 s, watchdog included.
	deviceOpenTimeout = 2 * time.Second
	// deviceStartTimeout is how long after Play is called (so after opening or resuming began)
	// the device may take to start taking samples before Play calls it missing. Some sinks are
	// slow to start: PulseAudio's null sink (its "Dummy Output" on a machine without a sound
	// card, and the virtual sink of a recording set-up) took up to 1.96 s, in opening or in
	// taking the first samples after, where the stall limit alone would have given it 0.4 to
	// 1.2 s. 2.4 s still reports a missing device within 3 s.
	deviceStartTimeout = 2400 * time.Millisecond
	// deviceFade is the length of the fade-out on cancellation.
	deviceFade = 60 * time.Millisecond
	// deviceSuspendTimeout bounds speaker.Suspend, which waits for the device's write loop
	// (forever if the device is stuck).
	deviceSuspendTimeout = 100 * time.Millisecond
)

// stopBudget bounds the time from cancellation to Play's return: the fade, the buffered sound
// after it (up to 1.5 buffers: see Play), and the stop.
func stopBudget(buffer time.Duration) time.Duration {
	return deviceFade + 2*buffer + 190*time.Millisecond
}

// devState is the process's one speaker: beep v2.1.1's speaker.Init fails when called twice
// ("speaker cannot be initialized more than once"; oto allows one context per process) and
// speaker.Close cannot be undone, so Play opens the device once and suspends it between calls.
var devState struct {
	mu      sync.Mutex
	busy    bool          // a Play is running
	opened  bool          // speaker.Init has been started
	buffer  time.Duration // the buffer speaker.Init was given
	start   time.Time     // when speaker.Init was started
	ready   chan struct{} // closed when speaker.Init has returned
	initErr error         // speaker.Init's result, written before ready is closed
	quiet   func()        // stops filtering the sound libraries' chatter on stderr
}

// Play plays s through the default audio device at 44100 Hz with the given device buffer
// length, and returns when s is drained (after letting the device play out the tail), when ctx
// is cancelled, or when the device fails.
//
// The tail: beep splits the buffer between oto's player (which can hold a whole buffer) and
// the ALSA driver (half a buffer). Play waits until the device has pulled one buffer of silence
// after the last sample, then sleeps half a buffer: about 1 to 1.5 buffers in all, counted on
// the device's clock rather than guessed.
//
// When no audio output can be opened Play returns an error wrapping ErrNoDevice: at once when
// ALSA reports it, after 2 s when opening hangs, 2.4 s after the call (or 2 buffers plus 200 ms
// after opening, if later) when the device opens but never takes samples. When ctx is cancelled
// the output fades out over 60 ms and Play returns ctx.Err() once the fade has played, within 2
// buffers plus 250 ms (450 ms at a 100 ms buffer). When the device stops taking samples for 2
// buffers plus 200 ms in the middle of playback, Play returns an error wrapping
// ErrOutputStopped. Otherwise it returns nil, or s.Err() wrapped if s ended with an error.
//
// The buffer sets what playing costs as well as how soon keys and Ctrl-C are heard: oto hands
// ALSA a quarter of it at a time, and each hand-over costs a few thread wake-ups (about 0.35 ms
// of CPU on a small VM), so playing silence through PulseAudio costs 1.4% of a core at a 100 ms
// buffer and 0.5% at 300 ms; guide's default is 500 ms.
//
// While it plays, Play limits the process to one P (GOMAXPROCS 1); see below.
//
// started, if not nil, is called once (on Play's goroutine) when the device is playing: when it
// has taken more than one buffer, so the sound is flowing. A caller says "Playing" then, not
// before the device is known to work.
//
// The device is opened once per process, by the first call, with that call's buffer length;
// later calls reuse it and must pass the same buffer. Only one Play may run at a time.
func Play(ctx context.Context, s beep.Streamer, buffer time.Duration, started func()) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if buffer < deviceMinBuffer {
		return fmt.Errorf("device buffer %v is too short: use at least %v", buffer, deviceMinBuffer)
	}
	startBy := time.Now().Add(deviceStartTimeout)
	if err := acquireDevice(buffer); err != nil {
		return err
	}
	defer releaseDevice()
	// oto writes each period to ALSA with a cgo call that blocks until the device has room.
	// While the process has a second, idle P, Go's sysmon takes the blocked P back only after
	// 10 ms and then polls every 20 µs for a millisecond or more: about 2,000 wake-ups a
	// second, 2 to 3% of a core spent doing nothing. With one P it takes the P back at once and
	// sleeps until the next timer. Playing needs no more than one core.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	if err := openDevice(ctx); err != nil {
		return err
	}
	return playOn(ctx, s, buffer, startBy, started)
}

// acquireDevice marks the device busy and, on the first call, starts speaker.Init.
func acquireDevice(buffer time.Duration) error {
	devState.mu.Lock()
	defer devState.mu.Unlock()
	if devState.busy {
		return errors.New("Play is already running: the device plays one stream at a time")
	}
	if devState.opened && buffer != devState.buffer {
		return fmt.Errorf("the audio device was opened with a %v buffer and cannot be reopened with %v: "+
			"the speaker can be initialised once per process", devState.buffer, buffer)
	}
	devState.busy = true
	if !devState.opened {
		devState.opened = true
		devState.buffer = buffer
		devState.start = time.Now()
		devState.ready = make(chan struct{})
		devState.quiet = sync.OnceFunc(quietLibraries())
		go func() {
			// speaker.Init waits for oto to open ALSA, which can block indefinitely.
			err := speaker.Init(deviceRate, deviceRate.N(buffer))
			devState.initErr = err
			close(devState.ready)
		}()
	}
	return nil
}

func releaseDevice() {
	devState.mu.Lock()
	devState.busy = false
	devState.mu.Unlock()
}

// openDevice waits for speaker.Init and then calls speaker.Resume, which returns the error oto
// stored if it could not open any ALSA device (speaker.Init itself returns nil then), and
// un-suspends the device after a previous Play.
func openDevice(ctx context.Context) error {
	devState.mu.Lock()
	ready, deadline, quiet := devState.ready, devState.start.Add(deviceOpenTimeout), devState.quiet
	devState.mu.Unlock()
	defer quiet()

	select {
	case <-ready:
	default:
		timer := time.NewTimer(time.Until(deadline))
		defer timer.Stop()
		select {
		case <-ready:
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
			return fmt.Errorf("%w: opening the audio device did not finish within %v (is the sound server hung?)",
				ErrNoDevice, deviceOpenTimeout)
		}
	}
	if devState.initErr != nil {
		return fmt.Errorf("%w: %w", ErrNoDevice, devState.initErr)
	}

	resumed := make(chan error, 1)
	go func() { resumed <- speaker.Resume() }() // blocks while the device's write loop is stuck
	timer := time.NewTimer(max(time.Until(deadline), deviceOpenTimeout/4))
	defer timer.Stop()
	select {
	case err := <-resumed:
		if err != nil {
			return fmt.Errorf("%w (is there a sound card, or a running PulseAudio or PipeWire server?): %w",
				ErrNoDevice, firstCause(err))
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return fmt.Errorf("%w: the audio device did not respond", ErrNoDevice)
	}
}

// firstCause shortens oto's error, which lists every ALSA device it tried
// ("oto: ALSA error at snd_pcm_open: "default": No such file or directory,
// "plug:default": ..."), to the first: the default device's.
func firstCause(err error) error {
	msg := strings.TrimPrefix(err.Error(), "failed to resume the speaker: ")
	if i := strings.Index(msg, `: "`); i >= 0 {
		if j := strings.Index(msg[i:], `, "`); j >= 0 {
			msg = msg[:i+j]
		}
	}
	return errors.New(msg)
}

// playOn plays s on the opened device and watches it; see Play. The device may go 2 buffers
// plus 200 ms without taking samples; until it has started, until startBy if that is later.
func playOn(ctx context.Context, s beep.Streamer, buffer time.Duration, startBy time.Time, started func()) error {
	stall := 2*buffer + 200*time.Millisecond
	// The speaker's player holds up to one buffer of samples: once the device has pulled that
	// much silence after the last sample, the last sample is in the driver's buffer.
	r := newDeviceStreamer(s, deviceRate.N(deviceFade), deviceRate.N(buffer))
	// The player also fills right after speaker.Init, even when no device opened: the device is
	// playing only once more than one buffer has been pulled.
	playing := int64(deviceRate.N(buffer))
	r.playing = playing
	// untilStall is how long from now the device may go on taking no samples.
	untilStall := func() time.Duration {
		d := stall - r.idle()
		if r.pulled.Load() <= playing {
			d = max(d, time.Until(startBy))
		}
		return d
	}
	speaker.Play(r)
	// The watchdog wakes when a stall could first be declared, not on a ticker: each wake-up of
	// an idle process costs CPU (see Play).
	wake := time.NewTimer(untilStall())
	defer wake.Stop()

	ctxDone := ctx.Done()
	var stopBy time.Time // set on cancellation
	startedCh := r.started
	if started == nil {
		started = func() {}
	}
	for {
		select {
		case <-startedCh:
			startedCh = nil
			started()

		case <-r.flushed:
			// The stream can have started and ended by now (a short stream, a starved Play):
			// say that it started before saying that it ended.
			select {
			case <-startedCh:
				started()
			default:
			}
			// The driver's buffer holds half the buffer (beep splits it between oto's player and
			// the driver): let it play out, as "sleep one buffer after the last sample" would.
			tail := buffer / 2
			if ctxDone == nil {
				tail = min(tail, time.Until(stopBy)-deviceSuspendTimeout)
			}
			if tail > 0 {
				time.Sleep(tail)
			}
			deviceStop()
			if ctxDone == nil {
				return ctx.Err()
			}
			if r.err != nil {
				return fmt.Errorf("playing: %w", r.err)
			}
			return nil

		case <-ctxDone:
			// Fade out (a no-op when the stream has already ended) and keep waiting for the flush.
			r.fadeOut.Store(true)
			ctxDone = nil
			stopBy = time.Now().Add(stopBudget(buffer))
			wake.Reset(min(untilStall(), time.Until(stopBy)-deviceSuspendTimeout))

		case <-wake.C:
			if ctxDone == nil && time.Until(stopBy) <= deviceSuspendTimeout {
				deviceStop() // the fade did not play out in time: the device is slow or stuck
				return ctx.Err()
			}
			if next := untilStall(); next > 0 {
				if ctxDone == nil {
					next = min(next, time.Until(stopBy)-deviceSuspendTimeout)
				}
				wake.Reset(next)
				continue
			}
			idle := r.idle()
			deviceStop()
			switch {
			case ctxDone == nil:
				return ctx.Err()
			case r.pulled.Load() <= playing:
				return fmt.Errorf("%w: the audio device took no samples for %v after opening",
					ErrNoDevice, idle.Round(time.Millisecond))
			default:
				return fmt.Errorf("%w: the device took no samples for %v", ErrOutputStopped,
					idle.Round(time.Millisecond))
			}
		}
	}
}

// deviceStop removes everything from the speaker and suspends the device's write loop, so an
// idle process costs no CPU. Suspend waits for the write loop, which never returns from a stuck
// device: give up after deviceSuspendTimeout.
func deviceStop() {
	speaker.Clear()
	done := make(chan struct{})
	go func() {
		_ = speaker.Suspend()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(deviceSuspendTimeout):
	}
}

// deviceStreamer is the root streamer handed to the speaker. It records when the device last
// pulled samples (for the watchdog), fades out when asked, and, once the source has ended,
// streams silence and closes flushed when flushLen samples of it have been pulled. It never
// ends by itself: Play removes it.
//
// Stream runs with the speaker locked, on oto's goroutine: it must not lock the speaker or
// block, so it talks to Play through atomics and by closing flushed.
type deviceStreamer struct {
	src      beep.Streamer
	base     time.Time
	lastPull atomic.Int64 // time.Since(base) at the latest Stream call, in ns
	pulled   atomic.Int64 // samples asked for so far
	fadeOut  atomic.Bool  // set by Play on cancellation
	flushed  chan struct{}
	started  chan struct{} // closed once more than playing samples have been pulled
	playing  int64

	// Owned by Stream; err is read by Play after flushed is closed.
	fadeLen, fadePos int
	flushLen, after  int // silence to stream after the end before closing flushed; streamed so far
	finished         bool
	err              error
}

func newDeviceStreamer(src beep.Streamer, fadeLen, flushLen int) *deviceStreamer {
	return &deviceStreamer{src: src, base: time.Now(), fadeLen: fadeLen, flushLen: flushLen, flushed: make(chan struct{}), started: make(chan struct{})}
}

// idle returns how long the device has not pulled samples (since creation before the first pull).
func (d *deviceStreamer) idle() time.Duration {
	return time.Since(d.base) - time.Duration(d.lastPull.Load())
}

// Stream fills samples from the source, then with silence once it has ended; it always
// returns len(samples), true.
func (d *deviceStreamer) Stream(samples [][2]float64) (int, bool) {
	d.lastPull.Store(int64(time.Since(d.base)))
	if p := d.pulled.Add(int64(len(samples))); p > d.playing && p-int64(len(samples)) <= d.playing {
		close(d.started) // once: only the call that crosses the mark
	}
	n := 0
	if !d.finished {
		n = d.stream(samples)
	}
	clear(samples[n:])
	if d.finished && d.after < d.flushLen {
		d.after += len(samples) - n
		if d.after >= d.flushLen {
			close(d.flushed)
		}
	}
	return len(samples), true
}

// stream streams the source into samples, ramping the gain per sample from 1 to 0 (raised
// cosine) once fading, and returns how many samples it wrote. It calls finish when the source
// or the fade has ended.
func (d *deviceStreamer) stream(samples [][2]float64) int {
	fading := d.fadeOut.Load()
	if fading && d.fadePos >= d.fadeLen {
		d.finish()
		return 0
	}
	n, ok := d.src.Stream(samples)
	n = max(0, min(n, len(samples)))
	if fading {
		for i := range samples[:n] {
			if d.fadePos >= d.fadeLen {
				n = i
				break
			}
			g := 0.5 * (1 + math.Cos(math.Pi*float64(d.fadePos)/float64(d.fadeLen)))
			samples[i][0] *= g
			samples[i][1] *= g
			d.fadePos++
		}
		if d.fadePos >= d.fadeLen {
			d.finish()
		}
	}
	if !ok || n < len(samples) {
		d.finish()
	}
	return n
}

// finish records the source's error (unless it was cut short by the fade).
func (d *deviceStreamer) finish() {
	if d.finished {
		return
	}
	d.finished = true
	if !d.fadeOut.Load() {
		d.err = d.src.Err()
	}
}

// Err always returns nil: the source's error is reported by Play.
func (d *deviceStreamer) Err() error { return nil }
