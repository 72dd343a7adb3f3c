//go:build unix && !darwin && !ios

package config

import (
	"os"
	"path/filepath"
)

// stateDir is XDG's default state folder: ~/.local/state.
func stateDir(env map[string]string) (string, error) {
	home := env["HOME"]
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", err
		}
	}
	return filepath.Join(home, ".local", "state"), nil
}
