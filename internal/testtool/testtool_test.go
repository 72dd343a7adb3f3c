package testtool

import "testing"

func TestNeedFindsAProgram(t *testing.T) {
	if p := Need(t, "sh", "dash"); p == "" {
		t.Error("Need(sh) found no path")
	}
}
