package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"

	"github.com/stretchguide/guide/internal/files"
	"github.com/stretchguide/guide/script"
)

// Source says where the configuration comes from.
type Source struct {
	File    string   // --config FILE; "" means GUIDE_CONFIG's file, else the user config file if it exists
	Sets    []string // --set KEY=VALUE flags, in order
	Environ []string // os.Environ()-style; tests pass their own, so loading is hermetic
}

// Setting is one key's effective value and where it came from.
type Setting struct {
	Key   string // dotted, as in config.yaml
	Value string // as it would be written in config.yaml; quoted if it has control characters
	From  string // FILE:LINE, a GUIDE_ variable, a --set flag, the pace preset, or "" for the defaults
}

// Load builds the effective config: the embedded defaults
// (guide.DefaultConfig) < the config file < GUIDE_ environment variables <
// --set flags, then the pace preset for the pace keys none of them set. It
// reports every problem at once, one a line, each naming where the value
// came from: a problem at a place in the config file is a *script.Error.
func Load(src Source) (Config, error) {
	c, _, err := Resolve(src)
	return c, err
}

// Resolve is Load that also lists every setting, in config.yaml's order,
// with its value and where it came from.
func Resolve(src Source) (Config, []Setting, error) {
	s, err := defaultSchema()
	if err != nil {
		return Config{}, nil, err
	}
	env := envMap(src.Environ)
	var probs []error

	// The config file.
	path, where, required := src.file(env)
	var fileSettings []setting
	if path != "" {
		data, err := files.Read(path, files.MaxText, "a config file")
		switch {
		case err == nil:
			var ps []error
			fileSettings, ps = s.fileSettings(show(path), data)
			probs = append(probs, ps...)
		case errors.Is(err, fs.ErrNotExist):
			if target, lerr := os.Readlink(path); lerr == nil {
				probs = append(probs, &problem{where: where, msg: "is a symbolic link to " + show(target) + ", which does not exist", err: err})
			} else if required {
				probs = append(probs, &problem{where: where, msg: "no such file", err: err})
			}
			// Else there is no user config file: the defaults stand.
		default:
			msg := err.Error()
			if fe, ok := err.(*files.Error); ok {
				msg = fe.Err.Error()
			}
			probs = append(probs, &problem{where: where, msg: msg, err: err})
		}
	}
	envSettings, ps := s.envSettings(env)
	probs = append(probs, ps...)
	setSettings, ps := s.setSettings(src.Sets)
	probs = append(probs, ps...)

	// Layer them in a fresh viper: defaults < file < environment < --set.
	// Every value is text that s.value has checked; viper's decode hooks
	// turn it into its field's type.
	v := viper.NewWithOptions(viper.WithDecodeHook(mapstructure.ComposeDecodeHookFunc(
		mapstructure.StringToTimeDurationHookFunc(),
		mapstructure.TextUnmarshallerHookFunc(),
	)))
	for _, k := range s.keys {
		v.SetDefault(k, s.defaults[k])
	}
	from := map[string]origin{}
	if len(fileSettings) > 0 {
		nested := map[string]any{}
		for _, st := range fileSettings {
			nest(nested, st.key, st.text)
			from[st.key] = st.from
		}
		if err := v.MergeConfigMap(nested); err != nil {
			probs = append(probs, &problem{where: where, msg: err.Error(), err: err})
		}
	}
	// The environment is src.Environ, not the process's: viper reads only
	// the latter, so the variables are set here, before the flags.
	for _, st := range append(envSettings, setSettings...) {
		v.Set(st.key, st.text)
		from[st.key] = st.from
	}
	// The preset stands in for the defaults of the pace keys not set by name.
	preset := v.GetString("pace.preset")
	for k, val := range presets[preset] {
		if _, set := from[k]; !set {
			v.SetDefault(k, val)
			from[k] = origin{name: "pace.preset " + preset}
		}
	}
	var c Config
	if err := v.UnmarshalExact(&c); err != nil {
		probs = append(probs, &problem{msg: oneLine(err.Error()), err: err})
		return Config{}, nil, errors.Join(probs...)
	}
	for _, fe := range fieldErrors(c.Validate()) {
		probs = append(probs, from[fe.Key].problem(fe.Msg))
	}
	if len(probs) > 0 {
		return Config{}, nil, errors.Join(probs...)
	}
	c.from = &from
	return c, s.settings(c, from), nil
}

// Problem returns err, a problem with the value of key found only after
// loading (a routine that does not exist, a pack that cannot be read), the
// way the config reports its own: at the file, line and column of the key,
// or naming the GUIDE_ variable or --set flag that set it. err should name
// the key. A key at its default gives err as it is.
func (c Config) Problem(key string, err error) error {
	if c.from == nil || err == nil {
		return err
	}
	o, ok := (*c.from)[key]
	if !ok {
		return err
	}
	return o.problem(err.Error())
}

// settings lists every key of c, in config.yaml's order, with where its
// value came from.
func (s *schema) settings(c Config, from map[string]origin) []Setting {
	cv := reflect.ValueOf(c)
	out := make([]Setting, len(s.keys))
	for i, k := range s.keys {
		v := cv.FieldByIndex(s.fields[k]).Interface()
		if d, ok := v.(time.Duration); ok {
			v = human(d)
		}
		out[i] = Setting{Key: k, Value: show(fmt.Sprint(v)), From: from[k].String()}
	}
	return out
}

// origin is where a value came from.
type origin struct {
	file      string // the config file, if the value is in it, at line and col
	line, col int
	name      string // else a GUIDE_ variable, a --set flag or the pace preset; "" for the defaults
}

func (o origin) String() string {
	if o.file != "" {
		return fmt.Sprintf("%s:%d", o.file, o.line)
	}
	return o.name
}

// problem returns msg, a problem with the value from o, as an error.
func (o origin) problem(msg string) error {
	if o.file != "" {
		return &problem{err: &script.Error{File: o.file, Line: o.line, Col: o.col, Msg: msg}}
	}
	return &problem{where: o.name, msg: msg}
}

// problem is one thing wrong with the configuration: msg, found at where (a
// file, a GUIDE_ variable or a --set flag; "" for the config as a whole),
// or err, a *script.Error at a place in the config file.
type problem struct {
	where string
	msg   string
	err   error
}

func (p *problem) Error() string {
	msg := p.msg
	if msg == "" {
		msg = p.err.Error()
	}
	if p.where == "" {
		return "config: " + msg
	}
	return "config: " + p.where + ": " + msg
}

func (p *problem) Unwrap() error { return p.err }

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
