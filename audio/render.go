package audio

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/wav"
)

// Render writes s to path as a 16-bit stereo WAV file at SampleRate.
//
// It writes to a temporary file beside path and renames it into place only
// when everything was written and synced, so a failed or cancelled render
// never leaves a partial file and never damages an existing one.
func Render(ctx context.Context, path string, s beep.Streamer) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("audio: render: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	c := &cancellable{Streamer: s, ctx: ctx}
	format := beep.Format{SampleRate: SampleRate, NumChannels: 2, Precision: 2}
	if err := wav.Encode(f, c, format); err != nil {
		return fmt.Errorf("audio: render %s: %w", path, err)
	}
	if err := c.Err(); err != nil {
		return fmt.Errorf("audio: render %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("audio: render %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("audio: render %s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("audio: render %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("audio: render: %w", err)
	}
	return nil
}

// cancellable stops a streamer when its context is done, and reports why.
type cancellable struct {
	beep.Streamer
	ctx context.Context
	err error
}

func (c *cancellable) Stream(samples [][2]float64) (int, bool) {
	if c.err != nil {
		return 0, false
	}
	if err := c.ctx.Err(); err != nil {
		c.err = err
		return 0, false
	}
	n, ok := c.Streamer.Stream(samples)
	if !ok {
		c.err = c.Streamer.Err()
	}
	return n, ok
}

func (c *cancellable) Err() error {
	if c.err == nil {
		return nil
	}
	if errors.Is(c.err, context.Canceled) {
		return fmt.Errorf("interrupted: %w", c.err)
	}
	return c.err
}
