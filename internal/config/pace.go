package config

import (
	"errors"
	"time"

	"github.com/stretchguide/guide/script"
)

// Pace is the pace section: how fast a session goes.
type Pace struct {
	Preset string        `mapstructure:"preset"` // slow, normal or fast: see presets
	Inhale time.Duration `mapstructure:"inhale"`
	Exhale time.Duration `mapstructure:"exhale"`
	Hold   float64       `mapstructure:"hold"` // factor on every hold
	Settle time.Duration `mapstructure:"settle"`
	Move   time.Duration `mapstructure:"move"`
}

// presets are the pace presets. Each sets the pace keys that are not set
// by name in a file, the environment or a flag; normal is the defaults.
var presets = map[string]map[string]any{
	"slow":   {"pace.inhale": 5 * time.Second, "pace.exhale": 7 * time.Second, "pace.hold": 1.25, "pace.settle": 6 * time.Second, "pace.move": 12 * time.Second},
	"normal": {},
	"fast":   {"pace.inhale": 3 * time.Second, "pace.exhale": 3500 * time.Millisecond, "pace.hold": 0.75, "pace.settle": 3 * time.Second, "pace.move": 6 * time.Second},
}

// Script returns the pace as the script engine takes it.
func (p Pace) Script() script.Pace {
	return script.Pace{Inhale: p.Inhale, Exhale: p.Exhale, Hold: p.Hold, Settle: p.Settle, Move: p.Move}
}

// Validate reports every invalid pace key, each a *FieldError. The limits
// are script.Pace's.
func (p Pace) Validate() error {
	var ps []*FieldError
	if _, ok := presets[p.Preset]; !ok {
		ps = append(ps, fieldErrorf("pace.preset", "pace.preset is %s; want slow, normal or fast", quote(p.Preset)))
	}
	if err := p.Script().Validate(); err != nil {
		errs := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
		for _, e := range errs {
			key := "pace"
			if fe := (*script.FieldError)(nil); errors.As(e, &fe) {
				key += "." + fe.Field
			}
			ps = append(ps, &FieldError{Key: key, Msg: e.Error()})
		}
	}
	return join(ps)
}
