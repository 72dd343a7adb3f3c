package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/script"
)

func newRenderCmd(a *app) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "render [ROUTINE] -o FILE.wav",
		Short: "Write a routine to an audio file",
		Long: `Write a routine to a WAV file (44.1 kHz, 16-bit stereo), to play on a phone
or anywhere else. The file appears only when it is complete: an interrupted
or failed render leaves no partial file and never harms an existing one.`,
		Example: "  guide render morning -o morning.wav",
		Args:    routineArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			if ext := strings.ToLower(filepath.Ext(out)); ext != ".wav" {
				return fmt.Errorf("render: -o %s: guide writes .wav files; name the file FILE.wav", out)
			}
			s, err := a.load(args)
			if err != nil {
				return err
			}
			if err := audio.Render(cmd.Context(), out, s.stream(s.voice)); err != nil {
				return err
			}
			info, err := os.Stat(out)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Wrote %s: %s, %s (%.1f MB)\n", out, s.routine.Title, script.Clock(s.timeline.Length), float64(info.Size())/1e6)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to `FILE` (.wav)")
	cmd.MarkFlagRequired("output")
	return cmd
}
