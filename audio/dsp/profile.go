package dsp

// A loudness profile is a sound's K-weighted energy (the sum of squares of
// its K-weighted samples) in each ProfileChunk of samples from its start,
// its filter ring-out (ProfileTail chunks) included. A session adds up its
// sounds' profiles, each at its place and gain, to know its integrated
// loudness before it plays a sample; a voice pack stores each clip's.
const (
	// ProfileRate is the rate profiles are measured at: guide's output rate.
	ProfileRate = 44100
	// ProfileChunk is a profile's resolution: 10 ms.
	ProfileChunk = ProfileRate / 100
	// ProfileTail is how long a K-weighted sound rings on after its end, in
	// chunks.
	ProfileTail = 5
)

// ProfileLen is the length of the profile of a sound of n samples.
func ProfileLen(n int) int { return (n+ProfileChunk-1)/ProfileChunk + ProfileTail }

// Profile measures the loudness profile of 16-bit mono samples at
// ProfileRate (each sample x standing for x/32768).
func Profile(pcm []int16) []float32 {
	var buf [ProfileChunk]float32
	return profileOf(len(pcm), func(from, to int) []float32 {
		x := buf[:to-from]
		for i, v := range pcm[from:to] {
			x[i] = FromInt16(v)
		}
		return x
	})
}

// ProfileFloat measures the loudness profile of float mono samples at
// ProfileRate.
func ProfileFloat(x []float32) []float32 {
	return profileOf(len(x), func(from, to int) []float32 { return x[from:to] })
}

// profileOf measures the profile of n samples, given by chunk, followed by
// silence.
func profileOf(n int, chunk func(from, to int) []float32) []float32 {
	k := NewKFilter(ProfileRate)
	var silence [ProfileChunk]float32
	p := make([]float32, ProfileLen(n))
	for c := range p {
		from, to := c*ProfileChunk, (c+1)*ProfileChunk
		var e float64
		if from < n {
			e = k.Energy(chunk(from, min(to, n)))
		}
		if to > n {
			e += k.Energy(silence[:to-max(from, n)])
		}
		p[c] = float32(e)
	}
	return p
}
