package export_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/audio/export"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
)

func BenchmarkRenderWAV(b *testing.B)  { benchRender(b, "s.wav") }
func BenchmarkRenderFLAC(b *testing.B) { benchRender(b, "s.flac") }

// benchRender renders the long morning (tools/bench) with its holds ten times as long
// (about an hour), as guide render does: a session, mixed and written.
func benchRender(b *testing.B, name string) {
	cat, err := script.LoadCatalog(sessions.FS, "sessions")
	if err != nil {
		b.Fatal(err)
	}
	pack, err := voicepack.Open(sessions.FS, "voice")
	if err != nil {
		b.Fatal(err)
	}
	r, err := cat.Find("../../tools/bench/testdata/long.yaml")
	if err != nil {
		b.Fatal(err)
	}
	pace := script.Pace{Inhale: 4 * time.Second, Exhale: 5 * time.Second, Hold: 10, Settle: 4 * time.Second, Move: 8 * time.Second}
	tl, err := script.Compile(r, script.Options{Pace: pace, Safety: true}, pack)
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), name)
	n := 0
	for b.Loop() {
		s := audio.NewSession(tl, pack, audio.Levels{Voice: 1, Tones: 0.6}, audio.DefaultMix())
		if err := export.Render(context.Background(), out, s, export.Export{}); err != nil {
			b.Fatal(err)
		}
		n += tl.Length
	}
	b.ReportMetric(float64(n)/script.Rate/b.Elapsed().Seconds(), "x-realtime")
}
