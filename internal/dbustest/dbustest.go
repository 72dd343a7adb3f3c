// Package dbustest runs a private D-Bus session bus for tests: a
// dbus-daemon of the test's own, listening on a socket in a temporary
// folder, stopped when the test ends.
package dbustest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchguide/guide/internal/testtool"
)

// Bus is a private session bus.
type Bus struct {
	// Address is its address, for DBUS_SESSION_BUS_ADDRESS.
	Address string
	cmd     *exec.Cmd
	done    chan struct{}
	mu      sync.Mutex
	stderr  bytes.Buffer
}

// Start starts dbus-daemon --session on a socket of its own and returns it
// once it listens. When dbus-daemon is not installed it skips the test, or
// fails it in CI (testtool.Need).
func Start(t testing.TB) *Bus {
	t.Helper()
	bin := testtool.Need(t, "dbus-daemon", "dbus")
	dir, err := os.MkdirTemp("", "db") // short: a socket's path must fit in 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	b := &Bus{done: make(chan struct{})}
	b.cmd = exec.Command(bin, "--session", "--nofork", "--nopidfile", "--print-address=1",
		"--address=unix:path="+filepath.Join(dir, "bus"))
	out, err := b.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	b.cmd.Stderr = writerFunc(func(p []byte) (int, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.stderr.Write(p)
	})
	if err := b.cmd.Start(); err != nil {
		t.Fatalf("dbustest: starting dbus-daemon: %v", err)
	}
	go func() { b.cmd.Wait(); close(b.done) }()
	t.Cleanup(func() {
		b.Kill()
		os.RemoveAll(dir)
	})
	addr := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		addr <- strings.TrimSpace(line)
	}()
	select {
	case b.Address = <-addr:
	case <-time.After(10 * time.Second):
	}
	if b.Address == "" {
		t.Fatalf("dbustest: dbus-daemon gave no address\n%s", b.Log())
	}
	return b
}

// Kill stops the daemon at once, as a crash would, and waits for it.
func (b *Bus) Kill() {
	b.cmd.Process.Kill()
	<-b.done
}

// Log returns what the daemon printed.
func (b *Bus) Log() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stderr.String()
}

// Env returns env with DBUS_SESSION_BUS_ADDRESS set to the bus.
func (b *Bus) Env(env []string) []string {
	return Setenv(env, "DBUS_SESSION_BUS_ADDRESS", b.Address)
}

// Setenv returns env with key set to value, replacing what was there.
func Setenv(env []string, key, value string) []string {
	var out []string
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); k != key {
			out = append(out, kv)
		}
	}
	return append(out, fmt.Sprintf("%s=%s", key, value))
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
