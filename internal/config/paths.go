package config

import (
	"fmt"
	"os"
	"path/filepath"
)

// UserFile returns the user's config file: $XDG_CONFIG_HOME/guide/config.yaml
// (from environ), else os.UserConfigDir()/guide/config.yaml, or "" if there
// is no config folder. A relative $XDG_CONFIG_HOME is ignored, as the XDG
// spec says.
func UserFile(environ []string) string {
	dir := userDir(environ)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "config.yaml")
}

// userDir returns guide's folder in the user's config folder, or "" if
// there is none.
func userDir(environ []string) string {
	if x := envMap(environ)["XDG_CONFIG_HOME"]; filepath.IsAbs(x) {
		return filepath.Join(x, "guide")
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "guide")
}

// RoutinesDir returns the folder of the user's own routines, beside their
// config file, or "" if there is no config folder.
func RoutinesDir(environ []string) string {
	dir := userDir(environ)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "routines")
}

// Path returns the config file src names: --config, else GUIDE_CONFIG,
// else the user config file; "" if there is no config folder.
func (src Source) Path() string {
	path, _, _ := src.file(envMap(src.Environ))
	return path
}

// file returns the config file src names, with env its environment; how
// messages name it; and whether it must exist (only the user config file
// need not).
func (src Source) file(env map[string]string) (path, where string, required bool) {
	switch {
	case src.File != "":
		return src.File, show(src.File), true
	case env[envConfig] != "":
		return env[envConfig], show(env[envConfig]) + " (from " + envConfig + ")", true
	default:
		path := UserFile(src.Environ)
		return path, show(path), false
	}
}

// HistoryFile returns where the history is kept: guide/history.jsonl in
// the user's state folder ($XDG_STATE_HOME, else ~/.local/state, on Linux
// and the BSDs; the config folder on macOS and Windows, os.UserConfigDir:
// ~/Library/Application Support, %AppData%). A relative $XDG_STATE_HOME is
// ignored, as the XDG spec says.
func HistoryFile(environ []string) (string, error) {
	env := envMap(environ)
	if x := env["XDG_STATE_HOME"]; filepath.IsAbs(x) {
		return filepath.Join(x, "guide", "history.jsonl"), nil
	}
	dir, err := stateDir(env)
	if err != nil {
		return "", fmt.Errorf("history: no folder to keep the history in: %w", err)
	}
	return filepath.Join(dir, "guide", "history.jsonl"), nil
}
