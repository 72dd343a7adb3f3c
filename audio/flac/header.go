package flac

import (
	"encoding/binary"
	"math/bits"
)

// The headers of a FLAC stream: STREAMINFO and a frame's, as the decoder
// and Check read them.

// streamInfo parses a STREAMINFO block's 34 bytes, found at byte off.
func streamInfo(p []byte, off int) (Info, error) {
	minBlock, maxBlock := int(binary.BigEndian.Uint16(p)), int(binary.BigEndian.Uint16(p[2:]))
	v := binary.BigEndian.Uint64(p[10:])
	info := Info{
		Rate:     int(v >> 44),
		Channels: int(v>>41&7) + 1,
		Bits:     int(v>>36&31) + 1,
		Samples:  int64(v & (1<<36 - 1)),
		MaxBlock: maxBlock,
	}
	switch {
	case maxBlock == 0 || minBlock > maxBlock:
		return Info{}, errAt(off, "block sizes %d to %d: want 1 to 65535, the smallest first", minBlock, maxBlock)
	case info.Rate == 0 || info.Rate > 655350:
		return Info{}, errAt(off+10, "sample rate %d Hz", info.Rate)
	case info.Bits < 4:
		return Info{}, errAt(off+12, "%d bits per sample: want 4 to 32", info.Bits)
	}
	return info, nil
}

// header is a frame's header, as parseHeader reads it.
type header struct {
	number   uint64 // the frame's number (or, with variable blocks, its first sample's)
	n        int    // its block size, in samples per channel
	rate     int    // its sample rate; 0 for the stream's
	assign   int    // channel assignment
	bitsCode int    // sample size code
	size     int    // bytes, the CRC-8 included
}

// parseHeader parses the frame header at the start of b, sync code
// included, and checks its CRC-8. A problem is a *FormatError at an
// offset into b.
func parseHeader(b []byte) (header, error) {
	var h header
	if len(b) < 6 {
		return h, errAt(0, "%d stray bytes after the last frame", len(b))
	}
	if b[0] != 0xFF || b[1]&0xFE != 0xF8 {
		return h, errAt(0, "no frame sync code (0xFFF8) where a frame should start")
	}
	bsCode, rateCode := int(b[2]>>4), int(b[2]&15)
	h.assign, h.bitsCode = int(b[3]>>4), int(b[3]>>1&7)
	if b[3]&1 != 0 {
		return h, errAt(3, "frame header's reserved bit is set")
	}
	p := 4
	// The frame or sample number, in FLAC's extended UTF-8.
	b0 := b[p]
	ones := bits.LeadingZeros8(^b0)
	if ones == 1 || ones == 8 {
		return h, errAt(p, "frame number badly coded (first byte 0x%02x)", b0)
	}
	extra := max(ones-1, 0)
	if len(b)-p < 1+extra+4 {
		return h, errAt(p, "the file ends inside a frame header")
	}
	h.number = uint64(b0 & (0x7F >> max(ones, 0)))
	for i := 1; i <= extra; i++ {
		if b[p+i]&0xC0 != 0x80 {
			return h, errAt(p+i, "frame number badly coded")
		}
		h.number = h.number<<6 | uint64(b[p+i]&0x3F)
	}
	p += 1 + extra
	h.n = blockSizes[bsCode]
	switch bsCode {
	case 0:
		return h, errAt(2, "reserved block size code 0")
	case 6:
		h.n = int(b[p]) + 1
		p++
	case 7:
		h.n = int(binary.BigEndian.Uint16(b[p:])) + 1
		p += 2
	}
	switch {
	case rateCode >= 1 && rateCode <= 11:
		h.rate = frameRates[rateCode]
	case rateCode == 12:
		h.rate = int(b[p]) * 1000
		p++
	case rateCode == 13:
		h.rate = int(binary.BigEndian.Uint16(b[p:]))
		p += 2
	case rateCode == 14:
		h.rate = int(binary.BigEndian.Uint16(b[p:])) * 10
		p += 2
	case rateCode == 15:
		return h, errAt(2, "invalid sample rate code 15")
	}
	if p >= len(b) {
		return h, errAt(p, "the file ends inside a frame header")
	}
	if crc8(b[:p]) != b[p] {
		return h, errAt(0, "frame header CRC-8 mismatch: damaged")
	}
	h.size = p + 1
	return h, nil
}
