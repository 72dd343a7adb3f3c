package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/audio/export"
	"github.com/stretchguide/guide/internal/atomicfile"
	"github.com/stretchguide/guide/internal/progress"
	"github.com/stretchguide/guide/script"
)

func newRenderCmd(a *app) *cobra.Command {
	var (
		out      string
		mono     bool
		rate     int
		chapters bool
	)
	cmd := &cobra.Command{
		Use:   "render [ROUTINE] -o FILE",
		Short: "Write a routine to an audio file",
		Long: `Write a routine to an audio file, to play on a phone or anywhere else. The
file's extension chooses the format: .wav or .flac (16-bit, written by guide
itself), or .mp3, .m4a or .opus (encoded by ffmpeg, which must be installed;
they carry the chapters too). The session is normalised to the configured
loudness (audio.loudness, -16 LUFS) with true peaks under -1.5 dBTP.

The file appears only when it is complete: an interrupted or failed render
leaves no partial file and never harms an existing one.

With --chapters, FILE's name with .chapters.txt in place of its extension
lists the chapters beside it, one a line: the start (HH:MM:SS.mmm), a space
and the title. Players and podcast tools (mp4chaps) read that format.`,
		Example: "  guide render morning -o morning.mp3\n  guide render morning -o morning.flac --mono --chapters\n  guide render bedtime -o bedtime.m4a --rate 48000",
		Args:    routineArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return errors.New("render needs the file to write: -o FILE, such as -o morning.wav (.wav, .flac, .mp3, .m4a or .opus), or -o - for WAV on standard output")
			}
			format, err := export.WAV, error(nil)
			if out == "-" {
				if fd, ok := fileFd(a.stdout); ok && isTerminal(fd) {
					return errors.New("-o - writes WAV to standard output, which is a terminal here: pipe it (guide render morning -o - | aplay) or name a file")
				} else if chapters {
					return errors.New("--chapters writes a file beside the audio file: name one with -o FILE")
				}
			} else if err := export.CheckOutput(out); err != nil {
				return err
			} else if format, err = export.FormatOf(out); err != nil {
				return err
			}
			if rate == 0 {
				rate = script.Rate
			}
			if err := export.CheckRate(rate); err != nil {
				return fmt.Errorf("--rate: %w", err)
			}
			s, err := a.load(cmd.Context(), args)
			if err != nil {
				return err
			}
			st := s.Stream(s.Voice)
			if err := st.Err(); err != nil {
				return err
			}
			x := export.Export{Format: format, Mono: mono, Rate: rate, Title: s.Routine.Title, Chapters: export.Chapters(s.Timeline)}
			var side *atomicfile.File // the chapter list, written beside the file
			if chapters {
				if side, err = atomicfile.Create(chapterPath(out)); err == nil {
					_, err = side.Write(export.ChapterList(x.Chapters))
				}
				if err != nil {
					return fmt.Errorf("render: %w", err)
				}
				defer side.Abort() // a no-op once committed
			}
			label := "guide: rendering " + out
			if out == "-" {
				label = "guide: rendering to standard output"
			}
			line := progress.New(a.stderr, label)
			x.Progress = line.Fraction
			var rep export.Report
			if out == "-" {
				rep, err = export.WriteWAV(cmd.Context(), a.stdout, st, x)
			} else {
				rep, err = export.Write(cmd.Context(), out, st, x)
			}
			line.Done()
			if err != nil {
				return err
			}
			if side != nil {
				if err := side.Commit(); err != nil {
					return fmt.Errorf("render: %w", err)
				}
			}
			w := a.stdout
			if out == "-" {
				w, out = a.stderr, "standard output" // stdout is the sound
			}
			fmt.Fprintf(w, "Wrote %s: %s, %s, %s\n", out, s.Routine.Title, script.Clock(s.Timeline.Length), rep)
			if side != nil {
				fmt.Fprintf(w, "Wrote %s: %d chapters\n", side.Path(), len(x.Chapters))
			}
			if msg := rep.Short(s.Config.Audio.Loudness, audio.DefaultCeiling); msg != "" {
				fmt.Fprintf(a.stderr, "guide: %s\n", msg)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to `FILE` (.wav, .flac, .mp3, .m4a or .opus; - for WAV on standard output)")
	cmd.Flags().BoolVar(&mono, "mono", false, "write one channel instead of two")
	cmd.Flags().IntVar(&rate, "rate", 0, "sample rate in `HZ`: 8000 to 96000, e.g. 22050 or 48000 (default 44100)")
	cmd.Flags().BoolVar(&chapters, "chapters", false, "also write the chapter list to FILE's name with .chapters.txt")
	return cmd
}

// chapterPath returns the chapter list's name for an audio file: its name
// with .chapters.txt in place of the extension.
func chapterPath(out string) string {
	return strings.TrimSuffix(out, filepath.Ext(out)) + ".chapters.txt"
}
