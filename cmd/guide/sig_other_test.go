//go:build !unix

package main

import "syscall"

// sigStop stands in for SIGSTOP, which this system lacks: the tests that
// send it need PulseAudio, and skip here.
const sigStop = syscall.Signal(19)
