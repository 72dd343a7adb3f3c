package audio

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/script"
)

// SampleRate is the rate of everything guide plays and writes.
const SampleRate = beep.SampleRate(script.Rate)

// Clips gives the clip that says a phrase: 16-bit mono samples at
// script.Rate (a voicepack.Pack, text-to-speech, the Chime, Voices of
// them all).
type Clips interface {
	Clip(text string) ([]int16, error)
	// Profile returns the clip's loudness profile (dsp.Profile) when it is
	// known without decoding the clip, as a voice pack's manifest keeps
	// it. With profiles NewSession plans the loudness at once and decodes
	// each clip only when it is first said, keeping it packed until it is
	// said for the last time: a session then starts as soon as the device
	// is open.
	Profile(text string) ([]float32, bool)
}

// Levels are the gains of the two layers of a session, 0 to 1. With
// loudness normalisation (the default) they set the balance between the
// voice and the tones, and the whole session is then brought to the target
// loudness.
type Levels struct {
	Voice float64
	Tones float64
}

// Mix is how a session is mixed, beyond its two levels.
type Mix struct {
	Style    Style // the tone set; "" is Bowl
	NoBreath bool  // leave out the breath tones (bells and chimes stay)
	// Duck is the dB the ambience dips while the voice speaks; above 0 the
	// tones (breath tones and bells) also make way for the words entirely
	// (see newToneDucker). 0 dips nothing.
	Duck     float64
	Ambience *Ambience // plays under the whole session; nil for none
	// Loudness is the integrated loudness to bring the session to, in LUFS
	// (BS.1770, stereo), with a true-peak limiter at DefaultCeiling. 0
	// plays the levels as they are, with no limiter.
	Loudness float64
}

// DefaultMix is how a session sounds unless told otherwise: the bowl tones,
// silent under the voice, no ambience (which would dip 10 dB under it),
// normalised to DefaultLoudness.
func DefaultMix() Mix { return Mix{Style: Bowl, Duck: 10, Loudness: DefaultLoudness} }

// Level reports how a session was normalised.
type Level struct {
	Measured float64 // integrated loudness of the mix before normalisation, LUFS (stereo)
	Gain     float64 // the gain that brings it to the target, dB (0 without normalisation)
}

// Session streams a compiled timeline: it mixes every event's sound at its
// exact sample. It is a beep.StreamSeeker of script.Rate stereo samples (the
// mono mix on both channels); the same Session goes to the speaker, to a
// file and to the tests.
//
// NewSession prepares everything a session needs before its first sample:
// it synthesises each distinct tone once, takes each phrase's K-weighted
// loudness profile from a Profiler (or decodes the phrase to measure it, in
// parallel, keeping it as 16-bit samples), and adds the profiles up to know
// the session's integrated loudness without playing it. Streaming then only mixes: the voice, the tones and the
// ambience (which duck under the voice), one master gain, and a look-ahead
// true-peak limiter. Nothing is held per second of session: memory depends
// on the distinct phrases and tones, not on the length.
type Session struct {
	tl     *script.Timeline
	clips  Clips
	levels Levels
	mix    Mix
	level  Level

	voice  map[string]*voiceClip
	tones  map[toneKey]*toneSound
	duck   *ducker // the ambience's envelope
	tDuck  *ducker // the tones'
	lim    *dsp.Limiter
	vGain  float32 // per 16-bit unit, master gain included
	tGain  float32
	aGain  float32
	played []bool // by event: whether the event sounds at all

	pos    int // the next sample Stream returns
	mixPos int // the next sample to mix (ahead of pos by the limiter's delay)
	next   int // the first event that has not started at mixPos
	voices []sounding
	sounds []sounding // the tones
	err    error
	y, out []float32 // scratch
	t      []float32 // scratch: the tones, before their envelope
}

type toneKey struct {
	sound  script.Sound
	length int
}

// voiceClip is a phrase's clip, packed, with its loudness.
type voiceClip struct {
	packed packedClip
	prof   []float32
	peak   float32 // in 16-bit units
	held   bool    // packed is kept for the whole session
	first  int     // the first and last events that say it
	last   int
}

// toneSound is a synthesised tone, as 16 bits scaled to its own peak. The
// breath tones sound for most of a session and are kept as they are; the
// bells sound now and then and are kept packed (a struck bell packs to a
// third of its 16 bits), to be unpacked as they sound.
type toneSound struct {
	pcm    []int16
	packed packedClip // when pcm is nil
	scale  float32    // each 16-bit sample times scale is the tone's
	prof   []float32
	peak   float32
}

// sounding is an event's 16-bit samples while it sounds: the whole clip, or
// a packed one unpacked as it plays.
type sounding struct {
	index int // into tl.Events
	n     int // the samples it sounds for
	pcm   []int16
	u     *unpacker // when pcm is nil
	scale float32   // each 16-bit sample times scale is the sound's
	peak  float32   // of the samples, in 16-bit units
}

// samples returns the sound's samples from i, up to j or as far as it has
// them at once.
func (v *sounding) samples(i, j int) []int16 {
	if v.u != nil {
		return v.u.samples(i, j)
	}
	return v.pcm[i:j]
}

// The session's limiter: a 3 ms look-ahead, and half a second to recover
// from the deepest reduction.
const (
	limiterAttack  = 3 * time.Millisecond
	limiterRelease = 500 * time.Millisecond
)

// mixBlock is the most samples mixed at once.
const mixBlock = 4096

// voiceBudget bounds the memory of the clips a session keeps for its whole
// length: packed, about 8 minutes of distinct speech. A routine with more
// decodes each clip again when it is said (and, while playing, on the
// audio thread: the device may then run short).
const voiceBudget = 24 << 20

// NewSession returns a session that plays tl with the clips from clips,
// mixed as mix says. Without a Mix (only the first is used) it plays the
// levels as they are: no ducking, no ambience, no normalisation.
// A clip that cannot be decoded is reported by Err, and the session then
// streams nothing.
func NewSession(tl *script.Timeline, clips Clips, levels Levels, mix ...Mix) *Session {
	s := &Session{
		tl: tl, clips: clips, levels: levels,
		voice: map[string]*voiceClip{},
		tones: map[toneKey]*toneSound{},
	}
	if len(mix) > 0 {
		s.mix = mix[0]
	}
	if s.mix.Style == "" {
		s.mix.Style = Bowl
	}
	s.played = make([]bool, len(tl.Events))
	for i, e := range tl.Events {
		switch {
		case e.Length <= 0 || e.Start >= tl.Length:
		case e.Sound == script.Speech:
			s.played[i] = levels.Voice > 0
		case isBreath(e.Sound):
			s.played[i] = levels.Tones > 0 && !s.mix.NoBreath
		case isTone(e.Sound):
			s.played[i] = levels.Tones > 0
		}
	}
	if err := s.prepare(); err != nil {
		s.err = err
		return s
	}
	s.plan()
	if s.mix.Loudness != 0 {
		s.lim = dsp.NewLimiter(script.Rate, DefaultCeiling, limiterAttack, limiterRelease)
	}
	s.y, s.out, s.t = make([]float32, mixBlock), make([]float32, mixBlock), make([]float32, mixBlock)
	s.err = s.Seek(0)
	return s
}

// prepare decodes every phrase and synthesises every tone the session
// plays, on all cores, and measures their loudness.
func (s *Session) prepare() error {
	type job struct {
		text string
		key  toneKey
		err  error
	}
	var jobs []*job
	for i, e := range s.tl.Events {
		if !s.played[i] {
			continue
		}
		if e.Sound == script.Speech {
			c, ok := s.voice[e.Text]
			if !ok {
				c = &voiceClip{first: i}
				s.voice[e.Text] = c
				if pr, ok := s.clips.Profile(e.Text); ok {
					c.prof = pr
				} else {
					jobs = append(jobs, &job{text: e.Text})
				}
			}
			c.last = i
			continue
		}
		k := toneKey{e.Sound, e.Length}
		if _, ok := s.tones[k]; !ok {
			s.tones[k] = &toneSound{}
			jobs = append(jobs, &job{key: k})
		}
	}
	var mu sync.Mutex
	var bytes int
	do := func(j *job) {
		if j.text == "" {
			t := s.tones[j.key]
			x := s.mix.Style.Tone(j.key.sound, j.key.length)
			t.prof = dsp.ProfileFloat(x)
			t.pcm, t.scale, t.peak = dsp.Quantize(x)
			if !isBreath(j.key.sound) {
				t.packed, t.pcm = packPCM(t.pcm), nil
			}
			return
		}
		c, err := s.clips.Clip(j.text)
		if err != nil {
			j.err = err
			return
		}
		v := s.voice[j.text]
		v.prof = dsp.Profile(c)
		v.packed, v.peak = packPCM(c), float32(dsp.Peak(c))
		mu.Lock()
		bytes += v.packed.size()
		mu.Unlock()
	}
	// Phrases are asked for in the order they are first spoken (a
	// prefetcher decodes them in that order too), on up to four cores.
	q := make(chan *job, len(jobs))
	for _, j := range jobs {
		q <- j
	}
	close(q)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), 4, len(jobs)) {
		wg.Go(func() {
			for j := range q {
				do(j)
			}
		})
	}
	wg.Wait()
	for _, j := range jobs { // report the earliest phrase that failed
		if j.err != nil {
			e := s.tl.Events[s.voice[j.text].first]
			return fmt.Errorf("at %s: %w", script.Clock(e.Start), j.err)
		}
	}
	held := bytes <= voiceBudget
	for _, v := range s.voice {
		v.held = held && v.packed.n > 0
		if !v.held {
			v.packed = packedClip{}
		}
	}
	return nil
}

// plan works out the session's loudness from its sounds' profiles, and the
// gains that bring it to the target.
func (s *Session) plan() {
	var speech []duckSpan
	if s.levels.Voice > 0 {
		for i, e := range s.tl.Events {
			if s.played[i] && e.Sound == script.Speech {
				speech = append(speech, duckSpan{e.Start, e.End()})
			}
		}
	}
	s.duck = newDucker(s.mix.Duck, speech)
	s.tDuck = newToneDucker(s.mix.Duck, speech)
	duck2 := func(pos int) float64 { g := s.duck.gain(pos); return g * g }
	tDuck2 := func(pos int) float64 { g := s.tDuck.gain(pos); return g * g }

	p := newEnergyPlan(s.tl.Length)
	v2, t2 := s.levels.Voice*s.levels.Voice, s.levels.Tones*s.levels.Tones
	for i, e := range s.tl.Events {
		if !s.played[i] {
			continue
		}
		if e.Sound == script.Speech {
			pr := s.voice[e.Text].prof
			pr = pr[:min(len(pr), dsp.ProfileLen(e.Length))]
			p.addProfile(e.Start, pr, func(int) float64 { return v2 })
			continue
		}
		p.addProfile(e.Start, s.tones[toneKey{e.Sound, e.Length}].prof, func(pos int) float64 { return t2 * tDuck2(pos) })
	}
	if a := s.mix.Ambience; a != nil {
		for pos := 0; pos < s.tl.Length; pos += profChunk {
			mid := pos + profChunk/2
			f := ambienceFade(mid, s.tl.Length)
			p.add(pos, a.energy(pos, min(pos+profChunk, s.tl.Length))*f*f*duck2(mid))
		}
	}
	gain := 1.0
	s.level.Measured = p.loudness(0)
	if s.mix.Loudness != 0 {
		s.level.Gain = p.gainFor(s.mix.Loudness)
		gain = math.Pow(10, s.level.Gain/20)
	}
	s.vGain = float32(s.levels.Voice * gain / 32768)
	s.tGain = float32(s.levels.Tones * gain)
	s.aGain = float32(gain)
}

// Level reports the session's loudness before normalisation and the gain
// that normalised it.
func (s *Session) Level() Level { return s.level }

// Stream mixes the next len(samples) samples of the session.
func (s *Session) Stream(samples [][2]float64) (int, bool) {
	if s.err != nil || s.pos >= s.tl.Length {
		return 0, false
	}
	n := min(len(samples), s.tl.Length-s.pos)
	for done := 0; done < n; {
		m := min(n-done, mixBlock)
		out := s.out[:m]
		if err := s.render(out); err != nil {
			s.err = err
			if done == 0 {
				return 0, false
			}
			return done, true
		}
		dst := samples[done : done+m]
		for i, v := range out {
			dst[i] = [2]float64{float64(v), float64(v)}
		}
		done += m
	}
	return n, true
}

// StreamMono is Stream for one channel: the session's own mix, which Stream
// puts on both. It is what export.Render writes.
func (s *Session) StreamMono(samples []float32) (int, bool) {
	if s.err != nil || s.pos >= s.tl.Length {
		return 0, false
	}
	n := min(len(samples), s.tl.Length-s.pos)
	for done := 0; done < n; {
		m := min(n-done, mixBlock)
		if err := s.render(samples[done : done+m]); err != nil {
			s.err = err
			if done == 0 {
				return 0, false
			}
			return done, true
		}
		done += m
	}
	return n, true
}

// render writes the next len(out) samples (at most mixBlock samples) to out.
func (s *Session) render(out []float32) error {
	y := s.y[:len(out)]
	bound, err := s.mixInto(y, s.mixPos)
	if err != nil {
		return err
	}
	s.mixPos += len(y)
	if s.lim != nil {
		s.lim.Process(y, out, bound*1.0001 < s.lim.Quiet())
	} else {
		copy(out, y)
	}
	s.pos += len(out)
	return nil
}

// mixInto mixes the session's samples [from, from+len(y)) into y: the
// ambience and the tones, each under its envelope, then the voice.
func (s *Session) mixInto(y []float32, from int) (bound float32, err error) {
	clear(y)
	to := from + len(y)
	events := s.tl.Events
	for s.next < len(events) && events[s.next].Start < to {
		if err := s.start(s.next); err != nil {
			return 0, err
		}
		s.next++
	}
	// bound is at least the largest sample: the sum of the sounds' peaks.
	if a := s.mix.Ambience; a != nil && from < s.tl.Length {
		a.add(y, from, s.tl.Length, s.aGain)
		bound += s.aGain * a.scale * 32767
		if s.duck.active(from, to) {
			s.duck.apply(y, from)
		}
	}
	// The tones go straight into y, unless their envelope is under 1 here.
	tones, ducked := y, s.tDuck.active(from, to)
	if ducked {
		tones = s.t[:len(y)]
		clear(tones)
	}
	keep := s.sounds[:0]
	for _, v := range s.sounds {
		mixed, more := v.add(tones, from, events[v.index].Start, s.tGain*v.scale)
		if mixed {
			bound += s.tGain * v.peak
		}
		if more {
			keep = append(keep, v)
		}
	}
	clear(s.sounds[len(keep):])
	s.sounds = keep
	if ducked {
		s.tDuck.apply(tones, from)
		for i, v := range tones {
			y[i] += v
		}
	}
	keepV := s.voices[:0]
	for _, v := range s.voices {
		mixed, more := v.add(y, from, events[v.index].Start, s.vGain)
		if mixed {
			bound += s.vGain * v.peak
		}
		if more {
			keepV = append(keepV, v)
		}
	}
	clear(s.voices[len(keepV):]) // let go of the clips that have been said
	s.voices = keepV
	return bound, nil
}

// add adds the sound, which starts at sample start, times g into y, which
// holds the samples from from on. It reports whether any of the sound fell
// in y, and whether it goes on past y.
func (v *sounding) add(y []float32, from, start int, g float32) (mixed, more bool) {
	to := from + len(y)
	lo, hi := max(start, from), min(start+v.n, to)
	for i := lo; i < hi; {
		data := v.samples(i-start, hi-start)
		dst := y[i-from : i-from+len(data)]
		for k, x := range data {
			dst[k] += float32(x) * g
		}
		i += len(data)
	}
	return lo < hi, start+v.n > to
}

// start makes event i sound.
func (s *Session) start(i int) error {
	if !s.played[i] {
		return nil
	}
	e := s.tl.Events[i]
	if e.Sound != script.Speech {
		t := s.tones[toneKey{e.Sound, e.Length}]
		v := sounding{index: i, n: len(t.pcm), pcm: t.pcm, scale: t.scale, peak: t.peak}
		if t.pcm == nil {
			v.n, v.u = t.packed.n, newUnpacker(t.packed)
		}
		s.sounds = append(s.sounds, v)
		return nil
	}
	v := s.voice[e.Text]
	if v.packed.n > 0 {
		s.voices = append(s.voices, sounding{index: i, n: min(v.packed.n, e.Length), u: newUnpacker(v.packed), scale: 1, peak: v.peak})
		if !v.held && i >= v.last {
			v.packed = packedClip{} // said for the last time
		}
		return nil
	}
	// Not kept from the start: decode it now, and keep it packed if it is
	// said again. The clip is only read, never reused: it may be its
	// source's.
	c, err := s.clips.Clip(e.Text)
	if err != nil {
		return fmt.Errorf("at %s: %w", script.Clock(e.Start), err)
	}
	v.peak = float32(dsp.Peak(c))
	if i < v.last {
		v.packed = packPCM(c)
	}
	s.voices = append(s.voices, sounding{index: i, n: min(len(c), e.Length), pcm: c, scale: 1, peak: v.peak})
	return nil
}

// Err returns the error that stopped the session, such as a clip that
// could not be decoded.
func (s *Session) Err() error { return s.err }

// Len returns the session's length in samples.
func (s *Session) Len() int { return s.tl.Length }

// Position returns the next sample to be streamed.
func (s *Session) Position() int { return s.pos }

// Seek moves to sample p: events already sounding at p resume mid-way. The
// samples that follow are the same as streaming from the start would give.
func (s *Session) Seek(p int) error {
	if p < 0 || p > s.tl.Length {
		return fmt.Errorf("seek to %d outside the session's 0 to %d samples", p, s.tl.Length)
	}
	if s.err != nil {
		return s.err
	}
	// The limiter needs to have heard what came before p to be in the
	// state it would be in: start it early enough and drop what it says.
	from, delay := p, 0
	if s.lim != nil {
		from, delay = max(0, p-s.lim.Warmup()), s.lim.Delay()
		s.lim.Reset()
	}
	s.voices, s.sounds, s.next = s.voices[:0], s.sounds[:0], 0
	for i, e := range s.tl.Events {
		if e.Start >= from {
			break
		}
		s.next = i + 1
		if e.End() > from {
			if err := s.start(i); err != nil {
				return err
			}
		}
	}
	s.mixPos, s.pos = from, from-delay
	for s.pos < p {
		if err := s.render(s.out[:min(mixBlock, p-s.pos)]); err != nil {
			return err
		}
	}
	return nil
}
