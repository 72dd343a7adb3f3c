//go:build unix

package main

import (
	"context"
	"os/signal"
	"syscall"
)

// stopSignals returns ctx cancelled also by SIGHUP (the terminal went away)
// and SIGQUIT, so that they too fade out and restore the terminal;
// SIGINT and SIGTERM are main's.
func stopSignals(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, syscall.SIGHUP, syscall.SIGQUIT)
}
