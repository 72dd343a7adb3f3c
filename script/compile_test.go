package script_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
)

// secondVoice says every phrase in exactly one second.
type secondVoice struct{}

func (secondVoice) Length(string) (int, bool) { return script.Rate, true }

var normal = script.Pace{Inhale: 4 * time.Second, Exhale: 5 * time.Second, Hold: 1, Settle: 4 * time.Second, Move: 8 * time.Second}

func catalog(t testing.TB) *script.Catalog {
	t.Helper()
	c, err := script.LoadCatalog(sessions.FS, "sessions")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func compile(t *testing.T, r *script.Routine, p script.Pace) *script.Timeline {
	t.Helper()
	tl, err := script.Compile(r, script.Options{Pace: p}, secondVoice{})
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

func TestPaceChangesLengthByExactlyTheExpectedAmount(t *testing.T) {
	r, err := catalog(t).Find("morning")
	if err != nil {
		t.Fatal(err)
	}
	base := compile(t, r, normal).Length
	// morning: Cat-Cow 8 breaths; holds of 30s (x2 sides, the pose's max:
	// they cannot grow) and 45s (30s to 3m).
	tests := []struct {
		name   string
		change func(*script.Pace)
		want   time.Duration
	}{
		{"inhale +1s", func(p *script.Pace) { p.Inhale += time.Second }, 8 * time.Second},
		{"exhale +1.5s", func(p *script.Pace) { p.Exhale += 1500 * time.Millisecond }, 12 * time.Second},
		{"hold x1.5", func(p *script.Pace) { p.Hold = 1.5 }, 45 * time.Second / 2},
		{"hold x0.7", func(p *script.Pace) { p.Hold = 0.7 }, -105 * time.Second * 3 / 10},
		{"settle +2s", func(p *script.Pace) { p.Settle += 2 * time.Second }, 4 * time.Second}, // child's pose: two movements within the position
		{"move +1s", func(p *script.Pace) { p.Move += time.Second }, 3 * time.Second},         // three changes of position
	}
	for _, tt := range tests {
		p := normal
		tt.change(&p)
		got := compile(t, r, p).Length - base
		if want := script.Samples(tt.want); got < want-1 || got > want+1 {
			t.Errorf("%s: length changed by %d samples (%v), want %d (%v)", tt.name, got, script.Duration(got), want, tt.want)
		}
	}
}

func TestLongSessionsDoNotDrift(t *testing.T) {
	// A breath of 1.00001 s is 44100.441 samples: summing rounded lengths
	// would drift by a sample every few breaths.
	r, err := script.ParseRoutine("drift", "drift.yaml", []byte(`
title: Drift
steps:
  - pose: flow
poses:
  flow:
    title: Flow
    start: seated
    kind: breath
    setup: Sit tall.
    inhale: [In., In.]
    exhale: [Out., Out.]
    breaths: 1000
    min: 1
    max: 1000
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := normal
	p.Inhale, p.Exhale = 1000010*time.Microsecond, 2*time.Second
	tl, err := script.Compile(r, script.Options{Pace: p}, tenthVoice{})
	if err != nil {
		t.Fatal(err)
	}
	var starts []int
	for _, e := range tl.Events {
		if e.Sound == script.Inhale {
			starts = append(starts, e.Start)
		}
	}
	if len(starts) != 1000 {
		t.Fatalf("%d inhales, want 1000", len(starts))
	}
	t0 := script.Duration(starts[0])
	for k, got := range starts {
		want := script.Samples(t0 + time.Duration(k)*p.Breath())
		if got < want-1 || got > want+1 {
			t.Fatalf("inhale %d starts at sample %d, want %d: the timeline drifts", k, got, want)
		}
	}
}

func TestCompileListsEveryMissingPhrase(t *testing.T) {
	r, _ := catalog(t).Find("morning")
	voice := partialVoice{"Cat-Cow.": true}
	_, err := script.Compile(r, script.Options{Pace: normal, Safety: true}, voice)
	var missing *script.MissingError
	if !errors.As(err, &missing) {
		t.Fatalf("err = %v, want a MissingError", err)
	}
	all := script.Phrases(r)
	for _, p := range missing.Phrases {
		if !slices.Contains(all, p) {
			t.Errorf("missing %q, which Phrases does not list", p)
		}
	}
	if len(missing.Phrases) < 30 {
		t.Errorf("%d missing phrases, want every phrase of the routine at full detail but one", len(missing.Phrases))
	}
	if slices.Contains(missing.Phrases, "Cat-Cow.") {
		t.Error("a phrase the voice has is listed as missing")
	}
}

// tenthVoice says every phrase in a tenth of a second: cues never outlast a breath.
type tenthVoice struct{}

func (tenthVoice) Length(string) (int, bool) { return script.Rate / 10, true }

type partialVoice map[string]bool

func (v partialVoice) Length(text string) (int, bool) { return script.Rate, v[text] }

func TestTimelineShape(t *testing.T) {
	r, _ := catalog(t).Find("morning")
	tl := compile(t, r, normal)
	var titles []string
	for _, c := range tl.Chapters {
		title := c.Title
		if c.Side != "" {
			title += " " + c.Side
		}
		titles = append(titles, title)
	}
	want := []string{"Welcome", "Cat-Cow", "Knee to chest left", "Knee to chest right", "Child's pose", "Closing"}
	if !slices.Equal(titles, want) {
		t.Errorf("chapters = %q, want %q", titles, want)
	}
	count := map[script.Sound]int{}
	last := 0
	for _, e := range tl.Events {
		count[e.Sound]++
		if e.Start < last {
			t.Fatalf("events out of order at %s", script.Clock(e.Start))
		}
		last = e.Start
		if e.End() > tl.Length {
			t.Errorf("%s at %s ends after the session", e.Sound, script.Clock(e.Start))
		}
	}
	if count[script.Bell] != 3 || count[script.Switch] != 1 || count[script.Close] != 1 {
		t.Errorf("bells %d, switches %d, closes %d; want 3, 1, 1", count[script.Bell], count[script.Switch], count[script.Close])
	}
	if count[script.Inhale] != count[script.Exhale] || count[script.Inhale] < 8 {
		t.Errorf("%d inhales and %d exhales; want equal and at least Cat-Cow's 8", count[script.Inhale], count[script.Exhale])
	}
	// Nothing is spoken over other words.
	end := 0
	for _, e := range tl.Events {
		if e.Sound == script.Speech {
			if e.Start < end {
				t.Errorf("%q at %s starts before the words before it end", e.Text, script.Clock(e.Start))
			}
			end = e.End()
		}
	}
}

func TestPhrasesSubstituteSides(t *testing.T) {
	r, _ := catalog(t).Find("morning")
	p := script.Phrases(r)
	for _, want := range []string{"Slowly lower your left foot back to the floor.", "Now your right knee. Draw it in toward your chest."} {
		if !slices.Contains(p, want) {
			t.Errorf("Phrases lacks %q", want)
		}
	}
	for _, s := range p {
		if script.HasTemplate(s) {
			t.Errorf("phrase %q still holds a template", s)
		}
	}
}

func TestTooLongASessionNamesTheFileOnce(t *testing.T) {
	r, err := script.ParseRoutine("long", "long.yaml", []byte(`
title: Long
steps:
  - pose: lie
  - pose: lie
poses:
  lie:
    title: Lie
    start: back
    kind: rest
    setup: Lie still.
    hold: 2h
    min: 1s
    max: 4h
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = script.Compile(r, script.Options{Pace: normal}, secondVoice{})
	if err == nil || !strings.HasPrefix(err.Error(), "long.yaml:4:1: the session would last 4h") || strings.Count(err.Error(), "long.yaml") != 1 {
		t.Errorf("err = %v, want it at long.yaml:4:1, naming the file once", err)
	}
}
