package voicepack

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/internal/testclip"
)

// packFS builds a voice pack in memory under voice/: each phrase's clip is
// data[text], and the manifest records the length Decode finds.
func packFS(t *testing.T, ext string, data map[string][]byte) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	m := Manifest{Voice: "test", Rate: Rate}
	for i, text := range slices.Sorted(maps.Keys(data)) {
		file := fmt.Sprintf("clip-%d.%s", i, ext)
		c, err := Decode(file, data[text])
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

func TestPackClipLength(t *testing.T) {
	phrases := map[string]int{"Breathe in.": 20000, "Breathe out.": 23456, "Draw your left knee in toward your chest.": 61111}
	for _, ext := range []string{"wav", "mp3"} {
		t.Run(ext, func(t *testing.T) {
			data := map[string][]byte{}
			for text, n := range phrases {
				wav := testclip.WAV(Rate, 1, false, testclip.Burst(Rate, n))
				if ext == "mp3" {
					wav = testclip.Encode(t, "lame", []string{"-V", "4", "-m", "m", "--resample", "44.1"}, wav)
				}
				data[text] = wav
			}
			p, err := Open(packFS(t, ext, data), "voice")
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
	wav := testclip.WAV(Rate, 1, false, testclip.Burst(Rate, 300))
	p, err := Open(packFS(t, "wav", map[string][]byte{"b": wav, "a": wav, "c": wav}), "voice")
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
	if _, err := p.Clip("d"); err == nil || err.Error() != `voice/manifest.json: no clip says "d"` {
		t.Errorf(`Clip("d") error = %v; want no clip says "d"`, err)
	}
	if f, ok := p.File("b"); !ok || f != "voice/clip-1.wav" {
		t.Errorf(`File("b") = %q, %v; want voice/clip-1.wav, true`, f, ok)
	}
	if _, ok := p.File("d"); ok {
		t.Error(`File("d") found a file`)
	}
	if _, ok := p.Profile("a"); ok {
		t.Error(`Profile("a") = true for a manifest without profiles`)
	}
}

func TestPackClipErrors(t *testing.T) {
	wav := testclip.WAV(Rate, 1, false, testclip.Burst(Rate, 300))
	fsys := packFS(t, "wav", map[string][]byte{"short": wav, "bad": wav})
	fsys["voice/clip-0.wav"] = &fstest.MapFile{Data: []byte("not audio")}                                // "bad"
	fsys["voice/clip-1.wav"] = &fstest.MapFile{Data: testclip.WAV(Rate, 1, false, make([]float64, 299))} // "short"
	p, err := Open(fsys, "voice")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ text, want string }{
		{"bad", "voice/clip-0.wav: not a FLAC, MP3 or WAV file"},
		{"short", "voice/clip-1.wav: decodes to 299 samples, but voice/manifest.json says 300; make the pack again (make voice, or guide voice import for your own)"},
	}
	for _, tt := range tests {
		if _, err := p.Clip(tt.text); err == nil || err.Error() != tt.want {
			t.Errorf("Clip(%q) error = %v; want %s", tt.text, err, tt.want)
		}
	}
	delete(fsys, "voice/clip-0.wav")
	if _, err := p.Clip("bad"); err == nil || err.Error() != "voice/clip-0.wav: no such file" {
		t.Errorf(`Clip("bad") of a removed file: %v; want no such file`, err)
	}
}

func TestOpenErrors(t *testing.T) {
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
				{"text": "Down.", "file": "", "samples": 5},
				{"text": "Dir.", "file": "sub", "samples": 5}]}`,
			want: []string{
				`voice/manifest.json: voice is empty; want the engine and voice that made the clips`,
				`voice/manifest.json: rate is 48000; want 44100 (clip lengths are counted at the output rate)`,
				`voice/manifest.json: clips[1] "Breathe in.": the same text as clips[0]; want each phrase once`,
				`voice/manifest.json: clips[1] "Breathe in.": samples is 0; want the clip's decoded length at 44100 Hz`,
				`voice/manifest.json: clips[2]: text is empty`,
				`voice/manifest.json: clips[2] "": file voice/gone.mp3: file does not exist`,
				`voice/manifest.json: clips[3] "Up.": file "../up.mp3" is not a path inside the pack directory`,
				`voice/manifest.json: clips[4] "Down.": file is empty; want the clip's file name`,
				`voice/manifest.json: clips[5] "Dir.": file voice/sub is not a regular file`,
			},
		},
		{
			name:     "syntax",
			manifest: "{\n  \"voice\": \"x\",\n  \"rate\": 44100,,\n}",
			want:     []string{`voice/manifest.json:3:18: invalid character ',' looking for beginning of object key string`},
		},
		{
			name:     "type",
			manifest: "{\"voice\": \"x\",\n \"rate\": \"fast\"}",
			want:     []string{`voice/manifest.json:2:16: rate is string; want int`},
		},
		{
			name:     "unknown key",
			manifest: `{"voice": "x", "rate": 44100, "sampels": 3}`,
			want:     []string{`voice/manifest.json: json: unknown field "sampels"`},
		},
		{
			name:     "two objects",
			manifest: `{"voice": "x", "rate": 44100} {}`,
			want:     []string{`voice/manifest.json: unexpected data after the manifest object`},
		},
		{
			name: "missing",
			want: []string{`voice pack: voice/manifest.json: no such file`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"voice/in.mp3": clip, "voice/up.mp3": clip, "voice/sub/x": clip}
			if tt.manifest != "" {
				fsys["voice/manifest.json"] = &fstest.MapFile{Data: []byte(tt.manifest)}
			}
			_, err := Open(fsys, "voice")
			if err == nil {
				t.Fatal("no error")
			}
			if got, want := err.Error(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("error:\n%s\nwant:\n%s", got, want)
			}
			if tt.manifest == "" && !errors.Is(err, ErrNoManifest) {
				t.Errorf("error %v is not ErrNoManifest", err)
			}
		})
	}
}

// TestOpenDir checks that a pack in a folder names its files by their paths.
func TestOpenDir(t *testing.T) {
	dir := t.TempDir()
	if _, err := OpenDir(dir); !errors.Is(err, ErrNoManifest) || !strings.Contains(err.Error(), filepath.Join(dir, "manifest.json")) {
		t.Errorf("OpenDir of an empty folder: %v; want ErrNoManifest naming the manifest's path", err)
	}
	os.WriteFile(filepath.Join(dir, "a.wav"), []byte("not audio"), 0o644)
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"voice": "t", "rate": 44100, "clips": [{"text": "A.", "file": "a.wav", "samples": 5}]}`), 0o644)
	p, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := p.File("A."); f != filepath.Join(dir, "a.wav") {
		t.Errorf(`File("A.") = %q; want %q`, f, filepath.Join(dir, "a.wav"))
	}
	if _, err := p.Clip("A."); err == nil || err.Error() != filepath.Join(dir, "a.wav")+": not a FLAC, MP3 or WAV file" {
		t.Errorf(`Clip("A.") = %v; want the file's path and what is wrong`, err)
	}
}

// TestBuiltinPack checks, once the pack has been generated, that every
// clip in sessions/voice decodes to the length its manifest says.
func TestBuiltinPack(t *testing.T) {
	fsys := os.DirFS("../../sessions")
	var m Manifest
	if data, err := fs.ReadFile(fsys, "voice/manifest.json"); err != nil || json.Unmarshal(data, &m) != nil || len(m.Clips) == 0 {
		t.Skip("sessions/voice/manifest.json lists no clips yet; run tools/mkvoice")
	}
	p, err := Open(fsys, "voice")
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
		if !ok || !slices.Equal(prof, dsp.Profile(c)) {
			t.Errorf("%q: the manifest's loudness profile (%v) differs from the clip's; run make voice", text, ok)
		}
	}
}

// profilePack is a pack of one clip of 22050 samples whose manifest holds
// profile.
func profilePack(t *testing.T, profile string) *Pack {
	t.Helper()
	wav := testclip.WAV(Rate, 1, false, testclip.Burst(Rate, 22050))
	fsys := fstest.MapFS{
		"v/a.wav":         {Data: wav},
		"v/manifest.json": {Data: []byte(`{"voice": "t", "rate": 44100, "clips": [{"text": "A.", "file": "a.wav", "samples": 22050, "profile": "` + profile + `"}]}`)},
	}
	p, err := Open(fsys, "v")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDamagedProfileIsMeasuredInstead(t *testing.T) {
	n := dsp.ProfileLen(22050)
	good := make([]float32, n)
	for i := range good {
		good[i] = float32(i) * 0.25
	}
	// A profile of the right length with one bad value.
	with := func(v float32) string {
		p := slices.Clone(good)
		p[n/2] = v
		return EncodeProfile(p)
	}
	// A value whose bits are not a float the encoder would write: a
	// negative zero is fine (it is 0), a signalling NaN is not.
	snan := make([]byte, 4*n)
	binary.LittleEndian.PutUint32(snan[4*3:], 0x7f800001)
	tests := map[string]string{
		"not base64":   "not base64!",
		"too short":    EncodeProfile([]float32{1, 2, 3}),
		"too long":     EncodeProfile(make([]float32, n+1)),
		"not float32s": base64.StdEncoding.EncodeToString(make([]byte, 4*n-1)),
		"NaN":          with(float32(math.NaN())),
		"signalling":   base64.StdEncoding.EncodeToString(snan),
		"+Inf":         with(float32(math.Inf(1))),
		"-Inf":         with(float32(math.Inf(-1))),
		"negative":     with(-1),
		"tiny minus":   with(-math.SmallestNonzeroFloat32),
	}
	for name, profile := range tests {
		if got, ok := profilePack(t, profile).Profile("A."); ok {
			t.Errorf("%s: the profile was trusted (%d values)", name, len(got))
		}
	}
	// A sound one is trusted, as it is.
	if got, ok := profilePack(t, EncodeProfile(good)).Profile("A."); !ok || !slices.Equal(got, good) {
		t.Errorf("a sound profile: %v, %v; want it as encoded", got, ok)
	}
	if got, ok := profilePack(t, with(float32(math.Copysign(0, -1)))).Profile("A."); !ok || got[n/2] != 0 {
		t.Errorf("a profile with -0: %v; want it trusted", ok)
	}
	if got, ok := profilePack(t, with(math.MaxFloat32)).Profile("A."); !ok || got[n/2] != math.MaxFloat32 {
		t.Errorf("a profile with the largest float: %v; want it trusted", ok)
	}
}

func ExampleOpen() {
	wav := testclip.WAV(Rate, 1, false, make([]float64, 22050))
	fsys := fstest.MapFS{
		"voice/breathe-in.wav": {Data: wav},
		"voice/manifest.json": {Data: []byte(`{"voice": "example", "rate": 44100, "clips": [
			{"text": "Breathe in.", "file": "breathe-in.wav", "samples": 22050}]}`)},
	}
	p, err := Open(fsys, "voice")
	if err != nil {
		fmt.Println(err)
		return
	}
	n, ok := p.Length("Breathe in.")
	fmt.Println(p.Texts(), n, ok)
	// Output: [Breathe in.] 22050 true
}
