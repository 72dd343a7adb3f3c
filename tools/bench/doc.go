// Package bench measures guide against reference tools in the same run:
// rendering every built-in routine, and sessions of 10 and 60 minutes, on
// one core against sox synthesising a sine of the same length and dd
// writing the same bytes; playing through a PulseAudio pipe sink (the
// first minute of morning, a whole 10-minute session) against mpg123
// playing the same session as an MP3 through another, at the same time;
// peak memory; and the time from the command to the device's first sample
// and to the first sound, with the built-in voice and with a pack made by
// guide voice import. It is a test that runs only with GUIDE_BENCH=1; make
// bench runs it and prints the table.
package bench
