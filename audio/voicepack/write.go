package voicepack

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/flac"
	"github.com/stretchguide/guide/audio/mp3"
	"github.com/stretchguide/guide/audio/wav"
	"github.com/stretchguide/guide/internal/atomicfile"
)

// Writing voice packs: the built-in one (tools/mkvoice), your own (guide
// voice import) and text-to-speech's cache are made the same way, with
// these.

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

// WriteManifest writes dir/manifest.json atomically: indented, with a final
// newline, clips in the order given (Open's readers expect them sorted by
// text). An unchanged manifest is not rewritten.
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
	return atomicfile.WriteFile(name, b.Bytes())
}

// Format is how MakeClip encodes a clip.
type Format string

// The clip formats.
const (
	MP3 Format = "mp3" // lame -V 4, about a tenth of WAV's size; needs lame
	WAV Format = "wav" // 16-bit mono

	// FLAC is speech band-limited to 8 kHz (text-to-speech voices at 16
	// kHz, telephone-band recordings): 16-bit mono FLAC at half the rate,
	// 22.05 kHz, which Decode doubles with dsp.Upsample2. A third of
	// WAV's size, two and a half times MP3's, and it decodes ten times as
	// fast as MP3 (README.md, "Speed").
	FLAC Format = "flac"
)

// FlacBand is the band, in Hz, of the FLAC clips MakeClip makes: the
// Manifest.Band of a pack of them.
const FlacBand = 8000

// MakeClip encodes pcm, a clip as Shape makes it, in format f into
// dir/subdir/ClipStem(text).EXT, atomically, and returns its manifest
// entry: the file (relative to dir), the exact length and the loudness
// profile of what the player will decode from it.
func MakeClip(dir, subdir, text string, pcm []int16, f Format) (ManifestClip, error) {
	name := ClipStem(text) + "." + string(f)
	data, decoded := wav.Encode(pcm, 1, Rate), pcm
	var err error
	switch f {
	case MP3:
		if data, decoded, err = mp3.Encode(pcm); err != nil {
			return ManifestClip{}, err
		}
	case FLAC:
		x := make([]float32, len(pcm))
		for i, v := range pcm {
			x[i] = dsp.FromInt16(v)
		}
		half := dsp.Resample(x, Rate, Rate/2)
		low := make([]int16, len(half))
		for i, v := range half {
			low[i] = dsp.ToInt16(v)
		}
		if data, err = flac.Encode(low, 1, Rate/2); err != nil {
			return ManifestClip{}, err
		}
		// What the player will decode, by the player's own decoder.
		if decoded, err = decode(name, data, MaxClip, true); err != nil {
			return ManifestClip{}, err
		}
	}
	file := path.Join(subdir, name)
	if err := atomicfile.WriteFile(filepath.Join(dir, filepath.FromSlash(file)), data); err != nil {
		return ManifestClip{}, err
	}
	return ManifestClip{Text: text, File: file, Samples: len(decoded), Profile: EncodeProfile(dsp.Profile(decoded))}, nil
}
