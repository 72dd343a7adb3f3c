package session

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stretchguide/guide/audio"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/internal/config"
	"github.com/stretchguide/guide/internal/files"
	"github.com/stretchguide/guide/internal/progress"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/tts"
)

// Voice returns the voice that says routine r (named arg on the command
// line): your own pack over the built-in pack, then, for phrases neither
// has, text-to-speech or the chime. It fails, before any sound, when some
// phrase would have no voice at all, saying how to give them one.
func Voice(ctx context.Context, cfg config.Config, builtin *voicepack.Pack, r *script.Routine, arg string, env Env) (*audio.Voices, error) {
	packs, err := PackVoices(cfg.Voice, builtin)
	if err != nil {
		return nil, cfg.Problem("voice.pack", err)
	}
	missing := packs.Missing(script.Phrases(r))
	if len(missing) == 0 {
		return packs, nil
	}
	var why error
	if cfg.Voice.TTS == tts.None {
		why = errors.New("voice.tts is none")
	} else if e, err := tts.Find(cfg.Voice.TTSConfig()); err != nil {
		why = err
	} else {
		v, err := synthesize(ctx, e, missing, env)
		if err == nil {
			return audio.Stack(packs, v), nil
		}
		if errors.Is(err, context.Canceled) || !cfg.Voice.Chime() {
			return nil, err
		}
		// The engine said some phrases; the chime stands in for the rest.
		rest := audio.Stack(v).Missing(missing)
		warnChime(env, rest, err)
		return audio.Stack(packs, v, audio.NewChime(rest)), nil
	}
	if cfg.Voice.Chime() {
		warnChime(env, missing, why)
		return audio.Stack(packs, audio.NewChime(missing)), nil
	}
	return nil, noVoiceError(r, arg, cfg.Voice.TTS, missing, why)
}

// warnChime says, once, which phrases the chime stands in for.
func warnChime(env Env, missing []string, why error) {
	env.warnf("a chime plays in place of %d %s no voice can say (%s):\n  %s",
		len(missing), Plural(len(missing), "phrase", "phrases"), strings.TrimPrefix(why.Error(), "tts: "),
		strings.Join(files.QuoteEach(missing), "\n  "))
}

// noVoiceError says which phrases have no voice, why, and the ways to give
// them one.
func noVoiceError(r *script.Routine, arg, engine string, missing []string, why error) error {
	if arg == "" {
		arg = r.Name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "routine %s has %d %s that no voice pack has, and text-to-speech cannot say them: %s\n  %s\n",
		r.Name, len(missing), Plural(len(missing), "phrase", "phrases"), strings.TrimPrefix(why.Error(), "tts: "),
		strings.Join(files.QuoteEach(missing), "\n  "))
	b.WriteString("Any one of these fixes it:\n")
	var nie *tts.NotInstalledError
	switch {
	case errors.As(why, &nie) && nie.Engine != tts.Auto:
		fmt.Fprintf(&b, "  - install %s: %s; or set voice.tts: auto to use whichever engine is installed\n", nie.Engine, tts.Install(nie.Engine))
	case engine == tts.None:
		fmt.Fprintf(&b, "  - let text-to-speech say them: set voice.tts: auto (it uses whichever engine is installed; %s)\n", installHint())
	case engine == tts.Piper:
		b.WriteString("  - give piper its voice: set voice.speaker to the path of a piper voice model (.onnx), or set voice.tts: auto\n")
	default:
		fmt.Fprintf(&b, "  - install a speech engine (voice.tts: auto finds it): %s\n", installHint())
	}
	fmt.Fprintf(&b, "  - record them yourself: guide voice script %s > lines.txt lists each phrase and its file name;\n"+
		"    save the recordings in a folder DIR, run guide voice import DIR %s, and set voice.pack: DIR\n", arg, arg)
	b.WriteString("  - play a short chime in their place: set voice.missing: chime (or --set voice.missing=chime)")
	return errors.New(b.String())
}

// installHint says how to install a speech engine on this system.
func installHint() string {
	switch runtime.GOOS {
	case "darwin":
		return "macOS's own say is one, and comes with the system"
	case "windows":
		return "Windows' own voices (voice.tts: sapi) come with the system"
	}
	return "sudo apt-get install flite (or festival festvox-us-slt-hts, or espeak-ng)"
}

// Plural returns one or many as n asks.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// synthesize has engine e say texts, through the cache, until ctx is
// cancelled.
func synthesize(ctx context.Context, e *tts.Engine, texts []string, env Env) (*tts.Voice, error) {
	dir, err := tts.CacheDir()
	if err != nil {
		env.warnf("%v; phrases will be synthesised again next time", err)
		dir = ""
	}
	v := tts.NewVoice(e, dir)
	n := len(v.Uncached(texts))
	if n > 0 {
		where := ""
		if dir != "" {
			where = ", once: they are kept in " + dir
		}
		fmt.Fprintf(env.Stderr, "guide: saying %d new %s with %s%s\n", n, Plural(n, "phrase", "phrases"), e, where)
	}
	// On a terminal, once it takes more than a moment: "guide: saying... 5/12".
	line := progress.New(env.Stderr, "guide: saying...")
	var done, total atomic.Int64
	v.Progress = func(d, t int) { done.Store(int64(d)); total.Store(int64(t)) }
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if t := total.Load(); t > 0 {
					line.Count(int(done.Load()), int(t))
				} else {
					line.Count(0, n)
				}
			}
		}
	})
	err = v.Prepare(ctx, texts)
	close(stop)
	wg.Wait()
	line.Done()
	if err != nil {
		return v, err
	}
	return v, nil
}

// PackVoices returns the voice of the packs: the one voice.pack names over
// the built-in one.
func PackVoices(v config.Voice, builtin *voicepack.Pack) (*audio.Voices, error) {
	own, err := OwnPack(v)
	if err != nil || own == nil {
		return audio.Stack(builtin), err
	}
	return audio.Stack(own, builtin), nil
}

// OwnPack opens the pack voice.pack names, or returns nil for none.
func OwnPack(v config.Voice) (*voicepack.Pack, error) {
	path, dir := v.PackDir(), v.Pack
	if path == "" {
		return nil, nil
	}
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("voice.pack is %s, but there is no such folder", dir)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("voice.pack is %s, which is not a folder", dir)
	}
	p, err := voicepack.OpenDir(path)
	if errors.Is(err, voicepack.ErrNoManifest) {
		return nil, fmt.Errorf("voice.pack is %s, but it has no manifest.json: record the phrases (guide voice script lists them), then run guide voice import %s", dir, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("voice.pack %s (guide voice check %s says more):\n%w", dir, dir, err)
	}
	return p, nil
}
