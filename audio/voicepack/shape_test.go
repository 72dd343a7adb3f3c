package voicepack

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/wav"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// noise is a reproducible white noise of unit variance: xorshift64*, the
// sum of four uniforms. It is the test's own, so the golden hashes do not
// depend on math/rand's algorithms.
type noise uint64

func (n *noise) next() float64 {
	var sum float64
	for range 4 {
		*n ^= *n >> 12
		*n ^= *n << 25
		*n ^= *n >> 27
		u := uint64(*n) * 2685821657736338717
		sum += float64(u>>11)/(1<<53) - 0.5
	}
	return sum * math.Sqrt(3) // four uniforms on [-0.5, 0.5) have variance 1/3
}

// spoken returns pad samples of noise at noiseDB (none when -Inf), then a
// voice-like buzz peaking at level for n samples, then pad samples of
// noise, at Rate, as 16 bits (clipped at full scale).
func spoken(pad, n int, level, noiseDB float64) []int16 {
	r := noise(0x9e3779b97f4a7c15)
	c := make([]int16, pad+n+pad)
	amp := math.Pow(10, noiseDB/20)
	for i := range c {
		v := amp * r.next()
		if j := i - pad; j >= 0 && j < n {
			x := float64(j) / Rate
			env := min(1, float64(j)/200, float64(n-j)/200) // 4.5 ms edges
			v += level * env * (0.6*math.Sin(2*math.Pi*150*x) + 0.3*math.Sin(2*math.Pi*450*x) + 0.1*math.Sin(2*math.Pi*2500*x))
		}
		c[i] = dsp.ToInt16(float32(v))
	}
	return c
}

// peaky is spoken with a sharp click of the given peak every 50 ms, far
// louder than the words: Shape must limit it to reach its loudness.
func peaky(pad, n int, click float64) []int16 {
	c := spoken(pad, n, 0.05, math.Inf(-1))
	for at := pad + 1000; at+20 < pad+n; at += Rate / 20 {
		for i := range 20 {
			c[at+i] = int16(click * math.Sin(math.Pi*float64(i)/20) * float64(1-2*(i%2)))
		}
	}
	return c
}

func TestShape(t *testing.T) {
	const n = Rate // one second of "speech"
	lead, tail := Rate*leadInMS/1000, Rate*tailMS/1000
	win := Rate / 200
	tests := []struct {
		name    string
		c       []int16
		minLen  int
		maxLen  int
		wantErr error
	}{
		{"synthetic, digital silence around", spoken(Rate/2, n, 0.5, math.Inf(-1)), n + lead + tail - win, n + lead + tail + 2*win, nil},
		{"quiet", spoken(Rate/4, n, 0.02, math.Inf(-1)), n + lead + tail - win, n + lead + tail + 2*win, nil},
		{"loud, clipping", spoken(Rate/4, n, 1.5, math.Inf(-1)), n + lead + tail - win, n + lead + tail + 2*win, nil},
		// Room hiss at -50 dBFS is not speech: it is trimmed like silence.
		{"recorded, room noise around", spoken(Rate, n, 0.3, -50), n + lead + tail - win, n + lead + tail + 2*win, nil},
		{"peaky, limited", peaky(Rate/4, n, 8000), n + lead + tail - 2*win, n + lead + tail + 2*win, nil},
		// Needing more than maxLimitDB of limiting, it is made quieter instead.
		{"peaky, too peaky to reach the target", peaky(Rate/4, n, 20000), n + lead + tail - 2*win, n + lead + tail + 2*win, nil},
		{"no room to trim", spoken(0, n, 0.3, math.Inf(-1)), n - win, n + win, nil},
		{"silent", make([]int16, Rate), 0, 0, ErrSilent},
		{"too short", make([]int16, 100), 0, 0, ErrNoSound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pcm, rep, err := Shape(tt.c)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v; want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if len(pcm) < tt.minLen || len(pcm) > tt.maxLen {
				t.Errorf("%d samples; want %d to %d", len(pcm), tt.minLen, tt.maxLen)
			}
			if rep.Speech < n-2*win || rep.Speech > n+win {
				t.Errorf("report: %d samples of speech; want about %d", rep.Speech, n)
			}
			s := make([]float64, len(pcm))
			peak := 0.0
			for i, v := range pcm {
				s[i] = float64(v) / 32768
				peak = max(peak, math.Abs(s[i]))
			}
			quieter := strings.Contains(tt.name, "too peaky")
			if l := dsp.Loudness(s, Rate); math.Abs(rep.LUFS-l) > 0.01 {
				t.Errorf("loudness %.3f LUFS; the report says %.3f", l, rep.LUFS)
			} else if !quieter && math.Abs(l-TargetLUFS) > 0.05 {
				t.Errorf("loudness %.3f LUFS; want %v", l, TargetLUFS)
			} else if quieter && (l > TargetLUFS-0.5 || math.Abs(rep.Reduction-maxLimitDB) > 0.05) {
				t.Errorf("loudness %.3f LUFS, limited by %.2f dB; want it quieter than %v, limited by %d dB", l, rep.Reduction, TargetLUFS, maxLimitDB)
			}
			if db := 20 * math.Log10(peak); db > peakDBFS+0.01 || math.Abs(db-rep.Peak) > 0.01 {
				t.Errorf("peak %.2f dBFS (report %.2f); want at most %v", db, rep.Peak, peakDBFS)
			}
			if strings.HasPrefix(tt.name, "peaky") && (rep.Reduction <= 1 || rep.Reduction > maxLimitDB+0.01) {
				t.Errorf("limited by %.2f dB; want the limiter to work, by at most %d dB", rep.Reduction, maxLimitDB)
			} else if !strings.HasPrefix(tt.name, "peaky") && rep.Reduction > 3 {
				t.Errorf("limited by %.2f dB; want little limiting of a clip that is not peaky", rep.Reduction)
			}
			if first := pcm[0]; math.Abs(float64(first)) > 2 {
				t.Errorf("first sample %d: want the fade in to start from silence", first)
			}
			if last := pcm[len(pcm)-1]; math.Abs(float64(last)) > 2 {
				t.Errorf("last sample %d: want the fade out to end in silence", last)
			}
		})
	}
}

// shapeGolden is where TestShapeIsReproducible keeps the hashes: per
// architecture, since the compiler fuses multiply-adds on some (arm64,
// ppc64, s390x), which may change the last bit of a float now and then.
// (amd64 gives the same hashes with GOAMD64=v1 and v3.)
func shapeGolden() string { return filepath.Join("testdata", "shape-"+runtime.GOARCH+".sha256") }

// TestShapeIsReproducible: fixed inputs give the samples they gave when
// the hashes were stored, so the built-in pack is byte-for-byte
// reproducible and a change to the shaping shows. go test -update stores
// the hashes again.
func TestShapeIsReproducible(t *testing.T) {
	inputs := []struct {
		name string
		c    []int16
	}{
		{"recorded", spoken(Rate/3, Rate/2, 0.4, -70)},
		{"room-noise", spoken(Rate/2, Rate/2, 0.3, -50)},
		{"clipped", spoken(Rate/4, Rate/2, 1.5, math.Inf(-1))},
		{"limited", peaky(Rate/4, Rate/2, 8000)},
		{"quieter", peaky(Rate/4, Rate/2, 20000)},
	}
	var got bytes.Buffer
	for _, in := range inputs {
		pcm, rep, err := Shape(in.c)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(wav.AppendS16LE(nil, pcm))
		fmt.Fprintf(&got, "%s  %s\n", hex.EncodeToString(sum[:]), in.name)
		t.Logf("%s: %d samples, %.3f LUFS, peak %.3f dBFS, limited %.2f dB", in.name, len(pcm), rep.LUFS, rep.Peak, rep.Reduction)
	}
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(shapeGolden(), got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(shapeGolden())
	if os.IsNotExist(err) {
		t.Skipf("no %s for this architecture; go test -update writes it", shapeGolden())
	}
	if err != nil {
		t.Fatal(err)
	}
	wantSums := map[string]string{}
	for sc := bufio.NewScanner(bytes.NewReader(want)); sc.Scan(); {
		if sum, name, ok := strings.Cut(sc.Text(), "  "); ok {
			wantSums[name] = sum
		}
	}
	for sc := bufio.NewScanner(&got); sc.Scan(); {
		sum, name, _ := strings.Cut(sc.Text(), "  ")
		if w, ok := wantSums[name]; !ok {
			t.Errorf("%s: no hash in %s; go test -update stores it", name, shapeGolden())
		} else if sum != w {
			t.Errorf("%s: the shaped samples hash to %s; %s says %s. If the shaping changed on purpose, run go test -update and make voice", name, sum, shapeGolden(), w)
		}
	}
}
