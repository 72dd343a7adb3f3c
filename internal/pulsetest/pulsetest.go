// Package pulsetest runs a private PulseAudio daemon whose only sink is a FIFO, so tests can play
// through the real, clocked ALSA/PulseAudio path on a machine without a sound card and inspect
// what was played.
//
// The daemon's pipe sink renders in real time (use_system_clock_for_timing=yes) and writes
// silence when nothing plays, so the capture is a continuous timeline. The FIFO may hold about
// 0.37 s of stale audio when a test starts reading and the start latency of a player is unknown:
// find events by content (Align, Envelope), never by absolute offset.
package pulsetest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Rate is the sample rate of the capture sink, in Hz.
const Rate = 44100

// packages lists the Debian packages the helper needs.
const packages = "pulseaudio pulseaudio-utils libasound2-plugins"

// readyTimeout bounds how long Start waits for the daemon to accept connections.
const readyTimeout = 10 * time.Second

// asoundrc routes ALSA's default device through the PulseAudio plugin, whatever the machine's
// own configuration says (a real card, or no pulse hook).
const asoundrc = `pcm.!default {
	type pulse
	hint.description "pulsetest capture sink"
}
ctl.!default {
	type pulse
}
`

// Server is a private PulseAudio daemon with a pipe sink whose output is captured.
type Server struct {
	runtimeDir string
	home       string
	socket     string
	fifo       string

	cmd    *exec.Cmd
	stderr *lockedBuffer
	exited chan struct{} // closed when the daemon has exited

	mu       sync.Mutex
	samples  []float32 // mono capture
	readErr  error
	readDone chan struct{} // closed when the reader has returned; nil until it starts
	fifoFile *os.File
}

// Start starts pulseaudio in a private runtime dir (a short directory under os.TempDir: the
// socket's path must fit in 108 bytes) and a private HOME (t.TempDir, with an asoundrc making
// pulse ALSA's default device), with module-native-protocol-unix
// (auth-anonymous=1) and module-pipe-sink (s16le, 44100, 2 ch, use_system_clock_for_timing=yes)
// as the default sink, starts reading the FIFO in a goroutine (it must be read continuously or
// pulse blocks), and registers t.Cleanup to stop everything it started (kill the daemon, close
// the reader), even when the test fails. When pulseaudio or the ALSA pulse plugin is not
// installed it calls t.Skip, unless the environment variable CI is non-empty, in which case it
// calls t.Fatal naming the Debian packages to install.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("pulseaudio")
	if err != nil {
		missing(t, "pulseaudio is not installed")
	}
	if !alsaPluginInstalled() {
		missing(t, "the ALSA pulse plugin (libasound_module_pcm_pulse.so) is not installed")
	}

	// The runtime dir holds the unix socket, whose path must stay under 108 bytes: t.TempDir
	// embeds the test name and can be too long, so use a short directory of our own.
	runtimeDir, err := os.MkdirTemp("", "pt")
	if err != nil {
		t.Fatalf("pulsetest: %v", err)
	}
	s := &Server{
		runtimeDir: runtimeDir,
		home:       t.TempDir(),
		socket:     filepath.Join(runtimeDir, "native"),
		fifo:       filepath.Join(runtimeDir, "cap.fifo"),
		stderr:     &lockedBuffer{},
		exited:     make(chan struct{}),
	}
	t.Cleanup(s.stop)

	if err := os.MkdirAll(filepath.Join(s.home, ".config", "alsa"), 0o700); err != nil {
		t.Fatalf("pulsetest: %v", err)
	}
	for _, p := range []string{filepath.Join(s.home, ".asoundrc"), filepath.Join(s.home, ".config", "alsa", "asoundrc")} {
		if err := os.WriteFile(p, []byte(asoundrc), 0o600); err != nil {
			t.Fatalf("pulsetest: %v", err)
		}
	}

	s.cmd = exec.Command(bin,
		"-n",
		"--daemonize=no",
		"--system=false",
		"--exit-idle-time=-1",
		"--use-pid-file=no",
		"--disable-shm=yes",
		"--realtime=no", // needs rtkit over D-Bus; high-priority (nice -11) works as root
		"--high-priority=yes",
		"--log-target=stderr",
		"-L", "module-native-protocol-unix auth-anonymous=1 socket="+s.socket,
		"-L", "module-pipe-sink sink_name=cap file="+s.fifo+
			" format=s16le rate=44100 channels=2 use_system_clock_for_timing=yes",
	)
	s.cmd.Env = s.Env()
	s.cmd.Stdout = s.stderr
	s.cmd.Stderr = s.stderr
	s.cmd.SysProcAttr = daemonAttr()
	started := make(chan error)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
		err := s.cmd.Start()
		started <- err
		if err == nil {
			_ = s.cmd.Wait()
		}
		close(s.exited)
	}()
	if err := <-started; err != nil {
		t.Fatalf("pulsetest: starting pulseaudio: %v", err)
	}

	if err := s.waitReady(); err != nil {
		t.Fatalf("pulsetest: %v\npulseaudio output:\n%s", err, s.stderr.String())
	}

	// pulse opens the FIFO read-write itself, so this open does not block.
	f, err := os.Open(s.fifo)
	if err != nil {
		t.Fatalf("pulsetest: opening capture FIFO: %v", err)
	}
	s.fifoFile = f
	growPipe(f)
	s.readDone = make(chan struct{})
	go s.read(f)
	return s
}

func missing(t testing.TB, what string) {
	t.Helper()
	msg := fmt.Sprintf("pulsetest: %s; install the Debian packages: apt-get install %s", what, packages)
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

func alsaPluginInstalled() bool {
	for _, pattern := range []string{
		"/usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so",
		"/usr/lib/alsa-lib/libasound_module_pcm_pulse.so",
		"/usr/lib64/alsa-lib/libasound_module_pcm_pulse.so",
	} {
		if m, _ := filepath.Glob(pattern); len(m) > 0 {
			return true
		}
	}
	return false
}

// waitReady waits until the daemon accepts connections on its socket and the pipe sink's FIFO
// exists (the sink module loads after the protocol module).
func (s *Server) waitReady() error {
	deadline := time.Now().Add(readyTimeout)
	for {
		select {
		case <-s.exited:
			return fmt.Errorf("pulseaudio exited during start-up (%v)", s.cmd.ProcessState)
		default:
		}
		if _, err := os.Stat(s.fifo); err == nil {
			if c, err := net.DialTimeout("unix", s.socket, time.Second); err == nil {
				c.Close()
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("pulseaudio not ready after %v", readyTimeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// read converts the FIFO's s16le stereo frames to mono float32 until the FIFO is closed.
func (s *Server) read(f *os.File) {
	defer close(s.readDone)
	buf := make([]byte, 16384)
	var pending []byte
	for {
		n, err := f.Read(buf)
		if n > 0 {
			pending = append(pending, buf[:n]...)
			frames := len(pending) / 4
			mono := make([]float32, frames)
			for i := range mono {
				l := int16(binary.LittleEndian.Uint16(pending[4*i:]))
				r := int16(binary.LittleEndian.Uint16(pending[4*i+2:]))
				mono[i] = (float32(l) + float32(r)) / 2 / 32768
			}
			pending = append(pending[:0], pending[4*frames:]...)
			s.mu.Lock()
			s.samples = append(s.samples, mono...)
			s.mu.Unlock()
		}
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
				s.mu.Lock()
				s.readErr = err
				s.mu.Unlock()
			}
			return
		}
	}
}

// stop kills the daemon, closes the reader and removes the runtime dir. It is idempotent.
func (s *Server) stop() {
	if s.cmd != nil {
		select {
		case <-s.exited:
		default:
			resume(s.cmd.Process) // in case a test stopped it
			_ = s.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-s.exited:
			case <-time.After(2 * time.Second):
				_ = s.cmd.Process.Kill()
				<-s.exited
			}
		}
	}
	if s.fifoFile != nil {
		s.fifoFile.Close() // unblocks the reader: FIFOs are pollable
		<-s.readDone
	}
	os.RemoveAll(s.runtimeDir)
}

// Env returns the environment a child process needs to play into this server
// (XDG_RUNTIME_DIR, PULSE_SERVER, HOME, ...), appended to os.Environ() with conflicting entries
// replaced. ALSA_CONFIG_PATH is removed so the system ALSA configuration, plus the asoundrc in
// the private HOME that makes pulse the default device, applies.
func (s *Server) Env() []string {
	set := map[string]string{
		"XDG_RUNTIME_DIR":    s.runtimeDir,
		"PULSE_RUNTIME_PATH": filepath.Join(s.runtimeDir, "pulse"),
		"PULSE_SERVER":       "unix:" + s.socket,
		"PULSE_SINK":         "cap",
		"HOME":               s.home,
		"XDG_CONFIG_HOME":    filepath.Join(s.home, ".config"),
	}
	drop := map[string]bool{"ALSA_CONFIG_PATH": true, "PULSE_COOKIE": true, "PULSE_CLIENTCONFIG": true}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := set[k]; ok || drop[k] {
			continue
		}
		env = append(env, kv)
	}
	for _, k := range []string{"XDG_RUNTIME_DIR", "PULSE_RUNTIME_PATH", "PULSE_SERVER", "PULSE_SINK", "HOME", "XDG_CONFIG_HOME"} {
		env = append(env, k+"="+set[k])
	}
	return env
}

// NullSink adds PulseAudio's null sink to the server and returns the variable
// (PULSE_SINK=null) to add to Env for clients to play to it. The null sink is what PulseAudio
// plays to as "Dummy Output" on a machine without a sound card, and what recording set-ups use
// as a virtual cable. Unlike the pipe sink it is slow to start: a new stream can wait up to 2 s
// before it takes samples. Nothing played to it is captured.
func (s *Server) NullSink(t testing.TB) string {
	t.Helper()
	s.pactl(t, "load-module", "module-null-sink", "sink_name=null")
	return "PULSE_SINK=null"
}

// StreamSinks returns the name of the sink each stream playing now plays to ("cap" for the
// captured pipe sink, "null" for NullSink's).
func (s *Server) StreamSinks(t testing.TB) []string {
	t.Helper()
	names := map[string]string{} // sink index: name
	for _, line := range strings.Split(s.pactl(t, "list", "short", "sinks"), "\n") {
		// 0	cap	module-pipe-sink.c	s16le 2ch 44100Hz	RUNNING
		if f := strings.Fields(line); len(f) >= 2 {
			names[f[0]] = f[1]
		}
	}
	var sinks []string
	for _, line := range strings.Split(s.pactl(t, "list", "short", "sink-inputs"), "\n") {
		// 3	0	5	protocol-native.c	s16le 2ch 44100Hz
		if f := strings.Fields(line); len(f) >= 2 {
			sinks = append(sinks, names[f[1]])
		}
	}
	return sinks
}

// pactl runs pactl (pulseaudio-utils, with the server) against the server and returns what it
// printed.
func (s *Server) pactl(t testing.TB, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pactl")
	if err != nil {
		missing(t, "pactl is not installed")
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = s.Env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pulsetest: pactl %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Captured returns everything played so far as mono float32 at 44100 Hz (the average of the
// channels). It returns a copy and is safe to call at any time.
func (s *Server) Captured() []float32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]float32(nil), s.samples...)
}

// Len returns the number of samples captured so far. It is cheap: poll it to follow progress.
func (s *Server) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.samples)
}

// Signal sends sig to the daemon: syscall.SIGSTOP simulates a hung sound server, syscall.SIGKILL
// a crashed one. Cleanup continues and stops the daemon whatever state it is in.
func (s *Server) Signal(sig syscall.Signal) error {
	return s.cmd.Process.Signal(sig)
}

// Reset discards what has been captured so far (for use right before starting the thing under
// test).
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.samples = nil
}

// Log returns what the daemon has printed so far, and any error reading the FIFO, for failure
// messages.
func (s *Server) Log() string {
	s.mu.Lock()
	readErr := s.readErr
	s.mu.Unlock()
	if readErr != nil {
		return s.stderr.String() + "pulsetest: reading the capture FIFO: " + readErr.Error() + "\n"
	}
	return s.stderr.String()
}

// Envelope returns the RMS level of x in consecutive frames of n samples; a trailing partial
// frame is dropped.
func Envelope(x []float32, n int) []float64 {
	if n <= 0 {
		return nil
	}
	env := make([]float64, len(x)/n)
	for i := range env {
		var sum float64
		for _, v := range x[i*n : (i+1)*n] {
			sum += float64(v) * float64(v)
		}
		env[i] = math.Sqrt(sum / float64(n))
	}
	return env
}

// alignFrame is Align's coarse frame: 10 ms.
const alignFrame = Rate / 100

// alignFine is Align's refining frame: 1 ms.
const alignFine = Rate / 1000

// Align finds the lag (in samples) at which ref best matches got, that is got[lag+i] ≈ ref[i],
// by cross-correlating their envelopes (10 ms frames), searching lags within [minLag, maxLag];
// the best coarse lag is then refined with 1 ms frames. It returns the lag and a correlation
// score in [0,1] (the Pearson correlation of the envelopes over the overlap, clamped at 0).
// Lags where less than half of ref overlaps got are not considered.
func Align(ref, got []float32, minLag, maxLag int) (lag int, score float64) {
	if maxLag < minLag {
		return minLag, 0
	}
	lag, score = alignEnv(ref, got, alignFrame, minLag, maxLag, alignFrame)
	lo, hi := max(minLag, lag-alignFrame), min(maxLag, lag+alignFrame)
	if fine, fs := alignEnv(ref, got, alignFine, lo, hi, 1); fs > 0 {
		lag, score = fine, fs
	}
	return lag, score
}

// alignEnv correlates n-sample envelopes of ref and got, trying lags from minLag to maxLag in
// steps of step samples. A lag that is not a multiple of n shifts got's framing.
func alignEnv(ref, got []float32, n, minLag, maxLag, step int) (int, float64) {
	r := Envelope(ref, n)
	best, bestScore := minLag, -1.0
	envs := map[int][]float64{} // got's envelope per framing phase
	for l := minLag; l <= maxLag; l += step {
		phase := ((l % n) + n) % n
		g, ok := envs[phase]
		if !ok {
			// Frame k of g starts at sample phase + k*n (phase-aligned with lag l).
			if phase < len(got) {
				g = Envelope(got[phase:], n)
			}
			envs[phase] = g
		}
		off := (l - phase) / n // got frame index matching ref frame 0; may be negative
		var xs, ys []float64
		for i := range r {
			j := off + i
			if j < 0 || j >= len(g) {
				continue
			}
			xs = append(xs, r[i])
			ys = append(ys, g[j])
		}
		if len(xs) < max(3, (len(r)+1)/2) {
			continue // too little overlap to mean anything
		}
		if c := pearson(xs, ys); c > bestScore {
			best, bestScore = l, c
		}
	}
	return best, max(bestScore, 0)
}

func pearson(x, y []float64) float64 {
	if len(x) < 2 {
		return 0
	}
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// MaxJump returns the largest |x[i+1]-x[i]|.
func MaxJump(x []float32) float32 {
	var m float32
	for i := 1; i < len(x); i++ {
		d := x[i] - x[i-1]
		if d < 0 {
			d = -d
		}
		m = max(m, d)
	}
	return m
}

// lockedBuffer is a bytes.Buffer safe for concurrent writes and reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
