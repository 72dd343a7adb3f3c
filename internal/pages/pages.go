// Package pages reads the files embedded in guide's binary from the
// binary's file, not from its memory.
//
// The built-in voice pack is most of the binary, and each clip is read
// once, when it is first said. Read from memory, a clip's bytes are pages
// of the page cache mapped into guide: they count in its resident size
// until the kernel needs them, and on Linux, which maps the whole large
// folio of the page cache around a byte that is read, reading one clip
// maps megabytes. Read from the executable file with pread, the same
// bytes are copied from the same page cache into the buffer the reader
// was filling anyway, and nothing is mapped.
package pages

import (
	"embed"
	"io"
	"io/fs"
	"os"
	"reflect"
	"sync"
	"unsafe"
)

// FromFile returns fsys, whose files read their bytes from the
// executable file where the process can tell where in that file they are
// (Linux), and from memory otherwise. Directories and Stat are fsys's own.
// The executable is opened when the first file is.
func FromFile(fsys embed.FS) fs.FS {
	return fileFS{fsys, sync.OnceValue(openExe)}
}

type fileFS struct {
	fsys embed.FS
	exe  func() *executable
}

func (x fileFS) Open(name string) (fs.File, error) {
	f, err := x.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	data, ok := embedded(f)
	exe := x.exe()
	if !ok || len(data) == 0 || exe == nil {
		return f, nil // a directory, an empty file, an embed that has changed, or no way to the file
	}
	off, ok := exe.offset(uintptr(unsafe.Pointer(unsafe.StringData(data))), len(data))
	if !ok {
		return f, nil
	}
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return &file{io.NewSectionReader(exe.f, off, int64(len(data))), info}, nil
}

// Stat does not open the file, so it reads no file's bytes.
func (x fileFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(x.fsys, name) }

// file is an embedded file read from the executable. It is an io.ReaderAt
// and an io.Seeker, as embed's own files are.
type file struct {
	*io.SectionReader
	info fs.FileInfo
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }

// Close leaves the executable open: the other files read from it too.
func (f *file) Close() error { return nil }

// embedded returns the bytes of f, a file opened by an embed.FS, as the
// string the compiler laid them down in, without reading them. embed does
// not say where they are, so they are taken from its file type's field;
// ok is false if it no longer has it.
func embedded(f fs.File) (data string, ok bool) {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return "", false
	}
	e := v.Elem().FieldByName("f") // *embed.file
	if e.Kind() != reflect.Pointer || e.IsNil() || e.Elem().Kind() != reflect.Struct {
		return "", false
	}
	d := e.Elem().FieldByName("data")
	if d.Kind() != reflect.String {
		return "", false
	}
	return d.String(), true
}

// executable is the process's own executable file, open for reading, and
// where its read-only mappings are that hold only the file's own bytes.
type executable struct {
	f    *os.File
	maps []mapping
}

// mapping is a range of memory that maps the executable from off.
type mapping struct {
	start, end uintptr
	off        int64
}

// offset returns where in the executable the n bytes at addr are.
func (e *executable) offset(addr uintptr, n int) (int64, bool) {
	for _, m := range e.maps {
		if addr >= m.start && addr+uintptr(n) <= m.end {
			return m.off + int64(addr-m.start), true
		}
	}
	return 0, false
}
