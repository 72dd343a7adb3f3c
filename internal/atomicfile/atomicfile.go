// Package atomicfile writes files so that a reader sees the old file or the
// whole new one, never a part: every file guide writes (renders, chapter
// lists, voice pack clips and manifests, cached speech, config init) goes
// through a temporary file beside it and a rename. It is its own package,
// not part of audio/export, because the voice pack, text-to-speech and
// config writers need it too and none of them should import the others.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Temporary files are named ".guide-" + the file's name + "-" + 8 random
// hex digits + ".tmp", beside the file they become.
const (
	prefix = ".guide-"
	suffix = ".tmp"
)

// File is a temporary file that becomes path on Commit.
type File struct {
	*os.File
	path    string
	done    bool
	written int64 // bytes written by Write
	behind  int64 // of them, those the disk has been asked to take
}

// writeBehindChunk is how much Write lets pile up before it asks the
// system to start writing it to the disk.
const writeBehindChunk = 8 << 20

// Write writes b to the temporary file. Every writeBehindChunk bytes it
// asks the system to start writing them to the disk (on Linux), so that
// they go while the rest is made and the sync at the end has little left
// to wait for: a 70 MB render's sync waited 40 ms for the disk.
func (f *File) Write(b []byte) (int, error) {
	n, err := f.File.Write(b)
	f.written += int64(n)
	if f.written-f.behind >= writeBehindChunk {
		writeBehind(f.File, f.behind, f.written-f.behind)
		f.behind = f.written
	}
	return n, err
}

// Create starts writing path: it creates a temporary file in path's folder
// and holds a lock on it while it is open, so that RemoveStale knows it is
// in use.
func Create(path string) (*File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	var rnd [4]byte
	for range 100 {
		if _, err := rand.Read(rnd[:]); err != nil {
			return nil, err
		}
		name := filepath.Join(dir, prefix+base+"-"+hex.EncodeToString(rnd[:])+suffix)
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := lock(f); err != nil {
			f.Close()
			os.Remove(name)
			return nil, err
		}
		return &File{File: f, path: path}, nil
	}
	return nil, fmt.Errorf("atomicfile: no free temporary name beside %s", path)
}

// Path returns the file's final name.
func (f *File) Path() string { return f.path }

// Commit syncs the temporary file, gives it the mode of the file it
// replaces (0644 for a new one), and renames it into place.
func (f *File) Commit() error {
	if f.done {
		return errors.New("atomicfile: already committed or aborted")
	}
	f.done = true
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(f.path); err == nil {
		if !st.Mode().IsRegular() {
			f.remove()
			return fmt.Errorf("%s is not a regular file", f.path)
		}
		mode = st.Mode().Perm()
	}
	err := f.Chmod(mode)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	syncDir(filepath.Dir(f.path))
	return nil
}

// Abort removes the temporary file. After Commit it does nothing, so it can
// be deferred.
func (f *File) Abort() {
	if !f.done {
		f.done = true
		f.remove()
	}
}

func (f *File) remove() {
	f.File.Close()
	os.Remove(f.Name())
}

// WriteFile writes data to path atomically (see Create and Commit).
func WriteFile(path string, data []byte) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Commit()
}

// IsTemp reports whether name (a file name, not a path) is one of this
// package's temporary files.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, prefix) && strings.HasSuffix(name, suffix)
}

// RemoveStale removes the temporary files in dir that no running guide
// holds (left by one that was killed), and returns their names.
func RemoveStale(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range entries {
		if !IsTemp(e.Name()) || !e.Type().IsRegular() {
			continue
		}
		name := filepath.Join(dir, e.Name())
		f, err := os.OpenFile(name, os.O_RDWR, 0)
		if err != nil {
			continue
		}
		if lock(f) == nil { // nobody holds it
			if os.Remove(name) == nil {
				removed = append(removed, name)
			}
		}
		f.Close()
	}
	return removed, nil
}
