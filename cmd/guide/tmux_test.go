package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchguide/guide/internal/history"
	"github.com/stretchguide/guide/internal/pulsetest"
)

// tmuxServer is a private tmux server: guide runs in a real terminal there.
type tmuxServer struct {
	bin, socket string
	env         []string
}

func (s *tmuxServer) run(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(s.bin, append([]string{"-S", s.socket, "-f", "/dev/null"}, args...)...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestTerminalInTmux plays in a real terminal (a tmux pane) and checks the
// status line while playing, and that the terminal is restored (its mode
// and the cursor) after q and after Ctrl-C.
func TestTerminalInTmux(t *testing.T) {
	hermetic(t)
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		msg := "tmux is not installed; install the Debian package: apt-get install tmux"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	bin := built(t)
	srv := pulsetest.Start(t)
	tests := []struct {
		name  string
		width int
		key   string
		code  int
		ended string
	}{
		{"q", 120, "q", 0, history.EndedQuit},
		{"Ctrl-C", 60, "C-c", exitInterrupted, history.EndedInterrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, err := os.MkdirTemp("", "gt") // short: the socket's path must fit in 108 bytes
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(dir)
			state := t.TempDir()
			wd, _ := os.Getwd()
			script := fmt.Sprintf(`trap : INT
cd %q
stty -g > %[2]s/before
%[3]q play testdata/short.yaml %[4]s
code=$?
stty -g > %[2]s/after
echo $code > %[2]s/code.tmp && mv %[2]s/code.tmp %[2]s/code
exec sleep 60
`, wd, dir, bin, strings.Join(setFlags(steadyPace), " "))
			if err := os.WriteFile(filepath.Join(dir, "run.sh"), []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
			tm := &tmuxServer{bin: tmux, socket: filepath.Join(dir, "s"),
				env: append(srv.Env(), "XDG_STATE_HOME="+state, "TERM=xterm-256color")}
			srv.Reset()
			tm.run(t, "new-session", "-d", "-s", "g", "-x", strconv.Itoa(tt.width), "-y", "12", "sh "+filepath.Join(dir, "run.sh"))
			defer exec.Command(tmux, "-S", tm.socket, "kill-server").Run()

			// The status line: the step, the time left and the progress bar, on one line of the pane.
			var pane, status string
			deadline := time.Now().Add(15 * time.Second)
			for status == "" {
				pane = tm.run(t, "capture-pane", "-p", "-t", "g")
				for _, l := range strings.Split(pane, "\n") {
					if strings.Contains(l, "1/3 Welcome") && strings.Contains(l, "left") && strings.Contains(l, "%") {
						status = strings.TrimRight(l, " ")
					}
				}
				if time.Now().After(deadline) {
					t.Fatalf("no status line after 15s; the pane shows:\n%s", pane)
				}
				time.Sleep(100 * time.Millisecond)
			}
			t.Logf("status line at %d columns: %q", tt.width, status)
			if n := utf8.RuneCountInString(status); n >= tt.width {
				t.Errorf("the status line is %d columns wide in a %d-column terminal", n, tt.width)
			}
			if !strings.Contains(status, "█") && !strings.Contains(status, "░") {
				t.Errorf("no progress bar in the status line %q", status)
			}
			if tt.width >= 100 && !strings.Contains(status, "Short") {
				t.Errorf("no routine in the status line %q, with room for it", status)
			}
			if f := strings.TrimSpace(tm.run(t, "display-message", "-p", "-t", "g", "#{cursor_flag}")); f != "0" {
				t.Errorf("cursor_flag %s while playing, want 0 (hidden)", f)
			}
			// Wait for the voice, then press the key.
			deadline = time.Now().Add(15 * time.Second)
			for peak(srv.Captured()) < 0.05 && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond)
			tm.run(t, "send-keys", "-t", "g", tt.key)
			pressed := time.Now()
			var code []byte
			for {
				if code, err = os.ReadFile(filepath.Join(dir, "code")); err == nil {
					break
				}
				if time.Since(pressed) > 5*time.Second {
					t.Fatalf("guide still running 5s after %s; the pane shows:\n%s", tt.name, tm.run(t, "capture-pane", "-p", "-t", "g"))
				}
				time.Sleep(20 * time.Millisecond)
			}
			t.Logf("%s: exited within %v", tt.name, time.Since(pressed).Round(10*time.Millisecond))
			if got := strings.TrimSpace(string(code)); got != strconv.Itoa(tt.code) {
				t.Errorf("exit %s after %s, want %d; the pane shows:\n%s", got, tt.name, tt.code, tm.run(t, "capture-pane", "-p", "-t", "g"))
			}
			before, _ := os.ReadFile(filepath.Join(dir, "before"))
			after, _ := os.ReadFile(filepath.Join(dir, "after"))
			if len(before) == 0 || string(before) != string(after) {
				t.Errorf("the terminal mode was not restored:\nbefore %s\nafter  %s", before, after)
			}
			if f := strings.TrimSpace(tm.run(t, "display-message", "-p", "-t", "g", "#{cursor_flag}")); f != "1" {
				t.Errorf("cursor_flag %s after %s, want 1 (shown)", f, tt.name)
			}
			pane = tm.run(t, "capture-pane", "-p", "-t", "g")
			if strings.Contains(pane, "░") || strings.Contains(pane, "█") {
				t.Errorf("the status line is left on the screen after %s:\n%s", tt.name, pane)
			}
			recs, bad, err := history.Read(filepath.Join(state, "guide", "history.jsonl"))
			if err != nil || len(bad) > 0 || len(recs) != 1 || recs[0].Ended != tt.ended {
				t.Errorf("history %+v %v %v, want one session that ended %q", recs, bad, err, tt.ended)
			}
		})
	}
}
