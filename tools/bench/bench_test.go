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

	"github.com/stretchguide/guide/internal/pulsetest"
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
	for _, tool := range []string{"sox", "ffmpeg", "mpg123"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: apt-get install %s", tool, tool)
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

	type session struct {
		file    string
		minutes int
		hold    string
		length  time.Duration
	}
	var ss []session
	for _, l := range lengths {
		hold, length := holdFor(t, bin, l.file, time.Duration(l.minutes)*time.Minute)
		ss = append(ss, session{l.file, l.minutes, hold, length})
	}

	var rows [][]string
	add := func(cells ...string) { rows = append(rows, cells) }

	// Rendering, on one core, best of three; sox writing the same length of
	// audio to the same format is the reference.
	var rss []string
	for _, s := range ss {
		out := filepath.Join(dir, "s.wav")
		r := best(3, func() result {
			return run(t, nil, pin(bin, "render", s.file, "-o", out, "--set", "pace.hold="+s.hold)...)
		})
		secs := fmt.Sprint(int(s.length.Seconds()))
		sox := best(3, func() result {
			return run(t, nil, pin("sox", "-n", "-r", "44100", "-c", "2", "-b", "16", out, "synth", secs, "pinknoise", "vol", "0.3")...)
		})
		x, xs := s.length.Seconds()/r.wall.Seconds(), s.length.Seconds()/sox.wall.Seconds()
		add(fmt.Sprintf("render %d min to WAV, 1 core", s.minutes),
			fmt.Sprintf("%.0fx real time (%.2fs; CPU %.2fs)", x, r.wall.Seconds(), r.cpu.Seconds()),
			fmt.Sprintf("sox synth: %.0fx (%.2fs)", xs, sox.wall.Seconds()),
			fmt.Sprintf("%.2f", x/xs))
		rss = append(rss, mb(r.rss))
		os.Remove(out)
	}
	add("render peak RSS, 10 / 60 min", strings.Join(rss, " / "), "", "")
	flac := filepath.Join(dir, "s.flac")
	r := best(2, func() result {
		return run(t, nil, pin(bin, "render", ss[1].file, "-o", flac, "--set", "pace.hold="+ss[1].hold)...)
	})
	add("render 60 min to FLAC, 1 core", fmt.Sprintf("%.0fx real time (%.2fs)", ss[1].length.Seconds()/r.wall.Seconds(), r.wall.Seconds()), "", "")

	// Planning the 60-minute session, against the same binary doing no more
	// than starting up (guide --help): what compiling a routine adds.
	plan := best(3, func() result { return run(t, nil, pin(bin, "plan", ss[1].file, "--set", "pace.hold="+ss[1].hold)...) })
	start := best(3, func() result { return run(t, nil, pin(bin, "--help")...) })
	add("guide plan, 60 min session", fmt.Sprintf("%.0f ms", plan.wall.Seconds()*1000),
		fmt.Sprintf("guide --help: %.0f ms", start.wall.Seconds()*1000), fmt.Sprintf("%.2f", plan.wall.Seconds()/start.wall.Seconds()))

	// Playing through PulseAudio pipe sinks. The CPU target is an average
	// over a session: guide plays the whole 10-minute session while mpg123
	// plays the same session rendered to MP3, at the same time, each on its
	// own sink. The 60-minute session is played for a while, for its memory
	// and for the CPU of its first, most talkative, minute.
	short, long := ss[0], ss[1]
	mp3 := filepath.Join(dir, "s.mp3")
	if res := run(t, nil, bin, "render", short.file, "-o", mp3, "--set", "pace.hold="+short.hold); res.code != 0 {
		t.Fatalf("render mp3: %s", res.stderr)
	}
	srvG, srvM := pulsetest.Start(t), pulsetest.Start(t)
	var g, m playResult
	var gErr, mErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		m, mErr = playAll(srvM, "mpg123", "-q", "-o", "pulse", mp3)
	}()
	g, gErr = playAll(srvG, bin, "play", short.file, "--set", "pace.hold="+short.hold)
	<-done
	if gErr != nil || mErr != nil {
		t.Fatalf("playing: %v; mpg123: %v", gErr, mErr)
	}
	add(fmt.Sprintf("play CPU, whole %d min session (average)", short.minutes),
		fmt.Sprintf("%.2f%% of a core", g.cpu), fmt.Sprintf("mpg123: %.2f%%", m.cpu), fmt.Sprintf("%.2f", g.cpu/m.cpu))
	lead := firstEvent(t, bin, short.file, short.hold)
	add("play: time to first sound", fmt.Sprintf("%.2fs", (g.firstSound-lead).Seconds()),
		fmt.Sprintf("(heard at %.2fs, planned at %.2fs)", g.firstSound.Seconds(), lead.Seconds()), "")
	win := playWindow(t, srvG, bin, "play", long.file, "--set", "pace.hold="+long.hold)
	add(fmt.Sprintf("play CPU, %d min session, %v to %v", long.minutes, playSettle, playSettle+windowLength),
		fmt.Sprintf("%.2f%% of a core", win.cpu), "", "")
	add(fmt.Sprintf("play peak RSS, %d / %d min", short.minutes, long.minutes), mb(g.rss)+" / "+mb(win.rss),
		fmt.Sprintf("mpg123: %s", mb(m.rss)), "")

	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "\nmeasure\tguide\treference (same run)\tguide/reference")
	for _, r := range rows {
		fmt.Fprintln(w, strings.Join(r, "\t"))
	}
	w.Flush()
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
		got = planLength(t, bin, file, hold)
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
func firstEvent(t *testing.T, bin, file, hold string) time.Duration {
	t.Helper()
	out, err := exec.Command(bin, "plan", file, "--set", "pace.hold="+hold).Output()
	if err != nil {
		t.Fatalf("guide plan %s: %v", file, err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		var m, s, ms int
		if n, _ := fmt.Sscanf(line, "%d:%d.%d", &m, &s, &ms); n == 3 && !strings.Contains(line, "--") {
			return time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(ms)*time.Millisecond
		}
	}
	t.Fatalf("guide plan %s: no event", file)
	return 0
}

func planLength(t *testing.T, bin, file, hold string) time.Duration {
	t.Helper()
	out, err := exec.Command(bin, "plan", file, "--set", "pace.hold="+hold).Output()
	if err != nil {
		t.Fatalf("guide plan %s: %v", file, err)
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

func run(t *testing.T, env []string, args ...string) result {
	t.Helper()
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
	r.cpu, r.rss = usage(cmd.ProcessState)
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
	firstSound time.Duration
}

// playAll plays a whole session through srv and measures the player's
// average CPU and peak RSS (from its rusage) and how soon the sink heard a
// sound.
func playAll(srv *pulsetest.Server, args ...string) (playResult, error) {
	srv.Reset()
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
	cpu, rss := usage(cmd.ProcessState)
	res.cpu, res.rss = 100*float64(cpu)/float64(wall), rss
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

// playWindow runs a player against the pipe sink for playSettle+windowLength,
// and measures its CPU over the window from /proc and its peak RSS.
func playWindow(t *testing.T, srv *pulsetest.Server, args ...string) playResult {
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
	time.Sleep(playSettle)
	var res playResult
	c0, t0 := cpuTicks(t, cmd.Process.Pid), time.Now()
	time.Sleep(windowLength)
	c1, t1 := cpuTicks(t, cmd.Process.Pid), time.Now()
	res.rss = peakRSS(t, cmd.Process.Pid)
	res.cpu = 100 * float64(c1-c0) / 100 / t1.Sub(t0).Seconds() // 100 ticks a second
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		cmd.Process.Kill()
		<-done
	}
	return res
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

// peakRSS returns a process's peak resident memory (VmHWM).
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}
