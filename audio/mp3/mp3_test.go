package mp3

import (
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/flac"
	"github.com/stretchguide/guide/audio/internal/testclip"
	"github.com/stretchguide/guide/internal/testtool"
	"github.com/stretchguide/guide/sessions"
)

func TestDecodeSeeds(t *testing.T) {
	tests := []struct {
		name       string
		data       []byte
		len, click int
	}{
		{"vbr lame tag", testclip.SeedVBR, testclip.SeedVBRLen, testclip.SeedVBRClick},
		{"no tag", testclip.SeedNoTag, testclip.SeedNoTagLen, testclip.SeedNoTagClick},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rate, err := Decode(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if rate != 44100 {
				t.Errorf("rate = %d; want 44100", rate)
			}
			if got, want := len(c), tt.len; got != want {
				t.Errorf("length = %d; want %d", got, want)
			}
			if got, want := testclip.PeakAt(c[:4000+576]), tt.click; got < want-2 || got > want+2 {
				t.Errorf("click at %d; want %d (±2)", got, want)
			}
			// Samples knows the length from the headers alone.
			if n, r, err := Samples(tt.data); err != nil || n != len(c) || r != rate {
				t.Errorf("Samples = %d, %d, %v; want %d, %d", n, r, err, len(c), rate)
			}
		})
	}
}

// TestDecodeIsSampleExact decodes lame's and ffmpeg's files at their own
// rates: with a LAME tag the samples have exactly the length and timing of
// what was encoded; without one, the documented best effort.
func TestDecodeIsSampleExact(t *testing.T) {
	for _, e := range testclip.Encodings {
		if e.Tool == "" {
			continue
		}
		t.Run(e.Name, func(t *testing.T) {
			data := e.Encode(t, testclip.Click)
			c, rate, err := Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			if rate != e.Rate {
				t.Errorf("rate = %d; want %d", rate, e.Rate)
			}
			n := e.Len()
			if got, lo, hi := len(c), n+e.Shift, n+e.Extra; got < lo || got > hi {
				t.Errorf("length = %d samples; want %d to %d", got, lo, hi)
			}
			click := int(math.Round(float64(testclip.SigClick)*float64(e.Rate)/testclip.Rate)) + e.Shift
			if got := testclip.PeakAt(c); got < click-2 || got > click+2 {
				t.Errorf("impulse at sample %d; want %d (±2)", got, click)
			}
			if got, r, err := Samples(data); err != nil || got != len(c) || r != rate {
				t.Errorf("Samples = %d, %d, %v; want %d, %d", got, r, err, len(c), rate)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	mp3 := testclip.SeedVBR
	random := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	tests := []struct {
		name string
		data []byte
		want string // the error, or how it starts
	}{
		{"empty", nil, ErrNotMP3.Error()},
		{"random", random, ErrNotMP3.Error()},
		{"text", []byte("Breathe in.\n"), ErrNotMP3.Error()},
		{"cut in the info frame", mp3[:100], "truncated after 0 frames"},
		{"cut mid-frame", mp3[:len(mp3)-50], "truncated after"},
		{"cut at a frame", mp3[:len(mp3)/2], "truncated after"},
		{"header only", mp3[:3], ErrNotMP3.Error()},
		{"id3 only", []byte("ID3\x03\x00\x00\x00\x00\x01\x00"), "truncated in its ID3v2 tag (10 of 138 bytes)"},
		{"bad id3 size", []byte("ID3\x03\x00\x00\x80\x00\x00\x00"), "malformed ID3v2 tag"},
		{"layer 2", append([]byte{0xff, 0xfd, 0x90, 0xc4}, make([]byte, 400)...), "MPEG layer 2 audio is not supported; want MP3 (layer 3)"},
		{"mpeg 2.5", append([]byte{0xff, 0xe3, 0x90, 0xc4}, make([]byte, 400)...), "MPEG-2.5 audio (8 to 12 kHz) is not supported"},
		{"free format", append([]byte{0xff, 0xfb, 0x00, 0xc4}, make([]byte, 400)...), "free-format MP3 is not supported"},
		{"junk after", append(slices.Clone(mp3), "not a tag at all"...), "unexpected data at byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, err := Decode(tt.data)
			if err == nil {
				t.Fatalf("got %d samples; want an error %q", len(c), tt.want)
			}
			if got := err.Error(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("error = %q; want it to start with %q", got, tt.want)
			}
			if tt.want == ErrNotMP3.Error() && !errors.Is(err, ErrNotMP3) {
				t.Errorf("error %q is not ErrNotMP3", err)
			}
			// Samples reads the same headers: what they get wrong it reports too.
			if _, _, serr := Samples(tt.data); serr == nil {
				t.Errorf("Samples found no error in what Decode reports as %q", err)
			}
		})
	}
	// Tags after the last frame are allowed.
	for _, tag := range []string{"TAG", "APETAGEX", "LYRICSBEGIN", "ID3"} {
		c, _, err := Decode(append(slices.Clone(mp3), tag+" and the rest of it"...))
		if err != nil || len(c) != testclip.SeedVBRLen {
			t.Errorf("a %s tag at the end: %d samples, %v; want %d", tag, len(c), err, testclip.SeedVBRLen)
		}
	}
}

// pcmSignal is half a second of a voice-like buzz with faded edges, 16-bit.
func pcmSignal() []int16 {
	n := testclip.Rate / 2
	pcm := make([]int16, n)
	for i := range pcm {
		x := float64(i) / testclip.Rate
		env := min(1, float64(i)/400, float64(n-i)/400)
		pcm[i] = int16(math.Round(8000 * env * (0.6*math.Sin(2*math.Pi*150*x) + 0.3*math.Sin(2*math.Pi*450*x) + 0.1*math.Sin(2*math.Pi*2500*x))))
	}
	return pcm
}

func TestEncode(t *testing.T) {
	testtool.Need(t, "lame", "lame")
	if err := EncoderInstalled(); err != nil {
		t.Fatalf("EncoderInstalled = %v with lame on PATH", err)
	}
	pcm := pcmSignal()
	data, decoded, err := Encode(pcm)
	if err != nil {
		t.Fatal(err)
	}
	c, rate, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if rate != 44100 || len(c) != len(pcm) {
		t.Errorf("decodes to %d samples at %d Hz; encoded %d at 44100", len(c), rate, len(pcm))
	}
	if !slices.Equal(decoded, c) {
		t.Error("Encode's decoded samples are not what Decode gives back from its data")
	}
	// VBR keeps the level (a CBR preset would scale it by 0.95).
	if a, b := testclip.RMSDB(pcm, 1000, len(pcm)-1000), testclip.RMSDB(c, 1000, len(c)-1000); math.Abs(a-b) > 0.2 {
		t.Errorf("encoded at %.2f dBFS, decodes at %.2f", a, b)
	}
	t.Setenv("PATH", t.TempDir())
	if _, _, err := Encode(pcm); !errors.Is(err, ErrNoLame) {
		t.Errorf("without lame: %v; want ErrNoLame", err)
	}
	if err := EncoderInstalled(); !errors.Is(err, ErrNoLame) {
		t.Errorf("EncoderInstalled without lame: %v; want ErrNoLame", err)
	}
}

// BenchmarkDecode decodes the built-in voice's clips, encoded as MP3.
func BenchmarkDecode(b *testing.B) {
	testtool.Need(b, "lame", "lame")
	files, _ := fs.Glob(sessions.FS, "voice/*.flac")
	var data [][]byte
	for _, f := range files[:min(len(files), 8)] {
		d, _ := fs.ReadFile(sessions.FS, f)
		low, _, _, err := flac.Decode(d)
		if err != nil {
			b.Fatal(err)
		}
		m, _, err := Encode(dsp.Upsample2(nil, low))
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, m)
	}
	n := 0
	for b.Loop() {
		for _, d := range data {
			c, _, err := Decode(d)
			if err != nil {
				b.Fatal(err)
			}
			n += len(c)
		}
	}
	b.ReportMetric(float64(n)/44100/b.Elapsed().Seconds(), "x-realtime")
}
