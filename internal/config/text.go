package config

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxExcerpt is how many characters of a value a message quotes.
const maxExcerpt = 60

// excerpt returns s, or its first maxExcerpt characters and "…" if it is
// longer, so that a message never quotes a huge value whole.
func excerpt(s string) string {
	n := 0
	for i := range s {
		if n == maxExcerpt {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// showValue is show for a value, or a name a user wrote, which may be
// long: it shows an excerpt.
func showValue(s string) string { return show(excerpt(s)) }

// quote returns an excerpt of the value s, quoted, its control characters
// escaped.
func quote(s string) string { return strconv.Quote(excerpt(s)) }

// show returns s as it is if it is printable on one line, else quoted with
// its control characters escaped. It is for the names of files, which are
// shown whole.
func show(s string) string {
	if s != "" && utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return s
	}
	return strconv.Quote(s)
}

// list returns "a, b and c".
func list(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// oneLine joins the lines of msg, so that each problem is one line.
func oneLine(msg string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(msg, "\n", "; ")), " ")
}

// human formats d as people write it, for messages and config show: 30m,
// 1m30s, 5h, 500ms, 0s; not Go's 30m0s. time.ParseDuration reads it back.
func human(d time.Duration) string {
	if d < 0 && d != math.MinInt64 {
		return "-" + human(-d)
	}
	if d < time.Second {
		return d.String()
	}
	var b strings.Builder
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dh", h)
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dm", m)
		d -= m * time.Minute
	}
	if d > 0 {
		b.WriteString(d.String()) // under a minute: 30s, 1.5s, 500ms
	}
	return b.String()
}

// goDuration matches a duration as time.Duration.String writes one of a
// minute or more: 1m0s, 2h30m0s, 1m30.5s.
var goDuration = regexp.MustCompile(`\b(\d+h)?\d+m\d+(\.\d+)?s\b`)

// humanDurations rewrites each duration of a minute or more in msg, a
// message made elsewhere (script's), as human writes it.
func humanDurations(msg string) string {
	return goDuration.ReplaceAllStringFunc(msg, func(s string) string {
		d, err := time.ParseDuration(s)
		if err != nil {
			return s
		}
		return human(d)
	})
}
