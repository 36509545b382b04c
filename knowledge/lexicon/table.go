package lexicon

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/visitbot/visitbot/knowledge/sorted"
)

// Table is a Filtered encoded so that it is read where it lies: a lookup
// hashes the key into the section's table and decodes only the entry it finds.
// Making a Table from stored bytes checks only its header, so opening a
// knowledge base costs the same whatever the size of its lexicon; each
// block of a section is checked against its own checksum the first time
// a lookup reads it (a damaged one finds nothing, and Err says so). The zero Table
// is empty. A Table is immutable and safe for concurrent use.
//
// The encoding (integers big-endian; parts and sections as package sorted
// writes them):
//
//	table    = sorted.Parts of "VBLX4": related english romanised names, a section each
//	section  = count:uint32 size:uint32 nslots:uint32 offsets entries slots
//	offsets  = count × uint32: where each entry starts, from the start of entries
//	entries  = size bytes: the entries, sorted by key (bytewise)
//	entry    = keylen:uvarint key value
//	slots    = nslots × uint32: the hash table of the entries (package sorted)
//	value    = n:uvarint n × (wordlen:uvarint word strength:float32 bits)   related, english
//	         | namelen:uvarint name                                          romanised (keys: pinyin, or a calque's words)
//	         | class:byte ('p' place, 'r' person, 'z' other, 'w' a common word) names
//
// A lookup bounds-checks what it reads: bytes that do not hold together
// give no entry, never a panic.
type Table struct {
	data string
	p    *sorted.Lazy // nil in the zero Table
}

// The sections of a Table, in their order.
const (
	secRelated = iota
	secEnglish
	secRomanised
	secNames
	numSections
)

const tableMagic = "VBLX4"

// Encode encodes f as a Table's bytes.
func (f Filtered) Encode() []byte {
	return sorted.AppendParts(nil, tableMagic,
		sorted.Append(nil, sorted.Keys(f.Related), func(b []byte, k string) []byte { return appendRelated(b, f.Related[k]) }),
		sorted.Append(nil, sorted.Keys(f.English), func(b []byte, k string) []byte { return appendRelated(b, f.English[k]) }),
		sorted.Append(nil, sorted.Keys(f.Romanised), func(b []byte, k string) []byte { return sorted.AppendString(b, f.Romanised[k]) }),
		sorted.Append(nil, sorted.Keys(f.Names), func(b []byte, k string) []byte { return append(b, f.Names[k]) }))
}

func appendRelated(b []byte, rs []Related) []byte {
	b = binary.AppendUvarint(b, uint64(len(rs)))
	for _, r := range rs {
		b = binary.BigEndian.AppendUint32(sorted.AppendString(b, r.Word), math.Float32bits(r.Strength))
	}
	return b
}

var errTable = errors.New("lexicon table: malformed")

// NewTable makes a Table of encoded bytes (Filtered.Encode), checking its
// header only. It keeps data: the caller must not change it.
func NewTable(data string) (Table, error) {
	parts, err := sorted.ReadParts(data, tableMagic, numSections)
	if err != nil {
		return Table{}, fmt.Errorf("%w: %w", errTable, err)
	}
	return Table{data: data, p: sorted.NewLazy(parts)}, nil
}

// NewTrustedTable is NewTable of bytes the caller made itself, or checked
// whole (a record whose own checksum matched): no look-up checks a block.
func NewTrustedTable(data string) (Table, error) {
	t, err := NewTable(data)
	t.p.Trust()
	return t, err
}

// Data is the table's encoded bytes (what NewTable was given).
func (t Table) Data() string { return t.data }

// section returns section i, its header checked (each look-up checks the
// blocks it reads); empty when its header is damaged.
func (t Table) section(i int) *sorted.Section { return t.p.SectionRef(i) }

// Err reports the first section a lookup found damaged: what the lookups
// found there was nothing, and an answer that used them must be an error.
func (t Table) Err() error {
	if err := t.p.Err(); err != nil {
		return fmt.Errorf("%w: %w", errTable, err)
	}
	return nil
}

// Check reads every section's header; the bytes are checked by the
// record's own checksum, which a whole load verifies first.
func (t Table) Check() error {
	for i := range numSections {
		t.section(i)
	}
	return t.Err()
}

// Related returns the words of the text that share a sense with w,
// strongest first; nil if none.
func (t Table) Related(w string) []Related { return readRelated(t.section(secRelated).Find(w)) }

// English returns the words of the text that have the English base form
// (Base) in a sense, strongest first; nil if none.
func (t Table) English(base string) []Related { return readRelated(t.section(secEnglish).Find(base)) }

// Romanised returns the name of the text whose pinyin (analysis.Romanise)
// is key, or, for a key of several words, of which it is a calque
// (Calques: three lane seven alley).
func (t Table) Romanised(key string) (string, bool) {
	v, ok := t.section(secRomanised).Find(key)
	if !ok {
		return "", false
	}
	name, _, ok := sorted.String(v)
	return name, ok
}

// RomanisedPrefix returns the one name of the text whose pinyin (not a
// calque) begins with prefix (haitian: 海天丝路卫星, a name half in
// pinyin, half in English); false if none does or several do.
func (t Table) RomanisedPrefix(prefix string) (string, bool) {
	found, n := "", 0
	t.section(secRomanised).Prefix(prefix, func(k, v string) bool {
		if strings.ContainsRune(k, ' ') {
			return true // a calque (chinese country: 中国), no pinyin
		}
		name, _, ok := sorted.String(v)
		if ok && name != found {
			found, n = name, n+1
		}
		return n < 2
	})
	return found, n == 1
}

// CommonWord is the class in the names section of an everyday word of the
// segmenter's dictionary that the text does not have: no name, but a word.
const CommonWord = 'w'

// CommonVerb is the class of a less common verb (合建): below the
// frequency of a CommonWord, kept so that a run of characters that writes
// one is read as that verb, not as a name. Only Verb reports it.
const CommonVerb = 'v'

// Name returns the class of a proper noun the text does not have ('p' a
// place, 'r' a person, 'z' another name), and whether w is one.
func (t Table) Name(w string) (byte, bool) {
	c, ok := t.class(w)
	if !ok || c == CommonWord || c == CommonVerb {
		return 0, false
	}
	return c, true
}

// Common reports whether w is an everyday word (class CommonWord) of the
// segmenter's dictionary that the text does not have.
func (t Table) Common(w string) bool {
	c, ok := t.class(w)
	return ok && c == CommonWord
}

// Verb reports whether w is a less common verb (class CommonVerb) of the
// segmenter's dictionary that the text does not have.
func (t Table) Verb(w string) bool {
	c, ok := t.class(w)
	return ok && c == CommonVerb
}

// Word reports whether w is a word of the segmenter's dictionary that the
// text does not have, a proper noun or a common word (not one of the less
// common verbs of class CommonVerb).
func (t Table) Word(w string) bool {
	c, ok := t.class(w)
	return ok && c != CommonVerb
}

// class is w's entry in the names section: its class, and whether it has
// one.
func (t Table) class(w string) (byte, bool) {
	v, ok := t.section(secNames).Find(w)
	if !ok || v == "" {
		return 0, false
	}
	return v[0], true
}

// Len is the number of entries of each kind: related, English, romanised,
// names (with the common words of class CommonWord).
func (t Table) Len() (related, english, romanised, names int) {
	return t.section(secRelated).Len(), t.section(secEnglish).Len(), t.section(secRomanised).Len(), t.section(secNames).Len()
}

func readRelated(v string, ok bool) []Related {
	if !ok {
		return nil
	}
	n, k := sorted.Uvarint(v)
	if k <= 0 || n > uint64(len(v)) {
		return nil
	}
	v = v[k:]
	rs := make([]Related, 0, n)
	for range n {
		w, rest, ok := sorted.String(v)
		if !ok || len(rest) < 4 {
			return nil
		}
		rs = append(rs, Related{Word: w, Strength: math.Float32frombits(sorted.Be32(rest))})
		v = rest[4:]
	}
	return rs
}
