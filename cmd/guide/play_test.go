package main

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchguide/guide/internal/history"
	"github.com/stretchguide/guide/internal/phrases"
	pl "github.com/stretchguide/guide/internal/player"
	"github.com/stretchguide/guide/internal/pulsetest"
	"github.com/stretchguide/guide/script"
)

// syncBuffer is a bytes.Buffer a child process writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// child is guide running in its own process, playing into a pulsetest server.
type child struct {
	cmd            *exec.Cmd
	stdin          io.WriteCloser
	stdout, stderr *syncBuffer
	state          string // its XDG_STATE_HOME
	done           chan struct{}
	exited         time.Time
}

// startGuide starts the built guide with args, its audio going to srv and
// its history to a fresh state dir; commands go to its stdin.
func startGuide(t *testing.T, srv *pulsetest.Server, args ...string) *child {
	t.Helper()
	return startGuideEnv(t, srv, nil, args...)
}

// startGuideEnv is startGuide with env added to its environment, the later
// entries winning; an entry without "=" unsets that variable.
func startGuideEnv(t *testing.T, srv *pulsetest.Server, env []string, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(built(t), args...), stdout: &syncBuffer{}, stderr: &syncBuffer{},
		state: t.TempDir(), done: make(chan struct{})}
	c.cmd.Env = append(srv.Env(), "XDG_STATE_HOME="+c.state)
	for _, kv := range env {
		if !strings.Contains(kv, "=") {
			c.cmd.Env = slices.DeleteFunc(c.cmd.Env, func(e string) bool { return strings.HasPrefix(e, kv+"=") })
			continue
		}
		c.cmd.Env = append(c.cmd.Env, kv)
	}
	c.cmd.Stdout, c.cmd.Stderr = c.stdout, c.stderr
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.cmd.Wait()
		c.exited = time.Now()
		close(c.done)
	}()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		<-c.done
	})
	return c
}

// send writes a command line to the child's stdin.
func (c *child) send(t *testing.T, line string) {
	t.Helper()
	if _, err := io.WriteString(c.stdin, line+"\n"); err != nil {
		t.Fatalf("sending %q: %v", line, err)
	}
}

// wait waits for the child to exit and returns its exit code.
func (c *child) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-c.done:
		return c.cmd.ProcessState.ExitCode()
	case <-time.After(limit):
		c.cmd.Process.Kill()
		t.Fatalf("guide still running after %v\nstdout:\n%s\nstderr:\n%s", limit, c.stdout, c.stderr)
		return -1
	}
}

// history returns the child's history records.
func (c *child) history(t *testing.T) []history.Record {
	t.Helper()
	recs, bad, err := history.Read(filepath.Join(c.state, "guide", "history.jsonl"))
	if err != nil || len(bad) > 0 {
		t.Fatalf("reading the history: %v %v", err, bad)
	}
	return recs
}

// waitSound waits until the capture has sound in its last 100 ms, and
// returns the capture's length then.
func waitSound(t *testing.T, srv *pulsetest.Server, c *child) int {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if x := srv.Captured(); len(x) > script.Rate && peak(x[len(x)-script.Rate/10:]) > 0.05 {
			return len(x)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no sound after 15s\nstderr:\n%s", c.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// quickPace is shortPace without the safety note, so that the steps come sooner.
var quickPace = append(append([]string(nil), shortPace...), "safety.intro=false")

// steadyPace is quickPace with a longer device buffer: on a loaded machine
// (two cores, other tests running) a 100 ms buffer can starve long enough
// for the watchdog to call the device lost.
var steadyPace = append(append([]string(nil), quickPace...), "audio.buffer=200ms")

func secsOf(n int) float64 { return float64(n) / script.Rate }

// TestPlayControlsThroughRealDevice drives guide play with commands on
// stdin and checks, from what the device played, that pause stops the
// sound and resume goes on where it stopped, that next skips to the next
// step's bell, and that quit fades out.
func TestPlayControlsThroughRealDevice(t *testing.T) {
	hermetic(t)
	srv := pulsetest.Start(t)
	s, ref := reference(t, "testdata/short.yaml", quickPace...)
	srv.Reset()
	c := startGuide(t, srv, append([]string{"play", "testdata/short.yaml"}, setFlags(steadyPace)...)...)
	waitSound(t, srv, c)
	const rate = script.Rate

	time.Sleep(1500 * time.Millisecond)
	c.send(t, "pause")
	capPause := srv.Len()
	time.Sleep(4 * time.Second)
	c.send(t, "resume")
	capResume := srv.Len()
	time.Sleep(2500 * time.Millisecond)
	c.send(t, "next")
	capNext := srv.Len()
	time.Sleep(3500 * time.Millisecond)
	c.send(t, "quit")
	sent := time.Now()
	capQuit := srv.Len()
	if code := c.wait(t, 5*time.Second); code != 0 {
		t.Fatalf("exit %d after quit, want 0\nstderr:\n%s", code, c.stderr)
	}
	took := c.exited.Sub(sent)
	t.Logf("quit: exited %v after the command", took.Round(time.Millisecond))
	if took > 500*time.Millisecond {
		t.Errorf("exited %v after quit, want within 500ms", took)
	}
	time.Sleep(500 * time.Millisecond) // let the sink pass on the tail
	got := srv.Captured()
	if f := os.Getenv("GUIDE_TEST_DUMP"); f != "" {
		var b bytes.Buffer
		binary.Write(&b, binary.LittleEndian, got)
		os.WriteFile(f, b.Bytes(), 0o644)
		t.Logf("capture in %s; pause at %d, resume %d, next %d, quit %d", f, capPause, capResume, capNext, capQuit)
	}

	// Pause: from shortly after the command (the pause cue, and "Paused."
	// once the voice has it) until resume, nothing is heard.
	quiet := got[capPause+rate*18/10 : capResume]
	for i, e := range pulsetest.Envelope(quiet, rate/100) {
		if e > 1e-3 {
			t.Errorf("sound (level %.4f) %.2fs after pause: it does not stop", e, 1.8+float64(i)/100)
			break
		}
	}
	// Resume goes on where it stopped: the session after the pause is the
	// session before it, shifted by exactly how long it was paused.
	at := func(from, to int) (int, float64) {
		chunk := got[from:to]
		lag, score := pulsetest.Align(chunk, ref, 0, len(ref)-len(chunk))
		return from - lag, score // capture index minus session index
	}
	shiftA, scoreA := at(capPause-rate*12/10, capPause-rate/5)
	shiftB, scoreB := at(capResume+rate*6/10, capResume+rate*16/10)
	t.Logf("shiftA %.3f (%.2f) shiftB %.3f (%.2f)", secsOf(shiftA), scoreA, secsOf(shiftB), scoreB)
	if scoreA < 0.7 || scoreB < 0.7 {
		t.Fatalf("the audio around the pause does not match the session (scores %.2f, %.2f)", scoreA, scoreB)
	}
	held, want := shiftB-shiftA, capResume-capPause
	t.Logf("paused for %.3fs of audio; the commands were %.3fs apart", secsOf(held), secsOf(want))
	if d := held - want; d < -rate*15/100 || d > rate*15/100 {
		t.Errorf("the session moved by %.3fs across a %.3fs pause: resume does not go on where it stopped",
			secsOf(held), secsOf(want))
	}

	// Next: the following step's bell, at once.
	ch1 := s.Timeline.Chapters[1].Start
	bell := ref[ch1 : ch1+2*rate]
	lag, score := pulsetest.Align(bell, got, capNext, capNext+rate*3/2)
	t.Logf("next: the bell %.3fs after the command (match %.2f)", secsOf(lag-capNext), score)
	if score < 0.8 {
		t.Errorf("no bell after next (match %.2f)", score)
	}
	if natural := ch1 + shiftB; lag > natural-2*rate {
		t.Errorf("the bell came at %.2fs, when it would have anyway (%.2fs): next did not skip", secsOf(lag), secsOf(natural))
	}
	if d := lag - capNext; d > rate*6/10 {
		t.Errorf("the bell came %.2fs after next, want within 0.6s", secsOf(d))
	}

	// Quit fades out: the last sound ends smoothly, without a click.
	end := len(got)
	for end > capQuit && abs32(got[end-1]) < 1e-3 {
		end--
	}
	if end <= capQuit {
		t.Fatal("nothing was heard after quit: it should fade out")
	}
	tail := got[end-rate/10 : end]
	if j := pulsetest.MaxJump(tail); j > 0.1 {
		t.Errorf("a jump of %.3f in the last 100 ms: a click", j)
	}
	last, before := rmsOf(tail[len(tail)-len(tail)/5:]), rmsOf(got[end-rate/5:end-rate/10])
	if last > before/2 {
		t.Errorf("level %.4f in the last 20 ms against %.4f before: it stops dead instead of fading", last, before)
	}

	recs := c.history(t)
	if len(recs) != 1 {
		t.Fatalf("history has %d records, want 1", len(recs))
	}
	r := recs[0]
	if r.Ended != history.EndedQuit || r.Completed || r.Step != 2 || r.LastStep != "Cat-Cow" || r.Routine != "short" {
		t.Errorf("history record %+v; want quit in step 2, Cat-Cow, not completed", r)
	}
}

func abs32(x float32) float32 { return max(x, -x) }

// TestDeviceLostMidSession checks that guide play stops within 2 seconds
// with a clear message when the sound server dies or hangs, and records
// the session.
func TestDeviceLostMidSession(t *testing.T) {
	hermetic(t)
	for _, tt := range []struct {
		name string
		sig  syscall.Signal
	}{{"dies", syscall.SIGKILL}, {"hangs", sigStop}} {
		t.Run(tt.name, func(t *testing.T) {
			srv := pulsetest.Start(t)
			srv.Reset()
			c := startGuide(t, srv, append([]string{"play", "testdata/short.yaml"}, setFlags(quickPace)...)...)
			waitSound(t, srv, c)
			time.Sleep(500 * time.Millisecond)
			lost := time.Now()
			if err := srv.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			code := c.wait(t, 10*time.Second)
			took := c.exited.Sub(lost)
			t.Logf("the sound server %s: guide exited %d after %v: %s", tt.name, code, took.Round(time.Millisecond),
				strings.TrimSpace(c.stderr.String()))
			if took > 2*time.Second {
				t.Errorf("stopped %v after the device was lost, want within 2s", took)
			}
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if !strings.Contains(c.stderr.String(), "audio output stopped") {
				t.Errorf("stderr does not say the audio output stopped:\n%s", c.stderr)
			}
			recs := c.history(t)
			if len(recs) != 1 || recs[0].Ended != history.EndedDeviceLost || recs[0].Completed {
				t.Errorf("history %+v, want one record ended by the device lost", recs)
			}
		})
	}
}

// TestPlayStartsOnASlowSink plays to PulseAudio's null sink (its "Dummy
// Output" when there is no sound card), which can take up to 2 s to take a
// new stream's first samples: guide must wait for it, not say there is no
// audio output. How long the sink takes varies from run to run (when guide
// gave it 2 buffers plus 200 ms, 4 runs in 10 failed here), so guide plays
// to it several times.
func TestPlayStartsOnASlowSink(t *testing.T) {
	hermetic(t)
	srv := pulsetest.Start(t)
	env := []string{srv.NullSink(t)}
	for run := 1; run <= 6; run++ {
		c := startGuideEnv(t, srv, env, "play", "testdata/short.yaml")
		deadline := time.Now().Add(6 * time.Second)
		for !strings.Contains(c.stdout.String(), "Playing") && time.Now().Before(deadline) {
			select {
			case <-c.done:
				t.Fatalf("run %d: guide exited before playing\nstderr:\n%s", run, c.stderr)
			case <-time.After(20 * time.Millisecond):
			}
		}
		if !strings.Contains(c.stdout.String(), "Playing") {
			t.Fatalf("run %d: guide said nothing of playing within 6s\nstdout:\n%s\nstderr:\n%s", run, c.stdout, c.stderr)
		}
		// Played to the null sink, not to the pipe sink that starts at once.
		if sinks := srv.StreamSinks(t); !slices.Equal(sinks, []string{"null"}) {
			t.Fatalf("run %d: guide's streams play to sinks %q, want the null sink alone", run, sinks)
		}
		c.send(t, "quit")
		if code := c.wait(t, 5*time.Second); code != 0 {
			t.Fatalf("run %d: exit %d after quit, want 0\nstderr:\n%s", run, code, c.stderr)
		}
	}
}

// TestPlayPrintsStepsWhenNotATerminal checks the plain, timestamped lines
// and that an unknown command is reported without stopping the session.
func TestPlayPrintsStepsWhenNotATerminal(t *testing.T) {
	hermetic(t)
	srv := pulsetest.Start(t)
	srv.Reset()
	c := startGuide(t, srv, append([]string{"play", "testdata/short.yaml"}, setFlags(quickPace)...)...)
	waitSound(t, srv, c)
	c.send(t, "jump")
	c.send(t, "next")
	c.send(t, "status")
	time.Sleep(time.Second)
	c.send(t, "quit")
	if code := c.wait(t, 10*time.Second); code != 0 {
		t.Fatalf("exit %d, want 0\nstderr:\n%s", code, c.stderr)
	}
	out := c.stdout.String()
	tl := compiled(t, "testdata/short.yaml", quickPace...).Timeline
	playing := "Playing Short (" + pl.Clock(tl.Duration()) + ")"
	// Status right after next: the whole of Cat-Cow is left, give or take
	// the second it took to say.
	left := script.Duration(pl.ChapterEnd(tl, 1) - tl.Chapters[1].Start)
	status := "Cat-Cow. " + phrases.TimeLeft(left) + " Last stretch."
	if s := "Cat-Cow. " + phrases.TimeLeft(left-2*time.Second) + " Last stretch."; strings.Contains(out, s) {
		status = s
	}
	for _, want := range []string{playing, "1/3 Welcome (0:00)", "2/3 Cat-Cow", "unknown command jump", status, "Stopped at"} {
		if !strings.Contains(out+c.stderr.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if _, err := time.Parse("15:04:05", strings.SplitN(l, " ", 2)[0]); err != nil {
			t.Errorf("line %q does not start with the time", l)
		}
	}
	if strings.Contains(out, "\x1b") || strings.Contains(out, "\r") {
		t.Errorf("terminal controls in plain output: %q", out)
	}
}

// TestPlayQuietPrintsOnlyErrors checks --quiet with no audio device: the
// error, and nothing else.
func TestPlayQuietPrintsOnlyErrors(t *testing.T) {
	empty := t.TempDir()
	cmd := exec.Command(built(t), "play", "morning", "--quiet")
	cmd.Env = env(os.Environ(), map[string]string{
		"XDG_RUNTIME_DIR": empty, "HOME": empty, "XDG_CONFIG_HOME": empty, "XDG_STATE_HOME": empty,
		"PULSE_SERVER": "unix:" + filepath.Join(empty, "no-such-socket"),
	})
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if cmd.ProcessState.ExitCode() != 1 || stdout.Len() != 0 || !strings.Contains(stderr.String(), "no audio output") {
		t.Errorf("guide play --quiet without a device: %v\nstdout %q\nstderr %q; want exit 1, nothing on stdout, the error on stderr",
			err, stdout.String(), stderr.String())
	}
	if _, err := os.Stat(filepath.Join(empty, "guide", "history.jsonl")); err == nil {
		t.Error("a session that never played was recorded in the history")
	}
}
