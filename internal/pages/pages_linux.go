package pages

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// openExe opens the running executable and finds, in /proc/self/smaps,
// its private read-only mappings (where its embedded files are) that hold
// none of the process's own pages: those the dynamic linker wrote to
// before making them read-only differ from the file. It returns nil if
// either cannot be had.
func openExe() *executable {
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		return nil
	}
	e := &executable{f: f, maps: readOnly(f)}
	if len(e.maps) == 0 {
		f.Close()
		return nil
	}
	return e
}

// readOnly returns those mappings of exe, the executable opened.
func readOnly(exe *os.File) []mapping {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(exe.Fd()), &st); err != nil {
		return nil
	}
	exePath, _ := os.Readlink("/proc/self/exe")
	smaps, err := os.Open("/proc/self/smaps")
	if err != nil {
		return nil
	}
	defer smaps.Close()
	var (
		maps []mapping
		cur  mapping
		ours bool // the mapping is a private read-only one of the executable
	)
	sc := bufio.NewScanner(smaps)
	for sc.Scan() {
		line := sc.Bytes()
		fields := bytes.Fields(line)
		if len(fields) >= 5 && bytes.IndexByte(fields[0], '-') > 0 {
			// 00400000-00402000 r--p 00000000 fe:00 1234  /path
			lo, hi, _ := bytes.Cut(fields[0], []byte("-"))
			start, err1 := strconv.ParseUint(string(lo), 16, 64)
			end, err2 := strconv.ParseUint(string(hi), 16, 64)
			off, err3 := strconv.ParseInt(string(fields[2]), 16, 64)
			ino, err4 := strconv.ParseUint(string(fields[4]), 10, 64)
			// The executable's, by inode or (where a file system such
			// as overlayfs shows another inode) by path.
			file := (err4 == nil && ino == st.Ino && ino != 0) || (exePath != "" && pathname(line) == exePath)
			ours = err1 == nil && err2 == nil && err3 == nil && string(fields[1]) == "r--p" && file
			cur = mapping{uintptr(start), uintptr(end), off}
			continue
		}
		if ours && len(fields) >= 2 && string(fields[0]) == "Anonymous:" {
			if string(fields[1]) == "0" {
				maps = append(maps, cur)
			}
			ours = false
		}
	}
	return maps
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
