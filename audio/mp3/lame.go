package mp3

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/stretchguide/guide/audio/wav"
)

// rate is the rate Encode takes and writes.
const rate = 44100

// lameVBR is lame's -V quality for voice clips: about 115 kbit/s for the
// built-in voice, clean for speech.
const lameVBR = "4"

// ErrNoLame is returned by Encode when lame is not installed.
var ErrNoLame = errors.New("lame is not installed: apt-get install lame")

// EncoderInstalled returns ErrNoLame when Encode cannot run.
func EncoderInstalled() error {
	if _, err := exec.LookPath("lame"); err != nil {
		return ErrNoLame
	}
	return nil
}

// Encode encodes pcm (mono, 16-bit, at 44.1 kHz) as an MP3 file with lame,
// and returns it with what Decode gives back from it, checked to be exactly
// len(pcm) samples. lame runs
// with an argument list, never a shell: -V 4 VBR (lame's CBR presets scale
// the input by 0.95 and would undo a loudness match), mono, kept at
// 44.1 kHz, with the LAME tag that makes decoding sample-exact.
func Encode(pcm []int16) (data []byte, decoded []int16, err error) {
	lame, err := exec.LookPath("lame")
	if err != nil {
		return nil, nil, ErrNoLame
	}
	tmp, err := os.MkdirTemp("", "guide-lame-")
	if err != nil {
		return nil, nil, fmt.Errorf("mp3: %w", err)
	}
	defer os.RemoveAll(tmp)
	wavFile, mp3File := filepath.Join(tmp, "clip.wav"), filepath.Join(tmp, "clip.mp3")
	if err := os.WriteFile(wavFile, wav.Encode(pcm, 1, rate), 0o600); err != nil {
		return nil, nil, fmt.Errorf("mp3: %w", err)
	}
	cmd := exec.Command(lame, "--quiet", "--noreplaygain", "-m", "m", "-V", lameVBR, "--resample", "44.1", wavFile, mp3File)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, nil, fmt.Errorf("mp3: lame: %w\n%s", err, bytes.TrimSpace(out))
	}
	enc, err := os.ReadFile(mp3File)
	if err != nil {
		return nil, nil, fmt.Errorf("mp3: %w", err)
	}
	got, _, err := Decode(enc)
	if err != nil {
		return nil, nil, fmt.Errorf("mp3: lame output: %w", err)
	}
	if len(got) != len(pcm) {
		return nil, nil, fmt.Errorf("mp3: lame output decodes to %d samples; the WAV encoded has %d", len(got), len(pcm))
	}
	return enc, got, nil
}
