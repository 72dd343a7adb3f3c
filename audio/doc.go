// Package audio is the core of guide's sound, with no cgo: it synthesises
// the breath tones and bells, keeps the voice clips packed, mixes a
// compiled timeline sample-accurately in a Session (ducking, ambience,
// loudness normalisation and a true-peak limiter), lets a player pause,
// seek, insert words and change the volume with Control, decodes clips
// ahead with Prefetch, and says which voice says each phrase (Voices,
// Chime).
//
// Around it, one package a job: dsp (the loudness meter, limiter and
// resampler), wav, mp3 and flac (one per format), export (writing files),
// voicepack (voice packs and how every clip is made) and device (the only
// package that touches the speaker).
package audio
