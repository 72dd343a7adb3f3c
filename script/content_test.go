package script_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchguide/guide/script"
)

// TestSafetyNote: short sentences, each with its action, carrying every
// red flag of the brief.
func TestSafetyNote(t *testing.T) {
	note := strings.Join(catalog(t).Library.Safety, " ")
	for _, want := range []string{"severe or persistent pain", "numb", "tingl", "weak", "stop", "doctor or physiotherapist", "professional", "never hurt"} {
		if !strings.Contains(strings.ToLower(note), want) {
			t.Errorf("the safety note does not say %q:\n%s", want, note)
		}
	}
	for _, s := range regexp.MustCompile(`[^.]+\.`).FindAllString(note, -1) {
		if n := len(strings.Fields(s)); n > 15 {
			t.Errorf("a sentence of %d words in the safety note: %q; keep each to 15", n, strings.TrimSpace(s))
		}
	}
}

// TestSciaticaSaysWhenToStop: pain down the leg needs a diagnosis, and pain
// that spreads or grows means stop, not ease off.
func TestSciaticaSaysWhenToStop(t *testing.T) {
	words := strings.ToLower(strings.Join(script.Phrases(catalog(t).Routines["sciatica"]), " "))
	for _, want := range []string{"diagnosis", "spreads", "grows", "stop"} {
		if !strings.Contains(words, want) {
			t.Errorf("sciatica never says %q", want)
		}
	}
	if strings.Contains(words, "ease off") {
		t.Error(`sciatica says "ease off"`)
	}
}

// TestWordsForEars: what to do with which part of the body, not how it
// looks or its jargon.
func TestWordsForEars(t *testing.T) {
	c := catalog(t)
	jargon := regexp.MustCompile(`(?i)\b(gaze|flex\w*|navel|neutral|engage|core|sacrum|lumbar|thoracic|hyperextend\w*)\b`)
	for _, name := range c.Names() {
		for _, p := range script.Phrases(c.Routines[name]) {
			if m := jargon.FindString(p); m != "" {
				t.Errorf("%s says %q: %q means little with your eyes closed", name, p, m)
			}
		}
	}
}

// TestEveryRoutineOnTheFloorEndsWithGettingUp, kneeling included.
func TestEveryRoutineOnTheFloorEndsWithGettingUp(t *testing.T) {
	c, voice := catalog(t), builtinVoice(t)
	for _, name := range c.Names() {
		tl, err := script.Compile(c.Routines[name], defaults, voice)
		if err != nil {
			t.Fatal(err)
		}
		end := tl.Chapters[len(tl.Chapters)-1].Position
		onFloor := slices.Contains([]string{"back", "side", "all-fours", "kneeling"}, end)
		getUp := c.Library.GetUp[end]
		if onFloor && (len(getUp) == 0 || count(spoken(tl), getUp[0]) != 1) {
			t.Errorf("%s ends %s, on the floor, without the words to get up", name, end)
		}
	}
}
