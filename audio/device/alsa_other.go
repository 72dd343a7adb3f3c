//go:build !linux || !cgo

package device

// quietLibraries does nothing: only Linux's sound libraries print on their
// own.
func quietLibraries() (restore func()) { return func() {} }
