package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/wav"
	pl "github.com/stretchguide/guide/internal/player"
	"github.com/stretchguide/guide/internal/pulsetest"
	"github.com/stretchguide/guide/internal/session"
	"github.com/stretchguide/guide/script"
)

// hermetic keeps the user's own config file and GUIDE_ variables out of a test.
func hermetic(t *testing.T) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "GUIDE_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
}

// runGuide runs the command in-process and returns what it printed and its exit code.
func runGuide(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

// compiled returns the session guide would play for args.
func compiled(t *testing.T, routine string, sets ...string) *session.Session {
	t.Helper()
	a := &app{stdout: io.Discard, stderr: io.Discard, sets: sets}
	s, err := a.load(context.Background(), []string{routine})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// readWAV reads a 16-bit stereo WAV file's left channel, checking its header.
func readWAV(t *testing.T, path string) []float32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 44 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		t.Fatalf("%s is not a WAV file", path)
	}
	rate, ch, bits := binary.LittleEndian.Uint32(b[24:]), binary.LittleEndian.Uint16(b[22:]), binary.LittleEndian.Uint16(b[34:])
	if rate != 44100 || ch != 2 || bits != 16 {
		t.Fatalf("%s: %d Hz, %d channels, %d bits; want 44100 Hz, 2, 16", path, rate, ch, bits)
	}
	data := b[44:]
	if n := binary.LittleEndian.Uint32(b[40:]); int(n) != len(data) {
		t.Fatalf("%s: header says %d bytes of samples, file has %d", path, n, len(data))
	}
	x := make([]float32, len(data)/4)
	for i := range x {
		x[i] = float32(int16(binary.LittleEndian.Uint16(data[4*i:]))) / 32767
	}
	return x
}

// onset returns the first index of x at or after from, before to, where
// |x| reaches level, or -1.
func onset(x []float32, from, to int, level float32) int {
	for i := max(from, 0); i < min(to, len(x)); i++ {
		if x[i] >= level || x[i] <= -level {
			return i
		}
	}
	return -1
}

func peak(x []float32) float32 {
	var p float32
	for _, v := range x {
		p = max(p, v, -v)
	}
	return p
}

// checkOnsets finds each event's sound in the rendered samples: where the
// event's own samples first reach a third of their peak, the render must
// too, within 5 ms, and not before.
func checkOnsets(t *testing.T, x []float32, events []script.Event, sound func(script.Event) []float32, gain float32) {
	t.Helper()
	const tol = script.Rate * 5 / 1000
	for _, e := range events {
		own := sound(e)
		level := peak(own) / 3
		want := e.Start + onset(own, 0, len(own), level)
		got := onset(x, e.Start-script.Rate/20, e.End(), level*gain-2.0/32767) // 16-bit rounding
		if d := got - want; got < 0 || d < -tol || d > tol {
			t.Errorf("%s %q planned at %s: heard at %s, want %s (within 5 ms)",
				e.Sound, e.Text, script.Clock(e.Start), script.Clock(max(got, 0)), script.Clock(want))
		}
	}
}

func TestRenderMatchesPlan(t *testing.T) {
	hermetic(t)
	dir := t.TempDir()

	// Voice only: every phrase starts at its planned sample.
	voiceOnly := filepath.Join(dir, "voice.wav")
	if _, stderr, code := runGuide(t, "render", "morning", "-o", voiceOnly, "--set", "tones.volume=0"); code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	s := compiled(t, "morning", "tones.volume=0")
	x := readWAV(t, voiceOnly)
	if len(x) != s.Timeline.Length {
		t.Errorf("rendered %d samples, the plan says %d", len(x), s.Timeline.Length)
	}
	var speech, tones []script.Event
	for _, e := range s.Timeline.Events {
		if e.Sound == script.Speech {
			speech = append(speech, e)
		} else {
			tones = append(tones, e)
		}
	}
	checkOnsets(t, x, speech, func(e script.Event) []float32 {
		c, err := s.Voice.Clip(e.Text)
		if err != nil {
			t.Fatal(err)
		}
		f := make([]float32, len(c))
		for i, v := range c {
			f[i] = dsp.FromInt16(v)
		}
		return f
	}, normalised(s))

	// Tones only: every bell, chime and breath tone starts at its planned sample.
	tonesOnly := filepath.Join(dir, "tones.wav")
	if _, stderr, code := runGuide(t, "render", "morning", "-o", tonesOnly, "--set", "voice.volume=0", "--set", "tones.volume=1"); code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	checkOnsets(t, readWAV(t, tonesOnly), tones, func(e script.Event) []float32 { return audio.Tone(e.Sound, e.Length) },
		normalised(compiled(t, "morning", "voice.volume=0", "tones.volume=1")))
}

// normalised returns the gain loudness normalisation gives session s.
func normalised(s *session.Session) float32 {
	return float32(math.Pow(10, s.Stream(s.Voice).Level().Gain/20))
}

// planLength returns the session length guide plan prints.
func planLength(t *testing.T, args ...string) time.Duration {
	t.Helper()
	out, stderr, code := runGuide(t, append([]string{"plan"}, args...)...)
	if code != 0 {
		t.Fatalf("plan %v: exit %d: %s", args, code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	clock, ok := strings.CutSuffix(last, "  end")
	if !ok {
		t.Fatalf("plan's last line is %q, want the end time", last)
	}
	var m, s, ms int
	if _, err := fmt.Sscanf(clock, "%d:%d.%d", &m, &s, &ms); err != nil {
		t.Fatalf("plan's end %q: %v", clock, err)
	}
	return time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(ms)*time.Millisecond
}

func TestPaceInConfigFileChangesPlanAndRender(t *testing.T) {
	hermetic(t)
	dir := t.TempDir()
	base := planLength(t, "morning")
	// morning: Cat-Cow's 8 breaths; holds of 30s on each side (the pose's
	// longest: they do not grow) and 45s.
	tests := []struct {
		config string
		want   time.Duration
	}{
		{"pace:\n  inhale: 5s\n", 8 * time.Second},
		{"pace:\n  exhale: 6500ms\n", 12 * time.Second},
		{"pace:\n  hold: 1.2\n", 9 * time.Second},
		{"pace:\n  inhale: 5s\n  exhale: 6s\n  hold: 0.8\n", 16*time.Second - 21*time.Second},
	}
	for i, tt := range tests {
		file := filepath.Join(dir, fmt.Sprintf("c%d.yaml", i))
		if err := os.WriteFile(file, []byte(tt.config), 0o644); err != nil {
			t.Fatal(err)
		}
		got := planLength(t, "morning", "--config", file) - base
		if d := got - tt.want; d < -time.Millisecond || d > time.Millisecond {
			t.Errorf("config %q: the plan grew by %v, want %v", tt.config, got, tt.want)
		}
	}
	// The rendered file follows the plan to the sample.
	file := filepath.Join(dir, "c0.yaml")
	a, b := filepath.Join(dir, "a.wav"), filepath.Join(dir, "b.wav")
	for _, args := range [][]string{{"render", "morning", "-o", a}, {"render", "morning", "-o", b, "--config", file}} {
		if _, stderr, code := runGuide(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	if got, want := len(readWAV(t, b))-len(readWAV(t, a)), script.Samples(8*time.Second); got < want-1 || got > want+1 {
		t.Errorf("inhale 4s to 5s lengthened the render by %d samples, want %d", got, want)
	}
}

func TestBadConfigIsReportedBeforeAnySound(t *testing.T) {
	hermetic(t)
	file := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(file, []byte("pace:\n  inhail: 4s\n  exhale: 5\n"), 0o644)
	_, stderr, code := runGuide(t, "play", "--config", file)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{file + ":2", "pace.inhail", "did you mean pace.inhale?", file + ":3", "pace.exhale", "no unit"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestCommandErrors(t *testing.T) {
	hermetic(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"plan", "mornign"}, `no routine named "mornign" (did you mean morning?)`},
		{[]string{"render", "morning", "-o", "x.ogg"}, "guide does not write .ogg files"},
		{[]string{"render", "morning"}, "render needs the file to write: -o FILE, such as -o morning.wav"},
		{[]string{"plan", "a", "b"}, "plan: too many arguments (a b); write: guide plan [ROUTINE]"},
		{[]string{"voice", "import"}, "voice import: missing an argument; write: guide voice import DIR [ROUTINE]"},
		{[]string{"history", "extra"}, "history: too many arguments (extra)"},
		{[]string{"history", "-n", "-1"}, "history -n -1: want 1 or more sessions"},
		{[]string{"render", "morning", "-o", "x.wav", "--rate", "abc"}, "--rate abc: want a whole number, such as 44100"},
		{[]string{"remind", "--every", "10"}, "--every 10: want a duration with its unit, such as 30m or 1h"},
		{[]string{"plan", "testdata/missing.yaml"}, "testdata/missing.yaml: no such file"},
		{[]string{"play", "--set", "pace.hold=0"}, "pace.hold"},
	}
	for _, tt := range tests {
		_, stderr, code := runGuide(t, tt.args...)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("guide %v: exit %d, stderr %q; want 1 and %q", tt.args, code, stderr, tt.want)
		}
		for _, internal := range []string{"guide: script:", "guide: audio:", "strconv.", "time: ", "arg(s)", "flag(s)"} {
			if strings.Contains(stderr, internal) {
				t.Errorf("guide %v: %q reaches the user: %s", tt.args, internal, stderr)
			}
		}
	}
}

func TestListShowsRoutinesWithLength(t *testing.T) {
	hermetic(t)
	out, stderr, code := runGuide(t, "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := fmt.Sprintf("morning      Morning      %s", pl.Clock(compiled(t, "morning").Timeline.Duration()))
	if !strings.Contains(out, want) {
		t.Errorf("list:\n%s\nwant a line with %q", out, want)
	}
}

var (
	buildOnce sync.Once
	guideBin  string
	buildErr  error
)

// built returns the path of the guide binary, built once for the tests
// that need a real process: signals, devices, exit codes.
func built(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "guide-bin")
		if err != nil {
			buildErr = err
			return
		}
		guideBin = filepath.Join(dir, "guide")
		out, err := exec.Command("go", "build", "-o", guideBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return guideBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if guideBin != "" {
		os.RemoveAll(filepath.Dir(guideBin))
	}
	os.Exit(code)
}

// env returns os.Environ with the given variables replaced.
func env(base []string, set map[string]string) []string {
	var out []string
	for _, kv := range base {
		if k, _, _ := strings.Cut(kv, "="); set[k] == "" && !strings.HasPrefix(k, "GUIDE_") {
			out = append(out, kv)
		}
	}
	for k, v := range set {
		out = append(out, k+"="+v)
	}
	return out
}

func TestPlayWithoutAudioDevice(t *testing.T) {
	bin := built(t)
	empty := t.TempDir()
	alsa := filepath.Join(empty, "asound.conf")
	os.WriteFile(alsa, []byte("pcm.!default { type hw card 99 }\nctl.!default { type hw card 99 }\n"), 0o644)
	base := map[string]string{
		"XDG_RUNTIME_DIR": empty, "HOME": empty, "XDG_CONFIG_HOME": empty,
		"PULSE_SERVER": "unix:" + filepath.Join(empty, "no-such-socket"),
	}
	tests := []struct {
		name string
		env  map[string]string
	}{
		{"this machine, no sound server", base},
		{"a sound card that is not there", map[string]string{"ALSA_CONFIG_PATH": alsa}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := map[string]string{}
			for k, v := range base {
				e[k] = v
			}
			for k, v := range tt.env {
				e[k] = v
			}
			cmd := exec.Command(bin, "play", "morning")
			cmd.Env = env(os.Environ(), e)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			start := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if took := time.Since(start); took > 3*time.Second {
					t.Errorf("took %v to give up, want under 3s", took)
				}
				if cmd.ProcessState.ExitCode() != 1 {
					t.Errorf("exit %v, want 1", err)
				}
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatal("guide play hangs without an audio device")
			}
			for _, want := range []string{"no audio output", "guide render morning -o morning.wav"} {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
			// Nothing said to be playing, and none of the sound libraries'
			// own chatter: our two lines only.
			if stdout.Len() > 0 {
				t.Errorf("stdout, with no device:\n%s", stdout.String())
			}
			if n := strings.Count(strings.TrimSpace(stderr.String()), "\n") + 1; n > 2 || strings.Contains(stderr.String(), "ALSA lib") {
				t.Errorf("stderr has %d lines; want the error and the render hint only:\n%s", n, stderr.String())
			}
		})
	}
}

// reference renders what guide should play for args, as mono samples.
func reference(t *testing.T, routine string, sets ...string) (*session.Session, []float32) {
	t.Helper()
	s := compiled(t, routine, sets...)
	st := s.Stream(s.Voice)
	buf := make([][2]float64, 4096)
	var x []float32
	for {
		n, ok := st.Stream(buf)
		for _, v := range buf[:n] {
			x = append(x, float32((v[0]+v[1])/2))
		}
		if !ok {
			break
		}
	}
	return s, x
}

var shortPace = []string{"pace.inhale=1s", "pace.exhale=1s", "pace.settle=0s", "pace.move=1s"}

func setFlags(sets []string) []string {
	var a []string
	for _, s := range sets {
		a = append(a, "--set", s)
	}
	return a
}

func TestPlayThroughRealDevice(t *testing.T) {
	hermetic(t)
	bin := built(t)
	srv := pulsetest.Start(t)
	s, ref := reference(t, "testdata/short.yaml", shortPace...)

	srv.Reset()
	cmd := exec.Command(bin, append([]string{"play", "testdata/short.yaml"}, setFlags(shortPace)...)...)
	cmd.Env = srv.Env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("guide play: %v\n%s\npulse: %s", err, out, srv.Log())
	}
	time.Sleep(500 * time.Millisecond) // let the sink pass on the tail
	got := srv.Captured()

	// One offset for the whole session (the device's latency), then every
	// event where the plan says, within 50 ms.
	lag, score := pulsetest.Align(ref, got, 0, len(got)-len(ref)/2)
	if score < 0.9 {
		t.Fatalf("the captured audio does not match the session (correlation %.2f)", score)
	}
	const tol = script.Rate * 50 / 1000
	for _, e := range s.Timeline.Events {
		from, to := e.Start, min(e.Start+script.Rate, e.End()) // its first second
		l, sc := pulsetest.Align(ref[from:to], got, from+lag-4*tol, from+lag+4*tol)
		if d := l - from - lag; d < -tol || d > tol || sc < 0.5 {
			t.Errorf("%s %q planned at %s: heard %+.1f ms from where the plan puts it (match %.2f)",
				e.Sound, e.Text, script.Clock(e.Start), float64(d)*1000/script.Rate, sc)
		}
	}
	if p := peak(got); p >= 0.999 {
		t.Errorf("the captured audio peaks at %.3f: it clips", p)
	}
}

func TestCtrlCFadesOutAndExits130(t *testing.T) {
	hermetic(t)
	bin := built(t)
	srv := pulsetest.Start(t)
	srv.Reset()
	cmd := exec.Command(bin, "play", "morning")
	cmd.Env = srv.Env()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	// Wait until the voice is speaking, then press Ctrl-C.
	deadline := time.Now().Add(15 * time.Second)
	for {
		if x := srv.Captured(); len(x) > script.Rate && peak(x[len(x)-script.Rate/10:]) > 0.05 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no sound after 15s\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	sent := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	// The fade, then the sound queued behind it (up to 1.5 device buffers: 500 ms by default)
	// must play before the process exits, or the stop would click.
	if took, want := time.Since(sent), 2*500*time.Millisecond+250*time.Millisecond; took > want {
		t.Errorf("stopped %v after Ctrl-C, want within %v", took, want)
	}
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Errorf("exit %v (%d), want 130; stderr:\n%s", err, code, stderr.String())
	}
	// Ctrl-C says where it stopped, as q does, and nothing else.
	if !strings.Contains(stdout.String(), "Stopped at ") || stderr.Len() > 0 {
		t.Errorf("stdout:\n%s\nstderr:\n%s\nwant \"Stopped at ...\" and no error", stdout.String(), stderr.String())
	}
	time.Sleep(500 * time.Millisecond)
	got := srv.Captured()
	// The last sound fades out: find where it ends, and look at the 100 ms before.
	end := len(got)
	for end > 0 && math.Abs(float64(got[end-1])) < 1e-3 {
		end--
	}
	if end < script.Rate/5 {
		t.Fatal("nothing was captured")
	}
	tail := got[end-script.Rate/10 : end]
	var loudest float32
	for i := script.Rate / 2; i < end-script.Rate/10; i++ {
		if j := got[i] - got[i-1]; j > loudest {
			loudest = j
		}
	}
	if j := pulsetest.MaxJump(tail); j > 0.1 && j > loudest {
		t.Errorf("a jump of %.3f in the last 100 ms: a click (the session's own largest step is %.3f)", j, loudest)
	}
	last, before := rmsOf(tail[len(tail)-len(tail)/5:]), rmsOf(got[end-script.Rate/5:end-script.Rate/10])
	if last > before/2 {
		t.Errorf("level %.4f in the last 20 ms against %.4f just before: it stops dead instead of fading", last, before)
	}
}

func rmsOf(x []float32) float64 {
	var s float64
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s / float64(max(len(x), 1)))
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/plan")

// TestPlanGolden pins the plan of every built-in routine at the default
// pace: any change to a routine, the pose library, the voice pack or the
// compiler shows up here as a diff. Refresh with go test -run PlanGolden -update.
func TestPlanGolden(t *testing.T) {
	hermetic(t)
	cat, _, err := session.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range cat.Names() {
		out, stderr, code := runGuide(t, "plan", name)
		if code != 0 {
			t.Fatalf("plan %s: exit %d: %s", name, code, stderr)
		}
		if again, _, _ := runGuide(t, "plan", name); again != out {
			t.Errorf("plan %s: two runs differ", name)
		}
		golden := filepath.Join("testdata", "plan", name+".golden")
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -run PlanGolden -update to create it)", err)
		}
		if out != string(want) {
			t.Errorf("plan %s differs from %s (go test -run PlanGolden -update refreshes it):\n%s", name, golden, firstDiff(string(want), out))
		}
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n  want %s\n  got  %s", i+1, a, b)
		}
	}
	return ""
}

// TestConfigValuesNamePlace: a value that is well formed but names nothing
// that exists (a routine, a pack, an ambience file too short or not audio)
// is reported at the config file's line and key, or at the variable or
// flag that set it, like the config's own errors.
func TestConfigValuesNamePlace(t *testing.T) {
	hermetic(t)
	dir := t.TempDir()
	short := filepath.Join(dir, "short.wav")
	if err := os.WriteFile(short, wav.Encode(make([]int16, 8820), 1, 44100), 0o644); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not audio\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		config string
		args   []string
		want   string
	}{
		{"# mine\nroutine: nope\n", nil, `c.yaml:2:10: routine: no routine named "nope"`},
		{"voice:\n  pack: /nonexistent\n", nil, "c.yaml:2:9: voice.pack is /nonexistent, but there is no such folder"},
		{"ambience: " + short + "\n", nil, "c.yaml:1:11: ambience " + short + " lasts 200ms; want a loop of at least 2 s"},
		{"ambience: " + text + "\n", nil, "c.yaml:1:11: ambience " + text + ": not a FLAC, MP3 or WAV file"},
		{"", []string{"--set", "routine=nope"}, `--set routine=nope: routine: no routine named "nope"`},
	}
	for _, tt := range tests {
		cfg := filepath.Join(dir, "c.yaml")
		if err := os.WriteFile(cfg, []byte(tt.config), 0o644); err != nil {
			t.Fatal(err)
		}
		args := append([]string{"--config", cfg, "plan"}, tt.args...)
		_, stderr, code := runGuide(t, args...)
		if code != 1 || !strings.Contains(stderr, cfg) && tt.config != "" || !strings.Contains(stderr, strings.TrimPrefix(tt.want, "c.yaml")) {
			t.Errorf("guide %v with %q: exit %d, stderr %q; want 1 and %q", args, tt.config, code, stderr, tt.want)
		}
	}
}
