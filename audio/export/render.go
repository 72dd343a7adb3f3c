package export

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
func Render(ctx context.Context, path string, s Source, x Export) error {
	_, err := Write(ctx, path, s, x)
	return err
}

// Report is what Write wrote.
type Report struct {
	Format   Format
	Channels int
	Rate     int // the file's sample rate (FileRate)
	// Loudness is the integrated loudness of the samples written, in LUFS
	// (BS.1770: a mono file measures 3 dB under its stereo twin), -Inf
	// for silence. For MP3, M4A and Opus it is that of the samples given
	// to the encoder: the file decodes to within a few tenths of it (0.1
	// for speech, up to 0.3 for full-band noise).
	Loudness float64
	Size     int64 // bytes
}

// CheckOutput reports, before anything is rendered, whether path can be
// written: not a folder or another kind of file, in a folder that exists.
func CheckOutput(path string) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return fmt.Errorf("%s is a folder; name the file to write in it, such as %s", path, filepath.Join(path, "session.mp3"))
		}
		return fmt.Errorf("%s is not a regular file; name a file to write, or - for standard output", path)
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("%s: there is no folder %s to write it in", path, dir)
	}
	return nil
}

// Write is Render, and reports what it wrote.
func Write(ctx context.Context, path string, s Source, x Export) (rep Report, err error) {
	if x.Format == "" {
		if x.Format, err = FormatOf(path); err != nil {
			return rep, err
		}
	}
	if x.Rate == 0 {
		x.Rate = script.Rate
	}
	if err := CheckRate(x.Rate); err != nil {
		return rep, err
	}
	ffmpeg := ""
	if x.Format.NeedsFFmpeg() {
		if ffmpeg, err = exec.LookPath("ffmpeg"); err != nil {
			return rep, fmt.Errorf("writing %s needs ffmpeg, which is not on PATH: install it (Debian package ffmpeg: apt-get install ffmpeg), or write .wav or .flac: %w",
				strings.ToUpper(string(x.Format)), ErrNoFFmpeg)
		}
	}
	channels := 2
	if x.Mono {
		channels = 1
	}
	if x.Format == WAV {
		if err := wavFits(s, x, channels); err != nil {
			return rep, fmt.Errorf("%s: %w", path, err)
		}
	}
	if err := CheckOutput(path); err != nil {
		return rep, err
	}
	atomicfile.RemoveStale(filepath.Dir(path)) // best effort: a folder we cannot list fails below
	f, err := atomicfile.Create(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the temporary file's name says nothing to the user
		}
		return rep, fmt.Errorf("render %s: cannot write in %s: %w", path, filepath.Dir(path), err)
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
		sink = fileSink{int16Writer(w.Write), w.Close}
	default:
		sink, err = newFFmpegWriter(ctx, ffmpeg, path, f.Name(), x, channels, s.Len())
	}
	if err != nil {
		return rep, fmt.Errorf("render %s: %w", path, err)
	}
	p, err := pump(ctx, s, sink, channels, x.Rate, 0, x.Progress)
	if err != nil {
		sink.abort()
		return rep, fmt.Errorf("render %s: %w", path, err)
	}
	if err := sink.close(); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			err = stopped(cerr)
		}
		return rep, fmt.Errorf("render %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return rep, fmt.Errorf("render %s: %w", path, err)
	}
	if err := verify(ctx, f.File, x, channels, p.frames, ffmpeg); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return rep, fmt.Errorf("render %s: %w", path, stopped(cerr))
		}
		return rep, &VerifyError{Path: path, Err: err}
	}
	st, err := f.Stat()
	if err != nil {
		return rep, fmt.Errorf("render %s: %w", path, err)
	}
	if err := f.Commit(); err != nil {
		return rep, fmt.Errorf("render %s: %w", path, err)
	}
	return Report{Format: x.Format, Channels: channels, Rate: FileRate(x.Format, x.Rate), Loudness: p.loudness(), Size: st.Size()}, nil
}

// wavFits reports whether s fits in a WAV file as x says.
func wavFits(s Source, x Export, channels int) error {
	if size := wavFrames(s, x) * int64(2*channels); size > math.MaxUint32-64 {
		return fmt.Errorf("the session is too long for a WAV file (%d MB, the format holds 4 GB); write .flac", size>>20)
	}
	return nil
}

// wavFrames is how many frames s makes at x.Rate.
func wavFrames(s Source, x Export) int64 { return int64(s.Len()) * int64(x.Rate) / script.Rate }

// WriteWAV writes s to w as a WAV file (16-bit, x.Mono and x.Rate; the
// other fields but Progress are ignored), for standard output: its header
// gives the length before the sound, so the last samples are cut or padded
// with silence to it (the resampler's few samples either way).
func WriteWAV(ctx context.Context, w io.Writer, s Source, x Export) (rep Report, err error) {
	if x.Rate == 0 {
		x.Rate = script.Rate
	}
	if err := CheckRate(x.Rate); err != nil {
		return rep, err
	}
	channels := 2
	if x.Mono {
		channels = 1
	}
	if err := wavFits(s, x, channels); err != nil {
		return rep, err
	}
	frames := wavFrames(s, x)
	sink := &streamSink{w: bufio.NewWriterSize(w, 1<<16), left: frames * int64(channels)}
	if _, err := sink.w.Write(wav.Header(channels, x.Rate, frames*int64(2*channels))); err != nil {
		return rep, err
	}
	p, err := pump(ctx, s, sink, channels, x.Rate, frames, x.Progress)
	if err == nil {
		err = sink.close()
	}
	if err != nil {
		return rep, err
	}
	return Report{Format: WAV, Channels: channels, Rate: x.Rate, Loudness: p.loudness(), Size: 44 + frames*int64(2*channels)}, nil
}

// streamSink writes 16-bit samples to a stream, no more than left of
// them, and pads with silence to left on close.
type streamSink struct {
	w    *bufio.Writer
	left int64
}

func (s *streamSink) write(b []byte) error {
	b = b[:min(int64(len(b)), 2*s.left)]
	s.left -= int64(len(b) / 2)
	_, err := s.w.Write(b)
	return err
}

func (s *streamSink) close() error {
	if s.left > 0 {
		if _, err := s.w.Write(make([]byte, 2*s.left)); err != nil {
			return err
		}
		s.left = 0
	}
	return s.w.Flush()
}

func (s *streamSink) abort() {}

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

// pcmSink takes interleaved 16-bit samples as little-endian bytes.
type pcmSink interface {
	write(b []byte) error
	close() error
	abort()
}

// fileSink is a writer of guide's own.
type fileSink struct {
	w func([]byte) error
	c func() error
}

func (s fileSink) write(b []byte) error { return s.w(b) }
func (s fileSink) close() error         { return s.c() }
func (s fileSink) abort()               {}

// int16Writer gives write, which takes 16-bit samples, the bytes of them.
func int16Writer(write func([]int16) error) func([]byte) error {
	var pcm []int16
	return func(b []byte) error {
		pcm = slices.Grow(pcm[:0], len(b)/2)[:len(b)/2]
		for i := range pcm {
			pcm[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
		}
		return write(pcm)
	}
}

// pumped is what pump wrote: its frames and their loudness, measured as
// they went (K-weighted energy by 100 ms, as dsp.Integrated takes it).
type pumped struct {
	frames   int64
	channels float64
	k        dsp.KFilter
	segLen   int
	acc      float64
	n        int
	segs     []float64
}

// measure takes the next samples of the mono mix (on each channel).
func (p *pumped) measure(x []float32) {
	for len(x) > 0 {
		n := min(len(x), p.segLen-p.n)
		p.acc += p.channels * p.k.Energy(x[:n])
		if p.n += n; p.n == p.segLen {
			p.segs = append(p.segs, p.acc)
			p.acc, p.n = 0, 0
		}
		x = x[n:]
	}
}

func (p *pumped) loudness() float64 { return dsp.Integrated(p.segs, p.segLen) }

// pump streams s into sink as 16-bit samples of the given channels at
// rate, checking ctx between blocks, and returns the frames it wrote and
// their loudness (of the first limit frames, if limit > 0). progress, if
// not nil, is told the fraction done after each block.
func pump(ctx context.Context, s Source, sink pcmSink, channels, rate int, limit int64, progress func(float64)) (p pumped, err error) {
	p.k, p.segLen, p.channels = dsp.NewKFilter(float64(rate)), rate/10, float64(channels)
	written := int64(0)
	defer func() { p.frames = written }()
	const n = 8192
	var (
		mono = make([]float32, n)
		buf  = make([]byte, 0, 2*n*2*2)
		rs   *dsp.Resampler
		out  []float32
	)
	if rate != script.Rate {
		rs = dsp.NewResampler(script.Rate, rate)
	}
	var read int
	for {
		if err := ctx.Err(); err != nil {
			return p, stopped(err)
		}
		k, ok := s.StreamMono(mono)
		ch := mono[:max(0, min(k, n))]
		read += len(ch)
		if !ok {
			if err := s.Err(); err != nil {
				return p, err
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
		measured := len(ch)
		if limit > 0 {
			measured = int(max(0, min(int64(measured), limit-written)))
		}
		// The samples before their rounding to 16 bits, which moves the
		// loudness by under a thousandth of a LU.
		p.measure(ch[:measured])
		if frames > 0 {
			buf = wav.AppendMono(buf[:0], ch, channels)
			if err := sink.write(buf); err != nil {
				if cerr := ctx.Err(); cerr != nil {
					return p, stopped(cerr) // ffmpeg was killed by the cancellation first
				}
				return p, err
			}
			written += int64(frames)
		}
		if !ok {
			return p, nil
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
