package flac

import "encoding/binary"

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

// Zigzag maps a signed residual to an unsigned one: 0, -1, 1, -2... to 0, 1, 2, 3...
func Zigzag(r int32) uint64 { return uint64(uint32(r<<1) ^ uint32(r>>31)) }

// Unzigzag undoes Zigzag.
func Unzigzag(u uint64) int32 { return int32(u>>1) ^ -int32(u&1) }
