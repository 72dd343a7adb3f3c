// Package guide holds what the whole program shares: the documented default
// configuration, embedded so that the file a user reads is the defaults the
// program uses.
package guide

import _ "embed"

// DefaultConfig is config.yaml: every key with its default and its meaning.
//
//go:embed config.yaml
var DefaultConfig []byte
