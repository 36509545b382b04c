package analysis

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// A segmentation table is an analyzer's dictionary compiled into one
// block of bytes that segmenting reads in place: a knowledge base stores
// it, and opening the base reads it (in place, or one copy) instead of
// building gse's trie word by word (gse has no way to load a built trie; building it was most of
// an open). Segmenting over the table gives, bit for bit, the cut that
// gse's Segmenter.Segment gives over the same dictionary: gse's units
// (a run of letters and digits of one or two bytes each, its ASCII
// capitals made small, or any other single rune), the shortest path over the words' distances
// (log2 of the dictionary's total frequency minus log2 of the word's),
// float32 sums, ties to the earlier word, a stand-in of distance 32 for a
// unit that starts no one-unit word. TestSegmentMatchesGse and
// FuzzSegmentMatchesGse hold that against gse itself.
//
// Layout (all integers little-endian):
//
//	offset  size      field
//	0       4         magic "VSG1"
//	4       4         uint32 words: the dictionary's size (Analyzer.Size)
//	8       4         uint32 maxUnits: the most units of one word
//	12      4         uint32 slots: the hash table's size, a power of two
//	16      16*slots  the hash table, open addressing with linear probing
//	...     rest      the key pool: the keys' bytes, one after another
//
// A slot is 16 bytes:
//
//	0   uint32   FNV-1a (32-bit) hash of the key
//	4   uint32   the key's offset in the pool
//	8   uint16   the key's length in bytes; 0 marks an empty slot
//	10  uint8    1 if the key is a word, 0 if it only begins longer words
//	11  uint8    0
//	12  float32  the word's distance (IEEE 754 bits; 0 for a prefix)
//
// The keys are every word (its units lower-cased and joined) and every
// prefix of a word that ends between two of its units, so a lookup that
// finds no key can stop extending, as a walk down gse's trie does. At
// most half the slots are used, so every probe ends at an empty slot.
type segTable struct {
	data     []byte
	slots    []byte // data[16 : 16+16*n]
	pool     []byte
	mask     uint32
	maxUnits int
	words    int
}

const (
	segMagic      = "VSG1"
	segHeader     = 16
	segSlot       = 16
	segStandIn    = 32 // the distance gse gives a unit that starts no one-unit word
	segStackUnits = 64 // texts of up to this many units segment without allocating
)

const (
	fnvOffset32 = 2166136261
	fnvPrime32  = 16777619
)

func fnvAdd(h uint32, b []byte) uint32 {
	for _, c := range b {
		h ^= uint32(c)
		h *= fnvPrime32
	}
	return h
}

// compileTable compiles the tokens of dict, a dictionary gse has built
// (AddToken keeps the first of words with the same bytes), into a table
// whose header gives size as the dictionary's number of words.
func compileTable(dict *gse.Dictionary, size int) ([]byte, error) {
	type key struct {
		word bool
		dist float32
	}
	keys := map[string]key{}
	var order []string // the keys in a fixed order: the table is the same for the same dictionary
	logTotal := float32(math.Log2(dict.TotalFreq()))
	maxUnits := 0
	for i := range dict.Tokens {
		t := &dict.Tokens[i]
		units := gse.SplitWords([]byte(t.Text()))
		maxUnits = max(maxUnits, len(units))
		prefix := make([]byte, 0, len(t.Text()))
		for j, u := range units {
			prefix = append(prefix, u...)
			k := string(prefix)
			if len(k) > math.MaxUint16 {
				return nil, fmt.Errorf("segmentation table: word of %d bytes", len(t.Text()))
			}
			old, seen := keys[k]
			if !seen {
				order = append(order, k)
			}
			if j == len(units)-1 && !old.word {
				keys[k] = key{word: true, dist: logTotal - float32(math.Log2(t.Freq()))}
			} else if !seen {
				keys[k] = key{}
			}
		}
	}
	n := uint32(1)
	for int(n) < 2*len(keys)+1 {
		n <<= 1
	}
	out := make([]byte, segHeader+segSlot*int(n))
	copy(out, segMagic)
	binary.LittleEndian.PutUint32(out[4:], uint32(size))
	binary.LittleEndian.PutUint32(out[8:], uint32(maxUnits))
	binary.LittleEndian.PutUint32(out[12:], n)
	slots := out[segHeader:]
	var pool []byte
	for _, k := range order {
		h := fnvAdd(fnvOffset32, []byte(k))
		i := int(h & (n - 1))
		for binary.LittleEndian.Uint16(slots[i*segSlot+8:]) != 0 {
			i = (i + 1) & int(n-1)
		}
		s := slots[i*segSlot : (i+1)*segSlot]
		binary.LittleEndian.PutUint32(s[0:], h)
		binary.LittleEndian.PutUint32(s[4:], uint32(len(pool)))
		binary.LittleEndian.PutUint16(s[8:], uint16(len(k)))
		if v := keys[k]; v.word {
			s[10] = 1
			binary.LittleEndian.PutUint32(s[12:], math.Float32bits(v.dist))
		}
		pool = append(pool, k...)
	}
	if uint64(len(pool)) > math.MaxUint32 {
		return nil, errors.New("segmentation table: key pool over 4 GiB")
	}
	return append(out, pool...), nil
}

// parseTable checks a table's header and every slot's bounds, so that
// segmenting over it cannot read outside it; it does not copy data.
func parseTable(data []byte) (segTable, error) {
	bad := func(format string, args ...any) (segTable, error) {
		return segTable{}, fmt.Errorf("segmentation table: "+format, args...)
	}
	if len(data) < segHeader || string(data[:4]) != segMagic {
		return bad("no header (%d bytes)", len(data))
	}
	words := binary.LittleEndian.Uint32(data[4:])
	maxUnits := binary.LittleEndian.Uint32(data[8:])
	n := binary.LittleEndian.Uint32(data[12:])
	if n == 0 || n&(n-1) != 0 || uint64(n)*segSlot > uint64(len(data)-segHeader) {
		return bad("%d slots in %d bytes", n, len(data))
	}
	if maxUnits == 0 || maxUnits > math.MaxUint16 || words == 0 {
		return bad("%d words of at most %d units", words, maxUnits)
	}
	t := segTable{data: data, slots: data[segHeader : segHeader+segSlot*int(n)], mask: n - 1, maxUnits: int(maxUnits), words: int(words)}
	t.pool = data[segHeader+len(t.slots):]
	used := 0
	for i := 0; i < len(t.slots); i += segSlot {
		s := t.slots[i : i+segSlot]
		l := binary.LittleEndian.Uint16(s[8:])
		if l == 0 {
			continue
		}
		used++
		if off := binary.LittleEndian.Uint32(s[4:]); uint64(off)+uint64(l) > uint64(len(t.pool)) || s[10] > 1 {
			return bad("slot %d out of bounds", i/segSlot)
		}
	}
	if used == 0 || used >= int(n) {
		return bad("%d of %d slots used", used, n)
	}
	return t, nil
}

// find looks key (with hash h) up: whether it is a key of the table, and
// if it is a word, its distance.
func (t *segTable) find(h uint32, key string) (found, word bool, dist float32) {
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[int(i)*segSlot : int(i)*segSlot+segSlot]
		l := int(binary.LittleEndian.Uint16(s[8:]))
		if l == 0 {
			return false, false, 0
		}
		if binary.LittleEndian.Uint32(s[0:]) != h || l != len(key) {
			continue
		}
		off := int(binary.LittleEndian.Uint32(s[4:]))
		if string(t.pool[off:off+l]) != key {
			continue
		}
		return true, s[10] == 1, math.Float32frombits(binary.LittleEndian.Uint32(s[12:]))
	}
}

// span is a segment's byte range in the text segmented.
type span struct{ start, end int }

// unitEnds appends the byte offset at which each of gse's units of text
// ends: a run of letters and digits of at most two bytes each is one unit,
// any other rune (an ideograph, a symbol, a space, an invalid byte) is one.
func unitEnds(text string, ends []int32) []int32 {
	inRun := false
	for i := 0; i < len(text); {
		if _, ok := commonHanAt(text, i); ok { // the common ideographs, one unit each: the fast path
			if inRun {
				ends = append(ends, int32(i))
				inRun = false
			}
			i += 3
			ends = append(ends, int32(i))
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if size <= 2 && (unicode.IsLetter(r) || unicode.IsNumber(r)) {
			inRun = true
			i += size
			continue
		}
		if inRun {
			ends = append(ends, int32(i))
			inRun = false
		}
		i += size
		ends = append(ends, int32(i))
	}
	if inRun {
		ends = append(ends, int32(len(text)))
	}
	return ends
}

// asciiLower returns s with its ASCII capitals made small letters, as gse
// looks its units up.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// segment cuts text as gse's Segmenter.Segment cuts it over the same
// dictionary and appends the segments to out.
func (t *segTable) segment(text string, out []span) []span {
	text = asciiLower(text)
	var endsBuf [segStackUnits]int32
	ends := unitEnds(text, endsBuf[:0])
	n := len(ends)
	if n == 0 {
		return out
	}
	// best[i] is the shortest path to the end of unit i: its distance and
	// the units of its last word (0: not reached yet, as gse's zero
	// distance marks it).
	type step struct {
		dist  float32
		units int32
	}
	var bestBuf [segStackUnits]step
	best := bestBuf[:0]
	if n <= segStackUnits {
		best = bestBuf[:n]
	} else {
		best = make([]step, n)
	}
	relax := func(at int, base, dist float32, units int) {
		if d := base + dist; best[at].dist == 0 || best[at].dist > d {
			best[at] = step{d, int32(units)}
		}
	}
	for cur := 0; cur < n; cur++ {
		var base float32
		start := 0
		if cur > 0 {
			base, start = best[cur-1].dist, int(ends[cur-1])
		}
		h := uint32(fnvOffset32)
		single := false
		from := start
		for k := 1; k <= t.maxUnits && cur+k <= n; k++ {
			end := int(ends[cur+k-1])
			for i := from; i < end; i++ {
				h = (h ^ uint32(text[i])) * fnvPrime32
			}
			from = end
			found, word, dist := t.find(h, text[start:end])
			if !found {
				break
			}
			if word {
				single = single || k == 1
				relax(cur+k-1, base, dist, k)
			}
		}
		if !single {
			relax(cur, base, segStandIn, 1)
		}
	}
	// Walk back from the last unit, then reverse the segments found.
	first := len(out)
	for i := n - 1; i >= 0; {
		j := i - int(best[i].units) + 1
		start := 0
		if j > 0 {
			start = int(ends[j-1])
		}
		out = append(out, span{start, int(ends[i])})
		i = j - 1
	}
	for i, j := first, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}
