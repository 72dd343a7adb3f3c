//go:build linux && cgo

package device

// Opening the device makes the sound libraries print their own errors on
// standard error: ALSA ("ALSA lib confmisc.c:855:(parse_card) cannot find
// card '0'", dozens of lines when there is no sound card) and JACK, which
// ALSA's jack plugin loads ("jack server is not running or cannot be
// started"). guide reports what went wrong in one line of its own
// instead: ALSA's error handler is replaced, and while the device opens
// standard error goes through a filter that drops the libraries' lines.

/*
#cgo LDFLAGS: -lasound
#include <alsa/asoundlib.h>

static void guide_alsa_quiet(const char *file, int line, const char *function, int err, const char *fmt, ...) {}

static void guide_alsa_silence(void) { snd_lib_error_set_handler(guide_alsa_quiet); }
*/
import "C"

import (
	"bufio"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// chatter are the beginnings of the lines the libraries print.
var chatter = []string{"ALSA lib ", "Cannot connect to server", "jack server ", "JackShm", "Jack", "jackd"}

// quietLibraries stops ALSA's own error messages, and filters what the
// libraries write on standard error until the returned func is called.
func quietLibraries() (restore func()) {
	C.guide_alsa_silence()
	saved, err := unix.Dup(2)
	if err != nil {
		return func() {}
	}
	r, w, err := os.Pipe()
	if err != nil {
		unix.Close(saved)
		return func() {}
	}
	if unix.Dup2(int(w.Fd()), 2) != nil {
		r.Close()
		w.Close()
		unix.Close(saved)
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		out := os.NewFile(uintptr(saved), "stderr")
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			line := sc.Text()
			keep := true
			for _, c := range chatter {
				if strings.HasPrefix(line, c) {
					keep = false
				}
			}
			if keep {
				out.WriteString(line + "\n")
			}
		}
		r.Close()
	}()
	return func() {
		unix.Dup2(saved, 2)
		w.Close()
		<-done
		unix.Close(saved)
	}
}
