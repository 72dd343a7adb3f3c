package audio

import (
	"bytes"

	"github.com/stretchguide/guide/audio/flac"
)

// A packed clip holds 16-bit samples losslessly in about half the memory,
// so a session can keep every phrase it says, decoded once, for its whole
// length. It is FLAC's fixed linear predictor (order 0 to 3, chosen per
// block of packBlock samples) with Rice-coded residuals, written with
// package flac's bit writer and Rice coder; unpacking runs at several
// hundred times real time, so a clip is unpacked when its event starts.

const (
	packBlock = 4096 // samples with one predictor
	packPart  = 256  // samples with one Rice parameter
)

type packedClip struct {
	n    int
	data []byte
}

// packPCM packs x.
func packPCM(x []int16) packedClip {
	var w flac.BitWriter
	w.Buf = make([]byte, 0, len(x)*5/4)
	blk := make([]int32, packBlock)
	for b := 0; b < len(x); b += packBlock {
		packBlockTo(&w, x[b:min(b+packBlock, len(x))], blk)
	}
	// Keep exactly what the clip needs: it is held for the whole session.
	return packedClip{n: len(x), data: bytes.Clone(w.Flush())}
}

// packBlockTo packs one block of at most packBlock samples, using scratch
// (packBlock long) for them as 32 bits.
func packBlockTo(w *flac.BitWriter, x []int16, scratch []int32) {
	blk := scratch[:len(x)]
	for i, v := range x {
		blk[i] = int32(v)
	}
	// Choose the order with the smallest sum of residuals.
	var sums [4]uint64
	for i := 3; i < len(blk); i++ {
		for o := range sums {
			r := flac.Residual(blk, i, o)
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
	w.Write(uint64(order), 2)
	for i := range order {
		w.Write(uint64(uint16(blk[i])), 16)
	}
	// Each part of packPart samples has its own Rice parameter.
	for p := 0; p < len(blk); p += packPart {
		from, to := max(p, order), min(p+packPart, len(blk))
		var sum uint64
		for i := from; i < to; i++ {
			sum += flac.Zigzag(flac.Residual(blk, i, order))
		}
		k := uint(0)
		if n := uint64(to - from); n > 0 {
			for k < 20 && n<<(k+1) <= sum {
				k++
			}
		}
		w.Write(uint64(k), 5)
		for i := from; i < to; i++ {
			w.Rice(flac.Zigzag(flac.Residual(blk, i, order)), k)
		}
	}
}

// unpack writes the samples to dst, which must hold p.n.
func (p packedClip) unpack(dst []int16) {
	r := flac.BitReader{Data: p.data}
	for b := 0; b < p.n; b += packBlock {
		blk := dst[b:min(b+packBlock, p.n)]
		order := int(r.Read(2))
		for i := range min(order, len(blk)) {
			blk[i] = int16(uint16(r.Read(16)))
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
			k := uint(r.Read(5))
			for i := max(p, order); i < min(p+packPart, len(blk)); i++ {
				q := r.Unary()
				u := q<<k | r.Read(k)
				res := flac.Unzigzag(u)
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
