// Package phrases holds the fixed phrases guide speaks outside a routine's
// own words: the pause confirmation, the spoken status and the names of the
// chapters that have no title clip. Each needs a clip in the built-in voice
// pack (make voice should add All to the phrases it generates); until one is
// there, guide leaves it out, or plays a chime if nothing at all could be
// said.
package phrases

import (
	"math"
	"strings"
	"time"
)

// The fixed phrases.
const (
	Paused      = "Paused."
	Next        = "Next:"
	LastStretch = "Last stretch."
	AFewSeconds = "A few seconds left."
	MoreThanTen = "More than ten minutes left."
)

// chapterTitles are the titles of the chapters that are not poses, as the
// script engine names them.
var chapterTitles = []string{"Welcome", "Closing"}

var numbers = []string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}

var tens = []string{"", "", "twenty", "thirty", "forty", "fifty"}

// number spells n, 0 < n < 60.
func number(n int) string {
	if n < 20 {
		return numbers[n]
	}
	if n%10 == 0 {
		return tens[n/10]
	}
	return tens[n/10] + "-" + numbers[n%10]
}

func capitalise(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// Title returns how a chapter's title is spoken: "Knee to chest.". Routines
// speak every pose's title this way, so the pack has a clip for each; the
// chapters that are not poses (Welcome, Closing) are in All.
func Title(title string) string { return title + "." }

// Side returns "Left side." or "Right side.", or "" for a pose without sides.
func Side(side string) string {
	if side == "" {
		return ""
	}
	return capitalise(side) + " side."
}

// TimeLeft says how long is left, rounded: to 5 seconds under a minute
// ("Fifteen seconds left."), to the minute up to ten ("About two minutes
// left.").
func TimeLeft(d time.Duration) string {
	s := d.Seconds()
	switch {
	case s < 2.5:
		return AFewSeconds
	case s < 57.5:
		n := max(5, int(math.Round(s/5))*5)
		return capitalise(number(n)) + " seconds left."
	case s < 10.5*60:
		m := int(math.Round(s / 60))
		if m == 1 {
			return "About one minute left."
		}
		return "About " + number(m) + " minutes left."
	default:
		return MoreThanTen
	}
}

// All is every fixed phrase guide may speak, for the voice pack generator.
var All = all()

func all() []string {
	out := []string{Paused, Next, LastStretch, Side("left"), Side("right")}
	for _, t := range chapterTitles {
		out = append(out, Title(t))
	}
	out = append(out, AFewSeconds)
	for n := 5; n < 60; n += 5 {
		out = append(out, TimeLeft(time.Duration(n)*time.Second))
	}
	for m := 1; m <= 10; m++ {
		out = append(out, TimeLeft(time.Duration(m)*time.Minute))
	}
	return append(out, MoreThanTen)
}
