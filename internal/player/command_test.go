package player

import (
	"slices"
	"testing"
	"time"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		line string
		want Command
		ok   bool
		err  string
	}{
		{"pause", Pause, true, ""},
		{"  RESUME \r", Resume, true, ""},
		{"toggle", Toggle, true, ""},
		{"next", Next, true, ""},
		{"n", Next, true, ""},
		{"previous", Prev, true, ""},
		{"back", Prev, true, ""},
		{"repeat", Repeat, true, ""},
		{"status", Status, true, ""},
		{"louder", Louder, true, ""},
		{"+", Louder, true, ""},
		{"softer", Softer, true, ""},
		{"-", Softer, true, ""},
		{"quit", Quit, true, ""},
		{"", 0, false, ""},
		{"# a comment", 0, false, ""},
		{"jump", 0, false, "unknown command jump; the commands are toggle, pause, resume, next, previous, repeat, status, louder, softer and quit, one a line"},
	}
	for _, tt := range tests {
		got, ok, err := ParseCommand(tt.line)
		if got != tt.want || ok != tt.ok || (err == nil) != (tt.err == "") || (err != nil && err.Error() != tt.err) {
			t.Errorf("ParseCommand(%q) = %v, %v, %v; want %v, %v, %q", tt.line, got, ok, err, tt.want, tt.ok, tt.err)
		}
	}
}

func TestParseKeys(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string // each arrives on its own, after the previous one was parsed
		want   []Command
	}{
		{"single keys", []string{" nprs+-q"}, []Command{Toggle, Next, Prev, Repeat, Status, Louder, Softer, Quit}},
		{"capitals and unshifted plus", []string{"N=_Q"}, []Command{Next, Louder, Softer, Quit}},
		{"arrows", []string{"\x1b[C\x1b[D\x1b[A\x1b[B"}, []Command{Next, Prev, Louder, Softer}},
		{"application-mode arrows", []string{"\x1bOC\x1bOD"}, []Command{Next, Prev}},
		{"a lone Esc", []string{"\x1b", "n"}, []Command{Quit, Next}},
		{"other sequences are ignored", []string{"\x1b[1;5H\x1b[15~n"}, []Command{Next}},
		{"Alt and a key is ignored", []string{"\x1bq n"}, []Command{Toggle, Next}},
		{"Ctrl-C as a key", []string{"\x03"}, []Command{Interrupt}},
		{"other keys are ignored", []string{"xyz\n\t"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks := make(chan []byte)
			out := make(chan Command, 100)
			done := make(chan struct{})
			go func() {
				ParseKeys(chunks, out, 20*time.Millisecond)
				close(done)
			}()
			for _, c := range tt.chunks {
				chunks <- []byte(c)
				time.Sleep(40 * time.Millisecond) // longer than the Esc timeout
			}
			close(chunks)
			<-done
			close(out)
			var got []Command
			for c := range out {
				got = append(got, c)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("commands %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("an arrow split across quick reads", func(t *testing.T) {
		chunks := make(chan []byte, 3)
		out := make(chan Command, 10)
		chunks <- []byte("\x1b")
		chunks <- []byte("[")
		chunks <- []byte("D")
		close(chunks)
		ParseKeys(chunks, out, time.Second)
		close(out)
		if c := <-out; c != Prev {
			t.Errorf("got %v, want %v", c, Prev)
		}
	})
}

func TestCommandString(t *testing.T) {
	tests := []struct {
		c    Command
		want string
	}{
		{Toggle, "toggle"}, {Prev, "previous"}, {Quit, "quit"}, {Interrupt, "interrupt"}, {0, "Command(0)"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("Command(%d).String() = %q, want %q", int(tt.c), got, tt.want)
		}
	}
}
