// Package audio makes a compiled timeline heard: it synthesises the breath
// tones and bells, decodes the voice clips, mixes everything sample-accurately
// in a Session streamer, renders sessions to files, and plays them on the
// audio device (device.go is the only file that touches the speaker).
package audio
