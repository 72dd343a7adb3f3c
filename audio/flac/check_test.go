package flac

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFLAC writes n frames of a tone through Writer to a file.
func writeFLAC(t *testing.T, channels, rate, n int) []byte {
	t.Helper()
	name := filepath.Join(t.TempDir(), "x.flac")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := NewWriter(f, channels, rate, []string{"TITLE=x"})
	if err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, n*channels)
	for i := range pcm {
		pcm[i] = int16(i*37%2000 - 1000)
	}
	if err := w.Write(pcm); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestCheck(t *testing.T) {
	for _, tt := range []struct{ channels, rate, n int }{{1, 44100, 3*4096 + 17}, {2, 48000, 4096 * 300}, {2, 22050, 5}, {1, 11025, 200000}} {
		data := writeFLAC(t, tt.channels, tt.rate, tt.n)
		info, err := Check(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%+v: Check: %v", tt, err)
		}
		if info.Rate != tt.rate || info.Channels != tt.channels || info.Samples != int64(tt.n) || info.Bits != 16 {
			t.Errorf("Check = %+v; want %+v", info, tt)
		}
		// Cut short anywhere in the last frames: refused.
		for _, cut := range []int{1, 2, 100, len(data) / 3} {
			if cut >= len(data) {
				continue
			}
			d := data[:len(data)-cut]
			if _, err := Check(bytes.NewReader(d), int64(len(d))); err == nil {
				t.Errorf("%+v cut by %d bytes: Check found nothing wrong", tt, cut)
			}
		}
		// Never finished: no sample count.
		d := bytes.Clone(data)
		copy(d[8+10:8+18], []byte{byte(tt.rate >> 12), byte(tt.rate >> 4), byte(tt.rate<<4) | byte(tt.channels-1)<<1, 0xF0, 0, 0, 0, 0})
		if _, err := Check(bytes.NewReader(d), int64(len(d))); err == nil || !strings.Contains(err.Error(), "not finished") {
			t.Errorf("%+v without a sample count: %v", tt, err)
		}
	}
	if _, err := Check(bytes.NewReader(nil), 0); err == nil {
		t.Error("an empty file passes")
	}
	var _ io.ReaderAt = bytes.NewReader(nil)
}
