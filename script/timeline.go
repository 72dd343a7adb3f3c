package script

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// Rate is the sample rate, in samples per second, at which every timeline is
// laid out and every sound is played.
const Rate = 44100

// Sound is what an event makes heard.
type Sound string

// The sounds a timeline is made of.
const (
	Speech Sound = "speech" // a spoken phrase from the voice pack
	Inhale Sound = "inhale" // the breath-in tone, as long as the breath
	Exhale Sound = "exhale" // the breath-out tone, as long as the breath
	Bell   Sound = "bell"   // a new stretch begins
	Switch Sound = "switch" // change to the other side
	Close  Sound = "close"  // the session is over

	// SoftBell replaces Bell and Close in a routine with soft bells, such
	// as one for bedtime.
	SoftBell Sound = "soft-bell"

	// Chime is a speech event no voice can say, played as a short chime
	// (voice.missing: chime). The compiler lays out speech; only a plan of
	// what plays shows this.
	Chime Sound = "chime"
)

// Event is one sound at an exact place in a timeline.
type Event struct {
	Start   int    // first sample, counted from the start of the session
	Length  int    // length in samples
	Sound   Sound  // what is heard
	Text    string // the words, for Speech
	Chapter int    // index into Timeline.Chapters
}

// End returns the sample just after the event.
func (e Event) End() int { return e.Start + e.Length }

// Chapter is one part of a timeline: the welcome, a stretch (or one side of
// it), the closing.
type Chapter struct {
	Pose     string // pose name in the library
	Title    string // what the voice calls it
	Side     string // "left", "right" or ""
	Position string // the pose's start position (the closing's: where the session ends)
	Start    int    // first sample of the step
	Hold     Hold   // the time in the stretch, for a held pose or a rest
}

// Hold is the time in a stretch: from the end of the words that put you
// into it, for the pose's dose at the pace, in samples. The zero Hold is
// none.
type Hold struct {
	Start, Length int
}

// Timeline is a compiled session: every sound at its sample position.
// Events are sorted by Start; Length is the session's total in samples.
type Timeline struct {
	Routine  string
	Title    string
	Events   []Event
	Chapters []Chapter
	Length   int
}

// Duration returns the length of the session.
func (t *Timeline) Duration() time.Duration { return Duration(t.Length) }

// Samples converts d to a sample count at Rate, rounding down.
func Samples(d time.Duration) int {
	return int(int64(d) * Rate / int64(time.Second))
}

// Duration converts n samples at Rate to a duration, rounding up to the
// nanosecond so that Samples(Duration(n)) == n.
func Duration(n int) time.Duration {
	ns := (int64(n)*int64(time.Second) + Rate - 1) / Rate
	return time.Duration(ns)
}

// Human formats d as people write it, for messages: 30m, 1m30s, 5h,
// 4.5s, 500ms, 0s; not Go's 30m0s. time.ParseDuration reads it back.
func Human(d time.Duration) string {
	if d < 0 && d != math.MinInt64 {
		return "-" + Human(-d)
	}
	if d < time.Second {
		return d.String()
	}
	var b strings.Builder
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dh", h)
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dm", m)
		d -= m * time.Minute
	}
	if d > 0 {
		b.WriteString(d.String()) // under a minute: 30s, 1.5s, 500ms
	}
	return b.String()
}

// Clock formats a sample position as mm:ss.mmm (h:mm:ss.mmm past an hour).
func Clock(n int) string {
	ms := int64(n) * 1000 / Rate
	h, m, s := ms/3600000, ms/60000%60, ms/1000%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d.%03d", h, m, s, ms%1000)
	}
	return fmt.Sprintf("%02d:%02d.%03d", m, s, ms%1000)
}

// WriteText writes the timeline in its readable form, one event a line,
// each chapter's start marked "--" with its position, and the time in each
// stretch marked "hold" where it starts and "end of hold" where it ends:
//
//	00:12.500  speech  Knee to chest, left side  "Draw your left knee in."
func (t *Timeline) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s (%s): %s, %d chapters\n", t.Title, t.Routine, Clock(t.Length), len(t.Chapters))
	ch := -1
	var marks []holdMark // the open chapter's hold marks not yet written
	flush := func(upto int) {
		for len(marks) > 0 && marks[0].at <= upto {
			b.WriteString(marks[0].line)
			marks = marks[1:]
		}
	}
	for _, e := range t.Events {
		if e.Chapter != ch && e.Chapter < len(t.Chapters) {
			flush(math.MaxInt)
			ch = e.Chapter
			s := t.Chapters[ch]
			title := s.Title
			if s.Side != "" {
				title += ", " + s.Side + " side"
			}
			where := ""
			if s.Position != "" {
				where = " (" + s.Position + ")"
			}
			fmt.Fprintf(&b, "%s  -- %d/%d %s%s\n", Clock(s.Start), ch+1, len(t.Chapters), title, where)
			if h := s.Hold; h.Length > 0 {
				marks = []holdMark{
					{h.Start, fmt.Sprintf("%s  -- hold %.3fs\n", Clock(h.Start), float64(h.Length)/Rate)},
					{h.Start + h.Length, fmt.Sprintf("%s  -- end of hold\n", Clock(h.Start+h.Length))},
				}
			}
		}
		flush(e.Start)
		fmt.Fprintf(&b, "%s  %-6s %7.3fs", Clock(e.Start), e.Sound, float64(e.Length)/Rate)
		if e.Text != "" {
			fmt.Fprintf(&b, "  %q", e.Text)
		}
		b.WriteByte('\n')
	}
	flush(math.MaxInt)
	fmt.Fprintf(&b, "%s  end\n", Clock(t.Length))
	_, err := io.WriteString(w, b.String())
	return err
}

// holdMark is a line of WriteText's marking a hold, at a sample.
type holdMark struct {
	at   int
	line string
}

// JSONSchema is the version of the JSON form written by WriteJSON. It
// changes only when a field changes meaning or goes away.
const JSONSchema = 1

// jsonTimeline is the JSON form of a timeline. Times are given both as
// exact sample positions at Rate and as seconds, rounded to the millisecond.
type jsonTimeline struct {
	Schema   int           `json:"schema"`
	Routine  string        `json:"routine"`
	Title    string        `json:"title"`
	Rate     int           `json:"rate"`
	Samples  int           `json:"samples"`
	Seconds  float64       `json:"seconds"`
	Chapters []jsonChapter `json:"chapters"`
	Events   []jsonEvent   `json:"events"`
}

type jsonChapter struct {
	Title    string    `json:"title"`
	Pose     string    `json:"pose,omitempty"`
	Side     string    `json:"side,omitempty"`
	Start    int       `json:"start"`
	Seconds  float64   `json:"seconds"`
	Position string    `json:"position,omitempty"`
	Hold     *jsonHold `json:"hold,omitempty"`
}

type jsonHold struct {
	Start   int     `json:"start"`
	Length  int     `json:"length"`
	Seconds float64 `json:"seconds"`
}

type jsonEvent struct {
	Start    int     `json:"start"`
	Seconds  float64 `json:"seconds"`
	Length   int     `json:"length"`
	Duration float64 `json:"duration"`
	Sound    Sound   `json:"sound"`
	Text     string  `json:"text,omitempty"`
	Chapter  int     `json:"chapter"`
}

func seconds(n int) float64 { return math.Round(float64(n)*1000/Rate) / 1000 }

// WriteJSON writes the timeline as JSON (schema JSONSchema): the same
// inputs always give the same bytes.
func (t *Timeline) WriteJSON(w io.Writer) error {
	j := jsonTimeline{Schema: JSONSchema, Routine: t.Routine, Title: t.Title, Rate: Rate,
		Samples: t.Length, Seconds: seconds(t.Length), Chapters: []jsonChapter{}, Events: []jsonEvent{}}
	for _, c := range t.Chapters {
		jc := jsonChapter{Title: c.Title, Pose: c.Pose, Side: c.Side, Start: c.Start, Seconds: seconds(c.Start), Position: c.Position}
		if c.Hold.Length > 0 {
			jc.Hold = &jsonHold{c.Hold.Start, c.Hold.Length, seconds(c.Hold.Length)}
		}
		j.Chapters = append(j.Chapters, jc)
	}
	for _, e := range t.Events {
		j.Events = append(j.Events, jsonEvent{e.Start, seconds(e.Start), e.Length, seconds(e.Length), e.Sound, e.Text, e.Chapter})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}
