package script

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stretchguide/guide/internal/files"
	"github.com/stretchguide/guide/internal/suggest"
	"go.yaml.in/yaml/v3"
)

// Error is one problem in a routine or pose file, at a line and column.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return files.Show(e.File) + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", files.Show(e.File), e.Line, e.Col, e.Msg)
}

// ErrorList is every problem found in one pass, in file and line order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// err returns l sorted as an error, or nil when l is empty.
func (l ErrorList) err() error {
	if len(l) == 0 {
		return nil
	}
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	return l
}

// decoder walks a YAML document, collecting every problem rather than
// stopping at the first.
type decoder struct {
	file string
	errs ErrorList
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	e := &Error{File: d.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// parse reads data as one YAML document and returns its top node, or nil.
func (d *decoder) parse(data []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		e := SyntaxError(d.file, data, err)
		e.Msg = "invalid YAML: " + e.Msg
		d.errs = append(d.errs, e)
		return nil
	}
	if len(doc.Content) == 0 {
		d.errorf(nil, "empty file")
		return nil
	}
	return doc.Content[0]
}

var (
	yamlLine   = regexp.MustCompile(`^yaml: line (\d+): ?`)
	yamlAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
	yamlQuoted = regexp.MustCompile(`'[^']*'`)
)

// SyntaxError turns the YAML parser's error about data, the file called
// file, into an Error at its line that says what to do: a tab where YAML
// wants spaces, in particular, which the parser calls "found character
// that cannot start any token".
func SyntaxError(file string, data []byte, err error) *Error {
	line := 0
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	msg = strings.Join(strings.Fields(strings.TrimPrefix(msg, "yaml: ")), " ")
	if line == 0 {
		// The reader's errors have no line: find the byte it means.
		switch {
		case strings.Contains(msg, "control characters are not allowed"):
			if i := bytes.IndexFunc(data, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' && r != 0x85 }); i >= 0 {
				l, c := position(data, i)
				return &Error{File: file, Line: l, Col: c, Msg: fmt.Sprintf("a control character (%s); write it as an escape in double quotes, such as \"\\e\", or remove it", strconv.QuoteRune(utf8Rune(data[i:])))}
			}
		case strings.Contains(msg, "UTF-8"):
			if i := invalidUTF8(data); i >= 0 {
				l, c := position(data, i)
				return &Error{File: file, Line: l, Col: c, Msg: fmt.Sprintf("a byte (0x%02x) that is not UTF-8 text; save the file as UTF-8", data[i])}
			}
		case yamlAnchor.MatchString(msg):
			name := yamlAnchor.FindStringSubmatch(msg)[1]
			e := &Error{File: file, Msg: fmt.Sprintf("*%s names no anchor; define it before with &%[1]s, or write the value itself", files.Excerpt(name))}
			if i := bytes.Index(data, []byte("*"+name)); i >= 0 {
				e.Line, e.Col = position(data, i)
			}
			return e
		}
	}
	// Whatever the parser quotes from the file, quote a short excerpt of.
	msg = yamlQuoted.ReplaceAllStringFunc(msg, func(q string) string { return "'" + files.Excerpt(q[1:len(q)-1]) + "'" })
	if r := []rune(msg); len(r) > 4*maxQuote {
		msg = string(r[:4*maxQuote]) + "…"
	}
	if lines := strings.Split(string(data), "\n"); line > 0 && line <= len(lines) {
		if col := strings.IndexByte(lines[line-1], '\t'); col >= 0 {
			return &Error{File: file, Line: line, Col: col + 1, Msg: "a tab; YAML is indented with spaces only: replace it with spaces"}
		}
	}
	return &Error{File: file, Line: line, Col: 1, Msg: msg}
}

// position returns the line and column (1-based, in characters) of byte
// offset off in data.
func position(data []byte, off int) (line, col int) {
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// utf8Rune returns the first character of b.
func utf8Rune(b []byte) rune {
	r, _ := utf8.DecodeRune(b)
	return r
}

// invalidUTF8 returns the offset of the first byte of data that is not
// UTF-8, or -1.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// fields walks a mapping node, calling the handler for each key it knows
// and reporting every key it does not, with the nearest valid one.
func (d *decoder) fields(n *yaml.Node, what string, handlers map[string]func(*yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping of keys to values, not %s", what, describe(n))
		return
	}
	keys := make([]string, 0, len(handlers))
	for k := range handlers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		h, ok := handlers[k.Value]
		switch {
		case !ok:
			d.errorf(k, "unknown key %s in %s%s; valid keys: %s", quote(k.Value), what, suggest.Hint(k.Value, keys), strings.Join(keys, ", "))
		case seen[k.Value]:
			d.errorf(k, "%s given twice in %s", k.Value, what)
		default:
			seen[k.Value] = true
			h(v)
		}
	}
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "empty"
	}
	return quote(n.Value)
}

// maxQuote is the most of a value a message quotes.
const maxQuote = files.MaxExcerpt

// quote returns s quoted for a message, cut to a short excerpt: a file that
// is not a routine is never echoed back whole.
func quote(s string) string { return files.Quote(s) }

// excerpt is quote for a value that reads well bare (a number): it is
// quoted only when cut short or when it holds more than letters, digits
// and signs.
func excerpt(s string) string {
	if len(s) <= maxQuote && strings.Trim(s, "0123456789.+-eE_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" && s != "" {
		return s
	}
	return quote(s)
}

func (d *decoder) scalar(n *yaml.Node, key string) bool {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "%s must be a single value, not %s", key, describe(n))
		return false
	}
	return true
}

func (d *decoder) str(n *yaml.Node, key string) string {
	if !d.scalar(n, key) {
		return ""
	}
	if strings.TrimSpace(n.Value) == "" {
		d.errorf(n, "%s is empty", key)
	}
	return n.Value
}

// phrases accepts one phrase or a list of them.
func (d *decoder) phrases(n *yaml.Node, key string) []string {
	if n.Kind == yaml.ScalarNode {
		return []string{d.str(n, key)}
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s must be a phrase or a list of phrases, not %s", key, describe(n))
		return nil
	}
	var out []string
	for _, c := range n.Content {
		out = append(out, d.str(c, key))
	}
	return out
}

// count reads a positive whole number of breaths.
func (d *decoder) count(n *yaml.Node, key string) int {
	if !d.scalar(n, key) {
		return 0
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || v <= 0 {
		d.errorf(n, "%s: %s is not a positive whole number of breaths", key, excerpt(n.Value))
		return 0
	}
	if v > 1000 {
		d.errorf(n, "%s: %d breaths is more than a session can hold; use at most 1000", key, v)
		return 0
	}
	return v
}

// duration reads a positive Go duration that carries its unit.
func (d *decoder) duration(n *yaml.Node, key string) time.Duration {
	if !d.scalar(n, key) {
		return 0
	}
	if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
		d.errorf(n, "%s: %s has no unit; write a duration such as %ss or 1m30s", key, excerpt(n.Value), excerpt(n.Value))
		return 0
	}
	v, err := time.ParseDuration(n.Value)
	switch {
	case err != nil:
		d.errorf(n, "%s: %s is not a duration; write one such as 30s, 1m or 1m30s", key, quote(n.Value))
	case v <= 0:
		d.errorf(n, "%s: %s must be longer than zero", key, n.Value)
	case v > 4*time.Hour:
		d.errorf(n, "%s: %s is longer than the 4h a session may last", key, n.Value)
	default:
		return v
	}
	return 0
}

// oneOf reads a scalar that must be one of valid.
func (d *decoder) oneOf(n *yaml.Node, key string, valid []string) string {
	s := d.str(n, key)
	if s != "" && !slices.Contains(valid, s) {
		d.errorf(n, "%s: unknown value %s%s; valid: %s", key, quote(s), suggest.Hint(s, valid), strings.Join(valid, ", "))
		return ""
	}
	return s
}

// ParseLibrary reads a pose library: the poses (a mapping of pose names to
// poses), the safety note, the words that take you into each position and
// the words for getting up from each. file names the source in messages.
func ParseLibrary(file string, data []byte) (*Library, error) {
	d := &decoder{file: file}
	lib := &Library{Poses: map[string]*Pose{}, Positions: map[string]*Position{}, GetUp: map[string][]string{}}
	if top := d.parse(data); top != nil {
		d.fields(top, "the pose library", map[string]func(*yaml.Node){
			"poses":     func(n *yaml.Node) { d.poses(n, lib.Poses) },
			"safety":    func(n *yaml.Node) { lib.Safety = d.phrases(n, "safety"); d.templates(n, false) },
			"positions": func(n *yaml.Node) { d.positions(n, lib.Positions) },
			"get-up": func(n *yaml.Node) {
				d.byPosition(n, "get-up", func(pos string, v *yaml.Node) { lib.GetUp[pos] = d.phrases(v, "get-up "+pos); d.templates(v, false) })
			},
		})
	}
	return lib, d.errs.err()
}

// byPosition walks a mapping of position names to values.
func (d *decoder) byPosition(n *yaml.Node, what string, f func(pos string, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must map positions (%s) to words, not %s", what, strings.Join(Positions, ", "), describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(Positions, k.Value):
			d.errorf(k, "%s: unknown position %s%s; valid: %s", what, quote(k.Value), suggest.Hint(k.Value, Positions), strings.Join(Positions, ", "))
		case seen[k.Value]:
			d.errorf(k, "%s: %s given twice", what, k.Value)
		default:
			seen[k.Value] = true
			f(k.Value, v)
		}
	}
}

// positions reads the words that take you into each position.
func (d *decoder) positions(n *yaml.Node, dst map[string]*Position) {
	d.byPosition(n, "positions", func(name string, v *yaml.Node) {
		p := &Position{Name: name, From: map[string][]string{}, Line: v.Line}
		var say *yaml.Node
		d.fields(v, "position "+name, map[string]func(*yaml.Node){
			"say": func(n *yaml.Node) { say = n; p.Say = d.phrases(n, "say"); d.templates(n, false) },
			"from": func(n *yaml.Node) {
				d.byPosition(n, "from", func(from string, w *yaml.Node) { p.From[from] = d.phrases(w, "from "+from); d.templates(w, false) })
			},
		})
		if say == nil && v.Kind == yaml.MappingNode {
			d.errorf(v, "position %s has no say: the words that take you there from anywhere", name)
		}
		dst[name] = p
	})
}

// poses reads a mapping of pose names to poses into dst.
func (d *decoder) poses(n *yaml.Node, dst map[string]*Pose) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "poses must map pose names to poses, not %s", describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !validName.MatchString(k.Value) {
			d.errorf(k, "pose name %s: use lower-case letters, digits and dashes", quote(k.Value))
			continue
		}
		if _, dup := dst[k.Value]; dup {
			d.errorf(k, "pose %s defined twice", k.Value)
			continue
		}
		dst[k.Value] = d.pose(k.Value, v)
	}
}

var validName = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// flag reads true or false.
func (d *decoder) flag(n *yaml.Node, key string) bool {
	if !d.scalar(n, key) {
		return false
	}
	switch n.Value {
	case "true", "yes":
		return true
	case "false", "no":
		return false
	}
	d.errorf(n, "%s: %s is neither true nor false", key, quote(n.Value))
	return false
}

// factor reads a positive number such as 1.5.
func (d *decoder) factor(n *yaml.Node, key string, lo, hi float64) float64 {
	if !d.scalar(n, key) {
		return 0
	}
	f, err := strconv.ParseFloat(n.Value, 64)
	if err != nil || !(f >= lo && f <= hi) {
		d.errorf(n, "%s: %s is not a factor from %g to %g", key, excerpt(n.Value), lo, hi)
		return 0
	}
	return f
}

// ParseRoutine reads a routine. name is what the routine is called (its
// file name without .yaml); lib is the pose library its steps may use
// besides the poses the routine defines itself.
func ParseRoutine(name, file string, data []byte, lib *Library) (*Routine, error) {
	if lib == nil {
		lib = &Library{}
	}
	d := &decoder{file: file}
	r := &Routine{Name: name, File: file, Poses: map[string]*Pose{}, Inhale: 1, Exhale: 1, lib: lib}
	top := d.parse(data)
	if top == nil {
		return nil, d.errs.err()
	}
	var stepsNode *yaml.Node
	d.fields(top, "the routine", map[string]func(*yaml.Node){
		"title":       func(n *yaml.Node) { r.Title = d.str(n, "title") },
		"description": func(n *yaml.Node) { r.Description = d.str(n, "description") },
		"focus":       func(n *yaml.Node) { r.Focus = d.phrases(n, "focus") },
		"intro":       func(n *yaml.Node) { r.Intro = d.phrases(n, "intro"); d.templates(n, false) },
		"outro":       func(n *yaml.Node) { r.Outro = d.phrases(n, "outro"); d.templates(n, false) },
		"poses":       func(n *yaml.Node) { d.poses(n, r.Poses) },
		"steps":       func(n *yaml.Node) { stepsNode = n },
		"bells":       func(n *yaml.Node) { r.SoftBells = d.oneOf(n, "bells", []string{"normal", "soft"}) == "soft" },
		"breath": func(n *yaml.Node) {
			d.fields(n, "breath", map[string]func(*yaml.Node){
				"inhale": func(n *yaml.Node) { r.Inhale = d.factor(n, "breath.inhale", 0.5, 2) },
				"exhale": func(n *yaml.Node) { r.Exhale = d.factor(n, "breath.exhale", 0.5, 2) },
			})
		},
	})
	if top.Kind != yaml.MappingNode {
		return nil, d.errs.err()
	}
	if r.Title == "" {
		d.errorf(top, "the routine has no title")
	}
	switch {
	case stepsNode == nil:
		d.errorf(top, "the routine has no steps")
	case stepsNode.Kind != yaml.SequenceNode || len(stepsNode.Content) == 0:
		d.errorf(stepsNode, "steps must be a list of at least one step, not %s", describe(stepsNode))
	default:
		for _, n := range stepsNode.Content {
			r.Steps = append(r.Steps, d.step(n, r))
		}
	}
	return r, d.errs.err()
}

// amountNodes are where a step's breaths and hold were written.
type amountNodes struct{ breaths, hold *yaml.Node }

func (d *decoder) amount(a *Amount, at *amountNodes) map[string]func(*yaml.Node) {
	return map[string]func(*yaml.Node){
		"breaths": func(n *yaml.Node) { at.breaths = n; a.Breaths = d.count(n, "breaths") },
		"hold":    func(n *yaml.Node) { at.hold = n; a.Hold = d.duration(n, "hold") },
	}
}

func (d *decoder) step(n *yaml.Node, r *Routine) Step {
	s := Step{Line: n.Line}
	var poseNode *yaml.Node
	var at, left, right amountNodes
	keys := d.amount(&s.Amount, &at)
	keys["pose"] = func(n *yaml.Node) { poseNode = n; s.Pose = d.str(n, "pose") }
	keys["say"] = func(n *yaml.Node) { s.Say = d.phrases(n, "say"); d.templates(n, false) }
	keys["left"] = func(n *yaml.Node) { d.fields(n, "left", d.amount(&s.Left, &left)) }
	keys["right"] = func(n *yaml.Node) { d.fields(n, "right", d.amount(&s.Right, &right)) }
	d.fields(n, "a step", keys)
	if n.Kind != yaml.MappingNode {
		return s
	}
	if poseNode == nil {
		d.errorf(n, "a step needs a pose")
		return s
	}
	p := r.Pose(s.Pose)
	if p == nil {
		if s.Pose != "" {
			var names []string
			for k := range r.lib.Poses {
				names = append(names, k)
			}
			for k := range r.Poses {
				names = append(names, k)
			}
			slices.Sort(names)
			d.errorf(poseNode, "unknown pose %s%s; the library has: %s", quote(s.Pose), suggest.Hint(s.Pose, names), strings.Join(names, ", "))
		}
		return s
	}
	if (left.breaths != nil || left.hold != nil || right.breaths != nil || right.hold != nil) && !p.Sides {
		node := cmp.Or(left.breaths, left.hold, right.breaths, right.hold)
		d.errorf(node, "pose %s has no sides: give its breaths or hold on the step itself", p.Name)
	}
	for _, c := range []struct {
		a  Amount
		at amountNodes
	}{{s.Amount, at}, {s.Left, left}, {s.Right, right}} {
		d.checkAmount(p, c.a, c.at)
	}
	return s
}

// checkAmount checks a dose override against the pose's kind and range.
func (d *decoder) checkAmount(p *Pose, a Amount, at amountNodes) {
	byBreaths := p.Dose.Breaths > 0 || p.Kind == BreathLed
	switch {
	case at.breaths != nil && !byBreaths:
		d.errorf(at.breaths, "pose %s holds for a time: give hold, not breaths", p.Name)
	case at.hold != nil && byBreaths:
		d.errorf(at.hold, "pose %s counts breaths: give breaths, not hold", p.Name)
	case a.Breaths > 0 && (a.Breaths < p.Dose.MinBreaths || a.Breaths > p.Dose.MaxBreaths):
		d.errorf(at.breaths, "pose %s takes %d to %d breaths, not %d", p.Name, p.Dose.MinBreaths, p.Dose.MaxBreaths, a.Breaths)
	case a.Hold > 0 && (a.Hold < p.Dose.MinHold || a.Hold > p.Dose.MaxHold):
		d.errorf(at.hold, "pose %s holds for %s to %s, not %s", p.Name, Human(p.Dose.MinHold), Human(p.Dose.MaxHold), Human(a.Hold))
	}
}
