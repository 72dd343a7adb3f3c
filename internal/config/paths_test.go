package config

import "testing"

func TestHistoryFile(t *testing.T) {
	tests := []struct {
		env  []string
		want string
	}{
		{[]string{"XDG_STATE_HOME=/state", "HOME=/home/me"}, "/state/guide/history.jsonl"},
		{[]string{"XDG_STATE_HOME=relative", "HOME=/home/me"}, "/home/me/.local/state/guide/history.jsonl"},
		{[]string{"HOME=/home/me"}, "/home/me/.local/state/guide/history.jsonl"},
	}
	for _, tt := range tests {
		if got, err := HistoryFile(tt.env); got != tt.want || err != nil {
			t.Errorf("HistoryFile(%q) = %q, %v; want %q", tt.env, got, err, tt.want)
		}
	}
}
