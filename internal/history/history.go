// Package history owns the history of the sessions played: the record of a
// session, one JSON object a line in a file only ever appended to; reading
// it back with damaged lines reported and skipped; the minutes played this
// week and the daily streak; and the report guide history prints.
package history

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
	"strings"
	"time"

	"github.com/stretchguide/guide/internal/files"
)

// Record is one session in the history: one JSON object a line. The field
// names and JSON keys are the file format: they do not change.
type Record struct {
	Routine   string    `json:"routine"`         // its name, or the file it came from
	Title     string    `json:"title"`           // what it is called
	Start     time.Time `json:"start"`           // when it started
	Planned   float64   `json:"planned_seconds"` // its length
	Played    float64   `json:"played_seconds"`  // how much of it played
	LastStep  string    `json:"last_step"`       // the step it reached: "Knee to chest, right side"
	Step      int       `json:"step"`            // that step's number, from 1
	Steps     int       `json:"steps"`           // how many steps it has
	Completed bool      `json:"completed"`       // it played to the end
	Ended     string    `json:"ended"`           // how it ended: one of the Ended values
}

// The Ended values: how a session ends.
const (
	EndedDone        = "done"
	EndedQuit        = "quit"
	EndedInterrupted = "interrupted"
	EndedDeviceLost  = "device lost"
	EndedError       = "error"
)

// Limits of a sane record: no session plans or plays more than a day, and
// none starts more than a day after the clock reading it (a day of slack for
// a clock set wrong).
const (
	maxSeconds  = 24 * 60 * 60
	futureSlack = 24 * time.Hour
)

// check returns what makes r not a record of a real session, read at now:
// every problem at once, or nil.
func (r Record) check(now time.Time) error {
	var probs []string
	if r.Routine == "" || r.Start.IsZero() {
		probs = append(probs, "it needs a routine and a start")
	}
	for _, f := range []struct {
		key string
		v   float64
	}{{"planned_seconds", r.Planned}, {"played_seconds", r.Played}} {
		if !(f.v >= 0 && f.v <= maxSeconds) { // NaN too
			probs = append(probs, fmt.Sprintf("%s is %g, want 0 to %d", f.key, f.v, maxSeconds))
		}
	}
	if r.Start.After(now.Add(futureSlack)) {
		probs = append(probs, fmt.Sprintf("start %s is in the future", r.Start.Format(time.RFC3339)))
	}
	if r.Steps < 1 {
		probs = append(probs, fmt.Sprintf("steps is %d, want 1 or more", r.Steps))
	} else if r.Step < 1 || r.Step > r.Steps {
		probs = append(probs, fmt.Sprintf("step is %d, want 1 to %d", r.Step, r.Steps))
	}
	if len(probs) > 0 {
		return errors.New(strings.Join(probs, "; "))
	}
	return nil
}

// Append adds r to the history file at path as one line, written with one
// write to a file opened for appending and synced, so lines from sessions
// that end at the same time never interleave. If the file does not end a
// line (a write cut short by a crash), the new line starts on a line of its
// own, so only the broken line is lost. A write that fails part way (a full
// disk) is undone: the file is cut back to what it was, and the error says
// the file is as it was. A record no session could have made (see Read) is
// refused.
func Append(path string, r Record) error {
	r.Planned, r.Played = round1(r.Planned), round1(r.Played)
	if err := r.check(time.Now()); err != nil {
		return fmt.Errorf("history: not the record of a session (%v)", err)
	}
	line, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	line = append(line, '\n')
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	// A named pipe or a device in its place would block the open or
	// swallow the line: only a regular file, or none yet, is written.
	if err := files.Check(path, files.MaxHistory, "a history file"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("history: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("history: %w", err)
	}
	if fi.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, fi.Size()-1); err == nil && last[0] != '\n' {
			line = append([]byte{'\n'}, line...)
		}
	}
	n, err := f.Write(line)
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		if uerr := undoAppend(f, path, int64(n)); uerr != nil {
			f.Close()
			return fmt.Errorf("history: %s: %w (a part of the line may be left, which guide history skips: %v)", path, err, uerr)
		}
		f.Close()
		return fmt.Errorf("history: %s: %w (the file is as it was)", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("history: %s: %w", path, err)
	}
	return nil
}

// undoAppend removes the n bytes a failed append to f (at path) wrote at
// its end, unless something was appended after them, and syncs.
func undoAppend(f *os.File, path string, n int64) error {
	end, err := f.Seek(0, io.SeekCurrent) // O_APPEND: the end of what this write wrote
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() != end || end < n {
		return fmt.Errorf("the file changed under the write (%d bytes, the write ended at %d)", fi.Size(), end)
	}
	if n > 0 {
		if err := f.Truncate(end - n); err != nil {
			// A handle opened for appending may not be allowed to truncate (Windows).
			if err := os.Truncate(path, end-n); err != nil {
				return err
			}
		}
	}
	return f.Sync()
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// Read reads the history at path, oldest first. A missing file is an empty
// history. A line that is not the record of a session (not JSON, no routine
// or start, or values no session has: a negative or more than a day long
// time, a start in the future, a step past the last) is skipped and
// reported in bad, "FILE:LINE: why", never costing the other lines.
func Read(path string) (records []Record, bad []string, err error) {
	data, err := files.Read(path, files.MaxHistory, "a history file")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("history: %w", err)
	}
	now := time.Now()
	r := bufio.NewReader(bytes.NewReader(data))
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var rec Record
			if uerr := json.Unmarshal(line, &rec); uerr != nil {
				bad = append(bad, fmt.Sprintf("%s:%d: not a session record, skipped (%v)", path, n, uerr))
			} else if rec.Routine == "" || rec.Start.IsZero() {
				bad = append(bad, fmt.Sprintf("%s:%d: a session record needs a routine and a start, skipped", path, n))
			} else if cerr := rec.check(now); cerr != nil {
				bad = append(bad, fmt.Sprintf("%s:%d: a damaged session record, skipped (%v)", path, n, cerr))
			} else {
				records = append(records, rec)
			}
		}
		if err == io.EOF {
			break
		}
	}
	return records, bad, nil
}

// Summary is what guide history shows beside the recent sessions.
type Summary struct {
	WeekMinutes  float64 // minutes played this week, from Monday
	WeekSessions int     // sessions started this week
	Streak       int     // days in a row, up to today or yesterday
}

// StreakMinimum is how much a day needs played to count for the streak,
// unless a session was completed.
const StreakMinimum = time.Minute

// Summarise returns the minutes played this week (from Monday, in now's
// time zone) and the daily streak at now.
func Summarise(records []Record, now time.Time) Summary {
	var s Summary
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
			s.WeekMinutes += r.Played / 60
			s.WeekSessions++
		}
		played[d] += r.Played
		if r.Completed || played[d] >= StreakMinimum.Seconds() {
			counts[d] = true
		}
	}
	d := today
	if !counts[d] {
		d = d.AddDate(0, 0, -1) // today can still keep the streak going
	}
	for counts[d] {
		s.Streak++
		d = d.AddDate(0, 0, -1)
	}
	return s
}

// Write writes the report of guide history: the last n records, newest
// first, and the summary at now, with the streak if streak is set.
func Write(w io.Writer, records []Record, n int, now time.Time, streak bool) {
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
		case r.Ended == EndedDeviceLost:
			how = "audio lost in " + r.LastStep
		default:
			how = "stopped in " + r.LastStep
		}
		title := r.Title
		if title == "" {
			title = r.Routine
		}
		fmt.Fprintf(w, "  %s  %-14s %5s of %-5s  %s\n", r.Start.In(now.Location()).Format("Mon 2 Jan 15:04"), title,
			clock(r.Played), clock(r.Planned), how)
	}
	s := Summarise(records, now)
	fmt.Fprintf(w, "This week: %s in %s.\n", plural(int(math.Round(s.WeekMinutes)), "minute"), plural(s.WeekSessions, "session"))
	if streak {
		fmt.Fprintf(w, "Streak: %s in a row.\n", plural(s.Streak, "day"))
	}
}

// clock formats secs seconds as m:ss (h:mm:ss from an hour), rounding down,
// as the status line does (player.Clock).
func clock(secs float64) string {
	s := int(max(secs, 0))
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// PlayedOn reports whether records hold a session that started on the day
// (local to day's location) of day.
func PlayedOn(records []Record, day time.Time) bool {
	y, m, d := day.Date()
	for _, r := range records {
		if ry, rm, rd := r.Start.In(day.Location()).Date(); ry == y && rm == m && rd == d {
			return true
		}
	}
	return false
}
