//go:build !unix || darwin || ios

package config

import "os"

// stateDir is the user's config folder, where macOS and Windows keep an
// application's own files.
func stateDir(env map[string]string) (string, error) { return os.UserConfigDir() }
