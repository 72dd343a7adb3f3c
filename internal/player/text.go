package player

import (
	"strings"
	"unicode/utf8"
)

// Fold joins items after head with sep, starting a new line (indented by
// two spaces) where the next item would go past width columns.
func Fold(head string, items []string, sep string, width int) string {
	var b strings.Builder
	line := head
	for i, it := range items {
		switch {
		case i == 0:
			if utf8.RuneCountInString(line+it) > width && strings.TrimSpace(line) != "" {
				b.WriteString(strings.TrimRight(line, " ") + "\n")
				line = "  "
			}
			line += it
		case utf8.RuneCountInString(line+sep+it) > width:
			b.WriteString(line + "\n")
			line = "  " + it
		default:
			line += sep + it
		}
	}
	return b.String() + line
}

// Wrap breaks text into lines of at most width columns.
func Wrap(text string, width int) string {
	var b strings.Builder
	col := 0
	for _, word := range strings.Fields(text) {
		if col > 0 && col+1+len(word) > width {
			b.WriteByte('\n')
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}
