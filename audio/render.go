package audio

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gopxl/beep/v2"
	"github.com/stretchguide/guide/script"
)

// Render writes s to path as a 16-bit stereo file at SampleRate, in the
// format its extension names (see RenderFile).
func Render(ctx context.Context, path string, s beep.Streamer) error {
	return RenderFile(ctx, path, s, Export{})
}

// RenderFile writes s to path as x says: WAV or FLAC (16-bit, written in
// Go), or MP3, M4A or Opus through ffmpeg (PCM piped to its standard
// input), mono or stereo, at any of Rates.
//
// It writes to a temporary file beside path and renames it into place only
// when everything was written and synced, so a failed or cancelled render
// never leaves a partial file and never damages an existing one.
func RenderFile(ctx context.Context, path string, s beep.Streamer, x Export) (err error) {
	if x.Format == "" {
		if x.Format, err = FormatOf(path); err != nil {
			return err
		}
	}
	if x.Rate == 0 {
		x.Rate = int(SampleRate)
	}
	if err := CheckRate(x.Rate); err != nil {
		return err
	}
	ffmpeg := ""
	if x.Format.NeedsFFmpeg() {
		if ffmpeg, err = exec.LookPath("ffmpeg"); err != nil {
			return fmt.Errorf("audio: writing %s needs ffmpeg, which is not on PATH: install it (Debian package ffmpeg: apt-get install ffmpeg), or write .wav or .flac: %w",
				strings.ToUpper(string(x.Format)), ErrNoFFmpeg)
		}
	}
	channels := 2
	if x.Mono {
		channels = 1
	}
	if x.Format == WAV {
		if l, ok := s.(interface{ Len() int }); ok {
			if size := int64(l.Len()) * int64(x.Rate) / int64(SampleRate) * int64(2*channels); size > math.MaxUint32-64 {
				return fmt.Errorf("audio: %s: the session is too long for a WAV file (%d MB, the format holds 4 GB); write .flac", path, size>>20)
			}
		}
	}

	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("audio: render: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	var sink pcmSink
	switch x.Format {
	case WAV:
		sink, err = newWAVWriter(f, channels, x.Rate)
	case FLAC:
		var tags []string
		if x.Title != "" {
			tags = append(tags, "TITLE="+x.Title)
		}
		for i, c := range x.Chapters {
			ms := int64(c.Start) * 1000 / script.Rate
			tags = append(tags,
				fmt.Sprintf("CHAPTER%03d=%02d:%02d:%02d.%03d", i+1, ms/3600000, ms/60000%60, ms/1000%60, ms%1000),
				fmt.Sprintf("CHAPTER%03dNAME=%s", i+1, c.Title))
		}
		sink, err = newFLACWriter(f, channels, x.Rate, tags)
	default:
		sink, err = newFFmpegWriter(ctx, ffmpeg, f.Name(), x, channels)
	}
	if err != nil {
		return fmt.Errorf("audio: render %s: %w", path, err)
	}
	if err := pump(ctx, s, sink, channels, x.Rate); err != nil {
		sink.abort()
		return fmt.Errorf("audio: render %s: %w", path, err)
	}
	if err := sink.close(); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			err = stopped(cerr)
		}
		return fmt.Errorf("audio: render %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("audio: render %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("audio: render %s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("audio: render %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("audio: render: %w", err)
	}
	return nil
}

// pcmSink takes interleaved 16-bit samples.
type pcmSink interface {
	write(pcm []int16) error
	close() error
	abort()
}

// pump streams s into sink as 16-bit samples of the given channels at
// rate, checking ctx between blocks.
func pump(ctx context.Context, s beep.Streamer, sink pcmSink, channels, rate int) error {
	const n = 8192
	var (
		mono   []float32 // one channel: a Session's own mix, or s downmixed
		stereo [][2]float64
		pcm    = make([]int16, 0, 2*n*2)
		rs     []*resampler
		out    [][]float32
	)
	session, _ := s.(*Session)
	if rate != int(SampleRate) {
		nrs := channels
		if session != nil {
			nrs = 1 // mono on both channels: resample once
		}
		for range nrs {
			rs = append(rs, newResampler(int(SampleRate), rate))
			out = append(out, nil)
		}
	}
	if session == nil {
		stereo = make([][2]float64, n)
	}
	mono = make([]float32, n)
	side := make([]float32, n)
	for {
		if err := ctx.Err(); err != nil {
			return stopped(err)
		}
		var k int
		var ok bool
		ch := [][]float32{mono[:0]}
		if session != nil {
			k, ok = session.streamMono(mono)
			ch[0] = mono[:k]
		} else {
			k, ok = s.Stream(stereo)
			k = max(0, min(k, n))
			if channels == 1 {
				for i, v := range stereo[:k] {
					mono[i] = float32((v[0] + v[1]) / 2)
				}
				ch[0] = mono[:k]
			} else {
				for i, v := range stereo[:k] {
					mono[i], side[i] = float32(v[0]), float32(v[1])
				}
				ch = [][]float32{mono[:k], side[:k]}
			}
		}
		if !ok {
			if err := s.Err(); err != nil {
				return err
			}
		}
		if rs != nil {
			for i := range ch {
				out[i] = rs[i].process(ch[i], out[i][:0], !ok)
				ch[i] = out[i]
			}
		}
		frames := len(ch[0])
		pcm = slices.Grow(pcm[:0], frames*channels)[:frames*channels]
		switch {
		case channels == 1:
			for i, v := range ch[0] {
				pcm[i] = toInt16(v)
			}
		case len(ch) == 1: // mono on both channels
			for i, v := range ch[0] {
				q := toInt16(v)
				pcm[2*i], pcm[2*i+1] = q, q
			}
		default:
			for i, v := range ch[0][:frames] {
				pcm[2*i], pcm[2*i+1] = toInt16(v), toInt16(ch[1][i])
			}
		}
		if len(pcm) > 0 {
			if err := sink.write(pcm); err != nil {
				if cerr := ctx.Err(); cerr != nil {
					return stopped(cerr) // ffmpeg was killed by the cancellation first
				}
				return err
			}
		}
		if !ok {
			return nil
		}
	}
}

// stopped is the error of a render stopped by its context.
func stopped(err error) error {
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted: %w", err)
	}
	return err
}

// toInt16 rounds a sample to 16 bits (halves away from zero), clipping at full scale. It has
// no branches: the sign of audio is unpredictable, and branching on it costs three times
// as much.
func toInt16(v float32) int16 {
	x := min(max(v*32767, -32767), 32767)
	half := math.Float32frombits(math.Float32bits(x)&(1<<31) | math.Float32bits(0.5)) // ±0.5, x's sign
	return int16(x + half)
}
