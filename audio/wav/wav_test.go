package wav

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/internal/testclip"
)

// TestDecodeExact checks that a 16-bit WAV decodes to its samples.
func TestDecodeExact(t *testing.T) {
	s := testclip.Burst(44100, 1000)
	c, rate, err := Decode(testclip.WAV(44100, 1, false, s))
	if err != nil {
		t.Fatal(err)
	}
	if rate != 44100 {
		t.Errorf("rate = %d; want 44100", rate)
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

// TestDecodeMixesDown checks the mix to mono of every sample format.
func TestDecodeMixesDown(t *testing.T) {
	float := func(v ...float32) []byte {
		var b []byte
		for _, x := range v {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
		}
		return b
	}
	tests := []struct {
		name     string
		format   uint16
		channels int
		bits     int
		data     []byte
		want     []int16
	}{
		{"16-bit stereo, halves away from zero", 1, 2, 16,
			AppendS16LE(nil, []int16{1, 2, -1, -2, 3, -4, 32767, 32767, -32768, -32768, 100, -100}),
			[]int16{2, -2, -1, 32767, -32768, 0}},
		{"16-bit three channels", 1, 3, 16, AppendS16LE(nil, []int16{1, 1, 2, -3, 0, 0}), []int16{1, -1}},
		{"8-bit", 1, 1, 8, []byte{128, 255, 0, 192}, []int16{0, 32511, -32767, 16384}},
		{"24-bit", 1, 1, 24, []byte{0, 0, 0x40, 0, 0, 0xc0, 0xff, 0xff, 0x7f}, []int16{16384, -16384, 32767}},
		{"32-bit", 1, 1, 32, []byte{0, 0, 0, 0x40, 0, 0, 0, 0x80}, []int16{16384, -32767}},
		{"float stereo", 3, 2, 32, float(0.5, 0.5, 1.5, 1.5, -2, -2, 0.25, -0.25), []int16{16384, 32767, -32767, 0}},
		{"float NaN", 3, 1, 32, float(float32(math.NaN()), 0.1), []int16{0, 3277}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rate, err := Decode(wavFile(tt.format, tt.channels, 22050, tt.bits, tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if rate != 22050 {
				t.Errorf("rate = %d; want 22050", rate)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Decode = %v; want %v", got, tt.want)
			}
		})
	}
}

// wavFile returns a WAV file of the given format around data.
func wavFile(format uint16, channels, rate, bits int, data []byte) []byte {
	le := binary.LittleEndian
	block := channels * bits / 8
	b := []byte("RIFF")
	b = le.AppendUint32(b, uint32(36+len(data)))
	b = append(b, "WAVEfmt "...)
	b = le.AppendUint32(b, 16)
	b = le.AppendUint16(b, format)
	b = le.AppendUint16(b, uint16(channels))
	b = le.AppendUint32(b, uint32(rate))
	b = le.AppendUint32(b, uint32(rate*block))
	b = le.AppendUint16(b, uint16(block))
	b = le.AppendUint16(b, uint16(bits))
	b = append(b, "data"...)
	b = le.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

func TestDecodeErrors(t *testing.T) {
	wav := testclip.WAV(44100, 1, false, testclip.Burst(44100, 1000))
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a WAV file"},
		{"text", []byte("Breathe in.\n"), "not a WAV file"},
		{"cut", wav[:len(wav)-100], "truncated after 950 samples"},
		{"header only", wav[:44], "truncated after 0 samples"},
		{"no data", wav[:36], "WAV file without a data chunk"},
		{"riff only", []byte("RIFF\x00\x00\x00\x00WAVE"), "WAV file without a fmt chunk"},
		{"cut in fmt", wav[:30], `truncated in its "fmt " chunk`},
		{"adpcm", wavFile(2, 1, 44100, 4, make([]byte, 10)), "WAV format 0x2 is not supported; want PCM or IEEE float"},
		{"no channels", wavFile(1, 0, 44100, 16, make([]byte, 10)), "WAV file with 0 channels"},
		{"rate", wavFile(1, 1, 1000, 16, make([]byte, 10)), "WAV sample rate 1000 Hz is not supported"},
		{"12-bit", wavFile(1, 1, 44100, 12, make([]byte, 10)), "12-bit WAV (format 1) is not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, err := Decode(tt.data)
			if err == nil {
				t.Fatalf("got %d samples; want an error %q", len(c), tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error = %q; want %q", got, tt.want)
			}
		})
	}
	// A block size that does not match the channels and bits.
	bad := wavFile(1, 2, 44100, 16, make([]byte, 16))
	binary.LittleEndian.PutUint16(bad[32:], 2)
	if _, _, err := Decode(bad); err == nil || !strings.Contains(err.Error(), "block size 2 does not match 2 channels of 16 bits") {
		t.Errorf("a wrong block size: %v", err)
	}
	// No samples is no error here: the caller says what it needs.
	if c, _, err := Decode(testclip.WAV(44100, 1, false, nil)); err != nil || len(c) != 0 {
		t.Errorf("an empty data chunk: %d samples, %v; want none and no error", len(c), err)
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want time.Duration
		ok   bool
	}{
		{"mono 44.1k", testclip.WAV(44100, 1, false, make([]float64, 22050)), 500 * time.Millisecond, true},
		{"stereo 8k", testclip.WAV(8000, 2, false, make([]float64, 24000)), 3 * time.Second, true},
		{"float", testclip.WAV(48000, 1, true, make([]float64, 4800)), 100 * time.Millisecond, true},
		// A header that claims more than the file holds: what it holds.
		{"cut", testclip.WAV(44100, 1, false, make([]float64, 44100))[:44+4410*2], 100 * time.Millisecond, true},
		{"not wav", []byte("ID3 and so on"), 0, false},
		{"no data", testclip.WAV(44100, 1, false, nil)[:36], 0, false},
	}
	for _, tt := range tests {
		if got, ok := Duration(tt.data); got != tt.want || ok != tt.ok {
			t.Errorf("%s: Duration = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEncodeAndWriterAgree(t *testing.T) {
	pcm := []int16{0, 1, -1, 32767, -32768, 1000, -1000}
	want := Encode(pcm, 1, 44100)
	if !IsWAV(want) {
		t.Fatal("Encode does not write a WAV file")
	}
	got, rate, err := Decode(want)
	if err != nil || rate != 44100 || !slices.Equal(got, pcm) {
		t.Errorf("Decode(Encode(pcm)) = %v, %d, %v; want %v, 44100", got, rate, err, pcm)
	}
	if d, ok := Duration(want); !ok || d != time.Duration(len(pcm))*time.Second/44100 {
		t.Errorf("Duration = %v, %v", d, ok)
	}

	// The Writer, in pieces, writes the same file.
	f, err := os.Create(filepath.Join(t.TempDir(), "w.wav"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := NewWriter(f, 1, 44100)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range [][]int16{pcm[:1], pcm[1:4], nil, pcm[4:]} {
		if err := w.Write(AppendS16LE(nil, part)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(written, want) {
		t.Errorf("Writer wrote\n% x\nEncode\n% x", written, want)
	}

	// A stereo file of more than the Writer's buffer holds.
	long := make([]int16, 2*(1<<20)+3)
	for i := range long {
		long[i] = int16(i*7 - i%2*20000)
	}
	f2, err := os.Create(filepath.Join(t.TempDir(), "w2.wav"))
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	w2, err := NewWriter(f2, 2, 48000)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(long); i += 100001 {
		if err := w2.Write(AppendS16LE(nil, long[i:min(i+100001, len(long))])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w2.Close(); err != nil {
		t.Fatal(err)
	}
	written, _ = os.ReadFile(f2.Name())
	if !bytes.Equal(written, Encode(long, 2, 48000)) {
		t.Error("a long stereo file: the Writer and Encode differ")
	}
}

// TestAppendS16LE checks the byte order and odd lengths.
func TestAppendS16LE(t *testing.T) {
	for n := range 6 {
		pcm := make([]int16, n)
		for i := range pcm {
			pcm[i] = int16(i*9000 - 20000)
		}
		got := AppendS16LE([]byte("x"), pcm)
		want := []byte("x")
		for _, v := range pcm {
			want = binary.LittleEndian.AppendUint16(want, uint16(v))
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%d samples: % x, want % x", n, got, want)
		}
	}
}

func TestAppendMonoIsWriteOfTheRoundedSamples(t *testing.T) {
	x := []float32{0, 0.5, -0.5, 1, -1, 1.7, -3, 1.0 / 65534, -1.0 / 65534, 0.25, float32(math.NaN())}
	for _, channels := range []int{1, 2} {
		var pcm []int16
		for _, v := range x {
			for range channels {
				pcm = append(pcm, dsp.ToInt16(v))
			}
		}
		want := AppendS16LE([]byte("pre"), pcm)
		if got := AppendMono([]byte("pre"), x, channels); !bytes.Equal(got, want) {
			t.Errorf("%d channels: AppendMono gives % x, want % x", channels, got, want)
		}
	}
}
