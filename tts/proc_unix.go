//go:build unix

package tts

import (
	"os/exec"
	"syscall"
)

// ownGroup makes cmd run in a process group of its own, and its
// cancellation kill the whole group: an engine's children (a shell's
// background job, a helper it started) go with it.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return killGroup(cmd) }
}

// killGroup kills cmd's process group, if it was started; what is left of
// it once the engine has exited too.
func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil || cmd.Process.Pid <= 0 {
		return nil
	}
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
