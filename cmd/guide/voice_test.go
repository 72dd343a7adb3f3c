package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/internal/faketts"
	"github.com/stretchguide/guide/internal/session"
	"github.com/stretchguide/guide/internal/testtool"
	"github.com/stretchguide/guide/script"
)

// The test binary is also a fake text-to-speech engine (internal/faketts)
// when FAKE_TTS_LOG is set, so that tests can count engine runs.
func init() { faketts.Run() }

// noEngines hides every text-to-speech engine (and lame) from guide.
func noEngines(t *testing.T) {
	t.Helper()
	t.Setenv("PATH", t.TempDir())
}

// voiceTest makes a test hermetic for the voice: no user config, an empty
// cache.
func voiceTest(t *testing.T) {
	t.Helper()
	hermetic(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
}

// TestBuiltinPackMatchesPhrases fails when a built-in routine (or the
// player) needs a phrase the built-in pack has no clip for, or the pack
// holds a clip nothing says. make voice fixes both.
func TestBuiltinPackMatchesPhrases(t *testing.T) {
	want, err := session.BuiltinPhrases()
	if err != nil {
		t.Fatal(err)
	}
	_, pack, err := session.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	have := pack.Texts()
	for _, p := range want {
		if _, ok := slices.BinarySearch(have, p); !ok {
			t.Errorf("the built-in voice pack has no clip for %q, which a built-in routine or the player says: run make voice", p)
		}
	}
	for _, p := range have {
		if _, ok := slices.BinarySearch(want, p); !ok {
			t.Errorf("the built-in voice pack has a clip for %q, which nothing says: run make voice (it removes unused clips)", p)
		}
	}
}

func TestVoicePhrases(t *testing.T) {
	voiceTest(t)
	want, err := session.BuiltinPhrases()
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runGuide(t, "voice", "phrases")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := strings.Split(strings.TrimSuffix(out, "\n"), "\n"); !slices.Equal(got, want) {
		t.Errorf("guide voice phrases printed %d phrases; want the %d of builtinPhrases", len(got), len(want))
	}
	out, stderr, code = runGuide(t, "voice", "phrases", "testdata/voice/new-words.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, p := range []string{"Cat-Cow.", "Stand tall, and reach both arms up.", "Let your shoulders drop away from your ears."} {
		if !strings.Contains(out, p+"\n") {
			t.Errorf("guide voice phrases new-words.yaml:\n%s\nwant a line %q", out, p)
		}
	}
}

func TestVoiceScript(t *testing.T) {
	voiceTest(t)
	out, stderr, code := runGuide(t, "voice", "script", "testdata/voice/new-words.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"# Recording script for guide: the ",
		"#   guide voice import FOLDER testdata/voice/new-words.yaml\n",
		"\ncat-cow-b5e89103.wav ",
		" Stand tall, and reach both arms up.\n",
		voicepack.ClipStem("Stand tall, and reach both arms up.") + ".wav",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("guide voice script:\n%s\nwant %q", out, want)
		}
	}
}

// speech returns a stand-in for a recorded phrase: room noise around n
// samples of a voice-like buzz, at rate.
func speech(rate, n int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	pad := rate / 2
	s := make([]float64, pad+n+pad)
	for i := range s {
		s[i] = 0.002 * r.NormFloat64() // about -54 dBFS of hiss
	}
	for i := range n {
		x := float64(i) / float64(rate)
		env := math.Sin(math.Pi * float64(i) / float64(n))
		s[pad+i] += 0.3 * env * (math.Sin(2*math.Pi*140*x) + 0.5*math.Sin(2*math.Pi*280*x) + 0.3*math.Sin(2*math.Pi*1100*x))
	}
	return s
}

// wavFile writes s as a WAV file: 16-bit mono, or 24-bit stereo.
func wavFile(t *testing.T, name string, rate int, stereo bool, s []float64) {
	t.Helper()
	ch, width := 1, 2
	if stereo {
		ch, width = 2, 3
	}
	n := len(s) * ch * width
	b := []byte("RIFF")
	le := func(v uint32, k int) {
		for i := range k {
			b = append(b, byte(v>>(8*i)))
		}
	}
	le(uint32(36+n), 4)
	b = append(b, "WAVEfmt "...)
	le(16, 4)
	le(1, 2)
	le(uint32(ch), 2)
	le(uint32(rate), 4)
	le(uint32(rate*ch*width), 4)
	le(uint32(ch*width), 2)
	le(uint32(8*width), 2)
	b = append(b, "data"...)
	le(uint32(n), 4)
	for _, v := range s {
		q := int32(math.Round(v * float64(int32(1)<<(8*width-1)-1)))
		for range ch {
			le(uint32(q), width)
		}
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// routinePhrases returns the phrases of a routine file.
func routinePhrases(t *testing.T, file string) []string {
	t.Helper()
	a := &app{}
	p, _, err := session.PhraseSet(file, a.env())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestVoiceImport records every phrase of a routine but one (in several
// formats), imports them, checks the pack, records the last one, imports
// again, and plays the routine with the pack.
func TestVoiceImport(t *testing.T) {
	voiceTest(t)
	const routine = "testdata/voice/new-words.yaml"
	dir := t.TempDir()
	phrases := routinePhrases(t, routine)
	if len(phrases) < 3 {
		t.Fatalf("%s has %d phrases; the test wants at least 3", routine, len(phrases))
	}
	record := func(i int) {
		stem := filepath.Join(dir, voicepack.ClipStem(phrases[i]))
		n := 30000 + 5000*i
		switch i % 3 {
		case 0:
			wavFile(t, stem+".wav", 48000, true, speech(48000, n, uint64(i)))
		case 1:
			wavFile(t, stem+".wav", 22050, false, speech(22050, n, uint64(i)))
		case 2: // an MP3, from a phone
			wavFile(t, stem+".tmp", 44100, false, speech(44100, n, uint64(i)))
			cmd := exec.Command(testtool.Need(t, "lame", "lame"), "--quiet", "-V", "2", stem+".tmp", stem+".mp3")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("lame: %v\n%s", err, out)
			}
			os.Remove(stem + ".tmp")
		}
	}
	last := len(phrases) - 1
	for i := range last {
		record(i)
	}
	out, stderr, code := runGuide(t, "voice", "import", dir, routine)
	if code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(out, fmt.Sprintf("1 of the %d phrases of routine new-words is not recorded yet", len(phrases))) {
		t.Errorf("import says:\n%s\nwant it to say one phrase is not recorded yet", out)
	}
	p, err := voicepack.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p.Texts()); got != last {
		t.Errorf("the pack has %d clips; want %d", got, last)
	}
	for _, text := range p.Texts() {
		c, err := p.Clip(text)
		if err != nil {
			t.Error(err)
			continue
		}
		f, _ := p.File(text)
		if !strings.HasPrefix(f, filepath.Join(dir, voicepack.ClipsDir)+string(filepath.Separator)) || filepath.Ext(f) != ".mp3" {
			t.Errorf("%q is in %s; want an MP3 in %s", text, f, filepath.Join(dir, voicepack.ClipsDir))
		}
		s := make([]float64, len(c))
		for i, v := range c {
			s[i] = float64(v) / 32768
		}
		if l := dsp.Loudness(s, script.Rate); math.Abs(l-voicepack.TargetLUFS) > 0.5 {
			t.Errorf("%q: %.2f LUFS; want %v", text, l, voicepack.TargetLUFS)
		}
		if prof, ok := p.Profile(text); !ok || !slices.Equal(prof, dsp.Profile(c)) {
			t.Errorf("%q: the manifest's loudness profile (%v) is not the clip's", text, ok)
		}
		i := slices.Index(phrases, text)
		// The recording had half a second of hiss either side: trimmed to
		// the 30 ms lead-in and 60 ms tail (and the 5 ms windows the
		// trimmer works in); the fade-in and out of the buzz is partly
		// under the hiss, and may go too.
		speechLen := (30000 + 5000*i) * script.Rate / []int{48000, 22050, 44100}[i%3]
		if len(c) < speechLen*3/4 || len(c) > speechLen+script.Rate*90/1000+2*script.Rate/200 {
			t.Errorf("%q: %d samples; want about the %d of the speech, not the half second of hiss either side", text, len(c), speechLen)
		}
	}

	out, _, code = runGuide(t, "voice", "check", dir, routine)
	want := fmt.Sprintf("missing %q: record it as %s.wav\n", phrases[last], voicepack.ClipStem(phrases[last]))
	if code != 1 || out != want {
		t.Errorf("check: exit %d\n%s\nwant exit 1 and\n%s", code, out, want)
	}

	record(last)
	if out, stderr, code := runGuide(t, "voice", "import", dir, routine); code != 0 {
		t.Fatalf("import again: exit %d\n%s%s", code, out, stderr)
	}
	out, stderr, code = runGuide(t, "voice", "check", dir, routine)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("%d clips, every phrase of routine new-words; all readable", len(phrases))) {
		t.Errorf("check after recording everything: exit %d\n%s%s", code, out, stderr)
	}

	// The pack speaks the routine: every phrase, at its clip's length.
	noEngines(t)
	s := compiled(t, routine, "voice.pack="+dir)
	p, _ = voicepack.OpenDir(dir)
	for _, e := range s.Timeline.Events {
		if e.Sound != script.Speech {
			continue
		}
		if n, _ := p.Length(e.Text); e.Length != n {
			t.Errorf("%q lasts %d samples in the plan; the pack's clip has %d", e.Text, e.Length, n)
		}
	}
	// And a session with it starts without decoding a clip: the manifest
	// holds every clip's loudness profile.
	counted := &countingClips{Clips: s.Voice}
	if st := s.Stream(counted); st.Err() != nil {
		t.Fatal(st.Err())
	}
	if counted.n > 0 {
		t.Errorf("starting the session decoded %d clips; want none (the profiles are in the manifest)", counted.n)
	}
}

// countingClips counts the clips decoded.
type countingClips struct {
	audio.Clips
	n int
}

func (c *countingClips) Clip(text string) ([]int16, error) {
	c.n++
	return c.Clips.Clip(text)
}

// TestVoiceImportWithoutLame makes WAV clips.
func TestVoiceImportWithoutLame(t *testing.T) {
	voiceTest(t)
	dir := t.TempDir()
	wavFile(t, filepath.Join(dir, voicepack.ClipStem("Cat-Cow.")+".wav"), 44100, false, speech(44100, 20000, 7))
	noEngines(t)
	out, stderr, code := runGuide(t, "voice", "import", dir)
	if code != 0 || !strings.Contains(stderr, "lame is not installed, so the clips are WAV files") {
		t.Fatalf("import: exit %d\n%s%s", code, out, stderr)
	}
	p, err := voicepack.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := p.File("Cat-Cow."); filepath.Ext(f) != ".wav" {
		t.Errorf("the clip is %s; want a .wav", f)
	}
	if _, err := p.Clip("Cat-Cow."); err != nil {
		t.Error(err)
	}
}

// TestVoiceCheckMessages checks what guide voice check says about each
// kind of broken pack.
func TestVoiceCheckMessages(t *testing.T) {
	want := []string{"Reach up.", "Stand tall."}
	known := []string{"Cat-Cow.", "Reach up.", "Stand tall."}
	reach, stand := voicepack.ClipStem("Reach up."), voicepack.ClipStem("Stand tall.")
	good := func(t *testing.T, name string) int {
		s := speech(44100, 20000, 3)
		wavFile(t, name, 44100, false, s)
		data, _ := os.ReadFile(name)
		c, err := voicepack.Decode(name, data)
		if err != nil {
			t.Fatal(err)
		}
		return len(c)
	}
	goodLen := len(speech(44100, 20000, 3))
	manifest := func(t *testing.T, dir string, clips ...voicepack.ManifestClip) {
		m := voicepack.Manifest{Voice: "test", Rate: script.Rate, Clips: clips}
		b, _ := json.Marshal(m)
		if err := os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string // DIR stands for the folder
	}{
		{
			name:  "empty",
			setup: func(t *testing.T, dir string) {},
			want: []string{
				"DIR/manifest.json: no such file; record the phrases (guide voice script), then run guide voice import DIR",
				`missing "Reach up.": record it as ` + reach + `.wav`,
				`missing "Stand tall.": record it as ` + stand + `.wav`,
			},
		},
		{
			name: "recordings not imported, unknown, unreadable, twice",
			setup: func(t *testing.T, dir string) {
				good(t, filepath.Join(dir, reach+".wav"))
				good(t, filepath.Join(dir, "take-2.wav"))
				os.WriteFile(filepath.Join(dir, stand+".mp3"), []byte("not a sound at all"), 0o644)
				good(t, filepath.Join(dir, stand+".wav"))
				os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("ignored"), 0o644)
			},
			want: []string{
				"DIR/" + stand + ".wav: " + stand + ".mp3 records the same phrase; keep one",
				"DIR/take-2.wav: no phrase is recorded under this name (guide voice script lists the file names)",
				"DIR/" + stand + ".mp3: cannot be read: not a FLAC, MP3 or WAV file",
				"DIR/manifest.json: no such file; record the phrases (guide voice script), then run guide voice import DIR",
				"DIR/" + reach + ".wav: recorded, but not imported yet; run guide voice import DIR",
				`missing "Stand tall.": record it as ` + stand + `.wav`,
			},
		},
		{
			name: "manifest names a missing file",
			setup: func(t *testing.T, dir string) {
				n := good(t, filepath.Join(dir, "a.wav"))
				manifest(t, dir, voicepack.ManifestClip{Text: "Reach up.", File: "a.wav", Samples: n},
					voicepack.ManifestClip{Text: "Stand tall.", File: "clips/gone.mp3", Samples: 100})
			},
			want: []string{
				`DIR/manifest.json: clips[1] "Stand tall.": file DIR/clips/gone.mp3: no such file or directory`,
				`missing "Reach up.": record it as ` + reach + `.wav`,
				`missing "Stand tall.": record it as ` + stand + `.wav`,
			},
		},
		{
			name: "clip of the wrong length, corrupt clip",
			setup: func(t *testing.T, dir string) {
				n := good(t, filepath.Join(dir, "a.wav"))
				os.WriteFile(filepath.Join(dir, "b.mp3"), []byte("no sound in here"), 0o644)
				manifest(t, dir, voicepack.ManifestClip{Text: "Reach up.", File: "a.wav", Samples: n + 1},
					voicepack.ManifestClip{Text: "Stand tall.", File: "b.mp3", Samples: 100})
			},
			want: []string{
				fmt.Sprintf("DIR/a.wav: decodes to %d samples, but DIR/manifest.json says %d; make the pack again (make voice, or guide voice import for your own)", goodLen, goodLen+1),
				"DIR/b.mp3: not a FLAC, MP3 or WAV file",
			},
		},
		{
			name: "bad manifest",
			setup: func(t *testing.T, dir string) {
				os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"voice": "x", "rate": 22050, "clips": []}`), 0o644)
			},
			want: []string{
				"DIR/manifest.json: rate is 22050; want 44100 (clip lengths are counted at the output rate)",
				`missing "Reach up.": record it as ` + reach + `.wav`,
				`missing "Stand tall.": record it as ` + stand + `.wav`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			summary, got := voicepack.Check(dir, known, want, "the test")
			for i := range got {
				got[i] = strings.ReplaceAll(got[i], dir, "DIR")
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("checkPack:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if summary != "" {
				t.Errorf("summary %q for a broken pack", summary)
			}
		})
	}

	dir := t.TempDir()
	n1, n2 := good(t, filepath.Join(dir, "a.wav")), good(t, filepath.Join(dir, "b.wav"))
	manifest(t, dir, voicepack.ManifestClip{Text: "Reach up.", File: "a.wav", Samples: n1}, voicepack.ManifestClip{Text: "Stand tall.", File: "b.wav", Samples: n2})
	if summary, got := voicepack.Check(dir, known, want, "the test"); len(got) > 0 || summary != dir+": 2 clips, every phrase of the test; all readable" {
		t.Errorf("checkPack of a good pack: %q, %q", summary, got)
	}
	if _, got := voicepack.Check(filepath.Join(dir, "nope"), known, want, "the test"); !slices.Equal(got, []string{filepath.Join(dir, "nope") + ": no such folder"}) {
		t.Errorf("checkPack of no folder: %q", got)
	}
}

// TestTTSForNewWords plays a routine with phrases no pack has: the engine
// says them once, and a second run takes them from the cache without
// running it.
func TestTTSForNewWords(t *testing.T) {
	voiceTest(t)
	const routine = "testdata/voice/new-words.yaml"
	line, log := faketts.Command(t, "-t {text} -o {out}")
	args := []string{"plan", routine, "--set", "voice.tts=command", "--set", "voice.command=" + line}

	first, stderr, code := runGuide(t, args...)
	if code != 0 {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	newWords := []string{"Let your shoulders drop away from your ears.", "Stand tall, and reach both arms up."}
	if got := faketts.Calls(t, log); !slices.Equal(slices.Sorted(slices.Values(got)), newWords) {
		t.Errorf("the engine said %q; want %q", got, newWords)
	}
	if !strings.Contains(stderr, "guide: saying 2 new phrases with command") {
		t.Errorf("stderr %q; want it to say the 2 new phrases are being said", stderr)
	}
	for _, p := range newWords {
		if !strings.Contains(first, fmt.Sprintf("%q", p)) {
			t.Errorf("the plan has no %q:\n%s", p, first)
		}
	}

	second, stderr, code := runGuide(t, args...)
	if code != 0 {
		t.Fatalf("plan again: exit %d: %s", code, stderr)
	}
	if got := faketts.Calls(t, log); len(got) != 2 {
		t.Errorf("the second run ran the engine: %d runs in all, want 2", len(got))
	}
	if stderr != "" {
		t.Errorf("second run: stderr %q; want nothing", stderr)
	}
	if second != first {
		t.Errorf("the second plan differs from the first")
	}
}

// TestNoShellForRoutineWords has a routine whose words would create files
// if a shell ran them, said by an engine taking the text as an argument
// and on standard input, and by the real engines that are installed.
func TestNoShellForRoutineWords(t *testing.T) {
	voiceTest(t)
	marker := t.TempDir()
	data, err := os.ReadFile("testdata/voice/nasty.yaml")
	if err != nil {
		t.Fatal(err)
	}
	routine := filepath.Join(t.TempDir(), "nasty.yaml")
	if err := os.WriteFile(routine, []byte(strings.ReplaceAll(string(data), "MARKER", marker)), 0o644); err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, p := range routinePhrases(t, routine) {
		if strings.Contains(p, "$(") {
			text = p
		}
	}
	if !strings.Contains(text, "`touch ") || !strings.Contains(text, `"stop";`) {
		t.Fatalf("the routine's nasty phrase is %q", text)
	}
	check := func(t *testing.T, sets ...string) {
		t.Helper()
		if _, stderr, code := runGuide(t, append([]string{"plan", routine}, setFlags(sets)...)...); code != 0 {
			t.Fatalf("plan: exit %d: %s", code, stderr)
		}
		entries, _ := os.ReadDir(marker)
		for _, e := range entries {
			t.Errorf("%s was created: something ran the words through a shell", e.Name())
		}
	}
	for _, args := range []string{"-t {text} -o {out}", "-o {out}"} {
		t.Run("command "+args, func(t *testing.T) {
			line, log := faketts.Command(t, args)
			check(t, "voice.tts=command", "voice.command="+line)
			if got := faketts.Calls(t, log); !slices.Contains(got, text) {
				t.Errorf("the engine was asked to say %q; want %q among them", got, text)
			}
		})
	}
	for _, e := range []struct{ name, program, pkg string }{
		{"flite", "flite", "flite"}, {"espeak-ng", "espeak-ng", "espeak-ng"}, {"festival", "text2wave", "festival festvox-us-slt-hts"},
	} {
		t.Run(e.name, func(t *testing.T) {
			testtool.Need(t, e.program, e.pkg)
			check(t, "voice.tts="+e.name)
		})
	}
}

// TestNoVoice: with no engine installed, a routine with new words fails
// before any sound, listing the phrases and the ways to fix it.
func TestNoVoice(t *testing.T) {
	voiceTest(t)
	noEngines(t)
	const routine = "testdata/voice/new-words.yaml"
	want := `guide: routine new-words has 2 phrases that no voice pack has, and text-to-speech cannot say them: no text-to-speech engine is installed (looked for flite, text2wave, espeak-ng)
  "Let your shoulders drop away from your ears."
  "Stand tall, and reach both arms up."
Any one of these fixes it:
  - install a speech engine (voice.tts: auto finds it): sudo apt-get install flite (or festival festvox-us-slt-hts, or espeak-ng)
  - record them yourself: guide voice script testdata/voice/new-words.yaml > lines.txt lists each phrase and its file name;
    save the recordings in a folder DIR, run guide voice import DIR testdata/voice/new-words.yaml, and set voice.pack: DIR
  - play a short chime in their place: set voice.missing: chime (or --set voice.missing=chime)
`
	out := filepath.Join(t.TempDir(), "x.wav")
	for _, args := range [][]string{{"plan", routine}, {"play", routine}, {"render", routine, "-o", out}} {
		stdout, stderr, code := runGuide(t, args...)
		if code != 1 || stderr != want || stdout != "" {
			t.Errorf("guide %s: exit %d, stdout %q, stderr:\n%s\nwant exit 1, no output and:\n%s", args, code, stdout, stderr, want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("render wrote %s", out)
	}

	_, stderr, _ := runGuide(t, "plan", routine, "--set", "voice.tts=flite")
	if want := "voice.tts is flite, but flite is not installed; install it with: sudo apt-get install flite\n"; !strings.Contains(stderr, want) {
		t.Errorf("stderr:\n%s\nwant %q", stderr, want)
	}
	if want := "  - install flite: install it with: sudo apt-get install flite; or set voice.tts: auto to use whichever engine is installed\n"; !strings.Contains(stderr, want) {
		t.Errorf("stderr:\n%s\nwant %q", stderr, want)
	}
	_, stderr, _ = runGuide(t, "plan", routine, "--set", "voice.tts=none")
	if want := "text-to-speech cannot say them: voice.tts is none\n"; !strings.Contains(stderr, want) {
		t.Errorf("stderr:\n%s\nwant %q", stderr, want)
	}
	if want := "  - let text-to-speech say them: set voice.tts: auto"; !strings.Contains(stderr, want) || strings.Contains(stderr, "install a speech engine") {
		t.Errorf("voice.tts none: stderr:\n%s\nwant %q and no advice to install an engine", stderr, want)
	}
	_, stderr, _ = runGuide(t, "plan", routine, "--set", "voice.tts=piper")
	if want := "  - give piper its voice: set voice.speaker to the path of a piper voice model (.onnx)"; !strings.Contains(stderr, want) || strings.Contains(stderr, "apt-get install flite") {
		t.Errorf("voice.tts piper: stderr:\n%s\nwant %q and no advice to install flite", stderr, want)
	}

	// A built-in routine needs no engine.
	if _, stderr, code := runGuide(t, "plan", "morning"); code != 0 {
		t.Errorf("plan morning without an engine: exit %d: %s", code, stderr)
	}
}

// TestChimeForMissing: voice.missing: chime plays the chime for each
// phrase nothing can say, and warns once.
func TestChimeForMissing(t *testing.T) {
	voiceTest(t)
	noEngines(t)
	const routine = "testdata/voice/new-words.yaml"
	stdout, stderr, code := runGuide(t, "plan", routine, "--set", "voice.missing=chime")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := strings.Count(stderr, "warning"); n != 1 || !strings.Contains(stderr, "a chime plays in place of 2 phrases no voice can say") {
		t.Errorf("stderr:\n%s\nwant one warning about the 2 phrases", stderr)
	}
	if !strings.Contains(stdout, `chime    0.600s  "Stand tall, and reach both arms up."`) {
		t.Errorf("plan:\n%s\nwant the new phrase as a 0.6 s chime", stdout)
	}
	s := compiled(t, routine, "voice.missing=chime")
	c, err := s.Voice.Clip("Stand tall, and reach both arms up.")
	if err != nil || len(c) != audio.ChimeLength {
		t.Errorf("the chime: %d samples, %v; want %d", len(c), err, audio.ChimeLength)
	}
	if peak := float64(dsp.Peak(c)) / 32768; peak < 0.05 || peak > 0.5 {
		t.Errorf("the chime peaks at %.3f; want a soft but audible sound", peak)
	}
}

func TestVoiceConfigProblems(t *testing.T) {
	voiceTest(t)
	tests := []struct {
		sets []string
		want string
	}{
		{[]string{"voice.tts=flit"}, `voice.tts is "flit" (did you mean flite?); want auto, flite, festival, espeak-ng, piper, say, sapi, command and none`},
		{[]string{"voice.missing=beep"}, `voice.missing is "beep"; want fail (stop and say how to fix it) or chime (a chime in place of the words)`},
		{[]string{"voice.tts=command"}, "voice.tts is command, but voice.command is none; write the command line, e.g. voice.command: mytts --out {out} {text}"},
		{[]string{"voice.command=x 'y"}, "voice.command: unclosed ' quote"},
		{[]string{"voice.speaker=slt"}, "voice.speaker is slt, but voice.tts is auto; name the engine the voice belongs to"},
		{[]string{"voice.pack=testdata/nope"}, "voice.pack is testdata/nope, but there is no such folder"},
		{[]string{"voice.pack=testdata/voice"}, "voice.pack is testdata/voice, but it has no manifest.json: record the phrases (guide voice script lists them), then run guide voice import testdata/voice"},
	}
	for _, tt := range tests {
		_, stderr, code := runGuide(t, append([]string{"plan", "morning"}, setFlags(tt.sets)...)...)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("guide plan %v: exit %d, stderr:\n%s\nwant 1 and %q", tt.sets, code, stderr, tt.want)
		}
	}
}
