package player

import "time"

// EscTimeout is how long a lone Esc waits for the rest of an escape
// sequence (an arrow key sends Esc [ C at once).
const EscTimeout = 40 * time.Millisecond

// keyMap maps single keys to commands.
var keyMap = map[byte]Command{
	' ': Toggle,
	'n': Next, 'N': Next,
	'p': Prev, 'P': Prev,
	'r': Repeat, 'R': Repeat,
	's': Status, 'S': Status,
	'+': Louder, '=': Louder,
	'-': Softer, '_': Softer,
	'q': Quit, 'Q': Quit,
	0x03: Interrupt,
}

// arrowMap maps the final byte of an arrow key's escape sequence.
var arrowMap = map[byte]Command{'C': Next, 'D': Prev, 'A': Louder, 'B': Softer}

// ParseKeys turns the bytes of the keys read from a terminal, in chunks as
// they were read, into commands until chunks is closed: single keys, arrow
// keys (their escape sequences), a lone Esc (no more of a sequence within
// timeout) as Quit, and Ctrl-C read as a key as Interrupt. Other keys and
// sequences are ignored.
func ParseKeys(chunks <-chan []byte, out chan<- Command, timeout time.Duration) {
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
			out <- Quit // a lone Esc
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
