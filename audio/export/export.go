// Package export writes sessions to audio files: the table of output
// formats, guide's own WAV and FLAC writers, MP3, M4A and Opus through
// ffmpeg, sample rates, chapters and the chapter list, all written
// atomically (internal/atomicfile).
package export

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
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
		return "", fmt.Errorf("%s has no extension to choose the format by; want %s", path, list)
	}
	return "", fmt.Errorf("%s: guide does not write .%s files; want %s", path, ext, list)
}

// ErrNoFFmpeg reports that a format needs ffmpeg and it is not installed.
var ErrNoFFmpeg = errors.New("ffmpeg is not installed")

// NeedsFFmpeg reports whether f is encoded by ffmpeg.
func (f Format) NeedsFFmpeg() bool { return f == MP3 || f == M4A || f == Opus }

// Export says how Render writes a session.
type Export struct {
	Format   Format // "" chooses by the file's extension
	Mono     bool   // one channel instead of two
	Rate     int    // sample rate in Hz, one of Rates; 0 is script.Rate
	Title    string // the file's title tag, where the format has one
	Chapters []Chapter
	// Progress, if not nil, is told the fraction of the session written
	// (0 to 1) as Render goes, from Render's goroutine.
	Progress func(done float64)
}

// FileRate returns the sample rate of the file Render writes at rate Hz in
// format f: rate, except for Opus, which is always 48 kHz (the rate every
// Opus decoder plays at), and MP3, which holds at most 48 kHz; ffmpeg
// resamples to them.
func FileRate(f Format, rate int) int {
	if f == Opus || f == MP3 && rate > 48000 {
		return 48000
	}
	return rate
}

// Chapter is a part of a session a player can jump to.
type Chapter struct {
	Start int    // first sample, at script.Rate
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
		fmt.Fprintf(&b, "%s %s\n", chapterTime(c.Start), c.Title)
	}
	return b.Bytes()
}

// chapterTime formats a sample position as HH:MM:SS.mmm, rounded down.
func chapterTime(start int) string {
	ms := int64(start) * 1000 / script.Rate
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// Rates lists the sample rates a session can be rendered at.
var Rates = []int{8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000}

// CheckRate reports whether a session can be rendered at rate Hz.
func CheckRate(rate int) error {
	if slices.Contains(Rates, rate) {
		return nil
	}
	names := make([]string, len(Rates))
	for i, r := range Rates {
		names[i] = strconv.Itoa(r)
	}
	return fmt.Errorf("cannot render at %d Hz; want one of %s", rate, strings.Join(names, ", "))
}

// String describes the file as the render's summary does: "MP3 stereo,
// 44.1 kHz, -16.0 LUFS (6.0 MB)".
func (r Report) String() string {
	ch := "stereo"
	if r.Channels == 1 {
		ch = "mono"
	}
	level := ""
	if !math.IsInf(r.Loudness, 0) && !math.IsNaN(r.Loudness) {
		level = fmt.Sprintf(", %.1f LUFS", r.Loudness)
	}
	return fmt.Sprintf("%s %s, %g kHz%s (%.1f MB)", strings.ToUpper(string(r.Format)), ch, float64(r.Rate)/1000, level, float64(r.Size)/1e6)
}

// Short says, when the file is more than half a loudness unit under the
// target (audio.loudness, for two channels; 0 for none), that the target
// was out of reach: the true-peak limiter (at ceiling dBTP) holds a loud
// target down, more the louder it is. guide renders the file all the same
// and says so, rather than refuse a target that some sessions reach. It returns "" when the target was met.
func (r Report) Short(target, ceiling float64) string {
	got := r.Loudness
	if r.Channels == 1 {
		got += 10 * math.Log10(2) // a mono file measures 3 dB under the stereo target
	}
	if target == 0 || math.IsInf(got, 0) || math.IsNaN(got) || target-got <= 0.5 {
		return ""
	}
	return fmt.Sprintf("audio.loudness is %g LUFS, but the limiter that keeps true peaks under %g dBTP holds this session at %.1f LUFS; "+
		"choose a lower audio.loudness (the default is -16) for the file to meet it", target, ceiling, got)
}
