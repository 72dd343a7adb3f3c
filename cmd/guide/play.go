package main

import (
	"fmt"

	"github.com/spf13/cobra"

	pl "github.com/stretchguide/guide/internal/player"
)

func newPlayCmd(a *app) *cobra.Command {
	var quiet bool
	cmd := &cobra.Command{
		Use:   "play [ROUTINE]",
		Short: "Play a routine on the audio device",
		Long: `Play a routine through the default audio device. ROUTINE is a built-in
routine's name (see "guide list") or the path of a routine file; without it,
the configured routine plays.

Keys, no Enter needed: space pauses and resumes (after a pause of more than
5 seconds the current instruction is repeated); n or → skips to the next
step; p or ← restarts this step, or goes back a step within 3 seconds of its
start; r repeats the last instruction; s says where you are; + and - (or ↑
and ↓) change the volume in 3 dB steps; q or Esc fades out and quits.
Ctrl-C fades out and stops too.

When stdin is not a terminal, it takes the same commands one a line: pause,
resume, toggle, next, previous, repeat, status, louder, softer, quit.
On Linux the media keys and headset buttons work too (MPRIS; controls.media).

A status line shows the step, the time left and a progress bar; when stdout
is not a terminal, timestamped lines show each step instead. Every session
is recorded for guide history.`,
		Example: "  guide play\n  guide play morning --set pace.exhale=6s\n  printf 'pause\\n' | guide play morning",
		Args:    routineArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.load(cmd.Context(), args)
			if err != nil {
				return err
			}
			ctx, stop := stopSignals(cmd.Context())
			defer stop()
			con := a.openConsole(cmd, quiet)
			defer con.close()
			return a.playSession(ctx, s, con, con.hint(fmt.Sprintf("Playing %s (%s).", s.Routine.Title, pl.Clock(s.Timeline.Duration()))))
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	return cmd
}
