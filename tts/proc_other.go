//go:build !unix

package tts

import "os/exec"

// ownGroup leaves cmd as it is where there are no process groups: its
// cancellation kills the engine itself, and Speak's WaitDelay stops
// waiting for what its children hold open.
func ownGroup(cmd *exec.Cmd) {}

// killGroup does nothing here: see ownGroup.
func killGroup(cmd *exec.Cmd) error { return nil }
