package audio

import (
	"io/fs"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/sessions"
)

func TestPackPCMIsLossless(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := map[string][]int16{"empty": nil, "one": {-32768}, "short": {1, -2, 3}}
	noise := make([]int16, 10000)
	for i := range noise {
		noise[i] = int16(rng.IntN(65536) - 32768)
	}
	cases["full-scale noise"] = noise
	sine := make([]int16, 3*packBlock+17)
	for i := range sine {
		sine[i] = int16(30000 * math.Sin(float64(i)*0.01))
	}
	cases["sine"] = sine
	edges := make([]int16, 5000)
	for i := range edges {
		edges[i] = []int16{32767, -32768}[i%2]
	}
	cases["alternating extremes"] = edges
	for name, x := range cases {
		if got := unpackAll(packPCM(x)); !slices.Equal(got, x) {
			t.Errorf("%s: unpacked samples differ", name)
		}
	}
}

// unpackAll unpacks the whole of p, as a session does while it sounds.
func unpackAll(p packedClip) []int16 {
	out := make([]int16, 0, p.n)
	u := newUnpacker(p)
	for len(out) < p.n {
		out = append(out, u.samples(len(out), p.n)...)
	}
	return out
}

// TestUnpackerInWindows reads packed clips as a session mixes them: in
// windows of any size, from the start or from part way (after a seek).
func TestUnpackerInWindows(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]int16, 3*packBlock+999)
	for i := range x {
		x[i] = int16(20000*math.Sin(float64(i)*0.003) + float64(rng.IntN(2000)-1000))
	}
	p := packPCM(x)
	for _, c := range []struct{ from, window int }{
		{0, 1}, {0, 17}, {0, mixBlock}, {0, packBlock + 1}, {0, len(x)},
		{1, 300}, {packBlock - 1, 2}, {packBlock, 4095}, {2*packBlock + 5, 1000}, {len(x) - 1, 10},
	} {
		u := newUnpacker(p)
		for i := c.from; i < len(x); {
			j := min(i+c.window, len(x))
			got := u.samples(i, j)
			if len(got) == 0 || len(got) > j-i {
				t.Fatalf("from %d in windows of %d: samples(%d, %d) gave %d", c.from, c.window, i, j, len(got))
			}
			if !slices.Equal(got, x[i:i+len(got)]) {
				t.Fatalf("from %d in windows of %d: samples(%d, %d) differ", c.from, c.window, i, j)
			}
			i += len(got)
		}
	}
}

func TestPackPCMHalvesSpeech(t *testing.T) {
	files, _ := fs.Glob(sessions.FS, "voice/*.flac")
	var raw, packed int
	for _, f := range files[:min(len(files), 12)] {
		data, _ := fs.ReadFile(sessions.FS, f)
		x, err := voicepack.Decode(f, data)
		if err != nil {
			t.Fatal(err)
		}
		p := packPCM(x)
		if got := unpackAll(p); !slices.Equal(got, x) {
			t.Fatalf("%s: unpacked samples differ", f)
		}
		raw += 2 * len(x)
		packed += p.size()
	}
	if raw == 0 {
		t.Fatal("no clips in sessions/voice")
	}
	t.Logf("speech packs to %.0f%% of 16 bits", 100*float64(packed)/float64(raw))
	if packed > raw*7/10 {
		t.Errorf("speech packs to %d of %d bytes; want at most 70%%", packed, raw)
	}
}
