package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCheckReportsEveryProblem(t *testing.T) {
	hermetic(t)
	out, stderr, code := runGuide(t, "check", "testdata/routines/good.yaml", "testdata/routines/broken.yaml", "testdata/routines/missing.yaml")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out, "testdata/routines/good.yaml: ok, ") {
		t.Errorf("stdout lacks the good file:\n%s", out)
	}
	for _, want := range []string{
		`testdata/routines/broken.yaml:3:11: unknown pose "cat-cwo" (did you mean cat-cow?)`,
		`testdata/routines/broken.yaml:5:11: hold: 45 has no unit; write a duration such as 45s or 1m30s`,
		`testdata/routines/broken.yaml:7:14: pose knee-to-chest holds for a time: give hold, not breaths`,
		`testdata/routines/broken.yaml:8:5: unknown key "colour" in a step`,
		`testdata/routines/missing.yaml: no such file`,
		`check: 2 of 3 routines have problems`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks\n  %s\ngot:\n%s", want, stderr)
		}
	}
}

func TestCheckBuiltinsAndUserRoutines(t *testing.T) {
	hermetic(t)
	out, stderr, code := runGuide(t, "check")
	if code != 0 {
		t.Fatalf("check of the built-ins: exit %d\n%s", code, stderr)
	}
	for _, name := range []string{"morning", "back-relief", "sciatica", "bedtime", "desk-break"} {
		if !strings.Contains(out, "sessions/"+name+".yaml: ok") {
			t.Errorf("check does not list %s:\n%s", name, out)
		}
	}
	// A user routine named like a built-in is reported, not preferred.
	dir := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "guide", "routines")
	os.MkdirAll(dir, 0o755)
	good, _ := os.ReadFile("testdata/routines/good.yaml")
	os.WriteFile(filepath.Join(dir, "morning.yaml"), good, 0o644)
	os.WriteFile(filepath.Join(dir, "lunch.yaml"), good, 0o644)
	_, stderr, code = runGuide(t, "check")
	if code != 1 || !strings.Contains(stderr, "a built-in routine is called morning too") {
		t.Errorf("a user routine called morning: exit %d, stderr:\n%s", code, stderr)
	}
	out, stderr, _ = runGuide(t, "list")
	if want := "guide: warning: your routine morning (" + filepath.Join(dir, "morning.yaml") + ") is left out: it has problems; guide check lists them\n"; !strings.Contains(out, "lunch (yours)") || stderr != want {
		t.Errorf("list with user routines:\n%s\nstderr:\n%s", out, stderr)
	}
	// Asking for it by name plays the built-in one, and says why yours is not.
	if _, stderr, code := runGuide(t, "plan", "morning"); code != 0 || !strings.Contains(stderr, "your routine morning (") {
		t.Errorf("plan morning with a user routine called morning: exit %d, stderr:\n%s\nwant the warning", code, stderr)
	}
	if out, _, code := runGuide(t, "plan", "lunch"); code != 0 || !strings.Contains(out, "# Good (lunch)") {
		t.Errorf("plan of a user routine by name: exit %d\n%s", code, out)
	}
}

func TestConfigShowSaysWhereEachValueCameFrom(t *testing.T) {
	hermetic(t)
	file := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(file, []byte("routine: bedtime\npace:\n  preset: slow\n  exhale: 6s\n"), 0o644)
	t.Setenv("GUIDE_VOICE_VOLUME", "0.8")
	out, stderr, code := runGuide(t, "config", "show", "--config", file, "--set", "tones.volume=0.3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range [][]string{
		{"routine", "bedtime", file + ":1"},
		{"pace.preset", "slow", file + ":3"},
		{"pace.inhale", "5s", "pace.preset slow"},
		{"pace.exhale", "6s", file + ":4"},
		{"voice.volume", "0.8", "GUIDE_VOICE_VOLUME"},
		{"tones.volume", "0.3", "--set tones.volume=0.3"},
		{"audio.buffer", "500ms", "default"},
	} {
		found := false
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) >= 3 && f[0] == want[0] {
				found = f[1] == want[1] && strings.Join(f[2:], " ") == want[2]
				if !found {
					t.Errorf("config show: %q, want %s %s from %s", line, want[0], want[1], want[2])
				}
			}
		}
		if !found {
			t.Errorf("config show has no right line for %s:\n%s", want[0], out)
		}
	}
}

func TestConfigInitNeverOverwritesWithoutForce(t *testing.T) {
	hermetic(t)
	path := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "guide", "config.yaml")
	if out, stderr, code := runGuide(t, "config", "init"); code != 0 || !strings.Contains(out, path) {
		t.Fatalf("config init: exit %d, %s %s", code, out, stderr)
	}
	written, _ := os.ReadFile(path)
	if !strings.Contains(string(written), "pace:") || !strings.Contains(string(written), "# ") {
		t.Errorf("config init wrote something other than the documented defaults:\n%s", written)
	}
	os.WriteFile(path, []byte("routine: bedtime\n"), 0o644)
	_, stderr, code := runGuide(t, "config", "init")
	if kept, _ := os.ReadFile(path); code != 1 || string(kept) != "routine: bedtime\n" || !strings.Contains(stderr, "--force") {
		t.Errorf("config init over an existing file: exit %d, file %q, stderr %s", code, kept, stderr)
	}
	if _, _, code := runGuide(t, "config", "init", "--force"); code != 0 {
		t.Errorf("config init --force: exit %d", code)
	}
	if again, _ := os.ReadFile(path); string(again) != string(written) {
		t.Error("config init --force did not restore the defaults")
	}
}

// TestConfigInitWritesGUIDE_CONFIG checks that config init writes the file
// GUIDE_CONFIG names, the one every other command then reads.
func TestConfigInitWritesGUIDE_CONFIG(t *testing.T) {
	hermetic(t)
	path := filepath.Join(t.TempDir(), "mine.yaml")
	t.Setenv("GUIDE_CONFIG", path)
	if out, stderr, code := runGuide(t, "config", "init"); code != 0 || !strings.Contains(out, path) {
		t.Fatalf("config init: exit %d, %s %s", code, out, stderr)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.Contains(string(b), "pace:") {
		t.Errorf("config init did not write %s: %v", path, err)
	}
}

func TestPlanJSON(t *testing.T) {
	hermetic(t)
	out, stderr, code := runGuide(t, "plan", "morning", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var plan struct {
		Schema   int    `json:"schema"`
		Routine  string `json:"routine"`
		Rate     int    `json:"rate"`
		Samples  int    `json:"samples"`
		Chapters []struct {
			Title string `json:"title"`
			Start int    `json:"start"`
		} `json:"chapters"`
		Events []struct {
			Start   int     `json:"start"`
			Seconds float64 `json:"seconds"`
			Sound   string  `json:"sound"`
			Text    string  `json:"text"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	s := compiled(t, "morning")
	if plan.Schema != 1 || plan.Routine != "morning" || plan.Rate != 44100 || plan.Samples != s.Timeline.Length || len(plan.Events) != len(s.Timeline.Events) {
		t.Errorf("plan --json: schema %d, routine %s, rate %d, %d samples, %d events; want 1, morning, 44100, %d, %d",
			plan.Schema, plan.Routine, plan.Rate, plan.Samples, len(plan.Events), s.Timeline.Length, len(s.Timeline.Events))
	}
	for i, e := range plan.Events {
		if want := s.Timeline.Events[i]; e.Start != want.Start || e.Sound != string(want.Sound) || e.Text != want.Text {
			t.Fatalf("event %d: %+v, want %+v", i, e, want)
		}
	}
	if again, _, _ := runGuide(t, "plan", "morning", "--json"); again != out {
		t.Error("two runs of plan --json differ")
	}
}

func TestShowDescribesARoutine(t *testing.T) {
	hermetic(t)
	out, stderr, code := runGuide(t, "show", "testdata/routines/good.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Good (good): ", "Positions: back, all-fours", "1.  Knee to chest", "hold left 30s, right 25s", "2.  Child's pose", "hold 45s"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	// A long title keeps the columns lined up.
	file := filepath.Join(t.TempDir(), "long.yaml")
	os.WriteFile(file, []byte("title: Long\nsteps:\n  - pose: mine\n  - pose: childs-pose\nposes:\n  mine:\n    title: A stretch with a very long name indeed\n    start: back\n    kind: rest\n    setup: Lie still.\n    hold: 30s\n"), 0o644)
	out, _, _ = runGuide(t, "show", file)
	lines := strings.Split(out, "\n")
	col := func(prefix, word string) int {
		for _, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return strings.Index(l, word)
			}
		}
		return -1
	}
	if a, b := col("  1.", "back"), col("  2.", "all-fours"); a < 0 || a != b {
		t.Errorf("the position column starts at %d and %d:\n%s", a, b, out)
	}
}

// TestEmptyConfigFlagIsReported checks that --config "" is an error, not
// a silent fall back to the defaults.
func TestEmptyConfigFlagIsReported(t *testing.T) {
	hermetic(t)
	for _, args := range [][]string{{"config", "show", "--config", ""}, {"plan", "morning", "--config="}, {"config", "init", "--config", ""}} {
		_, stderr, code := runGuide(t, args...)
		if want := `guide: config: --config "" names no file; name one, or leave --config out` + "\n"; code != 1 || stderr != want {
			t.Errorf("guide %q: exit %d, stderr %q; want 1 and %q", args, code, stderr, want)
		}
	}
}

// TestConfigInitFileSetsNothingByItself checks that the file config init
// writes documents every key but sets none, so that changing pace.preset
// in it changes the pace keys.
func TestConfigInitFileSetsNothingByItself(t *testing.T) {
	hermetic(t)
	path := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "guide", "config.yaml")
	if _, stderr, code := runGuide(t, "config", "init"); code != 0 {
		t.Fatalf("config init: exit %d, %s", code, stderr)
	}
	out, _, _ := runGuide(t, "config", "show")
	if strings.Contains(out, path) {
		t.Errorf("the file config init wrote sets keys:\n%s", out)
	}
	written, _ := os.ReadFile(path)
	preset := regexp.MustCompile(`(?m)^(\s*)(# )?preset: normal`)
	if !preset.Match(written) {
		t.Fatalf("no pace.preset line in the file config init wrote:\n%s", written)
	}
	os.WriteFile(path, preset.ReplaceAll(written, []byte("${1}preset: slow")), 0o644)
	out, stderr, code := runGuide(t, "config", "show")
	if code != 0 {
		t.Fatalf("config show: exit %d, %s", code, stderr)
	}
	for _, want := range [][]string{{"pace.preset", "slow", path}, {"pace.inhale", "5s", "pace.preset slow"}, {"pace.hold", "1.25", "pace.preset slow"}} {
		found := false
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) >= 3 && f[0] == want[0] {
				from, _, _ := strings.Cut(strings.Join(f[2:], " "), ":") // the file without its line
				found = f[1] == want[1] && from == want[2]
			}
		}
		if !found {
			t.Errorf("config show has no line %s %s from %s:\n%s", want[0], want[1], want[2], out)
		}
	}
}

func TestVersion(t *testing.T) {
	out, _, code := runGuide(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "guide ") || strings.TrimSpace(out) == "guide" {
		t.Errorf("guide --version: exit %d, %q; want guide and a version", code, out)
	}
}

func TestCompletion(t *testing.T) {
	hermetic(t)
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "play", "mor"}, []string{"morning", "back-relief"}},
		{[]string{"__complete", "render", "sciatica", "--set", "voice.tt"}, []string{"voice.tts="}},
		{[]string{"__complete", "plan", "--set", "tones.style="}, []string{"tones.style=bowl", "tones.style=soft"}},
		{[]string{"__complete", "render", "morning", "-o", ""}, []string{"wav", "flac", "mp3", "m4a", "opus"}},
		{[]string{"__complete", "render", "morning", "--rate", ""}, []string{"22050", "48000"}},
		{[]string{"completion", "bash"}, []string{"bash completion"}},
	} {
		out, stderr, code := runGuide(t, tt.args...)
		for _, w := range tt.want {
			if code != 0 || !strings.Contains(out, w) {
				t.Errorf("guide %s: exit %d, %q%s; want %q", strings.Join(tt.args, " "), code, out, stderr, w)
			}
		}
	}
}

func TestManPages(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runGuide(t, "man", dir); code != 0 {
		t.Fatalf("guide man: exit %d: %s", code, stderr)
	}
	for _, page := range []string{"guide.1", "guide-play.1", "guide-render.1", "guide-voice-import.1"} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil || !bytes.Contains(b, []byte(".SH NAME")) {
			t.Errorf("%s: %v, want a man page", page, err)
		}
	}
}

// TestPlanShowsWhatPlays: the tones the settings silence are not in the
// plan.
func TestPlanShowsWhatPlays(t *testing.T) {
	hermetic(t)
	for _, tt := range []struct {
		sets []string
		gone []string
		kept []string
	}{
		{[]string{"tones.breath=false"}, []string{"inhale", "exhale"}, []string{"bell", "speech"}},
		{[]string{"tones.volume=0"}, []string{"inhale", "bell", "close"}, []string{"speech"}},
		{[]string{"voice.volume=0"}, []string{"speech"}, []string{"inhale", "bell"}},
	} {
		out, stderr, code := runGuide(t, append([]string{"plan", "morning"}, setFlags(tt.sets)...)...)
		if code != 0 {
			t.Fatalf("plan %v: exit %d: %s", tt.sets, code, stderr)
		}
		for _, s := range tt.gone {
			if strings.Contains(out, "  "+s+" ") {
				t.Errorf("plan with %v lists %s", tt.sets, s)
			}
		}
		for _, s := range tt.kept {
			if !strings.Contains(out, "  "+s+" ") {
				t.Errorf("plan with %v lacks %s", tt.sets, s)
			}
		}
	}
}
