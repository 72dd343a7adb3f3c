package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	guide "github.com/stretchguide/guide"
	"github.com/stretchguide/guide/script"
)

// noUserConfig is an environment with no user config file.
func noUserConfig(t *testing.T) string { return "XDG_CONFIG_HOME=" + t.TempDir() }

// defaults returns the configuration with nothing but the defaults.
func defaults(t *testing.T) Config {
	t.Helper()
	c, err := Load(Source{Environ: []string{noUserConfig(t)}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sections returns config.yaml's sections ("" is the top) and their
// children's names in order, read independently of the schema.
func sections(t *testing.T) map[string][]string {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(guide.DefaultConfig, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	var walk func(m *yaml.Node, section string)
	walk = func(m *yaml.Node, section string) {
		out[section] = []string{}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			out[section] = append(out[section], k.Value)
			if v.Kind == yaml.MappingNode {
				walk(v, joinKey(section, k.Value))
			}
		}
	}
	walk(doc.Content[0], "")
	return out
}

// leafKeys returns config.yaml's keys, dotted, in its order.
func leafKeys(t *testing.T) []string {
	t.Helper()
	secs := sections(t)
	var keys []string
	var walk func(section string)
	walk = func(section string) {
		for _, name := range secs[section] {
			key := joinKey(section, name)
			if _, ok := secs[key]; ok {
				walk(key)
			} else {
				keys = append(keys, key)
			}
		}
	}
	walk("")
	return keys
}

// prefixed returns each of names with prefix before it.
func prefixed(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return out
}

func TestLoad(t *testing.T) {
	xdg, err := filepath.Abs("testdata/xdg")
	if err != nil {
		t.Fatal(err)
	}
	secs := sections(t)
	tests := []struct {
		name    string
		src     Source
		want    func(*Config) // changes to the defaults
		wantErr string        // the whole message, one problem a line
	}{
		{name: "defaults", src: Source{}},
		{
			name: "file overrides default",
			src:  Source{File: "testdata/pace.yaml"},
			want: func(c *Config) { c.Pace.Inhale = 5 * time.Second },
		},
		{
			name: "empty file",
			src:  Source{File: "testdata/empty.yaml"},
		},
		{
			name: "environment overrides file",
			src: Source{
				File:    "testdata/pace.yaml",
				Environ: []string{"GUIDE_PACE_INHALE=6s", "GUIDE_ROUTINE=bedtime"},
			},
			want: func(c *Config) { c.Pace.Inhale = 6 * time.Second; c.Routine = "bedtime" },
		},
		{
			name: "set overrides environment",
			src: Source{
				File:    "testdata/pace.yaml",
				Environ: []string{"GUIDE_PACE_INHALE=6s", "GUIDE_ROUTINE=bedtime"},
				Sets:    []string{"pace.inhale=7s", "pace.hold=2", "Pace.Hold = 1.5 "},
			},
			want: func(c *Config) { c.Pace.Inhale = 7 * time.Second; c.Routine = "bedtime"; c.Pace.Hold = 1.5 },
		},
		{
			name: "set fixes a bad file value",
			src:  Source{File: "testdata/hold0.yaml", Sets: []string{"pace.hold=0.5"}},
			want: func(c *Config) { c.Pace.Hold = 0.5 },
		},
		{
			name: "preset fills the pace keys not set by name",
			src:  Source{Sets: []string{"pace.preset=fast", "pace.inhale=6s"}},
			want: func(c *Config) {
				c.Pace = Pace{Preset: "fast", Inhale: 6 * time.Second, Exhale: 3500 * time.Millisecond, Hold: 0.75, Settle: 3 * time.Second, Move: 6 * time.Second}
			},
		},
		{
			name: "quiet hours",
			src:  Source{Environ: []string{"GUIDE_REMIND_QUIET=off"}},
			want: func(c *Config) { c.Remind.Quiet = Quiet{} },
		},
		{
			name: "empty or unrelated environment variables",
			src:  Source{Environ: []string{"GUIDE_PACE_INHALE=", "GUIDE_UNRELATED=1", "PACE_INHALE=1"}},
		},
		{
			name: "user config from XDG_CONFIG_HOME",
			src:  Source{Environ: []string{"XDG_CONFIG_HOME=" + xdg}},
			want: func(c *Config) { c.Routine = "evening"; c.Tones.Volume = 0.3 },
		},
		{
			name: "relative XDG_CONFIG_HOME ignored",
			src:  Source{Environ: []string{"XDG_CONFIG_HOME=testdata/xdg", noUserConfig(t)}},
		},
		{
			name: "--config instead of user config",
			src:  Source{File: "testdata/pace.yaml", Environ: []string{"XDG_CONFIG_HOME=" + xdg}},
			want: func(c *Config) { c.Pace.Inhale = 5 * time.Second },
		},
		{
			name: "GUIDE_CONFIG instead of user config",
			src:  Source{Environ: []string{"GUIDE_CONFIG=testdata/pace.yaml", "XDG_CONFIG_HOME=" + xdg}},
			want: func(c *Config) { c.Pace.Inhale = 5 * time.Second },
		},
		{
			name: "--config wins over GUIDE_CONFIG",
			src:  Source{File: "testdata/pace.yaml", Environ: []string{"GUIDE_CONFIG=testdata/missing.yaml"}},
			want: func(c *Config) { c.Pace.Inhale = 5 * time.Second },
		},
		{
			name:    "typo in key",
			src:     Source{File: "testdata/typo.yaml"},
			wantErr: "config: testdata/typo.yaml:3:3: unknown key pace.inhail (did you mean pace.inhale?)",
		},
		{
			name:    "duration without unit",
			src:     Source{File: "testdata/bare.yaml"},
			wantErr: "config: testdata/bare.yaml:2:11: pace.inhale: 4 has no unit; write a duration such as 4s or 4500ms",
		},
		{
			name:    "negative duration",
			src:     Source{File: "testdata/negative.yaml"},
			wantErr: "config: testdata/negative.yaml:2:11: pace.settle is -2s; want 0s to 5m",
		},
		{
			name:    "hold 0",
			src:     Source{File: "testdata/hold0.yaml"},
			wantErr: "config: testdata/hold0.yaml:2:9: pace.hold is 0; want a factor above 0 and at most 10 (1 keeps the routine's holds)",
		},
		{
			name:    "volume 1.5",
			src:     Source{File: "testdata/volume.yaml"},
			wantErr: "config: testdata/volume.yaml:2:11: voice.volume is 1.5; want 0 (silent) to 1 (full)",
		},
		{
			name:    "malformed YAML",
			src:     Source{File: "testdata/malformed.yaml"},
			wantErr: "config: testdata/malformed.yaml:3:1: mapping values are not allowed in this context",
		},
		{
			name:    "missing --config file",
			src:     Source{File: "testdata/missing.yaml"},
			wantErr: "config: testdata/missing.yaml: no such file",
		},
		{
			name:    "missing GUIDE_CONFIG file",
			src:     Source{Environ: []string{"GUIDE_CONFIG=testdata/missing.yaml"}},
			wantErr: "config: testdata/missing.yaml (from GUIDE_CONFIG): no such file",
		},
		{
			name:    "--config names a directory",
			src:     Source{File: "testdata"},
			wantErr: "config: testdata: is a directory",
		},
		{
			name: "unknown GUIDE_ variables",
			src: Source{Environ: []string{
				"GUIDE_PACE_INHAIL=5s", "GUIDE_VOLUME=1", "GUIDE_PACE_BREATH=9s", "GUIDE_PACE=5s",
			}},
			wantErr: "config: unknown environment variable GUIDE_PACE; the pace variables are " + list(prefixed("GUIDE_PACE_", upper(secs["pace"]))) + `
config: unknown environment variable GUIDE_PACE_BREATH (did you mean GUIDE_TONES_BREATH?)
config: unknown environment variable GUIDE_PACE_INHAIL (did you mean GUIDE_PACE_INHALE?)
config: unknown environment variable GUIDE_VOLUME (did you mean GUIDE_VOICE_VOLUME or GUIDE_TONES_VOLUME?)`,
		},
		{
			name: "bad environment values",
			src: Source{Environ: []string{
				"GUIDE_PACE_EXHALE=5", "GUIDE_VOICE_VOLUME=2", "GUIDE_AUDIO_BUFFER=soon", "GUIDE_TONES_VOLUME=half",
				"GUIDE_REMIND_QUIET=later",
			}},
			wantErr: `config: GUIDE_AUDIO_BUFFER: audio.buffer: "soon" is not a duration; write a duration such as 4s or 4500ms
config: GUIDE_PACE_EXHALE: pace.exhale: 5 has no unit; write a duration such as 4s or 4500ms
config: GUIDE_REMIND_QUIET: remind.quiet: later is not a span of time; write HH:MM-HH:MM, such as 21:00-08:00, or none
config: GUIDE_TONES_VOLUME: tones.volume: "half" is not a number; write a number such as 0.6
config: GUIDE_VOICE_VOLUME: voice.volume is 2; want 0 (silent) to 1 (full)`,
		},
		{
			name:    "a problem with two keys names both sources",
			src:     Source{Environ: []string{"GUIDE_PACE_INHALE=2m"}, Sets: []string{"pace.exhale=90s"}},
			wantErr: "config: GUIDE_PACE_INHALE: pace.inhale is 2m; want 500ms to 1m\nconfig: --set pace.exhale=90s: pace.exhale is 1m30s; want 500ms to 1m",
		},
		{
			name: "bad --set flags",
			src: Source{Sets: []string{
				"pace.inhail=5s", "pace.inhale", "pace=5s", "audio.buffer=5ms", "pace.move=4 seconds",
				"colour=blue", "routine=",
			}},
			wantErr: `config: --set pace.inhail=5s: unknown key pace.inhail (did you mean pace.inhale?)
config: --set pace.inhale: want KEY=VALUE, such as pace.inhale=5s
config: --set pace=5s: pace is a section; set one of its keys: ` + list(prefixed("pace.", secs["pace"])) + `
config: --set pace.move=4 seconds: pace.move: "4 seconds" is not a duration; write a duration such as 4s or 4500ms
config: --set colour=blue: unknown key colour; the keys are ` + list(leafKeys(t)) + `
config: --set routine=: routine has no value; write a name such as morning
config: --set audio.buffer=5ms: audio.buffer is 5ms; want 10ms to 1s`,
		},
		{
			name: "every problem in a file",
			src:  Source{File: "testdata/several.yaml"},
			wantErr: `config: testdata/several.yaml:2:10: routine has no value; write a name such as morning
config: testdata/several.yaml:4:3: unknown key pace.inhail (did you mean pace.inhale?)
config: testdata/several.yaml:6:9: pace.hold: "lots" is not a number; write a number such as 1.0
config: testdata/several.yaml:7:11: pace.settle: "4 seconds" is not a duration; write a duration such as 4s or 4500ms
config: testdata/several.yaml:8:9: pace.move: 8 has no unit; write a duration such as 4s or 4500ms
config: testdata/several.yaml:10:3: pace.inhale is set twice (first on line 9)
config: testdata/several.yaml:13:1: unknown key tone (did you mean tones?)
config: testdata/several.yaml:15:8: audio is a section; want its keys (` + strings.Join(secs["audio"], ", ") + `) under it, found the value 100ms
config: testdata/several.yaml:16:1: unknown key volume (did you mean voice.volume or tones.volume?)
config: testdata/several.yaml:5:11: pace.exhale is 2m; want 500ms to 1m
config: testdata/several.yaml:12:11: voice.volume is 1.5; want 0 (silent) to 1 (full)`,
		},
		{
			name:    "not a mapping",
			src:     Source{File: "testdata/list.yaml"},
			wantErr: "config: testdata/list.yaml:1:1: want keys such as routine and pace, found a list",
		},
		{
			name: "wrong shapes and unknown keys",
			src:  Source{File: "testdata/kinds.yaml"},
			wantErr: `config: testdata/kinds.yaml:2:10: routine: want a name such as morning, found a list
config: testdata/kinds.yaml:4:10: pace.inhale has no value; write a duration such as 4s or 4500ms
config: testdata/kinds.yaml:5:3: unknown key pace.colour; the keys in pace are ` + list(secs["pace"]) + `
config: testdata/kinds.yaml:6:1: unknown key sound; the top-level keys are ` + list(secs[""]),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src
			// The test's own XDG_CONFIG_HOME, if any, wins: the first of duplicates does.
			src.Environ = append(append([]string(nil), src.Environ...), noUserConfig(t))
			got, err := Load(src)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("Load(%+v) = %+v, nil; want error:\n%s", src, got, tt.wantErr)
				}
				if err.Error() != tt.wantErr {
					t.Errorf("Load(%+v) error:\n%s\nwant:\n%s", src, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load(%+v): %v", src, err)
			}
			want := defaults(t)
			if tt.want != nil {
				tt.want(&want)
			}
			got.from, want.from = nil, nil
			if got != want {
				t.Errorf("Load(%+v)\n got %+v\nwant %+v", src, got, want)
			}
		})
	}
}

func upper(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.ToUpper(n)
	}
	return out
}

func TestLoadMissingFileIsNotExist(t *testing.T) {
	_, err := Load(Source{File: "testdata/missing.yaml", Environ: []string{noUserConfig(t)}})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load with a missing --config file: got %v; want an error that is fs.ErrNotExist", err)
	}
}

// TestFileProblemsAreScriptErrors checks that a problem at a place in the
// config file is the same positioned error type routine files use.
func TestFileProblemsAreScriptErrors(t *testing.T) {
	_, err := Load(Source{File: "testdata/several.yaml", Environ: []string{noUserConfig(t)}})
	var se *script.Error
	if !errors.As(err, &se) {
		t.Fatalf("Load(several.yaml) = %v; want a *script.Error in it", err)
	}
	if got, want := *se, (script.Error{File: "testdata/several.yaml", Line: 2, Col: 10, Msg: "routine has no value; write a name such as morning"}); got != want {
		t.Errorf("the first *script.Error = %+v, want %+v", got, want)
	}
}

// TestDefaultsMatchConfigYAML reads config.yaml independently of Load and
// checks every value it holds reaches its Config field. (newSchema checks
// that every field has a value there.)
func TestDefaultsMatchConfigYAML(t *testing.T) {
	c := defaults(t)
	var file map[string]any
	if err := yaml.Unmarshal(guide.DefaultConfig, &file); err != nil {
		t.Fatal(err)
	}
	s, err := defaultSchema()
	if err != nil {
		t.Fatal(err)
	}
	cv := reflect.ValueOf(c)
	for _, key := range leafKeys(t) {
		var val any = file
		for _, part := range strings.Split(key, ".") {
			val = val.(map[string]any)[part]
		}
		idx, ok := s.fields[key]
		if !ok {
			t.Errorf("config.yaml: %s has no field in Config", key)
			continue
		}
		got := cv.FieldByIndex(idx).Interface()
		want := val
		switch got.(type) {
		case time.Duration:
			d, err := time.ParseDuration(val.(string))
			if err != nil {
				t.Errorf("config.yaml: %s: %v", key, err)
			}
			want = d
		case float64:
			if n, ok := val.(int); ok {
				want = float64(n)
			}
		case Quiet:
			q, err := ParseQuiet(val.(string))
			if err != nil {
				t.Errorf("config.yaml: %s: %v", key, err)
			}
			want = q
		}
		if got != want {
			t.Errorf("%s = %v; config.yaml says %v", key, got, want)
		}
	}
}

// TestEveryKey checks, for every key in config.yaml, that its default
// comes back unchanged when written as config show prints it, in a file,
// a GUIDE_ variable or a --set flag, and that show says where it came from.
func TestEveryKey(t *testing.T) {
	_, settings, err := Resolve(Source{Environ: []string{noUserConfig(t)}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := keysOf(settings), leafKeys(t); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("config show lists\n%v\nwant config.yaml's keys\n%v", got, want)
	}
	want := defaults(t)
	for _, st := range settings {
		if st.From != "" {
			t.Errorf("%s comes from %q by default, want the defaults", st.Key, st.From)
		}
		file := filepath.Join(t.TempDir(), "c.yaml")
		parts := strings.Split(st.Key, ".")
		yml, line := parts[len(parts)-1]+": "+st.Value+"\n", 1
		if len(parts) == 2 {
			yml, line = parts[0]+":\n  "+yml, 2
		}
		if err := os.WriteFile(file, []byte(yml), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, src := range []struct {
			src  Source
			from string
		}{
			{Source{File: file}, fmt.Sprintf("%s:%d", file, line)},
			{Source{Environ: []string{envName(st.Key) + "=" + st.Value}}, envName(st.Key)},
			{Source{Sets: []string{st.Key + "=" + st.Value}}, "--set " + st.Key + "=" + st.Value},
		} {
			src.src.Environ = append(src.src.Environ, noUserConfig(t))
			got, gotSettings, err := Resolve(src.src)
			if err != nil {
				t.Errorf("%s: %v", st.Key, err)
				continue
			}
			got.from, want.from = nil, nil
			if got != want {
				t.Errorf("%s from %s: got %+v\nwant %+v", st.Key, src.from, got, want)
			}
			for _, g := range gotSettings {
				if g.Key == st.Key && (g.From != src.from || g.Value != st.Value) {
					t.Errorf("config show: %s = %s from %q, want %s from %q", g.Key, g.Value, g.From, st.Value, src.from)
				}
			}
		}
	}
}

func keysOf(settings []Setting) []string {
	keys := make([]string, len(settings))
	for i, s := range settings {
		keys[i] = s.Key
	}
	return keys
}

// TestConfigYAMLComments checks that config.yaml, which users read, says
// what every key does.
func TestConfigYAMLComments(t *testing.T) {
	var doc yaml.Node
	if err := yaml.Unmarshal(guide.DefaultConfig, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(m *yaml.Node, prefix string)
	walk = func(m *yaml.Node, prefix string) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			if strings.TrimSpace(k.HeadComment+k.LineComment+v.LineComment) == "" {
				t.Errorf("config.yaml:%d: %s%s has no comment", k.Line, prefix, k.Value)
			}
			if v.Kind == yaml.MappingNode {
				walk(v, prefix+k.Value+".")
			}
		}
	}
	walk(doc.Content[0], "")
}

func TestNewSchemaErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"a key with no field", string(guide.DefaultConfig) + "colour: blue\n", "has no field in Config"},
		{"a field with no key", "routine: morning\n", "no default for"},
		{"a bad default", strings.Replace(string(guide.DefaultConfig), "inhale: 4s", "inhale: 4", 1), "pace.inhale: 4 has no unit"},
		{"not a mapping", "- routine\n", "want a mapping"},
		{"a key twice", string(guide.DefaultConfig) + "routine: evening\n", "routine is set twice"},
		{"a value on the next line", strings.Replace(string(guide.DefaultConfig), "routine: morning", "routine:\n  morning", 1), "routine's value is not on its line"},
	}
	for _, tt := range tests {
		_, err := newSchema([]byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: newSchema = %v; want an error with %q", tt.name, err, tt.want)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(guide.DefaultConfig, "", "")
	f.Add([]byte("pace:\n  inhale: 5s\n"), "GUIDE_PACE_EXHALE=6s", "pace.hold=1.5")
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		f.Add(data, "GUIDE_ROUTINE=x", "voice.volume=0.5")
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, env, set string) {
		dir := t.TempDir()
		path := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		src := Source{File: path, Environ: []string{env, "XDG_CONFIG_HOME=" + dir}}
		if set != "" {
			src.Sets = []string{set}
		}
		// Never a panic, and every problem is a line naming the config.
		if _, err := Load(src); err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "config: ") {
					t.Errorf("error line %q does not start with %q; whole error:\n%s", line, "config: ", err)
				}
			}
		}
	})
}

// TestNumbers checks that a number key takes only plain decimal numbers,
// from every source alike.
func TestNumbers(t *testing.T) {
	tests := []struct {
		text string
		want float64 // the pace.hold it sets
		msg  string  // or the problem, after "pace.hold: "
	}{
		{"1", 1, ""},
		{"1.5", 1.5, ""},
		{".5", 0.5, ""},
		{"2.", 2, ""},
		{" 3 ", 3, ""},
		{"1_0", 0, `"1_0" is not a plain decimal number; write digits with at most one point and a leading -, such as 1.0`},
		{"1e1", 0, `"1e1" is not a plain decimal number; write digits with at most one point and a leading -, such as 1.0`},
		{"0x10", 0, `"0x10" is not a number; write a number such as 1.0`},
		{"+2", 0, `"+2" is not a plain decimal number; write digits with at most one point and a leading -, such as 1.0`},
		{"Inf", 0, `"Inf" is not a plain decimal number; write digits with at most one point and a leading -, such as 1.0`},
		{"NaN", 0, `"NaN" is not a plain decimal number; write digits with at most one point and a leading -, such as 1.0`},
		{"1,5", 0, `"1,5" is not a number; write a number such as 1.0`},
	}
	for _, tt := range tests {
		got, err := Load(Source{Sets: []string{"pace.hold=" + tt.text}, Environ: []string{noUserConfig(t)}})
		if tt.msg != "" {
			want := "config: --set pace.hold=" + tt.text + ": pace.hold: " + tt.msg
			if err == nil || err.Error() != want {
				t.Errorf("--set pace.hold=%s: got %v\nwant %s", tt.text, err, want)
			}
			continue
		}
		if err != nil || got.Pace.Hold != tt.want {
			t.Errorf("--set pace.hold=%s: got %v, %v; want %v", tt.text, got.Pace.Hold, err, tt.want)
		}
	}
	// The same check reads the other sources.
	_, err := Load(Source{Environ: []string{"GUIDE_AUDIO_LOUDNESS=-1_6", noUserConfig(t)}})
	if want := `config: GUIDE_AUDIO_LOUDNESS: audio.loudness: "-1_6" is not a plain decimal number; write digits with at most one point and a leading -, such as -16`; err == nil || err.Error() != want {
		t.Errorf("GUIDE_AUDIO_LOUDNESS=-1_6: got %v\nwant %s", err, want)
	}
}

// TestMessagesQuoteShortEscapedExcerpts checks that a message quotes at
// most an excerpt of a long value or name, and escapes control characters
// in values and file names.
func TestMessagesQuoteShortEscapedExcerpts(t *testing.T) {
	long := strings.Repeat("x", 100<<10)
	huge := strings.Repeat("9", 10<<20)
	x60 := strings.Repeat("x", 60) + "…"
	nine60 := strings.Repeat("9", 60) + "…"
	dir := t.TempDir()
	bigValue := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(bigValue, []byte("pace:\n  inhale: "+strings.Repeat("x", 500<<10)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	oddName := filepath.Join(dir, "a\x1b[2Jb.yaml")
	if err := os.WriteFile(oddName, []byte("routine: [a]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  Source
		want string
	}{
		{"a long --set value", Source{Sets: []string{"pace.inhale=" + long}},
			"config: --set pace.inhale=" + strings.Repeat("x", 48) + "…: pace.inhale: \"" + x60[:60] + "\"… is not a duration; write a duration such as 4s or 4500ms"},
		{"a long --set number", Source{Sets: []string{"pace.hold=" + long[:0] + strings.Repeat("9", 100<<10)}},
			"config: --set pace.hold=" + strings.Repeat("9", 50) + "…: pace.hold: " + nine60 + " is out of range; write a number such as 1.0"},
		{"a long --set key", Source{Sets: []string{long + "=1"}},
			"config: --set " + strings.Repeat("x", 60) + "…: unknown key " + x60 + "; the keys are " + list(leafKeys(t))},
		{"a huge environment value", Source{Environ: []string{"GUIDE_PACE_HOLD=" + huge}},
			"config: GUIDE_PACE_HOLD: pace.hold: " + nine60 + " is out of range; write a number such as 1.0"},
		{"a long value in a file", Source{File: bigValue},
			"config: " + bigValue + ":2:11: pace.inhale: \"" + x60[:60] + "\"… is not a duration; write a duration such as 4s or 4500ms"},
		{"a control character in a value", Source{Sets: []string{"voice.speaker=\x1b[2J"}},
			`config: --set "voice.speaker=\x1b[2J": voice.speaker is "\x1b[2J", but voice.tts is auto; name the engine the voice belongs to (voice.tts: flite, festival, espeak-ng, piper, say or sapi)`},
		{"a control character in quiet hours", Source{Environ: []string{"GUIDE_REMIND_QUIET=\a"}},
			`config: GUIDE_REMIND_QUIET: remind.quiet: "\a" is not a span of time; write HH:MM-HH:MM, such as 21:00-08:00, or none`},
		{"a control character in a file name", Source{File: oddName},
			"config: " + strconv.Quote(oddName) + ":1:10: routine: want a name such as morning, found a list"},
		{"a control character in an ambience file", Source{Sets: []string{"ambience=/no/\x1b.mp3"}},
			`config: --set "ambience=/no/\x1b.mp3": ambience: "/no/\x1b.mp3": no such file; want off, brown, pink or the path of a FLAC, MP3 or WAV file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.src.Environ = append(tt.src.Environ, noUserConfig(t))
			_, err := Load(tt.src)
			if err == nil || err.Error() != tt.want {
				got := fmt.Sprint(err)
				if len(got) > 1000 {
					got = got[:1000] + fmt.Sprintf("... (%d bytes)", len(got))
				}
				t.Errorf("Load error:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
	// config show prints a value with a control character escaped.
	_, settings, err := Resolve(Source{Sets: []string{"routine=a\nb"}, Environ: []string{noUserConfig(t)}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := settings[0], (Setting{Key: "routine", Value: `"a\nb"`, From: `--set "routine=a\nb"`}); got != want {
		t.Errorf("config show: %+v, want %+v", got, want)
	}
}

// TestBareZeroDuration checks that 0, which script's length message
// suggests, is a duration without a unit, from every source; other bare
// numbers are not.
func TestBareZeroDuration(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(file, []byte("pace:\n  settle: 0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := Load(Source{File: file, Sets: []string{"length=0", "pace.move= 0 "}, Environ: []string{"GUIDE_REMIND_EVERY=", noUserConfig(t)}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Length != 0 || got.Pace.Settle != 0 || got.Pace.Move != 0 {
		t.Errorf("length, pace.settle, pace.move = %v, %v, %v; want 0", got.Length, got.Pace.Settle, got.Pace.Move)
	}
	for _, text := range []string{"00", "0.0", "-0", "1"} {
		_, err := Load(Source{Sets: []string{"length=" + text}, Environ: []string{noUserConfig(t)}})
		if want := "config: --set length=" + text + ": length: " + text + " has no unit; write a duration such as 4s or 4500ms"; err == nil || err.Error() != want {
			t.Errorf("--set length=%s: got %v\nwant %s", text, err, want)
		}
	}
}

// TestTemplate checks that the file config init writes sets nothing, and
// that removing the "# " before any one key sets that key, at its line.
func TestTemplate(t *testing.T) {
	tmpl, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "config.yaml")
	resolve := func(data []byte) []Setting {
		t.Helper()
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		_, settings, err := Resolve(Source{File: file, Environ: []string{noUserConfig(t)}})
		if err != nil {
			t.Fatal(err)
		}
		return settings
	}
	for _, s := range resolve(tmpl) {
		if s.From != "" {
			t.Errorf("the template sets %s (from %s)", s.Key, s.From)
		}
	}
	lines := strings.SplitAfter(string(tmpl), "\n")
	for _, key := range leafKeys(t) {
		// Its line: at the top, or the first of its name after its section's heading.
		parts := strings.Split(key, ".")
		commented, from := "# "+key+":", 0
		if len(parts) == 2 {
			commented, from = "  # "+parts[1]+":", slices.Index(lines, parts[0]+":\n")
		}
		n := -1
		for i := max(from, 0); i < len(lines); i++ {
			if strings.HasPrefix(lines[i], commented) {
				n = i
				break
			}
		}
		if n < 0 {
			t.Errorf("the template has no line %q for %s", commented, key)
			continue
		}
		edited := slices.Clone(lines)
		edited[n] = strings.Replace(edited[n], "# ", "", 1)
		for _, s := range resolve([]byte(strings.Join(edited, ""))) {
			if want := fmt.Sprintf("%s:%d", file, n+1); s.Key == key && s.From != want {
				t.Errorf("with %s uncommented, it comes from %q, want %s", key, s.From, want)
			}
		}
	}
}
