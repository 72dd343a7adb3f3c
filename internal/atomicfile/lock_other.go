//go:build !unix

package atomicfile

import "os"

// lock does nothing where there is no flock: an open file cannot be
// removed on Windows, which keeps RemoveStale off it all the same.
func lock(f *os.File) error { return nil }

// syncDir does nothing: folders cannot be synced here.
func syncDir(dir string) {}
