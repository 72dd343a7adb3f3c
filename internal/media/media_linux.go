package media

import (
	"os"

	"github.com/stretchguide/guide/internal/media/mpris"
)

// open registers the session as an MPRIS player, connecting in the
// background so that playing never waits for the bus.
func open(o Options) Controls {
	p := mpris.New(mpris.Options{Commands: o.Commands, DesktopEntry: desktopEntry(o.Environ), PID: os.Getpid()})
	go func() {
		conn, err := mpris.Dial(o.Environ)
		if err != nil {
			return // no session bus: no media controls, and nothing to say
		}
		if _, err := p.Attach(conn); err != nil {
			conn.Close()
		}
	}()
	return p
}
