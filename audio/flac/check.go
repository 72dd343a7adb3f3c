package flac

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Check reads what r (a FLAC file of size bytes, as Writer writes them)
// holds without decoding it: its STREAMINFO, and its last frame, found
// from the end and checked whole (its header's CRC-8 and the frame's
// CRC-16), which must end exactly at the sample count STREAMINFO gives.
// A file cut short, or whose sample count was never written, fails.
func Check(r io.ReaderAt, size int64) (Info, error) {
	var head [4 + 4 + 34]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return Info{}, errors.New("too short for a FLAC file")
	}
	if head[4]&0x7F != 0 || head[7] != 34 {
		return Info{}, errors.New("no FLAC header")
	}
	info, err := streamInfo(head[8:], 8)
	if !IsFLAC(head[:]) || err != nil {
		return Info{}, errors.New("no FLAC header")
	}
	minBlock := int(binary.BigEndian.Uint16(head[8:]))
	if info.Samples == 0 {
		return info, errors.New("its header holds no sample count: it was not finished")
	}
	tail := make([]byte, min(size, 1<<17)) // a frame is at most 4096 x 2 x 17 bits and headers
	off := size - int64(len(tail))
	if _, err := r.ReadAt(tail, off); err != nil {
		return info, fmt.Errorf("reading its end: %w", err)
	}
	for i := len(tail) - 2 - 6; i >= 0; i-- {
		if tail[i] != 0xFF || tail[i+1] != 0xF8 {
			continue
		}
		frame, n, ok := frameHeader(tail[i:], minBlock)
		if !ok || off+int64(i) < 42 {
			continue
		}
		body := tail[i : len(tail)-2]
		if crc16(body) != binary.BigEndian.Uint16(tail[len(tail)-2:]) {
			continue
		}
		if end := int64(frame)*int64(minBlock) + int64(n); end != info.Samples {
			return info, fmt.Errorf("its last frame ends at sample %d, but its header says %d", end, info.Samples)
		}
		return info, nil
	}
	return info, errors.New("its end is not a whole FLAC frame: the file was cut short")
}

// frameHeader parses a fixed-block-size frame header at the start of b
// and checks its CRC-8: the frame's number and its block size.
func frameHeader(b []byte, block int) (frame uint64, n int, ok bool) {
	if len(b) < 2 || b[1] != 0xF8 { // fixed block sizes
		return 0, 0, false
	}
	h, err := parseHeader(b)
	if err != nil || h.n > block {
		return 0, 0, false
	}
	return h.number, h.n, true
}
