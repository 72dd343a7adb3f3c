package config

import (
	"fmt"
	"strings"
	"time"
)

// Remind is the remind section: guide remind.
type Remind struct {
	Routine string        `mapstructure:"routine"` // the routine a reminder plays when none is named
	Every   time.Duration `mapstructure:"every"`   // time between reminders
	Quiet   Quiet         `mapstructure:"quiet"`   // when no reminder plays
}

// MinRemindEvery is the shortest time between reminders.
const MinRemindEvery = time.Second

// Validate reports every invalid remind key, each a *FieldError.
// remind.quiet is checked as it is read (ParseQuiet).
func (r Remind) Validate() error {
	var ps []*FieldError
	if strings.TrimSpace(r.Routine) == "" {
		ps = append(ps, fieldErrorf("remind.routine", "remind.routine is empty; want the name of a routine"))
	}
	if r.Every < MinRemindEvery {
		ps = append(ps, fieldErrorf("remind.every", "remind.every is %s; want %s or more, such as 30m", human(r.Every), human(MinRemindEvery)))
	}
	return join(ps)
}

// Quiet is a daily span of local time when no reminder plays, in minutes
// from midnight; it may run past midnight. The zero Quiet is none.
type Quiet struct {
	on          bool
	from, until int
}

// ParseQuiet reads quiet hours written HH:MM-HH:MM, or none.
func ParseQuiet(s string) (Quiet, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "none") || strings.EqualFold(s, "off") {
		return Quiet{}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	from, ferr := parseHHMM(a)
	until, uerr := parseHHMM(b)
	if !ok || ferr != nil || uerr != nil {
		return Quiet{}, fmt.Errorf("%s is not a span of time; write HH:MM-HH:MM, such as 21:00-08:00, or none", showValue(s))
	}
	if from == until {
		return Quiet{}, fmt.Errorf("%s starts and ends at the same time; write two different times, or none", showValue(s))
	}
	return Quiet{on: true, from: from, until: until}, nil
}

// UnmarshalText sets q from quiet hours written as ParseQuiet reads them.
func (q *Quiet) UnmarshalText(text []byte) error {
	p, err := ParseQuiet(string(text))
	if err != nil {
		return err
	}
	*q = p
	return nil
}

// parseHHMM reads a time of day, 00:00 to 23:59, as minutes from midnight.
func parseHHMM(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

// None reports whether q is no quiet hours at all.
func (q Quiet) None() bool { return !q.on }

// String returns q as ParseQuiet reads it: HH:MM-HH:MM, or none.
func (q Quiet) String() string {
	if !q.on {
		return "none"
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d", q.from/60, q.from%60, q.until/60, q.until%60)
}

// Contains reports whether t, in its own location, is in the quiet hours.
func (q Quiet) Contains(t time.Time) bool {
	if !q.on {
		return false
	}
	m := t.Hour()*60 + t.Minute()
	if q.from < q.until {
		return m >= q.from && m < q.until
	}
	return m >= q.from || m < q.until
}

// End returns when the quiet hours containing t end.
func (q Quiet) End(t time.Time) time.Time {
	y, mo, d := t.Date()
	e := time.Date(y, mo, d, q.until/60, q.until%60, 0, 0, t.Location())
	if !e.After(t) {
		e = e.AddDate(0, 0, 1)
	}
	return e
}
