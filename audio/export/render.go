package export

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
// It writes to a temporary file beside path (.guide-NAME-XXXXXXXX.tmp,
// see atomicfile; ffmpeg's chapter list too) and renames it into place
// only when everything was written, synced and checked (see verify): an
// encoder's exit status is not trusted, since ffmpeg 5.1 exits 0 after
// failing to write a file's end on a full disk. So a failed or cancelled
// render never leaves a partial file and never damages an existing one.
// Before it starts, it removes the temporary files a killed render left in
// path's folder (atomicfile.RemoveStale).
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

	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		what := "a folder"
		if !st.IsDir() {
			what = "not a regular file"
		}
		return fmt.Errorf("%s is %s; name the file to write, such as %s", path, what, filepath.Join(path, "session."+string(x.Format)))
	}
	atomicfile.RemoveStale(filepath.Dir(path)) // best effort: a folder we cannot list fails below
	f, err := atomicfile.Create(path)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	defer f.Abort()
	defer func() {
		if err != nil {
			err = tidy(err, path, f.Name())
		}
	}()
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
		sink, err = newFFmpegWriter(ctx, ffmpeg, path, f.Name(), x, channels, s.Len())
	}
	if err != nil {
		return fmt.Errorf("render %s: %w", path, err)
	}
	frames, err := pump(ctx, s, sink, channels, x.Rate, x.Progress)
	if err != nil {
		sink.abort()
		return fmt.Errorf("render %s: %w", path, err)
	}
	if err := sink.close(); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			err = stopped(cerr)
		}
		return fmt.Errorf("render %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("render %s: %w", path, err)
	}
	if err := verify(ctx, f.File, x, channels, frames, ffmpeg); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return fmt.Errorf("render %s: %w", path, stopped(cerr))
		}
		return &VerifyError{Path: path, Err: err}
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("render %s: %w", path, err)
	}
	return nil
}

// VerifyError is a render whose encoder finished but whose file is not
// what was sent to it (a full disk, most often); the file it would have
// replaced is left as it was.
type VerifyError struct {
	Path string
	Err  error
}

func (e *VerifyError) Error() string {
	old := "nothing was written"
	if _, err := os.Stat(e.Path); err == nil {
		old = e.Path + " is unchanged"
	}
	return fmt.Sprintf("render %s: the file written is damaged (%v): is the disk full? %s", e.Path, e.Err, old)
}

func (e *VerifyError) Unwrap() error { return e.Err }

// tidy says err in the user's words: the temporary file's name (which is
// gone) left out, and that the file path names is as it was.
func tidy(err error, path, tmp string) error {
	var v *VerifyError
	if errors.As(err, &v) {
		return err // says both already
	}
	msg := err.Error()
	for _, op := range []string{"write ", "seek ", "sync ", "close ", "open ", ""} {
		msg = strings.ReplaceAll(msg, op+tmp+": ", "")
	}
	msg = strings.ReplaceAll(msg, tmp, "the temporary file")
	if _, serr := os.Stat(path); serr == nil && !errors.Is(err, context.Canceled) {
		msg += "; " + path + " is unchanged"
	}
	return &tidyError{msg, err}
}

type tidyError struct {
	msg string
	err error
}

func (e *tidyError) Error() string { return e.msg }
func (e *tidyError) Unwrap() error { return e.err }

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
// rate, checking ctx between blocks, and returns the frames it wrote.
// progress, if not nil, is told the fraction done after each block.
func pump(ctx context.Context, s Source, sink pcmSink, channels, rate int, progress func(float64)) (written int64, err error) {
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
	var read int
	for {
		if err := ctx.Err(); err != nil {
			return written, stopped(err)
		}
		k, ok := s.StreamMono(mono)
		ch := mono[:max(0, min(k, n))]
		read += len(ch)
		if !ok {
			if err := s.Err(); err != nil {
				return written, err
			}
		}
		if progress != nil && s.Len() > 0 {
			progress(min(1, float64(read)/float64(s.Len())))
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
					return written, stopped(cerr) // ffmpeg was killed by the cancellation first
				}
				return written, err
			}
			written += int64(frames)
		}
		if !ok {
			return written, nil
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
