// Package interrupt ends guide promptly on Ctrl-C (SIGINT) or SIGTERM,
// whatever it is doing. The first signal cancels the program's context, so
// that a session fades out, a render removes its unfinished file and a
// speech engine is stopped; what does not stop within a grace period (or
// at a second signal) is ended: the cleanups registered with OnExit run
// (the terminal is put back as it was) and the process exits with the
// shell's code for the signal, 130 for SIGINT and 143 for SIGTERM.
package interrupt

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// Grace is how long guide has to stop by itself after a signal.
const Grace = 2 * time.Second

// Signalled is the cause of a context cancelled by a signal.
type Signalled struct{ Signal os.Signal }

func (s *Signalled) Error() string { return "stopped by " + s.Signal.String() }

// Code returns the shell's exit code for s: 128 plus its number.
func (s *Signalled) Code() int {
	if n, ok := s.Signal.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}

// Handler catches the signals and runs the cleanups.
type Handler struct {
	mu       sync.Mutex
	cleanups map[int]func()
	next     int
	stopped  chan struct{}
	stopOnce sync.Once
}

type key struct{}

// Notify catches SIGINT and SIGTERM from now on and returns ctx, which the
// first one cancels with a *Signalled as its cause, and stop, which ends
// the catching (call it when the program is about to exit by itself).
// When the program is still running grace after the first signal, or at a
// second, the OnExit cleanups run, "guide: stopped" is written to stderr
// and exit is called with the signal's code (os.Exit in main).
func Notify(parent context.Context, grace time.Duration, stderr io.Writer, exit func(int)) (ctx context.Context, stop func()) {
	h := &Handler{cleanups: map[int]func(){}, stopped: make(chan struct{})}
	ctx, cancel := context.WithCancelCause(context.WithValue(parent, key{}, h))
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		var first os.Signal
		select {
		case first = <-sigs:
		case <-h.stopped:
			return
		}
		cause := &Signalled{first}
		cancel(cause)
		timer := time.NewTimer(grace)
		select {
		case <-sigs:
		case <-timer.C:
		case <-h.stopped:
			return
		}
		h.mu.Lock()
		fs := make([]func(), 0, len(h.cleanups))
		for _, f := range h.cleanups {
			fs = append(fs, f)
		}
		h.mu.Unlock()
		for _, f := range fs {
			f() // a cleanup may unregister itself
		}
		fmt.Fprintln(stderr, "guide: stopped")
		exit(cause.Code())
	}()
	return ctx, func() {
		h.stopOnce.Do(func() {
			signal.Stop(sigs)
			close(h.stopped)
		})
	}
}

// OnExit registers f to run if the process is ended after a signal, for
// what must not be left as it is (a terminal in cbreak mode); remove
// unregisters it. Outside Notify's context it does nothing.
func OnExit(ctx context.Context, f func()) (remove func()) {
	h, ok := ctx.Value(key{}).(*Handler)
	if !ok {
		return func() {}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	id := h.next
	h.next++
	h.cleanups[id] = f
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.cleanups, id)
	}
}

// Code returns the exit code for a program whose context ctx was cancelled
// by a signal (130 for SIGINT, 143 for SIGTERM), and 130 when it was
// cancelled otherwise.
func Code(ctx context.Context) int {
	if s, ok := context.Cause(ctx).(*Signalled); ok {
		return s.Code()
	}
	return 130
}
