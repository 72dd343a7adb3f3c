package proc

import "syscall"

// dieWithParent has the kernel kill the program when the thread that
// started it ends: guide's threads end only with guide (nothing in it locks
// a goroutine to a thread and lets that goroutine end), so when guide dies.
func dieWithParent(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
