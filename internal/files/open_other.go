//go:build !unix

package files

import "os"

// openFile opens path for reading. Outside Unix there are no named pipes
// or devices in the file system to block on: Open's look before opening
// is enough.
func openFile(path string) (*os.File, error) {
	return os.Open(path)
}
