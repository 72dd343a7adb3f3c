package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	pl "github.com/stretchguide/guide/internal/player"
)

func TestReadLinesReportsUnknownAndGoesOn(t *testing.T) {
	out := make(chan pl.Command, 10)
	var warned []string
	readLines(strings.NewReader("pause\nfoo\n\nresume\nquit"), out, func(err error) { warned = append(warned, err.Error()) })
	close(out)
	var got []pl.Command
	for c := range out {
		got = append(got, c)
	}
	if want := []pl.Command{pl.Pause, pl.Resume, pl.Quit}; !slices.Equal(got, want) {
		t.Errorf("commands %v, want %v", got, want)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "foo") {
		t.Errorf("warnings %q, want one about foo", warned)
	}
}

func TestUIModes(t *testing.T) {
	at := time.Date(2026, 5, 12, 7, 31, 2, 0, time.Local)
	newUI := func(mode uiMode) (*ui, *bytes.Buffer, *bytes.Buffer) {
		var out, errb bytes.Buffer
		return &ui{mode: mode, w: &out, errw: &errb, width: func() int { return 40 }, now: func() time.Time { return at }}, &out, &errb
	}
	st := pl.StatusInfo{Routine: "Test", Step: 2, Steps: 4, Pose: "Knee to chest", Side: "left", Breath: "breathe in",
		StepLeft: 19 * time.Second, Elapsed: 21 * time.Second, Total: 80 * time.Second}

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
	line := st.Line(39)
	want := "\x1b[?25l\r" + line + "\x1b[K" + "\r\x1b[K" + "Paused.\n" + "\r" + line + "\x1b[K" + "\r\x1b[K\x1b[?25h"
	if got := out.String(); got != want {
		t.Errorf("line mode:\n got %q\nwant %q", got, want)
	}
}

func TestKeyHintFitsTheTerminal(t *testing.T) {
	for _, width := range []int{30, 40, 60, 80, 200} {
		c := &console{keys: true, ui: &ui{width: func() int { return width }}}
		got := c.hint("Playing Morning (6:35).")
		for _, l := range strings.Split(got, "\n") {
			if n := utf8.RuneCountInString(l); n >= width {
				t.Errorf("width %d: a line of %d columns: %q", width, n, l)
			}
		}
		for _, k := range keyHints {
			if !strings.Contains(got, k) {
				t.Errorf("width %d: %q is cut: %q", width, k, got)
			}
		}
	}
	c := &console{ui: &ui{width: func() int { return 80 }}}
	if got := c.hint("Playing."); got != "Playing. Ctrl-C stops." {
		t.Errorf("without keys: %q", got)
	}
}
