//go:build !linux

package pages

// openExe returns nil: only Linux says, in /proc/self/maps, where in the
// executable its mapped bytes are.
func openExe() *executable { return nil }
