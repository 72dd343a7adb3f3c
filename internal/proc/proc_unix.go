//go:build unix

// Package proc runs guide's helper programs (speech engines, ffmpeg) in
// process groups of their own, so that Ctrl-C at the terminal reaches
// guide alone (guide then stops them as it stops everything), and killing
// one kills what it started too.
package proc

import (
	"os/exec"
	"syscall"
)

// OwnGroup makes cmd run in a process group of its own, and its
// cancellation kill the whole group: a program's children (a shell's
// background job, a helper it started) go with it. Where the system can
// (Linux), the program is also killed when guide dies without stopping it
// (kill -9), instead of running on alone.
func OwnGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(cmd.SysProcAttr)
	cmd.Cancel = func() error { return KillGroup(cmd) }
}

// Alive reports whether process pid exists (perhaps another user's).
func Alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}

// KillGroup kills cmd's process group, if it was started: what is left of
// it once the program itself has exited too.
func KillGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil || cmd.Process.Pid <= 0 {
		return nil
	}
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
