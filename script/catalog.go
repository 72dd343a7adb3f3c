package script

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stretchguide/guide/internal/files"
	"github.com/stretchguide/guide/internal/suggest"
)

// PoseFile is the name of the pose library in a catalog's file system.
const PoseFile = "poses.yaml"

// Catalog is the pose library and the routines that can be played by name:
// the built-in ones and the user's own.
type Catalog struct {
	Library  *Library
	Routines map[string]*Routine
	builtin  map[string]bool
	broken   map[string]Broken // the user's routines that AddUser left out
}

// LoadCatalog reads the pose library (poses.yaml) and every other .yaml
// file in the root of fsys as a built-in routine named after its file. dir
// is how messages name the root (e.g. "sessions").
func LoadCatalog(fsys fs.FS, dir string) (*Catalog, error) {
	c := &Catalog{Routines: map[string]*Routine{}, builtin: map[string]bool{}}
	data, err := fs.ReadFile(fsys, PoseFile)
	if err != nil {
		return nil, err
	}
	var errs []error
	c.Library, err = ParseLibrary(path.Join(dir, PoseFile), data)
	if err != nil {
		errs = append(errs, err)
	}
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	for _, f := range names {
		if f == PoseFile {
			continue
		}
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(f, ".yaml")
		r, err := ParseRoutine(name, path.Join(dir, f), data, c.Library)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c.Routines[name] = r
		c.builtin[name] = true
	}
	return c, errors.Join(errs...)
}

// Broken is a file of the user's routines folder that is left out of the
// catalog, and why.
type Broken struct {
	Name string // the routine it would be; "" for the folder itself
	File string // its path
	Err  error  // its problems, each naming the file (an ErrorList for mistakes in the routine)
}

// AddUser adds every .yaml routine in dir, the user's routines folder, to
// the catalog. A missing folder holds no routines. It returns every file it
// leaves out: one that cannot be read or has mistakes, or a routine named
// like a built-in one (which stays the built-in). Find returns a broken
// routine's problems when it is asked for by name.
func (c *Catalog) AddUser(dir string) []Broken {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var broken []Broken
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		broken = append(broken, Broken{File: dir, Err: fmt.Errorf("%s: your routines folder cannot be read: %w", files.Show(dir), err)})
	}
	if c.broken == nil {
		c.broken = map[string]Broken{}
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		f := filepath.Join(dir, e.Name())
		name := strings.TrimSuffix(e.Name(), ".yaml")
		if c.builtin[name] {
			broken = append(broken, Broken{name, f, fmt.Errorf("%s: a built-in routine is called %s too; rename the file to play it (the built-in one plays under that name)", files.Show(f), files.Show(name))})
			continue
		}
		data, err := files.Read(f, files.MaxText, "a routine")
		var r *Routine
		if err == nil {
			r, err = ParseRoutine(name, f, data, c.Library)
		}
		if err != nil {
			b := Broken{name, f, err}
			broken = append(broken, b)
			c.broken[name] = b
			continue
		}
		c.Routines[name] = r
	}
	return broken
}

// Builtin reports whether the routine called name is built in.
func (c *Catalog) Builtin(name string) bool { return c.builtin[name] }

// Names returns the routines' names, sorted.
func (c *Catalog) Names() []string {
	var n []string
	for k := range c.Routines {
		n = append(n, k)
	}
	slices.Sort(n)
	return n
}

// IsPath reports whether arg names a routine file rather than a routine:
// it has a slash or ends in .yaml or .yml.
func IsPath(arg string) bool {
	return strings.ContainsRune(arg, '/') || strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml")
}

// Find returns the routine arg names: a routine's name, or the path of a
// routine file.
func (c *Catalog) Find(arg string) (*Routine, error) {
	if IsPath(arg) {
		return c.Load(arg)
	}
	if r := c.Routines[arg]; r != nil {
		return r, nil
	}
	if b, ok := c.broken[arg]; ok {
		return nil, b.Err
	}
	return nil, fmt.Errorf("no routine named %q%s; the routines are: %s (or give the path of a routine file)",
		arg, suggest.Hint(arg, c.Names()), strings.Join(c.Names(), ", "))
}

// Load reads the routine file at path, against the catalog's library.
func (c *Catalog) Load(path string) (*Routine, error) {
	data, err := files.Read(path, files.MaxText, "a routine")
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return ParseRoutine(name, path, data, c.Library)
}
