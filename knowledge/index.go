package knowledge

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Posting says that a key occurs TF times in sentence ID.
type Posting struct {
	ID uint32
	TF uint32
}

// Index maps keys to postings sorted by sentence ID. Two key spaces share
// it: words (the analyzer's content tokens) and grams (unigrams and bigrams
// of characters, see analysis.Grams).
type Index struct {
	Words map[string][]Posting
	Grams map[string][]Posting
	// Lengths is the number of content words of each sentence.
	Lengths []uint32
}

func newIndex(n int) *Index {
	return &Index{Words: map[string][]Posting{}, Grams: map[string][]Posting{}, Lengths: make([]uint32, n)}
}

// add records one occurrence of key in sentence id; ids arrive in order.
func add(m map[string][]Posting, key string, id uint32) {
	ps := m[key]
	if n := len(ps); n > 0 && ps[n-1].ID == id {
		ps[n-1].TF++
		return
	}
	m[key] = append(ps, Posting{ID: id, TF: 1})
}

// encodePostings writes postings as their count, then uvarint pairs: the
// gap from the previous ID, then TF (doc.go).
func encodePostings(ps []Posting) []byte {
	buf := binary.AppendUvarint(make([]byte, 0, len(ps)*3+3), uint64(len(ps)))
	prev := uint32(0)
	for i, p := range ps {
		gap := p.ID - prev
		if i == 0 {
			gap = p.ID
		}
		buf = binary.AppendUvarint(buf, uint64(gap))
		buf = binary.AppendUvarint(buf, uint64(p.TF))
		prev = p.ID
	}
	return buf
}

var errPostings = errors.New("malformed postings")

// decodePostings reads what encodePostings wrote and checks that every ID
// is below n and IDs increase.
func decodePostings(b []byte, n int) ([]Posting, error) {
	count, k := binary.Uvarint(b)
	if k <= 0 || count == 0 || count > uint64(len(b)) {
		return nil, errPostings
	}
	b = b[k:]
	out := make([]Posting, 0, count)
	id := uint64(0)
	for i := 0; len(b) > 0; i++ {
		gap, k := binary.Uvarint(b)
		if k <= 0 {
			return nil, errPostings
		}
		b = b[k:]
		tf, k := binary.Uvarint(b)
		if k <= 0 || tf == 0 || tf > 1<<20 {
			return nil, errPostings
		}
		b = b[k:]
		if i > 0 && gap == 0 || id+gap < id { // a repeat, or a gap that wraps around
			return nil, errPostings
		}
		id += gap
		if id >= uint64(n) {
			return nil, fmt.Errorf("%w: sentence %d of %d", errPostings, id, n)
		}
		out = append(out, Posting{ID: uint32(id), TF: uint32(tf)})
	}
	if uint64(len(out)) != count {
		return nil, fmt.Errorf("%w: %d postings, the count says %d", errPostings, len(out), count)
	}
	return out, nil
}

// postingsCount reads the count at the start of an encoded postings value
// (encodePostings), without decoding the postings.
func postingsCount(b []byte) (int, error) {
	count, k := binary.Uvarint(b)
	if k <= 0 || count == 0 || count > uint64(len(b)) {
		return 0, errPostings
	}
	return int(count), nil
}

// Keys returns the index's word keys, sorted (for tests and stats).
func (ix *Index) Keys() []string {
	out := make([]string, 0, len(ix.Words))
	for k := range ix.Words {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// postingList is one key's postings as a build streams them, already in
// their stored encoding (encodePostings): a few bytes a posting, where a
// []Posting costs eight and twice that while append grows it. The pair of
// the last sentence stays open (last, tf) until another sentence comes.
type postingList struct {
	buf  []byte
	last uint32
	tf   uint32 // 0: no sentence yet
	n    uint32 // sentences
}

// add records one occurrence in sentence id; ids arrive in order.
func (p *postingList) add(id uint32) {
	switch {
	case p.tf > 0 && p.last == id:
		p.tf++
		return
	case p.tf > 0:
		p.buf = binary.AppendUvarint(p.buf, uint64(p.tf))
		p.buf = binary.AppendUvarint(p.buf, uint64(id-p.last))
	default:
		p.buf = binary.AppendUvarint(p.buf, uint64(id))
	}
	p.last, p.tf = id, 1
	p.n++
}

// bytes closes the list and returns its encoding, count first; add must
// not follow.
func (p *postingList) bytes() []byte {
	if p.tf > 0 {
		p.buf = binary.AppendUvarint(p.buf, uint64(p.tf))
		p.tf = 0
	}
	out := binary.AppendUvarint(make([]byte, 0, len(p.buf)+binary.MaxVarintLen32+crcSize), uint64(p.n))
	out = append(out, p.buf...)
	p.buf = nil
	return out
}

// postingMap is a key space's posting lists during a streaming build. Its
// keys are copies: a key never keeps the sentence it was cut from alive.
type postingMap map[string]*postingList

func (m postingMap) add(key string, id uint32) {
	p := m[key]
	if p == nil {
		p = &postingList{}
		m[strings.Clone(key)] = p
	}
	p.add(id)
}

// keys returns the map's keys, sorted.
func (m postingMap) keys() []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
