package qa

import "unicode/utf8"

// runeBits is a set of runes as bits, for a pre-check made once a rune:
// does any cue of a list begin with this rune? A rune is kept by its low
// runeBitsLog bits, so a rune outside the set may share a bit with one in
// it (an ideograph 0x4000 away): a clear bit says no, a set bit maybe.
type runeBits [1 << runeBitsLog / 64]uint64

const runeBitsLog = 14

// firstRunes returns the set of the first runes of cues (none empty).
func firstRunes(cues ...[]string) *runeBits {
	var b runeBits
	for _, list := range cues {
		for _, c := range list {
			r, _ := utf8.DecodeRuneInString(c)
			b.add(r)
		}
	}
	return &b
}

func (b *runeBits) add(r rune) {
	k := uint32(r) & (1<<runeBitsLog - 1)
	b[k/64] |= 1 << (k % 64)
}

// mayHave reports whether r may be in the set; false means it is not.
func (b *runeBits) mayHave(r rune) bool {
	k := uint32(r) & (1<<runeBitsLog - 1)
	return b[k/64]&(1<<(k%64)) != 0
}

// anyIn reports whether some rune of s may be in the set: false means no
// cue whose first rune is in the set occurs in s.
func (b *runeBits) anyIn(s string) bool {
	for _, r := range s {
		if b.mayHave(r) {
			return true
		}
	}
	return false
}
