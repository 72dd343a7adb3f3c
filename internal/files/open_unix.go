//go:build unix

package files

import (
	"os"
	"syscall"
)

// openFile opens path for reading without blocking (a named pipe with no
// writer would wait for one) and without making a terminal guide's own.
func openFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
}
