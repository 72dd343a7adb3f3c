package audio

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchguide/guide/script"
)

// packFS builds a voice pack in memory under voice/: each phrase's clip is
// data[text], and the manifest records the length DecodeClip finds.
func packFS(t *testing.T, ext string, data map[string][]byte) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	m := Manifest{Voice: "test", Rate: script.Rate}
	for i, text := range slices.Sorted(mapsKeys(data)) {
		file := fmt.Sprintf("clip-%d.%s", i, ext)
		c, err := DecodeClip(file, data[text])
		if err != nil {
			t.Fatal(err)
		}
		fsys["voice/"+file] = &fstest.MapFile{Data: data[text]}
		m.Clips = append(m.Clips, ManifestClip{Text: text, File: file, Samples: len(c)})
	}
	j, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	fsys["voice/manifest.json"] = &fstest.MapFile{Data: j}
	return fsys
}

func mapsKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestPackClipLength(t *testing.T) {
	phrases := map[string]int{"Breathe in.": 20000, "Breathe out.": 23456, "Draw your left knee in toward your chest.": 61111}
	for _, ext := range []string{"wav", "mp3"} {
		t.Run(ext, func(t *testing.T) {
			data := map[string][]byte{}
			for text, n := range phrases {
				wav := wavBytes(script.Rate, 1, false, burst(script.Rate, n))
				if ext == "mp3" {
					wav = encode(t, "lame", []string{"-V", "4", "-m", "m", "--resample", "44.1"}, wav)
				}
				data[text] = wav
			}
			p, err := OpenPack(packFS(t, ext, data), "voice")
			if err != nil {
				t.Fatal(err)
			}
			for text, n := range phrases {
				got, ok := p.Length(text)
				if !ok || got != n {
					t.Errorf("Length(%q) = %d, %v; want %d, true", text, got, ok, n)
				}
				c, err := p.Clip(text)
				if err != nil {
					t.Fatal(err)
				}
				if len(c) != got {
					t.Errorf("Clip(%q) has %d samples; Length says %d", text, len(c), got)
				}
			}
		})
	}
}

func TestPackLookup(t *testing.T) {
	wav := wavBytes(script.Rate, 1, false, burst(script.Rate, 300))
	p, err := OpenPack(packFS(t, "wav", map[string][]byte{"b": wav, "a": wav, "c": wav}), "voice")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Texts(), []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("Texts() = %q; want %q", got, want)
	}
	if got, want := p.Voice(), "test"; got != want {
		t.Errorf("Voice() = %q; want %q", got, want)
	}
	if n, ok := p.Length("A"); ok {
		t.Errorf(`Length("A") = %d, true; want false (lookup is by exact text)`, n)
	}
	if _, err := p.Clip("d"); err == nil || err.Error() != `audio: voice/manifest.json: no clip says "d"` {
		t.Errorf(`Clip("d") error = %v; want no clip says "d"`, err)
	}
}

func TestPackClipErrors(t *testing.T) {
	wav := wavBytes(script.Rate, 1, false, burst(script.Rate, 300))
	fsys := packFS(t, "wav", map[string][]byte{"short": wav, "bad": wav})
	fsys["voice/clip-0.wav"] = &fstest.MapFile{Data: []byte("not audio")}                                   // "bad"
	fsys["voice/clip-1.wav"] = &fstest.MapFile{Data: wavBytes(script.Rate, 1, false, make([]float64, 299))} // "short"
	p, err := OpenPack(fsys, "voice")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ text, want string }{
		{"bad", "audio: voice/clip-0.wav: not an MP3 or WAV file"},
		{"short", "audio: voice/clip-1.wav: decodes to 299 samples, but voice/manifest.json says 300; make the pack again (make voice, or guide voice import for your own)"},
	}
	for _, tt := range tests {
		if _, err := p.Clip(tt.text); err == nil || err.Error() != tt.want {
			t.Errorf("Clip(%q) error = %v; want %s", tt.text, err, tt.want)
		}
	}
}

func TestOpenPackErrors(t *testing.T) {
	clip := &fstest.MapFile{Data: []byte("RIFF")}
	tests := []struct {
		name     string
		manifest string
		want     []string // every line of the error
	}{
		{
			name: "every problem at once",
			manifest: `{"voice": "", "rate": 48000, "clips": [
				{"text": "Breathe in.", "file": "in.mp3", "samples": 100},
				{"text": "Breathe in.", "file": "in.mp3", "samples": 0},
				{"text": "", "file": "gone.mp3", "samples": 5},
				{"text": "Up.", "file": "../up.mp3", "samples": 5},
				{"text": "Down.", "file": "", "samples": 5}]}`,
			want: []string{
				`audio: voice/manifest.json: voice is empty; want the engine and voice that made the clips`,
				`audio: voice/manifest.json: rate is 48000; want 44100 (clip lengths are counted at the output rate)`,
				`audio: voice/manifest.json: clips[1] "Breathe in.": the same text as clips[0]; want each phrase once`,
				`audio: voice/manifest.json: clips[1] "Breathe in.": samples is 0; want the clip's decoded length at 44100 Hz`,
				`audio: voice/manifest.json: clips[2]: text is empty`,
				`audio: voice/manifest.json: clips[2] "": file voice/gone.mp3: file does not exist`,
				`audio: voice/manifest.json: clips[3] "Up.": file "../up.mp3" is not a path inside the pack directory`,
				`audio: voice/manifest.json: clips[4] "Down.": file is empty; want the clip's file name`,
			},
		},
		{
			name:     "syntax",
			manifest: "{\n  \"voice\": \"x\",\n  \"rate\": 44100,,\n}",
			want:     []string{`audio: voice/manifest.json:3:18: invalid character ',' looking for beginning of object key string`},
		},
		{
			name:     "type",
			manifest: "{\"voice\": \"x\",\n \"rate\": \"fast\"}",
			want:     []string{`audio: voice/manifest.json:2:16: rate is string; want int`},
		},
		{
			name:     "unknown key",
			manifest: `{"voice": "x", "rate": 44100, "sampels": 3}`,
			want:     []string{`audio: voice/manifest.json: json: unknown field "sampels"`},
		},
		{
			name:     "two objects",
			manifest: `{"voice": "x", "rate": 44100} {}`,
			want:     []string{`audio: voice/manifest.json: unexpected data after the manifest object`},
		},
		{
			name: "missing",
			want: []string{`audio: voice pack: voice/manifest.json: no such file`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"voice/in.mp3": clip, "voice/up.mp3": clip}
			if tt.manifest != "" {
				fsys["voice/manifest.json"] = &fstest.MapFile{Data: []byte(tt.manifest)}
			}
			_, err := OpenPack(fsys, "voice")
			if err == nil {
				t.Fatal("no error")
			}
			if got, want := err.Error(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("error:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestBuiltinPack checks, once the pack has been generated, that every
// clip in sessions/voice decodes to the length its manifest says.
func TestBuiltinPack(t *testing.T) {
	fsys := os.DirFS("../sessions")
	var m Manifest
	if data, err := fs.ReadFile(fsys, "voice/manifest.json"); err != nil || json.Unmarshal(data, &m) != nil || len(m.Clips) == 0 {
		t.Skip("sessions/voice/manifest.json lists no clips yet; run tools/mkvoice")
	}
	p, err := OpenPack(fsys, "voice")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range p.Texts() {
		c, err := p.Clip(text)
		if err != nil {
			t.Error(err)
			continue
		}
		// The stored loudness profile is what measuring the clip gives, so
		// a session that trusts it plans the same loudness.
		prof, ok := p.Profile(text)
		if !ok || !slices.Equal(prof, LoudnessProfile(c)) {
			t.Errorf("%q: the manifest's loudness profile (%v) differs from the clip's; run make voice", text, ok)
		}
	}
}

func TestDamagedProfileIsMeasuredInstead(t *testing.T) {
	wav := wavBytes(script.Rate, 1, false, make([]float64, 22050))
	for _, profile := range []string{"not base64!", EncodeProfile([]float32{1, 2, 3})} {
		fsys := fstest.MapFS{
			"v/a.wav":         {Data: wav},
			"v/manifest.json": {Data: []byte(`{"voice": "t", "rate": 44100, "clips": [{"text": "A.", "file": "a.wav", "samples": 22050, "profile": "` + profile + `"}]}`)},
		}
		p, err := OpenPack(fsys, "v")
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := p.Profile("A."); ok {
			t.Errorf("profile %q was trusted", profile)
		}
	}
}

func ExampleOpenPack() {
	wav := wavBytes(script.Rate, 1, false, make([]float64, 22050))
	fsys := fstest.MapFS{
		"voice/breathe-in.wav": {Data: wav},
		"voice/manifest.json": {Data: []byte(`{"voice": "example", "rate": 44100, "clips": [
			{"text": "Breathe in.", "file": "breathe-in.wav", "samples": 22050}]}`)},
	}
	p, err := OpenPack(fsys, "voice")
	if err != nil {
		fmt.Println(err)
		return
	}
	n, ok := p.Length("Breathe in.")
	fmt.Println(p.Texts(), n, ok)
	// Output: [Breathe in.] 22050 true
}
