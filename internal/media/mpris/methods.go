package mpris

import (
	"strconv"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"

	pl "github.com/stretchguide/guide/internal/player"
)

// root is the org.mpris.MediaPlayer2 interface.
type root struct{ p *Player }

// Raise does nothing: guide has no window (CanRaise is false).
func (r root) Raise() *dbus.Error { return nil }

// Quit fades the session out and stops it, as q does.
func (r root) Quit() *dbus.Error {
	r.p.send(pl.Quit)
	return nil
}

// controls is the org.mpris.MediaPlayer2.Player interface.
type controls struct{ p *Player }

// Next skips to the next step.
func (c controls) Next() *dbus.Error { c.p.send(pl.Next); return nil }

// Previous restarts the step, or goes back one near its start.
func (c controls) Previous() *dbus.Error { c.p.send(pl.Prev); return nil }

// Pause pauses.
func (c controls) Pause() *dbus.Error { c.p.send(pl.Pause); return nil }

// PlayPause pauses or resumes.
func (c controls) PlayPause() *dbus.Error { c.p.send(pl.Toggle); return nil }

// Stop fades out and stops the session, as q does.
func (c controls) Stop() *dbus.Error { c.p.send(pl.Quit); return nil }

// Play resumes.
func (c controls) Play() *dbus.Error { c.p.send(pl.Resume); return nil }

// SeekBy is Seek: it moves by x microseconds within the step; past its
// end is Next. (A Go method named Seek would pass for an io.Seeker.)
func (c controls) SeekBy(x int64) *dbus.Error {
	c.p.seek(pl.Seek{Offset: time.Duration(x) * time.Microsecond})
	return nil
}

// SetPosition moves to x microseconds into the step whose track id is
// track, if it is the one playing.
func (c controls) SetPosition(track dbus.ObjectPath, x int64) *dbus.Error {
	n, err := strconv.Atoi(strings.TrimPrefix(string(track), trackPrefix))
	if err != nil || !strings.HasPrefix(string(track), trackPrefix) {
		return nil // not a track of ours: nothing, as MPRIS says
	}
	c.p.seek(pl.Seek{Abs: true, Step: n - 1, At: time.Duration(x) * time.Microsecond})
	return nil
}

// OpenUri opens nothing: guide plays routines, not URIs.
func (c controls) OpenUri(string) *dbus.Error {
	return dbus.NewError("org.mpris.MediaPlayer2.guide.Error.NotSupported", []any{"guide opens no URIs"})
}

// props is the org.freedesktop.DBus.Properties interface.
type props struct{ p *Player }

// all returns the properties of iface.
func (pr props) all(iface string) (map[string]dbus.Variant, *dbus.Error) {
	switch iface {
	case rootIface:
		return pr.p.rootProps(), nil
	case playIface:
		pr.p.mu.Lock()
		defer pr.p.mu.Unlock()
		return pr.p.playerProps(), nil
	}
	return nil, dbus.NewError("org.freedesktop.DBus.Error.UnknownInterface", []any{"no interface " + iface})
}

// Get returns one property.
func (pr props) Get(iface, name string) (dbus.Variant, *dbus.Error) {
	m, err := pr.all(iface)
	if err != nil {
		return dbus.Variant{}, err
	}
	v, ok := m[name]
	if !ok {
		return dbus.Variant{}, dbus.NewError("org.freedesktop.DBus.Error.UnknownProperty", []any{"no property " + name + " in " + iface})
	}
	return v, nil
}

// GetAll returns every property of iface.
func (pr props) GetAll(iface string) (map[string]dbus.Variant, *dbus.Error) {
	return pr.all(iface)
}

// Set sets Volume (in the session's 3 dB steps) and Rate (which stays 1);
// the others are read-only.
func (pr props) Set(iface, name string, v dbus.Variant) *dbus.Error {
	if _, err := pr.Get(iface, name); err != nil {
		return err
	}
	switch {
	case iface == playIface && name == "Volume":
		f, ok := v.Value().(float64)
		if !ok {
			return dbus.NewError("org.freedesktop.DBus.Error.InvalidArgs", []any{"Volume is a double"})
		}
		pr.p.setVolume(f)
		return nil
	case iface == playIface && name == "Rate":
		return nil
	}
	return dbus.NewError("org.freedesktop.DBus.Error.PropertyReadOnly", []any{name + " is read-only"})
}

// introspectable answers Introspect with its XML.
type introspectable string

// Introspect returns the object's description.
func (i introspectable) Introspect() (string, *dbus.Error) { return string(i), nil }

// introspection describes the object, as MPRIS 2.2 does.
const introspection = `<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect"><arg name="data" direction="out" type="s"/></method>
  </interface>
  <interface name="org.freedesktop.DBus.Properties">
    <method name="Get"><arg name="interface" direction="in" type="s"/><arg name="property" direction="in" type="s"/><arg name="value" direction="out" type="v"/></method>
    <method name="GetAll"><arg name="interface" direction="in" type="s"/><arg name="properties" direction="out" type="a{sv}"/></method>
    <method name="Set"><arg name="interface" direction="in" type="s"/><arg name="property" direction="in" type="s"/><arg name="value" direction="in" type="v"/></method>
    <signal name="PropertiesChanged"><arg name="interface" type="s"/><arg name="changed" type="a{sv}"/><arg name="invalidated" type="as"/></signal>
  </interface>
  <interface name="org.mpris.MediaPlayer2">
    <method name="Raise"/>
    <method name="Quit"/>
    <property name="CanQuit" type="b" access="read"/>
    <property name="CanRaise" type="b" access="read"/>
    <property name="HasTrackList" type="b" access="read"/>
    <property name="Identity" type="s" access="read"/>
    <property name="DesktopEntry" type="s" access="read"/>
    <property name="SupportedUriSchemes" type="as" access="read"/>
    <property name="SupportedMimeTypes" type="as" access="read"/>
  </interface>
  <interface name="org.mpris.MediaPlayer2.Player">
    <method name="Next"/>
    <method name="Previous"/>
    <method name="Pause"/>
    <method name="PlayPause"/>
    <method name="Stop"/>
    <method name="Play"/>
    <method name="Seek"><arg name="Offset" direction="in" type="x"/></method>
    <method name="SetPosition"><arg name="TrackId" direction="in" type="o"/><arg name="Position" direction="in" type="x"/></method>
    <method name="OpenUri"><arg name="Uri" direction="in" type="s"/></method>
    <signal name="Seeked"><arg name="Position" type="x"/></signal>
    <property name="PlaybackStatus" type="s" access="read"/>
    <property name="Rate" type="d" access="readwrite"/>
    <property name="Metadata" type="a{sv}" access="read"/>
    <property name="Volume" type="d" access="readwrite"/>
    <property name="Position" type="x" access="read"/>
    <property name="MinimumRate" type="d" access="read"/>
    <property name="MaximumRate" type="d" access="read"/>
    <property name="CanGoNext" type="b" access="read"/>
    <property name="CanGoPrevious" type="b" access="read"/>
    <property name="CanPlay" type="b" access="read"/>
    <property name="CanPause" type="b" access="read"/>
    <property name="CanSeek" type="b" access="read"/>
    <property name="CanControl" type="b" access="read"/>
  </interface>
</node>`
