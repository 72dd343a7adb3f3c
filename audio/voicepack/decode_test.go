package voicepack

import (
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/flac"
	"github.com/stretchguide/guide/audio/internal/testclip"
	"github.com/stretchguide/guide/audio/mp3"
	"github.com/stretchguide/guide/sessions"
)

// TestDecodeTiming decodes every kind of clip to 44.1 kHz: the length and
// the click's place are those of the signal encoded.
func TestDecodeTiming(t *testing.T) {
	for _, e := range testclip.Encodings {
		t.Run(e.Name, func(t *testing.T) {
			c, err := Decode("voice/click.mp3", e.Encode(t, testclip.Click))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d samples, impulse at %d", len(c), testclip.PeakAt(c))
			if got, lo, hi := len(c), testclip.SigLen-e.LenTol+e.Shift, testclip.SigLen+e.LenTol+e.Extra; got < lo || got > hi {
				t.Errorf("length = %d samples; want %d to %d", got, lo, hi)
			}
			if got, want := testclip.PeakAt(c), testclip.SigClick+e.Shift; got < want-2 || got > want+2 {
				t.Errorf("impulse at sample %d; want %d (±2)", got, want)
			}
		})
	}
}

// TestDecodeLevel decodes every kind of clip to 44.1 kHz: the level is the
// signal's (less what a CBR encoder takes), and the silence stays silent.
func TestDecodeLevel(t *testing.T) {
	want := testclip.BurstDB() // about -13 dBFS
	for _, e := range testclip.Encodings {
		t.Run(e.Name, func(t *testing.T) {
			c, err := Decode("voice/burst.mp3", e.Encode(t, testclip.Burst))
			if err != nil {
				t.Fatal(err)
			}
			n := testclip.SigLen
			from, to := n/6+e.Shift+1000, 5*n/6+e.Shift-1000 // the steady part
			if got, want := testclip.RMSDB(c, from, to), want+e.Gain; math.Abs(got-want) > 0.2 {
				t.Errorf("burst RMS = %.2f dBFS; want %.2f (±0.2)", got, want)
			}
			if got := testclip.RMSDB(c, 100, n/6+e.Shift-600); got > -50 {
				t.Errorf("silence before the burst at %.1f dBFS; want below -50", got)
			}
		})
	}
}

// TestDecodeExact checks that a 44.1 kHz 16-bit WAV decodes to its
// samples, untouched.
func TestDecodeExact(t *testing.T) {
	s := testclip.Burst(Rate, 1000)
	c, err := Decode("x.wav", testclip.WAV(Rate, 1, false, s))
	if err != nil {
		t.Fatal(err)
	}
	if len(c) != len(s) {
		t.Fatalf("length = %d; want %d", len(c), len(s))
	}
	for i := range s {
		if got, want := c[i], testclip.Int16(s[i]); got != want {
			t.Fatalf("sample %d = %d; want %d", i, got, want)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	mp3Data := testclip.SeedVBR
	wav := testclip.WAV(Rate, 1, false, testclip.Burst(Rate, 1000))
	random := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "voice/x.mp3: empty file"},
		{"random", random, "voice/x.mp3: not a FLAC, MP3 or WAV file"},
		{"text", []byte("Breathe in.\n"), "voice/x.mp3: not a FLAC, MP3 or WAV file"},
		{"mp3 cut in the info frame", mp3Data[:100], "voice/x.mp3: truncated after 0 frames"},
		{"mp3 cut mid-frame", mp3Data[:len(mp3Data)-50], "voice/x.mp3: truncated after"},
		{"mp3 cut at a frame", mp3Data[:len(mp3Data)/2], "voice/x.mp3: truncated after"},
		{"mp3 header only", mp3Data[:3], "voice/x.mp3: not a FLAC, MP3 or WAV file"},
		{"id3 only", []byte("ID3\x03\x00\x00\x00\x00\x01\x00"), "voice/x.mp3: truncated in its ID3v2 tag"},
		{"mp3 layer 2", append([]byte{0xff, 0xfd, 0x90, 0xc4}, make([]byte, 400)...), "voice/x.mp3: MPEG layer 2 audio is not supported"},
		{"wav cut", wav[:len(wav)-100], "voice/x.mp3: truncated after 950 samples"},
		{"wav header only", wav[:44], "voice/x.mp3: truncated after 0 samples"},
		{"wav empty", testclip.WAV(Rate, 1, false, nil), "voice/x.mp3: no samples"},
		{"wav no data", wav[:36], "voice/x.mp3: WAV file without a data chunk"},
		{"riff only", []byte("RIFF\x00\x00\x00\x00WAVE"), "voice/x.mp3: WAV file without a fmt chunk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Decode("voice/x.mp3", tt.data)
			if err == nil {
				t.Fatalf("got a clip of %d samples; want an error %q", len(c), tt.want)
			}
			if got := err.Error(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("error = %q; want it to start with %q", got, tt.want)
			}
		})
	}
}

// TestDecodeLimit checks that audio longer than the limit is refused from
// its header, before it is decoded.
func TestDecodeLimit(t *testing.T) {
	wav := testclip.WAV(8000, 1, false, make([]float64, 3*8000))
	if _, err := DecodeLimit("a.wav", wav, 3*time.Second); err != nil {
		t.Errorf("a 3 s WAV with a limit of 3 s: %v", err)
	}
	_, err := DecodeLimit("a.wav", wav, 2*time.Second)
	var long *TooLongError
	if !errors.As(err, &long) || long.Name != "a.wav" || long.Length != 3*time.Second || long.Limit != 2*time.Second {
		t.Fatalf("a 3 s WAV with a limit of 2 s: %v; want a TooLongError", err)
	}
	if got, want := err.Error(), "a.wav: lasts 3s; a clip may last at most 2s"; got != want {
		t.Errorf("error = %q; want %q", got, want)
	}
	// An MP3 too: 8820 samples at 44.1 kHz is 0.2 s.
	if _, err := DecodeLimit("b.mp3", testclip.SeedVBR, 100*time.Millisecond); !errors.As(err, &long) || long.Length != 200*time.Millisecond {
		t.Errorf("a 0.2 s MP3 with a limit of 0.1 s: %v; want a TooLongError of 200ms", err)
	}
	if c, err := DecodeLimit("b.mp3", testclip.SeedVBR, 200*time.Millisecond); err != nil || len(c) != testclip.SeedVBRLen {
		t.Errorf("a 0.2 s MP3 with a limit of 0.2 s: %d samples, %v", len(c), err)
	}
	// Decode's limit is MaxClip.
	big := testclip.WAV(4000, 1, false, make([]float64, 4000*int(MaxClip/time.Second+1)))
	if _, err := Decode("big.wav", big); !errors.As(err, &long) || long.Limit != MaxClip {
		t.Errorf("a WAV whose header says %v: %v; want a TooLongError", MaxClip+time.Second, err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(testclip.SeedVBR)
	f.Add(testclip.SeedNoTag)
	f.Add(testclip.WAV(22050, 2, false, testclip.Burst(22050, 500)))
	f.Add(testclip.WAV(48000, 1, true, testclip.Burst(48000, 500)))
	if _, err := exec.LookPath("lame"); err == nil {
		for _, e := range testclip.Encodings[:4] {
			f.Add(e.Encode(f, testclip.Click))
		}
	}
	f.Add(flacClip(f, []int16{0, 100, -200, 300, 5, 5, 5, 5, -32768, 32767}, 1, 22050))
	f.Add(flacClip(f, []int16{0, 100, -200, 300, 5, 5, 5, 5, -32768, 32767}, 2, Rate))
	clips, _ := filepath.Glob("../../sessions/voice/*.mp3")
	flacs, _ := filepath.Glob("../../sessions/voice/*.flac")
	clips = append(flacs, clips...)
	for _, name := range clips[:min(len(clips), 8)] {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeLimit("fuzz.mp3", data, time.Minute)
		var long *TooLongError
		if errors.As(err, &long) {
			if long.Length <= long.Limit {
				t.Fatalf("%v: refused a clip within the limit", err)
			}
			return
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.mp3: ") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if len(c) == 0 {
			t.Fatal("no error and no samples")
		}
		// An MP3 at 44.1 kHz decodes to the length its headers promise (the
		// length a voice pack's manifest records).
		if n, rate, err := mp3.Samples(data); err == nil && rate == Rate && len(c) != n {
			t.Fatalf("decoded %d samples; the headers promise %d", len(c), n)
		}
		if len(c) > int(time.Minute/time.Second)*Rate+1 {
			t.Fatalf("decoded %d samples, more than the limit of a minute", len(c))
		}
	})
}

// BenchmarkDecode decodes the built-in voice's clips.
func BenchmarkDecode(b *testing.B) {
	files, _ := fs.Glob(sessions.FS, "voice/*.flac")
	var data [][]byte
	for _, f := range files[:min(len(files), 8)] {
		d, _ := fs.ReadFile(sessions.FS, f)
		data = append(data, d)
	}
	n := 0
	for b.Loop() {
		for _, d := range data {
			c, err := Decode("clip.mp3", d)
			if err != nil {
				b.Fatal(err)
			}
			n += len(c)
		}
	}
	b.ReportMetric(float64(n)/Rate/b.Elapsed().Seconds(), "x-realtime")
}

// flacClip encodes interleaved samples as FLAC with package flac's writer.
func flacClip(t testing.TB, pcm []int16, channels, rate int) []byte {
	t.Helper()
	data, err := flac.Encode(pcm, channels, rate)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestDecodeFLAC: a FLAC clip at the output rate decodes to its samples
// exactly, stereo is averaged, another rate is resampled to the same
// length a WAV at that rate gives, and damage is reported with the file's
// name and the byte.
func TestDecodeFLAC(t *testing.T) {
	s := testclip.Burst(Rate, 1000)
	pcm := make([]int16, len(s))
	for i, v := range s {
		pcm[i] = testclip.Int16(v)
	}
	data := flacClip(t, pcm, 1, Rate)
	c, err := Decode("x.flac", data)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c, pcm) {
		t.Fatalf("a 44.1 kHz FLAC decodes to %d other samples, want its own %d", len(c), len(pcm))
	}
	stereo := make([]int16, 2*len(pcm))
	for i, v := range pcm {
		stereo[2*i], stereo[2*i+1] = v, v/3
	}
	c, err = Decode("x.flac", flacClip(t, stereo, 2, Rate))
	if err != nil {
		t.Fatal(err)
	}
	if len(c) != len(pcm) || c[len(c)/2] != int16((int(pcm[len(c)/2])+int(pcm[len(c)/2]/3)+1)/2) && c[len(c)/2] != int16((int(pcm[len(c)/2])+int(pcm[len(c)/2]/3))/2) {
		t.Errorf("stereo FLAC: %d samples, middle %d; want the channels averaged", len(c), c[len(c)/2])
	}
	for _, rate := range []int{22050, 16000, 48000} {
		s := testclip.Burst(rate, 1000)
		pcm := make([]int16, len(s))
		for i, v := range s {
			pcm[i] = testclip.Int16(v)
		}
		fromWAV, err := Decode("x.wav", testclip.WAV(rate, 1, false, s))
		if err != nil {
			t.Fatal(err)
		}
		c, err := Decode("x.flac", flacClip(t, pcm, 1, rate))
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != len(fromWAV) {
			t.Errorf("%d Hz FLAC: %d samples at 44.1 kHz; the same WAV gives %d", rate, len(c), len(fromWAV))
		}
	}
	bad := slices.Clone(data)
	bad[len(bad)-40] ^= 4
	if _, err := Decode("voice/x.flac", bad); err == nil || !strings.HasPrefix(err.Error(), "voice/x.flac: at byte ") {
		t.Errorf("a damaged FLAC: %v; want the file and the byte", err)
	}
	if _, err := Decode("voice/x.flac", data[:len(data)/2]); err == nil || !strings.Contains(err.Error(), "ends") {
		t.Errorf("a truncated FLAC: %v", err)
	}
	var long *TooLongError
	if _, err := DecodeLimit("x.flac", data, 10*time.Millisecond); !errors.As(err, &long) || long.Length != 1000*time.Second/Rate {
		t.Errorf("a FLAC of 1000 samples with a limit of 10 ms: %v; want a TooLongError", err)
	}
}
