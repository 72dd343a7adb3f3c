package config

import (
	"errors"
	"fmt"
	"time"

	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/internal/files"
)

// Audio is the audio section: the sound device and the loudness.
type Audio struct {
	Buffer   time.Duration `mapstructure:"buffer"`   // sound queued ahead for the device
	Loudness float64       `mapstructure:"loudness"` // LUFS every session is brought to
}

// Limits of the audio keys.
const (
	minBuffer   = 10 * time.Millisecond
	maxBuffer   = time.Second
	minLoudness = -30
	maxLoudness = -14 // the loudest every built-in session reaches (to 0.1 LU) under the true-peak limiter
)

// ambienceOff is the ambience key's value for none.
const ambienceOff = "off"

// Validate reports every invalid audio key, each a *FieldError.
func (a Audio) Validate() error {
	var ps []*FieldError
	if b := a.Buffer; b < minBuffer || b > maxBuffer {
		ps = append(ps, fieldErrorf("audio.buffer", "audio.buffer is %s; want %s to %s", human(b), human(minBuffer), human(maxBuffer)))
	}
	if l := a.Loudness; !(l >= minLoudness && l <= maxLoudness) {
		ps = append(ps, fieldErrorf("audio.loudness", "audio.loudness is %v; want %d to %d LUFS, such as -16", l, minLoudness, maxLoudness))
	}
	return join(ps)
}

// validateAmbience checks the ambience key: off, a noise, or a file that
// exists.
func validateAmbience(amb string) error {
	switch amb {
	case "", ambienceOff, audio.BrownNoise, audio.PinkNoise:
		return nil
	}
	path := files.ExpandHome(amb)
	err := files.Check(path, files.MaxAudio, "an ambience file")
	if err == nil {
		return nil
	}
	return fieldErrorf("ambience", "ambience: %s: %s; want off, brown, pink or the path of a FLAC, MP3 or WAV file", showValue(path), errors.Unwrap(err))
}

// Levels returns voice.volume and tones.volume as package audio takes them.
func (c Config) Levels() audio.Levels {
	return audio.Levels{Voice: c.Voice.Volume, Tones: c.Tones.Volume}
}

// Mix returns how a session sounds: the tones, voice.duck, the ambience
// (read from its file, if it names one) and audio.loudness.
func (c Config) Mix() (audio.Mix, error) {
	m := audio.Mix{
		Style:    audio.Style(c.Tones.Style),
		NoBreath: !c.Tones.Breath,
		Duck:     c.Voice.Duck,
		Loudness: c.Audio.Loudness,
	}
	switch amb := c.Ambience; amb {
	case "", ambienceOff:
	case audio.BrownNoise, audio.PinkNoise:
		a, err := audio.NoiseAmbience(amb, 1)
		if err != nil {
			return m, err
		}
		m.Ambience = a
	default:
		path := files.ExpandHome(amb)
		data, err := files.Read(path, files.MaxAudio, "an ambience file")
		if err != nil {
			return m, fmt.Errorf("ambience: %w", err)
		}
		if m.Ambience, err = audio.FileAmbience(path, data); err != nil {
			return m, err
		}
	}
	return m, nil
}
