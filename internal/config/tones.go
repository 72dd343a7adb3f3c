package config

import (
	"strings"

	"github.com/stretchguide/guide/audio"
)

// Tones is the tones section: the breath tones and bells.
type Tones struct {
	Volume float64 `mapstructure:"volume"` // 0 (silent) to 1 (full)
	Style  string  `mapstructure:"style"`  // a tone set: audio.Styles
	Breath bool    `mapstructure:"breath"` // play the breath tones
}

// Validate reports every invalid tones key, each a *FieldError.
func (t Tones) Validate() error {
	ps := volumeProblems("tones.volume", t.Volume)
	if _, err := audio.ParseStyle(t.Style); err != nil {
		ps = append(ps, fieldErrorf("tones.style", "tones.style is %s; want %s", quote(t.Style), styleNames()))
	}
	return join(ps)
}

// styleNames returns the tone styles for a message: "bowl or soft".
func styleNames() string {
	names := make([]string, len(audio.Styles))
	for i, s := range audio.Styles {
		names[i] = string(s)
	}
	return strings.Join(names, " or ")
}
