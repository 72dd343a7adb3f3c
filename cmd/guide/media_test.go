package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchguide/guide/internal/dbustest"
	"github.com/stretchguide/guide/internal/history"
	pl "github.com/stretchguide/guide/internal/player"
	"github.com/stretchguide/guide/internal/pulsetest"
	"github.com/stretchguide/guide/internal/testtool"
	"github.com/stretchguide/guide/script"
)

// mediaPace is quickPace with a buffer long enough that a loaded machine
// (two cores, other tests playing) does not pass for a lost device, and
// short enough for the timing the tests check.
var mediaPace = append(append([]string(nil), quickPace...), "audio.buffer=400ms")

// playerctl runs playerctl on bus for the guide player and returns what it
// printed.
func playerctl(t *testing.T, bus *dbustest.Bus, args ...string) string {
	t.Helper()
	cmd := exec.Command(needPlayerctl(t), append([]string{"-p", "guide"}, args...)...)
	cmd.Env = bus.Env(os.Environ())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("playerctl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// needPlayerctl returns playerctl's path, or skips the test (fails it in
// CI) when it is not installed.
func needPlayerctl(t *testing.T) string { return testtool.Need(t, "playerctl", "playerctl") }

// waitTitle waits until the player's Metadata names want as its title.
func waitTitle(t *testing.T, bus *dbustest.Bus, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	got := ""
	for time.Now().Before(deadline) {
		if got = tryPlayerctl(bus, "metadata", "xesam:title"); got == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("Metadata's xesam:title is %q, want %q", got, want)
}

// tryPlayerctl runs playerctl, returning "" if it fails (no player yet).
func tryPlayerctl(bus *dbustest.Bus, args ...string) string {
	cmd := exec.Command("playerctl", append([]string{"-p", "guide"}, args...)...)
	cmd.Env = bus.Env(os.Environ())
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// TestMediaKeysThroughRealDevice drives guide play from the desktop's media
// controls, MPRIS on a private session bus, with playerctl, and checks from
// what the device played that pause stops the sound and play resumes it,
// that next skips to the next step's bell, that the title the desktop
// shows names the step, and that stop ends the session with its history.
func TestMediaKeysThroughRealDevice(t *testing.T) {
	hermetic(t)
	needPlayerctl(t)
	bus := dbustest.Start(t)
	srv := pulsetest.Start(t)
	s, ref := reference(t, "testdata/short.yaml", quickPace...)
	ch := s.Timeline.Chapters
	srv.Reset()
	c := startGuideEnv(t, srv, []string{"DBUS_SESSION_BUS_ADDRESS=" + bus.Address},
		append([]string{"play", "testdata/short.yaml"}, setFlags(mediaPace)...)...)
	waitSound(t, srv, c)
	const rate = script.Rate

	waitTitle(t, bus, pl.ChapterName(ch[0]))
	if got := playerctl(t, bus, "metadata", "xesam:album"); got != "Short" {
		t.Errorf("xesam:album is %q, want the routine's title, Short", got)
	}
	if got := playerctl(t, bus, "status"); got != "Playing" {
		t.Errorf("status %q, want Playing", got)
	}
	time.Sleep(1500 * time.Millisecond)
	playerctl(t, bus, "pause")
	capPause := srv.Len()
	time.Sleep(4 * time.Second)
	if got := playerctl(t, bus, "status"); got != "Paused" {
		t.Errorf("status %q after pause, want Paused", got)
	}
	playerctl(t, bus, "play")
	capResume := srv.Len()
	time.Sleep(2500 * time.Millisecond)
	playerctl(t, bus, "next")
	capNext := srv.Len()
	waitTitle(t, bus, pl.ChapterName(ch[1]))
	// The position is the step's: the bell has just rung. Seeking moves
	// within the step, by an offset (Seek) or to a time (SetPosition).
	position := func() float64 {
		pos, err := strconv.ParseFloat(playerctl(t, bus, "position"), 64)
		if err != nil {
			t.Fatal(err)
		}
		return pos
	}
	before := position()
	if before < 0 || before > 2 {
		t.Errorf("position %.2fs just after next, want the seconds into the step, under 2", before)
	}
	time.Sleep(2500 * time.Millisecond) // the bell, untouched
	// movesTo waits for the position to reach [lo, hi] (a seek is carried
	// out once its fade-out is done), failing with what it was.
	movesTo := func(what string, lo, hi float64) {
		t.Helper()
		p := 0.0
		for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if p = position(); p >= lo && p <= hi {
				return
			}
		}
		t.Errorf("%s: the position is %.2fs, want %.2fs to %.2fs", what, p, lo, hi)
	}
	before = position()
	playerctl(t, bus, "position", "4+")
	movesTo("position 4+", before+3.8, before+5)
	playerctl(t, bus, "position", "2")
	movesTo("position 2", 1.9, 2.8)
	time.Sleep(time.Second)
	playerctl(t, bus, "stop")
	if code := c.wait(t, 5*time.Second); code != 0 {
		t.Fatalf("exit %d after stop, want 0\nstderr:\n%s", code, c.stderr)
	}
	time.Sleep(500 * time.Millisecond) // let the sink pass on the tail
	got := srv.Captured()

	// Pause: from shortly after it (the pause cue and "Paused.") until
	// play, nothing is heard.
	for i, e := range pulsetest.Envelope(got[capPause+rate*18/10:capResume], rate/100) {
		if e > 1e-3 {
			t.Errorf("sound (level %.4f) %.2fs after pause: it does not stop", e, 1.8+float64(i)/100)
			break
		}
	}
	// Play goes on where it stopped.
	at := func(from, to int) (int, float64) {
		chunk := got[from:to]
		lag, score := pulsetest.Align(chunk, ref, 0, len(ref)-len(chunk))
		return from - lag, score
	}
	shiftA, scoreA := at(capPause-rate*12/10, capPause-rate/5)
	shiftB, scoreB := at(capResume+rate*6/10, capResume+rate*16/10)
	if scoreA < 0.7 || scoreB < 0.7 {
		t.Fatalf("the audio around the pause does not match the session (scores %.2f, %.2f)", scoreA, scoreB)
	}
	// Within 0.3 s: the commands' moments are known to the capture only as
	// closely as a loaded machine delivers them; a resume that restarted
	// the step or skipped on would be off by seconds.
	if d := (shiftB - shiftA) - (capResume - capPause); d < -rate*3/10 || d > rate*3/10 {
		t.Errorf("the session moved by %.3fs across a %.3fs pause: play does not go on where it stopped",
			secsOf(shiftB-shiftA), secsOf(capResume-capPause))
	}
	// Next: the following step's bell, at once.
	bell := ref[ch[1].Start : ch[1].Start+2*rate]
	lag, score := pulsetest.Align(bell, got, capNext, capNext+rate*3/2)
	t.Logf("next: the bell %.3fs after playerctl next (match %.2f)", secsOf(lag-capNext), score)
	if score < 0.8 {
		t.Errorf("no bell after next (match %.2f)", score)
	}
	if natural := ch[1].Start + shiftB; lag > natural-2*rate {
		t.Errorf("the bell came at %.2fs, when it would have anyway (%.2fs): next did not skip", secsOf(lag), secsOf(natural))
	}

	recs := c.history(t)
	if len(recs) != 1 {
		t.Fatalf("history has %d records, want 1", len(recs))
	}
	if r := recs[0]; r.Ended != history.EndedQuit || r.Step != 2 || r.LastStep != "Cat-Cow" {
		t.Errorf("history record %+v; want quit in step 2, Cat-Cow", r)
	}
}

// TestPlayWithoutSessionBus: with no session bus, or an address that
// leads nowhere, guide plays as before and says nothing about it; with a
// bus that dies mid-session, the session plays on to its end.
func TestPlayWithoutSessionBus(t *testing.T) {
	hermetic(t)
	srv := pulsetest.Start(t)
	for _, tt := range []struct {
		name string
		env  []string
		sets []string
	}{
		{"unset", []string{"DBUS_SESSION_BUS_ADDRESS"}, nil},
		{"nowhere", []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(t.TempDir(), "no-bus")}, nil},
		{"dies", nil, nil},
		{"hangs", nil, nil},
		{"off", nil, []string{"controls.media=false"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var bus *dbustest.Bus
			if tt.env == nil {
				bus = dbustest.Start(t)
				tt.env = []string{"DBUS_SESSION_BUS_ADDRESS=" + bus.Address}
			}
			srv.Reset()
			sets := append(append([]string(nil), mediaPace...), tt.sets...)
			c := startGuideEnv(t, srv, tt.env, append([]string{"play", "testdata/short.yaml"}, setFlags(sets)...)...)
			waitSound(t, srv, c)
			switch {
			case tt.name == "off":
				needPlayerctl(t)
				time.Sleep(time.Second)
				if got := tryPlayerctl(bus, "status"); got != "" {
					t.Errorf("with controls.media false, guide is on the bus (status %q)", got)
				}
			case bus != nil:
				needPlayerctl(t)
				waitTitle(t, bus, "Welcome") // guide is on the bus
				if tt.name == "hangs" {
					if err := bus.Hang(); err != nil {
						t.Skip(err)
					}
				} else {
					bus.Kill()
				}
			}
			time.Sleep(time.Second)
			c.send(t, "next")
			c.send(t, "next")
			if code := c.wait(t, 20*time.Second); code != 0 {
				t.Fatalf("exit %d, want 0\nstderr:\n%s", code, c.stderr)
			}
			if e := c.stderr.String(); e != "" {
				t.Errorf("stderr has %q, want nothing", e)
			}
			for _, want := range []string{"Playing Short", "3/3 Closing", "Done:"} {
				if !strings.Contains(c.stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, c.stdout)
				}
			}
			if recs := c.history(t); len(recs) != 1 || !recs[0].Completed {
				t.Errorf("history %+v, want one completed session", recs)
			}
		})
	}
}

// TestMediaKeysInReminders: each reminder session is on the bus while it
// plays; stop ends that session, and the next reminder is on it again.
func TestMediaKeysInReminders(t *testing.T) {
	hermetic(t)
	needPlayerctl(t)
	bus := dbustest.Start(t)
	srv := pulsetest.Start(t)
	srv.Reset()
	args := append([]string{"remind", "testdata/short.yaml", "--every", "1s", "--set", "remind.quiet=none"}, setFlags(mediaPace)...)
	c := startGuideEnv(t, srv, []string{"DBUS_SESSION_BUS_ADDRESS=" + bus.Address}, args...)
	waitSound(t, srv, c)
	waitTitle(t, bus, "Welcome")
	playerctl(t, bus, "stop")
	// The next reminder comes on the bus again, from its first step.
	deadline := time.Now().Add(10 * time.Second)
	for tryPlayerctl(bus, "status") == "Playing" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond) // the first session fading out
	}
	waitTitle(t, bus, "Welcome")
	playerctl(t, bus, "next")
	waitTitle(t, bus, "Cat-Cow")
	playerctl(t, bus, "stop")
	for tryPlayerctl(bus, "status") != "" && time.Now().Before(deadline.Add(10*time.Second)) {
		time.Sleep(10 * time.Millisecond) // the session fading out, then off the bus
	}
	c.cmd.Process.Signal(syscall.SIGINT)
	if code := c.wait(t, 10*time.Second); code != 130 {
		t.Fatalf("exit %d after Ctrl-C, want 130\nstderr:\n%s", code, c.stderr)
	}
	recs := c.history(t)
	if len(recs) < 2 {
		t.Fatalf("history has %d records, want 2 or more", len(recs))
	}
	quit := 0
	for _, r := range recs {
		if r.Ended == history.EndedQuit {
			quit++
		}
	}
	if quit < 2 {
		t.Errorf("%d sessions ended by stop in %+v, want 2", quit, recs)
	}
}
