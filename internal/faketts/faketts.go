// Package faketts is a stand-in text-to-speech engine for tests. A test
// binary that calls Run first thing (from TestMain or init) becomes the
// engine whenever the environment variable Env is set: Command returns a
// voice.command line that runs it. It logs what it is asked to say, one
// line per run, so a test can count the runs and check the text arrived
// unchanged.
package faketts

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchguide/guide/audio/wav"
)

// Env names the log file; set, the test binary is the engine.
const Env = "FAKE_TTS_LOG"

// FailEnv makes the engine print its value on standard error and exit 2.
const FailEnv = "FAKE_TTS_FAIL"

// Run acts as the engine, and exits, when Env is set. Arguments: -t TEXT
// (else the text is read from standard input) and -o FILE (else the WAV
// goes to standard output).
func Run() {
	if log := os.Getenv(Env); log != "" {
		os.Exit(engine(log, os.Args[1:]))
	}
}

func engine(log string, args []string) int {
	var text, out string
	haveText := false
	for i := 0; i+1 < len(args); i++ {
		switch args[i] {
		case "-t":
			text, haveText = args[i+1], true
		case "-o":
			out = args[i+1]
		}
	}
	if !haveText {
		b, _ := io.ReadAll(os.Stdin)
		text = strings.TrimSuffix(string(b), "\n")
	}
	f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return 3
	}
	fmt.Fprintf(f, "%q\n", text)
	f.Close()
	if msg := os.Getenv(FailEnv); msg != "" {
		fmt.Fprintln(os.Stderr, msg)
		return 2
	}
	wav := WAV(16000, 8000)
	if out == "" {
		os.Stdout.Write(wav)
		return 0
	}
	if err := os.WriteFile(out, wav, 0o644); err != nil {
		return 4
	}
	return 0
}

// WAV returns a 16-bit mono WAV at rate: 100 ms of silence, n samples of a
// 220 Hz tone, 100 ms of silence.
func WAV(rate, n int) []byte {
	pad := rate / 10
	pcm := make([]int16, pad+n+pad)
	for i := range n {
		pcm[pad+i] = int16(8000 * math.Sin(2*math.Pi*220*float64(i)/float64(rate)))
	}
	return wav.Encode(pcm, 1, rate)
}

// Command sets Env for the test and returns a voice.command line that runs
// the test binary as the engine with args after it, and the log file.
func Command(t testing.TB, args string) (line, log string) {
	t.Helper()
	log = filepath.Join(t.TempDir(), "calls.log")
	t.Setenv(Env, log)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return "'" + self + "' " + args, log
}

// Calls returns what the engine was asked to say, one entry per run.
func Calls(t testing.TB, log string) []string {
	t.Helper()
	data, err := os.ReadFile(log)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var s string
		if _, err := fmt.Sscanf(line, "%q", &s); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, s)
	}
	return out
}
