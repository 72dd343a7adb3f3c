package script

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/stretchguide/guide/internal/files"
)

// The fixed spacing of a session. They are part of how a session sounds,
// not of its pace, so they are not configurable.
const (
	phraseGap  = 500 * time.Millisecond  // between two phrases
	cueGap     = 300 * time.Millisecond  // after a breath cue that outlasts its breath
	lead       = 800 * time.Millisecond  // before the first words of the session
	bellLength = 4 * time.Second         // a new stretch
	bellLead   = 1500 * time.Millisecond // from the bell to the first words
	switchLen  = 2 * time.Second         // change sides
	switchLead = 1 * time.Second
	closeLen   = 6 * time.Second // the closing bell
	closeLead  = 3 * time.Second
	stepGap    = 1500 * time.Millisecond // after a step's last words, before the next bell
	tail       = 2 * time.Second         // after the last sound
	maxSession = 4 * time.Hour

	// CueShare is how much of its breath a breath cue may take: it ends
	// before this share of the breath has passed, so the breath leads the
	// movement. A longer cue is said before the breath instead.
	CueShare = 0.6
)

// Fixed words the compiler adds to a pose's own.
var (
	lastBreathWords = "Last breath."
	numberWords     = []string{"One.", "Two.", "Three.", "Four.", "Five.", "Six.", "Seven.", "Eight.", "Nine.", "Ten."}
)

// Detail is how much the voice says.
type Detail string

// The levels of detail.
const (
	Full    Detail = "full"    // every instruction, every time
	Brief   Detail = "brief"   // a pose's setup words only the first time it comes in a session
	Minimal Detail = "minimal" // the names of the stretches and the side switches only
)

// Details lists the valid levels, for messages.
var Details = []Detail{Full, Brief, Minimal}

// Options are what a compiled session depends on besides its routine.
type Options struct {
	Pace   Pace
	Detail Detail        // "" is Full
	Safety bool          // open with the library's safety note
	Length time.Duration // fit the session to this length; 0 plays the doses as written
}

// MissingError lists phrases the voice has no clip for.
type MissingError struct {
	Routine string
	Phrases []string // sorted, each once
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("routine %s needs %d phrases the voice pack does not have:\n  %s",
		e.Routine, len(e.Phrases), strings.Join(files.QuoteEach(e.Phrases), "\n  "))
}

// LengthError says a routine cannot be fitted to the length asked for.
type LengthError struct {
	Routine           string
	Want              time.Duration
	Shortest, Longest time.Duration
}

func (e *LengthError) Error() string {
	return fmt.Sprintf("routine %s cannot last %s at this pace: it lasts from %s to %s (set length within that range, or 0 to play it as written)",
		e.Routine, Human(e.Want), Human(e.Shortest.Round(time.Second)), Human(e.Longest.Round(time.Second)))
}

// Compile lays out routine r as a timeline, asking voice how long each
// phrase takes to say so that no words are spoken over other words. Every
// event's sample position is computed once from its absolute time, so no
// rounding accumulates over a long session.
//
// With o.Length set, it scales the holds and breath counts of every pose,
// each within its range, until the session lasts o.Length to within a
// second.
func Compile(r *Routine, o Options, voice Voice) (*Timeline, error) {
	if err := o.Pace.Validate(); err != nil {
		return nil, err
	}
	if o.Detail == "" {
		o.Detail = Full
	}
	if !slices.Contains(Details, o.Detail) {
		return nil, fmt.Errorf("detail %q: want full, brief or minimal", o.Detail)
	}
	var c *compiler
	if o.Length > 0 {
		var err error
		if c, err = fit(r, o, voice); err != nil {
			return nil, err
		}
	} else {
		c = run(r, o, voice, scale{})
	}
	if len(c.missing) > 0 {
		var m []string
		for k := range c.missing {
			m = append(m, k)
		}
		slices.Sort(m)
		return nil, &MissingError{Routine: r.Name, Phrases: m}
	}
	if c.t > maxSession {
		line := 0
		if len(r.Steps) > 0 {
			line = r.Steps[0].Line
		}
		return nil, &Error{File: r.File, Line: line, Col: 1, Msg: fmt.Sprintf(
			"the session would last %s at this pace, longer than the 4h a session may last; shorten its holds or breaths", Human(c.t.Round(time.Second)))}
	}
	slices.SortStableFunc(c.tl.Events, func(a, b Event) int { return a.Start - b.Start })
	return c.tl, nil
}

// scale is how fitting stretches doses: a factor on breath counts and one
// on holds, each clamped to the pose's range. The zero scale plays the doses
// as written.
type scale struct {
	fit            bool
	breaths, holds float64
}

// fit finds the scale at which the session lasts o.Length, within a second.
func fit(r *Routine, o Options, voice Voice) (*compiler, error) {
	at := func(b, h float64) *compiler { return run(r, o, voice, scale{true, b, h}) }
	shortest, longest := at(0, 0), at(math.Inf(1), math.Inf(1))
	if o.Length < shortest.t-time.Second || o.Length > longest.t+time.Second {
		return nil, &LengthError{Routine: r.Name, Want: o.Length, Shortest: shortest.t, Longest: longest.t}
	}
	// Breath counts move in whole breaths, so first find the largest common
	// factor that does not overshoot, then let the holds take up the rest.
	lo, hi := 0.0, 64.0
	for range 50 {
		if mid := (lo + hi) / 2; at(mid, mid).t <= o.Length {
			lo = mid
		} else {
			hi = mid
		}
	}
	best := at(lo, lo)
	for _, b := range []float64{lo, hi} {
		hlo, hhi := 0.0, 64.0
		for range 50 {
			if mid := (hlo + hhi) / 2; at(b, mid).t <= o.Length {
				hlo = mid
			} else {
				hhi = mid
			}
		}
		for _, h := range []float64{hlo, hhi} {
			if c := at(b, h); (c.t - o.Length).Abs() < (best.t - o.Length).Abs() {
				best = c
			}
		}
	}
	if (best.t - o.Length).Abs() > time.Second {
		return nil, fmt.Errorf("routine %s cannot be fitted to %s within a second: its breath counts step past it (nearest %s); try a length a few seconds away",
			r.Name, Human(o.Length), Human(best.t.Round(time.Millisecond)))
	}
	return best, nil
}

// Phrases returns every phrase routine r can speak at any detail, with the
// safety note, sorted, each once.
func Phrases(r *Routine) []string {
	rec := recorder{}
	for _, d := range Details {
		run(r, Options{Pace: Pace{Inhale: 4 * time.Second, Exhale: 4 * time.Second, Hold: 1}, Detail: d, Safety: true}, rec, scale{})
	}
	var out []string
	for k := range rec {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

type recorder map[string]bool

func (r recorder) Length(text string) (int, bool) { r[text] = true; return Rate / 2, true }

type compiler struct {
	r       *Routine
	o       Options
	pace    Pace // o.Pace with the routine's breath factors
	s       scale
	voice   Voice
	tl      *Timeline
	t       time.Duration // the cursor: absolute time from the session's start
	said    time.Duration // when the last words end
	last    string        // the last words said
	chapter int
	side    string // the side of the chapter, "" for none
	named   bool   // the chapter's side has been named
	at      string // the position the user is in: "" before the first step
	setup   map[string]bool
	missing map[string]bool
	issues  []issue
}

// issue is a timing problem the compiler worked around, for Check.
type issue struct {
	pose  *Pose
	key   string // the pose's field: inhale, exhale, remind, countdown, feel
	index int    // which phrase of it
	msg   string
}

// run compiles r at scale s. Problems are left in the compiler.
func run(r *Routine, o Options, voice Voice, s scale) *compiler {
	c := &compiler{r: r, o: o, pace: o.Pace, s: s, voice: voice, setup: map[string]bool{}, missing: map[string]bool{}}
	c.pace.Inhale = time.Duration(float64(c.pace.Inhale) * r.Inhale)
	c.pace.Exhale = time.Duration(float64(c.pace.Exhale) * r.Exhale)
	c.tl = &Timeline{Routine: r.Name, Title: r.Title}
	c.session()
	return c
}

// add places an event of sound s lasting d at absolute time at.
func (c *compiler) add(s Sound, at, d time.Duration) {
	start := Samples(at)
	c.tl.Events = append(c.tl.Events, Event{Start: start, Length: Samples(at+d) - start, Sound: s, Chapter: c.chapter})
}

// length returns how long text takes to say.
func (c *compiler) length(text string) time.Duration {
	if n, ok := c.voice.Length(text); ok {
		return Duration(n)
	}
	return time.Second // reported by say
}

// say speaks text at absolute time at and returns how long it lasts.
func (c *compiler) say(text string, at time.Duration) time.Duration {
	n, ok := c.voice.Length(text)
	if !ok {
		c.missing[text] = true
		n = Rate // lay out the rest as if it took a second
	}
	c.tl.Events = append(c.tl.Events, Event{Start: Samples(at), Length: n, Sound: Speech, Text: text, Chapter: c.chapter})
	d := Duration(n)
	if end := at + d; end > c.said {
		c.said, c.last = end, text
	}
	if c.side != "" && mentions(text, c.side) {
		c.named = true
	}
	return d
}

// speak says each phrase in turn from the cursor, moving it past the last.
func (c *compiler) speak(phrases []string, side, other string) {
	for _, p := range phrases {
		c.t += c.say(fill(p, side, other), c.t) + phraseGap
	}
}

// fill substitutes the side names into a phrase.
func fill(s, side, other string) string {
	if side == "" {
		return s
	}
	return strings.NewReplacer("{side}", side, "{other}", other).Replace(s)
}

// mentions reports whether text says words (without its full stop), as
// whole words, in any case.
func mentions(text, words string) bool {
	w := strings.ToLower(strings.TrimSuffix(words, "."))
	t := strings.ToLower(text)
	for i := strings.Index(t, w); i >= 0; {
		before := i == 0 || !isLetter(t[i-1])
		after := i+len(w) == len(t) || !isLetter(t[i+len(w)])
		if before && after {
			return true
		}
		j := strings.Index(t[i+1:], w)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b == '\'' }

// sideWords is how a side is named when no other words have named it.
func sideWords(side string) string { return strings.ToUpper(side[:1]) + side[1:] + " side." }

// newChapter starts a chapter at the cursor.
func (c *compiler) newChapter(pose, title, side, position string) {
	c.tl.Chapters = append(c.tl.Chapters, Chapter{Pose: pose, Title: title, Side: side, Position: position, Start: Samples(c.t)})
	c.chapter = len(c.tl.Chapters) - 1
	c.side, c.named = side, false
}

// bell returns the sound of a bell, softened for a routine that asks.
func (c *compiler) bell(s Sound) Sound {
	if c.r.SoftBells {
		return SoftBell
	}
	return s
}
