package script_test

import (
	"encoding/json"
	"io/fs"
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
		"desk-break":  {2 * time.Minute, 3 * time.Minute},
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
