// Package testclip makes the test signals and clip files that the tests of
// the audio packages decode: WAV files written by hand, MP3 files made by
// lame and ffmpeg in every way a clip may come, and two MP3 seeds made by
// lame that need no encoder to test with.
package testclip

import (
	_ "embed"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchguide/guide/internal/testtool"
)

// Rate is the rate of guide's clips.
const Rate = 44100

// WAV encodes s (one value per frame, copied to every channel) as a 16-bit
// PCM WAV (each value v written as round(v*32767)), or a 32-bit float WAV
// when float is set.
func WAV(rate, channels int, float bool, s []float64) []byte {
	width, format := 2, uint16(1)
	if float {
		width, format = 4, 3
	}
	n := len(s) * channels * width
	le := binary.LittleEndian
	b := []byte("RIFF")
	b = le.AppendUint32(b, uint32(36+n))
	b = append(b, "WAVEfmt "...)
	b = le.AppendUint32(b, 16)
	b = le.AppendUint16(b, format)
	b = le.AppendUint16(b, uint16(channels))
	b = le.AppendUint32(b, uint32(rate))
	b = le.AppendUint32(b, uint32(rate*channels*width))
	b = le.AppendUint16(b, uint16(channels*width))
	b = le.AppendUint16(b, uint16(width*8))
	b = append(b, "data"...)
	b = le.AppendUint32(b, uint32(n))
	for _, v := range s {
		for range channels {
			if float {
				b = le.AppendUint32(b, math.Float32bits(float32(v)))
			} else {
				b = le.AppendUint16(b, uint16(Int16(v)))
			}
		}
	}
	return b
}

// Int16 is how WAV writes a 16-bit sample: round(v*32767).
func Int16(v float64) int16 { return int16(math.Round(v * 32767)) }

// The test signals last SigLen samples at 44.1 kHz (scaled for other
// rates): a click at SigClick, or a chord over the middle.
const (
	SigLen   = 30000
	SigClick = 10000
)

// Click is silence with one sample of 0.9 at SigClick (at 44.1 kHz).
func Click(rate, n int) []float64 {
	s := make([]float64, n)
	s[int(math.Round(float64(SigClick)*float64(rate)/Rate))] = 0.9
	return s
}

// BurstTones are the partials of Burst: frequency in Hz and amplitude.
// Several tones, because lame's CBR modes quantize a lone sine 0.45 dB
// low (lame --decode and ffmpeg measure the same).
var BurstTones = [][2]float64{{440, 0.25}, {1250, 0.15}, {3100, 0.1}}

// BurstDB is the RMS level of the steady part of Burst, in dBFS: about -13.
func BurstDB() float64 {
	var ms float64
	for _, p := range BurstTones {
		ms += p[1] * p[1] / 2
	}
	return 10 * math.Log10(ms)
}

// Burst is a chord of BurstTones over [n/6, 5n/6).
func Burst(rate, n int) []float64 {
	s := make([]float64, n)
	for i := n / 6; i < 5*n/6; i++ {
		for _, p := range BurstTones {
			s[i] += p[1] * math.Sin(2*math.Pi*p[0]*float64(i)/float64(rate))
		}
	}
	return s
}

// Encode runs an encoder on wav: lame with args, or ffmpeg's libmp3lame
// with args and an ID3v2 tag. It skips the test when the encoder is not
// installed (fails it in CI).
func Encode(t testing.TB, tool string, args []string, wav []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.wav"), filepath.Join(dir, "out.mp3")
	if err := os.WriteFile(in, wav, 0o644); err != nil {
		t.Fatal(err)
	}
	var cmd *exec.Cmd
	switch tool {
	case "lame":
		cmd = exec.Command(testtool.Need(t, "lame", "lame"), append(append([]string{"--quiet"}, args...), in, out)...)
	case "ffmpeg":
		a := []string{"-nostdin", "-loglevel", "error", "-i", in, "-c:a", "libmp3lame",
			"-id3v2_version", "3", "-metadata", "title=Breathe in."}
		cmd = exec.Command(testtool.Need(t, "ffmpeg", "ffmpeg"), append(append(a, args...), out)...)
	default:
		t.Fatalf("unknown encoder %q", tool)
	}
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Encoding is one way to make a clip from a signal.
type Encoding struct {
	Name     string
	Tool     string // "lame", "ffmpeg", or "" for the WAV itself
	Args     []string
	Rate     int
	Channels int
	Float    bool // a float WAV, for Tool ""
	// LenTol is how far the decoded length may be from SigLen once
	// resampled to 44.1 kHz: 0 for 44.1 kHz clips, 1 for resampled ones
	// (rounding). Extra and Shift are the samples added and the impulse
	// delay (at the clip's own rate) of the no-LAME-tag fallback.
	LenTol, Extra, Shift int
	// Gain is the level change the encoder makes, in dB: lame's CBR and
	// ABR presets scale the input by 0.95 (abr_switch_map in presets.c, up
	// to 256 kbit/s); VBR keeps it.
	Gain float64
}

// CBRGain is lame's 0.95 CBR input scale in dB.
var CBRGain = 20 * math.Log10(0.95)

// Encodings are the ways a clip may come: lame and ffmpeg MP3 at several
// rates, modes and tags, and WAV files.
var Encodings = []Encoding{
	{Name: "lame cbr mono 44.1k", Tool: "lame", Args: []string{"-b", "64", "-m", "m"}, Rate: 44100, Channels: 1, Gain: CBRGain},
	{Name: "lame vbr mono 44.1k", Tool: "lame", Args: []string{"-V", "4", "-m", "m"}, Rate: 44100, Channels: 1},
	{Name: "lame cbr joint stereo 44.1k", Tool: "lame", Args: []string{"-b", "128", "-m", "j"}, Rate: 44100, Channels: 2, Gain: CBRGain},
	{Name: "lame vbr stereo 44.1k crc", Tool: "lame", Args: []string{"-V", "2", "-m", "s", "-p"}, Rate: 44100, Channels: 2},
	{Name: "lame vbr mono 22.05k", Tool: "lame", Args: []string{"-V", "4", "-m", "m"}, Rate: 22050, Channels: 1, LenTol: 1},
	{Name: "lame cbr stereo 22.05k", Tool: "lame", Args: []string{"-b", "64"}, Rate: 22050, Channels: 2, LenTol: 1, Gain: CBRGain},
	{Name: "lame cbr mono 48k", Tool: "lame", Args: []string{"-b", "96", "-m", "m"}, Rate: 48000, Channels: 1, LenTol: 1, Gain: CBRGain},
	{Name: "lame vbr stereo 48k", Tool: "lame", Args: []string{"-V", "4"}, Rate: 48000, Channels: 2, LenTol: 1},
	{Name: "ffmpeg id3v2 cbr mono 44.1k", Tool: "ffmpeg", Args: []string{"-b:a", "96k"}, Rate: 44100, Channels: 1, Gain: CBRGain},
	{Name: "ffmpeg id3v2 vbr stereo 44.1k", Tool: "ffmpeg", Args: []string{"-q:a", "4"}, Rate: 44100, Channels: 2},
	// Without a LAME tag the encoder delay (576 for lame) stays in and the
	// padding is kept at the end: the documented best effort.
	{Name: "lame no tag", Tool: "lame", Args: []string{"-t", "-b", "64", "-m", "m"}, Rate: 44100, Channels: 1, Shift: 576, Extra: 576 + 2*1152, Gain: CBRGain},
	{Name: "wav 16-bit mono 44.1k", Rate: 44100, Channels: 1},
	{Name: "wav float stereo 44.1k", Rate: 44100, Channels: 2, Float: true},
	{Name: "wav 16-bit stereo 48k", Rate: 48000, Channels: 2, LenTol: 1},
	{Name: "wav 16-bit mono 22.05k", Rate: 22050, Channels: 1, LenTol: 1},
}

// Len is how many samples the signal lasts at the encoding's own rate.
func (e Encoding) Len() int { return int(math.Round(float64(SigLen) * float64(e.Rate) / Rate)) }

// Encode makes the clip file for the signal sig.
func (e Encoding) Encode(t testing.TB, sig func(rate, n int) []float64) []byte {
	t.Helper()
	wav := WAV(e.Rate, e.Channels, e.Float, sig(e.Rate, e.Len()))
	if e.Tool == "" {
		return wav
	}
	args := e.Args
	if e.Tool == "lame" {
		// lame picks a lower output rate for low bitrates unless told.
		args = append([]string{"--resample", strconv.FormatFloat(float64(e.Rate)/1000, 'f', -1, 64)}, args...)
	}
	return Encode(t, e.Tool, args, wav)
}

// Two clips made with lame 3.100 from 8820 samples (0.2 s at 44.1 kHz)
// with a click at sample 3000 and a 440 Hz burst over [5000, 8000):
// SeedVBR by lame -V 9 -m m (Xing and LAME tag), SeedNoTag by lame -b 32
// -m m --resample 44.1 (lame writes no Info frame when it does not fit a
// 32 kbit/s frame). They let the decoders' tests and fuzz tests run
// without lame.
var (
	//go:embed seeds/vbr-lame-tag.mp3
	SeedVBR []byte
	//go:embed seeds/no-tag.mp3
	SeedNoTag []byte
)

// The seeds' facts: their length decoded, and where the click is. Without
// a tag, the decoded length is 9 frames less the decoder delay, and the
// click is 576 samples (lame's encoder delay) late.
const (
	SeedVBRLen     = 8820
	SeedVBRClick   = 3000
	SeedNoTagLen   = 9*1152 - 529
	SeedNoTagClick = 3000 + 576
)

// PeakAt returns the index of the largest |c[i]|.
func PeakAt(c []int16) int {
	at, peak := -1, -1
	for i, v := range c {
		if a := max(int(v), -int(v)); a > peak {
			at, peak = i, a
		}
	}
	return at
}

// RMSDB returns the RMS level of c[from:to] in dBFS (x/32768 is a sample).
func RMSDB(c []int16, from, to int) float64 {
	var sum float64
	for _, v := range c[from:to] {
		x := float64(v) / 32768
		sum += x * x
	}
	return 10 * math.Log10(sum/float64(to-from))
}
