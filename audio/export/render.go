package export

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os/exec"
	"slices"
	"strings"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/flac"
	"github.com/stretchguide/guide/audio/wav"
	"github.com/stretchguide/guide/internal/atomicfile"
	"github.com/stretchguide/guide/script"
)

// Source is what Render writes: a mono stream at script.Rate of a known
// length, such as an *audio.Session. StreamMono fills samples as beep's
// Stream does (a full buffer, or a short one and then (0, false)).
type Source interface {
	StreamMono(samples []float32) (n int, ok bool)
	Err() error
	Len() int
}

// Render writes s to path as x says: WAV or FLAC (16-bit, written in Go),
// or MP3, M4A or Opus through ffmpeg (PCM piped to its standard input),
// mono or stereo (the mono stream on both channels), at any of Rates; the
// format is the one path's extension names unless x.Format says.
//
// It writes to a temporary file beside path and renames it into place only
// when everything was written and synced, so a failed or cancelled render
// never leaves a partial file and never damages an existing one.
func Render(ctx context.Context, path string, s Source, x Export) (err error) {
	if x.Format == "" {
		if x.Format, err = FormatOf(path); err != nil {
			return err
		}
	}
	if x.Rate == 0 {
		x.Rate = script.Rate
	}
	if err := CheckRate(x.Rate); err != nil {
		return err
	}
	ffmpeg := ""
	if x.Format.NeedsFFmpeg() {
		if ffmpeg, err = exec.LookPath("ffmpeg"); err != nil {
			return fmt.Errorf("writing %s needs ffmpeg, which is not on PATH: install it (Debian package ffmpeg: apt-get install ffmpeg), or write .wav or .flac: %w",
				strings.ToUpper(string(x.Format)), ErrNoFFmpeg)
		}
	}
	channels := 2
	if x.Mono {
		channels = 1
	}
	if x.Format == WAV {
		if size := int64(s.Len()) * int64(x.Rate) / script.Rate * int64(2*channels); size > math.MaxUint32-64 {
			return fmt.Errorf("%s: the session is too long for a WAV file (%d MB, the format holds 4 GB); write .flac", path, size>>20)
		}
	}

	f, err := atomicfile.Create(path)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	defer f.Abort()
	var sink pcmSink
	switch x.Format {
	case WAV:
		var w *wav.Writer
		w, err = wav.NewWriter(f, channels, x.Rate)
		sink = fileSink{w.Write, w.Close}
	case FLAC:
		var tags []string
		if x.Title != "" {
			tags = append(tags, "TITLE="+x.Title)
		}
		for i, c := range x.Chapters {
			tags = append(tags,
				fmt.Sprintf("CHAPTER%03d=%s", i+1, chapterTime(c.Start)),
				fmt.Sprintf("CHAPTER%03dNAME=%s", i+1, c.Title))
		}
		var w *flac.Writer
		w, err = flac.NewWriter(f, channels, x.Rate, tags)
		sink = fileSink{w.Write, w.Close}
	default:
		sink, err = newFFmpegWriter(ctx, ffmpeg, f.Name(), x, channels)
	}
	if err != nil {
		return fmt.Errorf("render %s: %w", path, err)
	}
	if err := pump(ctx, s, sink, channels, x.Rate); err != nil {
		sink.abort()
		return fmt.Errorf("render %s: %w", path, err)
	}
	if err := sink.close(); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			err = stopped(cerr)
		}
		return fmt.Errorf("render %s: %w", path, err)
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("render %s: %w", path, err)
	}
	return nil
}

// pcmSink takes interleaved 16-bit samples.
type pcmSink interface {
	write(pcm []int16) error
	close() error
	abort()
}

// fileSink is a writer of guide's own.
type fileSink struct {
	w func([]int16) error
	c func() error
}

func (s fileSink) write(pcm []int16) error { return s.w(pcm) }
func (s fileSink) close() error            { return s.c() }
func (s fileSink) abort()                  {}

// pump streams s into sink as 16-bit samples of the given channels at
// rate, checking ctx between blocks.
func pump(ctx context.Context, s Source, sink pcmSink, channels, rate int) error {
	const n = 8192
	var (
		mono = make([]float32, n)
		pcm  = make([]int16, 0, 2*n*2)
		rs   *dsp.Resampler
		out  []float32
	)
	if rate != script.Rate {
		rs = dsp.NewResampler(script.Rate, rate)
	}
	for {
		if err := ctx.Err(); err != nil {
			return stopped(err)
		}
		k, ok := s.StreamMono(mono)
		ch := mono[:max(0, min(k, n))]
		if !ok {
			if err := s.Err(); err != nil {
				return err
			}
		}
		if rs != nil {
			out = rs.Process(ch, out[:0], !ok)
			ch = out
		}
		frames := len(ch)
		pcm = slices.Grow(pcm[:0], frames*channels)[:frames*channels]
		if channels == 1 {
			for i, v := range ch {
				pcm[i] = dsp.ToInt16(v)
			}
		} else {
			for i, v := range ch {
				q := dsp.ToInt16(v)
				pcm[2*i], pcm[2*i+1] = q, q
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
