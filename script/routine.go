package script

import "time"

// Kind is how a pose uses its time.
type Kind string

// The kinds of pose.
const (
	BreathLed Kind = "breath" // N breath cycles, each inhale and exhale with its own cue
	Held      Kind = "hold"   // a held position, breath tones continuing through it
	Rest      Kind = "rest"   // quiet breathing, no tones
)

// Positions lists the start positions a pose may name. Moving between two
// different positions takes Pace.Move; staying in one takes Pace.Settle.
var Positions = []string{"all-fours", "back", "seated", "standing", "kneeling", "side"}

// lying lists the positions from which a session ends with how to get up.
var lying = []string{"back", "side"}

// Library is the pose library: the poses routines name, and the words every
// session shares.
type Library struct {
	Poses  map[string]*Pose
	Safety []string // the safety note that opens a session (safety.intro)
	GetUp  []string // how to get up, when a session ends lying down
}

// Pose is a stretch in the library or defined inline in a routine.
type Pose struct {
	Name       string   // key in the library
	Title      string   // what the voice calls it
	Start      string   // start position, one of Positions
	Kind       Kind     // how it uses its time
	Sides      bool     // done on the left, then on the right
	Setup      []string // how to get into it ({side}, {other})
	Feel       []string // what to feel: said after the setup at full detail
	Avoid      []string // what to avoid: likewise
	Switch     []string // spoken before the second side
	Inhale     []string // breath-led cues: breath i says Inhale[min(i, len-1)]
	Exhale     []string // likewise for the breath out
	Remind     []string // said halfway through a hold
	LastBreath bool     // say "Last breath." as the last breath begins
	Countdown  int      // count down the last seconds of a hold, 0 for none
	Release    []string // spoken when the pose (or one side of it) ends
	Dose       Dose     // how much, by default, and the range allowed
	Line       int      // where the pose is defined, for messages
	File       string
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
