package tts

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/internal/faketts"
	"github.com/stretchguide/guide/internal/testtool"
	"github.com/stretchguide/guide/script"
)

// The test binary is also the fake engine (internal/faketts).
func TestMain(m *testing.M) {
	faketts.Run()
	os.Exit(m.Run())
}

// fake returns the fake engine as a voice.command engine with the given
// arguments after the program, and the file it logs to.
func fake(t *testing.T, args string) (*Engine, string) {
	t.Helper()
	line, log := faketts.Command(t, args)
	e, err := Find(Config{Engine: Command, Command: line})
	if err != nil {
		t.Fatal(err)
	}
	return e, log
}

func calls(t *testing.T, log string) []string { return faketts.Calls(t, log) }

// nasty is a phrase that would create files if a shell ever saw it: each
// marker is made by a different kind of shell syntax.
func nasty(dir string) (text string, markers []string) {
	m := func(name string) string {
		p := filepath.Join(dir, name)
		markers = append(markers, p)
		return p
	}
	text = fmt.Sprintf(`Don't "stop"; touch %s $(touch %s) `+"`touch %s`"+` && touch %s | tee %s > %s & echo $HOME 'it''s' \n {out} {text}`,
		m("semicolon"), m("dollar"), m("backtick"), m("and"), m("pipe"), m("redirect"))
	return text, markers
}

func checkNoMarkers(t *testing.T, markers []string) {
	t.Helper()
	for _, p := range markers {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s exists: something ran the text through a shell", p)
		}
	}
}

// TestNoShell speaks a phrase full of shell syntax through the command
// engine, with the text as an argument and on standard input, and checks
// the engine got the text unchanged and nothing else ran.
func TestNoShell(t *testing.T) {
	for _, args := range []string{"-t {text} -o {out}", "-o {out}", "-t {text}", ""} {
		t.Run(args, func(t *testing.T) {
			dir := t.TempDir()
			text, markers := nasty(dir)
			e, log := fake(t, args)
			wav, err := e.Speak(context.Background(), text)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := voicepack.Decode("fake", wav); err != nil {
				t.Error(err)
			}
			if got := calls(t, log); len(got) != 1 || got[0] != text {
				t.Errorf("the engine was asked to say\n%q\nwant\n%q", got, text)
			}
			checkNoMarkers(t, markers)
		})
	}
}

// TestNoShellRealEngines has every installed engine say the phrase.
func TestNoShellRealEngines(t *testing.T) {
	for _, tt := range []struct{ engine, program, pkg string }{
		{Flite, "flite", "flite"},
		{EspeakNG, "espeak-ng", "espeak-ng"},
		{Festival, "text2wave", "festival festvox-us-slt-hts"},
	} {
		t.Run(tt.engine, func(t *testing.T) {
			testtool.Need(t, tt.program, tt.pkg)
			dir := t.TempDir()
			text, markers := nasty(dir)
			e, err := Find(Config{Engine: tt.engine})
			if err != nil {
				t.Fatal(err)
			}
			wav, err := e.Speak(context.Background(), text)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := voicepack.Decode(tt.engine, wav); err != nil {
				t.Error(err)
			}
			checkNoMarkers(t, markers)
		})
	}
}

// TestRealEngines checks each engine's clip as guide makes it: speech of a
// plausible length, at the pack's loudness.
func TestRealEngines(t *testing.T) {
	const text = "Stand tall, and reach both arms up toward the ceiling."
	for _, tt := range []struct{ engine, program, pkg string }{
		{Festival, "text2wave", "festival festvox-us-slt-hts"},
		{Flite, "flite", "flite"},
		{EspeakNG, "espeak-ng", "espeak-ng"},
	} {
		t.Run(tt.engine, func(t *testing.T) {
			testtool.Need(t, tt.program, tt.pkg)
			e, err := Find(Config{Engine: tt.engine})
			if err != nil {
				t.Fatal(err)
			}
			v := NewVoice(e, "")
			if err := v.Prepare(context.Background(), []string{text}); err != nil {
				t.Fatal(err)
			}
			n, ok := v.Length(text)
			if !ok {
				t.Fatal("no clip after Prepare")
			}
			// 10 words at about 2.3 words a second.
			if secs := float64(n) / script.Rate; secs < 2.5 || secs > 8 {
				t.Errorf("the clip lasts %.2fs; want 2.5s to 8s", secs)
			}
			c, _ := v.Clip(text)
			s := make([]float64, len(c))
			for i, x := range c {
				s[i] = float64(x) / 32768
			}
			if l := dsp.Loudness(s, script.Rate); math.Abs(l-voicepack.TargetLUFS) > 0.5 {
				t.Errorf("loudness %.2f LUFS; want %v", l, voicepack.TargetLUFS)
			}
			if p, ok := v.Profile(text); !ok || len(p) != dsp.ProfileLen(len(c)) {
				t.Errorf("Profile gives %d chunks, %v; want %d", len(p), ok, dsp.ProfileLen(len(c)))
			}
		})
	}
}

// TestCache checks that a phrase is synthesised once: a second voice with
// the same cache runs no engine, and gives the same clip.
func TestCache(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "cache")
	t.Setenv("XDG_CACHE_HOME", cache)
	dir, err := CacheDir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cache, "guide", "tts"); dir != want {
		t.Errorf("CacheDir() = %s; want %s", dir, want)
	}
	e, log := fake(t, "-t {text} -o {out}")
	texts := []string{"Reach up.", "Stand tall.", "Reach up."}

	first := NewVoice(e, dir)
	if got := first.Uncached(texts); len(got) != 3 {
		t.Errorf("Uncached before = %q; want all three", got)
	}
	if err := first.Prepare(context.Background(), texts); err != nil {
		t.Fatal(err)
	}
	if got := len(calls(t, log)); got != 2 {
		t.Errorf("first run: the engine ran %d times; want 2", got)
	}
	for _, text := range []string{"Reach up.", "Stand tall."} {
		if _, err := os.Stat(first.CachePath(text)); err != nil {
			t.Errorf("%q is not cached: %v", text, err)
		}
		if !strings.HasPrefix(first.CachePath(text), dir+string(filepath.Separator)) {
			t.Errorf("cache file %s is not under %s", first.CachePath(text), dir)
		}
	}

	second := NewVoice(e, dir)
	if got := second.Uncached(texts); len(got) != 0 {
		t.Errorf("Uncached after = %q; want none", got)
	}
	if err := second.Prepare(context.Background(), texts); err != nil {
		t.Fatal(err)
	}
	if got := len(calls(t, log)); got != 2 || second.Made() != 0 {
		t.Errorf("second run: the engine ran (log has %d calls, Made %d); want no run", got, second.Made())
	}
	for _, text := range texts {
		a, _ := first.Clip(text)
		b, err := second.Clip(text)
		if err != nil || len(a) != len(b) || len(a) == 0 {
			t.Errorf("%q: %d samples first, %d from the cache (%v)", text, len(a), len(b), err)
		}
	}
	// The clip is shaped like a pack's: the fake's 100 ms of silence is
	// trimmed to the 30 ms lead-in and 60 ms tail, to within the trimmer's
	// 5 ms windows.
	want, win := script.Rate/2+script.Rate*90/1000, script.Rate/200
	if n, _ := second.Length("Reach up."); n < want || n > want+2*win {
		t.Errorf("cached clip has %d samples; want %d to %d", n, want, want+2*win)
	}

	// Another voice, or another command line, is another clip.
	other, _ := Find(Config{Engine: Command, Command: e.Voice + " -x"})
	if NewVoice(other, dir).CachePath("Reach up.") == first.CachePath("Reach up.") {
		t.Error("a different command line shares the cache key")
	}
}

func TestSpeakErrors(t *testing.T) {
	tests := []struct {
		name, args, fail string
		want             string
	}{
		{"fails", "-t {text} -o {out}", "no voice called zork", "failed to say \"Reach up.\": exit status 2\n    no voice called zork"},
		{"no file", "-t {text} -o {out}.elsewhere", "", "wrote no sound file for \"Reach up.\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := fake(t, tt.args)
			if tt.fail != "" {
				t.Setenv(faketts.FailEnv, tt.fail)
			}
			_, err := e.Speak(context.Background(), "Reach up.")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Speak: %v; want an error with %q", err, tt.want)
			}
		})
	}
}

func TestFindErrors(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no engine installed
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{Engine: Auto}, "tts: no text-to-speech engine is installed (looked for flite, text2wave, espeak-ng)"},
		{Config{Engine: Flite}, "tts: voice.tts is flite, but flite is not installed; install it with: sudo apt-get install flite"},
		{Config{Engine: Festival}, "tts: voice.tts is festival, but text2wave is not installed; install it with: sudo apt-get install festival festvox-us-slt-hts"},
		{Config{Engine: Piper}, "tts: piper needs a voice model: set voice.speaker to the path of its .onnx file"},
		{Config{Engine: Auto, Voice: "slt"}, "tts: voice.speaker is slt, but voice.tts is auto; name the engine the voice belongs to (voice.tts: flite, festival, espeak-ng, piper, say, sapi)"},
		{Config{Engine: Festival, Voice: "x) (system \"ls\""}, `tts: voice.speaker "x) (system \"ls\"" is not a festival voice name`},
		{Config{Engine: Flite, Voice: "-o"}, `tts: voice.speaker "-o" is not a voice name`},
		{Config{Engine: Command}, "tts: voice.tts is command, but voice.command is empty"},
		{Config{Engine: Command, Command: "mytts 'unclosed"}, "tts: voice.command: unclosed ' quote"},
		{Config{Engine: Command, Command: "{text} x"}, "tts: voice.command: the program \"{text}\" has a placeholder"},
		{Config{Engine: Command, Command: "no-such-tts {text}"}, "tts: voice.command: no-such-tts: executable file not found in $PATH"},
		{Config{Engine: "flit"}, `tts: no engine named "flit"`},
	}
	for _, tt := range tests {
		_, err := Find(tt.cfg)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Find(%+v):\n got %v\nwant %s...", tt.cfg, err, tt.want)
		}
	}
}

func TestSplitCommand(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"mytts --out {out} {text}", []string{"mytts", "--out", "{out}", "{text}"}},
		{`piper --model "/my voices/en.onnx"`, []string{"piper", "--model", "/my voices/en.onnx"}},
		{`say -v 'Karen' -o {out}`, []string{"say", "-v", "Karen", "-o", "{out}"}},
		{`a\ b "c\"d" 'e\f'`, []string{"a b", `c"d`, `e\f`}},
		{`x $(rm -rf ~) ; y`, []string{"x", "$(rm", "-rf", "~)", ";", "y"}},
		{`x "" ''`, []string{"x", "", ""}},
		{"   ", nil},
	}
	for _, tt := range tests {
		got, err := SplitCommand(tt.line)
		if err != nil || fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
			t.Errorf("SplitCommand(%q) = %q, %v; want %q", tt.line, got, err, tt.want)
		}
	}
	for _, bad := range []string{`x "y`, `x 'y`, `x \`} {
		if _, err := SplitCommand(bad); err == nil {
			t.Errorf("SplitCommand(%q): no error", bad)
		}
	}
}

func TestAutoPicksBestInstalled(t *testing.T) {
	bin := t.TempDir()
	for _, p := range []string{"flite", "espeak-ng"} {
		if err := os.WriteFile(filepath.Join(bin, p), []byte("#!/bin/false\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin)
	e, err := Find(Config{Engine: Auto})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, name := range Best {
		if name == Flite || name == EspeakNG {
			want = append(want, name)
		}
	}
	if e.Name != want[0] || e.Voice != engines[want[0]].voice {
		t.Errorf("auto picked %s; want %s, the better of flite and espeak-ng", e, want[0])
	}
	if got := Installed(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Installed() = %v; want %v", got, want)
	}
}

// fakeLine returns the fake engine's program and its log.
func fakeLine(t *testing.T) (prog, log string) {
	t.Helper()
	line, log := faketts.Command(t, "")
	return strings.Trim(strings.TrimSpace(line), "'"), log
}
