package script

import (
	"fmt"
	"slices"
	"time"
)

// Kind is how a pose uses its time.
type Kind string

// The kinds of pose.
const (
	BreathLed Kind = "breath" // N breath cycles, each inhale and exhale with its own cue
	Held      Kind = "hold"   // a held position, breath tones continuing through it
	Rest      Kind = "rest"   // quiet breathing, no tones
)

// Positions lists the start positions a pose may name. Moving between two
// different positions takes Pace.Move, right after the words that ask for
// it; a movement within one position takes Pace.Settle.
var Positions = []string{"all-fours", "back", "seated", "standing", "kneeling", "side"}

// Library is the pose library: the poses routines name, and the words every
// session shares.
type Library struct {
	Poses     map[string]*Pose
	Safety    []string             // the safety note that opens a session (safety.intro)
	Positions map[string]*Position // how to get into each position
	GetUp     map[string][]string  // how to get up safely, by the position a session ends in
}

// Position is a way of being on the floor or off it (lying on your back, on
// hands and knees, standing...) and the words that take you there.
type Position struct {
	Name string
	Say  []string            // from anywhere, or at the start of a session
	From map[string][]string // from a given position, where that needs other words
	Line int
}

// words returns what gets you into position p from position from ("" for
// the start of a session).
func (p *Position) words(from string) []string {
	if w, ok := p.From[from]; ok {
		return w
	}
	return p.Say
}

// Line is one phrase of a pose's setup, and whether the movement it asks
// for gets Pace.Settle before the next words.
type Line struct {
	Text   string
	Settle bool
}

// texts returns the lines' words.
func texts(lines []Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}

// Pose is a stretch in the library or defined inline in a routine.
type Pose struct {
	Name       string   // key in the library
	Title      string   // what the voice calls it
	Start      string   // start position, one of Positions
	Kind       Kind     // how it uses its time
	Sides      bool     // done on the left, then on the right
	Setup      []Line   // how to get into it, once in its start position ({side}, {other})
	Feel       []string // what to feel: said at the start of the hold at full detail
	Avoid      []string // what to avoid: likewise
	Switch     []string // spoken before the second side
	Inhale     []string // breath-led cues: breath i says Inhale[min(i, len-1)]
	Exhale     []string // likewise for the breath out
	Remind     []string // said halfway through a hold, each inside one breath
	LastBreath bool     // say "Last breath." as the last breath begins
	Countdown  int      // count down the last seconds of a hold, 0 for none
	Release    []string // spoken when the pose (or one side of it) ends
	Dose       Dose     // how much, by default, and the range allowed
	Line       int      // where the pose is defined, for messages
	File       string

	at map[string][][2]int // line and column of each phrase, by key ("inhale", "remind"...)
}

// pos returns the line and column of phrase i of the pose's key, or the
// pose's own line.
func (p *Pose) pos(key string, i int) (line, col int) {
	if ps := p.at[key]; i < len(ps) {
		return ps[i][0], ps[i][1]
	}
	return p.Line, 1
}

// Dose is how much of a pose to do: breath cycles for a breath-led pose (or
// a hold counted in breaths), a duration for a hold or rest. Min and Max
// bound what a routine and the length fitting may choose.
type Dose struct {
	Breaths, MinBreaths, MaxBreaths int
	Hold, MinHold, MaxHold          time.Duration
}

// Amount is a dose override: breaths or a hold, whichever the pose counts.
type Amount struct {
	Breaths int           // > 0 to override the breaths
	Hold    time.Duration // > 0 to override the hold
}

// Step is one entry of a routine: a pose, with optional overrides.
type Step struct {
	Pose        string   // pose name
	Say         []string // spoken before the pose's own setup words
	Amount               // overrides the pose's dose
	Left, Right Amount   // overrides one side's dose (a tighter side held longer)
	Line        int
}

// Routine is a whole session: what is said at the start and end, and the
// steps in order.
type Routine struct {
	Name        string // file name without .yaml
	File        string
	Title       string
	Description string
	Focus       []string
	Intro       []string // spoken at the start, before the safety note
	Outro       []string // spoken after the closing bell
	Steps       []Step
	Poses       map[string]*Pose // defined inline in the routine
	Inhale      float64          // factor on the configured inhale (1 when not given)
	Exhale      float64          // factor on the configured exhale: longer for a calming routine
	SoftBells   bool             // bells: soft, for bedtime

	lib *Library // the library the steps were checked against
}

// Pose finds a pose the routine uses: its own first, then the library's.
func (r *Routine) Pose(name string) *Pose {
	if p := r.Poses[name]; p != nil {
		return p
	}
	if r.lib != nil {
		return r.lib.Poses[name]
	}
	return nil
}

// Positions returns the start positions the routine uses, in order of
// first use.
func (r *Routine) Positions() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range r.Steps {
		if p := r.Pose(s.Pose); p != nil && !seen[p.Start] {
			seen[p.Start] = true
			out = append(out, p.Start)
		}
	}
	return out
}

// Phrases returns the words the library lends every routine, whichever
// poses it uses: the safety note, the words into every position and up
// from every position, and the fixed words of the compiler (the side
// names, "Last breath.", the countdown), sorted, each once. A voice pack
// for user routines needs them all.
func (l *Library) Phrases() []string {
	out := append([]string{lastBreathWords, sideWords("left"), sideWords("right")}, numberWords...)
	out = append(out, l.Safety...)
	for _, p := range l.Positions {
		out = append(out, p.Say...)
		for _, w := range p.From {
			out = append(out, w...)
		}
	}
	for _, w := range l.GetUp {
		out = append(out, w...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Dose describes how much of its pose step st does, as written: "10
// breaths", "hold 30s each side", "hold left 30s, right 45s".
func (r *Routine) Dose(st Step) string {
	p := r.Pose(st.Pose)
	if p == nil {
		return ""
	}
	amount := func(a Amount) string {
		switch {
		case p.Kind == BreathLed || p.Dose.Breaths > 0:
			n := p.Dose.Breaths
			if a.Breaths > 0 {
				n = a.Breaths
			}
			return fmt.Sprintf("%d breaths", n)
		default:
			h := p.Dose.Hold
			if a.Hold > 0 {
				h = a.Hold
			}
			return Human(h)
		}
	}
	kind := map[Kind]string{BreathLed: "", Held: "hold ", Rest: "rest "}[p.Kind]
	if !p.Sides {
		return kind + amount(st.Amount)
	}
	left, right := st.Amount, st.Amount
	if st.Left != (Amount{}) {
		left = st.Left
	}
	if st.Right != (Amount{}) {
		right = st.Right
	}
	if l, r := amount(left), amount(right); l != r {
		return fmt.Sprintf("%sleft %s, right %s", kind, l, r)
	}
	return kind + amount(left) + " each side"
}
