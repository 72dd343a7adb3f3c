package export

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/stretchguide/guide/audio/wav"
	"github.com/stretchguide/guide/script"
)

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
	fw.buf = wav.AppendS16LE(fw.buf[:0], pcm)
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
