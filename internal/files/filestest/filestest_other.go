//go:build !unix

package filestest

import "os"

// oddChars are the control characters of an OddName: Windows has none
// in file names.
const oddChars = ""

// Outside Unix the named pipe and /dev/zero are regular empty files.
func mkfifo(path string) error { return os.WriteFile(path, nil, 0o600) }

func linkZero(path string) error { return os.WriteFile(path, nil, 0o600) }
