package history

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAppendOnAFullDisk appends to a history on a full disk (a small tmpfs,
// filled up), where the write is cut short: the line is written whole or
// not at all, and the error says so.
func TestAppendOnAFullDisk(t *testing.T) {
	dir := smallDisk(t)
	path := filepath.Join(dir, "history.jsonl")
	start := time.Date(2026, 5, 12, 7, 30, 0, 0, time.UTC)
	if err := Append(path, record("morning", start, 300, true)); err != nil {
		t.Fatal(err)
	}
	// Blank lines (Read skips them) up to a few bytes before the end of a
	// page: the next line starts in the file's last page and needs another.
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	page := int64(os.Getpagesize())
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if _, err := f.Write(bytes.Repeat([]byte("\n"), int(page-40-fi.Size()%page))); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fill := filepath.Join(dir, "fill")
	if err := fillUp(fill); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)

	err = Append(path, record("bedtime", start.Add(time.Hour), 200, false))
	after, _ := os.ReadFile(path)
	if err == nil || !strings.Contains(err.Error(), "no space left") || !strings.Contains(err.Error(), "as it was") {
		t.Errorf("got error %v, want one saying the disk is full and the file is as it was", err)
	}
	if !bytes.Equal(after, before) {
		t.Errorf("got a file of %d bytes ending %q, want it as it was (%d bytes)", len(after), after[max(0, len(after)-80):], len(before))
	}
	if recs, bad, err := Read(path); len(recs) != 1 || len(bad) != 0 || err != nil {
		t.Errorf("got %d records, bad %q, %v; want the one before", len(recs), bad, err)
	}

	// With room again, the next one is written whole.
	os.Remove(fill)
	if err := Append(path, record("bedtime", start.Add(time.Hour), 200, false)); err != nil {
		t.Fatal(err)
	}
	if recs, bad, err := Read(path); len(recs) != 2 || len(bad) != 0 || err != nil {
		t.Errorf("got %d records, bad %q, %v; want 2", len(recs), bad, err)
	}
}

// smallDisk mounts a 64 KiB tmpfs on a temporary directory for the test,
// or skips it where that is not allowed.
func smallDisk(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("a full disk is tested with a small tmpfs, which needs mount as root: %v: %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// fillUp writes the file at path until its disk is full.
func fillUp(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return nil
			}
			return err
		}
	}
}

// TestHistoryIsARegularFile: a named pipe where the history should be is
// refused at once, by guide history and by the session's record, rather
// than waited on.
func TestHistoryIsARegularFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan [2]error, 1)
	go func() {
		_, _, rerr := Read(path)
		aerr := Append(path, Record{Routine: "morning", Title: "Morning", Start: time.Now().Add(-time.Minute), Planned: 60, Played: 60, Step: 1, Steps: 1, Ended: EndedDone})
		done <- [2]error{rerr, aerr}
	}()
	select {
	case errs := <-done:
		for i, err := range errs {
			if err == nil || !strings.Contains(err.Error(), "is a named pipe") {
				t.Errorf("%s of a FIFO: %v; want it refused as a named pipe", []string{"Read", "Append"}[i], err)
			}
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading or appending to a FIFO as the history hangs")
	}
}
