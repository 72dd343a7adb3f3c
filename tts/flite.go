package tts

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// fliteVoice checks that flite (at program) has voice: one of the voices
// built into it (flite -lv), or a .flitevox file. flite itself would say
// the words in another voice without a word of warning.
func fliteVoice(program, voice string) error {
	if strings.HasSuffix(voice, ".flitevox") {
		if st, err := os.Stat(expandHome(voice)); err != nil || !st.Mode().IsRegular() {
			return fmt.Errorf("tts: voice.speaker is %s, but there is no such file", voice)
		}
		return nil
	}
	out, err := exec.Command(program, "-lv").Output()
	if err != nil {
		return fmt.Errorf("tts: cannot list flite's voices (%s -lv): %v", program, err)
	}
	_, list, _ := bytes.Cut(out, []byte(":"))
	voices := strings.Fields(string(list))
	if slices.Contains(voices, voice) {
		return nil
	}
	return fmt.Errorf("tts: voice.speaker is %s, but flite has no such voice; want one of %s, or the path of a .flitevox file",
		voice, strings.Join(voices, ", "))
}

// expandHome turns a leading ~/ into the home folder.
func expandHome(path string) string {
	if home, err := os.UserHomeDir(); err == nil && strings.HasPrefix(path, "~/") {
		return home + path[1:]
	}
	return path
}
