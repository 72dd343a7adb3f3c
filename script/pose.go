package script

import (
	"regexp"
	"strings"

	"github.com/stretchguide/guide/internal/suggest"
	"go.yaml.in/yaml/v3"
)

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
