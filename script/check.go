package script

import "fmt"

// Check lays out routine r as Compile does and returns the timing problems
// it had to work around, each at the place in r's file of the words
// concerned and saying what to change: a breath cue too long for the
// breath to lead (said before the breath instead), a reminder that fits in
// no breath, feel and avoid words that outlast the hold. The same words
// said on both sides or on every breath are reported once. A routine that
// does not compile returns Compile's error.
func Check(r *Routine, o Options, voice Voice) (ErrorList, error) {
	if _, err := Compile(r, o, voice); err != nil {
		return nil, err
	}
	var c *compiler
	if o.Length > 0 {
		c, _ = fit(r, withDetail(o), voice)
	} else {
		c = run(r, withDetail(o), voice, scale{})
	}
	var errs ErrorList
	seen := map[string]bool{}
	for _, is := range c.issues {
		line, col := is.pose.pos(is.key, is.index)
		k := fmt.Sprintf("%s:%d:%d:%s", is.pose.File, line, col, is.key)
		if seen[k] {
			continue
		}
		seen[k] = true
		errs = append(errs, &Error{File: is.pose.File, Line: line, Col: col, Msg: "pose " + is.pose.Name + ": " + is.msg})
	}
	if len(errs) == 0 {
		return nil, nil
	}
	return errs.err().(ErrorList), nil
}

// withDetail returns o with the default detail filled in.
func withDetail(o Options) Options {
	if o.Detail == "" {
		o.Detail = Full
	}
	return o
}
