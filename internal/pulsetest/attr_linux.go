package pulsetest

import (
	"os"
	"syscall"
)

// daemonAttr puts the daemon in its own process group, so a Ctrl-C aimed at
// the test does not race our cleanup; and, since cleanup does not run when
// the test binary dies (a -timeout panic, SIGKILL), has the kernel kill the
// daemon then. The signal follows the thread that forked, so Start keeps
// that goroutine's thread locked until the daemon has exited.
func daemonAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// growPipe enlarges the FIFO's kernel buffer (64 KiB, 0.37 s, by default) to 1 MiB, 6 s, where
// allowed: pulse's sink blocks when the FIFO is full, so a reader starved of CPU for longer than
// the buffer (a loaded CI machine) would stall the player under test.
func growPipe(f *os.File) {
	const fSetPipeSize = 1031 // F_SETPIPE_SZ
	if c, err := f.SyscallConn(); err == nil {
		_ = c.Control(func(fd uintptr) {
			for _, size := range []int{1 << 20, 256 << 10} {
				if _, _, errno := syscall.Syscall(syscall.SYS_FCNTL, fd, fSetPipeSize, uintptr(size)); errno == 0 {
					return
				}
			}
		})
	}
}
