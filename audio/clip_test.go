package audio

import (
	"encoding/base64"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchguide/guide/internal/testtool"
	"github.com/stretchguide/guide/script"
)

// needTool is testtool.Need: the program's path, or a skip (a failure in CI).
var needTool = testtool.Need

// wavBytes encodes s (one value per frame, copied to every channel) as a
// 16-bit PCM WAV, or a 32-bit float WAV when float is set.
func wavBytes(rate, channels int, float bool, s []float64) []byte {
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
				b = le.AppendUint16(b, uint16(int16(math.Round(v*32767))))
			}
		}
	}
	return b
}

// The test signals last sigLen samples at 44.1 kHz (scaled for other
// rates): a click at sigClick, or a 440 Hz burst over the middle.
const (
	sigLen   = 30000
	sigClick = 10000
)

// click is silence with one sample of 0.9 at sigClick (at 44.1 kHz).
func click(rate, n int) []float64 {
	s := make([]float64, n)
	s[int(math.Round(float64(sigClick)*float64(rate)/script.Rate))] = 0.9
	return s
}

// burstTones are the partials of burst: frequency in Hz and amplitude.
// Several tones, because lame's CBR modes quantize a lone sine 0.45 dB
// low (lame --decode and ffmpeg measure the same).
var burstTones = [][2]float64{{440, 0.25}, {1250, 0.15}, {3100, 0.1}}

// burst is a chord of burstTones over [n/6, 5n/6).
func burst(rate, n int) []float64 {
	s := make([]float64, n)
	for i := n / 6; i < 5*n/6; i++ {
		for _, p := range burstTones {
			s[i] += p[1] * math.Sin(2*math.Pi*p[0]*float64(i)/float64(rate))
		}
	}
	return s
}

// encode runs an encoder on wav: lame with args, or ffmpeg's libmp3lame
// with args and an ID3v2 tag.
func encode(t testing.TB, tool string, args []string, wav []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.wav"), filepath.Join(dir, "out.mp3")
	if err := os.WriteFile(in, wav, 0o644); err != nil {
		t.Fatal(err)
	}
	var cmd *exec.Cmd
	switch tool {
	case "lame":
		cmd = exec.Command(needTool(t, "lame", "lame"), append(append([]string{"--quiet"}, args...), in, out)...)
	case "ffmpeg":
		a := []string{"-nostdin", "-loglevel", "error", "-i", in, "-c:a", "libmp3lame",
			"-id3v2_version", "3", "-metadata", "title=Breathe in."}
		cmd = exec.Command(needTool(t, "ffmpeg", "ffmpeg"), append(append(a, args...), out)...)
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

// peakAt returns the index of the largest |c[i]|.
func peakAt(c Clip) int {
	at, peak := -1, -1.0
	for i, v := range c {
		if a := math.Abs(float64(v)); a > peak {
			at, peak = i, a
		}
	}
	return at
}

// rmsDB returns the RMS level of c[from:to] in dBFS.
func rmsDB(c Clip, from, to int) float64 {
	var sum float64
	for _, v := range c[from:to] {
		sum += float64(v) * float64(v)
	}
	return 10 * math.Log10(sum/float64(to-from))
}

// encoding is one way to make a clip from a signal.
type encoding struct {
	name     string
	tool     string // "lame", "ffmpeg", or "" for the WAV itself
	args     []string
	rate     int
	channels int
	float    bool // a float WAV, for tool ""
	// lenTol is how far the decoded length may be from sigLen: 0 for 44.1
	// kHz clips, 1 for resampled ones (rounding). extra and shift are the
	// samples added and the impulse delay of the no-LAME-tag fallback.
	lenTol, extra, shift int
	// gain is the level change the encoder makes: lame's CBR and ABR
	// presets scale the input by 0.95 (abr_switch_map in presets.c,
	// up to 256 kbit/s); VBR keeps it.
	gain float64
}

// cbrGain is lame's 0.95 CBR input scale in dB.
var cbrGain = 20 * math.Log10(0.95)

var encodings = []encoding{
	{name: "lame cbr mono 44.1k", tool: "lame", args: []string{"-b", "64", "-m", "m"}, rate: 44100, channels: 1, gain: cbrGain},
	{name: "lame vbr mono 44.1k", tool: "lame", args: []string{"-V", "4", "-m", "m"}, rate: 44100, channels: 1},
	{name: "lame cbr joint stereo 44.1k", tool: "lame", args: []string{"-b", "128", "-m", "j"}, rate: 44100, channels: 2, gain: cbrGain},
	{name: "lame vbr stereo 44.1k crc", tool: "lame", args: []string{"-V", "2", "-m", "s", "-p"}, rate: 44100, channels: 2},
	{name: "lame vbr mono 22.05k", tool: "lame", args: []string{"-V", "4", "-m", "m"}, rate: 22050, channels: 1, lenTol: 1},
	{name: "lame cbr stereo 22.05k", tool: "lame", args: []string{"-b", "64"}, rate: 22050, channels: 2, lenTol: 1, gain: cbrGain},
	{name: "lame cbr mono 48k", tool: "lame", args: []string{"-b", "96", "-m", "m"}, rate: 48000, channels: 1, lenTol: 1, gain: cbrGain},
	{name: "lame vbr stereo 48k", tool: "lame", args: []string{"-V", "4"}, rate: 48000, channels: 2, lenTol: 1},
	{name: "ffmpeg id3v2 cbr mono 44.1k", tool: "ffmpeg", args: []string{"-b:a", "96k"}, rate: 44100, channels: 1, gain: cbrGain},
	{name: "ffmpeg id3v2 vbr stereo 44.1k", tool: "ffmpeg", args: []string{"-q:a", "4"}, rate: 44100, channels: 2},
	// Without a LAME tag the encoder delay (576 for lame) stays in and the
	// padding is kept at the end: the documented best effort.
	{name: "lame no tag", tool: "lame", args: []string{"-t", "-b", "64", "-m", "m"}, rate: 44100, channels: 1, shift: 576, extra: 576 + 2*1152, gain: cbrGain},
	{name: "wav 16-bit mono 44.1k", rate: 44100, channels: 1},
	{name: "wav float stereo 44.1k", rate: 44100, channels: 2, float: true},
	{name: "wav 16-bit stereo 48k", rate: 48000, channels: 2, lenTol: 1},
	{name: "wav 16-bit mono 22.05k", rate: 22050, channels: 1, lenTol: 1},
}

// encode makes the clip file for the signal sig.
func (e encoding) encode(t testing.TB, sig func(rate, n int) []float64) []byte {
	t.Helper()
	n := int(math.Round(float64(sigLen) * float64(e.rate) / script.Rate))
	wav := wavBytes(e.rate, e.channels, e.float, sig(e.rate, n))
	if e.tool == "" {
		return wav
	}
	args := e.args
	if e.tool == "lame" {
		// lame picks a lower output rate for low bitrates unless told.
		args = append([]string{"--resample", strconv.FormatFloat(float64(e.rate)/1000, 'f', -1, 64)}, args...)
	}
	return encode(t, e.tool, args, wav)
}

func TestDecodeClipTiming(t *testing.T) {
	for _, e := range encodings {
		t.Run(e.name, func(t *testing.T) {
			c, err := DecodeClip("voice/click.mp3", e.encode(t, click))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d samples, impulse at %d", len(c), peakAt(c))
			if got, lo, hi := len(c), sigLen-e.lenTol+e.shift, sigLen+e.lenTol+e.extra; got < lo || got > hi {
				t.Errorf("length = %d samples; want %d to %d", got, lo, hi)
			}
			if got, want := peakAt(c), sigClick+e.shift; got < want-2 || got > want+2 {
				t.Errorf("impulse at sample %d; want %d (±2)", got, want)
			}
		})
	}
}

func TestDecodeClipLevel(t *testing.T) {
	var ms float64
	for _, p := range burstTones {
		ms += p[1] * p[1] / 2
	}
	want := 10 * math.Log10(ms) // the burst's RMS, about -13 dBFS
	for _, e := range encodings {
		t.Run(e.name, func(t *testing.T) {
			c, err := DecodeClip("voice/burst.mp3", e.encode(t, burst))
			if err != nil {
				t.Fatal(err)
			}
			from, to := sigLen/6+e.shift+1000, 5*sigLen/6+e.shift-1000 // the steady part
			if got, want := rmsDB(c, from, to), want+e.gain; math.Abs(got-want) > 0.2 {
				t.Errorf("burst RMS = %.2f dBFS; want %.2f (±0.2)", got, want)
			}
			if got := rmsDB(c, 100, sigLen/6+e.shift-600); got > -50 {
				t.Errorf("silence before the burst at %.1f dBFS; want below -50", got)
			}
		})
	}
}

// TestDecodeClipExact checks that a 44.1 kHz WAV decodes to its samples.
func TestDecodeClipExact(t *testing.T) {
	s := burst(script.Rate, 1000)
	c, err := DecodeClip("x.wav", wavBytes(script.Rate, 1, false, s))
	if err != nil {
		t.Fatal(err)
	}
	if len(c) != len(s) {
		t.Fatalf("length = %d; want %d", len(c), len(s))
	}
	for i := range s {
		if got, want := float64(c[i]), math.Round(s[i]*32767)/32768; math.Abs(got-want) > 1e-7 {
			t.Fatalf("sample %d = %v; want %v", i, got, want)
		}
	}
}

// Two clips made with lame 3.100 from 8820 samples (0.2 s at 44.1 kHz)
// with a click at sample 3000 and a 440 Hz burst over [5000, 8000):
// seedVBR by lame -V 9 -m m (Xing and LAME tag), seedNoTag by lame -b 32
// -m m --resample 44.1 (lame writes no Info frame when it does not fit a
// 32 kbit/s frame). They let the fuzz test and TestDecodeClipSeeds run
// without lame.
const (
	seedVBR = "" +
		"//uQxAAAAAAAAAAAAAAAAAAAAAAAWGluZwAAAA8AAAAJAAAHOAASEhISEhISEhISEiUlJSUlJSUl" +
		"JSUlb29vb29vb29vb2+Li4uLi4uLi4uLi6enp6enp6enp6enurq6urq6urq6urrMzMzMzMzMzMzM" +
		"zO3t7e3t7e3t7e3t//////////////8AAAAKTEFNRTMuMTAwBEgAAAAALgsAABUgJAPMQQABmgAA" +
		"BziM5/cwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
		"AAAAAAAAAAAAAAAAAAAAAAAA//sQxAADwAABpAAAACAAADSAAAAEAQEAYDAYDDCAAAA807wcA88d" +
		"EvwDxz8gBQb/5gyWEv/yo8EgOBP/+TCccYWH//5jseehBaxKNBYKxILAyCAAAAADcmTPQk0VPf5Z" +
		"0OymBHBUF/n/+xDEKYPAAAGkAAAAIAAANIAAAATbfmuhMPU1/zbqBr45Kq3+cVqBHZnUTP4BU1//" +
		"NgSMkcC6siXiMMiEjUDBP//nFAmweCE2cYicUuXlV4XCTmYX///mSJGJJBCU0JEVKhUlOcf5sP/7" +
		"kMRTAAAAAaQUAAAgzhjo8w5wAMAur///+HBC3gXCsuJhwCCIJ25PtInBhmkh5QrFqgmQhgeAdh+J" +
		"AGAAAAP8waQPDDmEcMPEkAzvSlucMNwFAw+gwDSUAcMCYE//MGAEQwLgCDAEADMBoDvA9xACeAuA" +
		"DCDjTFliE4HfgBiQNR/EfgFACyAOkDLJDhxD5+DbcMtjJjME4LOELBZ4P1C4X9ZOEwVBzyLjKk0R" +
		"YvLb+6CHmRiXSZMi8XlMQU1FMy4xMDBVVVVVVVVVVVVVVVVVVVVVVVVVVVVV2QOIzwAAAABhYVbE" +
		"5MzpiqF8+jM0FfoDutAAB8mLyZoSlPQ61egEZHhMQU1FMy4xMDCqqqqqqqqqqqqqqqqqqqqqqqqq" +
		"qqqqqqqqqqqqqqqqqqrsBfvgAAAAADIknQKwCgGmgMZaQku7IFM6AAGFRYOeg2Bg4HhUMDA46gAA" +
		"AOYgVQZQNhMBAEAAAAPet9RH1SoMxXbN4lJpzRAEcmgehBRDxAuPkQMwNxwGT83ImYAZiAFKAaZ7" +
		"ILcDKUApoCkwbCfTUyCwFP/7MMT/ABGQuUe5rQAAAAA0g4AABDAMICwsLFQGB//itBOQjwZcWETv" +
		"//kwRIghfJEg5cgAgAYAUAUAQAgBAAAAAAAA0dQHf/A3VcAAX4Jggta8S4OvhfRwiy/HkSRFHj/k" +
		"iVEsSRX8FREFfwmImHZMQU1FMy4xMDCqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" +
		"qv/7MMT8AAAAAaQUAAAiKxjq/z0wAKqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqpM" +
		"QU1FMy4xMDCqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" +
		"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqv/7EMTqgMLAG3Xc8AAg" +
		"S4OuuMekjKqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" +
		"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq//sQxOqAwqwdecYtImBMg666mAAEqqqq" +
		"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" +
		"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqr/+0DE/4ANMMdz+amEgPEMqj8o0ACqqqqqqqqqqqqqqqqq" +
		"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" +
		"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" +
		"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqv/7EMTWA8AAAaQcAAAgAAA0gAAABKqq" +
		"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" +
		"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
	seedNoTag = "" +
		"//sQxAADwAABpAAAACAAADSAAAAE8pvEE9RfgdPyAh/+PYX/9TCgcX/8XByMCP//kcoucwp//+BI" +
		"6ppJpNAAc0Mg5hzC57KBEdbSEQX+CQDFvwQD4EC1vlQJyeFaCvBc1jsGYCuGOTj/+xLEKYPAAAGk" +
		"AAAAIAAANIAAAARoiY4s4YC/AinaQQAPg/iIS/PnX/9ajATm242AAAEplLWZZiBY06Yq7sacp+oe" +
		"/7IKrBWWPFn/WdKnYNJBmWEG7Wn86GJ2MqcP2UpwkjMmJ8EUcKv/+xDEU4AAAAGkFAAAIJGdqEME" +
		"UAHmbo5lSAZO/mIjLEJXgGUxuRDHBlMmqg0RVTBTxDAySSDCMjnEGjBKAS0ydcMyCTbzg4qJNYHR" +
		"YSdWesu8svgEAHGBYAsYHoSZhUiumxe1sawxPf/7EsRqgAP8AWy4IQAAAAA0g4AABBilByGFICAY" +
		"EALRgoAiGCUCUCACnUnM06qUhVzERW+pQZCKRebos1zAzBS7n2PW4xPaBVBX7wbAvhCf4ixZFsef" +
		"+LQsD8ai3/+PCYkIyUn//zCYkP/7EMSEgAAAAaQUAAAgjogsAyQgAPJScz//8mJDwR4V/AuR2+NR" +
		"C8SCPgoiM/FjDRX/KMFjL/4qURBX8FREFTv5URVMQU1FMy4xMDBVVVVVVVVVVVVVVVVVVVVVVVVV" +
		"VVVVVVVVVVVV//sSxJwAxLQhX72QADCcBCOBr2xNVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVV" +
		"VVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVV" +
		"//sQxJ+DxdQjFA5/YmC2BCSCvAAFVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVV" +
		"VVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVX/+xLEmoAIaPFU" +
		"GaUAAJWPqUMaUABVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVV" +
		"VVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVX/+xDEkAPAAAGkHAAAIAAANIAA" +
		"AARVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVV" +
		"VVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVQ=="
)

func seed(t testing.TB, b64 string) []byte {
	t.Helper()
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDecodeClipSeeds(t *testing.T) {
	tests := []struct {
		name       string
		data       string
		len, click int
	}{
		{"vbr lame tag", seedVBR, 8820, 3000},
		{"no tag", seedNoTag, 9*1152 - 529, 3000 + 576}, // 9 frames, less the decoder delay
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := DecodeClip("seed.mp3", seed(t, tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(c), tt.len; got != want {
				t.Errorf("length = %d; want %d", got, want)
			}
			if got, want := peakAt(c[:4000+576]), tt.click; got < want-2 || got > want+2 {
				t.Errorf("click at %d; want %d (±2)", got, want)
			}
		})
	}
}

func TestDecodeClipErrors(t *testing.T) {
	mp3 := seed(t, seedVBR)
	wav := wavBytes(script.Rate, 1, false, burst(script.Rate, 1000))
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
		{"empty", nil, "audio: voice/x.mp3: empty file"},
		{"random", random, "audio: voice/x.mp3: not an MP3 or WAV file"},
		{"text", []byte("Breathe in.\n"), "audio: voice/x.mp3: not an MP3 or WAV file"},
		{"mp3 cut in the info frame", mp3[:100], "audio: voice/x.mp3: truncated after 0 frames"},
		{"mp3 cut mid-frame", mp3[:len(mp3)-50], "audio: voice/x.mp3: truncated after"},
		{"mp3 cut at a frame", mp3[:len(mp3)/2], "audio: voice/x.mp3: truncated after"},
		{"mp3 header only", mp3[:3], "audio: voice/x.mp3: not an MP3 or WAV file"},
		{"id3 only", []byte("ID3\x03\x00\x00\x00\x00\x01\x00"), "audio: voice/x.mp3: truncated in its ID3v2 tag"},
		{"mp3 layer 2", append([]byte{0xff, 0xfd, 0x90, 0xc4}, make([]byte, 400)...), "audio: voice/x.mp3: MPEG layer 2 audio is not supported"},
		{"wav cut", wav[:len(wav)-100], "audio: voice/x.mp3: truncated after 950 samples"},
		{"wav header only", wav[:44], "audio: voice/x.mp3: truncated after 0 samples"},
		{"wav empty", wavBytes(script.Rate, 1, false, nil), "audio: voice/x.mp3: no samples"},
		{"wav no data", wav[:36], "audio: voice/x.mp3: WAV file without a data chunk"},
		{"riff only", []byte("RIFF\x00\x00\x00\x00WAVE"), "audio: voice/x.mp3: WAV file without a fmt chunk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := DecodeClip("voice/x.mp3", tt.data)
			if err == nil {
				t.Fatalf("got a clip of %d samples; want an error %q", len(c), tt.want)
			}
			if got := err.Error(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("error = %q; want it to start with %q", got, tt.want)
			}
		})
	}
}

func FuzzDecodeClip(f *testing.F) {
	f.Add(seed(f, seedVBR))
	f.Add(seed(f, seedNoTag))
	f.Add(wavBytes(22050, 2, false, burst(22050, 500)))
	f.Add(wavBytes(48000, 1, true, burst(48000, 500)))
	if _, err := exec.LookPath("lame"); err == nil {
		for _, e := range encodings[:4] {
			f.Add(e.encode(f, click))
		}
	}
	clips, _ := filepath.Glob("../sessions/voice/*.mp3")
	for _, name := range clips[:min(len(clips), 8)] {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeClip("fuzz.mp3", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "audio: fuzz.mp3: ") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if len(c) == 0 {
			t.Fatal("no error and no samples")
		}
		for i, v := range c {
			if !(v >= -1 && v <= 1) {
				t.Fatalf("sample %d = %v; want it in [-1, 1]", i, v)
			}
		}
	})
}
