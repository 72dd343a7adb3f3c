// Package player plays a session with its controls, apart from the
// terminal and the sound device: the commands (a key or a line of input
// turned into an action), the controller that carries them out on an
// audio.Control (pause, skip, repeat, spoken status, volume), and the
// status model of a timeline at a position (the step, the side, the
// breath, the time left) with the layout of the status line. cmd/guide
// gives it a View (the terminal) and an Output (the sound device).
package player
