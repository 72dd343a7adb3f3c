package tts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/stretchguide/guide/internal/files"
	"github.com/stretchguide/guide/internal/proc"
)

// fliteVoice checks that flite (at program) has voice: one of the voices
// built into it (flite -lv), or a .flitevox file. flite itself would say
// the words in another voice without a word of warning.
func fliteVoice(program, voice string) error {
	if strings.HasSuffix(voice, ".flitevox") {
		if st, err := os.Stat(voice); err != nil || !st.Mode().IsRegular() {
			return fmt.Errorf("tts: voice.speaker is %s, but there is no such file", files.Show(voice))
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, program, "-lv")
	proc.OwnGroup(cmd) // killed whole if it hangs
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("tts: flite did not list its voices (%s -lv failed: %s), so voice.speaker %s cannot be checked", program, oneLineErr(err), files.Show(voice))
	}
	_, list, _ := bytes.Cut(out, []byte(":"))
	voices := strings.Fields(string(list))
	if slices.Contains(voices, voice) {
		return nil
	}
	return fmt.Errorf("tts: voice.speaker is %s, but flite has no such voice; want one of %s, or the path of a .flitevox file",
		voice, strings.Join(voices, ", "))
}

// oneLineErr says in a few words why a program failed.
func oneLineErr(err error) string {
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee) && ee.Exited():
		return fmt.Sprintf("it exited with code %d", ee.ExitCode())
	case errors.As(err, &ee):
		return "it was killed"
	}
	return err.Error()
}
