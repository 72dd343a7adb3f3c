package dsp

import "math"

// guide's one 16-bit convention: a 16-bit sample x is the float x/32768,
// so every 16-bit value has an exact float; a float v is written as
// ToInt16(v), v*32767 rounded half away from zero and clipped at ±32767,
// so full scale never wraps and ±1 stays symmetric. Decoded 16-bit audio
// (MP3, 16-bit WAV) stays 16-bit and is never rounded a second time.

// FromInt16 is the float a 16-bit sample stands for.
func FromInt16(x int16) float32 { return float32(x) / 32768 }

// ToInt16 rounds a sample to 16 bits (halves away from zero), clipping at
// full scale.
func ToInt16(v float32) int16 {
	// Clamped with branches, which are as good as free (a sample is
	// almost never over full scale): Go's min and max of floats keep NaN
	// and the sign of 0, and cost several times as much.
	x := v * 32767
	if x > 32767 {
		x = 32767
	} else if x < -32767 {
		x = -32767
	}
	return round16(x)
}

// round16 rounds x, in 16-bit range, to the nearest integer, halves away
// from zero. It has no branches: the sign of audio is unpredictable, and
// branching on it costs three times as much.
func round16(x float32) int16 {
	half := math.Float32frombits(math.Float32bits(x)&(1<<31) | math.Float32bits(0.5)) // ±0.5, x's sign
	return int16(x + half)
}

// Peak returns the largest magnitude in p.
func Peak(p []int16) int32 {
	var m int32
	for _, v := range p {
		m = max(m, int32(v), -int32(v))
	}
	return m
}

// Quantize stores x as 16 bits scaled to its own peak, so that quiet
// sounds keep their resolution: x[i] is pcm[i]*scale, to within half a
// step of 16 bits. peak is x's largest magnitude; silence gives zeros and a
// scale of 0.
func Quantize(x []float32) (pcm []int16, scale, peak float32) {
	var bits uint32 // of the largest magnitude: the bits of non-negative floats order as they do
	for _, v := range x {
		bits = max(bits, math.Float32bits(v)&0x7fffffff)
	}
	peak = math.Float32frombits(bits)
	pcm = make([]int16, len(x))
	if peak > 0 {
		scale = peak / 32767
		k := 32767 / peak
		for i, v := range x {
			pcm[i] = round16(v * k)
		}
	}
	return pcm, scale, peak
}
