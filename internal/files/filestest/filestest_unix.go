//go:build unix

package filestest

import (
	"os"
	"syscall"
)

// oddChars are the control characters of an OddName.
const oddChars = "\a\x1b[31m"

func mkfifo(path string) error { return syscall.Mkfifo(path, 0o600) }

func linkZero(path string) error { return os.Symlink("/dev/zero", path) }
