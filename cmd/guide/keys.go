package main

import (
	"bufio"
	"io"

	pl "github.com/stretchguide/guide/internal/player"
)

// readLines sends the commands in r, one a line, until r ends; it reports
// unknown ones with warn and goes on.
func readLines(r io.Reader, out chan<- pl.Command, warn func(error)) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		c, ok, err := pl.ParseCommand(sc.Text())
		if err != nil {
			warn(err)
			continue
		}
		if ok {
			out <- c
		}
	}
}

// readKeys sends the commands of the keys read from r (a terminal in
// cbreak mode) until r ends: single keys, arrow keys, and Esc.
func readKeys(r io.Reader, out chan<- pl.Command) {
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
	pl.ParseKeys(chunks, out, pl.EscTimeout)
}
