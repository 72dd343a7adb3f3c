// Command guide plays voice-guided stretching sessions: a calm voice, breath
// tones and bells lead you through a routine with your eyes closed.
//
// Usage:
//
//	guide play [ROUTINE]            play a routine on the audio device
//	guide render [ROUTINE] -o FILE  write it to an audio file instead
//	guide plan [ROUTINE]            print its timeline: time, sound, words
//	guide list                      list the routines
//	guide show [ROUTINE]            describe a routine and its steps
//	guide check [FILE...]           report every problem in routine files
//	guide config show|init          the effective settings; a file to edit
//	guide voice ...                 phrases, recording scripts, your own voice
//	guide history                   recent sessions and your streak
//	guide remind --every 30m        play a short routine at an interval
//
// See README.md for the configuration and the routine format.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/stretchguide/guide/internal/interrupt"
)

func main() {
	// Ctrl-C and SIGTERM are honoured from here on, whatever guide is doing.
	ctx, stop := interrupt.Notify(context.Background(), interrupt.Grace, os.Stderr, os.Exit)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitInterrupted is the shell's code for a program stopped by Ctrl-C
// (SIGTERM's is 143: interrupt.Code).
const exitInterrupted = 130

// errStopped is a session stopped by Ctrl-C or a signal that has said
// where it stopped, as q does.
var errStopped = fmt.Errorf("stopped: %w", context.Canceled)

// run runs guide with args and returns its exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := newRootCmd(stdout, stderr)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errStopped):
		return interrupt.Code(ctx) // the session said where it stopped
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "guide: stopped")
		return interrupt.Code(ctx)
	default:
		fmt.Fprintf(stderr, "guide: %v\n", err)
		return 1
	}
}
