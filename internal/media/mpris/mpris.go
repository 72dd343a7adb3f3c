// Package mpris puts a playing guide session on the D-Bus session bus as an
// MPRIS media player (https://specifications.freedesktop.org/mpris-spec/),
// so the desktop's media keys, headset buttons and "now playing" panel
// drive it: org.mpris.MediaPlayer2.guide, or
// org.mpris.MediaPlayer2.guide.instance<PID> when another guide has that
// name. Every control becomes a player command, sent on the session's
// command channel as a key's would be, so it is confirmed the same way.
//
// A Player is a player.Remote: it keeps the state the player tells it, and
// answers the bus from it, once attached to a connection.
package mpris

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/stretchguide/guide/audio"
	pl "github.com/stretchguide/guide/internal/player"
	"github.com/stretchguide/guide/script"
)

// The names on the bus.
const (
	BusName    = "org.mpris.MediaPlayer2.guide"
	ObjectPath = dbus.ObjectPath("/org/mpris/MediaPlayer2")
	rootIface  = "org.mpris.MediaPlayer2"
	playIface  = "org.mpris.MediaPlayer2.Player"
	propsIface = "org.freedesktop.DBus.Properties"
	// noTrack is the track id while no step plays.
	noTrack = dbus.ObjectPath("/org/mpris/MediaPlayer2/TrackList/NoTrack")
	// trackPrefix is followed by the step's number, from 1.
	trackPrefix = "/org/stretchguide/guide/step/"
	// closeWait bounds how long Close waits for the bus, which may hang.
	closeWait = time.Second
)

// Options say what a Player sends where and how it presents itself.
type Options struct {
	// Commands receives the player commands of the controls; a full
	// channel drops them rather than hold the bus up.
	Commands chan<- pl.Command
	// DesktopEntry is the installed desktop file's name without
	// ".desktop", or "" for none.
	DesktopEntry string
	// PID is the instance number used when the bus name is taken.
	PID int
}

// Player is guide as an MPRIS player. Its methods are safe for concurrent
// use.
type Player struct {
	o     Options
	seeks chan pl.Seek

	mu      sync.Mutex
	st      pl.State
	have    bool // st is set
	seeked  bool // a Seeked signal is due
	conn    *dbus.Conn
	name    string
	closed  bool
	emitted map[string]dbus.Variant // the Player properties last signalled

	dirty chan struct{} // the state changed: the emitter looks
	done  chan struct{} // closed by Close
}

// New returns a Player that is on no bus yet: it keeps the state until it
// is attached.
func New(o Options) *Player {
	return &Player{o: o, seeks: make(chan pl.Seek, 4), dirty: make(chan struct{}, 1), done: make(chan struct{})}
}

// Dial connects to the session bus of env (DBUS_SESSION_BUS_ADDRESS, or
// else $XDG_RUNTIME_DIR/bus if it is a socket), never starting one. The
// connection closes when ctx is done, connecting (to a bus that hangs)
// included.
func Dial(ctx context.Context, env []string) (*dbus.Conn, error) {
	addr := lookup(env, "DBUS_SESSION_BUS_ADDRESS")
	if addr == "" {
		dir := lookup(env, "XDG_RUNTIME_DIR")
		if fi, err := os.Stat(filepath.Join(dir, "bus")); dir == "" || err != nil || fi.Mode()&os.ModeSocket == 0 {
			return nil, errors.New("no session bus")
		}
		addr = "unix:path=" + dbus.EscapeBusAddressValue(filepath.Join(dir, "bus"))
	}
	return dbus.Connect(addr, dbus.WithContext(ctx))
}

// lookup returns the value of key in env, the last one winning.
func lookup(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

// Attach puts p on conn's bus and serves it there until Close; it takes
// conn over (closing it with p, or at once if p is closed already). It
// returns the bus name p has, or an error if it could not have one.
func (p *Player) Attach(conn *dbus.Conn) (string, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		conn.Close()
		return "", errors.New("closed")
	}
	p.conn = conn
	p.mu.Unlock()
	for iface, v := range map[string]any{rootIface: root{p}, playIface: controls{p}, propsIface: props{p},
		"org.freedesktop.DBus.Introspectable": introspectable(introspection)} {
		if err := conn.ExportWithMap(v, map[string]string{"SeekBy": "Seek"}, ObjectPath, iface); err != nil {
			return "", err
		}
	}
	name := BusName
	reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue)
	if err == nil && reply != dbus.RequestNameReplyPrimaryOwner {
		name = fmt.Sprintf("%s.instance%d", BusName, p.o.PID)
		reply, err = conn.RequestName(name, dbus.NameFlagDoNotQueue)
	}
	if err == nil && reply != dbus.RequestNameReplyPrimaryOwner {
		err = fmt.Errorf("the bus name %s is taken", name)
	}
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	p.name = name
	p.mu.Unlock()
	go p.emit(conn)
	p.poke()
	return name, nil
}

// Close takes p off the bus, waiting for it at most a second.
func (p *Player) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	conn := p.conn
	close(p.done)
	p.mu.Unlock()
	if conn == nil {
		return
	}
	closed := make(chan struct{})
	go func() { conn.Close(); close(closed) }()
	t := time.NewTimer(closeWait)
	defer t.Stop()
	select {
	case <-closed:
	case <-t.C:
	}
}

// Seeks delivers the moves asked for on the bus.
func (p *Player) Seeks() <-chan pl.Seek { return p.seeks }

// Update keeps st, to answer from and signal; it never blocks.
func (p *Player) Update(st pl.State) {
	p.mu.Lock()
	p.st, p.have = st, true
	p.seeked = p.seeked || st.Seeked
	p.mu.Unlock()
	p.poke()
}

// poke wakes the emitter.
func (p *Player) poke() {
	select {
	case p.dirty <- struct{}{}:
	default:
	}
}

// emit signals what changed, PropertiesChanged and Seeked, until p is
// closed. Errors (a bus gone) are dropped: the session plays on.
func (p *Player) emit(conn *dbus.Conn) {
	for {
		select {
		case <-p.done:
			return
		case <-p.dirty:
		}
		p.mu.Lock()
		now := p.playerProps()
		changed := map[string]dbus.Variant{}
		for _, k := range []string{"PlaybackStatus", "Metadata", "Volume", "CanGoNext"} {
			if old, ok := p.emitted[k]; !ok || old.String() != now[k].String() {
				changed[k] = now[k]
			}
		}
		p.emitted = now
		seeked := p.seeked && p.have
		p.seeked = false
		pos := p.position()
		p.mu.Unlock()
		if len(changed) > 0 {
			_ = conn.Emit(ObjectPath, propsIface+".PropertiesChanged", playIface, changed, []string{})
		}
		if seeked {
			_ = conn.Emit(ObjectPath, playIface+".Seeked", pos)
		}
	}
}

// send sends c to the player, dropping it if the channel is full.
func (p *Player) send(c pl.Command) {
	select {
	case p.o.Commands <- c:
	default:
	}
}

// seek sends s to the player, dropping it if the channel is full.
func (p *Player) seek(s pl.Seek) {
	select {
	case p.seeks <- s:
	default:
	}
}

// position returns the position in the step, in microseconds, with p.mu
// held.
func (p *Player) position() int64 {
	if !p.have || p.st.Position == nil {
		return 0
	}
	d := min(max(p.st.Position()-p.st.Start, 0), p.st.Length)
	return d.Microseconds()
}

// status returns PlaybackStatus, with p.mu held.
func (p *Player) status() string {
	switch {
	case !p.have || p.st.Ended:
		return "Stopped"
	case p.st.Paused:
		return "Paused"
	}
	return "Playing"
}

// metadata returns Metadata, with p.mu held.
func (p *Player) metadata() map[string]dbus.Variant {
	if !p.have || p.st.Ended {
		return map[string]dbus.Variant{"mpris:trackid": dbus.MakeVariant(noTrack)}
	}
	return map[string]dbus.Variant{
		"mpris:trackid":     dbus.MakeVariant(trackID(p.st.Step)),
		"mpris:length":      dbus.MakeVariant(p.st.Length.Microseconds()),
		"xesam:title":       dbus.MakeVariant(pl.ChapterName(script.Chapter{Title: p.st.Pose, Side: p.st.Side})),
		"xesam:album":       dbus.MakeVariant(p.st.Routine),
		"xesam:artist":      dbus.MakeVariant([]string{"guide"}),
		"xesam:trackNumber": dbus.MakeVariant(int32(p.st.Step)),
	}
}

// trackID returns the track id of step n (from 1).
func trackID(n int) dbus.ObjectPath {
	return dbus.ObjectPath(fmt.Sprintf("%s%d", trackPrefix, n))
}

// volume returns Volume: the session's volume as a linear factor, 1 at
// 0 dB, with p.mu held.
func (p *Player) volume() float64 {
	if !p.have {
		return 1
	}
	return math.Pow(10, p.st.Volume/20)
}

// setVolume moves the session's volume to the 3 dB step nearest v, with
// Louder and Softer commands, so that it is confirmed as a key's is; one
// command when it is at the limit already, for the limit's sound.
func (p *Player) setVolume(v float64) {
	p.mu.Lock()
	cur := p.st.Volume
	p.mu.Unlock()
	raw := math.Inf(-1)
	if v > 0 {
		raw = 20 * math.Log10(v)
	}
	want := min(max(raw, audio.MinVolume), audio.MaxVolume)
	steps := int(math.Round((want - cur) / audio.VolumeStep))
	switch {
	case steps != 0:
	case raw > audio.MaxVolume && cur >= audio.MaxVolume:
		steps = 1
	case raw < audio.MinVolume && cur <= audio.MinVolume:
		steps = -1
	}
	c := pl.Louder
	if steps < 0 {
		c, steps = pl.Softer, -steps
	}
	for range steps {
		p.send(c)
	}
}

// playerProps returns the Player interface's properties, with p.mu held.
func (p *Player) playerProps() map[string]dbus.Variant {
	return map[string]dbus.Variant{
		"PlaybackStatus": dbus.MakeVariant(p.status()),
		"Rate":           dbus.MakeVariant(1.0),
		"MinimumRate":    dbus.MakeVariant(1.0),
		"MaximumRate":    dbus.MakeVariant(1.0),
		"Metadata":       dbus.MakeVariant(p.metadata()),
		"Volume":         dbus.MakeVariant(p.volume()),
		"Position":       dbus.MakeVariant(p.position()),
		"CanGoNext":      dbus.MakeVariant(!p.have || !p.st.Last),
		"CanGoPrevious":  dbus.MakeVariant(true),
		"CanPlay":        dbus.MakeVariant(true),
		"CanPause":       dbus.MakeVariant(true),
		"CanSeek":        dbus.MakeVariant(true),
		"CanControl":     dbus.MakeVariant(true),
	}
}

// rootProps returns the MediaPlayer2 interface's properties.
func (p *Player) rootProps() map[string]dbus.Variant {
	m := map[string]dbus.Variant{
		"CanQuit":             dbus.MakeVariant(true),
		"CanRaise":            dbus.MakeVariant(false),
		"HasTrackList":        dbus.MakeVariant(false),
		"Identity":            dbus.MakeVariant("guide"),
		"SupportedUriSchemes": dbus.MakeVariant([]string{}),
		"SupportedMimeTypes":  dbus.MakeVariant([]string{}),
	}
	if p.o.DesktopEntry != "" {
		m["DesktopEntry"] = dbus.MakeVariant(p.o.DesktopEntry)
	}
	return m
}
