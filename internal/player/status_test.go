package player

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchguide/guide/script"
)

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
	got := StatusAt(tl, 21*script.Rate)
	want := StatusInfo{Routine: "Test", Step: 2, Steps: 4, Pose: "Knee to chest", Side: "left", Breath: "breathe in",
		StepLeft: 19 * time.Second, Elapsed: 21 * time.Second, Total: 80 * time.Second}
	if got != want {
		t.Errorf("StatusAt(21s) = %+v\nwant %+v", got, want)
	}
	if got := StatusAt(tl, 25*script.Rate).Breath; got != "breathe out" {
		t.Errorf("breath at 25s = %q, want breathe out", got)
	}
	if got := StatusAt(tl, 30*script.Rate).Breath; got != "" {
		t.Errorf("breath at 30s = %q, want none", got)
	}
	if got := StatusAt(tl, 75*script.Rate); got.Step != 4 || got.Pose != "Closing" || got.StepLeft != 5*time.Second {
		t.Errorf("StatusAt(75s) = %+v, want step 4, Closing, 5s left", got)
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
		if got := NextChange(tl, c.pos, c.line); got != c.want {
			t.Errorf("NextChange(%.3fs, line %v) = %.4fs, want %.4fs (%s)", float64(c.pos)/script.Rate, c.line,
				float64(got)/script.Rate, float64(c.want)/script.Rate, c.why)
		}
	}
}

func TestStatusLineFitsTheWidth(t *testing.T) {
	s := StatusAt(testTimeline(), 21*script.Rate)
	s.Volume = -3
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
		got := s.Line(tt.width)
		if got != tt.want {
			t.Errorf("width %d:\n got %q\nwant %q", tt.width, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > tt.width {
			t.Errorf("width %d: the line is %d wide", tt.width, n)
		}
	}
	s.Paused = true
	if got := s.Line(30); got != "PAUSED · 2/4 Knee to chest" {
		t.Errorf("paused at width 30: %q", got)
	}
}

func TestClock(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0:00", 59*time.Second + 999*time.Millisecond: "0:59", 61 * time.Second: "1:01",
		time.Hour + 2*time.Minute + 3*time.Second: "1:02:03", -time.Second: "0:00",
	} {
		if got := Clock(d); got != want {
			t.Errorf("Clock(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestChapters(t *testing.T) {
	tl := testTimeline()
	sec := func(s float64) int { return int(s * script.Rate) }
	tests := []struct {
		pos      int
		wantAt   int
		wantEnd  int
		wantName string
	}{
		{0, 0, sec(10), "Welcome"},
		{sec(10) - 1, 0, sec(10), "Welcome"},
		{sec(10), 1, sec(40), "Knee to chest, left side"},
		{sec(45), 2, sec(70), "Knee to chest, right side"},
		{sec(79), 3, sec(80), "Closing"},
	}
	for _, tt := range tests {
		at := ChapterAt(tl, tt.pos)
		if got, end, name := at, ChapterEnd(tl, at), ChapterName(tl.Chapters[at]); got != tt.wantAt || end != tt.wantEnd || name != tt.wantName {
			t.Errorf("at %d: chapter %d ending %d, %q; want %d ending %d, %q", tt.pos, got, end, name, tt.wantAt, tt.wantEnd, tt.wantName)
		}
	}
}
