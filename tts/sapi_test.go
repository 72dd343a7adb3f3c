package tts

import (
	"encoding/base64"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf16"
)

// PowerShell cannot run here; what can be checked is the program guide
// hands it: the words are not in it, it reads them from standard input,
// and the voice, when named, is a quoted literal Find has checked.
func TestSAPIProgram(t *testing.T) {
	s := engines[SAPI]
	if !s.stdin {
		t.Fatal("sapi does not take the text on standard input")
	}
	for _, voice := range []string{"", "Microsoft Zira Desktop"} {
		args := s.args(voice, "", "speech.wav")
		if len(args) != 4 || args[2] != "-EncodedCommand" {
			t.Fatalf("args %q; want -NoProfile -NonInteractive -EncodedCommand PROGRAM", args)
		}
		b, err := base64.StdEncoding.DecodeString(args[3])
		if err != nil || len(b)%2 != 0 {
			t.Fatalf("program is not base64 UTF-16LE: %v", err)
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
		prog := string(utf16.Decode(u))
		for _, want := range []string{"[Console]::In.ReadToEnd()", "SetOutputToWaveFile", "'speech.wav'", "$v = '" + voice + "'"} {
			if !strings.Contains(prog, want) {
				t.Errorf("program lacks %q:\n%s", want, prog)
			}
		}
	}
	if _, err := Find(Config{Engine: SAPI, Voice: "Zira'; Remove-Item x; '"}); err == nil || !strings.Contains(err.Error(), "is not a voice name") {
		t.Errorf("a voice name with a quote: %v; want it refused", err)
	}
}

func TestBestPerSystem(t *testing.T) {
	for goos, first := range map[string]string{"linux": Flite, "darwin": Say, "windows": SAPI} {
		if b := best(goos); b[0] != first {
			t.Errorf("auto on %s tries %v; want %s first", goos, b, first)
		}
	}
}

// flite says the words in its default voice when it has no voice of the
// name it is given; guide refuses the name instead.
func TestFliteVoiceChecked(t *testing.T) {
	if _, err := exec.LookPath("flite"); err != nil {
		t.Skip("flite is not installed (sudo apt-get install flite)")
	}
	if _, err := Find(Config{Engine: Flite, Voice: "slt"}); err != nil {
		t.Errorf("flite slt: %v", err)
	}
	_, err := Find(Config{Engine: Flite, Voice: "nosuch"})
	if err == nil || !strings.Contains(err.Error(), "voice.speaker is nosuch, but flite has no such voice; want one of") || !strings.Contains(err.Error(), "rms") {
		t.Errorf("flite nosuch: %v; want it refused, listing flite's voices", err)
	}
	_, err = Find(Config{Engine: Flite, Voice: "/nonexistent/v.flitevox"})
	if err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("flite with a missing .flitevox: %v; want no such file", err)
	}
}
