//go:build !linux

package pages

const canDrop = false

// Drop does nothing here: only Linux is known to keep the pages of the
// page cache mapped this way.
func Drop() {}
