package pulsetest

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// bursts returns n bursts of a 440 Hz sine (amplitude amp) lasting on samples, one every period
// samples, starting with lead samples of silence.
func bursts(lead, n, on, period int, amp float64) []float32 {
	x := make([]float32, lead+(n-1)*period+on)
	for k := range n {
		for i := range on {
			x[lead+k*period+i] = float32(amp * math.Sin(2*math.Pi*440*float64(i)/Rate))
		}
	}
	return x
}

func TestEnvelope(t *testing.T) {
	tests := []struct {
		name string
		x    []float32
		n    int
		want []float64
	}{
		{"empty", nil, 4, []float64{}},
		{"constant", []float32{0.5, -0.5, 0.5, -0.5}, 2, []float64{0.5, 0.5}},
		{"partial frame dropped", []float32{1, 1, 1, 0, 0}, 2, []float64{1, math.Sqrt(0.5)}},
		{"silence then sound", []float32{0, 0, 3, 4}, 2, []float64{0, math.Sqrt(12.5)}},
		{"bad frame", []float32{1}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Envelope(tt.x, tt.n)
			if len(got) != len(tt.want) {
				t.Fatalf("Envelope(%v, %d) = %v, want %v", tt.x, tt.n, got, tt.want)
			}
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > 1e-6 {
					t.Fatalf("Envelope(%v, %d) = %v, want %v", tt.x, tt.n, got, tt.want)
				}
			}
		})
	}
}

func TestMaxJump(t *testing.T) {
	tests := []struct {
		name string
		x    []float32
		want float32
	}{
		{"empty", nil, 0},
		{"one", []float32{1}, 0},
		{"up", []float32{0, 0.25, 0.5}, 0.25},
		{"down", []float32{0.5, -0.5, -0.25}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MaxJump(tt.x); got != tt.want {
				t.Errorf("MaxJump(%v) = %v, want %v", tt.x, got, tt.want)
			}
		})
	}
}

func TestAlign(t *testing.T) {
	ref := bursts(0, 4, Rate/5, Rate/2, 0.5) // 200 ms bursts every 500 ms
	noise := func(n int) []float32 {
		x := make([]float32, n)
		seed := uint32(1)
		for i := range x {
			seed = seed*1664525 + 1013904223
			x[i] = (float32(seed>>8)/(1<<24) - 0.5) * 0.01
		}
		return x
	}
	tests := []struct {
		name           string
		got            []float32
		minLag, maxLag int
		wantLag        int
		tolerance      int // samples
		minScore       float64
	}{
		{"same", ref, 0, 0, 0, 0, 0.99},
		{"delayed 12345", append(make([]float32, 12345), ref...), 0, 30000, 12345, 44, 0.95},
		{"delayed, noisy", func() []float32 {
			g := append(make([]float32, 20000), ref...)
			for i, v := range noise(len(g)) {
				g[i] += v
			}
			return g
		}(), 0, 30000, 20000, 44, 0.9},
		{"stale audio before", append(bursts(0, 1, Rate/2, Rate/2, 0.3), ref...), 0, Rate, Rate / 2, 44, 0.9},
		{"got starts late", ref[5000:], -10000, 0, -5000, 44, 0.9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lag, score := Align(ref, tt.got, tt.minLag, tt.maxLag)
			if d := lag - tt.wantLag; d < -tt.tolerance || d > tt.tolerance {
				t.Errorf("Align lag = %d, want %d ± %d (score %.3f)", lag, tt.wantLag, tt.tolerance, score)
			}
			if score < tt.minScore || score > 1 {
				t.Errorf("Align score = %.3f, want in [%.2f, 1]", score, tt.minScore)
			}
		})
	}

	t.Run("no match", func(t *testing.T) {
		_, score := Align(ref, noise(3*Rate), 0, Rate)
		if score > 0.5 {
			t.Errorf("Align(ref, noise) score = %.3f, want < 0.5", score)
		}
	})
}

func TestEnv(t *testing.T) {
	t.Setenv("ALSA_CONFIG_PATH", "/nonexistent/alsa.conf")
	t.Setenv("HOME", "/somewhere/else")
	t.Setenv("PULSE_SERVER", "tcp:elsewhere")
	s := &Server{runtimeDir: "/run/x", home: "/home/x", socket: "/run/x/native"}
	want := map[string]string{
		"XDG_RUNTIME_DIR": "/run/x",
		"PULSE_SERVER":    "unix:/run/x/native",
		"HOME":            "/home/x",
		"XDG_CONFIG_HOME": "/home/x/.config",
	}
	seen := map[string]int{}
	for _, kv := range s.Env() {
		k, v, _ := strings.Cut(kv, "=")
		seen[k]++
		if w, ok := want[k]; ok && v != w {
			t.Errorf("Env: %s=%s, want %s", k, v, w)
		}
	}
	for k := range want {
		if seen[k] != 1 {
			t.Errorf("Env has %d entries for %s, want 1", seen[k], k)
		}
	}
	if seen["ALSA_CONFIG_PATH"] != 0 {
		t.Errorf("Env keeps ALSA_CONFIG_PATH, which would bypass the private asoundrc")
	}
}

// TestPulseStartPlays plays a known pattern into the server through its native protocol and
// through ALSA's default device, and finds it in the capture.
func TestPulseStartPlays(t *testing.T) {
	const (
		amp  = 0.5
		on   = Rate / 5 // 200 ms
		step = Rate / 2 // 500 ms
	)
	ref := bursts(0, 4, on, step, amp)
	var raw bytes.Buffer
	for _, v := range ref {
		s := int16(math.Round(float64(v) * 32767))
		binary.Write(&raw, binary.LittleEndian, [2]int16{s, s})
	}
	tests := []struct {
		name string
		argv []string
	}{
		{"pacat (native protocol)", []string{"pacat", "--playback", "--raw", "--format=s16le", "--rate=44100", "--channels=2"}},
		{"aplay (ALSA default device)", []string{"aplay", "-q", "-D", "default", "-t", "raw", "-f", "S16_LE", "-r", "44100", "-c", "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := exec.LookPath(tt.argv[0]); err != nil {
				t.Skipf("%s is not installed", tt.argv[0])
			}
			srv := Start(t)
			srv.Reset()
			cmd := exec.Command(tt.argv[0], tt.argv[1:]...)
			cmd.Env = srv.Env()
			cmd.Stdin = bytes.NewReader(raw.Bytes())
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s\npulseaudio:\n%s", tt.argv[0], err, out, srv.Log())
			}
			// The player may exit before the server has rendered its last buffer.
			waitFor(t, srv, time.Second)
			got := srv.Captured()
			if len(got) < len(ref) {
				t.Fatalf("captured %d samples, want at least %d", len(got), len(ref))
			}
			lag, score := Align(ref, got, 0, len(got)-len(ref))
			if score < 0.9 {
				t.Fatalf("Align score = %.3f at lag %d, want >= 0.9; pattern not found in capture", score, lag)
			}
			for k := range 4 {
				mid := got[lag+k*step+on/4 : lag+k*step+3*on/4]
				rms := Envelope(mid, len(mid))[0]
				if want := amp / math.Sqrt2; math.Abs(rms-want) > 0.05*want {
					t.Errorf("burst %d: RMS %.3f, want %.3f ± 5%%", k, rms, want)
				}
			}
			t.Logf("pattern found %d ms into the capture (score %.3f)", lag*1000/Rate, score)
		})
	}
}

// waitFor lets d of audio more reach the capture.
func waitFor(t *testing.T, srv *Server, d time.Duration) {
	t.Helper()
	n := srv.Len() + int(d.Seconds()*Rate)
	deadline := time.Now().Add(d + 2*time.Second)
	for srv.Len() < n {
		if time.Now().After(deadline) {
			t.Fatalf("capture stalled at %d samples\npulseaudio:\n%s", srv.Len(), srv.Log())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPulseStartCleanup(t *testing.T) {
	var s *Server
	t.Run("inner", func(t *testing.T) {
		s = Start(t)
	})
	if s == nil {
		t.Skip("server did not start")
	}
	select {
	case <-s.exited:
	default:
		t.Errorf("pulseaudio (pid %d) still running after the test's cleanup", s.cmd.Process.Pid)
	}
	if _, err := os.Stat(s.runtimeDir); !os.IsNotExist(err) {
		t.Errorf("runtime dir %s not removed: %v", s.runtimeDir, err)
	}
}

func TestPulseStartStopped(t *testing.T) {
	// Cleanup must also stop a daemon that a test froze.
	var s *Server
	t.Run("inner", func(t *testing.T) {
		s = Start(t)
		if err := s.Signal(sigStop); err != nil {
			t.Fatal(err)
		}
	})
	if s == nil {
		t.Skip("server did not start")
	}
	select {
	case <-s.exited:
	default:
		t.Errorf("stopped pulseaudio (pid %d) still running after the test's cleanup", s.cmd.Process.Pid)
	}
}
