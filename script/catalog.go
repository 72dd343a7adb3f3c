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

	"github.com/stretchguide/guide/internal/suggest"
)

// PoseFile is the name of the pose library in a catalog's file system.
const PoseFile = "poses.yaml"

// Catalog is the pose library and the built-in routines.
type Catalog struct {
	Poses    map[string]*Pose
	Routines map[string]*Routine
}

// LoadCatalog reads the pose library (poses.yaml) and every other .yaml
// file in the root of fsys as a routine named after its file. dir is how
// messages name the root (e.g. "sessions").
func LoadCatalog(fsys fs.FS, dir string) (*Catalog, error) {
	c := &Catalog{Routines: map[string]*Routine{}}
	data, err := fs.ReadFile(fsys, PoseFile)
	if err != nil {
		return nil, fmt.Errorf("script: %w", err)
	}
	var errs []error
	c.Poses, err = ParsePoses(path.Join(dir, PoseFile), data)
	if err != nil {
		errs = append(errs, err)
	}
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("script: %w", err)
	}
	for _, f := range names {
		if f == PoseFile {
			continue
		}
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("script: %w", err)
		}
		name := strings.TrimSuffix(f, ".yaml")
		r, err := ParseRoutine(name, path.Join(dir, f), data, c.Poses)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c.Routines[name] = r
	}
	return c, errors.Join(errs...)
}

// Names returns the built-in routines' names, sorted.
func (c *Catalog) Names() []string {
	var n []string
	for k := range c.Routines {
		n = append(n, k)
	}
	slices.Sort(n)
	return n
}

// Find returns the routine arg names: a built-in routine's name, or the
// path of a routine file (anything with a slash or ending in .yaml).
func (c *Catalog) Find(arg string) (*Routine, error) {
	if strings.ContainsRune(arg, '/') || strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") {
		data, err := os.ReadFile(arg)
		if err != nil {
			return nil, fmt.Errorf("script: %w", err)
		}
		name := strings.TrimSuffix(filepath.Base(arg), filepath.Ext(arg))
		return ParseRoutine(name, arg, data, c.Poses)
	}
	if r := c.Routines[arg]; r != nil {
		return r, nil
	}
	return nil, fmt.Errorf("script: no routine named %q%s; built-in routines: %s (or give the path of a routine file)",
		arg, suggest.Hint(arg, c.Names()), strings.Join(c.Names(), ", "))
}
