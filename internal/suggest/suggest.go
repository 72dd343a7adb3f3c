// Package suggest finds the closest valid word to a mistyped one, for
// "did you mean" hints in error messages.
package suggest

// Closest returns the candidate nearest to word by edit distance, or "" when
// none is close enough to be a plausible typo.
func Closest(word string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		// A typo is an edit or two, a few more in a long word; a shared
		// start (pace., GUIDE_PACE_) is no evidence either way.
		p := 0
		for p < len(word) && p < len(c) && word[p] == c[p] {
			p++
		}
		d := distance(word[p:], c[p:])
		if d <= max(2, 1+len(c[p:])/5) && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// Hint returns " (did you mean X?)" for the closest candidate, or "".
func Hint(word string, candidates []string) string {
	if c := Closest(word, candidates); c != "" {
		return " (did you mean " + c + "?)"
	}
	return ""
}

// distance is the Levenshtein distance between a and b, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
