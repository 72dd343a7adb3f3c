package history

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func record(routine string, start time.Time, played float64, completed bool) Record {
	ended := EndedQuit
	if completed {
		ended = EndedDone
	}
	return Record{Routine: routine, Title: strings.ToUpper(routine[:1]) + routine[1:], Start: start,
		Planned: 300, Played: played, LastStep: "Cat-Cow", Step: 2, Steps: 5, Completed: completed, Ended: ended}
}

func TestAppendWritesWholeLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "guide", "history.jsonl")
	start := time.Date(2026, 5, 12, 7, 30, 0, 0, time.UTC)
	// Sessions ending at the same time, in processes of their own or not,
	// never mix their lines.
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := Append(path, record(fmt.Sprintf("r%02d", i), start, float64(i), false)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	recs, bad, err := Read(path)
	if err != nil || len(bad) > 0 || len(recs) != 20 {
		t.Fatalf("read %d records, bad %q, err %v; want 20 good ones", len(recs), bad, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("history file mode %v, %v; want 0600", fi.Mode(), err)
	}
}

func TestReadSkipsCorruptLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	start := time.Date(2026, 5, 12, 7, 30, 0, 0, time.UTC)
	if err := Append(path, record("morning", start, 300, true)); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("not json\n{\"routine\": \"\"}\n\n{\"routine\": \"cut sho") // the last line cut short, without its newline
	f.Close()
	// The next append starts a line of its own: only the broken line is lost.
	if err := Append(path, record("bedtime", start.Add(time.Hour), 200, false)); err != nil {
		t.Fatal(err)
	}
	recs, bad, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Routine != "morning" || recs[1].Routine != "bedtime" {
		t.Errorf("records %+v, want morning and bedtime", recs)
	}
	want := []string{path + ":2: not a session record", path + ":3: a session record needs a routine", path + ":5: not a session record"}
	if len(bad) != len(want) {
		t.Fatalf("bad lines %q, want %d", bad, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(bad[i], w) {
			t.Errorf("bad line %d: %q, want it to start %q", i, bad[i], w)
		}
	}
	if recs, bad, err := Read(filepath.Join(t.TempDir(), "none.jsonl")); recs != nil || bad != nil || err != nil {
		t.Errorf("a missing history: %v %v %v, want empty", recs, bad, err)
	}
}

func TestSummarise(t *testing.T) {
	loc := time.FixedZone("here", 2*3600)
	now := time.Date(2026, 5, 14, 9, 0, 0, 0, loc) // a Thursday
	day := func(d, h int) time.Time { return time.Date(2026, 5, d, h, 0, 0, 0, loc) }
	tests := []struct {
		name    string
		records []Record
		want    Summary
	}{
		{"none", nil, Summary{}},
		{"today only", []Record{record("m", day(14, 7), 300, true)}, Summary{5, 1, 1}},
		{"up to yesterday still counts", []Record{record("m", day(12, 7), 120, false), record("m", day(13, 22), 60, false)}, Summary{3, 2, 2}},
		{"a gap breaks it", []Record{record("m", day(11, 7), 600, true), record("m", day(13, 7), 300, true), record("m", day(14, 7), 300, true)}, Summary{20, 3, 2}},
		{"under a minute does not count", []Record{record("m", day(13, 7), 30, false), record("m", day(14, 7), 300, true)}, Summary{5.5, 2, 1}},
		{"two short ones add up", []Record{record("m", day(13, 7), 30, false), record("m", day(13, 8), 40, false)}, Summary{70.0 / 60, 2, 1}},
		{"last week is not this week", []Record{record("m", day(10, 23), 600, true), record("m", day(11, 0), 60, false)}, Summary{1, 1, 0}},
	}
	for _, tt := range tests {
		got := Summarise(tt.records, now)
		if d := got.WeekMinutes - tt.want.WeekMinutes; d > 1e-9 || d < -1e-9 || got.WeekSessions != tt.want.WeekSessions || got.Streak != tt.want.Streak {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestWrite(t *testing.T) {
	now := time.Date(2026, 5, 14, 9, 0, 0, 0, time.UTC)
	recs := []Record{
		record("morning", time.Date(2026, 5, 13, 7, 31, 0, 0, time.UTC), 348, true),
		record("morning", time.Date(2026, 5, 14, 7, 2, 0, 0, time.UTC), 121, false),
	}
	recs[1].LastStep = "Knee to chest, right side"
	var b bytes.Buffer
	Write(&b, recs, 10, now, true)
	want := `Recent sessions:
  Thu 14 May 07:02  Morning         2:01 of 5:00   stopped in Knee to chest, right side
  Wed 13 May 07:31  Morning         5:48 of 5:00   done
This week: 8 minutes in 2 sessions.
Streak: 2 days in a row.
`
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	b.Reset()
	Write(&b, recs, 1, now, false)
	if got := b.String(); strings.Contains(got, "Streak") || strings.Contains(got, "Wed 13 May") {
		t.Errorf("with one session and no streak:\n%s", got)
	}
	b.Reset()
	Write(&b, nil, 10, now, true)
	if got, want := b.String(), "No sessions yet: guide play starts one.\n"; got != want {
		t.Errorf("empty history: got %q, want %q", got, want)
	}
}

// TestAbsurdRecordsAreDamaged checks that a record with values no session
// has is a damaged line: Read reports and skips it, so that guide history
// never adds it up, and Append refuses to write it.
func TestAbsurdRecordsAreDamaged(t *testing.T) {
	now := time.Now()
	good := record("morning", now.Add(-time.Hour).Truncate(time.Second), 300, true)
	tests := []struct {
		name   string
		change func(r *Record)
		want   string // in the report of the damaged line; "" for a record that is fine
	}{
		{"negative played", func(r *Record) { r.Played = -60 }, "played_seconds is -60, want 0 to 86400"},
		{"played for ages", func(r *Record) { r.Played = 9e18 }, "played_seconds is 9e+18"},
		{"played more than a day", func(r *Record) { r.Played = 86400.5 }, "played_seconds is 86400.5"},
		{"negative planned", func(r *Record) { r.Planned = -1 }, "planned_seconds is -1"},
		{"planned for ages", func(r *Record) { r.Planned = 1e300 }, "planned_seconds is 1e+300"},
		{"starts far in the future", func(r *Record) { r.Start = time.Date(2200, 1, 1, 7, 0, 0, 0, time.UTC) }, "start 2200-01-01T07:00:00Z is in the future"},
		{"step past the last", func(r *Record) { r.Step, r.Steps = 6, 5 }, "step is 6, want 1 to 5"},
		{"negative step", func(r *Record) { r.Step = -2 }, "step is -2, want 1 to 5"},
		{"no steps", func(r *Record) { r.Step, r.Steps = 0, 0 }, "steps is 0, want 1 or more"},
		{"all at once", func(r *Record) { r.Played, r.Step = -1, 9 }, "played_seconds is -1, want 0 to 86400; step is 9, want 1 to 5"},
		{"a whole day is fine", func(r *Record) { r.Played, r.Planned = 86400, 86400 }, ""},
		{"a clock a little ahead is fine", func(r *Record) { r.Start = now.Add(time.Hour) }, ""},
		{"the last step is fine", func(r *Record) { r.Step = 5 }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			r.Routine = "other"
			tt.change(&r)
			line, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "history.jsonl")
			if err := Append(path, good); err != nil {
				t.Fatal(err)
			}
			f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			f.Write(append(line, '\n'))
			f.Close()
			recs, bad, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if len(recs) != 2 || len(bad) != 0 {
					t.Errorf("got %d records, bad %q; want 2 records", len(recs), bad)
				}
				return
			}
			if len(recs) != 1 || recs[0].Routine != good.Routine {
				t.Errorf("got records %+v, want the good one alone", recs)
			}
			if prefix := path + ":2: a damaged session record, skipped ("; len(bad) != 1 ||
				!strings.HasPrefix(bad[0], prefix) || !strings.Contains(bad[0], tt.want) {
				t.Errorf("got bad %q, want one line starting %q, saying %q", bad, prefix, tt.want)
			}
			var b bytes.Buffer
			Write(&b, recs, 10, good.Start.Add(time.Minute), false)
			if got, want := b.String(), "This week: 5 minutes in 1 session.\n"; !strings.HasSuffix(got, want) {
				t.Errorf("got report:\n%s\nwant it to end %q", got, want)
			}

			other := filepath.Join(t.TempDir(), "history.jsonl")
			if err := Append(other, r); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Append: got error %v, want one saying %q", err, tt.want)
			}
			if recs, bad, err := Read(other); len(recs) != 0 || len(bad) != 0 || err != nil {
				t.Errorf("after a refused Append: got %v, %q, %v; want no records", recs, bad, err)
			}
		})
	}
}

func TestClock(t *testing.T) {
	tests := []struct {
		secs float64
		want string
	}{
		{0, "0:00"}, {59.9, "0:59"}, {61, "1:01"}, {3723, "1:02:03"}, {-1, "0:00"},
	}
	for _, tt := range tests {
		if got := clock(tt.secs); got != tt.want {
			t.Errorf("clock(%v) = %q, want %q", tt.secs, got, tt.want)
		}
	}
}

func TestPlayedOn(t *testing.T) {
	loc := time.FixedZone("here", 2*3600)
	recs := []Record{{Start: time.Date(2026, 5, 13, 23, 30, 0, 0, time.UTC)}} // 01:30 on the 14th, here
	for _, tt := range []struct {
		day  time.Time
		want bool
	}{
		{time.Date(2026, 5, 14, 9, 0, 0, 0, loc), true},
		{time.Date(2026, 5, 13, 9, 0, 0, 0, loc), false},
		{time.Date(2026, 5, 13, 9, 0, 0, 0, time.UTC), true},
	} {
		if got := PlayedOn(recs, tt.day); got != tt.want {
			t.Errorf("PlayedOn(%v) = %v, want %v", tt.day, got, tt.want)
		}
	}
}
