package script

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

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
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
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
		line := 0
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.TrimPrefix(msg[len(m[0]):], " ")
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: 1, Msg: "invalid YAML: " + msg})
		return nil
	}
	if len(doc.Content) == 0 {
		d.errorf(nil, "empty file")
		return nil
	}
	return doc.Content[0]
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+):`)

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
const maxQuote = 60

// quote returns s quoted for a message, cut to a short excerpt: a file that
// is not a routine is never echoed back whole.
func quote(s string) string {
	if r := []rune(s); len(r) > maxQuote {
		return strconv.Quote(string(r[:maxQuote])) + "…"
	}
	return strconv.Quote(s)
}

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

func (d *decoder) pose(name string, n *yaml.Node) *Pose {
	p := &Pose{Name: name, File: d.file, Line: n.Line}
	var startNode, kindNode, breathsNode, holdNode, minNode, maxNode *yaml.Node
	var templated []*yaml.Node
	p.at = map[string][][2]int{}
	mark := func(key string, n *yaml.Node) {
		items := []*yaml.Node{n}
		if n.Kind == yaml.SequenceNode {
			items = n.Content
		}
		for _, c := range items {
			p.at[key] = append(p.at[key], [2]int{c.Line, c.Column})
		}
	}
	phr := func(dst *[]string, key string) func(*yaml.Node) {
		return func(n *yaml.Node) { *dst = d.phrases(n, key); templated = append(templated, n); mark(key, n) }
	}
	what := "pose " + name
	d.fields(n, what, map[string]func(*yaml.Node){
		"title":       func(n *yaml.Node) { p.Title = d.str(n, "title"); d.templates(n, false) },
		"start":       func(n *yaml.Node) { startNode = n; p.Start = d.oneOf(n, "start", Positions) },
		"kind":        func(n *yaml.Node) { kindNode = n },
		"sides":       func(n *yaml.Node) { p.Sides = d.oneOf(n, "sides", []string{"both", "none"}) == "both" },
		"setup":       func(n *yaml.Node) { p.Setup = d.setup(n, &templated); mark("setup", n) },
		"feel":        phr(&p.Feel, "feel"),
		"avoid":       phr(&p.Avoid, "avoid"),
		"switch":      phr(&p.Switch, "switch"),
		"inhale":      phr(&p.Inhale, "inhale"),
		"exhale":      phr(&p.Exhale, "exhale"),
		"remind":      phr(&p.Remind, "remind"),
		"release":     phr(&p.Release, "release"),
		"last-breath": func(n *yaml.Node) { p.LastBreath = d.flag(n, "last-breath") },
		"countdown": func(n *yaml.Node) {
			if c := d.count(n, "countdown"); c > 10 {
				d.errorf(n, "countdown: %d; count down at most the last 10 seconds", c)
			} else {
				p.Countdown = c
			}
		},
		"breaths": func(n *yaml.Node) { breathsNode = n },
		"hold":    func(n *yaml.Node) { holdNode = n },
		"min":     func(n *yaml.Node) { minNode = n },
		"max":     func(n *yaml.Node) { maxNode = n },
	})
	if n.Kind != yaml.MappingNode {
		return p
	}
	if p.Title == "" {
		d.errorf(n, "%s has no title", what)
	}
	if startNode == nil {
		d.errorf(n, "%s has no start position; valid: %s", what, strings.Join(Positions, ", "))
	}
	if kindNode == nil {
		d.errorf(n, "%s has no kind; valid: breath, hold, rest", what)
	} else {
		p.Kind = Kind(d.oneOf(kindNode, "kind", []string{"breath", "hold", "rest"}))
	}
	if len(p.Setup) == 0 {
		d.errorf(n, "%s has no setup words: say how to get into it", what)
	}
	if p.Sides && len(p.Switch) == 0 {
		d.errorf(n, "%s has sides but no switch words: say how to change sides", what)
	}
	if !p.Sides && len(p.Switch) > 0 {
		d.errorf(n, "%s has switch words but no sides; add sides: both", what)
	}
	for _, t := range templated {
		d.templates(t, p.Sides)
	}
	if p.Kind != BreathLed && len(p.Inhale)+len(p.Exhale) > 0 {
		d.errorf(n, "%s is a %s: inhale and exhale cues belong to breath-led poses", what, p.Kind)
	}
	if p.Kind == BreathLed && (len(p.Inhale) == 0 || len(p.Exhale) == 0) {
		d.errorf(n, "%s is breath-led: it needs inhale and exhale cues", what)
	}
	if p.Kind == Rest && (p.Countdown > 0 || p.LastBreath) {
		d.errorf(n, "%s is a rest: it has no breaths to count", what)
	}
	if p.Kind == BreathLed && p.Countdown > 0 {
		d.errorf(n, "%s is breath-led: a countdown belongs to holds; use last-breath", what)
	}
	// The dose: breaths for a breath-led pose; breaths or a hold for a
	// hold; a hold for a rest. Min and max are of the same unit.
	// An unknown kind (already reported) is checked by what the dose says.
	byBreaths := p.Kind == BreathLed || (p.Kind != Rest && breathsNode != nil)
	switch {
	case breathsNode != nil && holdNode != nil:
		d.errorf(holdNode, "%s: give breaths or hold, not both", what)
	case p.Kind == "":
	case byBreaths && breathsNode == nil:
		d.errorf(n, "%s is breath-led: give its number of breaths", what)
	case !byBreaths && holdNode == nil:
		d.errorf(n, "%s is a %s: give how long to hold, such as hold: 30s", what, p.Kind)
	case p.Kind == BreathLed && holdNode != nil:
		d.errorf(holdNode, "%s is breath-led: give breaths, not hold", what)
	case p.Kind == Rest && breathsNode != nil:
		d.errorf(breathsNode, "%s is a rest: give hold as a duration, not breaths", what)
	}
	if byBreaths {
		if breathsNode != nil {
			p.Dose.Breaths = d.count(breathsNode, "breaths")
		}
		p.Dose.MinBreaths, p.Dose.MaxBreaths = p.Dose.Breaths, p.Dose.Breaths
		if minNode != nil {
			p.Dose.MinBreaths = d.count(minNode, "min")
		}
		if maxNode != nil {
			p.Dose.MaxBreaths = d.count(maxNode, "max")
		}
		if minNode != nil && maxNode != nil && p.Dose.MinBreaths > p.Dose.MaxBreaths && p.Dose.MaxBreaths > 0 {
			d.errorf(minNode, "%s: min %d is more than max %d; want min at most max", what, p.Dose.MinBreaths, p.Dose.MaxBreaths)
		} else if p.Dose.Breaths > 0 && (p.Dose.Breaths < p.Dose.MinBreaths || p.Dose.Breaths > p.Dose.MaxBreaths) {
			d.errorf(breathsNode, "%s: %d breaths lies outside its range min %d, max %d", what, p.Dose.Breaths, p.Dose.MinBreaths, p.Dose.MaxBreaths)
		}
		return p
	}
	if holdNode != nil {
		p.Dose.Hold = d.duration(holdNode, "hold")
	}
	p.Dose.MinHold, p.Dose.MaxHold = p.Dose.Hold, p.Dose.Hold
	if minNode != nil {
		p.Dose.MinHold = d.duration(minNode, "min")
	}
	if maxNode != nil {
		p.Dose.MaxHold = d.duration(maxNode, "max")
	}
	if minNode != nil && maxNode != nil && p.Dose.MinHold > p.Dose.MaxHold && p.Dose.MaxHold > 0 {
		d.errorf(minNode, "%s: min %s is more than max %s; want min at most max", what, Human(p.Dose.MinHold), Human(p.Dose.MaxHold))
	} else if p.Dose.Hold > 0 && (p.Dose.Hold < p.Dose.MinHold || p.Dose.Hold > p.Dose.MaxHold) {
		d.errorf(holdNode, "%s: hold %s lies outside its range min %s, max %s", what, Human(p.Dose.Hold), Human(p.Dose.MinHold), Human(p.Dose.MaxHold))
	}
	return p
}

// setup reads a pose's setup: phrases, each a string or a mapping
// {say: PHRASE, settle: true} for a movement that needs Pace.Settle before
// the next words. The phrase nodes are added to templated.
func (d *decoder) setup(n *yaml.Node, templated *[]*yaml.Node) []Line {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	} else if n.Kind != yaml.ScalarNode {
		d.errorf(n, "setup must be a phrase or a list of phrases, not %s", describe(n))
		return nil
	}
	var out []Line
	for _, c := range items {
		if c.Kind != yaml.MappingNode {
			out = append(out, Line{Text: d.str(c, "setup")})
			*templated = append(*templated, c)
			continue
		}
		var l Line
		var say *yaml.Node
		d.fields(c, "a setup line", map[string]func(*yaml.Node){
			"say":    func(n *yaml.Node) { say = n; l.Text = d.str(n, "say"); *templated = append(*templated, n) },
			"settle": func(n *yaml.Node) { l.Settle = d.flag(n, "settle") },
		})
		if say == nil {
			d.errorf(c, "a setup line needs say: the words")
		}
		out = append(out, l)
	}
	return out
}

var template = regexp.MustCompile(`\{([^{}]*)\}`)

// templates checks the {name} substitutions in a phrase or list of phrases.
func (d *decoder) templates(n *yaml.Node, sides bool) {
	nodes := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		nodes = n.Content
	}
	for _, c := range nodes {
		for _, m := range template.FindAllStringSubmatch(c.Value, -1) {
			switch name := m[1]; {
			case name != "side" && name != "other":
				d.errorf(c, "unknown template {%s}%s; valid: {side}, {other}", name, suggest.Hint(name, []string{"side", "other"}))
			case !sides:
				d.errorf(c, "{%s} in a pose without sides; add sides: both or remove it", name)
			}
		}
	}
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
