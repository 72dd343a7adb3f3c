package export

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/stretchguide/guide/internal/atomicfile"
	"github.com/stretchguide/guide/internal/proc"
	"github.com/stretchguide/guide/script"
)

// ffmpegWriter pipes 16-bit PCM to ffmpeg, which encodes it to a file.
type ffmpegWriter struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr bytes.Buffer
	meta   *atomicfile.File // FFMETADATA file with the title and chapters, beside the output
	cancel context.CancelFunc
}

// newFFmpegWriter starts ffmpeg writing out (the temporary file beside
// path) from PCM on its standard input; total is the session's length in
// samples at script.Rate, where the last chapter ends.
func newFFmpegWriter(ctx context.Context, ffmpeg, path, out string, x Export, channels, total int) (*ffmpegWriter, error) {
	fw := &ffmpegWriter{}
	ctx, fw.cancel = context.WithCancel(ctx)
	args := []string{"-hide_banner", "-nostdin", "-nostats", "-loglevel", "error",
		"-f", "s16le", "-ar", fmt.Sprint(x.Rate), "-ac", fmt.Sprint(channels), "-i", "pipe:0"}
	if x.Title != "" || len(x.Chapters) > 0 {
		// Beside the output, under the temporary files' one name
		// (.guide-*.tmp), so that a render killed now leaves nothing
		// the next one does not remove.
		meta, err := atomicfile.Create(path + ".ffmetadata")
		if err != nil {
			return nil, err
		}
		fw.meta = meta
		if _, err = meta.Write(ffmetadata(x, total)); err == nil {
			err = meta.Sync()
		}
		if err != nil {
			fw.cleanup()
			return nil, err
		}
		args = append(args, "-f", "ffmetadata", "-i", meta.Name(), "-map", "0:a", "-map_metadata", "1")
		if x.Format != Opus {
			args = append(args, "-map_chapters", "1")
		}
	}
	switch x.Format {
	case MP3:
		args = append(args, "-c:a", "libmp3lame", "-q:a", "3", "-id3v2_version", "3", "-f", "mp3")
	case M4A:
		// The fast coder: half the CPU of ffmpeg's default (twoloop),
		// measured here on 2 min of a session at 128 kb/s (1.9 s of user
		// time against 3.9), for speech that sounds the same.
		args = append(args, "-c:a", "aac", "-aac_coder", "fast", "-b:a", fmt.Sprint(64*channels)+"k", "-movflags", "+faststart", "-f", "ipod")
	case Opus:
		args = append(args, "-c:a", "libopus", "-b:a", fmt.Sprint(32*channels)+"k", "-f", "ogg")
	}
	args = append(args, "-y", out)
	fw.cmd = exec.CommandContext(ctx, ffmpeg, args...)
	proc.OwnGroup(fw.cmd) // Ctrl-C reaches guide, which stops ffmpeg
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

// ffmetadata returns ffmpeg's metadata file for x's title and chapters;
// total is the session's length in samples at script.Rate, where the last
// chapter ends. Opus gets its chapters as the CHAPTERnnn comments it
// stores them in (as FLAC does): ffmpeg 5.1 writes chapter sections into
// Ogg rounded to the second (1.7 s becomes 2.7), but passes these tags as
// they are.
func ffmetadata(x Export, total int) []byte {
	esc := strings.NewReplacer(`\`, `\\`, "=", `\=`, ";", `\;`, "#", `\#`, "\n", `\`+"\n")
	var b bytes.Buffer
	b.WriteString(";FFMETADATA1\n")
	if x.Title != "" {
		fmt.Fprintf(&b, "title=%s\n", esc.Replace(x.Title))
	}
	if x.Format == Opus {
		for i, c := range x.Chapters {
			fmt.Fprintf(&b, "CHAPTER%03d=%s\nCHAPTER%03dNAME=%s\n", i+1, chapterTime(c.Start), i+1, esc.Replace(c.Title))
		}
		return b.Bytes()
	}
	ms := func(samples int) int64 { return int64(samples) * 1000 / script.Rate }
	for i, c := range x.Chapters {
		end := ms(total) // the last chapter runs to the end of the file
		if i+1 < len(x.Chapters) {
			end = ms(x.Chapters[i+1].Start)
		}
		fmt.Fprintf(&b, "[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=%s\n", ms(c.Start), max(end, ms(c.Start)), esc.Replace(c.Title))
	}
	return b.Bytes()
}

func (fw *ffmpegWriter) write(b []byte) error {
	if _, err := fw.stdin.Write(b); err != nil {
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
	if fw.meta != nil {
		fw.meta.Abort()
		fw.meta = nil
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
