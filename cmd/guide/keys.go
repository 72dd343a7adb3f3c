package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// command is one action on a playing session, from a key or a line of
// stdin.
type command int

const (
	cmdToggle    command = iota + 1 // pause or resume
	cmdPause                        // pause (nothing if paused)
	cmdResume                       // resume (nothing if playing)
	cmdNext                         // the next step
	cmdPrev                         // restart this step, or the previous one near its start
	cmdRepeat                       // repeat the last instruction
	cmdStatus                       // speak the status
	cmdLouder                       // volume up 3 dB
	cmdSofter                       // volume down 3 dB
	cmdQuit                         // fade out and quit
	cmdInterrupt                    // Ctrl-C read as a key: as the signal
)

// commandWords are the words a line of non-terminal stdin may hold, one
// command a line; the first of each is the documented one.
var commandWords = []struct {
	cmd   command
	words []string
}{
	{cmdToggle, []string{"toggle", "space"}},
	{cmdPause, []string{"pause"}},
	{cmdResume, []string{"resume", "play"}},
	{cmdNext, []string{"next", "n"}},
	{cmdPrev, []string{"previous", "prev", "back", "p"}},
	{cmdRepeat, []string{"repeat", "r"}},
	{cmdStatus, []string{"status", "s"}},
	{cmdLouder, []string{"louder", "+", "up"}},
	{cmdSofter, []string{"softer", "-", "down"}},
	{cmdQuit, []string{"quit", "q", "stop"}},
}

// parseCommand reads one line of stdin: a command word, in any case, with
// spaces around it ignored. An empty line or a # comment is no command.
func parseCommand(line string) (command, bool, error) {
	w := strings.ToLower(strings.TrimSpace(line))
	if w == "" || strings.HasPrefix(w, "#") {
		return 0, false, nil
	}
	for _, cw := range commandWords {
		if slices.Contains(cw.words, w) {
			return cw.cmd, true, nil
		}
	}
	var first []string
	for _, cw := range commandWords {
		first = append(first, cw.words[0])
	}
	return 0, false, fmt.Errorf("unknown command %s; the commands are %s, one a line", show(strings.TrimSpace(line)), list(first))
}

// readLines sends the commands in r, one a line, until r ends; it reports
// unknown ones with warn and goes on.
func readLines(r io.Reader, out chan<- command, warn func(error)) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		c, ok, err := parseCommand(sc.Text())
		if err != nil {
			warn(err)
			continue
		}
		if ok {
			out <- c
		}
	}
}

// escTimeout is how long a lone Esc waits for the rest of an escape
// sequence (an arrow key sends Esc [ C at once).
const escTimeout = 40 * time.Millisecond

// keyMap maps single keys to commands.
var keyMap = map[byte]command{
	' ': cmdToggle,
	'n': cmdNext, 'N': cmdNext,
	'p': cmdPrev, 'P': cmdPrev,
	'r': cmdRepeat, 'R': cmdRepeat,
	's': cmdStatus, 'S': cmdStatus,
	'+': cmdLouder, '=': cmdLouder,
	'-': cmdSofter, '_': cmdSofter,
	'q': cmdQuit, 'Q': cmdQuit,
	0x03: cmdInterrupt,
}

// arrowMap maps the final byte of an arrow key's escape sequence.
var arrowMap = map[byte]command{'C': cmdNext, 'D': cmdPrev, 'A': cmdLouder, 'B': cmdSofter}

// readKeys sends the commands of the keys read from r (a terminal in
// cbreak mode) until r ends: single keys, arrow keys, and Esc.
func readKeys(r io.Reader, out chan<- command) {
	chunks := make(chan []byte, 16)
	go func() {
		defer close(chunks)
		for {
			buf := make([]byte, 64)
			n, err := r.Read(buf)
			if n > 0 {
				chunks <- buf[:n]
			}
			if err != nil {
				return
			}
		}
	}()
	parseKeys(chunks, out, escTimeout)
}

// parseKeys turns the bytes from chunks into commands.
func parseKeys(chunks <-chan []byte, out chan<- command, timeout time.Duration) {
	var pending []byte
	// next returns the next byte, waiting at most wait (forever if 0).
	next := func(wait time.Duration) (byte, bool) {
		for len(pending) == 0 {
			var c []byte
			var ok bool
			if wait == 0 {
				c, ok = <-chunks
			} else {
				t := time.NewTimer(wait)
				select {
				case c, ok = <-chunks:
				case <-t.C:
					return 0, false
				}
				t.Stop()
			}
			if !ok {
				return 0, false
			}
			pending = c
		}
		b := pending[0]
		pending = pending[1:]
		return b, true
	}
	for {
		b, ok := next(0)
		if !ok {
			return
		}
		if b != 0x1b {
			if c, ok := keyMap[b]; ok {
				out <- c
			}
			continue
		}
		b2, ok := next(timeout)
		if !ok {
			out <- cmdQuit // a lone Esc
			continue
		}
		if b2 != '[' && b2 != 'O' {
			continue // Alt and a key: not ours
		}
		// A CSI or SS3 sequence: parameters, then a final byte from @ to ~.
		for {
			f, ok := next(timeout)
			if !ok {
				break
			}
			if f >= 0x40 && f <= 0x7e {
				if c, ok := arrowMap[f]; ok {
					out <- c
				}
				break
			}
		}
	}
}

// terminal is stdin's terminal in cbreak mode: keys arrive one at a time,
// unechoed; Ctrl-C still sends SIGINT; Ctrl-Z is off, so the session
// cannot be stopped with the terminal left in this mode.
type terminal struct {
	fd    int
	saved unix.Termios
	once  sync.Once
}

// isTerminal reports whether fd is a terminal.
func isTerminal(fd int) bool {
	_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	return err == nil
}

// inForeground reports whether this process is in the terminal's
// foreground process group: a background job that reads from or sets up
// the terminal is stopped by the kernel.
func inForeground(fd int) bool {
	pgrp, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP)
	return err == nil && pgrp == unix.Getpgrp()
}

// termWidth returns the width of the terminal at fd, or 80.
func termWidth(fd int) int {
	ws, err := unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 {
		return 80
	}
	return int(ws.Col)
}

// cbreak puts the terminal at fd in cbreak mode.
func cbreak(fd int) (*terminal, error) {
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return nil, err
	}
	saved := *t
	t.Lflag &^= unix.ICANON | unix.ECHO | unix.IEXTEN
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	t.Cc[unix.VSUSP] = 0 // _POSIX_VDISABLE: Ctrl-Z would stop us with the terminal in this mode
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, t); err != nil {
		return nil, err
	}
	return &terminal{fd: fd, saved: saved}, nil
}

// restore puts the terminal back as it was, dropping keys not yet read so
// they do not land in the shell. It is safe to call more than once.
func (t *terminal) restore() {
	t.once.Do(func() {
		_ = unix.IoctlSetTermios(t.fd, unix.TCSETSF, &t.saved)
	})
}

// fileFd returns the descriptor of r if it is an *os.File.
func fileFd(r any) (int, bool) {
	f, ok := r.(*os.File)
	if !ok || f == nil {
		return 0, false
	}
	return int(f.Fd()), true
}
