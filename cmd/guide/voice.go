package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/internal/session"
)

func newVoiceCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "voice",
		Short: "List the phrases, record your own voice, check a voice pack",
		Long: `The voice: every phrase a routine speaks is a clip from a voice pack. Your
own pack (voice.pack) is used over the built-in one; phrases no pack has are
said by a text-to-speech engine (voice.tts) or, with voice.missing: chime,
replaced by a chime.

To record your own voice (or your physiotherapist's):
  guide voice script > lines.txt     the phrases, each with its file name
  (record each phrase; save them in one folder as WAV, FLAC or MP3)
  guide voice import DIR             trim, level and encode them; write the manifest
  guide voice check DIR              anything missing or unreadable
and set voice.pack: DIR in your config.`,
	}
	cmd.AddCommand(newVoicePhrasesCmd(a), newVoiceScriptCmd(a), newVoiceImportCmd(a), newVoiceCheckCmd(a))
	return cmd
}

func newVoicePhrasesCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "phrases [ROUTINE]",
		Short: "List every phrase a routine (or every built-in routine) can speak",
		Long: `List every phrase ROUTINE can speak, at any detail, one per line, sorted.
Without ROUTINE, every phrase of the built-in routines and the player's own
phrases: what the built-in voice pack holds (make voice makes it from this
list).`,
		Args: routineArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			texts, _, err := session.PhraseSet(firstArg(args), a.env())
			if err != nil {
				return err
			}
			var b strings.Builder
			for _, t := range texts {
				b.WriteString(t)
				b.WriteByte('\n')
			}
			_, err = fmt.Fprint(a.stdout, b.String())
			return err
		},
	}
}

func newVoiceScriptCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "script [ROUTINE]",
		Short: "Write the recording script: every phrase with the file name to save it as",
		Long: `Write the script for recording your own voice: every phrase ROUTINE can speak
(without ROUTINE, every phrase of the built-in routines), each after the name
of the file to save its recording as. Record into one folder, then run
guide voice import on it.`,
		Example: "  guide voice script > lines.txt\n  guide voice script ./my-routine.yaml > lines.txt",
		Args:    routineArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			texts, what, err := session.PhraseSet(firstArg(args), a.env())
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(a.stdout, voicepack.Script(texts, what, firstArg(args)))
			return err
		},
	}
}

// firstArg returns args[0], or "" without one.
func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

func newVoiceImportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "import DIR [ROUTINE]",
		Short: "Make a voice pack of your recordings: trim, level, encode, write the manifest",
		Long: `Make a voice pack of the recordings in DIR, each a WAV, FLAC or MP3 file named as
guide voice script says: every recording is trimmed (the silence before and
after the words, keeping a short breath of it), faded at its edges, levelled
to the loudness of the built-in voice and encoded as 44.1 kHz mono MP3 (WAV
when lame is not installed), into DIR/clips; DIR/manifest.json lists them.
The recordings themselves are not changed, so importing again starts from
them. Then set voice.pack: DIR.

Recordings that cannot be read, or whose names are no phrase's, are reported
by name (exit code 1); the rest are imported all the same.`,
		Example: "  guide voice import ~/my-voice\n  guide voice import ~/my-voice ./my-routine.yaml",
		Args:    argsBetween(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return session.ImportVoice(cmd.Context(), a.stdout, args[0], firstArg(args[1:]), a.env())
		},
	}
}

func newVoiceCheckCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "check DIR [ROUTINE]",
		Short: "Report the missing phrases and unreadable files of a voice pack",
		Long: `Check the voice pack in DIR against every phrase of ROUTINE (without it, of
the built-in routines): it reports each phrase no clip says, each clip or
recording that cannot be read or whose length differs from the manifest's,
and each recording not imported yet, by name. Exit code 1 when anything is
wrong.`,
		Example: "  guide voice check ~/my-voice",
		Args:    argsBetween(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			known, want, what, err := session.KnownPhrases(firstArg(args[1:]), a.env())
			if err != nil {
				return err
			}
			summary, problems := voicepack.Check(args[0], known, want, what)
			for _, p := range problems {
				fmt.Fprintln(a.stdout, p)
			}
			if len(problems) > 0 {
				return fmt.Errorf("voice check: %d %s in %s", len(problems), session.Plural(len(problems), "problem", "problems"), args[0])
			}
			fmt.Fprintln(a.stdout, summary)
			return nil
		},
	}
}
