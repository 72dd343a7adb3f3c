package audio

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Writing voice packs: the built-in one (tools/mkvoice) and your own
// (guide voice import) are made the same way, with these.

// ClipStem returns the name, without extension, of the file that holds the
// clip for text: a slug of its first words (lower case, a-z, 0-9 and -, at
// most 32 characters), "-" and the first 8 hex digits of the text's
// SHA-256, so that a changed phrase gets a new file:
// "breathe-in-9cdf19c8".
func ClipStem(text string) string {
	const maxSlug = 32
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(text, "'", "")), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if len(words) == 0 && len(w) > maxSlug {
			w = w[:maxSlug]
		}
		if len(strings.Join(append(words, w), "-")) > maxSlug {
			break
		}
		words = append(words, w)
	}
	slug := strings.Join(words, "-")
	if slug == "" {
		slug = "clip"
	}
	sum := sha256.Sum256([]byte(text))
	return slug + "-" + hex.EncodeToString(sum[:4])
}

// lameVBR is lame's -V quality for voice clips: about 115 kbit/s for the
// built-in voice, clean for speech.
const lameVBR = "4"

// ErrNoLame is returned by EncodeMP3 when lame is not installed.
var ErrNoLame = errors.New("lame is not installed: apt-get install lame")

// EncodeMP3 encodes pcm (mono, 16-bit, script.Rate, as ShapeClip returns
// it) as an MP3 file with lame, and checks that DecodeClip gives back
// exactly len(pcm) samples. lame runs with an argument list, never a shell:
// -V 4 VBR (lame's CBR presets scale the input by 0.95 and would undo the
// loudness match), mono, kept at 44.1 kHz, with the LAME tag that makes
// decoding sample-exact.
func EncodeMP3(pcm []int16) ([]byte, error) {
	lame, err := exec.LookPath("lame")
	if err != nil {
		return nil, ErrNoLame
	}
	tmp, err := os.MkdirTemp("", "guide-lame-")
	if err != nil {
		return nil, fmt.Errorf("audio: %w", err)
	}
	defer os.RemoveAll(tmp)
	wav, mp3 := filepath.Join(tmp, "clip.wav"), filepath.Join(tmp, "clip.mp3")
	if err := os.WriteFile(wav, MonoWAV(pcm), 0o600); err != nil {
		return nil, fmt.Errorf("audio: %w", err)
	}
	cmd := exec.Command(lame, "--quiet", "--noreplaygain", "-m", "m", "-V", lameVBR, "--resample", "44.1", wav, mp3)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("audio: lame: %w\n%s", err, bytes.TrimSpace(out))
	}
	enc, err := os.ReadFile(mp3)
	if err != nil {
		return nil, fmt.Errorf("audio: %w", err)
	}
	got, err := DecodeClip("lame output", enc)
	if err != nil {
		return nil, err
	}
	if len(got) != len(pcm) {
		return nil, fmt.Errorf("audio: lame output decodes to %d samples; the WAV encoded has %d", len(got), len(pcm))
	}
	return enc, nil
}

// WriteFileAtomic writes a file through a temporary file in the same
// directory (named .guide-*) and a rename, so that a reader never sees half
// of it and a failure leaves the old file as it was.
func WriteFileAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".guide-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after a successful rename, a no-op
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

// WriteManifest writes dir/manifest.json atomically: indented, with a final
// newline, clips in the order given (OpenPack's readers expect them sorted
// by text). An unchanged manifest is not rewritten.
func WriteManifest(dir string, m Manifest) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return err
	}
	name := filepath.Join(dir, "manifest.json")
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, b.Bytes()) {
		return nil
	}
	return WriteFileAtomic(name, b.Bytes())
}
