package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchguide/guide/script"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		line string
		want command
		ok   bool
		err  string
	}{
		{"pause", cmdPause, true, ""},
		{"  RESUME \r", cmdResume, true, ""},
		{"toggle", cmdToggle, true, ""},
		{"next", cmdNext, true, ""},
		{"n", cmdNext, true, ""},
		{"previous", cmdPrev, true, ""},
		{"back", cmdPrev, true, ""},
		{"repeat", cmdRepeat, true, ""},
		{"status", cmdStatus, true, ""},
		{"louder", cmdLouder, true, ""},
		{"+", cmdLouder, true, ""},
		{"softer", cmdSofter, true, ""},
		{"-", cmdSofter, true, ""},
		{"quit", cmdQuit, true, ""},
		{"", 0, false, ""},
		{"# a comment", 0, false, ""},
		{"jump", 0, false, "unknown command jump; the commands are toggle, pause, resume, next, previous, repeat, status, louder, softer and quit, one a line"},
	}
	for _, tt := range tests {
		got, ok, err := parseCommand(tt.line)
		if got != tt.want || ok != tt.ok || (err == nil) != (tt.err == "") || (err != nil && err.Error() != tt.err) {
			t.Errorf("parseCommand(%q) = %v, %v, %v; want %v, %v, %q", tt.line, got, ok, err, tt.want, tt.ok, tt.err)
		}
	}
}

func TestReadLinesReportsUnknownAndGoesOn(t *testing.T) {
	out := make(chan command, 10)
	var warned []string
	readLines(strings.NewReader("pause\nfoo\n\nresume\nquit"), out, func(err error) { warned = append(warned, err.Error()) })
	close(out)
	var got []command
	for c := range out {
		got = append(got, c)
	}
	if want := []command{cmdPause, cmdResume, cmdQuit}; !equalCommands(got, want) {
		t.Errorf("commands %v, want %v", got, want)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "foo") {
		t.Errorf("warnings %q, want one about foo", warned)
	}
}

func equalCommands(a, b []command) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseKeys(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string // each arrives on its own, after the previous one was parsed
		want   []command
	}{
		{"single keys", []string{" nprs+-q"}, []command{cmdToggle, cmdNext, cmdPrev, cmdRepeat, cmdStatus, cmdLouder, cmdSofter, cmdQuit}},
		{"capitals and unshifted plus", []string{"N=_Q"}, []command{cmdNext, cmdLouder, cmdSofter, cmdQuit}},
		{"arrows", []string{"\x1b[C\x1b[D\x1b[A\x1b[B"}, []command{cmdNext, cmdPrev, cmdLouder, cmdSofter}},
		{"application-mode arrows", []string{"\x1bOC\x1bOD"}, []command{cmdNext, cmdPrev}},
		{"a lone Esc", []string{"\x1b", "n"}, []command{cmdQuit, cmdNext}},
		{"other sequences are ignored", []string{"\x1b[1;5H\x1b[15~n"}, []command{cmdNext}},
		{"Alt and a key is ignored", []string{"\x1bq n"}, []command{cmdToggle, cmdNext}},
		{"Ctrl-C as a key", []string{"\x03"}, []command{cmdInterrupt}},
		{"other keys are ignored", []string{"xyz\n\t"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks := make(chan []byte)
			out := make(chan command, 100)
			done := make(chan struct{})
			go func() {
				parseKeys(chunks, out, 20*time.Millisecond)
				close(done)
			}()
			for _, c := range tt.chunks {
				chunks <- []byte(c)
				time.Sleep(40 * time.Millisecond) // longer than the Esc timeout
			}
			close(chunks)
			<-done
			close(out)
			var got []command
			for c := range out {
				got = append(got, c)
			}
			if !equalCommands(got, tt.want) {
				t.Errorf("commands %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("an arrow split across quick reads", func(t *testing.T) {
		chunks := make(chan []byte, 3)
		out := make(chan command, 10)
		chunks <- []byte("\x1b")
		chunks <- []byte("[")
		chunks <- []byte("D")
		close(chunks)
		parseKeys(chunks, out, time.Second)
		close(out)
		if c := <-out; c != cmdPrev {
			t.Errorf("got %v, want cmdPrev", c)
		}
	})
}

// testTimeline is a small timeline: a welcome, a two-sided pose with
// breaths, and the closing.
func testTimeline() *script.Timeline {
	sec := func(s float64) int { return int(s * script.Rate) }
	return &script.Timeline{
		Routine: "test", Title: "Test",
		Chapters: []script.Chapter{
			{Title: "Welcome", Start: 0},
			{Pose: "knee-to-chest", Title: "Knee to chest", Side: "left", Start: sec(10)},
			{Pose: "knee-to-chest", Title: "Knee to chest", Side: "right", Start: sec(40)},
			{Title: "Closing", Start: sec(70)},
		},
		Events: []script.Event{
			{Start: sec(1), Length: sec(3), Sound: script.Speech, Text: "Hello.", Chapter: 0},
			{Start: sec(10), Length: sec(4), Sound: script.Bell, Chapter: 1},
			{Start: sec(20), Length: sec(4), Sound: script.Inhale, Chapter: 1},
			{Start: sec(24), Length: sec(5), Sound: script.Exhale, Chapter: 1},
			{Start: sec(70), Length: sec(6), Sound: script.Close, Chapter: 3},
		},
		Length: sec(80),
	}
}

func TestStatusAt(t *testing.T) {
	tl := testTimeline()
	got := statusAt(tl, 21*script.Rate)
	want := statusInfo{routine: "Test", step: 2, steps: 4, pose: "Knee to chest", side: "left", breath: "breathe in",
		stepLeft: 19 * time.Second, elapsed: 21 * time.Second, total: 80 * time.Second}
	if got != want {
		t.Errorf("statusAt(21s) = %+v\nwant %+v", got, want)
	}
	if got := statusAt(tl, 25*script.Rate).breath; got != "breathe out" {
		t.Errorf("breath at 25s = %q, want breathe out", got)
	}
	if got := statusAt(tl, 30*script.Rate).breath; got != "" {
		t.Errorf("breath at 30s = %q, want none", got)
	}
	if got := statusAt(tl, 75*script.Rate); got.step != 4 || got.pose != "Closing" || got.stepLeft != 5*time.Second {
		t.Errorf("statusAt(75s) = %+v, want step 4, Closing, 5s left", got)
	}
}

// TestNextChange checks when the player next redraws: at the next change
// of what the status line shows, and in plain mode at the next step.
func TestNextChange(t *testing.T) {
	tl := testTimeline()
	sec := func(s float64) int { return int(s * script.Rate) }
	tl.Chapters[3].Start = sec(70.5) // a step that ends between seconds
	for _, c := range []struct {
		pos  int
		line bool
		want int
		why  string
	}{
		{sec(5), false, sec(10), "plain: the next step"},
		{sec(75), false, sec(80), "plain: the end"},
		{sec(5), true, sec(5) + 1, "5s left becomes 4s one sample later"},
		{sec(5.25), true, sec(6), "elapsed reaches 6s"},
		{sec(45.25), true, sec(45.5) + 1, "25s left becomes 24s, half a second before elapsed turns"},
		{sec(19.5), true, sec(20), "a breath begins"},
		{sec(23.5), true, sec(24), "the inhale ends"},
		{sec(28.5), true, sec(29), "the exhale ends, with the second"},
		{sec(39.5), true, sec(40), "the next step"},
		{sec(80), true, sec(80) + 1, "past the end: never before the next sample"},
	} {
		if got := nextChange(tl, c.pos, c.line); got != c.want {
			t.Errorf("nextChange(%.3fs, line %v) = %.4fs, want %.4fs (%s)", float64(c.pos)/script.Rate, c.line,
				float64(got)/script.Rate, float64(c.want)/script.Rate, c.why)
		}
	}
}

func TestStatusLineFitsTheWidth(t *testing.T) {
	s := statusAt(testTimeline(), 21*script.Rate)
	s.volume = -3
	tests := []struct {
		width int
		want  string
	}{
		{200, "Test · 2/4 Knee to chest · left · breathe in · 0:19 left · 0:21/1:20 · [█████░░░░░░░░░░░░░░░] 26% · vol -3 dB"},
		{100, "Test · 2/4 Knee to chest · left · breathe in · 0:19 left · 0:21/1:20 · [███░░░░░░░] 26% · vol -3 dB"},
		{90, "2/4 Knee to chest · left · breathe in · 0:19 left · 0:21/1:20 · [███░░░░░░░] 26%"},
		{80, "2/4 Knee to chest · left · breathe in · 0:19 left · 0:21/1:20 · [███░░░░░░░] 26%"},
		{61, "2/4 Knee to chest · left · breathe in · 0:19 left · 0:21/1:20"},
		{60, "2/4 Knee to chest · left · breathe in · 0:19 left"},
		{40, "2/4 Knee to chest · left · 0:19 left"},
		{30, "2/4 Knee to chest · 0:19 left"},
		{20, "2/4 Knee to chest"},
		{10, "2/4 Knee…"},
	}
	for _, tt := range tests {
		got := s.line(tt.width)
		if got != tt.want {
			t.Errorf("width %d:\n got %q\nwant %q", tt.width, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > tt.width {
			t.Errorf("width %d: the line is %d wide", tt.width, n)
		}
	}
	s.paused = true
	if got := s.line(30); got != "PAUSED · 2/4 Knee to chest" {
		t.Errorf("paused at width 30: %q", got)
	}
}

func TestUIModes(t *testing.T) {
	at := time.Date(2026, 5, 12, 7, 31, 2, 0, time.Local)
	newUI := func(mode uiMode) (*ui, *bytes.Buffer, *bytes.Buffer) {
		var out, errb bytes.Buffer
		return &ui{mode: mode, w: &out, errw: &errb, width: func() int { return 40 }, now: func() time.Time { return at }}, &out, &errb
	}
	st := statusAt(testTimeline(), 21*script.Rate)

	u, out, errb := newUI(uiPlain)
	u.status(st)
	u.printf("Paused at %s.", "0:21")
	u.errorf("unknown command %s", "x")
	u.clear()
	if got, want := out.String(), "07:31:02 Paused at 0:21.\n"; got != want {
		t.Errorf("plain: %q, want %q", got, want)
	}
	if got, want := errb.String(), "guide: unknown command x\n"; got != want {
		t.Errorf("plain errors: %q, want %q", got, want)
	}

	u, out, errb = newUI(uiQuiet)
	u.status(st)
	u.printf("Paused.")
	u.errorf("bad")
	u.clear()
	if out.Len() != 0 || errb.String() != "guide: bad\n" {
		t.Errorf("quiet: stdout %q, stderr %q; want nothing but the error", out, errb)
	}

	u, out, _ = newUI(uiLine)
	u.status(st)
	u.printf("Paused.")
	u.status(st)
	u.clear()
	line := st.line(39)
	want := "\x1b[?25l\r" + line + "\x1b[K" + "\r\x1b[K" + "Paused.\n" + "\r" + line + "\x1b[K" + "\r\x1b[K\x1b[?25h"
	if got := out.String(); got != want {
		t.Errorf("line mode:\n got %q\nwant %q", got, want)
	}
}

func TestClock(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0:00", 59*time.Second + 999*time.Millisecond: "0:59", 61 * time.Second: "1:01",
		time.Hour + 2*time.Minute + 3*time.Second: "1:02:03", -time.Second: "0:00",
	} {
		if got := clock(d); got != want {
			t.Errorf("clock(%v) = %q, want %q", d, got, want)
		}
	}
}
