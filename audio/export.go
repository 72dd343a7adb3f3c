package audio

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stretchguide/guide/script"
)

// Format is a kind of audio file Render writes.
type Format string

// The formats. WAV and FLAC are written in Go; MP3, M4A (AAC) and Opus are
// encoded by ffmpeg, which must be on PATH.
const (
	WAV  Format = "wav"
	FLAC Format = "flac"
	MP3  Format = "mp3"
	M4A  Format = "m4a"
	Opus Format = "opus"
)

// Formats lists the formats, in the order messages name them.
var Formats = []Format{WAV, FLAC, MP3, M4A, Opus}

// FormatOf returns the format a file name's extension asks for.
func FormatOf(path string) (Format, error) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	for _, f := range Formats {
		if string(f) == ext {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = "." + string(f)
	}
	list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	if ext == "" {
		return "", fmt.Errorf("audio: %s has no extension to choose the format by; want %s", path, list)
	}
	return "", fmt.Errorf("audio: %s: guide does not write .%s files; want %s", path, ext, list)
}

// ErrNoFFmpeg reports that a format needs ffmpeg and it is not installed.
var ErrNoFFmpeg = errors.New("ffmpeg is not installed")

// NeedsFFmpeg reports whether f is encoded by ffmpeg.
func (f Format) NeedsFFmpeg() bool { return f == MP3 || f == M4A || f == Opus }

// Export says how Render writes a session.
type Export struct {
	Format   Format // "" chooses by the file's extension
	Mono     bool   // one channel instead of two
	Rate     int    // sample rate in Hz, one of Rates; 0 is SampleRate
	Title    string // the file's title tag, where the format has one
	Chapters []Chapter
}

// Chapter is a part of a session a player can jump to.
type Chapter struct {
	Start int    // first sample, at SampleRate
	Title string // e.g. "Knee to chest, left side"
}

// Chapters returns the chapters of a timeline, titled as guide plan shows
// them.
func Chapters(tl *script.Timeline) []Chapter {
	cs := make([]Chapter, 0, len(tl.Chapters))
	for _, c := range tl.Chapters {
		title := c.Title
		if c.Side != "" {
			title += ", " + c.Side + " side"
		}
		cs = append(cs, Chapter{Start: c.Start, Title: title})
	}
	return cs
}

// ChapterList writes one line per chapter: its start as HH:MM:SS.mmm, a
// space and its title, the format podcast and audiobook tools (mp4chaps,
// many players) read.
func ChapterList(cs []Chapter) []byte {
	var b bytes.Buffer
	for _, c := range cs {
		ms := int64(c.Start) * 1000 / script.Rate
		fmt.Fprintf(&b, "%02d:%02d:%02d.%03d %s\n", ms/3600000, ms/60000%60, ms/1000%60, ms%1000, c.Title)
	}
	return b.Bytes()
}

// wavWriter writes a 16-bit PCM WAV file, filling in the sizes on close.
type wavWriter struct {
	f        *os.File
	w        *bufio.Writer
	channels int
	rate     int
	bytes    int64
}

func newWAVWriter(f *os.File, channels, rate int) (*wavWriter, error) {
	w := &wavWriter{f: f, w: bufio.NewWriterSize(f, 1<<20), channels: channels, rate: rate}
	if _, err := w.w.Write(w.header(rate, 0)); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *wavWriter) header(rate int, data int64) []byte {
	h := make([]byte, 44)
	le := binary.LittleEndian
	copy(h[0:], "RIFF")
	le.PutUint32(h[4:], uint32(36+data))
	copy(h[8:], "WAVEfmt ")
	le.PutUint32(h[16:], 16)
	le.PutUint16(h[20:], 1) // PCM
	le.PutUint16(h[22:], uint16(w.channels))
	le.PutUint32(h[24:], uint32(rate))
	le.PutUint32(h[28:], uint32(rate*w.channels*2))
	le.PutUint16(h[32:], uint16(w.channels*2))
	le.PutUint16(h[34:], 16)
	copy(h[36:], "data")
	le.PutUint32(h[40:], uint32(data))
	return h
}

func (w *wavWriter) write(pcm []int16) error {
	if w.w.Available() < 2*len(pcm) {
		if err := w.w.Flush(); err != nil {
			return err
		}
	}
	b := appendS16LE(w.w.AvailableBuffer(), pcm) // in place when it fits
	w.bytes += int64(len(b))
	_, err := w.w.Write(b)
	return err
}

// appendS16LE appends pcm to b as little-endian 16-bit samples, two at a time.
func appendS16LE(b []byte, pcm []int16) []byte {
	n := len(b)
	b = slices.Grow(b, 2*len(pcm))[:n+2*len(pcm)]
	out := b[n:]
	i := 0
	for ; i+1 < len(pcm); i += 2 {
		binary.LittleEndian.PutUint32(out[2*i:], uint32(uint16(pcm[i]))|uint32(uint16(pcm[i+1]))<<16)
	}
	if i < len(pcm) {
		binary.LittleEndian.PutUint16(out[2*i:], uint16(pcm[i]))
	}
	return b
}

func (w *wavWriter) close() error {
	if err := w.w.Flush(); err != nil {
		return err
	}
	_, err := w.f.WriteAt(w.header(w.rate, w.bytes), 0)
	return err
}

func (w *wavWriter) abort() {}

// flacWriter is a pcmSink.
func (fw *flacWriter) abort() {}

// ffmpegWriter pipes 16-bit PCM to ffmpeg, which encodes it to a file.
type ffmpegWriter struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr bytes.Buffer
	meta   string // temporary FFMETADATA file with the chapters
	buf    []byte
	cancel context.CancelFunc
}

func newFFmpegWriter(ctx context.Context, ffmpeg, out string, x Export, channels int) (*ffmpegWriter, error) {
	fw := &ffmpegWriter{}
	ctx, fw.cancel = context.WithCancel(ctx)
	args := []string{"-hide_banner", "-nostats", "-loglevel", "error",
		"-f", "s16le", "-ar", fmt.Sprint(x.Rate), "-ac", fmt.Sprint(channels), "-i", "pipe:0"}
	if x.Title != "" || len(x.Chapters) > 0 {
		meta, err := os.CreateTemp("", "guide-chapters-*.txt")
		if err != nil {
			return nil, err
		}
		fw.meta = meta.Name()
		_, err = meta.Write(ffmetadata(x))
		if cerr := meta.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(fw.meta)
			return nil, err
		}
		args = append(args, "-f", "ffmetadata", "-i", fw.meta, "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1")
	}
	switch x.Format {
	case MP3:
		args = append(args, "-c:a", "libmp3lame", "-q:a", "3", "-id3v2_version", "3", "-f", "mp3")
	case M4A:
		args = append(args, "-c:a", "aac", "-b:a", fmt.Sprint(64*channels)+"k", "-movflags", "+faststart", "-f", "ipod")
	case Opus:
		args = append(args, "-c:a", "libopus", "-b:a", fmt.Sprint(32*channels)+"k", "-f", "ogg")
	}
	args = append(args, "-y", out)
	fw.cmd = exec.CommandContext(ctx, ffmpeg, args...)
	fw.cmd.Stdout = io.Discard
	fw.cmd.Stderr = &fw.stderr
	var err error
	if fw.stdin, err = fw.cmd.StdinPipe(); err != nil {
		fw.cleanup()
		return nil, err
	}
	if err := fw.cmd.Start(); err != nil {
		fw.cleanup()
		return nil, fmt.Errorf("starting ffmpeg: %w", err)
	}
	return fw, nil
}

// ffmetadata returns ffmpeg's metadata file for x's title and chapters.
func ffmetadata(x Export) []byte {
	esc := strings.NewReplacer(`\`, `\\`, "=", `\=`, ";", `\;`, "#", `\#`, "\n", `\`+"\n")
	var b bytes.Buffer
	b.WriteString(";FFMETADATA1\n")
	if x.Title != "" {
		fmt.Fprintf(&b, "title=%s\n", esc.Replace(x.Title))
	}
	for i, c := range x.Chapters {
		end := int64(-1)
		if i+1 < len(x.Chapters) {
			end = int64(x.Chapters[i+1].Start) * 1000 / script.Rate
		}
		start := int64(c.Start) * 1000 / script.Rate
		if end < 0 {
			end = start + 1000 // ffmpeg stretches the last chapter to the end
		}
		fmt.Fprintf(&b, "[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=%s\n", start, end, esc.Replace(c.Title))
	}
	return b.Bytes()
}

func (fw *ffmpegWriter) write(pcm []int16) error {
	fw.buf = appendS16LE(fw.buf[:0], pcm)
	if _, err := fw.stdin.Write(fw.buf); err != nil {
		werr := fw.cmd.Wait()
		fw.cleanup()
		return fmt.Errorf("ffmpeg: %w", ffmpegError(werr, &fw.stderr, err))
	}
	return nil
}

func (fw *ffmpegWriter) close() error {
	fw.stdin.Close()
	err := fw.cmd.Wait()
	fw.cleanup()
	if err != nil {
		return fmt.Errorf("ffmpeg: %w", ffmpegError(err, &fw.stderr, nil))
	}
	return nil
}

func (fw *ffmpegWriter) abort() {
	fw.cancel()
	fw.stdin.Close()
	fw.cmd.Wait()
	fw.cleanup()
}

func (fw *ffmpegWriter) cleanup() {
	fw.cancel()
	if fw.meta != "" {
		os.Remove(fw.meta)
		fw.meta = ""
	}
}

// ffmpegError describes how ffmpeg failed, with the last thing it said.
func ffmpegError(wait error, stderr *bytes.Buffer, write error) error {
	msg := strings.TrimSpace(stderr.String())
	if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
		msg = msg[i+1:]
	}
	err := wait
	if err == nil {
		err = write
	}
	if msg != "" {
		return fmt.Errorf("%w: %s", err, msg)
	}
	return err
}
