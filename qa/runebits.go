package qa

import (
	"strings"
	"unicode/utf8"
)

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

// cueIndex finds the leftmost of a list of cues in a text in one pass
// over it, looking only at the cues that begin with each rune that may
// begin one.
type cueIndex struct {
	first  runeBits
	byRune map[rune][]string // the cues that begin with each rune, in list order
}

// newCueIndex indexes cues (none empty).
func newCueIndex(cues []string) *cueIndex {
	x := &cueIndex{byRune: map[rune][]string{}}
	for _, c := range cues {
		r, _ := utf8.DecodeRuneInString(c)
		x.first.add(r)
		x.byRune[r] = append(x.byRune[r], c)
	}
	return x
}

// leftmost returns the byte offset in s (valid UTF-8) of the leftmost
// occurrence of a cue, and the cue (of those that begin there, the first
// listed); -1 and "" when none occurs. It is what taking strings.Index of
// each cue in list order and keeping the first strictly leftmost gives.
func (x *cueIndex) leftmost(s string) (int, string) {
	for i, r := range s {
		if !x.first.mayHave(r) {
			continue
		}
		for _, c := range x.byRune[r] {
			if strings.HasPrefix(s[i:], c) {
				return i, c
			}
		}
	}
	return -1, ""
}

// lastRune is the rune utf8.DecodeLastRuneInString returns for s: a
// valid rune of three bytes (most ideographs) read in place, without its
// search for where the rune begins.
func lastRune(s string) rune {
	if n := len(s); n >= 3 && s[n-3]&0xF0 == 0xE0 && s[n-2]&0xC0 == 0x80 && s[n-1]&0xC0 == 0x80 {
		r := rune(s[n-3]&0x0F)<<12 | rune(s[n-2]&0x3F)<<6 | rune(s[n-1]&0x3F)
		if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) { // (not overlong, not a surrogate)
			return r
		}
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}
