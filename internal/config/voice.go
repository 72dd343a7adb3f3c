package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/tts"
)

// Voice is the voice section: the spoken instructions, and where the words
// come from: your own pack over the built-in one, then text-to-speech,
// then a chime or an error.
type Voice struct {
	Detail  string  `mapstructure:"detail"`  // script.Details
	Volume  float64 `mapstructure:"volume"`  // 0 (silent) to 1 (full)
	Duck    float64 `mapstructure:"duck"`    // dB the ambience dips under the voice (above 0 the tones fall silent under it)
	Pack    string  `mapstructure:"pack"`    // a recorded pack's folder, or none
	TTS     string  `mapstructure:"tts"`     // tts.Names
	Speaker string  `mapstructure:"speaker"` // the engine's voice, or default
	Command string  `mapstructure:"command"` // for tts: command, with {text} and {out}
	Missing string  `mapstructure:"missing"` // fail or chime
}

// The voice keys' special values.
const (
	packNone       = "none"    // voice.pack: only the built-in pack
	speakerDefault = "default" // voice.speaker: the engine's best voice
	commandNone    = "none"    // voice.command: no command
	missingFail    = "fail"    // voice.missing: stop before any sound
	missingChime   = "chime"   // voice.missing: a chime in place of the words
)

// missingValues lists what voice.missing takes.
var missingValues = []string{missingFail, missingChime}

// maxDuck is the deepest dip voice.duck may ask for, in decibels.
const maxDuck = 30

// Validate reports every invalid voice key, each a *FieldError. An empty
// value, which a file, variable or flag cannot set, is left to Load's "has
// no value" check.
func (v Voice) Validate() error {
	var ps []*FieldError
	if !slices.Contains(script.Details, script.Detail(v.Detail)) {
		ps = append(ps, fieldErrorf("voice.detail", "voice.detail is %s; want full, brief or minimal", quote(v.Detail)))
	}
	ps = append(ps, volumeProblems("voice.volume", v.Volume)...)
	if !(v.Duck >= 0 && v.Duck <= maxDuck) {
		ps = append(ps, fieldErrorf("voice.duck", "voice.duck is %v; want 0 (no dip) to %d decibels", v.Duck, maxDuck))
	}
	if v.TTS != "" && !slices.Contains(tts.Names, v.TTS) {
		ps = append(ps, fieldErrorf("voice.tts", "voice.tts is %s%s; want %s", quote(v.TTS), didYouMean(v.TTS, tts.Names, "."), list(tts.Names)))
	}
	if v.TTS == tts.Auto && v.Speaker != "" && v.Speaker != speakerDefault {
		ps = append(ps, fieldErrorf("voice.speaker", "voice.speaker is %s, but voice.tts is auto; name the engine the voice belongs to (voice.tts: flite, festival, espeak-ng, piper, say or sapi)", showValue(v.Speaker)))
	}
	if v.TTS == tts.Command && (v.Command == commandNone || strings.TrimSpace(v.Command) == "") {
		ps = append(ps, fieldErrorf("voice.command", "voice.tts is command, but voice.command is none; write the command line, e.g. voice.command: mytts --out {out} {text}"))
	}
	if v.Command != "" && v.Command != commandNone {
		if _, err := tts.SplitCommand(v.Command); err != nil {
			ps = append(ps, fieldErrorf("voice.command", "voice.command: %v", err))
		}
	}
	if v.Missing != "" && !slices.Contains(missingValues, v.Missing) {
		ps = append(ps, fieldErrorf("voice.missing", "voice.missing is %s; want fail (stop and say how to fix it) or chime (a chime in place of the words)", quote(v.Missing)))
	}
	return join(ps)
}

// volumeProblems checks a volume key: 0 (silent) to 1 (full).
func volumeProblems(key string, v float64) []*FieldError {
	if v >= 0 && v <= 1 {
		return nil
	}
	return []*FieldError{fieldErrorf(key, "%s is %v; want 0 (silent) to 1 (full)", key, v)}
}

// TTSConfig returns voice.tts, voice.speaker and voice.command as package
// tts takes them.
func (v Voice) TTSConfig() tts.Config {
	t := tts.Config{Engine: v.TTS, Voice: v.Speaker, Command: v.Command}
	if t.Voice == speakerDefault {
		t.Voice = tts.DefaultVoice
	}
	if t.Command == commandNone {
		t.Command = ""
	}
	return t
}

// PackDir returns the folder voice.pack names, with a leading ~/ made the
// home folder, or "" for none.
func (v Voice) PackDir() string {
	if v.Pack == packNone || v.Pack == "" {
		return ""
	}
	return expandHome(v.Pack)
}

// Chime reports whether a chime plays in place of phrases nothing can say
// (voice.missing: chime), rather than stopping before any sound.
func (v Voice) Chime() bool { return v.Missing == missingChime }

// expandHome replaces a leading ~/ with the home folder.
func expandHome(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return path
}
