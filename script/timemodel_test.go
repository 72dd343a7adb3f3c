package script_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchguide/guide/script"
)

// The pace presets of config.yaml (internal/config), written out: script
// does not import the config.
var presets = map[string]script.Pace{
	"slow":   {Inhale: 5 * time.Second, Exhale: 7 * time.Second, Hold: 1.25, Settle: 6 * time.Second, Move: 12 * time.Second},
	"normal": normal,
	"fast":   {Inhale: 3 * time.Second, Exhale: 3500 * time.Millisecond, Hold: 0.75, Settle: 3 * time.Second, Move: 6 * time.Second},
}

// eachSession calls f with every built-in routine compiled at every pace
// preset, as written and fitted to 5, 10 and 20 minutes where it can be,
// at every detail level.
func eachSession(t *testing.T, f func(t *testing.T, name string, r *script.Routine, o script.Options, tl *script.Timeline)) {
	c, voice := catalog(t), builtinVoice(t)
	for _, name := range c.Names() {
		for preset, pace := range presets {
			for _, length := range []time.Duration{0, 5 * time.Minute, 10 * time.Minute, 20 * time.Minute} {
				for _, detail := range script.Details {
					o := script.Options{Pace: pace, Detail: detail, Safety: true, Length: length}
					tl, err := script.Compile(c.Routines[name], o, voice)
					if _, ok := err.(*script.LengthError); ok {
						continue // it cannot last that long at this pace
					}
					if err != nil {
						t.Fatalf("%s %s %v %s: %v", name, preset, length, detail, err)
					}
					t.Run(fmt.Sprintf("%s/%s/%v/%s", name, preset, length, detail), func(t *testing.T) {
						f(t, name, c.Routines[name], o, tl)
					})
				}
			}
		}
	}
}

// TestHoldsAreTimeInTheStretch: both sides' holds are equal, within the
// pose's range, and start when the words that put you into them end.
func TestHoldsAreTimeInTheStretch(t *testing.T) {
	eachSession(t, func(t *testing.T, name string, r *script.Routine, o script.Options, tl *script.Timeline) {
		var left *script.Chapter
		for i := range tl.Chapters {
			c := &tl.Chapters[i]
			p := r.Pose(c.Pose)
			if p == nil || p.Kind == script.BreathLed {
				continue
			}
			h := script.Duration(c.Hold.Length)
			if c.Hold.Length == 0 {
				t.Errorf("%s has no hold", c.Title)
				continue
			}
			if p.Dose.Breaths == 0 && (h < p.Dose.MinHold-time.Millisecond || h > p.Dose.MaxHold+time.Millisecond) {
				t.Errorf("%s %s: a hold of %v, outside the pose's %v to %v", c.Title, c.Side, h, p.Dose.MinHold, p.Dose.MaxHold)
			}
			// The hold starts as the last words before it end.
			lastEnd := 0
			for _, e := range tl.Events {
				if e.Sound == script.Speech && e.Start < c.Hold.Start && e.End() > lastEnd {
					lastEnd = e.End()
				}
			}
			if lastEnd != c.Hold.Start {
				t.Errorf("%s %s: the hold starts at %s, the words before it end at %s", c.Title, c.Side, script.Clock(c.Hold.Start), script.Clock(lastEnd))
			}
			switch c.Side {
			case "left":
				left = c
			case "right":
				if d := script.Duration(c.Hold.Length - left.Hold.Length); d.Abs() > time.Second {
					t.Errorf("%s: left held %v, right %v", c.Title, script.Duration(left.Hold.Length), h)
				}
			}
		}
	})
}

// TestMovesGetTheirTime: the words that take you into a new position are
// followed by at least pace.move of quiet before the next words.
func TestMovesGetTheirTime(t *testing.T) {
	lib := catalog(t).Library
	var moves []string
	for _, p := range lib.Positions {
		moves = append(moves, p.Say...)
		for _, w := range p.From {
			moves = append(moves, w...)
		}
	}
	eachSession(t, func(t *testing.T, name string, r *script.Routine, o script.Options, tl *script.Timeline) {
		speech := speechEvents(tl)
		positions := 0
		for i, e := range speech {
			if !slices.Contains(moves, e.Text) {
				continue
			}
			positions++
			if i+1 < len(speech) {
				if gap := script.Duration(speech[i+1].Start - e.End()); gap < o.Pace.Move {
					t.Errorf("%q at %s: %v before the next words %q, want at least %v", e.Text, script.Clock(e.Start), gap, speech[i+1].Text, o.Pace.Move)
				}
			}
		}
		if o.Detail != script.Minimal && positions == 0 {
			t.Error("no words took the user into a position")
		}
	})
}

// TestBreathLeads: every breath cue ends before 60% of its breath, and
// nothing spoken crosses a change of breath tone.
func TestBreathLeads(t *testing.T) {
	eachSession(t, func(t *testing.T, name string, r *script.Routine, o script.Options, tl *script.Timeline) {
		var tones []script.Event
		for _, e := range tl.Events {
			if e.Sound == script.Inhale || e.Sound == script.Exhale {
				tones = append(tones, e)
			}
		}
		for _, e := range speechEvents(tl) {
			for _, b := range tones {
				if e.Start == b.Start && r.Pose(tl.Chapters[e.Chapter].Pose).Kind == script.BreathLed {
					if limit := b.Start + int(float64(b.Length)*script.CueShare); e.End() > limit {
						t.Errorf("the cue %q takes %v of a %v %s", e.Text, script.Duration(e.Length), script.Duration(b.Length), b.Sound)
					}
				}
				for _, edge := range []int{b.Start, b.End()} {
					if e.Start < edge && edge < e.End() {
						t.Errorf("%q (%s to %s) crosses the %s at %s", e.Text, script.Clock(e.Start), script.Clock(e.End()), b.Sound, script.Clock(edge))
					}
				}
			}
		}
	})
}

// TestBuiltinRoutinesPassCheck: the compiler never had to work around a
// built-in routine's words, at any pace.
func TestBuiltinRoutinesPassCheck(t *testing.T) {
	c, voice := catalog(t), builtinVoice(t)
	for _, name := range c.Names() {
		for preset, pace := range presets {
			for _, detail := range script.Details {
				problems, err := script.Check(c.Routines[name], script.Options{Pace: pace, Detail: detail, Safety: true}, voice)
				if err != nil || len(problems) > 0 {
					t.Errorf("%s at %s, %s: %v%v", name, preset, detail, err, problems)
				}
			}
		}
	}
}

// TestEverySideIsNamedBeforeItStarts, at every detail level.
func TestEverySideIsNamedBeforeItStarts(t *testing.T) {
	eachSession(t, func(t *testing.T, name string, r *script.Routine, o script.Options, tl *script.Timeline) {
		for i, c := range tl.Chapters {
			if c.Side == "" {
				continue
			}
			named := false
			for _, e := range speechEvents(tl) {
				if e.Chapter == i && e.Start < c.Hold.Start && strings.Contains(strings.ToLower(e.Text), c.Side) {
					named = true
				}
			}
			if !named {
				t.Errorf("%s: the %s side starts without being named", c.Title, c.Side)
			}
		}
	})
}

// TestNoNameTwiceInARow: a pose's name is not said right after words that
// said it.
func TestNoNameTwiceInARow(t *testing.T) {
	eachSession(t, func(t *testing.T, name string, r *script.Routine, o script.Options, tl *script.Timeline) {
		speech := speechEvents(tl)
		for i := 1; i < len(speech); i++ {
			title := strings.TrimSuffix(speech[i].Text, ".")
			if r.Pose(tl.Chapters[speech[i].Chapter].Pose) != nil && speech[i].Text == tl.Chapters[speech[i].Chapter].Title+"." &&
				strings.Contains(strings.ToLower(speech[i-1].Text), strings.ToLower(title)) {
				t.Errorf("%q right after %q", speech[i].Text, speech[i-1].Text)
			}
		}
	})
}

// TestTransitionsFollowTheUser: the words that take you into a position
// depend on where you are, not on what the library assumed.
func TestTransitionsFollowTheUser(t *testing.T) {
	c, voice := catalog(t), builtinVoice(t)
	r, err := script.ParseRoutine("mine", "mine.yaml", []byte(`
title: Mine
steps:
  - pose: childs-pose
  - pose: knees-to-chest
`), c.Library)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := script.Compile(r, defaults, voice)
	if err != nil {
		t.Fatal(err)
	}
	words := spoken(tl)
	back := c.Library.Positions["back"]
	if want := back.From["all-fours"][0]; count(words, want) != 1 {
		t.Errorf("from child's pose to both knees to chest, want %q; said:\n%s", want, strings.Join(words, "\n"))
	}
	for _, w := range words {
		if strings.Contains(w, "Stay on your back") {
			t.Errorf("said %q to someone on hands and knees", w)
		}
	}
}

func speechEvents(tl *script.Timeline) []script.Event {
	var out []script.Event
	for _, e := range tl.Events {
		if e.Sound == script.Speech {
			out = append(out, e)
		}
	}
	return out
}
