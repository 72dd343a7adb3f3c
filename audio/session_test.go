package audio

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchguide/guide/internal/streamtest"
	"github.com/stretchguide/guide/script"
)

// steadyClips says every phrase as a steady level: 0.5 for len(text)*100
// samples, so where each clip lands is plain to see.
type steadyClips struct{ fail string }

func (c steadyClips) Clip(text string) (Clip, error) {
	if text == c.fail {
		return nil, fmt.Errorf("voice/%s.mp3: broken", text)
	}
	x := make(Clip, len(text)*100)
	for i := range x {
		x[i] = 0.5
	}
	return x, nil
}

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
		{Start: 20100, Length: 25000, Sound: script.Exhale},
		speech(30000, "again"),
	}}
	whole := streamtest.Drain(t, NewSession(tl, steadyClips{}, Levels{Voice: 1, Tones: 1}))
	for _, p := range []int{0, 3050, 20100, 30499, 49999, 50000} {
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
	if err := s.Err(); err == nil || err.Error() != "audio: at 00:00.045: voice/bad.mp3: broken" {
		t.Errorf("Err() = %v; want the time and the file", err)
	}
	if err := s.Seek(0); err == nil {
		t.Error("Seek on a broken session: no error")
	}
}

// readWAV checks a 16-bit stereo WAV header and returns its frame count.
func readWAV(t *testing.T, path string) (rate, frames int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 44 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		t.Fatalf("%s: not a WAV file", path)
	}
	ch, bits := binary.LittleEndian.Uint16(b[22:]), binary.LittleEndian.Uint16(b[34:])
	if ch != 2 || bits != 16 {
		t.Fatalf("%s: %d channels, %d bits; want 2, 16", path, ch, bits)
	}
	size := binary.LittleEndian.Uint32(b[40:])
	if int(size) != len(b)-44 {
		t.Fatalf("%s: data chunk says %d bytes, file holds %d", path, size, len(b)-44)
	}
	return int(binary.LittleEndian.Uint32(b[24:])), int(size) / 4
}

func TestRenderWritesWholeFileOrNothing(t *testing.T) {
	tl := &script.Timeline{Length: 3 * script.Rate, Events: []script.Event{{Start: 0, Length: script.Rate, Sound: script.Bell}}}
	dir := t.TempDir()
	out := filepath.Join(dir, "s.wav")
	if err := Render(context.Background(), out, NewSession(tl, steadyClips{}, Levels{Voice: 1, Tones: 1})); err != nil {
		t.Fatal(err)
	}
	if rate, frames := readWAV(t, out); rate != script.Rate || frames != tl.Length {
		t.Errorf("rendered %d frames at %d Hz, want %d at %d", frames, rate, tl.Length, script.Rate)
	}
	before, _ := os.ReadFile(out)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Render(ctx, out, NewSession(tl, steadyClips{}, Levels{Voice: 1, Tones: 1}))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled render: err = %v, want context.Canceled", err)
	}
	after, _ := os.ReadFile(out)
	if string(after) != string(before) {
		t.Error("a cancelled render changed the existing file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files after a cancelled render, want only s.wav", len(entries))
	}

	err = Render(context.Background(), filepath.Join(dir, "missing", "s.wav"), NewSession(tl, steadyClips{}, Levels{}))
	if err == nil {
		t.Error("render into a missing directory: no error")
	}
}
