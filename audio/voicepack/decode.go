package voicepack

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/flac"
	"github.com/stretchguide/guide/audio/mp3"
	"github.com/stretchguide/guide/audio/wav"
)

// MaxClip is the longest clip Decode accepts: longer than any phrase could
// be (the longest built-in one takes 12 seconds), short enough that a
// damaged header, a mistaken file or a runaway speech engine cannot make a
// session hold gigabytes or plan a phrase of ten minutes.
const MaxClip = 2 * time.Minute

// Decode decodes a clip, FLAC, MP3 or WAV (told apart by their content), to
// 16-bit mono samples at Rate: stereo and multi-channel audio is averaged,
// other rates are resampled (dsp.Resample; FLAC at 22.05 kHz, the form
// MakeClip writes as FLAC, is taken to be speech band-limited to 8 kHz and
// doubled by dsp.Upsample2). name is used only in messages.
// See packages flac, mp3 and wav for what each reads.
func Decode(name string, data []byte) ([]int16, error) {
	return DecodeLimit(name, data, MaxClip)
}

// TooLongError reports audio longer than the caller takes, found from its
// header before decoding it.
type TooLongError struct {
	Name          string
	Length, Limit time.Duration
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("%s: lasts %s; a clip may last at most %s", e.Name, short(e.Length.Round(time.Second)), short(e.Limit))
}

// short returns d as people write it: 2m, 10m30s, 3s.
func short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// DecodeLimit is Decode for audio of at most limit, which it checks from
// the file's header before decoding anything (a *TooLongError).
func DecodeLimit(name string, data []byte, limit time.Duration) ([]int16, error) {
	return decode(name, data, limit, false)
}

// maxRate is the highest sample rate a clip may have: a header claiming
// more is damage, or a way to make a few bytes decode to gigabytes.
const maxRate = 192000

// decode is DecodeLimit; with band, a 22.05 kHz FLAC clip is known to hold
// nothing above FlacBand (Manifest.Band) and is doubled by the fast filter
// made for such clips.
func decode(name string, data []byte, limit time.Duration, band bool) ([]int16, error) {
	var (
		pcm  []int16
		rate int
		err  error
	)
	isFLAC := flac.IsFLAC(data)
	switch {
	case len(data) == 0:
		return nil, fmt.Errorf("%s: empty file", name)
	case isFLAC:
		info, _, ierr := flac.ReadInfo(data)
		if ierr == nil && info.Rate > maxRate {
			return nil, fmt.Errorf("%s: a sample rate of %d Hz; a clip may have at most %d", name, info.Rate, maxRate)
		}
		// Counted in samples, not durations: a header's count (up to
		// 2^36) in nanoseconds would overflow.
		most := int64(limit.Seconds()*float64(info.Rate)) + 1
		if ierr == nil && info.Samples > most {
			secs := min(float64(info.Samples)/float64(info.Rate), 1e6)
			return nil, &TooLongError{name, time.Duration(secs * float64(time.Second)), limit}
		}
		var channels int
		if pcm, channels, rate, err = flac.DecodeLimit(data, max(most, 1)); err == nil && channels > 1 {
			pcm = downmix(pcm, channels)
		}
	case wav.IsWAV(data):
		if d, ok := wav.Duration(data); ok && d > limit {
			return nil, &TooLongError{name, d, limit}
		}
		pcm, rate, err = wav.Decode(data)
	default:
		var n int
		if n, rate, err = mp3.Samples(data); err == nil && rate > 0 && time.Duration(n)*time.Second/time.Duration(rate) > limit {
			return nil, &TooLongError{name, time.Duration(n) * time.Second / time.Duration(rate), limit}
		}
		if errors.Is(err, mp3.ErrNotMP3) {
			err = errors.New("not a FLAC, MP3 or WAV file")
		}
		if err == nil {
			pcm, rate, err = mp3.Decode(data)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(pcm) == 0 {
		return nil, fmt.Errorf("%s: no samples", name)
	}
	if rate == Rate/2 && isFLAC && band {
		// MakeClip's FLAC: speech band-limited to FlacBand at 22.05
		// kHz, doubled by the filter made for it.
		return dsp.Upsample2(make([]int16, 0, 2*len(pcm)), pcm), nil
	}
	if rate != Rate {
		x := make([]float32, len(pcm))
		for i, v := range pcm {
			x[i] = dsp.FromInt16(v)
		}
		y := dsp.Resample(x, rate, Rate)
		pcm = make([]int16, len(y))
		for i, v := range y {
			pcm[i] = dsp.ToInt16(v)
		}
	}
	return pcm, nil
}

// downmix averages interleaved channels to mono.
func downmix(pcm []int16, channels int) []int16 {
	out := make([]int16, len(pcm)/channels)
	for i := range out {
		var sum int
		for _, v := range pcm[i*channels : (i+1)*channels] {
			sum += int(v)
		}
		if sum < 0 {
			sum -= channels / 2
		} else {
			sum += channels / 2
		}
		out[i] = int16(sum / channels) // rounded half away from zero, as package wav does
	}
	return out
}
