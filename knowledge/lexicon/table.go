package lexicon

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Table is a Filtered encoded so that it is read where it lies: a lookup
// binary-searches the encoded bytes and decodes only the entry it finds.
// Making a Table from stored bytes checks only its header, so opening a
// knowledge base costs the same whatever the size of its lexicon. The zero
// Table is empty. A Table is immutable and safe for concurrent use.
//
// The encoding (integers big-endian):
//
//	table    = "VBLX2" section section section section   related, english, romanised, names
//	section  = count:uint32 size:uint32 offsets entries
//	offsets  = count × uint32: where each entry starts, from the start of entries
//	entries  = size bytes: the entries, sorted by key (bytewise)
//	entry    = keylen:uvarint key value
//	value    = n:uvarint n × (wordlen:uvarint word strength:float32 bits)   related, english
//	         | namelen:uvarint name                                          romanised
//	         | class:byte ('p' place, 'r' person, 'z' other)                 names
//
// A lookup bounds-checks what it reads: bytes that do not hold together
// give no entry, never a panic. (The knowledge base seals the record with
// a checksum, so they do not reach a lookup.)
type Table struct {
	data                               string
	related, english, romanised, names section
}

type section struct {
	offsets string // count × 4 bytes
	entries string
}

const tableMagic = "VBLX2"

// Encode encodes f as a Table's bytes.
func (f Filtered) Encode() []byte {
	out := []byte(tableMagic)
	out = appendSection(out, len(f.Related), sortedKeys(f.Related), func(b []byte, k string) []byte { return appendRelated(b, f.Related[k]) })
	out = appendSection(out, len(f.English), sortedKeys(f.English), func(b []byte, k string) []byte { return appendRelated(b, f.English[k]) })
	out = appendSection(out, len(f.Romanised), sortedKeys(f.Romanised), func(b []byte, k string) []byte {
		return appendString(b, f.Romanised[k])
	})
	return appendSection(out, len(f.Names), sortedKeys(f.Names), func(b []byte, k string) []byte { return append(b, f.Names[k]) })
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func appendSection(out []byte, n int, keys []string, value func([]byte, string) []byte) []byte {
	var entries, offsets []byte
	for _, k := range keys {
		offsets = binary.BigEndian.AppendUint32(offsets, uint32(len(entries)))
		entries = value(appendString(entries, k), k)
	}
	out = binary.BigEndian.AppendUint32(out, uint32(n))
	out = binary.BigEndian.AppendUint32(out, uint32(len(entries)))
	return append(append(out, offsets...), entries...)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendRelated(b []byte, rs []Related) []byte {
	b = binary.AppendUvarint(b, uint64(len(rs)))
	for _, r := range rs {
		b = binary.BigEndian.AppendUint32(appendString(b, r.Word), math.Float32bits(r.Strength))
	}
	return b
}

var errTable = errors.New("lexicon table: malformed")

// NewTable makes a Table of encoded bytes (Filtered.Encode), checking its
// header and section sizes only. It keeps data: the caller must not change
// it.
func NewTable(data string) (Table, error) {
	rest, ok := strings.CutPrefix(data, tableMagic)
	if !ok {
		return Table{}, fmt.Errorf("%w: no magic", errTable)
	}
	var t Table
	for _, s := range []*section{&t.related, &t.english, &t.romanised, &t.names} {
		if len(rest) < 8 {
			return Table{}, fmt.Errorf("%w: truncated", errTable)
		}
		n, size := uint64(be32(rest)), uint64(be32(rest[4:]))
		rest = rest[8:]
		if 4*n+size > uint64(len(rest)) {
			return Table{}, fmt.Errorf("%w: a section is longer than the table", errTable)
		}
		s.offsets, s.entries, rest = rest[:4*n], rest[4*n:4*n+size], rest[4*n+size:]
	}
	if rest != "" {
		return Table{}, fmt.Errorf("%w: %d bytes after the sections", errTable, len(rest))
	}
	t.data = data
	return t, nil
}

// Data is the table's encoded bytes (what NewTable was given).
func (t Table) Data() string { return t.data }

func be32(s string) uint32 {
	return uint32(s[0])<<24 | uint32(s[1])<<16 | uint32(s[2])<<8 | uint32(s[3])
}

// Related returns the words of the text that share a sense with w,
// strongest first; nil if none.
func (t Table) Related(w string) []Related { return readRelated(t.related.find(w)) }

// English returns the words of the text that have the English base form
// (Base) in a sense, strongest first; nil if none.
func (t Table) English(base string) []Related { return readRelated(t.english.find(base)) }

// Romanised returns the name of the text whose pinyin (analysis.Romanise)
// is key.
func (t Table) Romanised(key string) (string, bool) {
	v, ok := t.romanised.find(key)
	if !ok {
		return "", false
	}
	name, _, ok := readString(v)
	return name, ok
}

// Name returns the class of a proper noun the text does not have ('p' a
// place, 'r' a person, 'z' another name), and whether w is one.
func (t Table) Name(w string) (byte, bool) {
	v, ok := t.names.find(w)
	if !ok || v == "" {
		return 0, false
	}
	return v[0], true
}

// Len is the number of entries of each kind: related, English, romanised,
// names.
func (t Table) Len() (related, english, romanised, names int) {
	return len(t.related.offsets) / 4, len(t.english.offsets) / 4, len(t.romanised.offsets) / 4, len(t.names.offsets) / 4
}

// find returns the value of key, binary-searching the sorted entries.
func (s section) find(key string) (string, bool) {
	lo, hi := 0, len(s.offsets)/4
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		k, v, ok := s.entry(mid)
		if !ok {
			return "", false
		}
		switch {
		case k == key:
			return v, true
		case k < key:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return "", false
}

// entry returns the key of entry i and the bytes after it (its value and
// the entries that follow).
func (s section) entry(i int) (key, rest string, ok bool) {
	off := int(be32(s.offsets[4*i:]))
	if off >= len(s.entries) {
		return "", "", false
	}
	return readString(s.entries[off:])
}

func readString(s string) (string, string, bool) {
	n, k := binary.Uvarint([]byte(s[:min(len(s), binary.MaxVarintLen64)]))
	if k <= 0 || n > uint64(len(s)-k) {
		return "", "", false
	}
	return s[k : k+int(n)], s[k+int(n):], true
}

func readRelated(v string, ok bool) []Related {
	if !ok {
		return nil
	}
	n, k := binary.Uvarint([]byte(v[:min(len(v), binary.MaxVarintLen64)]))
	if k <= 0 || n > uint64(len(v)) {
		return nil
	}
	v = v[k:]
	rs := make([]Related, 0, n)
	for range n {
		w, rest, ok := readString(v)
		if !ok || len(rest) < 4 {
			return nil
		}
		rs = append(rs, Related{Word: w, Strength: math.Float32frombits(be32(rest))})
		v = rest[4:]
	}
	return rs
}
