package bench

import (
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
)

// TestBenchRoutinesSayThePacksPhrases: the benchmark routines copy the
// library's words into poses of their own (so that pace.hold can stretch
// them to an hour); the built-in pack must still say every phrase.
func TestBenchRoutinesSayThePacksPhrases(t *testing.T) {
	cat, err := script.LoadCatalog(sessions.FS, "sessions")
	if err != nil {
		t.Fatal(err)
	}
	pack, err := voicepack.Open(sessions.FS, "voice")
	if err != nil {
		t.Fatal(err)
	}
	pace := script.Pace{Inhale: 4 * time.Second, Exhale: 5 * time.Second, Hold: 10, Settle: 4 * time.Second, Move: 8 * time.Second}
	for _, f := range []string{"testdata/short.yaml", "testdata/long.yaml"} {
		r, err := cat.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := script.Compile(r, script.Options{Pace: pace, Safety: true}, pack); err != nil {
			t.Error(err)
		}
	}
}
