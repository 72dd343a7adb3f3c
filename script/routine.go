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

// Kinds lists the valid kinds, for messages.
var Kinds = []Kind{BreathLed, Held, Rest}

// Positions lists the start positions a pose may name. Moving between two
// different positions takes Pace.Move; staying in one takes Pace.Settle.
var Positions = []string{"all-fours", "back", "seated", "standing", "kneeling", "side"}

// Pose is a stretch in the library or defined inline in a routine.
type Pose struct {
	Name    string   // key in the library
	Title   string   // what the voice calls it
	Start   string   // start position, one of Positions
	Kind    Kind     // how it uses its time
	Sides   bool     // done on the left, then on the right
	Setup   []string // spoken before the pose: how to get into it ({side}, {other})
	Switch  []string // spoken before the second side
	Inhale  []string // breath-led cues: cycle i says Inhale[min(i, len-1)]
	Exhale  []string // likewise for the breath out
	Release []string // spoken when the pose (or one side of it) ends
	Dose    Dose     // how long, by default, and the range allowed
	Line    int      // where the pose is defined, for messages
	File    string
}

// Dose is how much of a pose to do: breath cycles for a breath-led pose, a
// duration for a hold or rest. Min and Max bound what pacing may choose.
type Dose struct {
	Breaths, MinBreaths, MaxBreaths int
	Hold, MinHold, MaxHold          time.Duration
}

// Step is one entry of a routine: a pose, with optional overrides.
type Step struct {
	Pose    string        // pose name
	Say     []string      // spoken before the pose's own setup words
	Breaths int           // overrides the pose's breaths when > 0
	Hold    time.Duration // overrides the pose's hold when > 0
	Line    int
}

// Routine is a whole session: what is said at the start and end, and the
// steps in order.
type Routine struct {
	Name        string // file name without .yaml
	File        string
	Title       string
	Description string
	Focus       []string
	Intro       []string // spoken at the start, e.g. the safety note
	Outro       []string // spoken after the closing bell
	Steps       []Step
	Poses       map[string]*Pose // defined inline in the routine

	lib map[string]*Pose // the library the steps were checked against
}
