package config

import (
	"strings"
	"time"

	"github.com/stretchguide/guide/internal/files"
	"github.com/stretchguide/guide/script"
)

// excerpt returns s, or its first characters and "…" if it is long
// (files.Excerpt), so that a message never quotes a huge value whole.
func excerpt(s string) string { return files.Excerpt(s) }

// showValue is show for a value, or a name a user wrote, which may be
// long: it shows an excerpt.
func showValue(s string) string { return show(excerpt(s)) }

// quote returns an excerpt of the value s, quoted, its control characters
// escaped.
func quote(s string) string { return files.Quote(s) }

// show returns s as it is if it is printable on one line, else quoted with
// its control characters escaped (files.Show). It is for the names of
// files, which are shown whole.
func show(s string) string { return files.Show(s) }

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
