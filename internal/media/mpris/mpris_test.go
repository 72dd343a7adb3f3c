package mpris

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/stretchguide/guide/internal/dbustest"
	pl "github.com/stretchguide/guide/internal/player"
)

// onBus returns a Player attached to a private bus, its commands, and a
// client connection on the same bus.
func onBus(t *testing.T) (*Player, chan pl.Command, *dbus.Conn, *dbustest.Bus) {
	t.Helper()
	bus := dbustest.Start(t)
	cmds := make(chan pl.Command, 16)
	p := New(Options{Commands: cmds, PID: os.Getpid()})
	conn, err := Dial(context.Background(), bus.Env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if name, err := p.Attach(conn); err != nil || name != BusName {
		t.Fatalf("attach: %q, %v; want %s", name, err, BusName)
	}
	t.Cleanup(p.Close)
	client, err := dbus.Connect(bus.Address)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	return p, cmds, client, bus
}

// state is step n of a three-step routine, its start at 10 s and a
// position 2.5 s in.
func state(n int, paused bool) pl.State {
	start := 10 * time.Second * time.Duration(n)
	return pl.State{
		StatusInfo: pl.StatusInfo{Routine: "Morning", Step: n, Steps: 3, Pose: "Knee to chest", Side: "left", Paused: paused},
		Start:      start, Length: 10 * time.Second, Last: n == 3,
		Position: func() time.Duration { return start + 2500*time.Millisecond },
	}
}

func get(t *testing.T, c *dbus.Conn, iface, name string) any {
	t.Helper()
	v, err := c.Object(BusName, ObjectPath).GetProperty(iface + "." + name)
	if err != nil {
		t.Fatalf("Get %s.%s: %v", iface, name, err)
	}
	return v.Value()
}

func TestProperties(t *testing.T) {
	p, _, c, _ := onBus(t)
	if got := get(t, c, playIface, "PlaybackStatus"); got != "Stopped" {
		t.Errorf("before the sound flows PlaybackStatus is %v, want Stopped", got)
	}
	p.Update(state(2, false))
	for _, tt := range []struct {
		iface, name string
		want        any
	}{
		{rootIface, "Identity", "guide"},
		{rootIface, "CanQuit", true},
		{rootIface, "CanRaise", false},
		{rootIface, "SupportedUriSchemes", []string{}},
		{rootIface, "SupportedMimeTypes", []string{}},
		{playIface, "PlaybackStatus", "Playing"},
		{playIface, "Position", int64(2500000)},
		{playIface, "Volume", 1.0},
		{playIface, "Rate", 1.0},
		{playIface, "CanGoNext", true},
		{playIface, "CanGoPrevious", true},
		{playIface, "CanPause", true},
		{playIface, "CanPlay", true},
		{playIface, "CanSeek", true},
		{playIface, "CanControl", true},
	} {
		got := get(t, c, tt.iface, tt.name)
		if s, ok := got.([]string); ok {
			if w := tt.want.([]string); !slices.Equal(s, w) {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("%s: %v (%T), want %v", tt.name, got, got, tt.want)
		}
	}
	md := get(t, c, playIface, "Metadata").(map[string]dbus.Variant)
	for k, want := range map[string]any{
		"mpris:trackid": dbus.ObjectPath("/org/stretchguide/guide/step/2"),
		"mpris:length":  int64(10000000),
		"xesam:title":   "Knee to chest, left side",
		"xesam:album":   "Morning",
	} {
		if got := md[k].Value(); got != want {
			t.Errorf("Metadata %s: %v (%T), want %v", k, got, got, want)
		}
	}
	if a, _ := md["xesam:artist"].Value().([]string); !slices.Equal(a, []string{"guide"}) {
		t.Errorf("Metadata xesam:artist: %v, want [guide]", md["xesam:artist"])
	}
	var all map[string]dbus.Variant
	if err := c.Object(BusName, ObjectPath).Call(propsIface+".GetAll", 0, playIface).Store(&all); err != nil || len(all) < 13 {
		t.Errorf("GetAll: %d properties, %v", len(all), err)
	}
	if _, err := p.conn.Object(BusName, ObjectPath).GetProperty(rootIface + ".DesktopEntry"); err == nil {
		t.Error("DesktopEntry is there without an installed guide.desktop")
	}
	p.Update(state(3, true))
	if got := get(t, c, playIface, "CanGoNext"); got != false {
		t.Errorf("at the last step CanGoNext is %v", got)
	}
	if got := get(t, c, playIface, "PlaybackStatus"); got != "Paused" {
		t.Errorf("paused, PlaybackStatus is %v", got)
	}
	err := c.Object(BusName, ObjectPath).SetProperty(playIface+".PlaybackStatus", dbus.MakeVariant("Playing"))
	if err == nil {
		t.Error("setting PlaybackStatus succeeded; it is read-only")
	}
}

// TestMethodsSendCommands: every control is the player command of its key.
func TestMethodsSendCommands(t *testing.T) {
	p, cmds, c, _ := onBus(t)
	p.Update(state(2, false))
	obj := c.Object(BusName, ObjectPath)
	for _, tt := range []struct {
		method string
		want   pl.Command
	}{
		{playIface + ".PlayPause", pl.Toggle},
		{playIface + ".Play", pl.Resume},
		{playIface + ".Pause", pl.Pause},
		{playIface + ".Next", pl.Next},
		{playIface + ".Previous", pl.Prev},
		{playIface + ".Stop", pl.Quit},
		{rootIface + ".Quit", pl.Quit},
	} {
		if err := obj.Call(tt.method, 0).Err; err != nil {
			t.Errorf("%s: %v", tt.method, err)
			continue
		}
		select {
		case got := <-cmds:
			if got != tt.want {
				t.Errorf("%s sent %v, want %v", tt.method, got, tt.want)
			}
		case <-time.After(2 * time.Second):
			t.Errorf("%s sent nothing", tt.method)
		}
	}
	if err := obj.Call(playIface+".Seek", 0, int64(-3000000)).Err; err != nil {
		t.Fatal(err)
	}
	if s := <-p.Seeks(); s.Abs || s.Offset != -3*time.Second {
		t.Errorf("Seek(-3s) gave %+v", s)
	}
	if err := obj.Call(playIface+".SetPosition", 0, dbus.ObjectPath("/org/stretchguide/guide/step/2"), int64(4000000)).Err; err != nil {
		t.Fatal(err)
	}
	if s := <-p.Seeks(); !s.Abs || s.Step != 1 || s.At != 4*time.Second {
		t.Errorf("SetPosition(step 2, 4s) gave %+v", s)
	}
	// Volume: 0.5 is -6 dB, two 3 dB steps down.
	if err := obj.SetProperty(playIface+".Volume", dbus.MakeVariant(0.5)); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		select {
		case got := <-cmds:
			if got != pl.Softer {
				t.Errorf("Volume 0.5 sent %v, want softer", got)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("Volume 0.5 sent fewer than two commands")
		}
	}
	select {
	case got := <-cmds:
		t.Errorf("Volume 0.5 sent a third command, %v", got)
	case <-time.After(100 * time.Millisecond):
	}
}

// TestSignals: PropertiesChanged as the step, the pause and the volume
// change, Seeked when the position jumps.
func TestSignals(t *testing.T) {
	p, _, c, _ := onBus(t)
	if err := c.AddMatchSignal(dbus.WithMatchObjectPath(ObjectPath)); err != nil {
		t.Fatal(err)
	}
	sigs := make(chan *dbus.Signal, 16)
	c.Signal(sigs)
	next := func(what string) *dbus.Signal {
		t.Helper()
		select {
		case s := <-sigs:
			return s
		case <-time.After(3 * time.Second):
			t.Fatalf("no signal after %s", what)
			return nil
		}
	}
	changed := func(s *dbus.Signal) map[string]dbus.Variant {
		t.Helper()
		if s.Name != propsIface+".PropertiesChanged" || s.Body[0] != playIface {
			t.Fatalf("got %s %v, want PropertiesChanged of the player", s.Name, s.Body)
		}
		return s.Body[1].(map[string]dbus.Variant)
	}
	// The first update: everything is new (a signal of the state before
	// it, sent as the player came on the bus, may come first).
	p.Update(state(1, false))
	m := changed(next("the first step"))
	for m["PlaybackStatus"].Value() != "Playing" {
		m = changed(next("the first step"))
	}
	st := state(2, false)
	st.Seeked = true
	p.Update(st)
	m = changed(next("the second step"))
	md, _ := m["Metadata"].Value().(map[string]dbus.Variant)
	if md["mpris:trackid"].Value() != dbus.ObjectPath("/org/stretchguide/guide/step/2") || len(m) != 1 {
		t.Errorf("next step: changed %v, want only the Metadata of step 2", m)
	}
	if s := next("the jump"); s.Name != playIface+".Seeked" || s.Body[0] != int64(2500000) {
		t.Errorf("after the jump: %s %v, want Seeked 2500000", s.Name, s.Body)
	}
	p.Update(state(2, true))
	if m = changed(next("the pause")); m["PlaybackStatus"].Value() != "Paused" || len(m) != 1 {
		t.Errorf("pause: changed %v, want PlaybackStatus Paused", m)
	}
	st = state(2, true)
	st.Volume = -3
	p.Update(st)
	if m = changed(next("the volume")); len(m) != 1 || m["Volume"].Value().(float64) > 0.71 || m["Volume"].Value().(float64) < 0.70 {
		t.Errorf("volume -3 dB: changed %v, want Volume 0.708", m)
	}
	p.Update(st) // nothing changed: no signal
	select {
	case s := <-sigs:
		t.Errorf("an update that changed nothing signalled %s %v", s.Name, s.Body)
	case <-time.After(200 * time.Millisecond):
	}
}

// TestSecondInstance: a second guide on the same bus takes the instance
// name, and a bus that dies leaves the Player's methods working.
func TestSecondInstance(t *testing.T) {
	_, _, _, bus := onBus(t)
	conn, err := Dial(context.Background(), bus.Env(nil))
	if err != nil {
		t.Fatal(err)
	}
	q := New(Options{Commands: make(chan pl.Command, 1), PID: 4242})
	defer q.Close()
	if name, err := q.Attach(conn); err != nil || name != BusName+".instance4242" {
		t.Errorf("second player: %q, %v; want %s.instance4242", name, err, BusName)
	}
	bus.Kill()
	done := make(chan struct{})
	go func() {
		for i := range 50 {
			q.Update(state(1+i%3, i%2 == 0))
		}
		q.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("updating and closing a player whose bus died hangs")
	}
}

func TestDialWithoutBus(t *testing.T) {
	for _, env := range [][]string{
		nil,
		{"DBUS_SESSION_BUS_ADDRESS=unix:path=" + t.TempDir() + "/nothing"},
		{"XDG_RUNTIME_DIR=" + t.TempDir()},
	} {
		start := time.Now()
		if c, err := Dial(context.Background(), env); err == nil {
			c.Close()
			t.Errorf("%v: connected", env)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%v: failing took %v", env, d)
		}
	}
}
