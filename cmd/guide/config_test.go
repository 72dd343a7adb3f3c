package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	guide "github.com/stretchguide/guide"
)

// defaultConfig is config.yaml's values, written out so that a changed
// default is a deliberate change to this test too.
var defaultConfig = Config{
	Routine: "morning",
	Safety:  SafetyConfig{Intro: true},
	Pace: PaceConfig{
		Preset: "normal",
		Inhale: 4 * time.Second,
		Exhale: 5 * time.Second,
		Hold:   1,
		Settle: 4 * time.Second,
		Move:   8 * time.Second,
	},
	Voice:   VoiceConfig{Detail: "full", Volume: 1, Duck: 10, Pack: "none", TTS: "auto", Speaker: "default", Command: "none", Missing: "fail"},
	Tones:   TonesConfig{Volume: 0.6, Style: "bowl", Breath: true},
	Audio:   AudioConfig{Buffer: 300 * time.Millisecond, Loudness: -16},
	History: HistoryConfig{Streak: true},
	Remind:  RemindConfig{Routine: "desk-break", Every: 30 * time.Minute, Quiet: "21:00-08:00"},

	Ambience: "off",
}

func TestLoadConfig(t *testing.T) {
	noUserConfig := "XDG_CONFIG_HOME=" + t.TempDir()
	xdg, err := filepath.Abs("testdata/config/xdg")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		src     configSource
		want    func(*Config) // changes to defaultConfig
		wantErr string        // the whole message, one problem a line
	}{
		{name: "defaults", src: configSource{}},
		{
			name: "file overrides default",
			src:  configSource{File: "testdata/config/pace.yaml"},
			want: func(c *Config) { c.Pace.Inhale = 5 * time.Second },
		},
		{
			name: "empty file",
			src:  configSource{File: "testdata/config/empty.yaml"},
		},
		{
			name: "environment overrides file",
			src: configSource{
				File:    "testdata/config/pace.yaml",
				Environ: []string{"GUIDE_PACE_INHALE=6s", "GUIDE_ROUTINE=bedtime"},
			},
			want: func(c *Config) { c.Pace.Inhale = 6 * time.Second; c.Routine = "bedtime" },
		},
		{
			name: "set overrides environment",
			src: configSource{
				File:    "testdata/config/pace.yaml",
				Environ: []string{"GUIDE_PACE_INHALE=6s", "GUIDE_ROUTINE=bedtime"},
				Sets:    []string{"pace.inhale=7s", "pace.hold=2", "Pace.Hold = 1.5 "},
			},
			want: func(c *Config) { c.Pace.Inhale = 7 * time.Second; c.Routine = "bedtime"; c.Pace.Hold = 1.5 },
		},
		{
			name: "set fixes a bad file value",
			src:  configSource{File: "testdata/config/hold0.yaml", Sets: []string{"pace.hold=0.5"}},
			want: func(c *Config) { c.Pace.Hold = 0.5 },
		},
		{
			name: "empty or unrelated environment variables",
			src:  configSource{Environ: []string{"GUIDE_PACE_INHALE=", "GUIDE_UNRELATED=1", "PACE_INHALE=1"}},
		},
		{
			name: "user config from XDG_CONFIG_HOME",
			src:  configSource{Environ: []string{"XDG_CONFIG_HOME=" + xdg}},
			want: func(c *Config) { c.Routine = "evening"; c.Tones.Volume = 0.3 },
		},
		{
			name: "relative XDG_CONFIG_HOME ignored",
			src:  configSource{Environ: []string{"XDG_CONFIG_HOME=testdata/config/xdg", noUserConfig}},
		},
		{
			name: "--config instead of user config",
			src:  configSource{File: "testdata/config/pace.yaml", Environ: []string{"XDG_CONFIG_HOME=" + xdg}},
			want: func(c *Config) { c.Pace.Inhale = 5 * time.Second },
		},
		{
			name: "GUIDE_CONFIG instead of user config",
			src:  configSource{Environ: []string{"GUIDE_CONFIG=testdata/config/pace.yaml", "XDG_CONFIG_HOME=" + xdg}},
			want: func(c *Config) { c.Pace.Inhale = 5 * time.Second },
		},
		{
			name: "--config wins over GUIDE_CONFIG",
			src:  configSource{File: "testdata/config/pace.yaml", Environ: []string{"GUIDE_CONFIG=testdata/config/missing.yaml"}},
			want: func(c *Config) { c.Pace.Inhale = 5 * time.Second },
		},
		{
			name:    "typo in key",
			src:     configSource{File: "testdata/config/typo.yaml"},
			wantErr: "config: testdata/config/typo.yaml:3: unknown key pace.inhail (did you mean pace.inhale?)",
		},
		{
			name:    "duration without unit",
			src:     configSource{File: "testdata/config/bare.yaml"},
			wantErr: "config: testdata/config/bare.yaml:2: pace.inhale: 4 has no unit; write a duration such as 4s or 4500ms",
		},
		{
			name:    "negative duration",
			src:     configSource{File: "testdata/config/negative.yaml"},
			wantErr: "config: testdata/config/negative.yaml:2: pace.settle is -2s; want 0s to 5m0s",
		},
		{
			name:    "hold 0",
			src:     configSource{File: "testdata/config/hold0.yaml"},
			wantErr: "config: testdata/config/hold0.yaml:2: pace.hold is 0; want a factor above 0 and at most 10 (1 keeps the routine's holds)",
		},
		{
			name:    "volume 1.5",
			src:     configSource{File: "testdata/config/volume.yaml"},
			wantErr: "config: testdata/config/volume.yaml:2: voice.volume is 1.5; want 0 (silent) to 1 (full)",
		},
		{
			name:    "malformed YAML",
			src:     configSource{File: "testdata/config/malformed.yaml"},
			wantErr: "config: testdata/config/malformed.yaml:3: mapping values are not allowed in this context",
		},
		{
			name:    "missing --config file",
			src:     configSource{File: "testdata/config/missing.yaml"},
			wantErr: "config: testdata/config/missing.yaml: no such file",
		},
		{
			name:    "missing GUIDE_CONFIG file",
			src:     configSource{Environ: []string{"GUIDE_CONFIG=testdata/config/missing.yaml"}},
			wantErr: "config: testdata/config/missing.yaml (from GUIDE_CONFIG): no such file",
		},
		{
			name:    "--config names a directory",
			src:     configSource{File: "testdata/config"},
			wantErr: "config: testdata/config: is a directory",
		},
		{
			name: "unknown GUIDE_ variables",
			src: configSource{Environ: []string{
				"GUIDE_PACE_INHAIL=5s", "GUIDE_VOLUME=1", "GUIDE_PACE_BREATH=9s", "GUIDE_PACE=5s",
			}},
			wantErr: `config: unknown environment variable GUIDE_PACE; the pace variables are GUIDE_PACE_PRESET, GUIDE_PACE_INHALE, GUIDE_PACE_EXHALE, GUIDE_PACE_HOLD, GUIDE_PACE_SETTLE and GUIDE_PACE_MOVE
config: unknown environment variable GUIDE_PACE_BREATH (did you mean GUIDE_TONES_BREATH?)
config: unknown environment variable GUIDE_PACE_INHAIL (did you mean GUIDE_PACE_INHALE?)
config: unknown environment variable GUIDE_VOLUME (did you mean GUIDE_VOICE_VOLUME or GUIDE_TONES_VOLUME?)`,
		},
		{
			name: "bad environment values",
			src: configSource{Environ: []string{
				"GUIDE_PACE_EXHALE=5", "GUIDE_VOICE_VOLUME=2", "GUIDE_AUDIO_BUFFER=soon", "GUIDE_TONES_VOLUME=half",
			}},
			wantErr: `config: GUIDE_AUDIO_BUFFER: audio.buffer: "soon" is not a duration; write a duration such as 4s or 4500ms
config: GUIDE_PACE_EXHALE: pace.exhale: 5 has no unit; write a duration such as 4s or 4500ms
config: GUIDE_TONES_VOLUME: tones.volume: "half" is not a number; write a number such as 0.6
config: GUIDE_VOICE_VOLUME: voice.volume is 2; want 0 (silent) to 1 (full)`,
		},
		{
			name:    "a problem with two keys names both sources",
			src:     configSource{Environ: []string{"GUIDE_PACE_INHALE=2m"}, Sets: []string{"pace.exhale=90s"}},
			wantErr: "config: GUIDE_PACE_INHALE: pace.inhale is 2m0s; want 500ms to 1m0s\nconfig: --set pace.exhale=90s: pace.exhale is 1m30s; want 500ms to 1m0s",
		},
		{
			name: "bad --set flags",
			src: configSource{Sets: []string{
				"pace.inhail=5s", "pace.inhale", "pace=5s", "audio.buffer=5ms", "pace.move=4 seconds",
				"colour=blue", "routine=",
			}},
			wantErr: `config: --set pace.inhail=5s: unknown key pace.inhail (did you mean pace.inhale?)
config: --set pace.inhale: want KEY=VALUE, such as pace.inhale=5s
config: --set pace=5s: pace is a section; set one of its keys: pace.preset, pace.inhale, pace.exhale, pace.hold, pace.settle and pace.move
config: --set pace.move=4 seconds: pace.move: "4 seconds" is not a duration; write a duration such as 4s or 4500ms
config: --set colour=blue: unknown key colour; the keys are routine, length, safety.intro, pace.preset, pace.inhale, pace.exhale, pace.hold, pace.settle, pace.move, voice.detail, voice.volume, voice.duck, voice.pack, voice.tts, voice.speaker, voice.command, voice.missing, tones.volume, tones.style, tones.breath, audio.buffer, audio.loudness, ambience, history.streak, remind.routine, remind.every and remind.quiet
config: --set routine=: routine has no value; write a name such as morning
config: --set audio.buffer=5ms: audio.buffer is 5ms; want 10ms to 1s`,
		},
		{
			name: "every problem in a file",
			src:  configSource{File: "testdata/config/several.yaml"},
			wantErr: `config: testdata/config/several.yaml:2: routine has no value; write a name such as morning
config: testdata/config/several.yaml:4: unknown key pace.inhail (did you mean pace.inhale?)
config: testdata/config/several.yaml:6: pace.hold: "lots" is not a number; write a number such as 1.0
config: testdata/config/several.yaml:7: pace.settle: "4 seconds" is not a duration; write a duration such as 4s or 4500ms
config: testdata/config/several.yaml:8: pace.move: 8 has no unit; write a duration such as 4s or 4500ms
config: testdata/config/several.yaml:10: pace.inhale is set twice (first on line 9)
config: testdata/config/several.yaml:13: unknown key tone (did you mean tones?)
config: testdata/config/several.yaml:15: audio is a section; want its keys (buffer, loudness) under it, found the value 100ms
config: testdata/config/several.yaml:16: unknown key volume (did you mean voice.volume or tones.volume?)
config: testdata/config/several.yaml:5: pace.exhale is 2m0s; want 500ms to 1m0s
config: testdata/config/several.yaml:12: voice.volume is 1.5; want 0 (silent) to 1 (full)`,
		},
		{
			name:    "not a mapping",
			src:     configSource{File: "testdata/config/list.yaml"},
			wantErr: "config: testdata/config/list.yaml:1: want keys such as routine and pace, found a list",
		},
		{
			name: "wrong shapes and unknown keys",
			src:  configSource{File: "testdata/config/kinds.yaml"},
			wantErr: `config: testdata/config/kinds.yaml:2: routine: want a name such as morning, found a list
config: testdata/config/kinds.yaml:4: pace.inhale has no value; write a duration such as 4s or 4500ms
config: testdata/config/kinds.yaml:5: unknown key pace.colour; the keys in pace are preset, inhale, exhale, hold, settle and move
config: testdata/config/kinds.yaml:6: unknown key sound; the top-level keys are routine, length, safety, pace, voice, tones, audio, ambience, history and remind`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src
			// The test's own XDG_CONFIG_HOME, if any, wins: the first of duplicates does.
			src.Environ = append(append([]string(nil), src.Environ...), noUserConfig)
			got, err := loadConfig(src)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("loadConfig(%+v) = %+v, nil; want error:\n%s", src, got, tt.wantErr)
				}
				if err.Error() != tt.wantErr {
					t.Errorf("loadConfig(%+v) error:\n%s\nwant:\n%s", src, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("loadConfig(%+v): %v", src, err)
			}
			want := defaultConfig
			if tt.want != nil {
				tt.want(&want)
			}
			if got != want {
				t.Errorf("loadConfig(%+v)\n got %+v\nwant %+v", src, got, want)
			}
		})
	}
}

func TestLoadConfigMissingFileIsNotExist(t *testing.T) {
	_, err := loadConfig(configSource{File: "testdata/config/missing.yaml", Environ: []string{"XDG_CONFIG_HOME=" + t.TempDir()}})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("loadConfig with a missing --config file: got %v; want an error that is fs.ErrNotExist", err)
	}
}

// TestDefaultsMatchConfigYAML reads config.yaml independently of loadConfig
// and checks every value it holds reaches its Config field.
func TestDefaultsMatchConfigYAML(t *testing.T) {
	got, err := loadConfig(configSource{Environ: []string{"XDG_CONFIG_HOME=" + t.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	if got != defaultConfig {
		t.Errorf("defaults\n got %+v\nwant %+v", got, defaultConfig)
	}
	var file map[string]any
	if err := yaml.Unmarshal(guide.DefaultConfig, &file); err != nil {
		t.Fatal(err)
	}
	seen := 0
	var walk func(m map[string]any, v reflect.Value, prefix string)
	walk = func(m map[string]any, v reflect.Value, prefix string) {
		for key, val := range m {
			field := fieldByTag(v, key)
			if !field.IsValid() {
				t.Errorf("config.yaml: %s%s has no field in Config", prefix, key)
				continue
			}
			if sub, ok := val.(map[string]any); ok {
				walk(sub, field, prefix+key+".")
				continue
			}
			seen++
			var want any = val
			switch field.Interface().(type) {
			case time.Duration:
				d, err := time.ParseDuration(val.(string))
				if err != nil {
					t.Errorf("config.yaml: %s%s: %v", prefix, key, err)
				}
				want = d
			case float64:
				switch n := val.(type) {
				case int:
					want = float64(n)
				}
			}
			if got := field.Interface(); got != want {
				t.Errorf("%s%s = %v; config.yaml says %v", prefix, key, got, want)
			}
		}
	}
	walk(file, reflect.ValueOf(got), "")
	if want := countFields(reflect.TypeFor[Config]()); seen != want {
		t.Errorf("config.yaml has %d keys; Config has %d fields", seen, want)
	}
}

func fieldByTag(v reflect.Value, tag string) reflect.Value {
	for i := range v.NumField() {
		if v.Type().Field(i).Tag.Get("mapstructure") == tag {
			return v.Field(i)
		}
	}
	return reflect.Value{}
}

func countFields(t reflect.Type) int {
	n := 0
	for i := range t.NumField() {
		if f := t.Field(i).Type; f.Kind() == reflect.Struct {
			n += countFields(f)
		} else {
			n++
		}
	}
	return n
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

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		c    Config
		want string
	}{
		{name: "defaults", c: defaultConfig},
		{
			name: "zero",
			c:    Config{},
			want: `config: routine is empty; want the name of a routine
config: pace.preset is ""; want slow, normal or fast
config: voice.detail is ""; want full, brief or minimal
config: pace.inhale is 0s; want 500ms to 1m0s
config: pace.exhale is 0s; want 500ms to 1m0s
config: pace.hold is 0; want a factor above 0 and at most 10 (1 keeps the routine's holds)
config: audio.buffer is 0s; want 10ms to 1s
config: tones.style is ""; want bowl or soft
config: audio.loudness is 0; want -30 to -10 LUFS, such as -16
config: remind.routine is empty; want the name of a routine
config: remind.every is 0s; want 1s or more, such as 30m
config: remind.quiet: "" is not a span of time; write HH:MM-HH:MM, such as 21:00-08:00, or none`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if err := tt.c.Validate(); err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Validate() =\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestScriptPace(t *testing.T) {
	got := defaultConfig.ScriptPace()
	if got.Inhale != 4*time.Second || got.Exhale != 5*time.Second || got.Hold != 1 || got.Settle != 4*time.Second || got.Move != 8*time.Second {
		t.Errorf("ScriptPace() = %+v; want config.yaml's pace", got)
	}
}

func FuzzLoadConfig(f *testing.F) {
	f.Add(guide.DefaultConfig, "", "")
	f.Add([]byte("pace:\n  inhale: 5s\n"), "GUIDE_PACE_EXHALE=6s", "pace.hold=1.5")
	err := filepath.WalkDir("testdata/config", func(path string, d fs.DirEntry, err error) error {
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
		src := configSource{File: path, Environ: []string{env, "XDG_CONFIG_HOME=" + dir}}
		if set != "" {
			src.Sets = []string{set}
		}
		// Never a panic, and every problem is a line naming the config.
		if _, err := loadConfig(src); err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "config: ") {
					t.Errorf("error line %q does not start with %q; whole error:\n%s", line, "config: ", err)
				}
			}
		}
	})
}
