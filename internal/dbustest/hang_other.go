//go:build !unix

package dbustest

import "errors"

// Hang cannot stop the daemon here: there is no SIGSTOP.
func (b *Bus) Hang() error {
	return errors.New("dbustest: no SIGSTOP on this system")
}
