package audio

import (
	"bytes"
	"math/bits"
)

// A packed clip holds 16-bit samples losslessly in about half the memory,
// so a session can keep every phrase it says, decoded once, for its whole
// length. It is a fixed linear predictor (order 0 to 3, chosen per block of
// packBlock samples) with Rice-coded residuals, as in FLAC; unpacking runs
// at several hundred times real time, so a clip is unpacked when its event
// starts.

const (
	packBlock = 4096 // samples with one predictor
	packPart  = 256  // samples with one Rice parameter
)

type packedClip struct {
	n    int
	data []byte
}

// bitWriter writes bits most significant first.
type bitWriter struct {
	buf  []byte
	acc  uint64 // pending bits, in the low nacc bits
	nacc uint
}

func (w *bitWriter) write(v uint64, n uint) {
	for n > 0 {
		take := min(n, 56-w.nacc)
		w.acc = w.acc<<take | (v>>(n-take))&(1<<take-1)
		w.nacc += take
		n -= take
		for w.nacc >= 8 {
			w.nacc -= 8
			w.buf = append(w.buf, byte(w.acc>>w.nacc))
		}
	}
}

// unary writes q zeros and a one.
func (w *bitWriter) unary(q uint64) {
	for q >= 32 {
		w.write(0, 32)
		q -= 32
	}
	w.write(1, uint(q)+1)
}

// rice writes the zigzag of r with Rice parameter k.
func (w *bitWriter) rice(u uint64, k uint) {
	if q := u >> k; q+1+uint64(k) <= 48 {
		// q zeros, a one and k bits, in one go.
		w.write(1<<k|u&(1<<k-1), uint(q)+1+k)
		return
	}
	w.unary(u >> k)
	if k > 0 {
		w.write(u&(1<<k-1), k)
	}
}

func (w *bitWriter) flush() []byte {
	if w.nacc > 0 {
		w.buf = append(w.buf, byte(w.acc<<(8-w.nacc)))
		w.acc, w.nacc = 0, 0
	}
	return w.buf
}

// bitReader reads what bitWriter wrote.
type bitReader struct {
	data []byte
	pos  int    // next byte
	acc  uint64 // bits, left-aligned
	nacc uint
}

func (r *bitReader) fill() {
	for r.nacc <= 56 {
		var b byte
		if r.pos < len(r.data) {
			b = r.data[r.pos]
		}
		r.pos++
		r.acc |= uint64(b) << (56 - r.nacc)
		r.nacc += 8
	}
}

func (r *bitReader) read(n uint) uint64 {
	if n == 0 {
		return 0
	}
	if r.nacc < n {
		r.fill()
	}
	v := r.acc >> (64 - n)
	r.acc <<= n
	r.nacc -= n
	return v
}

func (r *bitReader) unary() uint64 {
	var q uint64
	for {
		if r.nacc < 32 {
			r.fill()
		}
		z := uint(bits.LeadingZeros64(r.acc))
		if z < r.nacc {
			r.acc <<= z + 1
			r.nacc -= z + 1
			return q + uint64(z)
		}
		q += uint64(r.nacc)
		r.acc, r.nacc = 0, 0
	}
}

func zigzag(r int32) uint64   { return uint64(uint32(r<<1) ^ uint32(r>>31)) }
func unzigzag(u uint64) int32 { return int32(u>>1) ^ -int32(u&1) }

// predict returns the residual of sample i of x with a fixed predictor of
// the given order (i >= order).
func predict(x []int16, i, order int) int32 {
	switch order {
	case 0:
		return int32(x[i])
	case 1:
		return int32(x[i]) - int32(x[i-1])
	case 2:
		return int32(x[i]) - 2*int32(x[i-1]) + int32(x[i-2])
	default:
		return int32(x[i]) - 3*int32(x[i-1]) + 3*int32(x[i-2]) - int32(x[i-3])
	}
}

// packClip packs a clip as 16 bits (see toPCM), a block at a time, and
// returns it with its peak in 16-bit units.
func packClip(c Clip) (packedClip, float32) {
	var w bitWriter
	w.buf = make([]byte, 0, len(c)*5/4)
	blk := make([]int16, packBlock)
	var peak int32
	for b := 0; b < len(c); b += packBlock {
		x := blk[:min(packBlock, len(c)-b)]
		for i, v := range c[b : b+len(x)] {
			q := pcm16(v)
			x[i] = q
			peak = max(peak, int32(q), -int32(q))
		}
		packBlockTo(&w, x)
	}
	return packedClip{n: len(c), data: bytes.Clone(w.flush())}, float32(peak)
}

// packPCM packs x.
func packPCM(x []int16) packedClip {
	var w bitWriter
	w.buf = make([]byte, 0, len(x)*5/4)
	for b := 0; b < len(x); b += packBlock {
		packBlockTo(&w, x[b:min(b+packBlock, len(x))])
	}
	// Keep exactly what the clip needs: it is held for the whole session.
	return packedClip{n: len(x), data: bytes.Clone(w.flush())}
}

// packBlockTo packs one block of at most packBlock samples.
func packBlockTo(w *bitWriter, blk []int16) {
	// Choose the order with the smallest sum of residuals.
	var sums [4]uint64
	for i := 3; i < len(blk); i++ {
		for o := range sums {
			r := predict(blk, i, o)
			if r < 0 {
				r = -r
			}
			sums[o] += uint64(r)
		}
	}
	order := 0
	for o := range sums {
		if sums[o] < sums[order] {
			order = o
		}
	}
	order = min(order, len(blk))
	w.write(uint64(order), 2)
	for i := range order {
		w.write(uint64(uint16(blk[i])), 16)
	}
	// Each part of packPart samples has its own Rice parameter.
	for p := 0; p < len(blk); p += packPart {
		from, to := max(p, order), min(p+packPart, len(blk))
		var sum uint64
		for i := from; i < to; i++ {
			sum += zigzag(predict(blk, i, order))
		}
		k := uint(0)
		if n := uint64(to - from); n > 0 {
			for k < 20 && n<<(k+1) <= sum {
				k++
			}
		}
		w.write(uint64(k), 5)
		for i := from; i < to; i++ {
			w.rice(zigzag(predict(blk, i, order)), k)
		}
	}
}

// unpack writes the samples to dst, which must hold p.n.
func (p packedClip) unpack(dst []int16) {
	r := bitReader{data: p.data}
	for b := 0; b < p.n; b += packBlock {
		blk := dst[b:min(b+packBlock, p.n)]
		order := int(r.read(2))
		for i := range min(order, len(blk)) {
			blk[i] = int16(uint16(r.read(16)))
		}
		// The predictors, written out: the residual plus the prediction.
		var x1, x2, x3 int32
		if order >= 1 {
			x1 = int32(blk[order-1])
		}
		if order >= 2 {
			x2 = int32(blk[order-2])
		}
		if order >= 3 {
			x3 = int32(blk[order-3])
		}
		for p := 0; p < len(blk); p += packPart {
			k := uint(r.read(5))
			for i := max(p, order); i < min(p+packPart, len(blk)); i++ {
				q := r.unary()
				u := q<<k | r.read(k)
				res := unzigzag(u)
				var v int32
				switch order {
				case 0:
					v = res
				case 1:
					v = res + x1
				case 2:
					v = res + 2*x1 - x2
				default:
					v = res + 3*x1 - 3*x2 + x3
				}
				blk[i] = int16(v)
				x3, x2, x1 = x2, x1, v
			}
		}
	}
}

// size returns the bytes the packed clip holds.
func (p packedClip) size() int { return len(p.data) }
