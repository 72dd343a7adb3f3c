package config

import (
	"slices"
	"strings"

	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/tts"
)

// choices are the values of the keys that take one of a few names, for
// completion; every other key offers its default (and a bool true and
// false).
func choices(key string) []string {
	switch key {
	case "pace.preset":
		var ps []string
		for p := range presets {
			ps = append(ps, p)
		}
		slices.Sort(ps)
		return ps
	case "voice.detail":
		var ds []string
		for _, d := range script.Details {
			ds = append(ds, string(d))
		}
		return ds
	case "voice.tts":
		return tts.Names
	case "voice.missing":
		return missingValues
	case "tones.style":
		var ss []string
		for _, s := range audio.Styles {
			ss = append(ss, string(s))
		}
		return ss
	case "ambience":
		return []string{"off", audio.BrownNoise, audio.PinkNoise}
	}
	return nil
}

// Complete returns what --set KEY=VALUE can be, for shell completion of
// what has been typed so far: every key (as "key="), then, after the "=",
// the values a key takes (its names, true and false, or its default).
func Complete(typed string) []string {
	s, err := defaultSchema()
	if err != nil {
		return nil
	}
	key, _, hasValue := strings.Cut(typed, "=")
	var out []string
	if !hasValue {
		for _, k := range s.keys {
			if strings.HasPrefix(k, strings.ToLower(typed)) {
				out = append(out, k+"=")
			}
		}
		return out
	}
	key = strings.ToLower(key)
	if !s.isLeaf(key) {
		return nil
	}
	values := choices(key)
	switch {
	case values != nil:
	case s.kinds[key] == kindBool:
		values = []string{"true", "false"}
	default:
		values = []string{s.defaults[key]}
	}
	for _, v := range values {
		out = append(out, key+"="+v)
	}
	return out
}
