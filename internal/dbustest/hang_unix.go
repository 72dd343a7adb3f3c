//go:build unix

package dbustest

import "syscall"

// Hang stops the daemon (SIGSTOP), as a bus that hangs: it takes
// connections and answers nothing. Kill still stops it.
func (b *Bus) Hang() error {
	return b.cmd.Process.Signal(syscall.SIGSTOP)
}
