package pages

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"sync"
	"syscall"
)

const canDrop = true

var (
	once     sync.Once
	readOnly []span // the binary's read-only mappings that hold only its file's pages
)

type span struct{ start, end uintptr }

// Drop unmaps the pages of the binary's read-only data (its rodata, with
// the embedded files in it) that are mapped now. They are the file's own
// pages, never written, so nothing is lost: touching them again maps them
// again from the page cache. Mappings the process has written to (the
// dynamic linker's relocations, made read-only after) are left alone.
func Drop() {
	once.Do(func() { readOnly = findReadOnly() })
	for _, s := range readOnly {
		syscall.Syscall(syscall.SYS_MADVISE, s.start, s.end-s.start, syscall.MADV_DONTNEED)
	}
}

// findReadOnly returns the private read-only mappings of the executable
// that have no page of the process's own (smaps' Anonymous is 0).
func findReadOnly() []span {
	var exe syscall.Stat_t
	if err := syscall.Stat("/proc/self/exe", &exe); err != nil {
		return nil
	}
	exePath, _ := os.Readlink("/proc/self/exe")
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return nil
	}
	defer f.Close()
	var (
		spans []span
		cur   span
		ours  bool // the mapping is a private read-only one of the executable
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Bytes()
		fields := bytes.Fields(line)
		if len(fields) >= 5 && bytes.IndexByte(fields[0], '-') > 0 {
			// 00400000-00402000 r--p 00000000 fe:00 1234  /path
			lo, hi, _ := bytes.Cut(fields[0], []byte("-"))
			start, err1 := strconv.ParseUint(string(lo), 16, 64)
			end, err2 := strconv.ParseUint(string(hi), 16, 64)
			ino, err3 := strconv.ParseUint(string(fields[4]), 10, 64)
			// The executable's, by inode or (where a file system such
			// as overlayfs shows another inode) by path.
			file := (err3 == nil && ino == exe.Ino && ino != 0) || (exePath != "" && pathname(line) == exePath)
			ours = err1 == nil && err2 == nil && string(fields[1]) == "r--p" && file
			cur = span{uintptr(start), uintptr(end)}
			continue
		}
		if ours && len(fields) >= 2 && string(fields[0]) == "Anonymous:" {
			if string(fields[1]) == "0" {
				spans = append(spans, cur)
			}
			ours = false
		}
	}
	return spans
}

// pathname returns the path at the end of a maps line: what follows its
// fifth field, the inode.
func pathname(line []byte) string {
	rest := line
	for range 5 {
		rest = bytes.TrimLeft(rest, " ")
		i := bytes.IndexByte(rest, ' ')
		if i < 0 {
			return ""
		}
		rest = rest[i:]
	}
	return string(bytes.TrimSpace(rest))
}
