//go:build !unix

package main

import "context"

// stopSignals returns ctx as it is (cancellable): outside Unix, a closed
// console or a logoff arrives as SIGTERM, and Ctrl-C and Ctrl-Break as
// SIGINT, both main's.
func stopSignals(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(ctx)
}
