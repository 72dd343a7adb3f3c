package script

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
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
	return fmt.Sprintf("script: routine %s needs %d phrases the voice pack does not have:\n  %s",
		e.Routine, len(e.Phrases), strings.Join(quoteAll(e.Phrases), "\n  "))
}

// LengthError says a routine cannot be fitted to the length asked for.
type LengthError struct {
	Routine           string
	Want              time.Duration
	Shortest, Longest time.Duration
}

func (e *LengthError) Error() string {
	return fmt.Sprintf("script: routine %s cannot last %v at this pace: it lasts from %v to %v (set length within that range, or 0 to play it as written)",
		e.Routine, e.Want, e.Shortest.Round(time.Second), e.Longest.Round(time.Second))
}

func quoteAll(s []string) []string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return q
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
		return nil, fmt.Errorf("script: %w", err)
	}
	if o.Detail == "" {
		o.Detail = Full
	}
	if !slices.Contains(Details, o.Detail) {
		return nil, fmt.Errorf("script: detail %q: want full, brief or minimal", o.Detail)
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
		return nil, fmt.Errorf("script: %s: the session would last %v, longer than the 4h a session may last", r.File, c.t.Round(time.Second))
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
		return nil, fmt.Errorf("script: routine %s cannot be fitted to %v within a second: its breath counts step past it (nearest %v); try a length a few seconds away",
			r.Name, o.Length, best.t.Round(time.Millisecond))
	}
	return best, nil
}

// Phrases returns every phrase routine r can speak at any detail, with the
// safety note, sorted, each once.
func Phrases(r *Routine) []string {
	rec := recorder{}
	run(r, Options{Pace: Pace{Inhale: 4 * time.Second, Exhale: 4 * time.Second, Hold: 1}, Detail: Full, Safety: true}, rec, scale{})
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
	chapter int
	said    map[string]bool // poses whose setup words were said
	missing map[string]bool
}

// run compiles r at scale s. Problems are left in the compiler.
func run(r *Routine, o Options, voice Voice, s scale) *compiler {
	c := &compiler{r: r, o: o, pace: o.Pace, s: s, voice: voice, said: map[string]bool{}, missing: map[string]bool{}}
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

// say speaks text at absolute time at and returns how long it lasts.
func (c *compiler) say(text string, at time.Duration) time.Duration {
	n, ok := c.voice.Length(text)
	if !ok {
		c.missing[text] = true
		n = Rate // lay out the rest as if it took a second
	}
	c.tl.Events = append(c.tl.Events, Event{Start: Samples(at), Length: n, Sound: Speech, Text: text, Chapter: c.chapter})
	return Duration(n)
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

// newChapter starts a chapter at the cursor.
func (c *compiler) newChapter(pose, title, side string) {
	c.tl.Chapters = append(c.tl.Chapters, Chapter{Pose: pose, Title: title, Side: side, Start: Samples(c.t)})
	c.chapter = len(c.tl.Chapters) - 1
}

// bell returns the sound of a bell, softened for a routine that asks.
func (c *compiler) bell(s Sound) Sound {
	if c.r.SoftBells {
		return SoftBell
	}
	return s
}

func (c *compiler) session() {
	r, full := c.r, c.o.Detail != Minimal
	c.newChapter("", "Welcome", "")
	c.t = lead
	if full {
		c.speak(r.Intro, "", "")
	}
	if c.o.Safety && r.lib != nil {
		c.speak(r.lib.Safety, "", "")
	}
	position := ""
	for _, s := range r.Steps {
		p := r.Pose(s.Pose)
		if p == nil {
			continue // reported by the loader
		}
		sides := []string{""}
		if p.Sides {
			sides = []string{"left", "right"}
		}
		for i, side := range sides {
			c.t += stepGap
			c.newChapter(p.Name, p.Title, side)
			other := ""
			if side != "" {
				other = sides[1-i]
			}
			if i == 0 {
				c.add(c.bell(Bell), c.t, bellLength)
				c.t += bellLead
				if full {
					c.speak(s.Say, "", "")
				}
				c.speak([]string{p.Title + "."}, "", "")
				if c.o.Detail == Full || (c.o.Detail == Brief && !c.said[p.Name]) {
					c.speak(p.Setup, side, other)
					c.speak(p.Feel, side, other)
					c.speak(p.Avoid, side, other)
				}
				c.said[p.Name] = true
			} else {
				c.add(Switch, c.t, switchLen)
				c.t += switchLead
				c.speak(p.Switch, side, other)
			}
			if p.Start != position {
				c.t += c.pace.Move
			} else {
				c.t += c.pace.Settle
			}
			position = p.Start
			amount := s.Amount
			if side == "left" && (s.Left != Amount{}) {
				amount = s.Left
			} else if side == "right" && (s.Right != Amount{}) {
				amount = s.Right
			}
			c.body(p, amount, side, other)
			if full {
				c.speak(p.Release, side, other)
			}
		}
	}
	c.t += stepGap
	c.newChapter("", "Closing", "")
	closing := closeLen
	if r.SoftBells {
		closing = bellLength
	}
	c.add(c.bell(Close), c.t, closing)
	end := c.t + closing
	c.t += closeLead
	if c.o.Safety && r.lib != nil && slices.Contains(lying, position) {
		c.speak(r.lib.GetUp, "", "")
	}
	if full {
		c.speak(r.Outro, "", "")
	}
	c.t = max(c.t-phraseGap, end) + tail
	c.tl.Length = Samples(c.t)
}

// breaths returns how many breaths a pose takes with its override a.
func (c *compiler) breaths(p *Pose, a Amount) int {
	n := p.Dose.Breaths
	if a.Breaths > 0 {
		n = a.Breaths
	}
	if c.s.fit {
		n = clamp(int(math.Round(float64(n)*c.s.breaths)), p.Dose.MinBreaths, p.Dose.MaxBreaths)
	}
	return n
}

// hold returns how long a hold or rest lasts with its override a.
func (c *compiler) hold(p *Pose, a Amount) time.Duration {
	h := p.Dose.Hold
	if a.Hold > 0 {
		h = a.Hold
	}
	h = time.Duration(float64(h) * c.o.Pace.Hold)
	if c.s.fit {
		h = clamp(time.Duration(min(float64(h)*c.s.holds, float64(maxSession))), p.Dose.MinHold, p.Dose.MaxHold)
	}
	return h
}

func clamp[T int | time.Duration](v, lo, hi T) T { return max(lo, min(v, hi)) }

// body lays out the pose itself: the breaths, the hold or the rest, with
// the spoken extras that go with them.
func (c *compiler) body(p *Pose, a Amount, side, other string) {
	extras := c.o.Detail != Minimal
	switch {
	case p.Kind == BreathLed:
		n := c.breaths(p, a)
		for i := range n {
			in, out := cue(p.Inhale, i), cue(p.Exhale, i)
			if i == n-1 && p.LastBreath && extras && n > 1 {
				in = lastBreathWords
			}
			if !extras {
				in, out = "", ""
			}
			c.breath(Inhale, c.pace.Inhale, fill(in, side, other))
			c.breath(Exhale, c.pace.Exhale, fill(out, side, other))
		}
	case p.Kind == Held:
		var hold time.Duration
		if p.Dose.Breaths > 0 {
			hold = time.Duration(c.breaths(p, a)) * c.pace.Breath()
		} else {
			hold = c.hold(p, a)
		}
		start, end := c.t, c.t+hold
		// Whole breaths only, so the tones never stop mid-breath; the rest
		// of the hold is quiet.
		var breaths []time.Duration
		for c.t+c.pace.Breath() <= end {
			breaths = append(breaths, c.t)
			c.breath(Inhale, c.pace.Inhale, "")
			c.breath(Exhale, c.pace.Exhale, "")
		}
		if extras {
			c.holdWords(p, start, end, breaths, side, other)
		}
		c.t = end + phraseGap
	case p.Kind == Rest:
		c.t += c.hold(p, a) + phraseGap
	}
}

// holdWords places the reminder, the last-breath cue and the countdown in
// a hold from start to end whose breaths begin at the given times. Each is
// left out where it would be spoken over other words.
func (c *compiler) holdWords(p *Pose, start, end time.Duration, breaths []time.Duration, side, other string) {
	countFrom := end
	if p.Countdown > 0 {
		countFrom = end - time.Duration(p.Countdown)*time.Second
	}
	free := start // words may start from here
	try := func(text string, at time.Duration) {
		if at < free {
			return
		}
		n, ok := c.voice.Length(text)
		if ok && at+Duration(n)+phraseGap > countFrom {
			return // it would run into the countdown or past the hold
		}
		free = at + c.say(text, at) + phraseGap
	}
	if len(p.Remind) > 0 && len(breaths) >= 3 {
		at := breaths[len(breaths)/2]
		for _, r := range p.Remind {
			try(fill(r, side, other), max(at, free))
		}
	}
	if p.LastBreath && len(breaths) >= 2 {
		try(lastBreathWords, breaths[len(breaths)-1])
	}
	if p.Countdown > 0 && countFrom >= free {
		for k := p.Countdown; k >= 1; k-- {
			at := max(end-time.Duration(k)*time.Second, free)
			free = at + c.say(numberWords[k-1], at)
		}
	}
}

// breath lays out one breath in or out at the cursor, with its cue spoken
// over the tone. A cue longer than the breath lengthens that breath.
func (c *compiler) breath(s Sound, d time.Duration, words string) {
	if words != "" {
		if said := c.say(words, c.t); said > d {
			d = said + cueGap
		}
	}
	c.add(s, c.t, d)
	c.t += d
}

// cue returns the cue for breath cycle i: the first cue the first time,
// then each in turn, the last one repeating.
func cue(cues []string, i int) string {
	if len(cues) == 0 {
		return ""
	}
	return cues[min(i, len(cues)-1)]
}
