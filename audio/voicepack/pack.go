// Package voicepack holds voice packs: folders of recorded or synthesised
// clips, one per phrase, with a manifest.json that gives each clip's exact
// length and loudness profile so that a session can be laid out and its
// loudness planned without decoding a clip. It opens and checks packs,
// decodes clips (FLAC, MP3 or WAV, to 16-bit mono at 44.1 kHz), shapes new clips
// (trim, fades, loudness, peak limit), writes them with their manifest
// entry, and imports a folder of recordings. The built-in pack
// (tools/mkvoice), your own (guide voice import) and text-to-speech (tts)
// all make their clips here.
package voicepack

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/internal/files"
)

// Rate is the rate of every clip, and the rate manifests count samples at:
// guide's output rate.
const Rate = dsp.ProfileRate

// Manifest is a voice pack's manifest.json: which file says which phrase.
type Manifest struct {
	Voice string `json:"voice"` // the engine and voice that made the clips
	Rate  int    `json:"rate"`  // the rate Samples are counted at: Rate
	// Band is the highest frequency in every clip, in Hz, when the pack's
	// maker knows it: FlacBand for FLAC clips MakeClip made, which are
	// then doubled to Rate by the fast filter made for them; 0 (unknown)
	// for any other pack, whose 22.05 kHz clips are resampled in full.
	Band  int            `json:"band,omitempty"`
	Clips []ManifestClip `json:"clips"` // sorted by Text
}

// ManifestClip is one phrase of a voice pack.
type ManifestClip struct {
	Text    string `json:"text"`    // the phrase, matched exactly
	File    string `json:"file"`    // the clip file, relative to the pack directory
	Samples int    `json:"samples"` // the clip's exact decoded length at Rate

	// Profile is the clip's loudness profile (dsp.Profile) as
	// little-endian float32s in base64, so a session can plan its loudness
	// without decoding the clip. Optional: without it the clip is decoded
	// to measure it.
	Profile string `json:"profile,omitempty"`
}

// EncodeProfile returns the manifest form of a loudness profile.
func EncodeProfile(p []float32) string {
	b := make([]byte, 4*len(p))
	for i, v := range p {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return base64.StdEncoding.EncodeToString(b)
}

// Profile returns the loudness profile the manifest holds for text's clip,
// and false when it holds none (or a damaged one, which is then measured
// from the clip instead). It makes *Pack a Profiler.
func (p *Pack) Profile(text string) ([]float32, bool) {
	mc, ok := p.clips[text]
	if !ok || mc.Profile == "" {
		return nil, false
	}
	out, why := decodeProfile(mc)
	return out, why == ""
}

// ProfileProblem says what is wrong with the loudness profile the manifest
// holds for text's clip, or returns "" when it is sound or absent.
func (p *Pack) ProfileProblem(text string) string {
	mc, ok := p.clips[text]
	if !ok || mc.Profile == "" {
		return ""
	}
	_, why := decodeProfile(mc)
	return why
}

// decodeProfile decodes a clip's profile, or says why it is damaged.
func decodeProfile(mc ManifestClip) ([]float32, string) {
	b, err := base64.StdEncoding.DecodeString(mc.Profile)
	if err != nil {
		return nil, "is not base64"
	}
	if want := dsp.ProfileLen(mc.Samples); len(b)%4 != 0 || len(b)/4 != want {
		return nil, fmt.Sprintf("has %d bytes; a clip of %d samples needs %d values (%d bytes)", len(b), mc.Samples, want, 4*want)
	}
	out := make([]float32, len(b)/4)
	for i := range out {
		v := math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		if !(v >= 0 && v <= math.MaxFloat32) { // NaN, infinite or negative: damaged
			return nil, fmt.Sprintf("value %d is %v; want a finite loudness of 0 or more", i, v)
		}
		out[i] = v
	}
	return out, ""
}

// Pack is a voice pack: clips of spoken phrases, with their lengths known
// without decoding them. It is a script.Voice and an audio.Clips.
type Pack struct {
	read     reader // reads a file of the pack
	dir      string
	show     func(string) string // how messages name a path in fsys
	manifest string              // path of manifest.json in fsys, for messages
	voice    string
	band     int // Manifest.Band
	clips    map[string]ManifestClip
	texts    []string
}

// Open reads dir/manifest.json from fsys (an embed.FS or os.DirFS). It
// validates the manifest (rate 44100, no duplicate text, files present,
// samples > 0) and reports every problem at once, naming the manifest path
// and the clip. A manifest may be at most files.MaxManifest bytes, a clip
// files.MaxAudio.
func Open(fsys fs.FS, dir string) (*Pack, error) {
	show := func(p string) string { return files.Show(p) }
	return openPack(fsys, dir, show, func(name string, limit int64, what string) ([]byte, error) {
		return files.ReadFS(fsys, name, limit, what, show)
	})
}

// OpenDir opens the voice pack in directory dir of the file system, as
// Open does; messages name its files by their paths under dir. It reads
// only regular files (files.Read): a manifest that is a named pipe or a
// device is refused, not waited on.
func OpenDir(dir string) (*Pack, error) {
	path := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	return openPack(os.DirFS(dir), ".", func(p string) string { return files.Show(path(p)) }, func(name string, limit int64, what string) ([]byte, error) {
		return files.Read(path(name), limit, what)
	})
}

// reader reads a file of a pack, named as in its fs.FS, of at most limit
// bytes; its error names the file.
type reader func(name string, limit int64, what string) ([]byte, error)

func openPack(fsys fs.FS, dir string, show func(string) string, read reader) (*Pack, error) {
	mpath := path.Join(dir, "manifest.json")
	data, err := read(mpath, files.MaxManifest, "a voice pack's manifest")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("voice pack: %s: %w", show(mpath), ErrNoManifest)
		}
		return nil, fmt.Errorf("voice pack: %w", err)
	}
	mpath = show(mpath)
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err = dec.Decode(&m)
	if err == nil {
		if _, tokErr := dec.Token(); tokErr != io.EOF {
			err = errors.New("unexpected data after the manifest object")
		}
	}
	if err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return nil, fmt.Errorf("%s:%s: %w", mpath, lineCol(data, syn.Offset), err)
		case errors.As(err, &typ):
			return nil, fmt.Errorf("%s:%s: %s is %s; want %s", mpath, lineCol(data, typ.Offset), typ.Field, typ.Value, typ.Type)
		}
		return nil, fmt.Errorf("%s: %w", mpath, err)
	}

	p := &Pack{read: read, dir: dir, show: show, manifest: mpath, voice: m.Voice, band: m.Band, clips: make(map[string]ManifestClip, len(m.Clips))}
	var errs []error
	problem := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{mpath}, args...)...))
	}
	if m.Voice == "" {
		problem("voice is empty; want the engine and voice that made the clips")
	}
	if m.Rate != Rate {
		problem("rate is %d; want %d (clip lengths are counted at the output rate)", m.Rate, Rate)
	}
	first := make(map[string]int, len(m.Clips))
	for i, c := range m.Clips {
		at := fmt.Sprintf("clips[%d] %s", i, files.Quote(c.Text))
		if c.Text == "" {
			problem("clips[%d]: text is empty", i)
		} else if j, dup := first[c.Text]; dup {
			problem("%s: the same text as clips[%d]; want each phrase once", at, j)
		} else {
			first[c.Text] = i
			p.clips[c.Text] = c
			p.texts = append(p.texts, c.Text)
		}
		switch file := path.Join(dir, c.File); {
		case c.File == "":
			problem("%s: file is empty; want the clip's file name", at)
		case !fs.ValidPath(c.File):
			problem("%s: file %s is not a path inside the pack directory", at, files.Quote(c.File))
		default:
			if st, err := fs.Stat(fsys, file); err != nil {
				problem("%s: file %s: %v", at, show(file), unwrapPath(err))
			} else if !st.Mode().IsRegular() {
				problem("%s: file %s is not a regular file", at, show(file))
			}
		}
		if c.Samples <= 0 {
			problem("%s: samples is %d; want the clip's decoded length at %d Hz", at, c.Samples, Rate)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.Sort(p.texts)
	return p, nil
}

// lineCol returns "line:column" of byte offset off in data (1-based).
func lineCol(data []byte, off int64) string {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("%d:%d", line, col)
}

// unwrapPath drops the operation and path of a *fs.PathError, which the
// caller names itself.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Length returns the length in samples at Rate of the clip that says text,
// and false when the pack has no clip for it. It implements script.Voice.
func (p *Pack) Length(text string) (int, bool) {
	c, ok := p.clips[text]
	return c.Samples, ok
}

// Clip decodes the clip that says text. It is not cached: callers that
// play a clip more than once keep it. The error names the file, and
// reports a clip whose decoded length differs from the manifest's.
func (p *Pack) Clip(text string) ([]int16, error) {
	mc, ok := p.clips[text]
	if !ok {
		return nil, fmt.Errorf("%s: no clip says %q", p.manifest, text)
	}
	name := path.Join(p.dir, mc.File)
	data, err := p.read(name, files.MaxAudio, "a clip")
	if err != nil {
		return nil, err
	}
	name = p.show(name)
	c, err := decode(name, data, MaxClip, p.band > 0 && p.band <= FlacBand)
	if err != nil {
		return nil, err
	}
	if len(c) != mc.Samples {
		return nil, fmt.Errorf("%s: decodes to %d samples, but %s says %d; make the pack again (make voice, or guide voice import for your own)",
			name, len(c), p.manifest, mc.Samples)
	}
	return c, nil
}

// ErrNoManifest is the error Open wraps when the pack has no
// manifest.json.
var ErrNoManifest = errors.New("no such file")

// File returns the path of the clip that says text, as messages name it,
// and false when the pack has none.
func (p *Pack) File(text string) (string, bool) {
	mc, ok := p.clips[text]
	if !ok {
		return "", false
	}
	return p.show(path.Join(p.dir, mc.File)), true
}

// Texts returns the phrases the pack says, sorted.
func (p *Pack) Texts() []string { return slices.Clone(p.texts) }

// Voice returns the engine and voice that made the clips, as the manifest
// names them.
func (p *Pack) Voice() string { return p.voice }
