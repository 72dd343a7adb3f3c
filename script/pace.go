package script

import (
	"errors"
	"fmt"
	"time"
)

// Pace is how fast a session goes: the breath, the holds and the time
// allowed to move between poses.
type Pace struct {
	Inhale time.Duration // one breath in
	Exhale time.Duration // one breath out
	Hold   float64       // factor applied to every hold
	Settle time.Duration // time to get into a pose from the same start position
	Move   time.Duration // time to get into a pose from another start position
}

// Breath returns the length of one full breath.
func (p Pace) Breath() time.Duration { return p.Inhale + p.Exhale }

// Validate reports every field that cannot pace a session.
func (p Pace) Validate() error {
	var errs []error
	positive := func(name string, d time.Duration, min time.Duration) {
		if d < min {
			errs = append(errs, fmt.Errorf("pace.%s is %v; want at least %v", name, d, min))
		}
	}
	positive("inhale", p.Inhale, 500*time.Millisecond)
	positive("exhale", p.Exhale, 500*time.Millisecond)
	if p.Inhale > time.Minute || p.Exhale > time.Minute {
		errs = append(errs, fmt.Errorf("pace: a breath longer than a minute (inhale %v, exhale %v) is not a breath", p.Inhale, p.Exhale))
	}
	if !(p.Hold > 0 && p.Hold <= 10) {
		errs = append(errs, fmt.Errorf("pace.hold is %v; want a factor above 0 and at most 10 (1 keeps the routine's holds)", p.Hold))
	}
	positive("settle", p.Settle, 0)
	positive("move", p.Move, 0)
	return errors.Join(errs...)
}

// Voice tells the compiler how long each phrase takes to say.
type Voice interface {
	// Length returns the length in samples at Rate of the clip that says
	// text, and false when the voice has no clip for it.
	Length(text string) (samples int, ok bool)
}
