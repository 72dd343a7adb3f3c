package config

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stretchguide/guide/script"
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

// human formats d as people write it (script.Human).
func human(d time.Duration) string { return script.Human(d) }
