//go:build race

package device

// deviceRace reports whether the race detector is on, for TestPlayIdleCPU's log.
const deviceRace = true
