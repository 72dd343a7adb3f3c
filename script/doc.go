// Package script turns a routine into a timeline: it models routines and
// poses, loads and validates them from YAML, and compiles a routine at a
// given pace into sound events at exact sample positions. It knows nothing
// of audio devices or decoders.
package script
