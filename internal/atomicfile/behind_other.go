//go:build !linux

package atomicfile

import "os"

// writeBehind does nothing: only Linux can be asked to start writing a
// range of a file without waiting for it.
func writeBehind(f *os.File, off, n int64) {}
