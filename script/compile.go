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
		e.Routine, len(e.Phrases), strings.Join(quoteAll(e.Phrases), "\n  "))
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

func (c *compiler) session() {
	r, full := c.r, c.o.Detail != Minimal
	c.newChapter("", "Welcome", "", "")
	c.t = lead
	if full {
		c.speak(r.Intro, "", "")
	}
	if c.o.Safety && r.lib != nil {
		c.speak(r.lib.Safety, "", "")
	}
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
			other := ""
			if side != "" {
				other = sides[1-i]
			}
			c.t += stepGap
			c.newChapter(p.Name, p.Title, side, p.Start)
			first := c.o.Detail == Full || (c.o.Detail == Brief && !c.setup[p.Name])
			if i == 0 {
				c.add(c.bell(Bell), c.t, bellLength)
				c.t += bellLead
				if full {
					c.speak(s.Say, "", "")
				}
				if !mentions(c.last, p.Title) {
					c.speak([]string{p.Title + "."}, "", "")
				}
				c.move(p.Start)
				if first {
					for j, l := range p.Setup {
						c.speak([]string{l.Text}, side, other)
						if l.Settle && j < len(p.Setup)-1 {
							c.t += c.pace.Settle
						}
					}
				}
				c.setup[p.Name] = true
			} else {
				c.add(Switch, c.t, switchLen)
				c.t += switchLead
				c.speak(p.Switch, side, other)
			}
			if side != "" && !c.named {
				c.speak([]string{sideWords(side)}, "", "")
			}
			amount := s.Amount
			if side == "left" && (s.Left != Amount{}) {
				amount = s.Left
			} else if side == "right" && (s.Right != Amount{}) {
				amount = s.Right
			}
			c.body(p, amount, side, other, full && (i == 0 && first))
			if full {
				c.speak(p.Release, side, other)
			}
		}
	}
	c.t += stepGap
	c.newChapter("", "Closing", "", c.at)
	closing := closeLen
	if r.SoftBells {
		closing = bellLength
	}
	c.add(c.bell(Close), c.t, closing)
	end := c.t + closing
	c.t += closeLead
	if c.o.Safety && r.lib != nil {
		c.speak(r.lib.GetUp[c.at], "", "")
	}
	if full {
		c.speak(r.Outro, "", "")
	}
	c.t = max(c.t-phraseGap, end) + tail
	c.tl.Length = Samples(c.t)
}

// move takes the user into position to (a pose's start position): the
// words that ask for it (from where the user is, at every detail but
// minimal), then Pace.Move of quiet before any other instruction.
func (c *compiler) move(to string) {
	if to == c.at {
		return
	}
	if c.o.Detail != Minimal && c.r.lib != nil {
		if p := c.r.lib.Positions[to]; p != nil {
			c.speak(p.words(c.at), "", "")
		}
	}
	c.t = c.said + c.pace.Move
	c.at = to
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

// hold returns how long a hold or rest lasts with its override a: the dose
// times Pace.Hold (or the length fitting's scale), within the pose's range.
func (c *compiler) hold(p *Pose, a Amount) time.Duration {
	h := p.Dose.Hold
	if a.Hold > 0 {
		h = a.Hold
	}
	f := c.o.Pace.Hold
	if c.s.fit {
		f = c.s.holds
	}
	return clamp(time.Duration(min(float64(h)*f, float64(maxSession))), p.Dose.MinHold, p.Dose.MaxHold)
}

func clamp[T int | time.Duration](v, lo, hi T) T { return max(lo, min(v, hi)) }

// body lays out the pose itself: the breaths, the hold or the rest, with
// the spoken extras that go with them; feel says whether its feel and avoid
// words are said.
func (c *compiler) body(p *Pose, a Amount, side, other string, feel bool) {
	extras := c.o.Detail != Minimal
	switch p.Kind {
	case BreathLed:
		if feel {
			c.speak(p.Feel, side, other)
			c.speak(p.Avoid, side, other)
		}
		n := c.breaths(p, a)
		for i := range n {
			in, out := cue(p.Inhale, i), cue(p.Exhale, i)
			key := "inhale"
			if i == n-1 && p.LastBreath && n > 1 {
				in, key = lastBreathWords, ""
			}
			if !extras {
				in, out = "", ""
			}
			c.breath(Inhale, c.pace.Inhale, fill(in, side, other), p, key, min(i, len(p.Inhale)-1))
			c.breath(Exhale, c.pace.Exhale, fill(out, side, other), p, "exhale", min(i, len(p.Exhale)-1))
		}
	case Held, Rest:
		var h time.Duration
		if p.Kind == Held && p.Dose.Breaths > 0 {
			h = time.Duration(c.breaths(p, a)) * c.pace.Breath()
		} else {
			h = c.hold(p, a)
		}
		c.inside(p, c.said, h, side, other, feel, extras)
	}
}

// inside lays out a hold (or rest) of length h that starts at start, when
// the words that put the user into the pose end: the feel and avoid words
// first, then whole breaths with their tones (a hold; a rest is quiet),
// the reminders each inside one breath, the last-breath cue, and the
// countdown in the quiet after the last breath.
func (c *compiler) inside(p *Pose, start, h time.Duration, side, other string, feel, extras bool) {
	end := start + h
	ch := &c.tl.Chapters[c.chapter]
	ch.Hold = Hold{Start: Samples(start), Length: Samples(end) - Samples(start)}
	c.t = start + phraseGap
	if feel {
		c.speak(p.Feel, side, other)
		c.speak(p.Avoid, side, other)
		if c.said > end {
			c.issues = append(c.issues, issue{p, "feel", 0, fmt.Sprintf(
				"the feel and avoid words take %s of a %s hold at this pace; shorten them, or lengthen the hold", round(c.said-start), round(h))})
		}
	}
	countFrom := end
	if extras && p.Countdown > 0 {
		countFrom = end - time.Duration(p.Countdown)*time.Second
	}
	// Whole breaths only, so the tones never stop mid-breath; the rest of
	// the hold is quiet.
	var breaths []time.Duration
	if p.Kind == Held {
		t := max(start, c.said+phraseGap)
		if c.said <= start {
			t = start
		}
		for t+c.pace.Breath() <= countFrom {
			breaths = append(breaths, t)
			c.add(Inhale, t, c.pace.Inhale)
			c.add(Exhale, t+c.pace.Inhale, c.pace.Exhale)
			t += c.pace.Breath()
		}
	}
	if extras {
		c.remind(p, breaths, start, countFrom, side, other)
		if p.LastBreath && len(breaths) >= 2 {
			at := breaths[len(breaths)-1]
			if c.length(lastBreathWords) <= time.Duration(float64(c.pace.Inhale)*CueShare) {
				c.say(lastBreathWords, at)
			}
		}
		if p.Countdown > 0 && countFrom >= c.said {
			for k := p.Countdown; k >= 1; k-- {
				c.say(numberWords[k-1], max(end-time.Duration(k)*time.Second, c.said))
			}
		}
	}
	c.t = max(end, c.said) + phraseGap
}

// remind places the pose's reminders from the middle of the hold on, each
// inside one breath out (or in, if it only fits there) that nothing else
// is said in, or else in the quiet after the last breath, before until.
func (c *compiler) remind(p *Pose, breaths []time.Duration, start, until time.Duration, side, other string) {
	if len(p.Remind) == 0 {
		return
	}
	last := len(breaths)
	if p.LastBreath && last >= 2 {
		last-- // the last breath in says "Last breath."
	}
	quiet := start // where the quiet after the breaths begins
	if len(breaths) > 0 {
		quiet = breaths[len(breaths)-1] + c.pace.Breath()
	} else {
		quiet = start + (until-start)/2
	}
	b := len(breaths) / 2
	for k, r := range p.Remind {
		text := fill(r, side, other)
		d := c.length(text)
		placed := false
		for ; b < last && !placed; b++ {
			in, out := breaths[b], breaths[b]+c.pace.Inhale
			switch {
			case in < c.said:
			case d <= c.pace.Exhale:
				c.say(text, out)
				placed = true
			case d <= c.pace.Inhale:
				c.say(text, in)
				placed = true
			}
		}
		if at := max(quiet, c.said+phraseGap); !placed && at+d <= until {
			c.say(text, at)
			placed = true
		}
		if !placed {
			c.issues = append(c.issues, issue{p, "remind", k, fmt.Sprintf(
				"the reminder %q takes %s and fits in no breath in (%s) or out (%s) of this hold at this pace, nor in the quiet after its breaths; shorten it, or lengthen the hold",
				text, round(d), round(c.pace.Inhale), round(c.pace.Exhale))})
		}
	}
}

// breath lays out one breath in or out at the cursor, with its cue: over
// the tone when it ends before CueShare of the breath, else said before
// the breath, so the breath can lead the movement (and reported to Check).
func (c *compiler) breath(s Sound, d time.Duration, words string, p *Pose, key string, index int) {
	if words != "" {
		if said := c.length(words); said > time.Duration(float64(d)*CueShare) {
			c.t += c.say(words, c.t) + cueGap
			if key != "" {
				c.issues = append(c.issues, issue{p, key, index, fmt.Sprintf(
					"the %s cue %q takes %s, more than %.0f%% of a %s breath %s at this pace, so it is said before the breath; shorten it to about %d words",
					map[string]string{"inhale": "inhale", "exhale": "exhale"}[key], words, round(said), CueShare*100, round(d),
					map[string]string{"inhale": "in", "exhale": "out"}[key], max(1, int(d.Seconds()*CueShare*2)))})
			}
		} else {
			c.say(words, c.t)
		}
	}
	c.add(s, c.t, d)
	c.t += d
}

// round rounds a duration for a message, as people write it.
func round(d time.Duration) string { return Human(d.Round(100 * time.Millisecond)) }

// cue returns the cue for breath cycle i: the first cue the first time,
// then each in turn, the last one repeating.
func cue(cues []string, i int) string {
	if len(cues) == 0 {
		return ""
	}
	return cues[min(i, len(cues)-1)]
}
