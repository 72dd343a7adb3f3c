// Package pages gives the kernel back the pages of guide's own binary that
// hold data read once: the built-in voice pack is most of the binary, and
// each clip is read once, when it is first said.
//
// Those pages belong to the page cache, not to guide: reading a clip maps
// them into guide's memory, and there they stay, counted in its resident
// size, until the kernel needs them. On Linux, which maps the whole large
// folio of the page cache around a byte that is read, reading a few clips
// maps megabytes. Drop unmaps them again; what is read next is mapped
// again from the page cache, without reading the disk.
package pages

import "io/fs"

// Dropping returns fsys, whose files Drop the binary's read-only pages
// when they are closed: for an embed.FS, whose files are those pages.
func Dropping(fsys fs.FS) fs.FS {
	if !canDrop {
		return fsys
	}
	return dropFS{fsys}
}

type dropFS struct{ fsys fs.FS }

func (d dropFS) Open(name string) (fs.File, error) {
	f, err := d.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if _, dir := f.(fs.ReadDirFile); dir {
		return f, nil // reading a directory reads no file's pages
	}
	return dropFile{f}, nil
}

// Stat does not open the file, so it drops nothing.
func (d dropFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.fsys, name) }

type dropFile struct{ fs.File }

func (f dropFile) Close() error {
	err := f.File.Close()
	Drop()
	return err
}
