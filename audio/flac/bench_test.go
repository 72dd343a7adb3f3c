package flac

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/mp3"
)

// BenchmarkDecode decodes the same speech, the first 40 clips of the
// built-in pack at 44.1 kHz, in each form the pack could take: MP3 (lame
// -V 4, go-mp3, the pack until 2026-12), FLAC at 44.1 kHz, and FLAC at
// 22.05 kHz doubled by dsp.Upsample2 (the pack now). Each reports times
// real time.
func BenchmarkDecode(b *testing.B) {
	files, _ := filepath.Glob("../../sessions/voice/*.flac")
	if len(files) == 0 {
		b.Skip("no FLAC clips in sessions/voice")
	}
	var half, full, mp3s [][]byte
	var seconds float64
	_, lameErr := exec.LookPath("lame")
	for _, f := range files[:min(len(files), 40)] {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		low, _, rate, err := Decode(data)
		if err != nil || rate != 22050 {
			b.Fatalf("%s: %v, %d Hz", f, err, rate)
		}
		pcm := dsp.Upsample2(nil, low)
		seconds += float64(len(pcm)) / 44100
		half = append(half, data)
		f44, err := Encode(pcm, 1, 44100)
		if err != nil {
			b.Fatal(err)
		}
		full = append(full, f44)
		if lameErr == nil {
			m, _, err := mp3.Encode(pcm)
			if err != nil {
				b.Fatal(err)
			}
			mp3s = append(mp3s, m)
		}
	}
	report := func(b *testing.B, clips [][]byte, decode func([]byte)) {
		for b.Loop() {
			for _, c := range clips {
				decode(c)
			}
		}
		b.ReportMetric(seconds*float64(b.N)/b.Elapsed().Seconds(), "x_real_time")
	}
	b.Run("mp3", func(b *testing.B) {
		if lameErr != nil {
			b.Skip("lame is not installed")
		}
		report(b, mp3s, func(c []byte) { mp3.Decode(c) })
	})
	b.Run("flac44k", func(b *testing.B) {
		report(b, full, func(c []byte) { Decode(c) })
	})
	var out []int16
	b.Run("flac22k+upsample", func(b *testing.B) {
		report(b, half, func(c []byte) {
			low, _, _, _ := Decode(c)
			out = dsp.Upsample2(out[:0], low)
		})
	})
}
