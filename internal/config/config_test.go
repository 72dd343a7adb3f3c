package config

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/tts"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		want   string // the whole message, one problem a line
	}{
		{"defaults", func(*Config) {}, ""},
		{"routine", func(c *Config) { c.Routine = " " }, "config: routine is empty; want the name of a routine"},
		{"length", func(c *Config) { c.Length = 30 * time.Second }, "config: length is 30s; want 1m to 4h, or 0s to play routines as written"},
		{"pace.preset", func(c *Config) { c.Pace.Preset = "brisk" }, `config: pace.preset is "brisk"; want slow, normal or fast`},
		{"pace", func(c *Config) { c.Pace.Inhale, c.Pace.Move = 0, time.Hour }, "config: pace.inhale is 0s; want 500ms to 1m\nconfig: pace.move is 1h; want 0s to 5m"},
		{"voice.detail", func(c *Config) { c.Voice.Detail = "some" }, `config: voice.detail is "some"; want full, brief or minimal`},
		{"voice.volume", func(c *Config) { c.Voice.Volume = -0.1 }, "config: voice.volume is -0.1; want 0 (silent) to 1 (full)"},
		{"voice.duck", func(c *Config) { c.Voice.Duck = 31 }, "config: voice.duck is 31; want 0 (no dip) to 30 decibels"},
		{"voice.tts", func(c *Config) { c.Voice.TTS = "flit" }, `config: voice.tts is "flit" (did you mean flite?); want auto, flite, festival, espeak-ng, piper, say, sapi, command and none`},
		{"voice.speaker", func(c *Config) { c.Voice.Speaker = "slt" }, "config: voice.speaker is slt, but voice.tts is auto; name the engine the voice belongs to (voice.tts: flite, festival, espeak-ng, piper, say or sapi)"},
		{"voice.command", func(c *Config) { c.Voice.TTS = tts.Command }, "config: voice.tts is command, but voice.command is none; write the command line, e.g. voice.command: mytts --out {out} {text}"},
		{"voice.command quotes", func(c *Config) { c.Voice.Command = `say "hi` }, `config: voice.command: unclosed " quote`},
		{"voice.missing", func(c *Config) { c.Voice.Missing = "skip" }, `config: voice.missing is "skip"; want fail (stop and say how to fix it) or chime (a chime in place of the words)`},
		{"tones.volume", func(c *Config) { c.Tones.Volume = 2 }, "config: tones.volume is 2; want 0 (silent) to 1 (full)"},
		{"tones.style", func(c *Config) { c.Tones.Style = "gong" }, `config: tones.style is "gong"; want bowl or soft`},
		{"audio.buffer", func(c *Config) { c.Audio.Buffer = 2 * time.Second }, "config: audio.buffer is 2s; want 10ms to 1s"},
		{"audio.loudness", func(c *Config) { c.Audio.Loudness = -5 }, "config: audio.loudness is -5; want -30 to -14 LUFS, such as -16"},
		{"ambience missing", func(c *Config) { c.Ambience = "testdata/rain.mp3" }, "config: ambience: testdata/rain.mp3: no such file; want off, brown, pink or the path of a FLAC, MP3 or WAV file"},
		{"ambience folder", func(c *Config) { c.Ambience = "testdata" }, "config: ambience: testdata: is a directory; want off, brown, pink or the path of a FLAC, MP3 or WAV file"},
		{"remind.routine", func(c *Config) { c.Remind.Routine = "" }, "config: remind.routine is empty; want the name of a routine"},
		{"remind.every", func(c *Config) { c.Remind.Every = time.Millisecond }, "config: remind.every is 1ms; want 1s or more, such as 30m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := defaults(t)
			tt.change(&c)
			got := ""
			if err := c.Validate(); err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Validate() =\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestValidateTiesEveryProblemToAKey checks that each problem of the zero
// Config, which has many, names a key of config.yaml, so that Load can say
// where its value came from.
func TestValidateTiesEveryProblemToAKey(t *testing.T) {
	s, err := defaultSchema()
	if err != nil {
		t.Fatal(err)
	}
	problems := fieldErrors(Config{}.Validate())
	if len(problems) < 10 {
		t.Errorf("the zero Config has %d problems; want one for each key a zero value is wrong for", len(problems))
	}
	for _, p := range problems {
		if !s.isLeaf(p.Key) {
			t.Errorf("problem %q is tied to %q, not a key", p.Msg, p.Key)
		}
	}
}

func TestConversions(t *testing.T) {
	c := defaults(t)
	c.Length = 20 * time.Minute
	c.Safety.Intro = false
	c.Pace = Pace{Preset: "normal", Inhale: 1 * time.Second, Exhale: 2 * time.Second, Hold: 3, Settle: 4 * time.Second, Move: 5 * time.Second}
	c.Voice = Voice{Detail: "brief", Volume: 0.25, Duck: 12, Pack: "~/pack", TTS: "piper", Speaker: "/m.onnx", Command: "none", Missing: "chime"}
	c.Tones = Tones{Volume: 0.5, Style: "soft", Breath: false}
	c.Audio.Loudness = -23

	if got, want := c.CompileOptions(), (script.Options{
		Pace:   script.Pace{Inhale: 1 * time.Second, Exhale: 2 * time.Second, Hold: 3, Settle: 4 * time.Second, Move: 5 * time.Second},
		Detail: script.Brief, Safety: false, Length: 20 * time.Minute,
	}); got != want {
		t.Errorf("CompileOptions() = %+v, want %+v", got, want)
	}
	if got, want := c.Levels(), (audio.Levels{Voice: 0.25, Tones: 0.5}); got != want {
		t.Errorf("Levels() = %+v, want %+v", got, want)
	}
	if got, want := c.Voice.TTSConfig(), (tts.Config{Engine: "piper", Voice: "/m.onnx"}); got != want {
		t.Errorf("TTSConfig() = %+v, want %+v", got, want)
	}
	if got := defaults(t).Voice.TTSConfig(); got != (tts.Config{Engine: tts.Auto, Voice: tts.DefaultVoice}) {
		t.Errorf("TTSConfig() of the defaults = %+v, want auto with its default voice and no command", got)
	}
	home, _ := os.UserHomeDir()
	if got, want := c.Voice.PackDir(), filepath.Join(home, "pack"); got != want {
		t.Errorf("PackDir() = %q, want %q", got, want)
	}
	if got := defaults(t).Voice.PackDir(); got != "" {
		t.Errorf("PackDir() of voice.pack: none = %q, want none", got)
	}
	if !c.Voice.Chime() || defaults(t).Voice.Chime() {
		t.Error("Chime() is not voice.missing: chime")
	}
	for _, amb := range []string{"off", audio.BrownNoise, audio.PinkNoise} {
		c.Ambience = amb
		m, err := c.Mix()
		if err != nil {
			t.Fatal(err)
		}
		if m.Style != audio.Soft || !m.NoBreath || m.Duck != 12 || m.Loudness != -23 || (m.Ambience == nil) != (amb == "off") {
			t.Errorf("Mix() with ambience %s = %+v", amb, m)
		}
	}
	c.Ambience = "testdata/missing.mp3"
	if _, err := c.Mix(); err == nil {
		t.Error("Mix() with a missing ambience file: no error")
	}
}

func TestComplete(t *testing.T) {
	for _, tt := range []struct {
		typed string
		want  []string
	}{
		{"pace.in", []string{"pace.inhale="}},
		{"pace.preset=", []string{"pace.preset=fast", "pace.preset=normal", "pace.preset=slow"}},
		{"tones.breath=", []string{"tones.breath=true", "tones.breath=false"}},
		{"pace.inhale=", []string{"pace.inhale=4s"}},
		{"voice.missing=", []string{"voice.missing=fail", "voice.missing=chime"}},
		{"nope=", nil},
	} {
		if got := Complete(tt.typed); !slices.Equal(got, tt.want) {
			t.Errorf("Complete(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
	if keys := Complete(""); len(keys) < 20 {
		t.Errorf("Complete(\"\") gives %d keys", len(keys))
	}
}
