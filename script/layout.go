package script

import (
	"fmt"
	"math"
	"time"
)

// How a session is laid out: the welcome, each step (its bell, its name,
// the move into its position, its setup, its body) and the closing, at
// absolute times from the cursor.

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
