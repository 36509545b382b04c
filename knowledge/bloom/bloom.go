// Package bloom is a Bloom filter of one hash over 64-bit hashes its
// caller computes: most keys a question looks up in a word list or a table
// are not there, and a bit that is not set says so without looking the key
// up. A set bit may be another key's: the caller's map or index decides.
//
// The filter takes the top bits of each hash, so a hash should spread its
// entropy to the high bits (a multiplication by an odd constant does).
package bloom

import "math/bits"

// Filter is a bit array of a power of two bits, indexed by the top bits of
// a hash. It is safe for concurrent reads once filled.
type Filter struct {
	bits  []uint64
	shift uint // 64 - log2 of the bits
}

// New returns an empty filter sized for n keys: about perKey bits a key,
// at least 2^minLog and at most 2^maxLog bits (minLog at least 6).
func New(n, perKey, minLog, maxLog int) *Filter {
	log := min(max(bits.Len(uint(perKey*n)), minLog), maxLog)
	return &Filter{bits: make([]uint64, 1<<log/64), shift: uint(64 - log)}
}

// Add sets the bit of hash h.
func (f *Filter) Add(h uint64) {
	b := h >> f.shift
	f.bits[b/64] |= 1 << (b % 64)
}

// Has reports whether the bit of hash h is set: false means no key of that
// hash was added.
func (f *Filter) Has(h uint64) bool {
	b := h >> f.shift
	return f.bits[b/64]&(1<<(b%64)) != 0
}

// Bits returns the filter's bit array, which FromBits makes a filter of
// again (a generated table keeps a filter that way). It is the filter's
// own: the caller must not change it.
func (f *Filter) Bits() []uint64 { return f.bits }

// FromBits returns a filter of bits that Bits returned, which it keeps:
// the caller must not change them. It panics unless len(bits) is a power
// of two.
func FromBits(b []uint64) *Filter {
	n := len(b)
	if n == 0 || n&(n-1) != 0 {
		panic("bloom: FromBits of a length not a power of two")
	}
	return &Filter{bits: b, shift: uint(64 - bits.Len(uint(n*64)) + 1)}
}
