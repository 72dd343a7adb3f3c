package media

import (
	"context"
	"os"

	"github.com/stretchguide/guide/internal/media/mpris"
)

// open registers the session as an MPRIS player, connecting in the
// background so that playing never waits for the bus.
func open(o Options) Controls {
	p := mpris.New(mpris.Options{Commands: o.Commands, DesktopEntry: desktopEntry(o.Environ), PID: os.Getpid()})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		conn, err := mpris.Dial(ctx, o.Environ)
		if err != nil {
			return // no session bus: no media controls, and nothing to say
		}
		if _, err := p.Attach(conn); err != nil {
			conn.Close()
		}
	}()
	return onBus{p, cancel}
}

// onBus is an MPRIS player, and the end of its connecting.
type onBus struct {
	*mpris.Player
	cancel context.CancelFunc
}

// Close stops connecting, if it still is, and takes the player off the
// bus.
func (b onBus) Close() {
	b.cancel()
	b.Player.Close()
}
