//go:build !unix

package pulsetest

import "os"

// resume does nothing: there is no SIGSTOP to undo here.
func resume(p *os.Process) {}
