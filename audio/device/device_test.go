package device

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gopxl/beep/v2"

	"github.com/stretchguide/guide/internal/pulsetest"
)

// Play opens the device once per process and the device's environment must be set before that,
// so Play is tested in a child process: the test binary re-executed to run TestHelperPlayer in
// "player mode" (playerEnv names the mode).

const (
	playerEnv    = "GUIDE_TEST_PLAYER"
	playerBuffer = 100 * time.Millisecond
	playerRate   = 44100
	playerHz     = 440
	playerAmp    = 0.5
	burstOn      = playerRate / 5 // 200 ms
	burstPeriod  = playerRate / 2 // 500 ms
	burstCount   = 6

	// Exit codes of the player.
	exitOK        = 0
	exitFailed    = 1
	exitCancelled = 2
	exitNoDevice  = 3
	exitStopped   = 4
)

// playerSine is the test signal at sample i.
func playerSine(i int) float32 {
	return float32(playerAmp * math.Sin(2*math.Pi*playerHz*float64(i)/playerRate))
}

// playerSineStep is the largest sample-to-sample step the test sine makes.
var playerSineStep = float32(2 * playerAmp * math.Sin(math.Pi*playerHz/playerRate))

// playerBursts returns burstCount 200 ms bursts, one every 500 ms; the pattern ends with the
// last burst, so a cut tail shows.
func playerBursts() []float32 {
	x := make([]float32, (burstCount-1)*burstPeriod+burstOn)
	for k := range burstCount {
		for i := range burstOn {
			x[k*burstPeriod+i] = playerSine(i)
		}
	}
	return x
}

// playerSource streams n samples of at(i) on both channels.
type playerSource struct {
	n, pos int
	at     func(i int) float32
	err    error
}

func (p *playerSource) Stream(samples [][2]float64) (int, bool) {
	if p.pos >= p.n {
		return 0, false
	}
	n := min(len(samples), p.n-p.pos)
	for i := range samples[:n] {
		v := float64(p.at(p.pos + i))
		samples[i] = [2]float64{v, v}
	}
	p.pos += n
	return n, true
}

func (p *playerSource) Err() error { return p.err }

func playerTone(d time.Duration) *playerSource {
	return &playerSource{n: int(d.Seconds() * playerRate), at: playerSine}
}

func playerSlice(x []float32) *playerSource {
	return &playerSource{n: len(x), at: func(i int) float32 { return x[i] }}
}

// TestHelperPlayer is the child process of the Play tests; it does nothing unless playerEnv is set.
func TestHelperPlayer(t *testing.T) {
	mode := os.Getenv(playerEnv)
	if mode == "" {
		t.Skip("helper process for the Play tests: runs only when they re-execute the test binary")
	}
	os.Exit(runPlayer(mode))
}

func runPlayer(mode string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	switch mode {
	case "bursts":
		fmt.Printf("PLAY %d\n", time.Now().UnixNano())
		err = Play(ctx, playerSlice(playerBursts()), playerBuffer, func() { fmt.Fprintln(os.Stderr, "started") })
	case "tone":
		fmt.Printf("PLAY %d\n", time.Now().UnixNano())
		err = Play(ctx, playerTone(10*time.Second), playerBuffer, func() { fmt.Fprintln(os.Stderr, "started") })
	case "silence":
		err = playerCPU(ctx)
	case "twice":
		err = playerTwice(ctx)
	default:
		err = fmt.Errorf("unknown player mode %q", mode)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "guide-test: %v\n", err)
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitCancelled
	case errors.Is(err, ErrNoDevice):
		return exitNoDevice
	case errors.Is(err, ErrOutputStopped):
		return exitStopped
	}
	return exitFailed
}

// playerCPU plays 3 s of silence and reports the CPU time used while playing and while idle
// after Play has returned.
func playerCPU(ctx context.Context) error {
	cpu := processCPU
	// Open the device first, so its start-up is not counted.
	if err := Play(ctx, beep.Silence(playerRate/10), playerBuffer, nil); err != nil {
		return err
	}
	c0, t0 := cpu(), time.Now()
	if err := Play(ctx, beep.Silence(3*playerRate), playerBuffer, nil); err != nil {
		return err
	}
	c1, t1 := cpu(), time.Now()
	time.Sleep(time.Second)
	c2, t2 := cpu(), time.Now()
	fmt.Printf("PLAYING %d %d\nIDLE %d %d\n", c1-c0, t1.Sub(t0), c2-c1, t2.Sub(t1))
	return nil
}

// playerTwice checks the one-device-per-process rules.
func playerTwice(ctx context.Context) error {
	var problems []string
	check := func(what string, err error, want string) {
		switch {
		case want == "" && err != nil:
			problems = append(problems, fmt.Sprintf("%s: %v, want nil", what, err))
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			problems = append(problems, fmt.Sprintf("%s: %v, want an error containing %q", what, err, want))
		}
	}
	check("first Play", Play(ctx, playerTone(300*time.Millisecond), playerBuffer, nil), "")
	check("second Play", Play(ctx, playerTone(300*time.Millisecond), playerBuffer, nil), "")
	check("Play with another buffer", Play(ctx, playerTone(300*time.Millisecond), 2*playerBuffer, nil), "cannot be reopened")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	check("Play with a cancelled context", Play(cancelled, playerTone(300*time.Millisecond), playerBuffer, nil), "context canceled")

	long, cancelLong := context.WithCancel(ctx)
	first := make(chan error, 1)
	go func() { first <- Play(long, playerTone(10*time.Second), playerBuffer, nil) }()
	time.Sleep(200 * time.Millisecond)
	check("concurrent Play", Play(ctx, playerTone(300*time.Millisecond), playerBuffer, nil), "already running")
	cancelLong()
	check("cancelled Play", <-first, "context canceled")
	check("Play after a cancelled Play", Play(ctx, playerTone(300*time.Millisecond), playerBuffer, nil), "")
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

// playerOutput collects a child's output; it may be read while the child runs.
type playerOutput struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (o *playerOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *playerOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// playerProc is a running player child.
type playerProc struct {
	cmd            *exec.Cmd
	stdout, stderr playerOutput
	start          time.Time
	done           chan struct{}
	exited         time.Time
	code           int
}

func startPlayer(t *testing.T, mode string, env []string) *playerProc {
	t.Helper()
	p := &playerProc{done: make(chan struct{})}
	argv := []string{os.Args[0], "-test.run=^TestHelperPlayer$", "-test.timeout=60s"}
	// A real-time player starved of CPU for 2 buffers + 200 ms is rightly reported as a stopped
	// device; on a busy CI machine, raise its priority (only root may) so the tests check Play,
	// not the machine's load.
	if nice, err := exec.LookPath("nice"); err == nil && os.Geteuid() == 0 {
		argv = append([]string{nice, "-n", "-10"}, argv...)
	}
	p.cmd = exec.Command(argv[0], argv[1:]...)
	p.cmd.Env = append(env, playerEnv+"="+mode)
	p.cmd.Stdout = &p.stdout
	p.cmd.Stderr = &p.stderr
	p.start = time.Now()
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting player: %v", err)
	}
	go func() {
		_ = p.cmd.Wait()
		p.exited = time.Now()
		p.code = p.cmd.ProcessState.ExitCode()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// wait waits for the player to exit, killing it and failing the test after limit.
func (p *playerProc) wait(t *testing.T, limit time.Duration) {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(limit):
		_ = p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("player still running after %v; killed it\nstderr:\n%s", limit, p.stderr.String())
	}
}

// lastLine returns the last line of the player's stderr: our error comes after ALSA's noise.
func (p *playerProc) lastLine() string {
	lines := strings.Split(strings.TrimSpace(p.stderr.String()), "\n")
	return lines[len(lines)-1]
}

// value returns the first number after key at the start of a stdout line.
func (p *playerProc) value(t *testing.T, key string, field int) int64 {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(p.stdout.String()))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) > field && f[0] == key {
			v, err := strconv.ParseInt(f[field], 10, 64)
			if err != nil {
				t.Fatalf("player output %q: %v", sc.Text(), err)
			}
			return v
		}
	}
	t.Fatalf("player printed no %s line; stdout:\n%s\nstderr:\n%s", key, p.stdout.String(), p.stderr.String())
	return 0
}

// playerEnvWith returns os.Environ() with the keys in set replaced and the keys in drop removed.
func playerEnvWith(set map[string]string, drop ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := set[k]; ok || k == playerEnv || slicesContains(drop, k) {
			continue
		}
		env = append(env, kv)
	}
	for k, v := range set {
		env = append(env, k+"="+v)
	}
	return env
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// progress records (time, captured length) pairs while a player runs, to convert a capture
// index to wall-clock time.
type progress struct {
	at     []time.Time // written by the following goroutine, read after it has stopped
	n      []int
	once   sync.Once
	stop   chan struct{}
	waited chan struct{}
}

func followCapture(t *testing.T, srv *pulsetest.Server) *progress {
	p := &progress{stop: make(chan struct{}), waited: make(chan struct{})}
	t.Cleanup(p.halt)
	go func() {
		defer close(p.waited)
		last := -1
		for {
			select {
			case <-p.stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			if n := srv.Len(); n != last {
				last = n
				p.at, p.n = append(p.at, time.Now()), append(p.n, n)
			}
		}
	}()
	return p
}

func (p *progress) halt() {
	p.once.Do(func() { close(p.stop) })
	<-p.waited
}

// when stops following and returns the wall-clock time at which capture index i arrived.
func (p *progress) when(i int) (time.Time, bool) {
	p.halt()
	for k, n := range p.n {
		if n > i {
			return p.at[k].Add(-time.Duration(float64(n-i) / playerRate * float64(time.Second))), true
		}
	}
	return time.Time{}, false
}

// waitCapture waits until d more audio has been captured.
func waitCapture(t *testing.T, srv *pulsetest.Server, d time.Duration) {
	t.Helper()
	n := srv.Len() + int(d.Seconds()*playerRate)
	deadline := time.Now().Add(d + 2*time.Second)
	for srv.Len() < n {
		if time.Now().After(deadline) {
			t.Fatalf("capture stalled\npulseaudio:\n%s", srv.Log())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitTone waits until the capture's last 10 ms hold the test tone at full level.
func waitTone(t *testing.T, srv *pulsetest.Server, p *playerProc) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := srv.Captured()
		if len(got) > playerRate/100 {
			if env := pulsetest.Envelope(got[len(got)-playerRate/100:], playerRate/100); env[0] > 0.8*playerAmp/math.Sqrt2 {
				return
			}
		}
		select {
		case <-p.done:
			t.Fatalf("player exited with %d before its tone was heard\nstderr:\n%s", p.code, p.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("tone not heard after 5 s\nplayer stderr:\n%s\npulseaudio:\n%s", p.stderr.String(), srv.Log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPlayThroughPulse plays 200 ms bursts every 500 ms through a clocked PulseAudio sink and
// finds them in the capture, 500 ms apart, each complete.
func TestPlayThroughPulse(t *testing.T) {
	srv := pulsetest.Start(t)
	srv.Reset()
	prog := followCapture(t, srv)
	p := startPlayer(t, "bursts", srv.Env())
	p.wait(t, 10*time.Second)
	if p.code != exitOK {
		t.Fatalf("player exit code %d, want %d\nstderr:\n%s", p.code, exitOK, p.stderr.String())
	}
	if n := strings.Count(p.stderr.String(), "started\n"); n != 1 {
		t.Errorf("started was called %d times, want once once the device played\nstderr:\n%s", n, p.stderr.String())
	}
	waitCapture(t, srv, 300*time.Millisecond)

	ref, got := playerBursts(), srv.Captured()
	if len(got) < len(ref) {
		t.Fatalf("captured %d samples, want at least %d", len(got), len(ref))
	}
	lag, score := pulsetest.Align(ref, got, 0, len(got)-len(ref))
	if score < 0.9 {
		t.Fatalf("bursts not found in the capture: best score %.3f at %d ms", score, lag*1000/playerRate)
	}

	// Find each burst on its own, by content, with 100 ms of silence either side.
	pad := playerRate / 10
	one := make([]float32, pad+burstOn+pad)
	copy(one[pad:], ref[:burstOn])
	var onsets []int
	for k := range burstCount {
		want := lag + k*burstPeriod
		l, s := pulsetest.Align(one, got, want-pad-playerRate/20, want-pad+playerRate/20)
		if s < 0.9 {
			t.Fatalf("burst %d not found near %d ms: best score %.3f", k, want*1000/playerRate, s)
		}
		onsets = append(onsets, l+pad)
	}
	const tolerance = playerRate / 50 // 20 ms
	for k := 1; k < len(onsets); k++ {
		if d := onsets[k] - onsets[k-1]; d < burstPeriod-tolerance || d > burstPeriod+tolerance {
			t.Errorf("bursts %d and %d are %.1f ms apart, want 500 ± 20 ms", k-1, k, float64(d)*1000/playerRate)
		}
	}

	// Every burst plays whole at full level: the last one checks the tail was not cut.
	frame := playerRate / 100
	for k, on := range onsets {
		env := pulsetest.Envelope(got[on+frame:on+burstOn-frame], frame)
		for i, lvl := range env {
			if want := playerAmp / math.Sqrt2; math.Abs(lvl-want) > 0.1*want {
				t.Errorf("burst %d, %d ms in: RMS %.3f, want %.3f ± 10%%", k, (i+1)*10, lvl, want)
				break
			}
		}
	}

	if at, ok := prog.when(onsets[0]); ok {
		played := time.Unix(0, p.value(t, "PLAY", 1))
		t.Logf("latency from the Play call to the first captured sample: %v (child start to Play: %v)",
			at.Sub(played).Round(time.Millisecond), played.Sub(p.start).Round(time.Millisecond))
	}
}

// TestPlayNoDevice checks that Play reports ErrNoDevice within 3 s, counted from process start,
// when no audio output can be opened.
func TestPlayNoDevice(t *testing.T) {
	empty := t.TempDir()
	conf := func(body string) string {
		p := filepath.Join(t.TempDir(), "asound.conf")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	noServer := map[string]string{
		"XDG_RUNTIME_DIR": empty,
		"HOME":            empty,
		"XDG_CONFIG_HOME": empty,
		"PULSE_SERVER":    "unix:" + filepath.Join(empty, "no-such-socket"),
	}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range noServer {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name string
		env  func(t *testing.T) []string
	}{
		{"ALSA default is a card that does not exist", func(t *testing.T) []string {
			return playerEnvWith(with(map[string]string{
				"ALSA_CONFIG_PATH": conf("pcm.!default { type hw card 99 }\nctl.!default { type hw card 99 }\n"),
			}))
		}},
		{"ALSA default is a sound server that is not running", func(t *testing.T) []string {
			return playerEnvWith(with(map[string]string{
				"ALSA_CONFIG_PATH": conf("pcm.!default { type pulse }\nctl.!default { type pulse }\n"),
			}))
		}},
		{"system ALSA config, no sound card, no sound server", func(t *testing.T) []string {
			if b, err := os.ReadFile("/proc/asound/cards"); err == nil && !strings.Contains(string(b), "no soundcards") {
				t.Skip("this machine has a sound card")
			}
			return playerEnvWith(noServer, "ALSA_CONFIG_PATH")
		}},
		{"sound server hangs", func(t *testing.T) []string {
			srv := pulsetest.Start(t)
			if err := srv.Signal(sigStop); err != nil {
				t.Fatal(err)
			}
			return srv.Env()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startPlayer(t, "bursts", tt.env(t))
			p.wait(t, 10*time.Second)
			took := p.exited.Sub(p.start)
			if p.code != exitNoDevice {
				t.Fatalf("player exit code %d, want %d (ErrNoDevice)\nstderr:\n%s", p.code, exitNoDevice, p.stderr.String())
			}
			if last := p.lastLine(); !strings.Contains(last, "no audio output found") {
				t.Errorf("last line of stderr = %q, want our error saying no audio output was found", last)
			}
			if err := p.stderr.String(); strings.Contains(err, "started") || strings.Contains(err, "ALSA lib") {
				t.Errorf("stderr says the device started, or has ALSA's own chatter:\n%s", err)
			}
			if took > 3*time.Second {
				t.Errorf("player took %v to report no device, want at most 3 s", took)
			}
			t.Logf("%v: %s", took.Round(time.Millisecond), p.lastLine())
		})
	}
}

// TestPlayCancel interrupts a player and checks it fades out and exits within 500 ms.
func TestPlayCancel(t *testing.T) {
	srv := pulsetest.Start(t)
	srv.Reset()
	prog := followCapture(t, srv)
	p := startPlayer(t, "tone", srv.Env())
	waitTone(t, srv, p)
	time.Sleep(time.Until(p.start.Add(1500 * time.Millisecond)))
	sent := time.Now()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		<-p.done
		t.Fatalf("interrupting the player: %v (exit code %d)\nstderr:\n%s", err, p.code, p.stderr.String())
	}
	p.wait(t, 5*time.Second)
	took := p.exited.Sub(sent)
	if p.code != exitCancelled {
		t.Fatalf("player exit code %d, want %d (cancelled)\nstderr:\n%s", p.code, exitCancelled, p.stderr.String())
	}
	if took > 500*time.Millisecond {
		t.Errorf("player exited %v after SIGINT, want at most 500 ms", took)
	}
	t.Logf("player exited %v after SIGINT", took.Round(time.Millisecond))

	waitCapture(t, srv, 300*time.Millisecond)
	got := srv.Captured()
	end := len(got) - 1
	for end >= 0 && math.Abs(float64(got[end])) < 1e-3 {
		end--
	}
	if end < playerRate/5 {
		t.Fatalf("no tone in the capture")
	}
	tail := got[end-playerRate/10 : end+1] // the last 100 ms of sound
	if at, ok := prog.when(end); ok {
		t.Logf("the sound ended in the sink %v after SIGINT, %v before the player exited",
			at.Sub(sent).Round(time.Millisecond), p.exited.Sub(at).Round(time.Millisecond))
	}
	const quantisation = 1e-3
	if j := pulsetest.MaxJump(tail); j > playerSineStep+quantisation {
		t.Errorf("largest step in the last 100 ms is %.4f, want at most the sine's own %.4f: a click", j, playerSineStep)
	}

	// The level ramps down over tens of ms rather than stopping dead.
	steady := playerAmp / math.Sqrt2
	frame := playerRate / 200 // 5 ms
	env := pulsetest.Envelope(got[end+1-30*frame:end+1], frame)
	ramp := 0
	for i, lvl := range env {
		if lvl > 0.1*steady && lvl < 0.9*steady {
			ramp++
		}
		// A 5 ms frame holds 2.2 periods of the sine: its RMS wobbles by about ±4 %.
		if i > 0 && lvl > env[i-1]+0.1*steady {
			t.Errorf("level rises during the fade-out: %.3f after %.3f (frame %d of %v)", lvl, env[i-1], i, env)
		}
	}
	if ramp < 4 {
		t.Errorf("only %d 5 ms frames between 10%% and 90%% of full level: the sound stops dead (levels %.3f)", ramp, env)
	}
	if last := env[len(env)-1]; last > 0.15*steady {
		t.Errorf("the sound ends at %.0f%% of full level, want a fade to silence", 100*last/steady)
	}
}

// TestPlayDeviceLost checks that Play reports ErrOutputStopped when the sound server hangs or
// dies in the middle of playback.
func TestPlayDeviceLost(t *testing.T) {
	tests := []struct {
		name string
		sig  syscall.Signal
	}{
		{"sound server hangs", sigStop},
		{"sound server dies", syscall.SIGKILL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := pulsetest.Start(t)
			srv.Reset()
			p := startPlayer(t, "tone", srv.Env())
			waitTone(t, srv, p)
			lost := time.Now()
			if err := srv.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			p.wait(t, 5*time.Second)
			if p.code != exitStopped {
				t.Fatalf("player exit code %d, want %d (ErrOutputStopped)\nstderr:\n%s", p.code, exitStopped, p.stderr.String())
			}
			if last := p.lastLine(); !strings.Contains(last, "audio output stopped") {
				t.Errorf("last line of stderr = %q, want our error saying the audio output stopped", last)
			}
			t.Logf("player exited %v after the server was lost: %s", p.exited.Sub(lost).Round(time.Millisecond), p.lastLine())
		})
	}
}

// TestPlayTwice checks the one-device-per-process rules in one child: sequential Plays reuse
// the device, a different buffer or a concurrent Play is a clear error.
func TestPlayTwice(t *testing.T) {
	srv := pulsetest.Start(t)
	p := startPlayer(t, "twice", srv.Env())
	p.wait(t, 10*time.Second)
	if p.code != exitOK {
		t.Fatalf("player exit code %d, want %d\nstderr:\n%s", p.code, exitOK, p.stderr.String())
	}
}

// TestPlayIdleCPU reports (does not assert) the CPU the speaker costs while playing silence and
// once Play has returned.
func TestPlayIdleCPU(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 4 s")
	}
	srv := pulsetest.Start(t)
	p := startPlayer(t, "silence", srv.Env())
	p.wait(t, 10*time.Second)
	if p.code != exitOK {
		t.Fatalf("player exit code %d, want %d\nstderr:\n%s", p.code, exitOK, p.stderr.String())
	}
	pct := func(key string) float64 {
		return 100 * float64(p.value(t, key, 1)) / float64(p.value(t, key, 2))
	}
	t.Logf("CPU of one core at a %v buffer: %.1f%% playing silence, %.2f%% after Play returned (race detector: %v)",
		playerBuffer, pct("PLAYING"), pct("IDLE"), deviceRace)
}

// streamAll pulls from d in chunks of n until flushed is closed (or 100000 pulls), and returns the
// left channel.
func streamAll(t *testing.T, d *deviceStreamer, n int, before func(pull int)) []float32 {
	t.Helper()
	buf := make([][2]float64, n)
	var out []float32
	for pull := range 100000 {
		if before != nil {
			before(pull)
		}
		got, ok := d.Stream(buf)
		if got != len(buf) || !ok {
			t.Fatalf("Stream = (%d, %v), want (%d, true): the root streamer must never end", got, ok, len(buf))
		}
		for _, s := range buf {
			out = append(out, float32(s[0]))
		}
		select {
		case <-d.flushed:
			return out
		default:
		}
	}
	t.Fatal("flushed not closed after 100000 pulls")
	return nil
}

// TestDeviceStreamerFade checks the cancellation fade on its own: a per-sample raised-cosine
// ramp to silence over the fade length, then flushLen samples of silence.
func TestDeviceStreamerFade(t *testing.T) {
	const fadeLen, flushLen = 2646, 4410
	tests := []struct {
		name  string
		at    func(i int) float32
		chunk int
	}{
		{"constant, 512-sample pulls", func(int) float32 { return 1 }, 512},
		{"sine, 1000-sample pulls", playerSine, 1000},
		{"sine, 1-sample pulls", playerSine, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDeviceStreamer(&playerSource{n: 100 * fadeLen, at: tt.at}, fadeLen, flushLen)
			start := 3 * tt.chunk
			out := streamAll(t, d, tt.chunk, func(pull int) {
				if pull == 3 {
					d.fadeOut.Store(true)
				}
			})
			for i, v := range out {
				g := 1.0
				if k := i - start; k >= fadeLen {
					g = 0
				} else if k >= 0 {
					g = 0.5 * (1 + math.Cos(math.Pi*float64(k)/fadeLen))
				}
				if want := float64(tt.at(i)) * g; math.Abs(float64(v)-want) > 1e-6 {
					t.Fatalf("sample %d (%d into the fade) = %.6f, want %.6f", i, i-start, v, want)
				}
			}
			if silence := len(out) - start - fadeLen; silence < flushLen || silence >= flushLen+tt.chunk {
				t.Errorf("flushed after %d samples of silence, want %d (+ less than a chunk)", silence, flushLen)
			}
			if j, limit := pulsetest.MaxJump(out), max(playerSineStep, 2.0/fadeLen); j > limit {
				t.Errorf("largest step %.5f, want at most %.5f", j, limit)
			}
			if d.err != nil {
				t.Errorf("err = %v after a cancelled stream, want nil", d.err)
			}
		})
	}
}

// TestDeviceStreamerDrain checks the end of a source: silence after it, flushed closed after
// flushLen samples of it, the source's error kept.
func TestDeviceStreamerDrain(t *testing.T) {
	const flushLen = 1500
	errBroken := errors.New("broken source")
	tests := []struct {
		name    string
		n       int
		err     error
		wantErr error
	}{
		{"whole chunks", 1024, nil, nil},
		{"partial last chunk", 1000, nil, nil},
		{"empty", 0, nil, nil},
		{"source error", 700, errBroken, errBroken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDeviceStreamer(&playerSource{n: tt.n, at: func(int) float32 { return 0.5 }, err: tt.err}, 100, flushLen)
			out := streamAll(t, d, 512, nil)
			sound := 0
			for sound < len(out) && out[sound] != 0 {
				sound++
			}
			if sound != tt.n {
				t.Errorf("streamed %d samples of sound, want %d", sound, tt.n)
			}
			for i, v := range out[sound:] {
				if v != 0 {
					t.Fatalf("sample %d after the end = %v, want silence", i, v)
				}
			}
			if silence := len(out) - sound; silence < flushLen || silence >= flushLen+512 {
				t.Errorf("flushed after %d samples of silence, want %d (+ less than a chunk)", silence, flushLen)
			}
			if !errors.Is(d.err, tt.wantErr) {
				t.Errorf("err = %v, want %v", d.err, tt.wantErr)
			}
			if d.pulled.Load() != int64(len(out)) || d.idle() > time.Second {
				t.Errorf("pulls not recorded: pulled %d of %d, idle %v", d.pulled.Load(), len(out), d.idle())
			}
		})
	}
}
