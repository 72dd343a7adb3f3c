package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/audio/wav"
	"github.com/stretchguide/guide/internal/pulsetest"
	"github.com/stretchguide/guide/sessions"
)

// The sessions measured: the same phrases, at two lengths.
var lengths = []struct {
	file    string
	minutes int
}{
	{"testdata/short.yaml", 10},
	{"testdata/long.yaml", 60},
}

// windowLength is how long the 60-minute session's CPU is measured for,
// after playSettle.
const (
	playSettle   = 5 * time.Second
	windowLength = 60 * time.Second
)

func TestBench(t *testing.T) {
	if os.Getenv("GUIDE_BENCH") == "" {
		t.Skip("measures for minutes: run with GUIDE_BENCH=1 (make bench)")
	}
	for tool, pkg := range map[string]string{"sox": "sox", "ffmpeg": "ffmpeg", "mpg123": "mpg123", "dd": "coreutils", "pactl": "pulseaudio-utils", gnuTime: "time"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: apt-get install %s", tool, pkg)
		}
	}
	bin := os.Getenv("GUIDE_BIN") // make bench passes the one it built
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir) // the defaults, not the user's config
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "GUIDE_") {
			t.Setenv(k, "")
		}
	}
	if bin == "" {
		bin = filepath.Join(dir, "guide")
		if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/guide").CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
	}

	var rows [][]string
	add := func(cells ...string) { rows = append(rows, cells) }
	defer func() {
		// Whatever was measured, even when a later step failed.
		w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "\nmeasure\tguide\treference (same run)\tguide/reference")
		for _, r := range rows {
			fmt.Fprintln(w, strings.Join(r, "\t"))
		}
		w.Flush()
	}()

	// Rendering, on one core, best of three, against sox synthesising a
	// sine of the same length to the same format, and dd writing (and
	// syncing, as guide does) the same number of bytes, in the same run.
	// Speeds are wall clock: guide's CPU time is given too, because on a
	// shared machine the wall clock also counts waiting for the core.
	type session struct {
		name   string
		args   []string // what to render: a built-in routine, or a file and its pace
		length time.Duration
	}
	var ss []session
	for _, r := range routines(t, bin) {
		ss = append(ss, session{r, []string{r}, planLength(t, bin, r)})
	}
	for _, l := range lengths {
		hold, length := holdFor(t, bin, l.file, time.Duration(l.minutes)*time.Minute)
		ss = append(ss, session{fmt.Sprintf("%d min session", l.minutes), []string{l.file, "--set", "pace.hold=" + hold}, length})
	}
	var renderRSS string
	for _, s := range ss {
		out := filepath.Join(dir, "s.wav")
		r := best(3, func() result { return run(t, nil, pin(append([]string{bin, "render", "-o", out}, s.args...)...)...) })
		size := fileSize(t, out)
		secs := strconv.FormatFloat(s.length.Seconds(), 'f', 3, 64)
		sox := best(3, func() result {
			return run(t, nil, pin("sox", "-n", "-r", "44100", "-c", "2", "-b", "16", out, "synth", secs, "sine", "440", "vol", "0.3")...)
		})
		dd := best(3, func() result {
			return run(t, nil, pin("dd", "if=/dev/zero", "of="+out, "bs=1M", "count="+strconv.FormatInt(size, 10), "iflag=count_bytes", "conv=fsync", "status=none")...)
		})
		x, xs, xd := s.length.Seconds()/r.wall.Seconds(), s.length.Seconds()/sox.wall.Seconds(), s.length.Seconds()/dd.wall.Seconds()
		add(fmt.Sprintf("render %s (%s) to WAV, 1 core", s.name, clock(s.length)),
			fmt.Sprintf("%.0fx real time (%.2fs; CPU %.2fs = %.0fx)", x, r.wall.Seconds(), r.cpu.Seconds(), s.length.Seconds()/r.cpu.Seconds()),
			fmt.Sprintf("sox sine %.0fx; dd %.0fx", xs, xd),
			fmt.Sprintf("%.2f sox, %.2f dd", x/xs, x/xd))
		if strings.HasPrefix(s.name, "60") {
			renderRSS = mb(r.rss)
		}
		os.Remove(out)
	}
	add("render peak RSS, 60 min session", renderRSS, "", "")

	// Playing, each player through its own PulseAudio pipe sink, at the
	// same time: the CPU of the first minute of guide play morning against
	// mpg123 playing the same session rendered to MP3, and of the whole
	// 10-minute session likewise.
	srvG, srvM := pulsetest.Start(t), pulsetest.Start(t)
	morningMP3 := filepath.Join(dir, "morning.mp3")
	if res := run(t, nil, bin, "render", "morning", "-o", morningMP3); res.code != 0 {
		t.Fatalf("render mp3: %s", res.stderr)
	}
	var mWin playResult
	done := make(chan struct{})
	go func() {
		defer close(done)
		mWin = playWindow(t, srvM, 0, "mpg123", "-q", "-o", "pulse", morningMP3)
	}()
	gWin := playWindow(t, srvG, 0, bin, "play", "morning")
	<-done
	add("play CPU, morning, first minute", fmt.Sprintf("%.2f%% of a core", gWin.cpu), fmt.Sprintf("mpg123: %.2f%%", mWin.cpu), fmt.Sprintf("%.2f", gWin.cpu/mWin.cpu))

	short, long := ss[len(ss)-2], ss[len(ss)-1]
	mp3 := filepath.Join(dir, "s.mp3")
	if res := run(t, nil, append([]string{bin, "render", "-o", mp3}, short.args...)...); res.code != 0 {
		t.Fatalf("render mp3: %s", res.stderr)
	}
	var g, m playResult
	var gErr, mErr error
	done = make(chan struct{})
	go func() {
		defer close(done)
		m, mErr = playAll(t, srvM, "mpg123", "-q", "-o", "pulse", mp3)
	}()
	g, gErr = playAll(t, srvG, append([]string{bin, "play"}, short.args...)...)
	<-done
	if gErr != nil || mErr != nil {
		t.Fatalf("playing: %v; mpg123: %v", gErr, mErr)
	}
	add(fmt.Sprintf("play CPU, whole %s (average)", short.name),
		fmt.Sprintf("%.2f%% of a core", g.cpu), fmt.Sprintf("mpg123: %.2f%%", m.cpu), fmt.Sprintf("%.2f", g.cpu/m.cpu))
	win := playWindow(t, srvG, playSettle, append([]string{bin, "play"}, long.args...)...)
	add(fmt.Sprintf("play CPU, %s, %v to %v", long.name, playSettle, playSettle+windowLength),
		fmt.Sprintf("%.2f%% of a core", win.cpu), "", "")
	add(fmt.Sprintf("play peak RSS, morning / %s / %s", short.name, long.name), mb(gWin.rss)+" / "+mb(g.rss)+" / "+mb(win.rss),
		fmt.Sprintf("mpg123: %s / %s", mb(mWin.rss), mb(m.rss)), "")
	add("play RSS of its own (RssAnon), morning / "+long.name, mb(gWin.anon)+" / "+mb(win.anon), "mpg123: "+mb(mWin.anon), "")

	// From the command to the first sound, less the planned silence
	// before it: how long the player takes to start, sink included. mpg123
	// starting the MP3 of the same session is the reference.
	userPack := makeUserPack(t, bin, "morning")
	lead := firstEvent(t, bin, "morning")
	builtin, builtinSound := bestStart(t, srvG, lead, bin, "play", "morning")
	user, userSound := bestStart(t, srvG, firstEvent(t, bin, "morning", "--set", "voice.pack="+userPack), bin, "play", "morning", "--set", "voice.pack="+userPack)
	ref, refSound := bestStart(t, srvM, lead, "mpg123", "-q", "-o", "pulse", morningMP3)
	add("play: command to the device's first sample, built-in voice", ms(builtin), "mpg123: "+ms(ref), fmt.Sprintf("%.2f", builtin.Seconds()/ref.Seconds()))
	add("play: the same, your own pack (MP3, guide voice import)", ms(user), "", "")
	add("play: command to first sound, less the planned lead-in, built-in / own pack", ms(builtinSound)+" / "+ms(userSound), "mpg123: "+ms(refSound), "")

}

// routines returns the built-in routines guide list shows.
func routines(t *testing.T, bin string) []string {
	t.Helper()
	out, err := exec.Command(bin, "list").Output()
	if err != nil {
		t.Fatalf("guide list: %v", err)
	}
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n")[1:] {
		if f := strings.Fields(line); len(f) > 0 {
			names = append(names, f[0])
		}
	}
	return names
}

// makeUserPack makes a voice pack as a user would, with guide voice import
// (MP3, when lame is installed): the recordings are the built-in voice's
// clips of routine's phrases, as WAV files.
func makeUserPack(t *testing.T, bin, routine string) string {
	t.Helper()
	dir := t.TempDir()
	pack, err := voicepack.Open(sessions.FS, "voice")
	if err != nil {
		t.Fatal(err)
	}
	script, err := exec.Command(bin, "voice", "script", routine).Output()
	if err != nil {
		t.Fatalf("guide voice script: %v", err)
	}
	for _, line := range strings.Split(string(script), "\n") {
		file, text, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		c, err := pack.Clip(strings.TrimSpace(text))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), wav.Encode(c, 1, voicepack.Rate), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command(bin, "voice", "import", dir, routine).CombinedOutput(); err != nil {
		t.Fatalf("guide voice import: %v\n%s", err, out)
	}
	return dir
}

// bestStart starts a player three times and returns the shortest times
// from the command to the device's first sample (the sink has the
// player's stream: pactl lists it, and the player writes to it as soon as
// it is open) and to its first sound, less lead, the silence planned
// before it (this includes the device's buffer).
func bestStart(t *testing.T, srv *pulsetest.Server, lead time.Duration, args ...string) (sample, sound time.Duration) {
	t.Helper()
	for i := range 3 {
		srv.Reset()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = srv.Env()
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var first, heardAt time.Duration
		for heardAt == 0 && time.Since(start) < 15*time.Second {
			if first == 0 {
				pactl := exec.Command("pactl", "list", "short", "sink-inputs")
				pactl.Env = srv.Env()
				out, _ := pactl.Output()
				if len(bytes.TrimSpace(out)) > 0 {
					first = time.Since(start)
				}
			} else {
				time.Sleep(5 * time.Millisecond)
			}
			if heard(srv) {
				heardAt = time.Since(start) - lead
			}
		}
		cmd.Process.Signal(syscall.SIGINT)
		waitOrKill(cmd)
		if heardAt == 0 || first == 0 {
			t.Errorf("%v: no stream (%v) or no sound (%v) in 15 s", args, first, heardAt)
			return 0, 0
		}
		if i == 0 || first < sample {
			sample = first
		}
		if i == 0 || heardAt < sound {
			sound = heardAt
		}
	}
	return sample, sound
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", d.Seconds()*1000) }

func clock(d time.Duration) string {
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

func fileSize(t *testing.T, name string) int64 {
	t.Helper()
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// holdFor finds the pace.hold that makes file last d, and the length it
// gives.
func holdFor(t *testing.T, bin, file string, d time.Duration) (string, time.Duration) {
	t.Helper()
	lo, hi := 0.01, 10.0
	var hold string
	var got time.Duration
	for range 30 {
		mid := (lo + hi) / 2
		hold = strconv.FormatFloat(mid, 'f', 4, 64)
		got = planLength(t, bin, file, "--set", "pace.hold="+hold)
		if got < d {
			lo = mid
		} else {
			hi = mid
		}
		if math.Abs(float64(got-d)) < float64(2*time.Second) {
			break
		}
	}
	return hold, got
}

// firstEvent returns when the session's first sound is planned.
func firstEvent(t *testing.T, bin string, args ...string) time.Duration {
	t.Helper()
	out, err := exec.Command(bin, append([]string{"plan"}, args...)...).Output()
	if err != nil {
		t.Fatalf("guide plan %v: %v", args, err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		var m, s, ms int
		if n, _ := fmt.Sscanf(line, "%d:%d.%d", &m, &s, &ms); n == 3 && !strings.Contains(line, "--") {
			return time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(ms)*time.Millisecond
		}
	}
	t.Fatalf("guide plan %v: no event", args)
	return 0
}

func planLength(t *testing.T, bin string, args ...string) time.Duration {
	t.Helper()
	out, err := exec.Command(bin, append([]string{"plan"}, args...)...).Output()
	if err != nil {
		t.Fatalf("guide plan %v: %v", args, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	clock, _ := strings.CutSuffix(lines[len(lines)-1], "  end")
	var h, m, s, ms int
	if n, _ := fmt.Sscanf(clock, "%d:%d:%d.%d", &h, &m, &s, &ms); n != 4 {
		h = 0
		fmt.Sscanf(clock, "%d:%d.%d", &m, &s, &ms)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(ms)*time.Millisecond
}

// pin runs a command on one core, when taskset is there to do it.
func pin(args ...string) []string {
	if _, err := exec.LookPath("taskset"); err == nil {
		return append([]string{"taskset", "-c", "0"}, args...)
	}
	return args
}

type result struct {
	wall, cpu time.Duration
	rss       int64 // bytes
	code      int
	stderr    string
}

// The peak RSS a parent reads from wait4 is useless here: Go starts a
// child with vfork, and Linux counts the parent's own peak (the test's,
// with the sinks' captures: 90 MB) as the child's. GNU time forks a small
// process, so the RSS it reports for its child is the child's.
const gnuTime = "/usr/bin/time"

// timed prefixes args with GNU time writing the peak RSS (kB) to a file.
func timed(t *testing.T, args []string) ([]string, func() int64) {
	f := filepath.Join(t.TempDir(), "rss")
	return append([]string{gnuTime, "-q", "-f", "%M", "-o", f}, args...), func() int64 {
		b, _ := os.ReadFile(f)
		kb, _ := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		return kb * 1024
	}
}

func run(t *testing.T, env []string, args ...string) result {
	t.Helper()
	args, rss := timed(t, args)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	r := result{wall: time.Since(start), stderr: stderr.String()}
	if cmd.ProcessState == nil {
		t.Fatalf("%v: %v", args, err)
	}
	r.code = cmd.ProcessState.ExitCode()
	if r.code != 0 {
		t.Fatalf("%v: exit %d: %s", args, r.code, stderr.String())
	}
	r.cpu, _ = usage(cmd.ProcessState)
	r.rss = rss()
	return r
}

// best runs f n times and keeps the fastest run, with the highest RSS.
func best(n int, f func() result) result {
	var b result
	for i := range n {
		r := f()
		if i == 0 || r.wall < b.wall {
			rss := max(b.rss, r.rss)
			b = r
			b.rss = rss
		} else {
			b.rss = max(b.rss, r.rss)
		}
	}
	return b
}

func mb(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }

type playResult struct {
	cpu        float64 // percent of one core
	rss        int64
	anon       int64 // RssAnon at the end of a window
	firstSound time.Duration
}

// playAll plays a whole session through srv and measures the player's
// average CPU and peak RSS (from its rusage) and how soon the sink heard a
// sound.
func playAll(t *testing.T, srv *pulsetest.Server, args ...string) (playResult, error) {
	srv.Reset()
	args, peak := timed(t, args)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = srv.Env()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return playResult{}, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var res playResult
	var err error
	for waiting := true; waiting; {
		select {
		case err = <-exited:
			waiting = false
		case <-time.After(20 * time.Millisecond):
			if res.firstSound == 0 && heard(srv) {
				res.firstSound = time.Since(start)
			}
		}
	}
	wall := time.Since(start)
	if err != nil {
		return res, fmt.Errorf("%v: %v: %s", args, err, stderr.String())
	}
	cpu, _ := usage(cmd.ProcessState)
	res.cpu, res.rss = 100*float64(cpu)/float64(wall), peak()
	return res, nil
}

// heard reports whether the sink has captured a sample above -40 dBFS.
func heard(srv *pulsetest.Server) bool {
	for _, v := range srv.Captured() {
		if v > 0.01 || v < -0.01 {
			return true
		}
	}
	return false
}

// playWindow runs a player against the pipe sink for settle+windowLength,
// and measures its CPU over the window (from /proc) and its peak RSS.
func playWindow(t *testing.T, srv *pulsetest.Server, settle time.Duration, args ...string) playResult {
	t.Helper()
	srv.Reset()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = srv.Env()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	c0, t0 := int64(0), time.Now()
	if settle > 0 {
		time.Sleep(settle)
		c0, t0 = cpuTicks(t, cmd.Process.Pid), time.Now()
	}
	time.Sleep(windowLength)
	c1, t1 := cpuTicks(t, cmd.Process.Pid), time.Now()
	var res playResult
	res.rss, res.anon = peakRSS(t, cmd.Process.Pid)
	res.cpu = 100 * float64(c1-c0) / 100 / t1.Sub(t0).Seconds() // 100 ticks a second
	cmd.Process.Signal(syscall.SIGINT)
	waitOrKill(cmd)
	return res
}

// waitOrKill waits 3 s for a signalled player to exit, then kills it.
func waitOrKill(cmd *exec.Cmd) {
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

// cpuTicks returns a process's user and system time in clock ticks.
func cpuTicks(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatalf("the player exited early: %v", err)
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return u + s
}

// peakRSS returns a process's peak resident memory (VmHWM) and the part
// of its resident memory now that is its own (RssAnon), not pages of files
// it maps (the binary with the voice pack in it, the libraries), which the
// kernel can drop and read again at any time.
func peakRSS(t *testing.T, pid int) (peak, anon int64) {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		switch k {
		case "VmHWM":
			peak = kb * 1024
		case "RssAnon":
			anon = kb * 1024
		}
	}
	return peak, anon
}
