// Package media answers the desktop's media controls while a session
// plays: the play/pause, next and previous keys, a headset's buttons and
// the "now playing" panel. On Linux that is MPRIS on the session bus
// (package mpris); macOS's and Windows' media sessions are not there yet,
// and there Open gives controls that do nothing.
//
// The controls are a player.Remote: their commands go on the session's
// command channel, as the keys' do, and the player tells them its state.
package media

import (
	"os"
	"path/filepath"
	"strings"

	pl "github.com/stretchguide/guide/internal/player"
)

// Controls are the desktop's media controls for one session.
type Controls interface {
	pl.Remote
	// Close takes the session off the desktop's controls.
	Close()
}

// Options say whether and how to open the controls.
type Options struct {
	// Enabled is controls.media: false opens nothing.
	Enabled bool
	// Commands receives the controls' commands.
	Commands chan<- pl.Command
	// Environ is the process's environment (the session bus's address).
	Environ []string
}

// Open returns the media controls of a session about to play. It never
// fails and never waits: with no session bus (a console, ssh, CI) or
// Enabled false, the controls do nothing; a bus that goes away mid-session
// only takes them away.
func Open(o Options) Controls {
	if !o.Enabled || o.Commands == nil {
		return none{}
	}
	return open(o)
}

// none are controls that do nothing.
type none struct{}

func (none) Seeks() <-chan pl.Seek { return nil }
func (none) Update(pl.State)       {}
func (none) Close()                {}

// desktopEntry returns "guide" if guide.desktop is installed where the
// desktop looks for applications (XDG_DATA_HOME, XDG_DATA_DIRS), else "".
func desktopEntry(env []string) string {
	get := func(k string) string {
		v := ""
		for _, kv := range env {
			if key, val, ok := strings.Cut(kv, "="); ok && key == k {
				v = val
			}
		}
		return v
	}
	home, dirs := get("XDG_DATA_HOME"), get("XDG_DATA_DIRS")
	if home == "" && get("HOME") != "" {
		home = filepath.Join(get("HOME"), ".local", "share")
	}
	if dirs == "" {
		dirs = "/usr/local/share:/usr/share"
	}
	for _, d := range append([]string{home}, filepath.SplitList(dirs)...) {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "applications", "guide.desktop")); err == nil {
			return "guide"
		}
	}
	return ""
}
