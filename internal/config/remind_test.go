package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseQuiet(t *testing.T) {
	tests := []struct {
		in   string
		want Quiet
		err  string
	}{
		{"21:00-08:00", Quiet{true, 21 * 60, 8 * 60}, ""},
		{" 12:30 - 13:45 ", Quiet{true, 12*60 + 30, 13*60 + 45}, ""},
		{"none", Quiet{}, ""},
		{"Off", Quiet{}, ""},
		{"21:00", Quiet{}, "is not a span of time"},
		{"25:00-08:00", Quiet{}, "is not a span of time"},
		{"9pm-8am", Quiet{}, "is not a span of time"},
		{"08:00-08:00", Quiet{}, "starts and ends at the same time"},
	}
	for _, tt := range tests {
		got, err := ParseQuiet(tt.in)
		if got != tt.want || (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("ParseQuiet(%q) = %+v, %v; want %+v, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestQuietHoursContain(t *testing.T) {
	night, _ := ParseQuiet("21:00-08:00")
	lunch, _ := ParseQuiet("12:00-13:00")
	at := func(h, m int) time.Time { return time.Date(2026, 5, 12, h, m, 0, 0, time.UTC) }
	tests := []struct {
		q    Quiet
		t    time.Time
		want bool
	}{
		{night, at(20, 59), false}, {night, at(21, 0), true}, {night, at(2, 0), true},
		{night, at(7, 59), true}, {night, at(8, 0), false}, {night, at(12, 0), false},
		{lunch, at(12, 0), true}, {lunch, at(12, 59), true}, {lunch, at(13, 0), false}, {lunch, at(11, 0), false},
		{Quiet{}, at(3, 0), false},
	}
	for _, tt := range tests {
		if got := tt.q.Contains(tt.t); got != tt.want {
			t.Errorf("%v contains %s = %v, want %v", tt.q, tt.t.Format("15:04"), got, tt.want)
		}
	}
}
