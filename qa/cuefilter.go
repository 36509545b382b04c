package qa

import "unicode/utf8"

// A stage that looks for a list of cues anywhere in a question
// (containsAny of q.norm: 哪条路, 以前, 怎么看) first asks which lists a
// cue of may be there, found in one pass over the question when it is
// parsed (cueListsIn), instead of reading the question again: most
// questions hold no cue of most lists. A list may be there when the
// question holds the last two runes of one of its cues in a row (of 什么路上,
// 路上: a cue's first runes are often a question word's, which most
// questions hold).

// cueList is a list of cues looked for in whole questions (query.holds),
// known by its bit in cueListsIn's mask.
type cueList struct {
	words []string
	bit   cueMask
}

// cueMask has a bit for each cueList, and cuesRead.
type cueMask uint32

// cuesRead marks a mask cueListsIn found: without it (a query made
// without one), every list may be there.
const cuesRead cueMask = 1 << 31

// cuePairSlots is the room of cuePairs: a power of two, several times the
// pairs that end the cues of every list.
const cuePairSlots = 1 << 10

// cuePairs maps the last two runes of each cue of every cueList, as a
// pairKey, to the lists whose cues end with them (open addressing; a
// zero key is an empty slot).
var cuePairs struct {
	keys  [cuePairSlots]uint64
	lists [cuePairSlots]cueMask
	n     int // cueLists made
	pairs int // keys held
	// always are the lists with a cue of fewer than two runes, which no
	// pair stands for (or a cue the full table could not take): every
	// question may hold one.
	always cueMask
}

// pairKey is the key of the runes a, b in a row (never 0).
func pairKey(a, b rune) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) | 1<<63 }

// pairSlot is where the probe for key starts.
func pairSlot(key uint64) uint32 { return uint32(key*0x9E3779B97F4A7C15>>54) & (cuePairSlots - 1) }

// newCueList makes the cueList of the cues of lists (a list with a cue of
// fewer than two runes may be in every question).
func newCueList(lists ...[]string) *cueList {
	l := &cueList{bit: 1 << cuePairs.n}
	cuePairs.n++
	if l.bit >= cuesRead {
		panic("qa: too many cue lists")
	}
	for _, list := range lists {
		for _, w := range list {
			b, n := utf8.DecodeLastRuneInString(w)
			a, m := utf8.DecodeLastRuneInString(w[:len(w)-n])
			l.words = append(l.words, w)
			if n == 0 || m == 0 || cuePairs.pairs >= cuePairSlots/2 {
				cuePairs.always |= l.bit // (or the table is full)
				continue
			}
			addCuePair(pairKey(a, b), l.bit)
		}
	}
	return l
}

// addCuePair notes that a cue of the lists of bit ends with the pair key.
func addCuePair(key uint64, bit cueMask) {
	for i := pairSlot(key); ; i = (i + 1) & (cuePairSlots - 1) {
		switch cuePairs.keys[i] {
		case 0:
			cuePairs.keys[i] = key
			cuePairs.pairs++
			fallthrough
		case key:
			cuePairs.lists[i] |= bit
			return
		}
	}
}

// cueListsIn returns the mask of the cueLists that a cue of may be in s
// (with cuesRead).
func cueListsIn(s string) cueMask {
	found := cuesRead | cuePairs.always
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			key := pairKey(prev, r)
			for i := pairSlot(key); cuePairs.keys[i] != 0; i = (i + 1) & (cuePairSlots - 1) {
				if cuePairs.keys[i] == key {
					found |= cuePairs.lists[i]
					break
				}
			}
		}
		prev = r
	}
	return found
}

// mayHold reports whether a cue of l may be in the question: false means
// none is.
func (q *query) mayHold(l *cueList) bool {
	return q.cues&cuesRead == 0 || q.cues&l.bit != 0
}

// holds reports whether the question holds a cue of l anywhere
// (containsAny of its text), asking its mask first.
func (q *query) holds(l *cueList) bool {
	return q.mayHold(l) && containsAny(q.norm, l.words)
}
