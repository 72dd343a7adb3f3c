package script_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
)

func TestRoutineErrors(t *testing.T) {
	lib := catalog(t).Library
	tests := []struct {
		name, yaml string
		want       []string // every message, in order
	}{
		{"unknown key with hint", "title: T\nstpes:\n  - pose: cat-cow\n", []string{
			`r.yaml:1:1: the routine has no steps`,
			`r.yaml:2:1: unknown key "stpes" in the routine (did you mean steps?); valid keys: bells, breath, description, focus, intro, outro, poses, steps, title`,
		}},
		{"unknown pose", "title: T\nsteps:\n  - pose: cat-cwo\n", []string{
			`r.yaml:3:11: unknown pose "cat-cwo" (did you mean cat-cow?)`,
		}},
		{"a control character", "title: T\nsteps:\n  - pose: cat\x1b[31m-cow\n", []string{
			`r.yaml:3:14: invalid YAML: a control character ('\x1b'); write it as an escape in double quotes, such as "\e", or remove it`,
		}},
		{"not UTF-8", "title: Caf\xe9\nsteps:\n  - pose: cat-cow\n", []string{
			`r.yaml:1:11: invalid YAML: a byte (0xe9) that is not UTF-8 text; save the file as UTF-8`,
		}},
		{"a long unknown anchor", "title: T\nsteps:\n  - pose: *" + strings.Repeat("x", 5000) + "\n", []string{
			`r.yaml:3:11: invalid YAML: *` + strings.Repeat("x", 60) + `… names no anchor; define it before with &` + strings.Repeat("x", 60) + `…, or write the value itself`,
		}},
		{"bare number hold", "title: T\nsteps:\n  - pose: childs-pose\n    hold: 45\n", []string{
			`r.yaml:4:11: hold: 45 has no unit; write a duration such as 45s or 1m30s`,
		}},
		{"negative hold", "title: T\nsteps:\n  - pose: childs-pose\n    hold: -30s\n", []string{
			`r.yaml:4:11: hold: -30s must be longer than zero`,
		}},
		{"zero breaths", "title: T\nsteps:\n  - pose: cat-cow\n    breaths: 0\n", []string{
			`r.yaml:4:14: breaths: 0 is not a positive whole number of breaths`,
		}},
		{"fractional breaths", "title: T\nsteps:\n  - pose: cat-cow\n    breaths: 2.5\n", []string{
			`r.yaml:4:14: breaths: 2.5 is not a positive whole number of breaths`,
		}},
		{"breaths outside the range", "title: T\nsteps:\n  - pose: cat-cow\n    breaths: 30\n", []string{
			`r.yaml:4:14: pose cat-cow takes 5 to 10 breaths, not 30`,
		}},
		{"hold on a breath-led pose", "title: T\nsteps:\n  - pose: cat-cow\n    hold: 30s\n", []string{
			`r.yaml:4:11: pose cat-cow counts breaths: give breaths, not hold`,
		}},
		{"longer than a session", "title: T\nsteps:\n  - pose: childs-pose\n    hold: 5h\n", []string{
			`r.yaml:4:11: hold: 5h is longer than the 4h a session may last`,
		}},
		{"template in a note", "title: T\nsteps:\n  - pose: cat-cow\n    say: Mind your {side} wrist.\n", []string{
			`r.yaml:4:10: {side} in a pose without sides; add sides: both or remove it`,
		}},
		{"template in a title", "title: T\nsteps:\n  - pose: mine\nposes:\n  mine:\n    title: Mine {sid}\n    start: back\n    kind: hold\n    setup: Lie still.\n    hold: 30s\n", []string{
			`r.yaml:6:12: unknown template {sid} (did you mean side?); valid: {side}, {other}`,
		}},
		{"min above max, with an unknown start and kind", "title: T\nsteps:\n  - pose: mine\nposes:\n  mine:\n    title: Mine\n    start: bak\n    kind: holdd\n    setup: Lie still.\n    hold: 30s\n    min: 40s\n    max: 20s\n", []string{
			`r.yaml:7:12: start: unknown value "bak" (did you mean back?)`,
			`r.yaml:8:11: kind: unknown value "holdd" (did you mean hold?)`,
			`r.yaml:11:10: pose mine: min 40s is more than max 20s; want min at most max`,
		}},
		{"min above max in breaths", "title: T\nsteps:\n  - pose: mine\nposes:\n  mine:\n    title: Mine\n    start: back\n    kind: breath\n    setup: Lie still.\n    inhale: In.\n    exhale: Out.\n    breaths: 5\n    min: 8\n    max: 4\n", []string{
			`r.yaml:13:10: pose mine: min 8 is more than max 4; want min at most max`,
		}},
		{"a setup line without words", "title: T\nsteps:\n  - pose: mine\nposes:\n  mine:\n    title: Mine\n    start: back\n    kind: hold\n    setup:\n      - settle: true\n    hold: 30s\n", []string{
			`r.yaml:10:9: a setup line needs say: the words`,
		}},
		{"a text file, quoted short", "title: T\nsteps:\n  - pose: " + strings.Repeat("x", 200) + "\n", []string{
			`r.yaml:3:11: unknown pose "` + strings.Repeat("x", 60) + `"…`,
		}},
		{"a tab", "title: T\nsteps:\n\t- pose: cat-cow\n", []string{
			`r.yaml:3:1: invalid YAML: a tab; YAML is indented with spaces only: replace it with spaces`,
		}},
		{"several problems at once", "title: T\nsteps:\n  - pose: nope\n  - pose: cat-cow\n    breths: 5\n  - hold: 3s\n", []string{
			`r.yaml:3:11: unknown pose "nope"`,
			`r.yaml:5:5: unknown key "breths" in a step (did you mean breaths?)`,
			`r.yaml:6:5: a step needs a pose`,
		}},
		{"empty cue", "title: T\nsteps:\n  - pose: mine\nposes:\n  mine:\n    title: Mine\n    start: seated\n    kind: breath\n    setup: Sit.\n    inhale: \"\"\n    exhale: Out.\n    breaths: 3\n", []string{
			`r.yaml:10:13: inhale is empty`,
		}},
		{"not YAML", "title: [unclosed\n", []string{`r.yaml:1:1: invalid YAML: did not find expected ',' or ']'`}},
		{"empty", "", []string{`r.yaml: empty file`}},
		{"a list, not a routine", "- a\n- b\n", []string{`r.yaml:1:1: the routine must be a mapping of keys to values, not a list`}},
		{"inline pose problems", `title: T
steps:
  - pose: mine
poses:
  mine:
    title: Mine
    start: sofa
    kind: hold
    setup: Sit on your {sdie} hip.
    hold: 20s
`, []string{
			`r.yaml:7:12: start: unknown value "sofa"; valid: all-fours, back, seated, standing, kneeling, side`,
			`r.yaml:9:12: unknown template {sdie} (did you mean side?); valid: {side}, {other}`,
		}},
		{"pose missing its parts", "title: T\nsteps:\n  - pose: mine\nposes:\n  mine:\n    kind: breath\n", []string{
			`r.yaml:6:5: pose mine has no title`,
			`r.yaml:6:5: pose mine has no start position`,
			`r.yaml:6:5: pose mine has no setup words`,
			`r.yaml:6:5: pose mine is breath-led: it needs inhale and exhale cues`,
			`r.yaml:6:5: pose mine is breath-led: give its number of breaths`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := script.ParseRoutine("r", "r.yaml", []byte(tt.yaml), lib)
			if err == nil {
				t.Fatal("no error")
			}
			got := err.Error()
			lines := strings.Split(got, "\n")
			for i, w := range tt.want {
				if i >= len(lines) || !strings.Contains(lines[i], w) {
					t.Errorf("message %d: want it to contain\n  %s\nall messages:\n%s", i+1, w, got)
				}
			}
		})
	}
}

func TestBuiltinsLoadCleanly(t *testing.T) {
	c := catalog(t)
	if len(c.Routines) == 0 || len(c.Library.Poses) < 6 {
		t.Fatalf("%d routines and %d poses; want some routines and the six poses", len(c.Routines), len(c.Library.Poses))
	}
	if _, err := c.Find("mornign"); err == nil || !strings.Contains(err.Error(), "did you mean morning?") {
		t.Errorf("Find(mornign) = %v; want a did-you-mean", err)
	}
}

// FuzzParseRoutine checks that no routine text panics the loader or the
// compiler, and that whatever loads also compiles or says why not.
func FuzzParseRoutine(f *testing.F) {
	files, _ := fs.Glob(sessions.FS, "*.yaml")
	for _, name := range files {
		data, _ := fs.ReadFile(sessions.FS, name)
		f.Add(data)
	}
	f.Add([]byte("title: T\nsteps:\n  - pose: knee-to-chest\n    hold: 25s\n"))
	lib := catalog(f).Library
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := script.ParseRoutine("fuzz", "fuzz.yaml", data, lib)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("an error that does not name the file: %v", err)
			}
			return
		}
		if _, err := script.Compile(r, script.Options{Pace: normal}, secondVoice{}); err != nil && !strings.Contains(err.Error(), "4h") {
			t.Fatalf("loaded but does not compile: %v", err)
		}
	})
}
