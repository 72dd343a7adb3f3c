// Package files reads the files guide is given: the config file, routine
// files, a voice pack's manifest and clips, recordings to import and the
// ambience loop. It reads only regular files, each kind up to a size limit
// that its messages name, and it opens them without blocking, so that a
// named pipe, a device such as /dev/zero or a huge file is refused at once
// rather than waited on or read into memory. Show and Excerpt are how
// messages quote a file's name and a piece of what it holds.
package files

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The limits, in bytes, of each kind of file guide reads.
const (
	// MaxText is the largest config or routine file: a routine of a
	// hundred steps is some 20 KB.
	MaxText = 1 << 20
	// MaxManifest is the largest voice pack manifest.json: about 2.3 KB a
	// clip, so some 7,000 phrases.
	MaxManifest = 16 << 20
	// MaxAudio is the largest clip, recording or ambience file: two
	// minutes of 24-bit stereo WAV at 96 kHz.
	MaxAudio = 64 << 20
	// MaxHistory is the largest history file: some 300,000 sessions, a
	// hundred years of a few a day.
	MaxHistory = 64 << 20
)

// Error is a file that cannot be read: Path, as the user gave it, and what
// is wrong with it. It wraps fs.ErrNotExist when there is no such file.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return Show(e.Path) + ": " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// errNotExist is the Err of an Error for a missing file.
var errNotExist = fmt.Errorf("no such file%w", wrapOnly{fs.ErrNotExist})

// wrapOnly wraps an error without adding to the message.
type wrapOnly struct{ err error }

func (w wrapOnly) Error() string { return "" }
func (w wrapOnly) Unwrap() error { return w.err }

// File is a regular file opened for reading by Open. Reading it past its
// limit is an error: a file that grows while it is read cannot fill memory.
type File struct {
	f     *os.File
	r     io.Reader
	path  string
	what  string
	limit int64
	size  int64
	read  int64
}

// Open opens the regular file at path, which holds what ("a routine", "an
// ambience file": it names the kind in messages) and may be at most limit
// bytes. The error, an *Error, says what is wrong: no such file, a folder,
// a named pipe, a device, too big.
func Open(path string, limit int64, what string) (*File, error) {
	// Look before opening, so that a device is not even opened; then check
	// what was opened, which is what counts.
	if err := Check(path, limit, what); err != nil {
		return nil, err
	}
	f, err := openFile(path)
	if err != nil {
		return nil, pathError(path, err)
	}
	info, err := f.Stat()
	if err == nil {
		err = check(info, limit, what)
	}
	if err != nil {
		f.Close()
		return nil, &Error{path, err}
	}
	return &File{f: f, r: io.LimitReader(f, limit+1), path: path, what: what, limit: limit, size: info.Size()}, nil
}

// Check reports what Open would refuse the file at path for, without
// opening it: a file that is not there, not a regular file, or over limit
// bytes. It is for checking a setting before the file is needed.
func Check(path string, limit int64, what string) error {
	info, err := os.Stat(path)
	if err != nil {
		return pathError(path, err)
	}
	if err := check(info, limit, what); err != nil {
		return &Error{path, err}
	}
	return nil
}

// Read returns the contents of the regular file at path, as Open checks
// it.
func Read(path string, limit int64, what string) ([]byte, error) {
	f, err := Open(path, limit, what)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, f.Size())
}

// ReadFS is Read for a file in fsys (an embed.FS, os.DirFS), named as in
// fsys; messages name it as show returns it.
func ReadFS(fsys fs.FS, name string, limit int64, what string, show func(string) string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, pathError(show(name), err)
	}
	if err := check(info, limit, what); err != nil {
		return nil, &Error{show(name), err}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, pathError(show(name), err)
	}
	defer f.Close()
	lf := &File{r: io.LimitReader(f, limit+1), path: show(name), what: what, limit: limit, size: info.Size()}
	return readAll(lf, info.Size())
}

func readAll(f *File, size int64) ([]byte, error) {
	data := make([]byte, 0, size+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Read reads from the file; past the limit it returns an *Error.
func (f *File) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	f.read += int64(n)
	if f.read > f.limit {
		return n, &Error{f.path, tooBig(f.read, f.limit, f.what)}
	}
	if err != nil && err != io.EOF {
		return n, &Error{f.path, unwrap(err)}
	}
	return n, err
}

// Size returns the file's size when it was opened.
func (f *File) Size() int64 { return f.size }

// Close closes the file.
func (f *File) Close() error {
	if f.f == nil {
		return nil
	}
	return f.f.Close()
}

// check returns what makes info no file to read, or nil.
func check(info fs.FileInfo, limit int64, what string) error {
	switch mode := info.Mode(); {
	case mode.IsDir():
		return errors.New("is a directory")
	case mode&fs.ModeNamedPipe != 0:
		return errors.New("is a named pipe, not a regular file")
	case mode&fs.ModeDevice != 0:
		return errors.New("is a device, not a regular file")
	case mode&fs.ModeSocket != 0:
		return errors.New("is a socket, not a regular file")
	case !mode.IsRegular():
		return errors.New("is not a regular file")
	}
	if info.Size() > limit {
		return tooBig(info.Size(), limit, what)
	}
	return nil
}

func tooBig(size, limit int64, what string) error {
	most := Size(limit)
	if limit >= 1024 {
		most += fmt.Sprintf(" (%d bytes)", limit)
	}
	return fmt.Errorf("is %d bytes; %s may be at most %s", size, what, most)
}

// Size returns n bytes as people write it: 300 bytes, 1 MiB, 2.5 GiB.
func Size(n int64) string {
	if n < 1024 {
		return strconv.FormatInt(n, 10) + " bytes"
	}
	units := []string{"KiB", "MiB", "GiB", "TiB"}
	v, u := float64(n)/1024, 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	return strings.TrimSuffix(strconv.FormatFloat(math.Floor(v*10)/10, 'f', 1, 64), ".0") + " " + units[u]
}

// pathError returns err, from opening path, as an *Error in our words.
func pathError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return &Error{path, errNotExist}
	}
	return &Error{path, unwrap(err)}
}

// unwrap drops the operation and path of a *fs.PathError, which Error
// names itself.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Show returns the name of a file as messages print it: as it is when it
// is printable on one line, else quoted with its control characters
// escaped (a BEL, an ESC[31m), so that a name cannot ring the terminal or
// colour it. Show of what Show returns is the same.
func Show(name string) string {
	if name != "" && utf8.ValidString(name) && !strings.ContainsFunc(name, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return name
	}
	return strconv.Quote(name)
}

// MaxExcerpt is how many characters of a value Excerpt keeps.
const MaxExcerpt = 60

// Excerpt returns s, or its first MaxExcerpt characters and "…" when it is
// longer, so that a message never quotes a whole file or a huge value.
func Excerpt(s string) string {
	if t, cut := cutExcerpt(s); cut {
		return t + "…"
	}
	return s
}

// Quote returns an excerpt of s quoted, its control characters escaped.
func Quote(s string) string {
	if t, cut := cutExcerpt(s); cut {
		return strconv.Quote(t) + "…"
	}
	return strconv.Quote(s)
}

// cutExcerpt returns the first MaxExcerpt characters of s, and whether
// that is less than s.
func cutExcerpt(s string) (string, bool) {
	n := 0
	for i := range s {
		if n == MaxExcerpt {
			return s[:i], true
		}
		n++
	}
	return s, false
}

// ExpandHome turns a leading ~/ of path into the home folder, as a shell
// would: settings such as voice.pack and ambience are often written so.
func ExpandHome(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return path
}

// QuoteEach returns each of s in Go's quotes, whole: phrases listed for
// the user to read, or record, as they are.
func QuoteEach(s []string) []string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = strconv.Quote(v)
	}
	return q
}
