// Package bench measures guide against reference tools in the same run:
// rendering an hour-long session against sox synthesising an hour of audio,
// and playing a whole 10-minute session through a PulseAudio pipe sink
// against mpg123 playing the same session as an MP3 through another, at the
// same time, with peak memory at 10 and 60 minutes. It is a test that runs
// only with GUIDE_BENCH=1; make bench runs it and prints the table.
package bench
