package config

import (
	"bytes"

	guide "github.com/stretchguide/guide"
)

// Template returns the file guide config init writes: config.yaml with
// every key commented out ("# " before it) and the section headings left,
// so that it documents every setting and sets none. Removing the "# "
// before a key sets it; the keys left commented keep their defaults, and
// the pace preset still sets the pace keys.
func Template() ([]byte, error) {
	s, err := defaultSchema()
	if err != nil {
		return nil, err
	}
	lines := bytes.SplitAfter(guide.DefaultConfig, []byte("\n"))
	for _, at := range s.lines {
		line, col := at[0]-1, at[1]-1
		lines[line] = append(lines[line][:col:col], append([]byte("# "), lines[line][col:]...)...)
	}
	return bytes.Join(lines, nil), nil
}
