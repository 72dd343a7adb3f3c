package flac

import (
	"encoding/binary"
	"math/bits"
)

// BitWriter writes bits most significant first, into Buf.
type BitWriter struct {
	Buf  []byte
	acc  uint64 // pending bits, in the low nacc bits
	nacc uint
}

// Write writes the low n bits of v.
func (w *BitWriter) Write(v uint64, n uint) {
	// Whole 32-bit words go to Buf as they fill: fewer than 32 bits wait.
	for n > 0 {
		take := min(n, 56-w.nacc)
		w.acc = w.acc<<take | (v>>(n-take))&(1<<take-1)
		w.nacc += take
		n -= take
		if w.nacc >= 32 {
			w.nacc -= 32
			w.Buf = binary.BigEndian.AppendUint32(w.Buf, uint32(w.acc>>w.nacc))
		}
	}
}

// Unary writes q zeros and a one.
func (w *BitWriter) Unary(q uint64) {
	for q >= 32 {
		w.Write(0, 32)
		q -= 32
	}
	w.Write(1, uint(q)+1)
}

// Rice writes u (a Zigzag residual) with Rice parameter k.
func (w *BitWriter) Rice(u uint64, k uint) {
	if q := u >> k; q+1+uint64(k) <= 48 {
		// q zeros, a one and k bits, in one go.
		w.Write(1<<k|u&(1<<k-1), uint(q)+1+k)
		return
	}
	w.Unary(u >> k)
	if k > 0 {
		w.Write(u&(1<<k-1), k)
	}
}

// Flush pads the last byte with zeros and returns everything written.
func (w *BitWriter) Flush() []byte {
	for w.nacc >= 8 {
		w.nacc -= 8
		w.Buf = append(w.Buf, byte(w.acc>>w.nacc))
	}
	if w.nacc > 0 {
		w.Buf = append(w.Buf, byte(w.acc<<(8-w.nacc)))
	}
	w.acc, w.nacc = 0, 0
	return w.Buf
}

// BitReader reads bits most significant first from Data, as FLAC and
// BitWriter write them; past its end it reads zeros (and the decoder's
// overrun turns true).
type BitReader struct {
	Data []byte
	pos  int    // next byte to load
	acc  uint64 // bits, left-aligned
	n    uint   // bits in acc
}

func (r *BitReader) refill() {
	if r.pos+8 <= len(r.Data) {
		v := binary.BigEndian.Uint64(r.Data[r.pos:])
		r.acc |= v >> r.n
		take := (63 - r.n) >> 3
		r.pos += int(take)
		r.n += take << 3
		return
	}
	for r.n <= 56 {
		var b byte
		if r.pos < len(r.Data) {
			b = r.Data[r.pos]
		}
		r.pos++
		r.acc |= uint64(b) << (56 - r.n)
		r.n += 8
	}
}

// overrun reports whether more bits were read than data holds.
func (r *BitReader) overrun() bool { return r.pos*8-int(r.n) > len(r.Data)*8 }

// bytePos returns the offset of the byte holding the next bit, rounded up
// to a whole byte.
func (r *BitReader) bytePos() int { return r.pos - int(r.n/8) }

// Read returns the next n bits (at most 56) as unsigned.
func (r *BitReader) Read(n uint) uint64 {
	if n == 0 {
		return 0
	}
	if r.n < n {
		r.refill()
	}
	v := r.acc >> (64 - n)
	r.acc <<= n
	r.n -= n
	return v
}

// signed returns the next n bits (at most 33) as two's complement.
func (r *BitReader) signed(n uint) int32 {
	if n == 0 {
		return 0
	}
	if n > 32 {
		r.Read(n - 32) // a 33-bit side channel of 32-bit audio: the top bit is lost
		n = 32
	}
	return int32(uint32(r.Read(n))<<(32-n)) >> (32 - n)
}

// unary reads zeros up to a one and returns their count; it fails past the
// end of data or past limit zeros.
func (r *BitReader) unary(limit uint64) (uint64, bool) {
	var q uint64
	for {
		if r.n < 32 {
			r.refill()
		}
		z := uint(bits.LeadingZeros64(r.acc))
		if z < r.n {
			r.acc <<= z + 1
			r.n -= z + 1
			return q + uint64(z), q+uint64(z) <= limit
		}
		q += uint64(r.n)
		r.acc, r.n = 0, 0
		if r.overrun() || q > limit {
			return q, false
		}
	}
}

// Rice decodes len(x) Rice-coded residuals with parameter k into x (what
// BitWriter.Rice wrote of their Zigzag). It reports false when the data
// ends first or a quotient is out of all bounds.
func (r *BitReader) Rice(x []int32, k uint) bool {
	for i := range x {
		if r.n < 48 {
			r.refill()
		}
		z := uint(bits.LeadingZeros64(r.acc))
		var u uint64
		if z+1+k <= r.n {
			acc := r.acc << (z + 1)
			u = uint64(z)<<k | acc>>(64-k)&(1<<k-1)
			r.acc = acc << k
			r.n -= z + 1 + k
		} else {
			q, ok := r.unary(1 << 32)
			if !ok {
				return false
			}
			u = q<<k | r.Read(k)
		}
		x[i] = int32(u>>1) ^ -int32(u&1)
	}
	return !r.overrun()
}

// Zigzag maps a signed residual to an unsigned one: 0, -1, 1, -2... to 0, 1, 2, 3...
func Zigzag(r int32) uint64 { return uint64(uint32(r<<1) ^ uint32(r>>31)) }

// Unzigzag undoes Zigzag.
func Unzigzag(u uint64) int32 { return int32(u>>1) ^ -int32(u&1) }
