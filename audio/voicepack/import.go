package voicepack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/stretchguide/guide/audio/mp3"
	"github.com/stretchguide/guide/internal/atomicfile"
	"github.com/stretchguide/guide/internal/files"
)

// ClipsDir is the folder of a recorded pack that Import writes the finished
// clips to, next to the recordings.
const ClipsDir = "clips"

// RecordedVoice is the manifest's voice for a pack made by Import.
const RecordedVoice = "recorded, imported by guide voice import"

// Recording is an audio file at the top of a recorded pack's folder, named
// after the phrase it says as ClipStem does (".wav" or ".mp3").
type Recording struct {
	File string // path
	Text string // the phrase its name stands for
}

// isAudio reports whether name is a .wav, .mp3 or .flac file name.
func isAudio(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".wav" || ext == ".mp3" || ext == ".flac"
}

// Recordings lists the recordings at the top of dir, matching each file
// name to a phrase of known. Files the manifest lists as clips are not
// recordings. It returns a problem for each file named after no phrase and
// for each phrase recorded twice.
func Recordings(dir string, known []string) (recs []Recording, problems []string, err error) {
	byStem := map[string]string{}
	for _, t := range known {
		byStem[ClipStem(t)] = t
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	clips := manifestFiles(dir)
	seen := map[string]string{} // text -> file
	for _, e := range entries {
		name := e.Name()
		if !isAudio(name) || clips[name] || e.IsDir() {
			continue
		}
		file := filepath.Join(dir, name)
		text, ok := byStem[strings.TrimSuffix(name, filepath.Ext(name))]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: no phrase is recorded under this name (guide voice script lists the file names)", files.Show(file)))
		case seen[text] != "":
			problems = append(problems, fmt.Sprintf("%s: %s records the same phrase; keep one", files.Show(file), files.Show(filepath.Base(seen[text]))))
		default:
			seen[text] = file
			recs = append(recs, Recording{file, text})
		}
	}
	return recs, problems, nil
}

// manifestFiles returns the files (relative to dir, with slashes) a pack's
// manifest lists, read leniently: whatever a damaged manifest still names,
// nil when there is none.
func manifestFiles(dir string) map[string]bool {
	data, err := files.Read(filepath.Join(dir, "manifest.json"), files.MaxManifest, "a voice pack's manifest")
	if err != nil {
		return nil
	}
	var m Manifest
	_ = json.Unmarshal(data, &m)
	files := map[string]bool{}
	for _, c := range m.Clips {
		files[path.Clean(c.File)] = true
	}
	return files
}

// Imported is what Import made.
type Imported struct {
	Recordings int      // recordings found
	Manifest   Manifest // the manifest written, nil clips when none could be made
	Format     Format   // how the clips were encoded
	Problems   []string // one line each, naming the file
}

// Import makes a voice pack of the recordings in dir (named after phrases
// of known): each is decoded, shaped (Shape) and encoded (MP3 when lame is
// installed, else WAV) into dir/ClipsDir, two at a time, and
// dir/manifest.json lists them with their lengths and loudness profiles.
// The recordings are left as they are. Clips no recording makes any more
// are removed. A recording that cannot be read, or whose name is no
// phrase's, is a problem; the rest are imported all the same. When ctx is
// cancelled, no more recordings are begun, the manifest lists the clips
// made so far beside the old ones, and Import returns ctx's error.
func Import(ctx context.Context, dir string, known []string) (Imported, error) {
	var res Imported
	recs, problems, err := Recordings(dir, known)
	if err != nil {
		return res, err
	}
	res.Problems, res.Recordings = problems, len(recs)
	if len(recs) == 0 {
		return res, nil
	}
	res.Format = MP3
	if mp3.EncoderInstalled() != nil {
		res.Format = WAV
	}
	if err := os.MkdirAll(filepath.Join(dir, ClipsDir), 0o755); err != nil {
		return res, err
	}
	m := Manifest{Voice: RecordedVoice, Rate: Rate}
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		queue = make(chan Recording)
		bad   = map[string]string{}
	)
	for range min(2, len(recs)) {
		wg.Go(func() {
			for r := range queue {
				if ctx.Err() != nil {
					continue
				}
				c, err := importClip(dir, r, res.Format)
				mu.Lock()
				if err != nil {
					bad[r.File] = err.Error()
				} else {
					m.Clips = append(m.Clips, c)
				}
				mu.Unlock()
			}
		})
	}
	for _, r := range recs {
		queue <- r
	}
	close(queue)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		// The clips made so far have replaced their files: the manifest
		// must say so, or the pack would be wrong until the next import.
		if len(m.Clips) > 0 {
			if werr := WriteManifest(dir, withOld(dir, m)); werr != nil {
				return res, werr
			}
		}
		return res, err
	}
	for _, r := range recs {
		if msg, ok := bad[r.File]; ok {
			res.Problems = append(res.Problems, fmt.Sprintf("%s: %s", files.Show(r.File), msg))
		}
	}
	slices.SortFunc(m.Clips, func(x, y ManifestClip) int { return strings.Compare(x.Text, y.Text) })
	res.Manifest = m
	if len(m.Clips) == 0 {
		return res, nil
	}
	if err := removeStale(filepath.Join(dir, ClipsDir), m); err != nil {
		return res, err
	}
	return res, WriteManifest(dir, m)
}

// withOld returns m with the clips of dir's manifest that m does not
// replace (read leniently: what a damaged manifest still names) whose files
// are there, sorted.
func withOld(dir string, m Manifest) Manifest {
	data, err := files.Read(filepath.Join(dir, "manifest.json"), files.MaxManifest, "a voice pack's manifest")
	var old Manifest
	if err == nil {
		_ = json.Unmarshal(data, &old)
	}
	have := map[string]bool{}
	for _, c := range m.Clips {
		have[c.Text] = true
	}
	for _, c := range old.Clips {
		if have[c.Text] || c.File == "" || !fs.ValidPath(c.File) || c.Samples <= 0 {
			continue
		}
		if st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(c.File))); err == nil && st.Mode().IsRegular() {
			have[c.Text] = true
			m.Clips = append(m.Clips, c)
		}
	}
	slices.SortFunc(m.Clips, func(x, y ManifestClip) int { return strings.Compare(x.Text, y.Text) })
	return m
}

// importClip shapes and encodes recording r into dir's clips.
func importClip(dir string, r Recording, f Format) (ManifestClip, error) {
	data, err := files.Read(r.File, files.MaxAudio, "a recording")
	if err != nil {
		return ManifestClip{}, errors.Unwrap(err)
	}
	c, err := Decode(r.File, data)
	if err != nil {
		return ManifestClip{}, errors.New(strings.TrimPrefix(err.Error(), r.File+": "))
	}
	pcm, _, err := Shape(c)
	if err != nil {
		return ManifestClip{}, err
	}
	return MakeClip(dir, ClipsDir, r.Text, pcm, f)
}

// removeStale deletes the clips in dir that m does not list, and leftovers
// of an interrupted import.
func removeStale(dir string, m Manifest) error {
	used := map[string]bool{}
	for _, c := range m.Clips {
		used[path.Base(c.File)] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if e.Type().IsRegular() && isAudio(name) && !used[name] {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return err
			}
		}
	}
	_, err = atomicfile.RemoveStale(dir)
	return err
}

// Check checks the pack in dir against the phrases want (of what, for the
// summary), and its recordings against the phrases known. It returns a
// summary of a sound pack, or every problem, one line each, naming the file
// or phrase: a phrase no clip says, a clip or recording that cannot be read
// or whose length differs from the manifest's, a recording not imported.
func Check(dir string, known, want []string, what string) (summary string, problems []string) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return "", []string{fmt.Sprintf("%s: no such folder", files.Show(dir))}
	}
	recs, problems, err := Recordings(dir, known)
	if err != nil {
		return "", []string{err.Error()}
	}
	recorded := map[string]string{}
	for _, r := range recs {
		data, err := files.Read(r.File, files.MaxAudio, "a recording")
		if err == nil {
			_, err = Decode(r.File, data)
		} else {
			err = errors.Unwrap(err)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: cannot be read: %s", files.Show(r.File), strings.TrimPrefix(err.Error(), r.File+": ")))
			continue
		}
		recorded[r.Text] = r.File
	}

	p, err := OpenDir(dir)
	switch {
	case errors.Is(err, ErrNoManifest):
		problems = append(problems, fmt.Sprintf("%s: no such file; record the phrases (guide voice script), then run guide voice import %s",
			files.Show(filepath.Join(dir, "manifest.json")), files.Show(dir)))
	case err != nil:
		problems = append(problems, strings.Split(err.Error(), "\n")...)
	default:
		for _, t := range p.Texts() {
			if _, err := p.Clip(t); err != nil {
				problems = append(problems, err.Error())
			}
			if why := p.ProfileProblem(t); why != "" {
				file, _ := p.File(t)
				problems = append(problems, fmt.Sprintf("%s: the manifest's loudness profile of %q is damaged: it %s; run guide voice import %s to measure it again",
					file, t, why, dir))
			}
		}
	}
	has := func(t string) bool {
		if p == nil {
			return false
		}
		_, ok := p.Length(t)
		return ok
	}
	for _, t := range want {
		switch {
		case has(t):
		case recorded[t] != "":
			problems = append(problems, fmt.Sprintf("%s: recorded, but not imported yet; run guide voice import %s", files.Show(recorded[t]), files.Show(dir)))
		default:
			problems = append(problems, fmt.Sprintf("missing %q: record it as %s.wav", t, ClipStem(t)))
		}
	}
	if len(problems) > 0 {
		return "", problems
	}
	return fmt.Sprintf("%s: %d clips, every phrase of %s; all readable", files.Show(dir), len(p.Texts()), what), nil
}

// Script returns the script for recording a voice: every phrase of texts
// (the phrases of what, such as "routine morning") after the name of the
// file to save its recording as, with how to record them and import them
// (routine, if not "", is the routine to name to guide voice import).
func Script(texts []string, what, routine string) string {
	if routine != "" {
		routine = " " + routine
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Recording script for guide: the %d phrases of %s.\n", len(texts), what)
	b.WriteString("#\n" +
		"# Record each phrase on its own, in a quiet room, at the pace you would say\n" +
		"# it to someone lying on the floor with their eyes closed. Save it in one\n" +
		"# folder under the file name before it, as .wav (or .mp3: same name, .mp3\n" +
		"# instead of .wav); any sample rate, mono or stereo. A moment of silence\n" +
		"# before and after is fine: guide trims it and levels every clip. Then run\n" +
		"#   guide voice import FOLDER" + routine + "\n" +
		"#   guide voice check FOLDER" + routine + "\n" +
		"# and set voice.pack: FOLDER in your config. Phrases you leave out are said\n" +
		"# by the built-in voice.\n\n")
	width := 0
	for _, t := range texts {
		width = max(width, len(ClipStem(t))+4)
	}
	for _, t := range texts {
		fmt.Fprintf(&b, "%-*s  %s\n", width, ClipStem(t)+".wav", t)
	}
	return b.String()
}
