package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/stretchguide/guide/audio/flac"
)

// durationTolerance is how far the decoded length of a lossy file may be
// from the session's: the encoders' padding and frame sizes (an MP3 frame
// at 8 kHz is 72 ms) stay well inside it; a file cut short by a full disk
// (12 s in the case that showed it) does not.
const durationTolerance = 250 * time.Millisecond

// verify checks the file an encoder wrote, before it replaces anything:
// WAV and FLAC by guide's own readers (the header's sizes against the file
// and the frames sent, FLAC's last frame checked whole), MP3, M4A and Opus
// by decoding the whole file with ffmpeg, which must succeed without an
// error and last as long as the session, within durationTolerance.
func verify(ctx context.Context, f *os.File, x Export, channels int, frames int64, ffmpeg string) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	switch x.Format {
	case WAV:
		var h [44]byte
		if _, err := f.ReadAt(h[:], 0); err != nil {
			return fmt.Errorf("%d bytes, not even a WAV header", size)
		}
		le := binary.LittleEndian
		data := int64(le.Uint32(h[40:]))
		switch want := frames * int64(channels) * 2; {
		case string(h[:4]) != "RIFF" || string(h[8:16]) != "WAVEfmt " || string(h[36:40]) != "data":
			return fmt.Errorf("no WAV header")
		case int(le.Uint16(h[22:])) != channels || int(le.Uint32(h[24:])) != x.Rate:
			return fmt.Errorf("its header says %d channels at %d Hz, not %d at %d", le.Uint16(h[22:]), le.Uint32(h[24:]), channels, x.Rate)
		case data != want:
			return fmt.Errorf("its header says %d bytes of sound; %d were written", data, want)
		case size != 44+data:
			return fmt.Errorf("%d bytes; its header says %d", size, 44+data)
		}
		return nil
	case FLAC:
		info, err := flac.Check(f, size)
		switch {
		case err != nil:
			return err
		case info.Samples != int64(frames):
			return fmt.Errorf("it holds %d samples; %d were written", info.Samples, frames)
		case info.Channels != channels || info.Rate != x.Rate:
			return fmt.Errorf("it says %d channels at %d Hz, not %d at %d", info.Channels, info.Rate, channels, x.Rate)
		}
		return nil
	}
	want := time.Duration(frames) * time.Second / time.Duration(x.Rate)
	got, err := decodedLength(ctx, ffmpeg, f.Name())
	if err != nil {
		return err
	}
	if d := got - want; d < -durationTolerance || d > durationTolerance {
		return fmt.Errorf("it decodes to %s of sound; the session is %s", clock(got), clock(want))
	}
	return nil
}

// decodedLength decodes a file with ffmpeg and returns how long its sound
// lasts, or what ffmpeg said was wrong with it.
func decodedLength(ctx context.Context, ffmpeg, name string) (time.Duration, error) {
	cmd := exec.CommandContext(ctx, ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-v", "error",
		"-i", name, "-map", "0:a:0", "-f", "null", "-progress", "pipe:1", "-")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err := cmd.Run()
	if msg := strings.TrimSpace(stderr.String()); msg != "" {
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		return 0, fmt.Errorf("ffmpeg cannot read it: %s", strings.TrimPrefix(msg, name+": "))
	}
	if err != nil {
		return 0, fmt.Errorf("ffmpeg cannot read it: %w", err)
	}
	us := int64(-1)
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "out_time_us="); ok {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				us = n
			}
		}
	}
	if us < 0 {
		return 0, fmt.Errorf("ffmpeg finds no sound in it")
	}
	return time.Duration(us) * time.Microsecond, nil
}

// clock formats a length as m:ss.s, for messages.
func clock(d time.Duration) string {
	d = d.Round(100 * time.Millisecond)
	return fmt.Sprintf("%d:%04.1f", int(d/time.Minute), (d % time.Minute).Seconds())
}
