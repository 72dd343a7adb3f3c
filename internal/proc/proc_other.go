//go:build !unix

// Package proc runs guide's helper programs (speech engines, ffmpeg) in
// process groups of their own where the system has them.
package proc

import "os/exec"

// OwnGroup leaves cmd as it is where there are no process groups: its
// cancellation kills the program itself, and a WaitDelay stops waiting for
// what its children hold open.
func OwnGroup(cmd *exec.Cmd) {}

// KillGroup does nothing here: see OwnGroup.
func KillGroup(cmd *exec.Cmd) error { return nil }

// Alive cannot tell here, and says every process is.
func Alive(pid int) bool { return true }
