package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchguide/guide/internal/config"
)

// historyRecord is one session in the history: one JSON object a line.
type historyRecord struct {
	Routine   string    `json:"routine"`         // its name, or the file it came from
	Title     string    `json:"title"`           // what it is called
	Start     time.Time `json:"start"`           // when it started
	Planned   float64   `json:"planned_seconds"` // its length
	Played    float64   `json:"played_seconds"`  // how much of it played
	LastStep  string    `json:"last_step"`       // the step it reached: "Knee to chest, right side"
	Step      int       `json:"step"`            // that step's number, from 1
	Steps     int       `json:"steps"`           // how many steps it has
	Completed bool      `json:"completed"`       // it played to the end
	Ended     string    `json:"ended"`           // how it ended: one of the ended* values
}

// How a session ends.
const (
	endedDone        = "done"
	endedQuit        = "quit"
	endedInterrupted = "interrupted"
	endedDeviceLost  = "device lost"
	endedError       = "error"
)

// appendHistory adds r to the history file at path as one line, written
// with one write to a file opened for appending and synced, so lines from
// sessions that end at the same time never interleave. If the file does
// not end a line (a write cut short), the new line starts on a line of its
// own, so only the broken line is lost.
func appendHistory(path string, r historyRecord) error {
	r.Planned, r.Played = round1(r.Planned), round1(r.Played)
	line, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	line = append(line, '\n')
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, fi.Size()-1); err == nil && last[0] != '\n' {
			line = append([]byte{'\n'}, line...)
		}
	}
	_, werr := f.Write(line)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("history: %s: %w", path, err)
	}
	return nil
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// readHistory reads the history at path, oldest first. A missing file is an
// empty history. A line that is not a session record is skipped and
// reported in bad, "FILE:LINE: why", never costing the other lines.
func readHistory(path string) (records []historyRecord, bad []string, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("history: %w", err)
	}
	r := bufio.NewReader(bytes.NewReader(data))
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var rec historyRecord
			switch uerr := json.Unmarshal(line, &rec); {
			case uerr != nil:
				bad = append(bad, fmt.Sprintf("%s:%d: not a session record, skipped (%v)", path, n, uerr))
			case rec.Routine == "" || rec.Start.IsZero():
				bad = append(bad, fmt.Sprintf("%s:%d: a session record needs a routine and a start, skipped", path, n))
			default:
				records = append(records, rec)
			}
		}
		if err == io.EOF {
			break
		}
	}
	return records, bad, nil
}

// historySummary is what guide history shows beside the recent sessions.
type historySummary struct {
	weekMinutes  float64
	weekSessions int
	streak       int // days in a row, up to today or yesterday
}

// streakMinimum is how much a day needs played to count for the streak,
// unless a session was completed.
const streakMinimum = time.Minute

// summarise returns the minutes played this week (from Monday, local time)
// and the daily streak at now.
func summarise(records []historyRecord, now time.Time) historySummary {
	var s historySummary
	day := func(t time.Time) time.Time {
		y, m, d := t.In(now.Location()).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, now.Location())
	}
	today := day(now)
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	counts := map[time.Time]bool{}
	played := map[time.Time]float64{}
	for _, r := range records {
		d := day(r.Start)
		if !d.Before(monday) && !r.Start.After(now) {
			s.weekMinutes += r.Played / 60
			s.weekSessions++
		}
		played[d] += r.Played
		if r.Completed || played[d] >= streakMinimum.Seconds() {
			counts[d] = true
		}
	}
	d := today
	if !counts[d] {
		d = d.AddDate(0, 0, -1) // today can still keep the streak going
	}
	for counts[d] {
		s.streak++
		d = d.AddDate(0, 0, -1)
	}
	return s
}

// writeHistory writes the last n records, newest first, and the summary.
func writeHistory(w io.Writer, records []historyRecord, n int, now time.Time, streak bool) {
	if len(records) == 0 {
		fmt.Fprintln(w, "No sessions yet: guide play starts one.")
		return
	}
	fmt.Fprintln(w, "Recent sessions:")
	for i := len(records) - 1; i >= max(0, len(records)-n); i-- {
		r := records[i]
		how := "done"
		switch {
		case r.Completed:
		case r.Ended == endedDeviceLost:
			how = "audio lost in " + r.LastStep
		default:
			how = "stopped in " + r.LastStep
		}
		title := r.Title
		if title == "" {
			title = r.Routine
		}
		fmt.Fprintf(w, "  %s  %-14s %5s of %-5s  %s\n", r.Start.In(now.Location()).Format("Mon 2 Jan 15:04"), title,
			clock(secs(r.Played)), clock(secs(r.Planned)), how)
	}
	s := summarise(records, now)
	fmt.Fprintf(w, "This week: %s in %s.\n", plural(int(math.Round(s.weekMinutes)), "minute"), plural(s.weekSessions, "session"))
	if streak {
		fmt.Fprintf(w, "Streak: %s in a row.\n", plural(s.streak, "day"))
	}
}

func secs(x float64) time.Duration { return time.Duration(x * float64(time.Second)) }

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func newHistoryCmd(a *app) *cobra.Command {
	var last int
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Show your recent sessions, minutes this week and your streak",
		Long: `Show your recent sessions (newest first, with how much of each played and
where it stopped), the minutes you have stretched this week (from Monday),
and how many days in a row you have stretched: a day counts once you have
played a minute or finished a session. history.streak: false hides the
streak.

The history is kept in $XDG_STATE_HOME/guide/history.jsonl (usually
~/.local/state/guide/history.jsonl), one JSON object a line.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.loadConfig()
			if err != nil {
				return err
			}
			path, err := config.HistoryFile(os.Environ())
			if err != nil {
				return err
			}
			records, bad, err := readHistory(path)
			if err != nil {
				return err
			}
			for _, b := range bad {
				fmt.Fprintf(a.stderr, "guide: history: %s\n", b)
			}
			writeHistory(a.stdout, records, last, time.Now(), cfg.History.Streak)
			return nil
		},
	}
	cmd.Flags().IntVarP(&last, "last", "n", 10, "show the last `N` sessions")
	return cmd
}
