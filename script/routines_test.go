package script_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
)

// packVoice is the built-in voice pack's lengths, read from its manifest
// (without decoding, so these tests need no audio packages).
type packVoice map[string]int

func (v packVoice) Length(text string) (int, bool) { n, ok := v[text]; return n, ok }

func builtinVoice(t *testing.T) packVoice {
	t.Helper()
	data, err := fs.ReadFile(sessions.FS, "voice/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Clips []struct {
			Text    string
			Samples int
		}
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	v := packVoice{}
	for _, c := range m.Clips {
		v[c.Text] = c.Samples
	}
	return v
}

// defaults are the options of config.yaml's defaults.
var defaults = script.Options{Pace: normal, Detail: script.Full, Safety: true}

func TestBuiltinRoutineLengths(t *testing.T) {
	c, voice := catalog(t), builtinVoice(t)
	ranges := map[string][2]time.Duration{
		"morning":     {5 * time.Minute, 7 * time.Minute},
		"back-relief": {12 * time.Minute, 15 * time.Minute},
		"sciatica":    {8 * time.Minute, 10 * time.Minute},
		"bedtime":     {8 * time.Minute, 10 * time.Minute},
		"desk-break":  {2 * time.Minute, 4 * time.Minute},
	}
	for _, name := range c.Names() {
		want, ok := ranges[name]
		if !ok {
			t.Errorf("routine %s has no stated length range in this test", name)
			continue
		}
		tl, err := script.Compile(c.Routines[name], defaults, voice)
		if err != nil {
			t.Fatal(err)
		}
		if d := tl.Duration(); d < want[0] || d > want[1] {
			t.Errorf("%s lasts %v at the default pace; want %v to %v", name, d.Round(time.Second), want[0], want[1])
		}
	}
}

// TestPoseDosesFollowTheBrief pins each pose's dose range to the content
// brief (shared/BRIEF.md): what a routine or the length fitting may choose.
func TestPoseDosesFollowTheBrief(t *testing.T) {
	lib := catalog(t).Library.Poses
	s := time.Second
	tests := []struct {
		pose                   string
		minBreaths, maxBreaths int
		minHold, maxHold       time.Duration
	}{
		{"cat-cow", 5, 10, 0, 0},                  // 5-10 breaths, flowing
		{"knee-to-chest", 0, 0, 20 * s, 30 * s},   // 20-30 s each side
		{"knees-to-chest", 0, 0, 20 * s, 30 * s},  // 20-30 s
		{"supine-twist", 0, 0, 20 * s, 30 * s},    // 20-30 s each side
		{"childs-pose", 0, 0, 30 * s, 3 * 60 * s}, // 30 s to a few minutes
		{"figure-four", 0, 0, 30 * s, 45 * s},     // 30 s each side
	}
	for _, tt := range tests {
		p := lib[tt.pose]
		if p == nil {
			t.Errorf("the library has no %s", tt.pose)
			continue
		}
		d := p.Dose
		if d.MinBreaths != tt.minBreaths || d.MaxBreaths != tt.maxBreaths || d.MinHold != tt.minHold || d.MaxHold != tt.maxHold {
			t.Errorf("%s: breaths %d-%d, hold %v-%v; the brief says breaths %d-%d, hold %v-%v",
				tt.pose, d.MinBreaths, d.MaxBreaths, d.MinHold, d.MaxHold, tt.minBreaths, tt.maxBreaths, tt.minHold, tt.maxHold)
		}
	}
	for _, two := range []string{"knee-to-chest", "supine-twist", "figure-four"} {
		if !lib[two].Sides {
			t.Errorf("%s is done on each side, but has no sides", two)
		}
	}
}

// spoken returns the words of tl in order.
func spoken(tl *script.Timeline) []string {
	var out []string
	for _, e := range tl.Events {
		if e.Sound == script.Speech {
			out = append(out, e.Text)
		}
	}
	return out
}

func count(words []string, w string) int {
	n := 0
	for _, x := range words {
		if x == w {
			n++
		}
	}
	return n
}

func TestEveryRoutineAtEveryDetailSpeaksNoWordsOverOthers(t *testing.T) {
	c, voice := catalog(t), builtinVoice(t)
	for _, name := range c.Names() {
		for _, detail := range script.Details {
			for _, safety := range []bool{true, false} {
				o := defaults
				o.Detail, o.Safety = detail, safety
				tl, err := script.Compile(c.Routines[name], o, voice)
				if err != nil {
					t.Fatalf("%s at %s: %v", name, detail, err)
				}
				end := 0
				for _, e := range tl.Events {
					if e.Sound != script.Speech {
						continue
					}
					if e.Start < end {
						t.Errorf("%s at %s: %q at %s starts before the words before it end", name, detail, e.Text, script.Clock(e.Start))
					}
					end = e.End()
				}
			}
		}
	}
}

func TestDetailLevels(t *testing.T) {
	c, voice := catalog(t), builtinVoice(t)
	r := c.Routines["back-relief"] // knee to chest, then both knees: the same start position
	at := func(d script.Detail) []string {
		o := defaults
		o.Detail = d
		tl, err := script.Compile(r, o, voice)
		if err != nil {
			t.Fatal(err)
		}
		return spoken(tl)
	}
	full, brief, minimal := at(script.Full), at(script.Brief), at(script.Minimal)
	setup := "Open your arms out wide, and keep both shoulders on the floor."
	if count(full, setup) != 1 || count(brief, setup) != 1 || count(minimal, setup) != 0 {
		t.Errorf("the twist's setup is said %d, %d, %d times at full, brief, minimal; want 1, 1, 0",
			count(full, setup), count(brief, setup), count(minimal, setup))
	}
	for _, w := range []string{"Lying twist.", "Now let your knees sink slowly to the right, and turn your head the other way."} {
		if count(minimal, w) != 1 {
			t.Errorf("minimal detail says %q %d times; want the names and switches once", w, count(minimal, w))
		}
	}
	for _, w := range []string{"Belly down.", "Slowly lower your left foot back to the floor.", "Let the floor take the weight of your legs."} {
		if count(full, w) == 0 || count(minimal, w) != 0 {
			t.Errorf("%q: said %d times at full and %d at minimal; want some, then none", w, count(full, w), count(minimal, w))
		}
	}
	if !(len(minimal) < len(brief) && len(brief) <= len(full)) {
		t.Errorf("phrases said: full %d, brief %d, minimal %d; want each level to say less", len(full), len(brief), len(minimal))
	}
}

func TestBriefSaysSetupOnlyTheFirstTime(t *testing.T) {
	c, voice := catalog(t), builtinVoice(t)
	r, err := script.ParseRoutine("twice", "twice.yaml", []byte(`
title: Twice
steps:
  - pose: cat-cow
  - pose: childs-pose
  - pose: cat-cow
    breaths: 5
`), c.Library)
	if err != nil {
		t.Fatal(err)
	}
	setup := "Let each breath start the movement, and keep it small and easy."
	for _, tt := range []struct {
		detail script.Detail
		want   int
	}{{script.Full, 2}, {script.Brief, 1}, {script.Minimal, 0}} {
		o := defaults
		o.Detail = tt.detail
		tl, err := script.Compile(r, o, voice)
		if err != nil {
			t.Fatal(err)
		}
		if got := count(spoken(tl), setup); got != tt.want {
			t.Errorf("%s: Cat-Cow's setup said %d times, want %d", tt.detail, got, tt.want)
		}
	}
}

func TestSafetyNoteAndGettingUp(t *testing.T) {
	c, voice := catalog(t), builtinVoice(t)
	lib := c.Library
	for _, tt := range []struct {
		routine    string
		safety     bool
		wantSafety bool
		wantGetUp  string // the position the session ends in, "" for no words
	}{
		{"bedtime", true, true, "back"},      // ends lying down
		{"morning", true, true, "all-fours"}, // ends kneeling, after child's pose
		{"desk-break", true, true, ""},       // ends sitting at the desk
		{"bedtime", false, false, ""},
	} {
		o := defaults
		o.Safety = tt.safety
		tl, err := script.Compile(c.Routines[tt.routine], o, voice)
		if err != nil {
			t.Fatal(err)
		}
		words := spoken(tl)
		if got := count(words, lib.Safety[1]) == 1; got != tt.wantSafety {
			t.Errorf("%s, safety %v: safety note said: %v, want %v", tt.routine, tt.safety, got, tt.wantSafety)
		}
		want := ""
		if tt.wantGetUp != "" {
			want = lib.GetUp[tt.wantGetUp][0]
		}
		for pos, getUp := range lib.GetUp {
			if got, want := count(words, getUp[0]) == 1, getUp[0] == want; got != want {
				t.Errorf("%s, safety %v: how to get up from %s said: %v, want %v", tt.routine, tt.safety, pos, got, want)
			}
		}
		if tt.wantSafety && words[1] != lib.Safety[0] {
			t.Errorf("%s: the safety note comes at %q, want right after the greeting", tt.routine, words[1])
		}
	}
}

func TestLengthFitting(t *testing.T) {
	c, voice := catalog(t), builtinVoice(t)
	for _, tt := range []struct {
		routine string
		length  time.Duration
	}{
		{"back-relief", 12 * time.Minute},
		{"back-relief", 13 * time.Minute},
		{"morning", 6*time.Minute + 17*time.Second},
		{"sciatica", 9 * time.Minute},
		{"bedtime", 10 * time.Minute},
	} {
		o := defaults
		o.Length = tt.length
		tl, err := script.Compile(c.Routines[tt.routine], o, voice)
		if err != nil {
			t.Errorf("%s in %v: %v", tt.routine, tt.length, err)
			continue
		}
		if d := tl.Duration() - tt.length; d.Abs() > time.Second {
			t.Errorf("%s fitted to %v lasts %v", tt.routine, tt.length, tl.Duration())
		}
	}

	o := defaults
	o.Length = time.Hour
	_, err := script.Compile(c.Routines["morning"], o, voice)
	var le *script.LengthError
	if !errors.As(err, &le) {
		t.Fatalf("morning in an hour: err = %v, want a LengthError", err)
	}
	if le.Shortest >= le.Longest || le.Longest > 10*time.Minute || !strings.Contains(err.Error(), "it lasts from") {
		t.Errorf("morning in an hour: %v", err)
	}
	// The fitting respects every pose's range.
	o.Length = le.Longest
	tl, err := script.Compile(c.Routines["morning"], o, voice)
	if err != nil {
		t.Fatal(err)
	}
	inhales := 0
	for _, e := range tl.Events {
		if e.Sound == script.Inhale && tl.Chapters[e.Chapter].Pose == "cat-cow" {
			inhales++
		}
	}
	if inhales != 10 {
		t.Errorf("morning at its longest: %d Cat-Cow breaths, want the pose's max of 10", inhales)
	}
}

func TestPerSideOverrideAndSoftBells(t *testing.T) {
	c, voice := catalog(t), builtinVoice(t)
	r, err := script.ParseRoutine("tight", "tight.yaml", []byte(`
title: Tight right hip
bells: soft
breath:
  exhale: 1.5
steps:
  - pose: figure-four
    hold: 30s
    right:
      hold: 45s
`), c.Library)
	if err != nil {
		t.Fatal(err)
	}
	o := defaults
	o.Detail = script.Minimal // no words inside the holds
	tl, err := script.Compile(r, o, voice)
	if err != nil {
		t.Fatal(err)
	}
	holds := map[string]int{}
	for _, e := range tl.Events {
		switch e.Sound {
		case script.Bell, script.Close:
			t.Errorf("a bright %s in a routine with soft bells", e.Sound)
		case script.Exhale:
			if e.Length != script.Samples(7500*time.Millisecond) {
				t.Errorf("an exhale of %v, want 5s x 1.5", script.Duration(e.Length))
			}
			holds[tl.Chapters[e.Chapter].Side]++
		}
	}
	// 4s + 7.5s breaths: 2 fit in 30s, 3 in 45s.
	if holds["left"] != 2 || holds["right"] != 3 {
		t.Errorf("breaths: left %d, right %d; want 2 and 3 (30s and 45s holds)", holds["left"], holds["right"])
	}
}
