package script

import (
	"fmt"
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
)

// MissingError lists phrases the voice has no clip for.
type MissingError struct {
	Routine string
	Phrases []string // sorted, each once
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("script: routine %s needs %d phrases the voice pack does not have:\n  %s",
		e.Routine, len(e.Phrases), strings.Join(quoteAll(e.Phrases), "\n  "))
}

func quoteAll(s []string) []string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return q
}

// Compile lays out routine r at pace p as a timeline, asking voice how long
// each phrase takes to say so that nothing is spoken over anything else.
// Every event's sample position is computed once from its absolute time, so
// no rounding accumulates over a long session.
func Compile(r *Routine, p Pace, voice Voice) (*Timeline, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("script: %w", err)
	}
	c := &compiler{r: r, pace: p, voice: voice, missing: map[string]bool{}}
	c.tl = &Timeline{Routine: r.Name, Title: r.Title}
	c.run()
	if len(c.missing) > 0 {
		var m []string
		for k := range c.missing {
			m = append(m, k)
		}
		slices.Sort(m)
		return nil, &MissingError{Routine: r.Name, Phrases: m}
	}
	if c.t > 4*time.Hour {
		return nil, fmt.Errorf("script: %s: the session would last %v, longer than the 4h a session may last", r.File, c.t.Round(time.Second))
	}
	slices.SortStableFunc(c.tl.Events, func(a, b Event) int { return a.Start - b.Start })
	return c.tl, nil
}

// Phrases returns every phrase routine r can speak, sorted, each once.
func Phrases(r *Routine) []string {
	rec := recorder{}
	c := &compiler{r: r, pace: Pace{Inhale: 4 * time.Second, Exhale: 4 * time.Second, Hold: 1}, voice: rec, missing: map[string]bool{}}
	c.tl = &Timeline{}
	c.run()
	var out []string
	for k := range rec {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

type recorder map[string]bool

func (r recorder) Length(text string) (int, bool) { r[text] = true; return Rate, true }

type compiler struct {
	r       *Routine
	pace    Pace
	voice   Voice
	tl      *Timeline
	t       time.Duration // the cursor: absolute time from the session's start
	step    int
	missing map[string]bool
}

// add places an event of sound s lasting d at absolute time at.
func (c *compiler) add(s Sound, at, d time.Duration, text string) {
	start := Samples(at)
	c.tl.Events = append(c.tl.Events, Event{Start: start, Length: Samples(at+d) - start, Sound: s, Text: text, Chapter: c.step})
}

// say speaks text at absolute time at and returns how long it lasts.
func (c *compiler) say(text string, at time.Duration) time.Duration {
	n, ok := c.voice.Length(text)
	if !ok {
		c.missing[text] = true
		n = Rate // lay out the rest as if it took a second
	}
	c.tl.Events = append(c.tl.Events, Event{Start: Samples(at), Length: n, Sound: Speech, Text: text, Chapter: c.step})
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

// chapter starts a new step at the cursor.
func (c *compiler) chapter(pose, title, side string) {
	c.tl.Chapters = append(c.tl.Chapters, Chapter{Pose: pose, Title: title, Side: side, Start: Samples(c.t)})
	c.step = len(c.tl.Chapters) - 1
}

func (c *compiler) run() {
	r := c.r
	c.chapter("", "Welcome", "")
	c.t = lead
	c.speak(r.Intro, "", "")
	position := ""
	for _, s := range r.Steps {
		p := r.pose(s.Pose)
		if p == nil {
			continue // reported by the loader
		}
		sides := []string{""}
		if p.Sides {
			sides = []string{"left", "right"}
		}
		for i, side := range sides {
			c.t += stepGap
			c.chapter(p.Name, p.Title, side)
			other := ""
			if side != "" {
				other = sides[1-i]
			}
			if i == 0 {
				c.add(Bell, c.t, bellLength, "")
				c.t += bellLead
				c.speak(s.Say, "", "")
				c.speak([]string{p.Title + "."}, "", "")
				c.speak(p.Setup, side, other)
			} else {
				c.add(Switch, c.t, switchLen, "")
				c.t += switchLead
				c.speak(p.Switch, side, other)
			}
			if p.Start != position {
				c.t += c.pace.Move
			} else {
				c.t += c.pace.Settle
			}
			position = p.Start
			c.body(p, s)
			c.speak(p.Release, side, other)
		}
	}
	c.t += stepGap
	c.chapter("", "Closing", "")
	c.add(Close, c.t, closeLen, "")
	end := c.t + closeLen
	c.t += closeLead
	c.speak(r.Outro, "", "")
	c.t = max(c.t-phraseGap, end) + tail
	c.tl.Length = Samples(c.t)
}

// body lays out the pose itself: the breaths, the hold or the rest.
func (c *compiler) body(p *Pose, s Step) {
	switch p.Kind {
	case BreathLed:
		n := p.Dose.Breaths
		if s.Breaths > 0 {
			n = s.Breaths
		}
		for i := range n {
			c.breath(Inhale, c.pace.Inhale, cue(p.Inhale, i))
			c.breath(Exhale, c.pace.Exhale, cue(p.Exhale, i))
		}
	case Held, Rest:
		hold := p.Dose.Hold
		if s.Hold > 0 {
			hold = s.Hold
		}
		hold = time.Duration(float64(hold) * c.pace.Hold)
		end := c.t + hold
		if p.Kind == Held {
			// Whole breaths only, so the tones never stop mid-breath; the
			// rest of the hold is quiet.
			for c.t+c.pace.Breath() <= end {
				c.breath(Inhale, c.pace.Inhale, "")
				c.breath(Exhale, c.pace.Exhale, "")
			}
		}
		c.t = end + phraseGap
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
	c.add(s, c.t, d, "")
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

// pose finds a pose the routine uses: its own first, then the library's.
func (r *Routine) pose(name string) *Pose {
	if p := r.Poses[name]; p != nil {
		return p
	}
	return r.lib[name]
}
