package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	guide "github.com/stretchguide/guide"
	"github.com/stretchguide/guide/internal/suggest"
	"github.com/stretchguide/guide/script"
)

// Config is the effective configuration.
type Config struct {
	Routine string        `mapstructure:"routine"`
	Length  time.Duration `mapstructure:"length"`
	Safety  SafetyConfig  `mapstructure:"safety"`
	Pace    PaceConfig    `mapstructure:"pace"`
	Voice   VoiceConfig   `mapstructure:"voice"`
	Tones   TonesConfig   `mapstructure:"tones"`
	Audio   AudioConfig   `mapstructure:"audio"`
	History HistoryConfig `mapstructure:"history"`
	Remind  RemindConfig  `mapstructure:"remind"`

	// Ambience plays under the session: off, brown, pink or a file.
	Ambience string `mapstructure:"ambience"`
}

// PaceConfig is the pace section: how fast a session goes.
type PaceConfig struct {
	Preset string        `mapstructure:"preset"`
	Inhale time.Duration `mapstructure:"inhale"`
	Exhale time.Duration `mapstructure:"exhale"`
	Hold   float64       `mapstructure:"hold"`
	Settle time.Duration `mapstructure:"settle"`
	Move   time.Duration `mapstructure:"move"`
}

// VoiceConfig is the voice section: the spoken instructions.
type VoiceConfig struct {
	Detail string  `mapstructure:"detail"`
	Volume float64 `mapstructure:"volume"`
	Duck   float64 `mapstructure:"duck"` // dB the tones and ambience dip under the voice

	// Where the words come from (voice.go): your own pack over the
	// built-in one, then text-to-speech, then a chime or an error.
	Pack    string `mapstructure:"pack"`    // a recorded pack's folder, or none
	TTS     string `mapstructure:"tts"`     // tts.Names
	Speaker string `mapstructure:"speaker"` // the engine's voice, or default
	Command string `mapstructure:"command"` // for tts: command, with {text} and {out}
	Missing string `mapstructure:"missing"` // fail or chime
}

// SafetyConfig is the safety section: the words that keep a session safe.
type SafetyConfig struct {
	Intro bool `mapstructure:"intro"`
}

// presets are the pace presets. Each sets the pace keys that are not set
// by name in a file, the environment or a flag; normal is the defaults.
var presets = map[string]map[string]any{
	"slow":   {"pace.inhale": 5 * time.Second, "pace.exhale": 7 * time.Second, "pace.hold": 1.25, "pace.settle": 6 * time.Second, "pace.move": 12 * time.Second},
	"normal": {},
	"fast":   {"pace.inhale": 3 * time.Second, "pace.exhale": 3500 * time.Millisecond, "pace.hold": 0.75, "pace.settle": 3 * time.Second, "pace.move": 6 * time.Second},
}

// CompileOptions returns what the script engine needs to lay out a session.
func (c Config) CompileOptions() script.Options {
	return script.Options{Pace: c.ScriptPace(), Detail: script.Detail(c.Voice.Detail), Safety: c.Safety.Intro, Length: c.Length}
}

// TonesConfig is the tones section: the breath tones and bells.
type TonesConfig struct {
	Volume float64 `mapstructure:"volume"`
	Style  string  `mapstructure:"style"`  // a tone set: audio.Styles
	Breath bool    `mapstructure:"breath"` // play the breath tones
}

// AudioConfig is the audio section: the sound device.
type AudioConfig struct {
	Buffer   time.Duration `mapstructure:"buffer"`
	Loudness float64       `mapstructure:"loudness"` // LUFS every session is normalised to
}

// HistoryConfig is the history section: the record of sessions.
type HistoryConfig struct {
	Streak bool `mapstructure:"streak"`
}

// RemindConfig is the remind section: guide remind.
type RemindConfig struct {
	Routine string        `mapstructure:"routine"`
	Every   time.Duration `mapstructure:"every"`
	Quiet   string        `mapstructure:"quiet"`
}

// Limits that script.Pace does not check.
const (
	minBuffer = 10 * time.Millisecond
	maxBuffer = time.Second
)

// ScriptPace returns the pace section as the script engine takes it.
func (c Config) ScriptPace() script.Pace {
	return script.Pace{
		Inhale: c.Pace.Inhale,
		Exhale: c.Pace.Exhale,
		Hold:   c.Pace.Hold,
		Settle: c.Pace.Settle,
		Move:   c.Pace.Move,
	}
}

// Validate reports every invalid value at once, one per line.
func (c Config) Validate() error {
	var errs []error
	for _, p := range c.problems() {
		errs = append(errs, &problem{msg: p.msg})
	}
	return errors.Join(errs...)
}

// fieldProblem is one invalid value and the key it belongs to.
type fieldProblem struct {
	key string
	msg string
}

func (c Config) problems() []fieldProblem {
	var ps []fieldProblem
	if strings.TrimSpace(c.Routine) == "" {
		ps = append(ps, fieldProblem{"routine", "routine is empty; want the name of a routine"})
	}
	if _, ok := presets[c.Pace.Preset]; !ok {
		ps = append(ps, fieldProblem{"pace.preset", fmt.Sprintf("pace.preset is %q; want slow, normal or fast", c.Pace.Preset)})
	}
	if !slices.Contains(script.Details, script.Detail(c.Voice.Detail)) {
		ps = append(ps, fieldProblem{"voice.detail", fmt.Sprintf("voice.detail is %q; want full, brief or minimal", c.Voice.Detail)})
	}
	if c.Length != 0 && (c.Length < time.Minute || c.Length > 4*time.Hour) {
		ps = append(ps, fieldProblem{"length", fmt.Sprintf("length is %v; want 1m to 4h, or 0s to play routines as written", c.Length)})
	}
	if err := c.ScriptPace().Validate(); err != nil {
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			if fe, ok := e.(*script.FieldError); ok {
				ps = append(ps, fieldProblem{"pace." + fe.Field, fe.Error()})
			}
		}
	}
	for _, vol := range []struct {
		key string
		v   float64
	}{{"voice.volume", c.Voice.Volume}, {"tones.volume", c.Tones.Volume}} {
		if !(vol.v >= 0 && vol.v <= 1) {
			ps = append(ps, fieldProblem{vol.key, fmt.Sprintf("%s is %v; want 0 (silent) to 1 (full)", vol.key, vol.v)})
		}
	}
	if b := c.Audio.Buffer; b < minBuffer || b > maxBuffer {
		ps = append(ps, fieldProblem{"audio.buffer", fmt.Sprintf("audio.buffer is %v; want %v to %v", b, minBuffer, maxBuffer)})
	}
	ps = append(ps, c.soundProblems()...)
	if strings.TrimSpace(c.Remind.Routine) == "" {
		ps = append(ps, fieldProblem{"remind.routine", "remind.routine is empty; want the name of a routine"})
	}
	if c.Remind.Every < minRemindEvery {
		ps = append(ps, fieldProblem{"remind.every", fmt.Sprintf("remind.every is %v; want %v or more, such as 30m", c.Remind.Every, minRemindEvery)})
	}
	if _, err := parseQuiet(c.Remind.Quiet); err != nil {
		ps = append(ps, fieldProblem{"remind.quiet", "remind.quiet: " + err.Error()})
	}
	ps = append(ps, c.voiceProblems()...)
	return ps
}

// problem is one thing wrong with the configuration and where it was found:
// "FILE:LINE", "FILE", a GUIDE_ variable, a --set flag, or "" for the
// effective config as a whole.
type problem struct {
	where string
	msg   string
	err   error
}

func (p *problem) Error() string {
	if p.where == "" {
		return "config: " + p.msg
	}
	return "config: " + p.where + ": " + p.msg
}

func (p *problem) Unwrap() error { return p.err }

// configSource says where the configuration comes from. Environ is
// os.Environ()-style; tests pass their own, so loading is hermetic.
type configSource struct {
	File    string   // --config FILE; "" means the user config file if it exists
	Sets    []string // --set KEY=VALUE flags, in order
	Environ []string
}

// envPrefix starts the name of every environment variable that sets a key.
const envPrefix = "GUIDE_"

// envConfig names the config file when there is no --config flag.
const envConfig = envPrefix + "CONFIG"

// loadConfig builds the effective config: embedded defaults
// (guide.DefaultConfig) < config file < GUIDE_* environment < --set flags.
// It reports every problem at once, each on its own line and naming where
// the value came from.
func loadConfig(src configSource) (Config, error) {
	c, _, err := resolveConfig(src)
	return c, err
}

// effective is one setting's value and where it came from: a file and
// line, an environment variable, a --set flag, the pace preset, or "" for
// the defaults.
type effective struct {
	Key, Value, From string
}

// resolveConfig is loadConfig that also lists every setting, in
// config.yaml's order, with its value and where it came from.
func resolveConfig(src configSource) (Config, []effective, error) {
	s, err := defaultSchema()
	if err != nil {
		return Config{}, nil, err
	}
	env := envMap(src.Environ)
	var probs []error

	// The config file.
	path, where, required := src.File, show(src.File), true
	if path == "" && env[envConfig] != "" {
		path = env[envConfig]
		where = show(path) + " (from " + envConfig + ")"
	}
	if path == "" {
		path, required = userConfigPath(src.Environ), false
		where = show(path)
	}
	var fileSettings []setting
	if path != "" {
		data, err := os.ReadFile(path)
		switch {
		case err == nil:
			var ps []error
			fileSettings, ps = s.fileSettings(show(path), data)
			probs = append(probs, ps...)
		case errors.Is(err, fs.ErrNotExist) && !required:
			// No user config file: the defaults stand.
		case errors.Is(err, fs.ErrNotExist):
			probs = append(probs, &problem{where: where, msg: "no such file", err: err})
		default:
			msg := err.Error()
			if pe, ok := err.(*fs.PathError); ok {
				msg = pe.Err.Error()
			}
			probs = append(probs, &problem{where: where, msg: msg, err: err})
		}
	}

	envSettings, ps := s.envSettings(env)
	probs = append(probs, ps...)
	setSettings, ps := s.setSettings(src.Sets)
	probs = append(probs, ps...)

	// Layer them in a fresh viper: defaults < file < environment < --set.
	v := viper.New()
	for _, k := range s.keys {
		v.SetDefault(k, s.defaults[k])
	}
	from := map[string]string{}
	if len(fileSettings) > 0 {
		nested := map[string]any{}
		for _, st := range fileSettings {
			nest(nested, st.key, st.val)
			from[st.key] = st.where
		}
		if err := v.MergeConfigMap(nested); err != nil {
			probs = append(probs, &problem{where: show(path), msg: err.Error(), err: err})
		}
	}
	for _, st := range append(envSettings, setSettings...) {
		v.Set(st.key, st.val)
		from[st.key] = st.where
	}
	preset := v.GetString("pace.preset")
	for k, val := range presets[preset] {
		if from[k] == "" {
			v.Set(k, val)
			from[k] = "pace.preset " + preset
		}
	}
	var c Config
	if err := v.UnmarshalExact(&c); err != nil {
		probs = append(probs, &problem{msg: oneLine(err.Error()), err: err})
		return Config{}, nil, errors.Join(probs...)
	}
	for _, p := range c.problems() {
		probs = append(probs, &problem{where: from[p.key], msg: p.msg})
	}
	if len(probs) > 0 {
		return Config{}, nil, errors.Join(probs...)
	}
	var settings []effective
	for _, k := range s.keys {
		settings = append(settings, effective{k, fmt.Sprint(v.Get(k)), from[k]})
	}
	return c, settings, nil
}

// userConfigPath returns $XDG_CONFIG_HOME/guide/config.yaml (from environ),
// else os.UserConfigDir()/guide/config.yaml, or "" if there is no config
// directory. A relative $XDG_CONFIG_HOME is ignored, as the XDG spec says.
func userConfigPath(environ []string) string {
	if x := envMap(environ)["XDG_CONFIG_HOME"]; filepath.IsAbs(x) {
		return filepath.Join(x, "guide", "config.yaml")
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "guide", "config.yaml")
}

// envMap returns environ as a map; the first of duplicates wins, as in os.Getenv.
func envMap(environ []string) map[string]string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if _, dup := m[k]; ok && k != "" && !dup {
			m[k] = v
		}
	}
	return m
}

// nest sets m[a][b]... = val for key "a.b...".
func nest(m map[string]any, key string, val any) {
	parts := strings.Split(key, ".")
	for _, p := range parts[:len(parts)-1] {
		sub, ok := m[p].(map[string]any)
		if !ok {
			sub = map[string]any{}
			m[p] = sub
		}
		m = sub
	}
	m[parts[len(parts)-1]] = val
}

// setting is one value for a key and where it came from.
type setting struct {
	key   string
	val   any
	where string
}

// kind is the type of a key's value.
type kind int

const (
	kindString kind = iota
	kindDuration
	kindFloat
	kindInt
	kindBool
)

// schema is what the embedded config.yaml says: the keys, their types
// (from Config's fields) and their defaults.
type schema struct {
	keys     []string            // leaf keys, dotted, in config.yaml order
	kinds    map[string]kind     // by leaf key
	defaults map[string]any      // by leaf key, of the key's type
	examples map[string]string   // by leaf key, the default as written
	sections map[string][]string // by section ("" is the top), its children's names in order
}

var defaultSchema = sync.OnceValues(func() (*schema, error) {
	s, err := newSchema(guide.DefaultConfig)
	if err != nil {
		return nil, fmt.Errorf("config: embedded defaults: %w", err)
	}
	return s, nil
})

func newSchema(data []byte) (*schema, error) {
	kinds := map[string]kind{}
	if err := fieldKinds(reflect.TypeFor[Config](), "", kinds); err != nil {
		return nil, err
	}
	root, err := parseYAML("config.yaml", data)
	if err != nil {
		return nil, err
	}
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, errors.New("want a mapping")
	}
	s := &schema{
		kinds:    map[string]kind{},
		defaults: map[string]any{},
		examples: map[string]string{},
		sections: map[string][]string{},
	}
	var walk func(m *yaml.Node, section string) error
	walk = func(m *yaml.Node, section string) error {
		s.sections[section] = []string{}
		for i := 0; i+1 < len(m.Content); i += 2 {
			name, val := m.Content[i].Value, m.Content[i+1]
			key := joinKey(section, name)
			s.sections[section] = append(s.sections[section], name)
			if val.Kind == yaml.MappingNode {
				if err := walk(val, key); err != nil {
					return err
				}
				continue
			}
			k, ok := kinds[key]
			if !ok {
				return fmt.Errorf("line %d: %s has no field in Config", val.Line, key)
			}
			s.keys = append(s.keys, key)
			s.kinds[key] = k
			s.examples[key] = val.Value
			v, msg := s.value(key, val.Value, false)
			if msg != "" {
				return fmt.Errorf("line %d: %s", val.Line, msg)
			}
			s.defaults[key] = v
		}
		return nil
	}
	if err := walk(root, ""); err != nil {
		return nil, err
	}
	for k := range kinds {
		if _, ok := s.kinds[k]; !ok {
			return nil, fmt.Errorf("no default for %s", k)
		}
	}
	return s, nil
}

// fieldKinds records the kind of every field of struct type t, by dotted
// mapstructure key.
func fieldKinds(t reflect.Type, prefix string, out map[string]kind) error {
	for i := range t.NumField() {
		f := t.Field(i)
		key := joinKey(prefix, f.Tag.Get("mapstructure"))
		switch {
		case f.Type == reflect.TypeFor[time.Duration]():
			out[key] = kindDuration
		case f.Type.Kind() == reflect.Float64:
			out[key] = kindFloat
		case f.Type.Kind() == reflect.Int:
			out[key] = kindInt
		case f.Type.Kind() == reflect.Bool:
			out[key] = kindBool
		case f.Type.Kind() == reflect.String:
			out[key] = kindString
		case f.Type.Kind() == reflect.Struct:
			if err := fieldKinds(f.Type, key, out); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: unsupported type %v", key, f.Type)
		}
	}
	return nil
}

func joinKey(section, name string) string {
	if section == "" {
		return name
	}
	return section + "." + name
}

func (s *schema) isLeaf(key string) bool { _, ok := s.kinds[key]; return ok }

func (s *schema) isSection(key string) bool { _, ok := s.sections[key]; return ok && key != "" }

// want describes a valid value for key.
func (s *schema) want(key string) string {
	switch s.kinds[key] {
	case kindDuration:
		return "a duration such as 4s or 4500ms"
	case kindFloat, kindInt:
		return "a number such as " + s.examples[key]
	case kindBool:
		return "true or false"
	default:
		return "a name such as " + s.examples[key]
	}
}

// value converts text, a value for key, to key's type. It returns a message
// saying what is wrong and what would be valid, or "".
func (s *schema) value(key, text string, null bool) (any, string) {
	text = strings.TrimSpace(text)
	if null || text == "" {
		return nil, fmt.Sprintf("%s has no value; write %s", key, s.want(key))
	}
	switch s.kinds[key] {
	case kindDuration:
		if _, err := strconv.ParseFloat(text, 64); err == nil || errors.Is(err, strconv.ErrRange) {
			return nil, fmt.Sprintf("%s: %s has no unit; write %s", key, show(text), s.want(key))
		}
		d, err := time.ParseDuration(text)
		if err != nil {
			return nil, fmt.Sprintf("%s: %q is not a duration; write %s", key, text, s.want(key))
		}
		return d, ""
	case kindFloat:
		f, err := strconv.ParseFloat(text, 64)
		if errors.Is(err, strconv.ErrRange) {
			return nil, fmt.Sprintf("%s: %s is out of range; write %s", key, show(text), s.want(key))
		}
		if err != nil {
			return nil, fmt.Sprintf("%s: %q is not a number; write %s", key, text, s.want(key))
		}
		return f, ""
	case kindInt:
		n, err := strconv.Atoi(text)
		if err != nil {
			return nil, fmt.Sprintf("%s: %q is not a whole number; write %s", key, text, s.want(key))
		}
		return n, ""
	case kindBool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return nil, fmt.Sprintf("%s: %q is neither true nor false", key, text)
		}
		return b, ""
	default:
		return text, ""
	}
}

// fileSettings returns the values the YAML config file data, called name,
// sets, and every problem in it, each naming the line.
func (s *schema) fileSettings(name string, data []byte) ([]setting, []error) {
	root, err := parseYAML(name, data)
	if err != nil {
		return nil, []error{err}
	}
	if root == nil || isNull(root) {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, []error{&problem{
			where: fmt.Sprintf("%s:%d", name, root.Line),
			msg:   fmt.Sprintf("want keys such as routine and pace, found %s", describe(root)),
		}}
	}
	var (
		out   []setting
		probs []error
		seen  = map[string]int{}
	)
	var walk func(m *yaml.Node, section string)
	walk = func(m *yaml.Node, section string) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			kn, vn := m.Content[i], m.Content[i+1]
			at := fmt.Sprintf("%s:%d", name, kn.Line)
			add := func(msg string) { probs = append(probs, &problem{where: at, msg: msg}) }
			if kn.Kind != yaml.ScalarNode {
				add("want a key name, found " + describe(kn))
				continue
			}
			key := joinKey(section, strings.ToLower(kn.Value))
			written := joinKey(section, kn.Value)
			if first, dup := seen[key]; dup {
				add(fmt.Sprintf("%s is set twice (first on line %d)", show(written), first))
				continue
			}
			seen[key] = kn.Line
			switch val := resolve(vn); {
			case s.isLeaf(key):
				at = fmt.Sprintf("%s:%d", name, vn.Line)
				if val.Kind != yaml.ScalarNode {
					add(fmt.Sprintf("%s: want %s, found %s", key, s.want(key), describe(val)))
					continue
				}
				v, msg := s.value(key, val.Value, isNull(val))
				if msg != "" {
					add(msg)
					continue
				}
				out = append(out, setting{key, v, at})
			case s.isSection(key):
				switch {
				case val.Kind == yaml.MappingNode:
					walk(val, key)
				case isNull(val):
					// An empty section sets nothing.
				default:
					add(fmt.Sprintf("%s is a section; want its keys (%s) under it, found %s",
						key, strings.Join(s.sections[key], ", "), describe(val)))
				}
			default:
				msg := "unknown key " + show(written)
				if dym := didYouMean(key, append(slices.Clone(s.keys), s.sectionKeys()...), "."); dym != "" {
					add(msg + dym)
				} else if section == "" {
					add(msg + "; the top-level keys are " + list(s.sections[""]))
				} else {
					add(msg + "; the keys in " + section + " are " + list(s.sections[section]))
				}
			}
		}
	}
	walk(root, "")
	return out, probs
}

func (s *schema) sectionKeys() []string {
	var ks []string
	for k := range s.sections {
		if k != "" {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	return ks
}

// envName returns the environment variable that sets key.
func envName(key string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// envSettings returns the values that GUIDE_ variables in env set, and a
// problem for each bad value and for each unknown variable that looks like
// a key (one close to a key's name, or in a section's namespace).
func (s *schema) envSettings(env map[string]string) ([]setting, []error) {
	byName := map[string]string{}
	var names []string
	for _, k := range s.keys {
		byName[envName(k)] = k
		names = append(names, envName(k))
	}
	var vars []string
	for n := range env {
		if strings.HasPrefix(n, envPrefix) && n != envConfig {
			vars = append(vars, n)
		}
	}
	slices.Sort(vars)
	var (
		out   []setting
		probs []error
	)
	for _, n := range vars {
		val := env[n]
		key, ok := byName[n]
		if !ok {
			if msg := s.unknownEnv(n, names); msg != "" {
				probs = append(probs, &problem{msg: msg})
			}
			continue
		}
		if val == "" {
			continue // an empty variable counts as unset
		}
		v, msg := s.value(key, val, false)
		if msg != "" {
			probs = append(probs, &problem{where: n, msg: msg})
			continue
		}
		out = append(out, setting{key, v, n})
	}
	return out, probs
}

// unknownEnv returns the problem with GUIDE_ variable n, not a key's, or ""
// if it does not look like a key and is none of guide's business.
func (s *schema) unknownEnv(n string, names []string) string {
	msg := "unknown environment variable " + show(n)
	if dym := didYouMean(n, names, "_"); dym != "" {
		return msg + dym
	}
	for _, sec := range s.sectionKeys() {
		prefix := envName(sec)
		if n == prefix || strings.HasPrefix(n, prefix+"_") {
			var vs []string
			for _, name := range s.sections[sec] {
				vs = append(vs, envName(joinKey(sec, name)))
			}
			return msg + "; the " + sec + " variables are " + list(vs)
		}
	}
	return ""
}

// setSettings returns the values that --set KEY=VALUE flags set, and a
// problem for each bad flag.
func (s *schema) setSettings(sets []string) ([]setting, []error) {
	var (
		out   []setting
		probs []error
	)
	for _, kv := range sets {
		where := "--set " + show(kv)
		add := func(msg string) { probs = append(probs, &problem{where: where, msg: msg}) }
		k, val, ok := strings.Cut(kv, "=")
		if !ok {
			add("want KEY=VALUE, such as pace.inhale=5s")
			continue
		}
		key := strings.ToLower(strings.TrimSpace(k))
		switch {
		case s.isLeaf(key):
			v, msg := s.value(key, val, false)
			if msg != "" {
				add(msg)
				continue
			}
			out = append(out, setting{key, v, where})
		case s.isSection(key):
			var ks []string
			for _, name := range s.sections[key] {
				ks = append(ks, joinKey(key, name))
			}
			add(key + " is a section; set one of its keys: " + list(ks))
		default:
			msg := "unknown key " + show(strings.TrimSpace(k))
			if dym := didYouMean(key, s.keys, "."); dym != "" {
				add(msg + dym)
			} else {
				add(msg + "; the keys are " + list(s.keys))
			}
		}
	}
	return out, probs
}

// didYouMean returns " (did you mean X?)" naming the candidates closest to
// name, or "" if none is close. Names are split into words by sep; a
// candidate whose last word is name's last word counts as closest, so
// "inhale" suggests "pace.inhale".
func didYouMean(name string, candidates []string, sep string) string {
	if len(name) > 64 {
		return ""
	}
	lower := strings.ToLower(name)
	last := lower[strings.LastIndex(lower, sep)+1:]
	var best []string
	for _, c := range candidates {
		cl := strings.ToLower(c)
		if cl != lower && cl[strings.LastIndex(cl, sep)+1:] == last {
			best = append(best, c)
		}
	}
	if len(best) == 0 {
		folded := make([]string, len(candidates))
		for i, c := range candidates {
			folded[i] = strings.ToLower(c)
		}
		if i := slices.Index(folded, suggest.Closest(lower, folded)); i >= 0 && folded[i] != lower {
			best = []string{candidates[i]}
		}
	}
	if len(best) == 0 {
		return ""
	}
	return " (did you mean " + strings.Join(best, " or ") + "?)"
}

// list returns "a, b and c".
func list(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// show returns s as it is if it is printable on one line, else quoted.
func show(s string) string {
	if s != "" && utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return s
	}
	return strconv.Quote(s)
}

// oneLine joins the lines of msg, so that each problem is one line.
func oneLine(msg string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(msg, "\n", "; ")), " ")
}

// yamlLine matches the line number in a yaml.v3 syntax error.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parseYAML parses data, a YAML file called name, and returns the content of
// its one document, or nil if it has none. A syntax error names the line.
func parseYAML(name string, data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, &problem{where: name, msg: oneLine(fmt.Sprint("cannot parse YAML: ", r))}
		}
	}()
	syntax := func(err error) error {
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			return &problem{where: name + ":" + m[1], msg: oneLine(msg[len(m[0]):]), err: err}
		}
		return &problem{where: name, msg: oneLine(strings.TrimPrefix(msg, "yaml: ")), err: err}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		return nil, nil
	} else if err != nil {
		return nil, syntax(err)
	}
	for {
		var extra yaml.Node
		err := dec.Decode(&extra)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, syntax(err)
		}
		if len(extra.Content) > 0 && !isNull(extra.Content[0]) {
			return nil, &problem{where: fmt.Sprintf("%s:%d", name, extra.Line), msg: "want one YAML document, found another"}
		}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return resolve(doc.Content[0]), nil
}

// resolve follows aliases to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe says what kind of YAML value n is.
func describe(n *yaml.Node) string {
	switch n = resolve(n); n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "the value " + show(n.Value)
	default:
		return "an alias"
	}
}
