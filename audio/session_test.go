package audio

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchguide/guide/audio/export"
	"github.com/stretchguide/guide/internal/streamtest"
	"github.com/stretchguide/guide/script"
)

// A Session is what Control moves around in and what export renders.
var (
	_ Seekable      = (*Session)(nil)
	_ export.Source = (*Session)(nil)
)

// steadyClips says every phrase as a steady level: 0.5 (16384) for
// len(text)*100 samples, so where each clip lands is plain to see. It
// knows no profiles.
type steadyClips struct{ fail string }

func (c steadyClips) Clip(text string) ([]int16, error) {
	if text == c.fail {
		return nil, fmt.Errorf("voice/%s.mp3: broken", text)
	}
	x := make([]int16, len(text)*100)
	for i := range x {
		x[i] = 16384
	}
	return x, nil
}

func (steadyClips) Profile(string) ([]float32, bool) { return nil, false }

func speech(at int, text string) script.Event {
	return script.Event{Start: at, Length: len(text) * 100, Sound: script.Speech, Text: text}
}

func TestSessionPlacesEveryEventAtItsSample(t *testing.T) {
	tl := &script.Timeline{Length: 20000, Events: []script.Event{
		speech(1000, "abc"),    // 1000..1300
		speech(1299, "de"),     // overlaps the first by one sample
		speech(5000, "abc"),    // the same phrase again
		speech(19950, "fghij"), // cut short by the end of the session
	}}
	for _, sizes := range [][]int{{512}, {1}, {333, 1000, 17}, {20000}} {
		s := NewSession(tl, steadyClips{}, Levels{Voice: 1, Tones: 1})
		got := streamtest.Drain(t, s, sizes...)
		if len(got) != tl.Length {
			t.Fatalf("sizes %v: %d samples, want %d", sizes, len(got), tl.Length)
		}
		want := make([]float64, tl.Length)
		for _, e := range tl.Events {
			for i := e.Start; i < min(e.End(), tl.Length); i++ {
				want[i] += 0.5
			}
		}
		for i := range want {
			if got[i][0] != want[i] || got[i][1] != want[i] {
				t.Fatalf("sizes %v: sample %d = %v, want %v on both channels", sizes, i, got[i], want[i])
			}
		}
	}
}

func TestSessionLevels(t *testing.T) {
	tl := &script.Timeline{Length: 3000, Events: []script.Event{
		speech(0, "a"),
		{Start: 1000, Length: 1000, Sound: script.Inhale},
	}}
	got := streamtest.Drain(t, NewSession(tl, steadyClips{}, Levels{Voice: 0.5, Tones: 0}))
	if got[50][0] != 0.25 {
		t.Errorf("voice at 0.5: sample = %v, want 0.25", got[50][0])
	}
	for i := 1000; i < 2000; i++ {
		if got[i][0] != 0 {
			t.Fatalf("tones at 0: sample %d = %v, want silence", i, got[i][0])
		}
	}
}

func TestSessionSeekMatchesStreaming(t *testing.T) {
	tl := &script.Timeline{Length: 50000, Events: []script.Event{
		{Start: 100, Length: 20000, Sound: script.Inhale},
		speech(3000, "hello there"),
		{Start: 9000, Length: 12000, Sound: script.Bell}, // kept packed
		{Start: 20100, Length: 25000, Sound: script.Exhale},
		speech(30000, "again"),
	}}
	whole := streamtest.Drain(t, NewSession(tl, steadyClips{}, Levels{Voice: 1, Tones: 1}))
	for _, p := range []int{0, 3050, 9000, 13107, 20100, 30499, 49999, 50000} {
		s := NewSession(tl, steadyClips{}, Levels{Voice: 1, Tones: 1})
		if err := s.Seek(p); err != nil {
			t.Fatal(err)
		}
		if s.Position() != p {
			t.Errorf("Position after Seek(%d) = %d", p, s.Position())
		}
		got := streamtest.Drain(t, s, 700)
		if len(got) != len(whole)-p {
			t.Fatalf("Seek(%d): %d samples follow, want %d", p, len(got), len(whole)-p)
		}
		for i := range got {
			if got[i] != whole[p+i] {
				t.Fatalf("Seek(%d): sample %d = %v, want %v", p, p+i, got[i], whole[p+i])
			}
		}
	}
	s := NewSession(tl, steadyClips{}, Levels{})
	if err := s.Seek(50001); err == nil {
		t.Error("Seek past the end: no error")
	}
}

func TestSessionStopsOnBrokenClip(t *testing.T) {
	tl := &script.Timeline{Length: 5000, Events: []script.Event{speech(100, "ok"), speech(2000, "bad")}}
	s := NewSession(tl, steadyClips{fail: "bad"}, Levels{Voice: 1})
	// Every clip is decoded before the first sample: a broken one stops the
	// session before it makes a sound.
	if got := streamtest.Drain(t, s, 1000); len(got) != 0 {
		t.Errorf("streamed %d samples of a session with a broken clip, want none", len(got))
	}
	if err := s.Err(); err == nil || err.Error() != "at 00:00.045: voice/bad.mp3: broken" {
		t.Errorf("Err() = %v; want the time and the file", err)
	}
	if err := s.Seek(0); err == nil {
		t.Error("Seek on a broken session: no error")
	}
}

// TestSessionStreamMonoKeepsTheContract drains the one-channel stream
// export renders: it keeps beep's Stream contract and is the mix Stream
// puts on both channels, whatever the buffer sizes.
func TestSessionStreamMonoKeepsTheContract(t *testing.T) {
	tl := &script.Timeline{Length: 20000, Events: []script.Event{
		speech(1000, "abc"),
		speech(1299, "de"),
		{Start: 3000, Length: 10000, Sound: script.Inhale},
		speech(19950, "fghij"),
	}}
	stereo := streamtest.Drain(t, NewSession(tl, steadyClips{}, Levels{Voice: 1, Tones: 1}))
	for _, sizes := range [][]int{{512}, {1}, {333, 1000, 17}, {20000}, {30000}} {
		got := streamtest.DrainMono(t, NewSession(tl, steadyClips{}, Levels{Voice: 1, Tones: 1}), sizes...)
		if len(got) != tl.Length {
			t.Fatalf("sizes %v: %d samples, want %d", sizes, len(got), tl.Length)
		}
		for i, v := range got {
			if float64(v) != stereo[i][0] || stereo[i][0] != stereo[i][1] {
				t.Fatalf("sizes %v: sample %d = %v; Stream gives %v", sizes, i, v, stereo[i])
			}
		}
	}
	// A broken session streams nothing, in one channel too.
	tl.Events = slices.Insert(tl.Events, 3, speech(5000, "bad"))
	s := NewSession(tl, steadyClips{fail: "bad"}, Levels{Voice: 1})
	if got := streamtest.DrainMono(t, s, 100); len(got) != 0 || s.Err() == nil {
		t.Errorf("a broken session streamed %d samples, error %v", len(got), s.Err())
	}
}

// TestSessionLen checks Len, Position and that Seek to the end ends the
// stream.
func TestSessionLen(t *testing.T) {
	tl := &script.Timeline{Length: 5000, Events: []script.Event{speech(100, "ok")}}
	s := NewSession(tl, steadyClips{}, Levels{Voice: 1})
	if s.Len() != 5000 || s.Position() != 0 {
		t.Errorf("Len %d, Position %d; want 5000, 0", s.Len(), s.Position())
	}
	buf := make([]float32, 1234)
	s.StreamMono(buf)
	if s.Position() != 1234 {
		t.Errorf("Position %d after 1234 samples", s.Position())
	}
	if err := s.Seek(5000); err != nil {
		t.Fatal(err)
	}
	if n, ok := s.StreamMono(buf); n != 0 || ok {
		t.Errorf("after Seek to the end: (%d, %v); want (0, false)", n, ok)
	}
	if got := streamtest.DrainMono(t, s); !slices.Equal(got, nil) {
		t.Errorf("after Seek to the end: %d samples", len(got))
	}
	if err := s.Seek(-1); err == nil {
		t.Error("Seek(-1): no error")
	}
}
