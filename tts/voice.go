package tts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/audio/wav"
	"github.com/stretchguide/guide/internal/atomicfile"
	"github.com/stretchguide/guide/internal/files"
	"github.com/stretchguide/guide/script"
)

// pipeline names how a clip is made from an engine's output; changing
// voicepack.Shape's settings or the resampler means changing it, so that
// old cached clips are not used.
const pipeline = "guide-tts-2 shape -20 LUFS -3 dBTP 44100"

// CacheDir returns where synthesised clips are kept:
// os.UserCacheDir()/guide/tts, that is $XDG_CACHE_HOME/guide/tts (usually
// ~/.cache/guide/tts) on Linux.
func CacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("tts: no cache directory: %w", err)
	}
	return filepath.Join(dir, "guide", "tts"), nil
}

// Voice says phrases no voice pack has, with an engine, through a cache of
// finished clips. Once Prepare has made the clips for a list of phrases,
// it is a script.Voice and an audio.Clips for them.
type Voice struct {
	engine *Engine
	dir    string // the cache; "" keeps nothing on disk
	jobs   int

	// Progress, if set, is told how many of the phrases Prepare has to
	// make are done, after each one (from Prepare's goroutines, one at a
	// time).
	Progress func(done, total int)

	mu    sync.Mutex
	clips map[string]clip
	made  int // phrases the engine was run for
}

// clip is a finished clip and its loudness profile.
type clip struct {
	pcm     []int16
	profile []float32
}

var _ script.Voice = (*Voice)(nil)

// NewVoice returns a voice that speaks with e and keeps its clips in dir
// ("" for none; see CacheDir).
func NewVoice(e *Engine, dir string) *Voice {
	return &Voice{engine: e, dir: dir, jobs: 2, clips: map[string]clip{}}
}

// Engine returns the engine the voice speaks with.
func (v *Voice) Engine() *Engine { return v.engine }

// Made returns how many phrases the engine has been run for: those that
// were not in the cache.
func (v *Voice) Made() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.made
}

// key returns the cache key of text: a hash of the pipeline, the engine,
// everything that tells it how to speak (its voice and the whole command
// line it runs) and the text.
func (e *Engine) key(text string) string {
	var how string
	if e.Name == Command {
		how = e.Voice
	} else {
		s := engines[e.Name]
		how = strings.Join(s.args(e.Voice, "{text}", "{out}"), "\x00")
	}
	sum := sha256.Sum256([]byte(strings.Join([]string{pipeline, e.Name, e.Voice, how, text}, "\x00")))
	return hex.EncodeToString(sum[:])
}

// CachePath returns the file the clip for text is cached in.
func (v *Voice) CachePath(text string) string {
	if v.dir == "" {
		return ""
	}
	k := v.engine.key(text)
	return filepath.Join(v.dir, k[:2], k+".wav")
}

// Uncached returns the phrases of texts the engine will have to say: those
// not in the cache.
func (v *Voice) Uncached(texts []string) []string {
	var out []string
	for _, t := range texts {
		if name := v.CachePath(t); name == "" {
			out = append(out, t)
		} else if _, err := os.Stat(name); err != nil {
			out = append(out, t)
		}
	}
	return out
}

// Prepare makes sure every phrase in texts has a clip: read from the cache,
// or made now by the engine (two at a time), shaped like a voice pack's
// clips and cached. It reports every phrase that failed.
func (v *Voice) Prepare(ctx context.Context, texts []string) error {
	var todo []string
	for _, text := range texts {
		if slices.Contains(todo, text) {
			continue
		}
		v.mu.Lock()
		_, done := v.clips[text]
		v.mu.Unlock()
		if done {
			continue
		}
		if c, ok := v.cached(text); ok {
			v.mu.Lock()
			v.clips[text] = clip{c, dsp.Profile(c)}
			v.mu.Unlock()
			continue
		}
		todo = append(todo, text)
	}
	if len(todo) == 0 {
		return nil
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		errs  = map[string]error{}
		queue = make(chan string)
		done  int
	)
	for range min(v.jobs, len(todo)) {
		wg.Go(func() {
			for text := range queue {
				err := v.make(ctx, text)
				mu.Lock()
				if err != nil {
					errs[text] = err
				}
				done++
				if v.Progress != nil {
					v.Progress(done, len(todo))
				}
				mu.Unlock()
			}
		})
	}
	for _, text := range todo {
		queue <- text
	}
	close(queue)
	wg.Wait()
	var all []error
	for _, text := range todo { // in the order asked
		if err := errs[text]; err != nil {
			all = append(all, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(all...)
}

// cached reads text's clip from the cache. A missing or unreadable file is
// not there.
func (v *Voice) cached(text string) ([]int16, bool) {
	name := v.CachePath(text)
	if name == "" {
		return nil, false
	}
	data, err := files.Read(name, files.MaxAudio, "a cached clip")
	if err != nil {
		return nil, false
	}
	c, err := voicepack.Decode(name, data)
	if err != nil {
		return nil, false
	}
	return c, true
}

// Clip has e say text and makes a voice pack's clip of it, as every clip
// of guide's is made (voicepack.Decode, voicepack.Shape): 16-bit mono at
// voicepack.Rate, trimmed, faded and levelled.
func (e *Engine) Clip(ctx context.Context, text string) ([]int16, voicepack.ShapeReport, error) {
	raw, err := e.Speak(ctx, text)
	if err != nil {
		return nil, voicepack.ShapeReport{}, err
	}
	c, err := voicepack.DecodeLimit(e.Name+" output", raw, MaxPhrase)
	var long *voicepack.TooLongError
	if errors.As(err, &long) {
		return nil, voicepack.ShapeReport{}, fmt.Errorf("tts: %s made %s of sound for %q; a phrase may last at most %s",
			e, script.Human(long.Length.Round(time.Second)), text, script.Human(MaxPhrase))
	}
	if err == nil {
		var rep voicepack.ShapeReport
		if c, rep, err = voicepack.Shape(c); err == nil {
			return c, rep, nil
		}
	}
	return nil, voicepack.ShapeReport{}, fmt.Errorf("tts: %s, saying %q: %w", e, text, err)
}

// make runs the engine for text, shapes the result and caches it.
func (v *Voice) make(ctx context.Context, text string) error {
	v.mu.Lock()
	v.made++
	v.mu.Unlock()
	pcm, _, err := v.engine.Clip(ctx, text)
	if err != nil {
		return err
	}
	if name := v.CachePath(text); name != "" {
		// A cache that cannot be written costs time on the next run, not
		// this one: the clip is kept in memory all the same.
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err == nil {
			_ = atomicfile.WriteFile(name, wav.Encode(pcm, 1, voicepack.Rate))
		}
	}
	v.mu.Lock()
	v.clips[text] = clip{pcm, dsp.Profile(pcm)}
	v.mu.Unlock()
	return nil
}

// Length returns the length of the clip for text, which Prepare made. It
// implements script.Voice.
func (v *Voice) Length(text string) (int, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	c, ok := v.clips[text]
	return len(c.pcm), ok
}

// Clip returns the clip for text, which Prepare made. It implements
// audio.Clips.
func (v *Voice) Clip(text string) ([]int16, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	c, ok := v.clips[text]
	if !ok {
		return nil, fmt.Errorf("tts: %s has not said %q", v.engine, text)
	}
	return c.pcm, nil
}

// Profile returns the loudness profile of the clip for text, which Prepare
// measured. It implements audio.Clips.
func (v *Voice) Profile(text string) ([]float32, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	c, ok := v.clips[text]
	return c.profile, ok
}

// Texts returns the phrases the voice has clips for, sorted.
func (v *Voice) Texts() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	var t []string
	for k := range v.clips {
		t = append(t, k)
	}
	slices.Sort(t)
	return t
}
