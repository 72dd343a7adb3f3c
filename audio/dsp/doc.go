// Package dsp holds guide's signal processing, one implementation of each:
// the BS.1770 K-weighting loudness meter (integrated loudness, true peak and
// the per-sound loudness profiles a session plans with), the look-ahead
// limiter, the polyphase resampler, and the one convention for turning
// samples into 16 bits. It knows nothing about files, sessions or devices.
package dsp
