package audio

import (
	"io/fs"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
)

// benchSession compiles a built-in routine (or a routine file, such as
// tools/bench's long morning, whose holds may grow without bound) with its
// holds multiplied by hold, with the built-in voice.
func benchSession(b *testing.B, routine string, hold float64) (*script.Timeline, *voicepack.Pack) {
	b.Helper()
	cat, err := script.LoadCatalog(sessions.FS, "sessions")
	if err != nil {
		b.Fatal(err)
	}
	pack, err := voicepack.Open(sessions.FS, "voice")
	if err != nil {
		b.Fatal(err)
	}
	r, err := cat.Find(routine)
	if err != nil {
		b.Fatal(err)
	}
	pace := script.Pace{Inhale: 4 * time.Second, Exhale: 5 * time.Second, Hold: hold, Settle: 4 * time.Second, Move: 8 * time.Second}
	tl, err := script.Compile(r, script.Options{Pace: pace, Safety: true}, pack)
	if err != nil {
		b.Fatal(err)
	}
	return tl, pack
}

// realtime reports how many times faster than real time samples of audio
// were made.
func realtime(b *testing.B, samples int) {
	b.ReportMetric(float64(samples)/script.Rate/b.Elapsed().Seconds(), "x-realtime")
}

// BenchmarkSessionStream mixes the long morning with its holds ten times
// as long (about an hour), clips already decoded: the cost of mixing,
// ducking, normalising and limiting alone.
func BenchmarkSessionStream(b *testing.B) {
	tl, pack := benchSession(b, "../tools/bench/testdata/long.yaml", 10)
	s := NewSession(tl, pack, Levels{Voice: 1, Tones: 0.6}, DefaultMix())
	buf := make([][2]float64, 4096)
	n := 0
	b.ResetTimer()
	for b.Loop() {
		s.Seek(0)
		for {
			k, ok := s.Stream(buf)
			n += k
			if !ok {
				break
			}
		}
	}
	realtime(b, n)
}

// BenchmarkSessionMono is BenchmarkSessionStream through the renderer's
// one-channel path.
func BenchmarkSessionMono(b *testing.B) {
	tl, pack := benchSession(b, "../tools/bench/testdata/long.yaml", 10)
	s := NewSession(tl, pack, Levels{Voice: 1, Tones: 0.6}, DefaultMix())
	buf := make([]float32, 8192)
	n := 0
	b.ResetTimer()
	for b.Loop() {
		s.Seek(0)
		for {
			k, ok := s.StreamMono(buf)
			n += k
			if !ok {
				break
			}
		}
	}
	realtime(b, n)
}

// BenchmarkNewSession is the work before the first sample: synthesising
// every tone and planning the loudness (the built-in pack's manifest has
// every clip's profile, so nothing is decoded).
func BenchmarkNewSession(b *testing.B) {
	tl, pack := benchSession(b, "morning", 1)
	for b.Loop() {
		if s := NewSession(tl, pack, Levels{Voice: 1, Tones: 0.6}, DefaultMix()); s.Err() != nil {
			b.Fatal(s.Err())
		}
	}
}

func BenchmarkTone(b *testing.B) {
	for _, s := range []script.Sound{script.Inhale, script.Bell, script.Close} {
		b.Run(string(s), func(b *testing.B) {
			n := 0
			for b.Loop() {
				n += len(Bowl.Tone(s, 5*script.Rate))
			}
			realtime(b, n)
		})
	}
}

// BenchmarkUnpackClip unpacks clips, as a session does while a phrase plays.
func BenchmarkUnpackClip(b *testing.B) {
	files, _ := fs.Glob(sessions.FS, "voice/*.flac")
	var packed []packedClip
	for _, f := range files[:min(len(files), 8)] {
		d, _ := fs.ReadFile(sessions.FS, f)
		c, err := voicepack.Decode(f, d)
		if err != nil {
			b.Fatal(err)
		}
		packed = append(packed, packPCM(c))
	}
	n := 0
	for b.Loop() {
		for _, p := range packed {
			u := newUnpacker(p)
			for i := 0; i < p.n; {
				i += len(u.samples(i, p.n))
			}
			n += p.n
		}
	}
	realtime(b, n)
}
