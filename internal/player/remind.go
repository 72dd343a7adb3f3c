package player

import (
	"context"
	"errors"
	"time"
)

// remindPoll bounds each wait between reminders, so a laptop that slept
// through one finds out by the wall clock soon after it wakes.
const remindPoll = 30 * time.Second

// QuietHours is a daily span when no reminder plays (config.Quiet).
type QuietHours interface {
	Contains(t time.Time) bool
	End(t time.Time) time.Time // when the quiet hours containing t end
}

// NextReminder returns the first reminder after now: the reminders fall
// every interval from start, and those in the quiet hours are skipped.
func NextReminder(start time.Time, every time.Duration, q QuietHours, now time.Time) time.Time {
	at := func(after time.Time) time.Time {
		k := after.Sub(start)/every + 1
		return start.Add(k * every)
	}
	t := at(now)
	for range 3 { // twice is enough: once out of the quiet hours it stays out
		if !q.Contains(t) {
			break
		}
		t = at(q.End(t).Add(-time.Nanosecond))
	}
	return t
}

// When formats t for a message: 15:04:05, or Mon 15:04:05 on another day.
func When(t, now time.Time) string {
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04:05")
	}
	return t.Format("Mon 15:04:05")
}

// ErrQuit is WaitUntil's error when the wait is quit (q or Esc).
var ErrQuit = errors.New("quit")

// WaitUntil waits for the wall clock to reach t, in steps of at most
// remindPoll. Quit from cmds returns ErrQuit, Interrupt context.Canceled;
// other commands wait.
func WaitUntil(ctx context.Context, t time.Time, cmds <-chan Command) error {
	for {
		d := time.Until(t.Round(0)) // the wall clock: a laptop asleep does not stop it
		if d <= 0 {
			return nil
		}
		timer := time.NewTimer(min(d, remindPoll))
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case c := <-cmds:
			timer.Stop()
			switch c {
			case Quit:
				return ErrQuit
			case Interrupt:
				return context.Canceled
			}
		case <-timer.C:
		}
	}
}

// Drain empties cmds of the commands already in it: keys pressed at the
// very end of a session are not for the wait that follows.
func Drain(cmds <-chan Command) {
	for {
		select {
		case <-cmds:
		default:
			return
		}
	}
}
