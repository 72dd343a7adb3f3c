// Package player owns what controls a playing session and what it shows,
// apart from the terminal and the sound device: the commands (a key or a
// line of input turned into an action), and the status model of a timeline
// at a position (the step, the side, the breath, the time left) with the
// layout of the status line.
package player
