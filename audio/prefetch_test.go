package audio

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/internal/streamtest"
	"github.com/stretchguide/guide/script"
)

// countingClips records which phrases were decoded, and in what order.
type countingClips struct {
	mu    sync.Mutex
	calls []string
}

func (c *countingClips) Clip(text string) ([]int16, error) {
	c.mu.Lock()
	c.calls = append(c.calls, text)
	c.mu.Unlock()
	return steadyClips{}.Clip(text)
}

// Profile knows no profiles: the session decodes every phrase before it
// starts.
func (c *countingClips) Profile(string) ([]float32, bool) { return nil, false }

// profiledCounting knows the profiles of some phrases (as a voice pack's
// manifest does), and counts what is decoded.
type profiledCounting struct {
	countingClips
	profiled map[string]bool
}

func (c *profiledCounting) Profile(text string) ([]float32, bool) {
	if !c.profiled[text] {
		return nil, false
	}
	x, _ := steadyClips{}.Clip(text)
	return dsp.Profile(x), true
}

func (c *countingClips) decoded() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.calls)
}

func TestPrefetchDecodesEachPhraseOnce(t *testing.T) {
	tl := &script.Timeline{Length: 40000, Events: []script.Event{
		speech(0, "one"), speech(5000, "two"), speech(10000, "one"),
		speech(15000, "three"), speech(20000, "four"), speech(30000, "five"),
	}}
	src := &profiledCounting{profiled: map[string]bool{"one": true, "two": true, "three": true, "four": true, "five": true}}
	clips, stop := Prefetch(tl, src, 2)
	want := streamtest.Drain(t, NewSession(tl, steadyClips{}, Levels{Voice: 1}), 1000)
	got := streamtest.Drain(t, NewSession(tl, clips, Levels{Voice: 1}), 1000)
	stop()
	if !slices.Equal(got, want) {
		t.Error("a prefetched session sounds different from a plain one")
	}
	// The session, draining faster than real time, may overtake the prefetcher and decode a
	// phrase itself: the order depends on timing, the count does not.
	decoded := slices.Sorted(slices.Values(src.decoded()))
	if w := []string{"five", "four", "one", "three", "two"}; !slices.Equal(decoded, w) {
		t.Errorf("decoded %q, want each phrase once", src.decoded())
	}
}

// TestPrefetchWithProfiles: a session decodes the phrases whose profiles
// it knows when they are first said, and those the prefetcher decodes
// ahead, in spoken order; the others before it starts. Each is decoded
// once: asking for the others first must not make the prefetcher drop
// what it decoded ahead (it would then be decoded again while playing, on
// the audio goroutine).
func TestPrefetchWithProfiles(t *testing.T) {
	tl := &script.Timeline{Length: 40000, Events: []script.Event{
		speech(0, "one"), speech(5000, "two"), speech(10000, "one"),
		speech(15000, "three"), speech(20000, "four"), speech(30000, "five"),
	}}
	src := &profiledCounting{profiled: map[string]bool{"one": true, "three": true, "five": true}}
	clips, stop := Prefetch(tl, src, 2)
	defer stop()
	// Let the prefetcher work ahead, as it does while the device opens.
	deadline := time.Now().Add(5 * time.Second)
	for len(src.decoded()) < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // time to overstep, were it to
	if got, want := src.decoded(), []string{"one", "three"}; !slices.Equal(got, want) {
		t.Errorf("decoded %q ahead, want %q: the phrases a session decodes while it plays", got, want)
	}
	want := streamtest.Drain(t, NewSession(tl, steadyClips{}, Levels{Voice: 1}), 1000)
	got := streamtest.Drain(t, NewSession(tl, clips, Levels{Voice: 1}), 1000)
	if !slices.Equal(got, want) {
		t.Error("a prefetched session sounds different from a plain one")
	}
	decoded := slices.Sorted(slices.Values(src.decoded()))
	if w := []string{"five", "four", "one", "three", "two"}; !slices.Equal(decoded, w) {
		t.Errorf("decoded %q, want each phrase once", src.decoded())
	}
}

// TestPrefetchDecodesAheadInSpokenOrder lets the prefetcher run with nobody
// playing: it decodes the first phrases in spoken order, as many as it may.
func TestPrefetchDecodesAheadInSpokenOrder(t *testing.T) {
	tl := &script.Timeline{Length: 40000, Events: []script.Event{
		speech(0, "one"), speech(5000, "two"), speech(10000, "one"),
		speech(15000, "three"), speech(20000, "four"), speech(30000, "five"),
	}}
	src := &profiledCounting{profiled: map[string]bool{"one": true, "two": true, "three": true, "four": true, "five": true}}
	_, stop := Prefetch(tl, src, 3)
	defer stop()
	deadline := time.Now().Add(5 * time.Second)
	for len(src.decoded()) < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // time to overstep, were it to
	if got, want := src.decoded(), []string{"one", "two", "three"}; !slices.Equal(got, want) {
		t.Errorf("decoded %q ahead, want %q", got, want)
	}
}

func TestPrefetchAfterSeek(t *testing.T) {
	tl := &script.Timeline{Length: 40000, Events: []script.Event{
		speech(0, "one"), speech(5000, "two"), speech(15000, "three"), speech(30000, "four"),
	}}
	src := &countingClips{}
	clips, stop := Prefetch(tl, src, 1)
	defer stop()
	s := NewSession(tl, clips, Levels{Voice: 1})
	if err := s.Seek(14000); err != nil {
		t.Fatal(err)
	}
	got := streamtest.Drain(t, s, 512)
	if len(got) != 26000 || got[1000][0] != 0.5 || got[16000][0] != 0.5 {
		t.Errorf("after a seek the later phrases are not heard")
	}
}

func TestPrefetchStopsWhenIdle(t *testing.T) {
	tl := &script.Timeline{Length: 100, Events: []script.Event{speech(0, "a"), speech(10, "b")}}
	_, stop := Prefetch(tl, &countingClips{}, 1)
	stop() // must return although nothing was ever taken
}

// TestPrefetchPassesOnProfiles: the prefetcher's Profile is its source's,
// so a session over it plans with the profiles and need not decode.
func TestPrefetchPassesOnProfiles(t *testing.T) {
	tl := &script.Timeline{Length: 100, Events: []script.Event{speech(0, "one"), speech(10, "two")}}
	src := &profiledCounting{profiled: map[string]bool{"one": true}}
	clips, stop := Prefetch(tl, src, 1)
	defer stop()
	want, _ := src.Profile("one")
	if p, ok := clips.Profile("one"); !ok || !slices.Equal(p, want) {
		t.Errorf(`Profile("one") = %v, %v; want the source's`, p, ok)
	}
	if _, ok := clips.Profile("two"); ok {
		t.Error(`Profile("two") = true; the source knows none`)
	}
}
