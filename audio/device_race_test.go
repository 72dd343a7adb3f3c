//go:build race

package audio

// deviceRace reports whether the race detector is on, for TestPlayIdleCPU's log.
const deviceRace = true
