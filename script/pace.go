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

// FieldError is a pace field that cannot pace a session.
type FieldError struct {
	Field string // inhale, exhale, hold, settle or move
	Msg   string // what is wrong and what would be valid
}

func (e *FieldError) Error() string { return "pace." + e.Field + " " + e.Msg }

// Validate reports every field that cannot pace a session, each as a
// *FieldError, joined.
func (p Pace) Validate() error {
	var errs []error
	between := func(field string, d, lo, hi time.Duration) {
		if d < lo || d > hi {
			errs = append(errs, &FieldError{field, fmt.Sprintf("is %s; want %s to %s", Human(d), Human(lo), Human(hi))})
		}
	}
	between("inhale", p.Inhale, 500*time.Millisecond, time.Minute)
	between("exhale", p.Exhale, 500*time.Millisecond, time.Minute)
	if !(p.Hold > 0 && p.Hold <= 10) {
		errs = append(errs, &FieldError{"hold", fmt.Sprintf("is %v; want a factor above 0 and at most 10 (1 keeps the routine's holds)", p.Hold)})
	}
	between("settle", p.Settle, 0, 5*time.Minute)
	between("move", p.Move, 0, 5*time.Minute)
	return errors.Join(errs...)
}

// Voice tells the compiler how long each phrase takes to say.
type Voice interface {
	// Length returns the length in samples at Rate of the clip that says
	// text, and false when the voice has no clip for it.
	Length(text string) (samples int, ok bool)
}
