package config

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	guide "github.com/stretchguide/guide"
	"github.com/stretchguide/guide/internal/suggest"
	"github.com/stretchguide/guide/script"
)

// kind is the type of a key's value.
type kind int

const (
	kindString   kind = iota
	kindDuration      // time.Duration, written with a unit, or 0
	kindFloat
	kindBool
	kindText // a type that reads itself (encoding.TextUnmarshaler), such as Quiet
)

// schema is what Config and the embedded config.yaml say together: the
// keys, their types (from Config's fields) and their defaults (from
// config.yaml).
type schema struct {
	keys     []string                // leaf keys, dotted, in config.yaml order
	kinds    map[string]kind         // by leaf key
	types    map[string]reflect.Type // by leaf key, its field's type
	fields   map[string][]int        // by leaf key, its field's index in Config
	defaults map[string]string       // by leaf key, the default as config.yaml writes it
	lines    map[string][2]int       // by leaf key, its line and column in config.yaml
	sections map[string][]string     // by section ("" is the top), its children's names in order
}

var defaultSchema = sync.OnceValues(func() (*schema, error) {
	s, err := newSchema(guide.DefaultConfig)
	if err != nil {
		return nil, fmt.Errorf("config: embedded defaults: %w", err)
	}
	return s, nil
})

func newSchema(data []byte) (*schema, error) {
	s := &schema{
		kinds:    map[string]kind{},
		types:    map[string]reflect.Type{},
		fields:   map[string][]int{},
		defaults: map[string]string{},
		lines:    map[string][2]int{},
		sections: map[string][]string{},
	}
	if err := s.addFields(reflect.TypeFor[Config](), "", nil); err != nil {
		return nil, err
	}
	root, err := parseYAML("config.yaml", data)
	if err != nil {
		return nil, err
	}
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, errors.New("want a mapping")
	}
	var walk func(m *yaml.Node, section string) error
	walk = func(m *yaml.Node, section string) error {
		s.sections[section] = []string{}
		for i := 0; i+1 < len(m.Content); i += 2 {
			kn, val := m.Content[i], m.Content[i+1]
			name := kn.Value
			key := joinKey(section, name)
			s.sections[section] = append(s.sections[section], name)
			if val.Kind == yaml.MappingNode {
				if err := walk(val, key); err != nil {
					return err
				}
				continue
			}
			if !s.isLeaf(key) {
				return fmt.Errorf("line %d: %s has no field in Config", val.Line, key)
			}
			if _, dup := s.defaults[key]; dup {
				return fmt.Errorf("line %d: %s is set twice", val.Line, key)
			}
			text, msg := s.value(key, val.Value, isNull(val))
			if msg != "" {
				return fmt.Errorf("line %d: %s", val.Line, msg)
			}
			if val.Line != kn.Line {
				return fmt.Errorf("line %d: %s's value is not on its line", kn.Line, key)
			}
			s.keys = append(s.keys, key)
			s.defaults[key] = text
			s.lines[key] = [2]int{kn.Line, kn.Column}
		}
		return nil
	}
	if err := walk(root, ""); err != nil {
		return nil, err
	}
	for k := range s.kinds {
		if _, ok := s.defaults[k]; !ok {
			return nil, fmt.Errorf("no default for %s", k)
		}
	}
	return s, nil
}

// addFields records the kind, type and index of every field of struct
// type t, by dotted mapstructure key.
func (s *schema) addFields(t reflect.Type, prefix string, index []int) error {
	text := reflect.TypeFor[encoding.TextUnmarshaler]()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		key := joinKey(prefix, f.Tag.Get("mapstructure"))
		idx := append(slices.Clone(index), i)
		var k kind
		switch {
		case reflect.PointerTo(f.Type).Implements(text):
			k = kindText
		case f.Type == reflect.TypeFor[time.Duration]():
			k = kindDuration
		case f.Type.Kind() == reflect.Float64:
			k = kindFloat
		case f.Type.Kind() == reflect.Bool:
			k = kindBool
		case f.Type.Kind() == reflect.String:
			k = kindString
		case f.Type.Kind() == reflect.Struct:
			if err := s.addFields(f.Type, key, idx); err != nil {
				return err
			}
			continue
		default:
			return fmt.Errorf("%s: unsupported type %v", key, f.Type)
		}
		s.kinds[key], s.types[key], s.fields[key] = k, f.Type, idx
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

// sectionKeys returns the dotted names of the sections, sorted.
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

// want describes a valid value for key.
func (s *schema) want(key string) string {
	switch s.kinds[key] {
	case kindDuration:
		return "a duration such as 4s or 4500ms"
	case kindFloat:
		return "a number such as " + s.defaults[key]
	case kindBool:
		return "true or false"
	case kindText:
		return "a value such as " + s.defaults[key]
	default:
		return "a name such as " + s.defaults[key]
	}
}

// value checks text, a value for key, strictly: it returns the text as
// viper is to decode it, or a message saying what is wrong and what would
// be valid.
func (s *schema) value(key, text string, null bool) (string, string) {
	text = strings.TrimSpace(text)
	if null || text == "" {
		return "", fmt.Sprintf("%s has no value; write %s", key, s.want(key))
	}
	switch s.kinds[key] {
	case kindDuration:
		if text == "0" {
			break // zero needs no unit
		}
		if _, err := strconv.ParseFloat(text, 64); err == nil || errors.Is(err, strconv.ErrRange) {
			return "", fmt.Sprintf("%s: %s has no unit; write %s", key, showValue(text), s.want(key))
		}
		if _, err := time.ParseDuration(text); err != nil {
			return "", fmt.Sprintf("%s: %s is not a duration; write %s", key, quote(text), s.want(key))
		}
	case kindFloat:
		_, err := strconv.ParseFloat(text, 64)
		switch {
		case err != nil && !errors.Is(err, strconv.ErrRange):
			return "", fmt.Sprintf("%s: %s is not a number; write %s", key, quote(text), s.want(key))
		case !plainDecimal.MatchString(text):
			// strconv also reads 1_0, 1e1, +2, Inf and NaN.
			return "", fmt.Sprintf("%s: %s is not a plain decimal number; write digits with at most one point and a leading -, such as %s", key, quote(text), s.defaults[key])
		case err != nil:
			return "", fmt.Sprintf("%s: %s is out of range; write %s", key, showValue(text), s.want(key))
		}
	case kindBool:
		if _, err := strconv.ParseBool(text); err != nil {
			return "", fmt.Sprintf("%s: %s is neither true nor false", key, quote(text))
		}
	case kindText:
		if err := reflect.New(s.types[key]).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(text)); err != nil {
			return "", fmt.Sprintf("%s: %v", key, err)
		}
	}
	return text, ""
}

// plainDecimal matches a number as people write one: 1, 1.5, -16, .5.
var plainDecimal = regexp.MustCompile(`^-?([0-9]+\.?[0-9]*|\.[0-9]+)$`)

// setting is one value for a key, as text, and where it came from.
type setting struct {
	key  string
	text string
	from origin
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
	at := func(n *yaml.Node) origin { return origin{file: name, line: n.Line, col: n.Column} }
	if root.Kind != yaml.MappingNode {
		return nil, []error{at(root).problem(fmt.Sprintf("want keys such as routine and pace, found %s", describe(root)))}
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
			add := func(n *yaml.Node, msg string) { probs = append(probs, at(n).problem(msg)) }
			if kn.Kind != yaml.ScalarNode {
				add(kn, "want a key name, found "+describe(kn))
				continue
			}
			key := joinKey(section, strings.ToLower(kn.Value))
			written := joinKey(section, kn.Value)
			if first, dup := seen[key]; dup {
				add(kn, fmt.Sprintf("%s is set twice (first on line %d)", showValue(written), first))
				continue
			}
			seen[key] = kn.Line
			switch val := resolve(vn); {
			case s.isLeaf(key):
				if val.Kind != yaml.ScalarNode {
					add(vn, fmt.Sprintf("%s: want %s, found %s", key, s.want(key), describe(val)))
					continue
				}
				text, msg := s.value(key, val.Value, isNull(val))
				if msg != "" {
					add(vn, msg)
					continue
				}
				out = append(out, setting{key, text, at(vn)})
			case s.isSection(key):
				switch {
				case val.Kind == yaml.MappingNode:
					walk(val, key)
				case isNull(val):
					// An empty section sets nothing.
				default:
					add(vn, fmt.Sprintf("%s is a section; want its keys (%s) under it, found %s",
						key, strings.Join(s.sections[key], ", "), describe(val)))
				}
			default:
				msg := "unknown key " + showValue(written)
				if dym := didYouMean(key, append(slices.Clone(s.keys), s.sectionKeys()...), "."); dym != "" {
					add(kn, msg+dym)
				} else if section == "" {
					add(kn, msg+"; the top-level keys are "+list(s.sections[""]))
				} else {
					add(kn, msg+"; the keys in "+section+" are "+list(s.sections[section]))
				}
			}
		}
	}
	walk(root, "")
	return out, probs
}

// envPrefix starts the name of every environment variable that sets a key.
const envPrefix = "GUIDE_"

// envConfig names the config file when there is no --config flag.
const envConfig = envPrefix + "CONFIG"

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
		from := origin{name: n}
		text, msg := s.value(key, val, false)
		if msg != "" {
			probs = append(probs, from.problem(msg))
			continue
		}
		out = append(out, setting{key, text, from})
	}
	return out, probs
}

// unknownEnv returns the problem with GUIDE_ variable n, not a key's, or ""
// if it does not look like a key and is none of guide's business.
func (s *schema) unknownEnv(n string, names []string) string {
	msg := "unknown environment variable " + showValue(n)
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
		from := origin{name: "--set " + showValue(kv)}
		add := func(msg string) { probs = append(probs, from.problem(msg)) }
		k, val, ok := strings.Cut(kv, "=")
		if !ok {
			add("want KEY=VALUE, such as pace.inhale=5s")
			continue
		}
		key := strings.ToLower(strings.TrimSpace(k))
		switch {
		case s.isLeaf(key):
			text, msg := s.value(key, val, false)
			if msg != "" {
				add(msg)
				continue
			}
			out = append(out, setting{key, text, from})
		case s.isSection(key):
			var ks []string
			for _, name := range s.sections[key] {
				ks = append(ks, joinKey(key, name))
			}
			add(key + " is a section; set one of its keys: " + list(ks))
		default:
			msg := "unknown key " + showValue(strings.TrimSpace(k))
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

// parseYAML parses data, a YAML file called name, and returns the content of
// its one document, or nil if it has none. A syntax error names the line.
func parseYAML(name string, data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, &problem{err: &script.Error{File: name, Msg: oneLine(fmt.Sprint("cannot parse YAML: ", r))}}
		}
	}()
	syntax := func(err error) error {
		e := script.SyntaxError(name, data, err)
		if e.Line == 0 {
			e.Col = 0
		}
		return &problem{err: e}
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
			return nil, origin{file: name, line: extra.Line, col: extra.Column}.problem("want one YAML document, found another")
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
		return "the value " + showValue(n.Value)
	default:
		return "an alias"
	}
}
