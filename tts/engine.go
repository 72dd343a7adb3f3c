// Package tts speaks phrases with a text-to-speech engine installed on the
// system: festival, flite, espeak-ng, piper, macOS say, or a command of the
// user's. Engines run with argument lists, the text in a file or on
// standard input, never through a shell. Results are shaped like the clips
// of a voice pack (trimmed, loudness-matched, 44.1 kHz) and cached on disk
// by engine, voice and text, so a phrase is synthesised once.
package tts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/internal/files"
	"github.com/stretchguide/guide/internal/proc"
	"github.com/stretchguide/guide/script"
)

// The values voice.tts takes.
const (
	Auto     = "auto"      // the best engine installed, in the order of Best
	Festival = "festival"  // festival's text2wave
	Flite    = "flite"     // CMU flite
	EspeakNG = "espeak-ng" // eSpeak NG
	Piper    = "piper"     // piper, with a voice model (.onnx)
	Say      = "say"       // macOS say
	Command  = "command"   // a command line of the user's, with {text} and {out}
	None     = "none"      // no text-to-speech
)

// Names lists the values voice.tts takes, for messages.
var Names = []string{Auto, Flite, Festival, EspeakNG, Piper, Say, SAPI, Command, None}

// Best is the order in which Auto tries the engines on the system guide
// runs on (see best).
var Best = best(runtime.GOOS)

// best is the order of Auto on goos: the system's own voices first where
// they are good (macOS say, Windows' System.Speech), then by the word error
// rate a speech recogniser makes on each engine's best voice saying the
// built-in phrases at guide's pace (tools/voicecompare; the table is in
// README.md). piper needs a voice model, so Auto never picks it.
func best(goos string) []string {
	switch goos {
	case "darwin":
		return []string{Say, Flite, Festival, EspeakNG}
	case "windows":
		return []string{SAPI, EspeakNG, Flite}
	}
	return []string{Flite, Festival, EspeakNG}
}

// DefaultVoice is "": each engine's own best voice (see engines).
const DefaultVoice = ""

// spec is how guide runs one engine.
type spec struct {
	program  string // the executable
	packages string // the Debian packages that provide it and its voice, "" if none does
	install  string // how to install it when no Debian package does
	voice    string // the voice used when none is configured
	// args returns the command line after the program: voice, the text's
	// file, the output WAV file.
	args func(voice, text, out string) []string
	// stdin: the text goes on standard input (args gets text "")
	stdin bool
}

// Speech rates. flite's is the built-in pack's: about 2.3 words a second
// of speech, a calm pace for someone lying down with their eyes closed.
// Slowing a voice costs clarity (tools/voicecompare measured flite rms at
// 14.9 % word errors at its own pace, 14.5 % at a stretch of 1.15, 17.7 %
// at 1.3; festival's HTS voice at 18.9 % at its own pace, 22.6 % at 0.8,
// 30.6 % at 0.65), so the slower engines are slowed less: festival at 0.8
// and espeak-ng at 140 words a minute say about 2.7 words a second.
const (
	festivalRate    = "0.8" // hts_engine -r, for HTS voices: lower is slower, pitch unchanged
	festivalStretch = "1.3" // Duration_Stretch, for the other festival voices
	fliteStretch    = "1.3" // duration_stretch: higher is slower
	espeakWPM       = "140" // words per minute
	sayWPM          = "140"
	piperScale      = "1.3" // length_scale: higher is slower
)

var engines = map[string]spec{
	Festival: {
		program: "text2wave", packages: "festival festvox-us-slt-hts", voice: "cmu_us_slt_arctic_hts",
		args: func(voice, text, out string) []string {
			return []string{"-o", out,
				"-eval", "(voice_" + voice + ")",
				// HTS voices take their pace from hts_engine's rate; the
				// others from Duration_Stretch.
				"-eval", `(set! hts_engine_params (append hts_engine_params (list (list "-r" ` + festivalRate + `))))`,
				"-eval", "(Parameter.set 'Duration_Stretch " + festivalStretch + ")",
				text}
		},
	},
	Flite: {
		program: "flite", packages: "flite", voice: "rms",
		args: func(voice, text, out string) []string {
			return []string{"-voice", voice, "--setf", "duration_stretch=" + fliteStretch, "-f", text, "-o", out}
		},
	},
	EspeakNG: {
		program: "espeak-ng", packages: "espeak-ng", voice: "en-us",
		args: func(voice, text, out string) []string {
			return []string{"-v", voice, "-s", espeakWPM, "-w", out, "-f", text}
		},
	},
	Piper: {
		program: "piper", install: "pip install piper-tts, or a release from https://github.com/rhasspy/piper, and a voice model (.onnx)",
		stdin: true,
		args: func(voice, _, out string) []string {
			return []string{"--model", voice, "--length_scale", piperScale, "--output_file", out}
		},
	},
	SAPI: {
		program: "powershell", install: "it comes with Windows",
		stdin: true,
		args:  func(voice, _, _ string) []string { return sapiArgs(voice) },
	},
	Say: {
		program: "say", install: "it comes with macOS",
		args: func(voice, text, out string) []string {
			a := []string{"-r", sayWPM, "--file-format=WAVE", "--data-format=LEI16@22050", "-o", out, "-f", text}
			if voice != "" {
				a = append([]string{"-v", voice}, a...)
			}
			return a
		},
	},
}

// Engine is a text-to-speech engine that is installed, with the voice it
// speaks with.
type Engine struct {
	Name    string   // festival, flite, espeak-ng, piper, say or command
	Voice   string   // the engine's voice; for command, the command line
	Program string   // the executable's path
	argv    []string // command: the command line, split, placeholders kept
}

// String names the engine and its voice, as messages and manifests do:
// "festival cmu_us_slt_arctic_hts".
func (e *Engine) String() string {
	if e.Voice == "" {
		return e.Name
	}
	return e.Name + " " + e.Voice
}

// Config is what the user chose: voice.tts, voice.speaker, voice.command.
type Config struct {
	Engine  string // one of Names
	Voice   string // the engine's voice, DefaultVoice for its best
	Command string // for Command: the command line, with {text} and {out}
}

// NotInstalledError says that the engine asked for (or, for Auto, every
// engine) is not installed, and how to install it.
type NotInstalledError struct {
	Engine string // as configured: Auto or an engine's name
}

func (e *NotInstalledError) Error() string {
	if e.Engine == Auto {
		return "tts: no text-to-speech engine is installed (looked for " + strings.Join(programs(Best), ", ") + ")"
	}
	s := engines[e.Engine]
	return fmt.Sprintf("tts: voice.tts is %s, but %s is not installed; %s", e.Engine, s.program, Install(e.Engine))
}

// Install says how to install engine name.
func Install(name string) string {
	s := engines[name]
	if s.packages != "" {
		return "install it with: sudo apt-get install " + s.packages
	}
	return s.install
}

func programs(names []string) []string {
	var p []string
	for _, n := range names {
		p = append(p, engines[n].program)
	}
	return p
}

// voiceName is what a voice name may be for engines that put it in a
// command (festival: a Scheme symbol).
var (
	voiceName     = regexp.MustCompile(`^[A-Za-z0-9_./~][A-Za-z0-9_.+/~ -]*$`)
	festivalVoice = regexp.MustCompile(`^[a-z0-9_]+$`)
)

// Find returns the engine cfg names, if it is installed. For Auto, it is
// the first of Best that is installed, with its best voice. It looks for
// the programs (and festival's voice) on disk, and asks flite for its
// voices when one is named.
func Find(cfg Config) (*Engine, error) {
	switch cfg.Engine {
	case None:
		return nil, errors.New("tts: voice.tts is none")
	case Auto:
		if cfg.Voice != DefaultVoice {
			return nil, fmt.Errorf("tts: voice.speaker is %s, but voice.tts is auto; name the engine the voice belongs to (voice.tts: %s)",
				cfg.Voice, strings.Join(Names[1:len(Names)-2], ", "))
		}
		for _, name := range Best {
			if e, err := Find(Config{Engine: name}); err == nil && (name != Festival || festivalHasVoice(e.Voice)) {
				return e, nil
			}
		}
		return nil, &NotInstalledError{Engine: Auto}
	case Command:
		return findCommand(cfg.Command)
	}
	s, ok := engines[cfg.Engine]
	if !ok {
		return nil, fmt.Errorf("tts: no engine named %q; want one of %s", cfg.Engine, strings.Join(Names, ", "))
	}
	voice := cfg.Voice
	if voice == DefaultVoice {
		voice = s.voice
	}
	if voice != "" && (cfg.Engine == Piper || cfg.Engine == Flite && strings.HasSuffix(voice, ".flitevox")) {
		// A voice file: engines run in a folder of their own, without a
		// shell, so the path they are given is whole and absolute.
		voice = files.ExpandHome(voice)
		if abs, err := filepath.Abs(voice); err == nil {
			voice = abs
		}
	}
	switch {
	case cfg.Engine == Piper && voice == "":
		return nil, errors.New("tts: piper needs a voice model: set voice.speaker to the path of its .onnx file")
	case cfg.Engine == Festival && !festivalVoice.MatchString(voice):
		return nil, fmt.Errorf("tts: voice.speaker %q is not a festival voice name (lower-case letters, digits and _, e.g. %s)", voice, s.voice)
	case voice != "" && !voiceName.MatchString(voice):
		return nil, fmt.Errorf("tts: voice.speaker %q is not a voice name (letters, digits and _ . + / -, not starting with -)", voice)
	}
	path, err := exec.LookPath(s.program)
	if err != nil {
		return nil, &NotInstalledError{Engine: cfg.Engine}
	}
	if cfg.Engine == Flite && cfg.Voice != DefaultVoice {
		if err := fliteVoice(path, voice); err != nil {
			return nil, err
		}
	}
	return &Engine{Name: cfg.Engine, Voice: voice, Program: path}, nil
}

// festivalHasVoice reports whether one of festival's voice directories has
// the voice, without starting festival.
func festivalHasVoice(voice string) bool {
	for _, root := range []string{"/usr/share/festival/voices", "/usr/lib/festival/voices", "/usr/local/share/festival/voices"} {
		if m, _ := filepath.Glob(filepath.Join(root, "*", voice)); len(m) > 0 {
			return true
		}
	}
	return false
}

// findCommand splits a voice.command line into arguments.
func findCommand(line string) (*Engine, error) {
	argv, err := SplitCommand(line)
	if err != nil {
		return nil, fmt.Errorf("tts: voice.command: %w", err)
	}
	if len(argv) == 0 {
		return nil, errors.New("tts: voice.tts is command, but voice.command is empty; write the command line, e.g. voice.command: mytts --out {out} {text}")
	}
	if strings.Contains(argv[0], "{") {
		return nil, fmt.Errorf("tts: voice.command: the program %q has a placeholder; {text} and {out} go in its arguments", argv[0])
	}
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return nil, fmt.Errorf("tts: voice.command: %s: %w", argv[0], unwrapExec(err))
	}
	// A relative program (./mytts, bin/mytts) is found from the current
	// folder; the engine runs in a folder of its own, so it is run by the
	// absolute path found here.
	if path, err = filepath.Abs(path); err != nil {
		return nil, fmt.Errorf("tts: voice.command: %s: %w", argv[0], err)
	}
	return &Engine{Name: Command, Voice: line, Program: path, argv: argv}, nil
}

func unwrapExec(err error) error {
	var ee *exec.Error
	if errors.As(err, &ee) {
		return ee.Err
	}
	return err
}

// SplitCommand splits a command line into arguments as a shell would split
// words, and does nothing else a shell does: 'single' and "double" quotes
// group words (a backslash escapes the next character outside single
// quotes), and $, `, ;, |, &, *, < and > are ordinary characters.
func SplitCommand(line string) ([]string, error) {
	var (
		args  []string
		cur   strings.Builder
		inArg bool
		quote rune
	)
	rs := []rune(line)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\\':
			if i+1 == len(rs) {
				return nil, errors.New("a backslash ends the line")
			}
			i++
			cur.WriteRune(rs[i])
			inArg = true
		case quote == '"':
			if r == '"' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inArg = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote", quote)
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// An engine runs in a directory named tempPrefix, guide's process ID and
// a dash, then random characters.
const tempPrefix = "guide-tts-"

// swept holds the temporary directories sweepTemp has swept.
var swept sync.Map

// sweepTemp removes, once, the directories engines ran in for a guide that
// is no longer running: one killed (kill -9) while an engine spoke could
// not remove its own.
func sweepTemp() {
	dir := os.TempDir()
	if _, done := swept.LoadOrStore(dir, true); done {
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), tempPrefix)
		pid, _, dash := strings.Cut(rest, "-")
		n, err := strconv.Atoi(pid)
		if !ok || !dash || err != nil || n <= 0 || n == os.Getpid() || !e.IsDir() || proc.Alive(n) {
			continue
		}
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// timeout bounds one phrase's synthesis (a variable for tests).
var timeout = 2 * time.Minute

// MaxPhrase is the longest clip an engine may make of one phrase: a phrase
// is a sentence or two, said in seconds; anything longer is an engine gone
// wrong, refused before it is decoded.
const MaxPhrase = voicepack.MaxClip

// maxOutput bounds what an engine may write: a minute of 48 kHz 32-bit
// stereo audio is 23 MB.
const maxOutput = 64 << 20

// Speak runs the engine on text and returns the sound it made: a WAV file's
// bytes (or whatever a command wrote, for audio.DecodeClip to check). The
// text goes to the engine in a file or on standard input, and every
// argument is passed as it is, without a shell. The engine runs in a
// temporary directory that is removed afterwards.
func (e *Engine) Speak(ctx context.Context, text string) ([]byte, error) {
	sweepTemp()
	tmp, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", tempPrefix, os.Getpid()))
	if err != nil {
		return nil, fmt.Errorf("tts: %w", err)
	}
	defer os.RemoveAll(tmp)
	textFile, out := filepath.Join(tmp, "text.txt"), filepath.Join(tmp, "speech.wav")
	// One line: a newline would end the phrase for engines that read lines.
	line := strings.Join(strings.Fields(text), " ")
	if err := os.WriteFile(textFile, []byte(line+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("tts: %w", err)
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	var (
		args   []string
		stdin  bool
		stdout bool // the sound comes on standard output
	)
	if e.Name == Command {
		args, stdin, stdout = commandArgs(e.argv[1:], line, out)
	} else {
		s := engines[e.Name]
		if s.stdin {
			args, stdin = s.args(e.Voice, "", out), true
		} else {
			args = s.args(e.Voice, textFile, out)
		}
	}
	cmd := exec.CommandContext(ctx, e.Program, args...)
	// The engine and whatever it starts are killed together on the
	// timeout, on a signal (ctx) and when it writes too much, and Wait
	// waits at most WaitDelay for output a leftover child holds open.
	proc.OwnGroup(cmd)
	cmd.WaitDelay = 2 * time.Second
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	if stdin {
		cmd.Stdin = strings.NewReader(line + "\n")
	}
	var so, se limitedBuffer
	so.max, se.max = maxOutput, 64<<10
	so.over = cancel // no more: stop the engine now
	cmd.Stdout, cmd.Stderr = &so, &se
	var big atomic.Bool // the sound file passed maxOutput
	if !stdout {
		stop := watchSize(out, func() { big.Store(true); cancel() })
		defer stop()
	}
	err = cmd.Run()
	proc.KillGroup(cmd) // what it left running
	msg := bytes.TrimSpace(append(se.Bytes(), func() []byte {
		if stdout {
			return nil
		}
		return so.Bytes()
	}()...))
	switch {
	case parent.Err() != nil:
		return nil, parent.Err()
	case so.full || big.Load():
		return nil, fmt.Errorf("tts: %s wrote more than %d MB for %q; a phrase's sound is far less", e, maxOutput>>20, text)
	case ctx.Err() == context.DeadlineExceeded:
		return nil, fmt.Errorf("tts: %s took longer than %s to say %q", e, script.Human(timeout), text)
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil:
		return nil, fmt.Errorf("tts: %s failed to say %q: %v%s", e, text, err, indent(msg))
	case bytes.Contains(msg, []byte("SIOD ERROR")): // text2wave exits 0 after a festival error
		if bytes.Contains(msg, []byte("unbound variable : voice_")) {
			return nil, fmt.Errorf("tts: festival has no voice %s; for the default voice: sudo apt-get install festvox-us-slt-hts%s", e.Voice, indent(msg))
		}
		return nil, fmt.Errorf("tts: festival failed to say %q%s", text, indent(msg))
	}
	if stdout {
		if so.Len() == 0 {
			return nil, fmt.Errorf("tts: %s wrote nothing on its standard output for %q (put {out} in voice.command if it writes a file)%s", e, text, indent(msg))
		}
		return so.Bytes(), nil
	}
	st, err := os.Stat(out)
	switch {
	case err != nil:
		return nil, fmt.Errorf("tts: %s wrote no sound file for %q%s", e, text, indent(msg))
	case st.Size() > maxOutput:
		return nil, fmt.Errorf("tts: %s wrote more than %d MB for %q; a phrase's sound is far less", e, maxOutput>>20, text)
	}
	return os.ReadFile(out)
}

// watchSize calls over, once, if file grows past maxOutput while the
// engine writes it, and returns a function that stops watching.
func watchSize(file string, over func()) (stop func()) {
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if st, err := os.Stat(file); err == nil && st.Size() > maxOutput {
					over()
					return
				}
			}
		}
	}()
	return func() { close(done) }
}

// commandArgs fills a voice.command's placeholders: {text} with the text,
// {out} with the WAV file to write. Without {text}, the text goes on
// standard input; without {out}, the sound is read from standard output.
func commandArgs(tmpl []string, text, out string) (args []string, stdin, stdout bool) {
	hasText, hasOut := false, false
	for _, a := range tmpl {
		hasText = hasText || strings.Contains(a, "{text}")
		hasOut = hasOut || strings.Contains(a, "{out}")
	}
	r := strings.NewReplacer("{text}", text, "{out}", out)
	for _, a := range tmpl {
		args = append(args, r.Replace(a))
	}
	return args, !hasText, !hasOut
}

// indent returns msg on its own indented lines, or "".
func indent(msg []byte) string {
	if len(msg) == 0 {
		return ""
	}
	lines := strings.Split(string(msg), "\n")
	if len(lines) > 8 {
		lines = append(lines[:8], "...")
	}
	return "\n    " + strings.Join(lines, "\n    ")
}

// limitedBuffer keeps at most max bytes, notes when there were more, and
// then calls over (if set) once. It is an io.Writer and nothing more: a
// promoted bytes.Buffer.ReadFrom would let io.Copy (and so exec) fill it
// without limit.
type limitedBuffer struct {
	buf  []byte
	max  int
	full bool
	over func()
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if room := b.max - len(b.buf); n > room {
		p = p[:max(room, 0)]
		if !b.full && b.over != nil {
			b.over()
		}
		b.full = true
	}
	if need := len(b.buf) + len(p); need > cap(b.buf) {
		// Grow by doubling, but never past max: the buffer holds at
		// most max bytes, and allocates about twice that in all.
		grown := make([]byte, len(b.buf), min(max(2*cap(b.buf), need, 4096), max(b.max, need)))
		copy(grown, b.buf)
		b.buf = grown
	}
	b.buf = append(b.buf, p...)
	return n, nil
}

func (b *limitedBuffer) Bytes() []byte { return b.buf }
func (b *limitedBuffer) Len() int      { return len(b.buf) }

// Installed returns the engines of Best that are installed, best first.
func Installed() []string {
	var out []string
	for _, name := range Best {
		if _, err := exec.LookPath(engines[name].program); err == nil {
			out = append(out, name)
		}
	}
	return slices.Clip(out)
}
