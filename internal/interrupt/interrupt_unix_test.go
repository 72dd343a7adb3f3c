//go:build unix

package interrupt

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestSignalCancelsThenEnds sends this process SIGTERM: the context is
// cancelled at once with the signal as its cause, and when nothing has
// stopped within the grace period the registered cleanups run and exit is
// called with 143.
func TestSignalCancelsThenEnds(t *testing.T) {
	var mu sync.Mutex
	var events []string
	note := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
	exited := make(chan int, 1)
	var stderr bytes.Buffer
	ctx, stop := Notify(context.Background(), 100*time.Millisecond, &stderr, func(code int) { note("exit"); exited <- code })
	defer stop()
	OnExit(ctx, func() { note("terminal restored") })
	remove := OnExit(ctx, func() { note("removed cleanup ran") })
	remove()
	sent := time.Now()
	syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
	select {
	case <-ctx.Done():
	case <-time.After(time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
	var s *Signalled
	if !errors.As(context.Cause(ctx), &s) || s.Signal != syscall.SIGTERM || Code(ctx) != 143 {
		t.Errorf("cause %v, code %d; want SIGTERM and 143", context.Cause(ctx), Code(ctx))
	}
	select {
	case code := <-exited:
		if code != 143 {
			t.Errorf("exit(%d), want exit(143)", code)
		}
		if took := time.Since(sent); took < 100*time.Millisecond || took > time.Second {
			t.Errorf("exit after %v, want after the grace period of 100ms", took)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("exit was not called after the grace period")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(events) != 2 || events[0] != "terminal restored" || events[1] != "exit" || stderr.String() != "guide: stopped\n" {
		t.Errorf("events %q, stderr %q; want the cleanup, then exit, and guide: stopped", events, stderr.String())
	}
}

// TestSecondSignalEndsAtOnce checks that a second Ctrl-C does not wait for
// the grace period, and that stop ends the catching.
func TestSecondSignalEndsAtOnce(t *testing.T) {
	exited := make(chan int, 1)
	ctx, stop := Notify(context.Background(), time.Hour, &bytes.Buffer{}, func(code int) { exited <- code })
	defer stop()
	syscall.Kill(syscall.Getpid(), syscall.SIGINT)
	<-ctx.Done()
	syscall.Kill(syscall.Getpid(), syscall.SIGINT)
	select {
	case code := <-exited:
		if code != 130 {
			t.Errorf("exit(%d), want exit(130)", code)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a second Ctrl-C did not end it")
	}
}

// TestStopped checks that once stop is called, a program that exits by
// itself is not ended by the grace timer.
func TestStopped(t *testing.T) {
	exited := make(chan int, 1)
	ctx, stop := Notify(context.Background(), 50*time.Millisecond, &bytes.Buffer{}, func(code int) { exited <- code })
	syscall.Kill(syscall.Getpid(), syscall.SIGINT)
	<-ctx.Done()
	stop()
	select {
	case code := <-exited:
		t.Errorf("exit(%d) after stop", code)
	case <-time.After(200 * time.Millisecond):
	}
	if Code(context.Background()) != 130 || OnExit(context.Background(), func() {}) == nil {
		t.Error("outside Notify: want code 130 and a no-op OnExit")
	}
}
