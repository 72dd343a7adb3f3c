package audio

import (
	"math"
	"slices"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/script"
)

// DefaultLoudness is the integrated loudness a session is normalised to, in
// LUFS: the level spoken-word podcasts and phone players expect.
const DefaultLoudness = -16.0

// DefaultCeiling is the true-peak ceiling of a session, in dBTP. It is half
// a decibel under -1 dBTP: a meter that oversamples at another ratio (ffmpeg
// resamples to 192 kHz) may see a little more than ours.
const DefaultCeiling = -1.5

// gateSegment is the step of BS.1770's gating blocks: 100 ms.
const gateSegment = script.Rate / 10

// profChunk is the resolution of the sounds' loudness profiles: 10 ms.
const profChunk = dsp.ProfileChunk

// energyPlan adds up the K-weighted energy of a session's sounds in 100 ms
// segments, as mono.
type energyPlan struct {
	segs   []float64
	length int
}

func newEnergyPlan(length int) *energyPlan {
	return &energyPlan{segs: make([]float64, length/gateSegment+1), length: length}
}

// add adds energy e at sample pos spread over one chunk.
func (p *energyPlan) add(pos int, e float64) {
	if pos < 0 || pos >= p.length || e == 0 {
		return
	}
	s := pos / gateSegment
	if end := pos + profChunk; end <= (s+1)*gateSegment || s+1 >= len(p.segs) {
		p.segs[s] += e
	} else {
		f := float64(end-(s+1)*gateSegment) / profChunk
		p.segs[s] += e * (1 - f)
		p.segs[s+1] += e * f
	}
}

// addProfile adds a sound with profile pr starting at sample start, at
// gain(pos) squared.
func (p *energyPlan) addProfile(start int, pr []float32, gain2 func(pos int) float64) {
	for c, e := range pr {
		pos := start + c*profChunk
		if pos >= p.length {
			break
		}
		p.add(pos, float64(e)*gain2(pos+profChunk/2))
	}
}

// loudness returns the integrated loudness of the planned session played in
// stereo (the mono mix on both channels) with a gain of gainDB, in LUFS.
// The absolute gate makes it more than the loudness at 0 dB plus gainDB
// when quiet parts rise over -70 LUFS.
func (p *energyPlan) loudness(gainDB float64) float64 {
	full := p.length / gateSegment
	segs := slices.Clone(p.segs[:full])
	g := 2 * math.Pow(10, gainDB/10) // two channels
	for i := range segs {
		segs[i] *= g
	}
	return dsp.Integrated(segs, gateSegment)
}

// gainFor returns the gain in dB that brings the planned session to target
// LUFS, or 0 if it is silent.
func (p *energyPlan) gainFor(target float64) float64 {
	l := p.loudness(0)
	if math.IsInf(l, 0) {
		return 0
	}
	gain := target - l
	for range 8 {
		l := p.loudness(gain)
		if math.IsInf(l, 0) || math.Abs(l-target) < 0.005 {
			break
		}
		gain += target - l
	}
	return gain
}
