package audio

import (
	"bytes"

	"github.com/stretchguide/guide/audio/flac"
)

// A packed clip holds 16-bit samples losslessly in about half the memory,
// so a session can keep every phrase it says, decoded once, for its whole
// length. It is FLAC's fixed linear predictor (order 0 to 3, chosen per
// block of packBlock samples) with Rice-coded residuals, written with
// package flac's bit writer and Rice coder. Unpacking runs at thousands of
// times real time, so a clip is unpacked a block at a time as it plays.

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
	scratch := make([]uint32, packBlock)
	for b := 0; b < len(x); b += packBlock {
		packBlockTo(&w, x[b:min(b+packBlock, len(x))], scratch)
	}
	// Keep exactly what the clip needs: it is held for the whole session.
	return packedClip{n: len(x), data: bytes.Clone(w.Flush())}
}

// packBlockTo packs one block of at most packBlock samples, using scratch
// (packBlock long) for their residuals.
func packBlockTo(w *flac.BitWriter, x []int16, scratch []uint32) {
	// Choose the order with the smallest sum of residuals (from the
	// fourth sample, where every order has one): the residuals of orders
	// 0 to 3 are the sample and its first three differences.
	var sums [4]uint64
	for i := 3; i < len(x); i++ {
		a, b, c, d := int32(x[i]), int32(x[i-1]), int32(x[i-2]), int32(x[i-3])
		r1 := a - b
		r2 := r1 - (b - c)
		r3 := r2 - (b - 2*c + d)
		sums[0] += uint64(abs32(a))
		sums[1] += uint64(abs32(r1))
		sums[2] += uint64(abs32(r2))
		sums[3] += uint64(abs32(r3))
	}
	order := 0
	for o := range sums {
		if sums[o] < sums[order] {
			order = o
		}
	}
	order = min(order, len(x))
	w.Write(uint64(order), 2)
	for i := range order {
		w.Write(uint64(uint16(x[i])), 16)
	}
	// The residuals, zigzagged, once.
	u := scratch[:len(x)]
	for i := order; i < len(x); i++ {
		var r int32
		switch a := int32(x[i]); order {
		case 0:
			r = a
		case 1:
			r = a - int32(x[i-1])
		case 2:
			r = a - 2*int32(x[i-1]) + int32(x[i-2])
		default:
			r = a - 3*int32(x[i-1]) + 3*int32(x[i-2]) - int32(x[i-3])
		}
		u[i] = uint32(flac.Zigzag(r))
	}
	// Each part of packPart samples has its own Rice parameter.
	for p := 0; p < len(x); p += packPart {
		part := u[max(p, order):min(p+packPart, len(x))]
		var sum uint64
		for _, v := range part {
			sum += uint64(v)
		}
		k := uint(0)
		if n := uint64(len(part)); n > 0 {
			for k < 20 && n<<(k+1) <= sum {
				k++
			}
		}
		w.Write(uint64(k), 5)
		for _, v := range part {
			w.Rice(uint64(v), k)
		}
	}
}

func abs32(v int32) uint32 {
	if v < 0 {
		return uint32(-v)
	}
	return uint32(v)
}

// unpackBlock reads the next block of samples from r into blk, which holds
// as many as the block does.
func unpackBlock(r *flac.BitReader, blk []int16) {
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
	var res [packPart]int32
	for p := 0; p < len(blk); p += packPart {
		k := uint(r.Read(5))
		from, to := max(p, order), min(p+packPart, len(blk))
		part := res[:max(to-from, 0)]
		r.Rice(part, k) // the clip's own bits: they never end short
		for j, e := range part {
			var v int32
			switch order {
			case 0:
				v = e
			case 1:
				v = e + x1
			case 2:
				v = e + 2*x1 - x2
			default:
				v = e + 3*x1 - 3*x2 + x3
			}
			blk[from+j] = int16(v)
			x3, x2, x1 = x2, x1, v
		}
	}
}

// An unpacker unpacks a packed clip a block at a time, as it is played:
// it holds one block, never the whole clip.
type unpacker struct {
	p     packedClip
	r     flac.BitReader
	next  int     // the first sample not yet unpacked
	block []int16 // the samples before next, from the start of their block
}

func newUnpacker(p packedClip) *unpacker {
	return &unpacker{p: p, r: flac.BitReader{Data: p.data}}
}

// samples returns the clip's samples from i, up to j or the end of i's
// block, whichever comes first. Calls must not go back: i is never before
// the block of the last call.
func (u *unpacker) samples(i, j int) []int16 {
	for u.next <= i {
		n := min(packBlock, u.p.n-u.next)
		if u.block == nil {
			u.block = make([]int16, packBlock)
		}
		u.block = u.block[:n]
		unpackBlock(&u.r, u.block)
		u.next += n
	}
	lo := u.next - len(u.block)
	return u.block[i-lo : min(j, u.next)-lo]
}

// size returns the bytes the packed clip holds.
func (p packedClip) size() int { return len(p.data) }
