package script_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchguide/guide/script"
)

// wordVoice says every phrase at 2.5 words a second, as the built-in voice
// about does.
type wordVoice struct{}

func (wordVoice) Length(text string) (int, bool) {
	return script.Samples(time.Duration(len(strings.Fields(text))) * 400 * time.Millisecond), true
}

func TestCheckMessages(t *testing.T) {
	lib := catalog(t).Library
	tests := []struct {
		name string
		pose string // the routine's own pose, under poses: mine:
		want []string
	}{
		{"fine", `
    kind: hold
    setup: Lie still.
    remind: Breathe.
    hold: 30s`, nil},
		{"a long breath cue", `
    kind: breath
    setup: Lie still.
    inhale: Breathe in slowly through your nose and let your belly rise under your hands.
    exhale: Out.
    breaths: 3`, []string{
			`mine.yaml:10:13: pose mine: the inhale cue "Breathe in slowly through your nose and let your belly rise under your hands." takes 5.6s, more than 60% of a 4s breath in at this pace, so it is said before the breath; shorten it to about 4 words`}},
		{"a long exhale cue, second of two", `
    kind: breath
    setup: Lie still.
    inhale: In.
    exhale: [Out., "Now breathe all the way out, slowly, until your lungs are empty."]
    breaths: 3`, []string{
			`mine.yaml:11:20: pose mine: the exhale cue "Now breathe all the way out, slowly, until your lungs are empty." takes 4.8s, more than 60% of a 5s breath out at this pace, so it is said before the breath; shorten it to about 6 words`}},
		{"a reminder too long for any breath", `
    kind: hold
    setup: Lie still.
    remind: Keep breathing slowly and let your whole back sink heavily into the floor beneath you.
    hold: 30s`, []string{
			`mine.yaml:10:13: pose mine: the reminder "Keep breathing slowly and let your whole back sink heavily into the floor beneath you." takes 6s and fits in no breath in (4s) or out (5s) of this hold at this pace, nor in the quiet after its breaths; shorten it, or lengthen the hold`}},
		{"words longer than the hold", `
    kind: hold
    setup: Lie still.
    feel: You should feel a long slow stretch all the way down the back of both of your legs and into your heels.
    hold: 5s`, []string{
			`mine.yaml:10:11: pose mine: the feel and avoid words take 9.3s of a 5s hold at this pace; shorten them, or lengthen the hold`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "title: Mine\nsteps:\n  - pose: mine\nposes:\n  mine:\n    title: Mine\n    start: back" + tt.pose + "\n"
			r, err := script.ParseRoutine("mine", "mine.yaml", []byte(src), lib)
			if err != nil {
				t.Fatal(err)
			}
			got, err := script.Check(r, script.Options{Pace: normal, Detail: script.Full}, wordVoice{})
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, e := range got {
				msgs = append(msgs, e.Error())
			}
			if strings.Join(msgs, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
