package player

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/stretchguide/guide/internal/files"
)

// Command is one action on a playing session, from a key or a line of
// input.
type Command int

// The commands.
const (
	Toggle    Command = iota + 1 // pause or resume
	Pause                        // pause (nothing if paused)
	Resume                       // resume (nothing if playing)
	Next                         // the next step
	Prev                         // restart this step, or the previous one near its start
	Repeat                       // repeat the last instruction
	Status                       // speak the status
	Louder                       // volume up 3 dB
	Softer                       // volume down 3 dB
	Quit                         // fade out and quit
	Interrupt                    // Ctrl-C read as a key: as the signal
)

// commandWords are the words a line of input may hold, one command a line;
// the first of each is the documented one.
var commandWords = []struct {
	cmd   Command
	words []string
}{
	{Toggle, []string{"toggle", "space"}},
	{Pause, []string{"pause"}},
	{Resume, []string{"resume", "play"}},
	{Next, []string{"next", "n"}},
	{Prev, []string{"previous", "prev", "back", "p"}},
	{Repeat, []string{"repeat", "r"}},
	{Status, []string{"status", "s"}},
	{Louder, []string{"louder", "+", "up"}},
	{Softer, []string{"softer", "-", "down"}},
	{Quit, []string{"quit", "q", "stop"}},
}

// String returns the command's documented word: "toggle", "next"...
func (c Command) String() string {
	if c == Interrupt {
		return "interrupt"
	}
	for _, cw := range commandWords {
		if cw.cmd == c {
			return cw.words[0]
		}
	}
	return "Command(" + strconv.Itoa(int(c)) + ")"
}

// ParseCommand reads one line of input: a command word, in any case, with
// spaces around it ignored. An empty line or a # comment is no command.
func ParseCommand(line string) (Command, bool, error) {
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
	return 0, false, fmt.Errorf("unknown command %s; the commands are %s, one a line", files.Show(strings.TrimSpace(line)), list(first))
}

// list returns "a, b and c".
func list(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
