package audio

import (
	"fmt"

	"github.com/gopxl/beep/v2"
	"github.com/stretchguide/guide/script"
)

// SampleRate is the rate of everything guide plays and writes.
const SampleRate = beep.SampleRate(script.Rate)

// Clips gives the decoded clip that says a phrase. *Pack is one.
type Clips interface {
	Clip(text string) (Clip, error)
}

// Levels are the gains of the two layers of a session, 0 to 1.
type Levels struct {
	Voice float64
	Tones float64
}

// Session streams a compiled timeline: it mixes every event's sound at its
// exact sample. It is a beep.StreamSeeker of script.Rate stereo samples; the
// same Session goes to the speaker, to a file and to the tests.
//
// It holds no more than the sounds that are playing: a clip is decoded when
// its event starts and dropped after its last use, and each distinct tone
// is synthesised once.
type Session struct {
	tl     *script.Timeline
	clips  Clips
	levels Levels

	pos    int
	next   int      // the first event that has not started at pos
	active []voiced // events sounding at pos
	err    error

	decoded map[string]Clip // clips in use, by text
	last    map[string]int  // index of the last event saying each text
	tones   map[toneKey][]float32
	mono    []float32
}

type toneKey struct {
	sound  script.Sound
	length int
}

// voiced is an event that is sounding, with its samples.
type voiced struct {
	index int // into tl.Events
	data  []float32
	gain  float32
}

// NewSession returns a session that plays tl with the clips from clips.
func NewSession(tl *script.Timeline, clips Clips, levels Levels) *Session {
	s := &Session{
		tl: tl, clips: clips, levels: levels,
		decoded: map[string]Clip{},
		last:    map[string]int{},
		tones:   map[toneKey][]float32{},
	}
	for i, e := range tl.Events {
		if e.Sound == script.Speech {
			s.last[e.Text] = i
		}
	}
	return s
}

// Stream mixes the next len(samples) samples of the session.
func (s *Session) Stream(samples [][2]float64) (int, bool) {
	if s.err != nil || s.pos >= s.tl.Length {
		return 0, false
	}
	n := min(len(samples), s.tl.Length-s.pos)
	if cap(s.mono) < n {
		s.mono = make([]float32, n)
	}
	mono := s.mono[:n]
	clear(mono)
	end := s.pos + n
	for s.next < len(s.tl.Events) && s.tl.Events[s.next].Start < end {
		if err := s.start(s.next); err != nil {
			s.err = err
			return 0, false
		}
		s.next++
	}
	keep := s.active[:0]
	for _, v := range s.active {
		e := &s.tl.Events[v.index]
		from, to := max(e.Start, s.pos), min(e.Start+len(v.data), end)
		src := v.data[from-e.Start : max(from, to)-e.Start]
		dst := mono[from-s.pos:]
		for i, x := range src {
			dst[i] += x * v.gain
		}
		if e.Start+len(v.data) > end {
			keep = append(keep, v)
		} else {
			s.finish(v.index)
		}
	}
	s.active = keep
	for i, x := range mono {
		samples[i] = [2]float64{float64(x), float64(x)}
	}
	s.pos = end
	return n, true
}

// start makes event i sound.
func (s *Session) start(i int) error {
	e := s.tl.Events[i]
	v := voiced{index: i}
	switch e.Sound {
	case script.Speech:
		c, ok := s.decoded[e.Text]
		if !ok {
			var err error
			if c, err = s.clips.Clip(e.Text); err != nil {
				return fmt.Errorf("audio: at %s: %w", script.Clock(e.Start), err)
			}
			s.decoded[e.Text] = c
		}
		v.data, v.gain = c[:min(len(c), e.Length)], float32(s.levels.Voice)
	default:
		k := toneKey{e.Sound, e.Length}
		t, ok := s.tones[k]
		if !ok {
			t = Tone(e.Sound, e.Length)
			s.tones[k] = t
		}
		v.data, v.gain = t, float32(s.levels.Tones)
	}
	if v.gain != 0 && len(v.data) > 0 {
		s.active = append(s.active, v)
	}
	return nil
}

// finish lets go of a clip after the last event that says it.
func (s *Session) finish(i int) {
	e := s.tl.Events[i]
	if e.Sound == script.Speech && s.last[e.Text] <= i {
		delete(s.decoded, e.Text)
	}
}

// Err returns the error that stopped the session, such as a clip that
// could not be decoded.
func (s *Session) Err() error { return s.err }

// Len returns the session's length in samples.
func (s *Session) Len() int { return s.tl.Length }

// Position returns the next sample to be streamed.
func (s *Session) Position() int { return s.pos }

// Seek moves to sample p: events already sounding at p resume mid-way.
func (s *Session) Seek(p int) error {
	if p < 0 || p > s.tl.Length {
		return fmt.Errorf("audio: seek to %d outside the session's 0 to %d samples", p, s.tl.Length)
	}
	s.pos, s.active, s.next = p, s.active[:0], 0
	for i, e := range s.tl.Events {
		if e.Start >= p {
			break
		}
		s.next = i + 1
		if e.End() > p {
			if err := s.start(i); err != nil {
				return err
			}
		}
	}
	return nil
}
