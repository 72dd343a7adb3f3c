// Package wer measures how well a speech recogniser understood a text: the
// word error rate (substitutions, deletions and insertions over the words
// said) of pocketsphinx's transcripts. tools/voicecompare ranks voices with
// it and tools/mixcheck the mix of the voice with the tones: a cue the
// recogniser mishears is one a listener with eyes closed strains to follow.
package wer

import (
	"regexp"
	"strings"
)

// Counts are the errors of a transcript against what was said.
type Counts struct {
	Words         int // in what was said
	Sub, Del, Ins int
}

// Errors returns the number of word errors.
func (c Counts) Errors() int { return c.Sub + c.Del + c.Ins }

// Rate returns the word error rate, 0 to 1 (or more, with insertions); 1
// when nothing was said.
func (c Counts) Rate() float64 {
	if c.Words == 0 {
		return 1
	}
	return float64(c.Errors()) / float64(c.Words)
}

// Add returns the sum of c and d.
func (c Counts) Add(d Counts) Counts {
	return Counts{c.Words + d.Words, c.Sub + d.Sub, c.Del + d.Del, c.Ins + d.Ins}
}

// Compare returns the errors of heard, a transcript, against said; both are
// normalised first.
func Compare(said, heard string) Counts {
	ref, hyp := strings.Fields(Normalize(said)), strings.Fields(Normalize(heard))
	s, d, i := Align(ref, hyp)
	return Counts{len(ref), s, d, i}
}

var (
	alternative = regexp.MustCompile(`\(\d+\)`)            // "the(2)": an alternative pronunciation
	nonWord     = regexp.MustCompile(`[^a-z0-9' ]+`)       // punctuation, hyphens
	fillers     = regexp.MustCompile(`<[^>]*>|\[[^\]]*\]`) // <sil>, [noise]
)

// Normalize lower-cases text and keeps its words: "Cat-Cow." is "cat cow".
func Normalize(text string) string {
	s := strings.ToLower(text)
	s = alternative.ReplaceAllString(s, "")
	s = fillers.ReplaceAllString(s, " ")
	s = nonWord.ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(s), " ")
}

// Align returns the substitutions, deletions and insertions of the
// cheapest alignment of hyp to ref (Levenshtein over words).
func Align(ref, hyp []string) (sub, del, ins int) {
	type cell struct{ cost, sub, del, ins int }
	prev := make([]cell, len(hyp)+1)
	for j := range prev {
		prev[j] = cell{cost: j, ins: j}
	}
	for i := 1; i <= len(ref); i++ {
		cur := make([]cell, len(hyp)+1)
		cur[0] = cell{cost: i, del: i}
		for j := 1; j <= len(hyp); j++ {
			d := prev[j-1]
			if ref[i-1] != hyp[j-1] {
				d.cost++
				d.sub++
			}
			if c := prev[j]; c.cost+1 < d.cost {
				d = c
				d.cost++
				d.del++
			}
			if c := cur[j-1]; c.cost+1 < d.cost {
				d = c
				d.cost++
				d.ins++
			}
			cur[j] = d
		}
		prev = cur
	}
	c := prev[len(hyp)]
	return c.sub, c.del, c.ins
}
