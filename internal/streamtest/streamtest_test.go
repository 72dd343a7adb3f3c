package streamtest

import (
	"testing"

	"github.com/gopxl/beep/v2/generators"
)

func TestDrainSilence(t *testing.T) {
	got := Drain(t, generators.Silence(1000), 300, 7)
	if len(got) != 1000 {
		t.Errorf("drained %d samples, want 1000", len(got))
	}
}
