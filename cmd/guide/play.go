package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/script"
)

func newPlayCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "play [ROUTINE]",
		Short: "Play a routine on the audio device",
		Long: `Play a routine through the default audio device. ROUTINE is a built-in
routine's name (see "guide list") or the path of a routine file; without it,
the configured routine plays. Ctrl-C fades out and stops.`,
		Example: "  guide play\n  guide play morning --set pace.exhale=6s",
		Args:    routineArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.load(args)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Playing %s (%s). Ctrl-C stops.\n", s.routine.Title, script.Clock(s.timeline.Length))
			// Decode the voice ahead of the device: a long clip takes longer
			// to decode than one device buffer lasts.
			clips, stop := audio.Prefetch(s.timeline, s.voice, 4)
			defer stop()
			err = audio.Play(cmd.Context(), s.stream(clips), s.cfg.Audio.Buffer)
			if errors.Is(err, audio.ErrNoDevice) {
				return fmt.Errorf("%w\nto listen another way, write the session to a file: guide render %s -o %s.wav",
					err, s.routine.Name, s.routine.Name)
			}
			return err
		},
	}
}
