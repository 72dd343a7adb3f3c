package flac

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/mp3"
)

// voiceClips returns the built-in pack's clips, as files.
func voiceClips(b *testing.B) [][]byte {
	files, _ := filepath.Glob("../../sessions/voice/*.*")
	var out [][]byte
	for _, f := range files {
		if filepath.Ext(f) == ".json" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, data)
	}
	if len(out) == 0 {
		b.Skip("no clips in sessions/voice")
	}
	return out[:min(len(out), 40)]
}

// BenchmarkDecode decodes the same audio, the first clips of the built-in
// pack, as MP3 (go-mp3) and as FLAC (this decoder, of guide's writer's
// file at 44.1 kHz), and reports each as times real time.
func BenchmarkDecode(b *testing.B) {
	clips := voiceClips(b)
	var mp3s, flacs [][]byte
	var seconds float64
	for _, c := range clips {
		pcm, rate, err := mp3.Decode(c)
		if err != nil || !bytes.HasPrefix(c, []byte("ID3")) && !mp3Like(c) {
			continue
		}
		seconds += float64(len(pcm)) / float64(rate)
		mp3s = append(mp3s, c)
		flacs = append(flacs, encode(b, pcm, rate))
	}
	if len(mp3s) == 0 {
		b.Skip("the built-in pack holds no MP3s")
	}
	b.Run("mp3", func(b *testing.B) {
		start := time.Now()
		for b.Loop() {
			for _, c := range mp3s {
				mp3.Decode(c)
			}
		}
		b.ReportMetric(seconds*float64(b.N)/time.Since(start).Seconds(), "x_real_time")
	})
	b.Run("flac", func(b *testing.B) {
		start := time.Now()
		for b.Loop() {
			for _, c := range flacs {
				if _, _, _, err := Decode(c); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(seconds*float64(b.N)/time.Since(start).Seconds(), "x_real_time")
	})
}

func mp3Like(b []byte) bool { return len(b) > 2 && b[0] == 0xFF && b[1]&0xE0 == 0xE0 }

func encode(b *testing.B, pcm []int16, rate int) []byte {
	path := filepath.Join(b.TempDir(), "x.flac")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w, err := NewWriter(f, 1, rate, nil)
	if err != nil {
		b.Fatal(err)
	}
	w.Write(pcm)
	w.Close()
	f.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return data
}
