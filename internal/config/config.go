// Package config owns guide's settings: the Config struct, whose fields and
// the embedded config.yaml (guide.DefaultConfig) together define every key,
// its type and its default; loading them, with where each value came from,
// from the defaults, the config file, GUIDE_ environment variables and
// --set flags; checking them, every problem at once, each tied to its key
// and source; the paths of the user's files; and turning each section into
// the options of the package it feeds (script, audio, tts).
//
// A new key is one field here, with its line in config.yaml and README.md.
package config

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/stretchguide/guide/script"
)

// Config is the effective configuration. Its fields, named by their
// mapstructure tags, are the keys of config.yaml, in the same order.
type Config struct {
	Routine  string        `mapstructure:"routine"` // the routine guide play plays when none is named
	Length   time.Duration `mapstructure:"length"`  // fit every session to this length; 0 plays routines as written
	Safety   Safety        `mapstructure:"safety"`
	Pace     Pace          `mapstructure:"pace"`
	Voice    Voice         `mapstructure:"voice"`
	Tones    Tones         `mapstructure:"tones"`
	Audio    Audio         `mapstructure:"audio"`
	Ambience string        `mapstructure:"ambience"` // off, brown, pink or a file, played under the session
	History  History       `mapstructure:"history"`
	Remind   Remind        `mapstructure:"remind"`
	Controls Controls      `mapstructure:"controls"`

	from *map[string]origin // where each key not at its default was set (a pointer, so Configs compare)
}

// Limits of the top-level keys.
const (
	minLength = time.Minute
	maxLength = 4 * time.Hour
)

// FieldError is one invalid value and the key it belongs to.
type FieldError struct {
	Key string // the dotted key, as in config.yaml: pace.inhale
	Msg string // what is wrong and what would be valid, naming the key
}

func (e *FieldError) Error() string { return "config: " + e.Msg }

// fieldErrorf returns a *FieldError for key.
func fieldErrorf(key, format string, args ...any) *FieldError {
	return &FieldError{Key: key, Msg: fmt.Sprintf(format, args...)}
}

// Validate reports every invalid value at once, each a *FieldError, in
// config.yaml's order. Safety and History have no invalid values.
func (c Config) Validate() error {
	var top []*FieldError
	if strings.TrimSpace(c.Routine) == "" {
		top = append(top, fieldErrorf("routine", "routine is empty; want the name of a routine"))
	}
	if c.Length != 0 && (c.Length < minLength || c.Length > maxLength) {
		top = append(top, fieldErrorf("length", "length is %s; want %s to %s, or 0s to play routines as written", human(c.Length), human(minLength), human(maxLength)))
	}
	return errors.Join(join(top), c.Pace.Validate(), c.Voice.Validate(), c.Tones.Validate(), c.Audio.Validate(),
		validateAmbience(c.Ambience), c.Remind.Validate())
}

// join returns the problems as one error, or nil if there are none.
func join(problems []*FieldError) error {
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = p
	}
	return errors.Join(errs...)
}

// fieldErrors returns every *FieldError in err, a tree of joined errors,
// in order.
func fieldErrors(err error) []*FieldError {
	if fe, ok := err.(*FieldError); ok {
		return []*FieldError{fe}
	}
	var out []*FieldError
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, fieldErrors(e)...)
		}
	}
	return out
}

// CompileOptions returns what the script engine needs to lay out a session:
// the pace, voice.detail, safety.intro and length.
func (c Config) CompileOptions() script.Options {
	return script.Options{Pace: c.Pace.Script(), Detail: script.Detail(c.Voice.Detail), Safety: c.Safety.Intro, Length: c.Length}
}
