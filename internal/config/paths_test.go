package config

import (
	"path/filepath"
	"runtime"
	"testing"
)

func TestHistoryFile(t *testing.T) {
	state, home := t.TempDir(), t.TempDir()
	tests := []struct {
		env  []string
		want string
	}{
		{[]string{"XDG_STATE_HOME=" + state, "HOME=" + home}, filepath.Join(state, "guide", "history.jsonl")},
	}
	if runtime.GOOS == "linux" {
		tests = append(tests,
			struct {
				env  []string
				want string
			}{[]string{"XDG_STATE_HOME=relative", "HOME=" + home}, filepath.Join(home, ".local", "state", "guide", "history.jsonl")},
			struct {
				env  []string
				want string
			}{[]string{"HOME=" + home}, filepath.Join(home, ".local", "state", "guide", "history.jsonl")})
	}
	for _, tt := range tests {
		if got, err := HistoryFile(tt.env); got != tt.want || err != nil {
			t.Errorf("HistoryFile(%q) = %q, %v; want %q", tt.env, got, err, tt.want)
		}
	}
}
