// Package sorted encodes keyed entries so that they are read where they
// lie: a section is its entries sorted by key, behind a table of their
// offsets, and a lookup binary-searches the encoded bytes, decoding only
// the entry it finds. Opening a section checks its sizes only, so its cost
// does not grow with the number of entries. The knowledge base keeps its
// lexicon (knowledge/lexicon) and its tables of the text (knowledge.Tables)
// in sections.
//
// The encoding (integers big-endian):
//
//	section  = count:uint32 size:uint32 offsets entries
//	offsets  = count × uint32: where each entry starts, from the start of entries
//	entries  = size bytes: the entries, sorted by key (bytewise), no key twice
//	entry    = keylen:uvarint key value
//
// A value is whatever its writer appended; it must say where it ends (the
// reader is given the bytes from the value's start to the section's end).
// Lookups bounds-check what they read: bytes that do not hold together give
// no entry, never a panic.
package sorted

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/visitbot/visitbot/knowledge/bloom"
)

// Section is one encoded section. The zero Section is empty. A Section is
// immutable and safe for concurrent use.
type Section struct {
	offsets string // count × 4 bytes
	entries string
	index   map[string]string // key -> the bytes from its value on, for a small section (Indexed)
	filter  *filter           // of a small section's keys (Indexed)
	large   *largeIndex       // for a larger section (Indexed)
}

// largeIndex is what Find keeps of a section too large for a hash index:
// the spans of its keys' prefixes and a filter of its keys, made at its
// first lookup (not when the section is read: a whole load reads every
// section, and most are never looked up). Nils if the keys do not hold
// together.
type largeIndex struct {
	once   sync.Once
	spans  *spans
	filter *filter
}

// get returns the spans and filter of s, made the first time.
func (l *largeIndex) get(s *Section) (*spans, *filter) {
	l.once.Do(func() { l.spans, l.filter = s.prefixSpans() })
	return l.spans, l.filter
}

// spans bound the binary search of a section to the entries whose keys
// share the key's prefixKey: prefix[i]'s are entries start[i] to
// start[i+1].
type spans struct {
	prefix []uint32 // ascending
	start  []uint32 // one more than prefix: the last is the section's Len
}

// SmallSection is the most entries a section Indexed keeps a hash index
// of: a bounded cache, so that the lookups of a small knowledge base cost
// what a map's do, while a large one's sections are searched in place.
const SmallSection = 4096

// SpannedSection is the most entries a section Indexed keeps the spans
// of (prefixKey): a bound on the work of reading every key once, at the
// section's first lookup.
const SpannedSection = 1 << 17

// Indexed returns s with a hash index of its keys when it has at most
// SmallSection entries; with the spans of its key prefixes and a filter
// of its keys, made at its first lookup, when it has at most
// SpannedSection; else s.
func (s Section) Indexed() Section {
	if s.index != nil || s.large != nil || s.Len() > SpannedSection {
		return s
	}
	if s.Len() > SmallSection {
		s.large = &largeIndex{}
		return s
	}
	index := make(map[string]string, s.Len())
	f := newFilter(s.Len())
	for i := range s.Len() {
		if k, v, ok := s.Entry(i); ok {
			index[k] = v
			f.Add(filterHash(k))
		}
	}
	s.index, s.filter = index, f
	return s
}

// A filter is a Bloom filter of one hash (filterHash) over an indexed
// section's keys: most keys a question looks up are not there (a run of
// its words that is no alias, no part of a name, no name of the lexicon),
// and a bit that is not set says so without hashing the key for the map,
// or searching the entries. A set bit may be another key's: the index
// decides.
type filter = bloom.Filter

// The bits of a filter are a power of two from 2^minFilterBits to
// 2^maxFilterBits, about filterBitsPerKey a key (a sixteenth of the
// keys not there pass).
const (
	minFilterBits    = 14
	maxFilterBits    = 20
	filterBitsPerKey = 16
)

// newFilter returns an empty filter sized for n keys.
func newFilter(n int) *filter { return bloom.New(n, filterBitsPerKey, minFilterBits, maxFilterBits) }

// filterHash is a hash of key's length and its last eight bytes (fewer
// if it is shorter), cheaper than hashing it whole.
func filterHash[S string | []byte](key S) uint64 {
	n := len(key)
	var x uint64
	if n >= 8 { // the last eight bytes, big-endian, in one load
		k := key[n-8:]
		x = uint64(k[0])<<56 | uint64(k[1])<<48 | uint64(k[2])<<40 | uint64(k[3])<<32 |
			uint64(k[4])<<24 | uint64(k[5])<<16 | uint64(k[6])<<8 | uint64(k[7])
	} else {
		x = uint64(n)
		for i := range n {
			x = x<<8 | uint64(key[i])
		}
	}
	x ^= uint64(n) << 59
	return x * 0x9E3779B97F4A7C15
}

// mayHave reports whether key may be one of the filter's keys; false
// means it is not. Every key may be in a nil filter.
func mayHave[S string | []byte](f *filter, key S) bool {
	return f == nil || f.Has(filterHash(key))
}

// ErrMalformed is the error of bytes that are not a section.
var ErrMalformed = errors.New("malformed section")

// Append appends the section of keys (sorted, no key twice) to out;
// value appends the value of a key.
func Append(out []byte, keys []string, value func(b []byte, key string) []byte) []byte {
	var entries, offsets []byte
	for _, k := range keys {
		offsets = binary.BigEndian.AppendUint32(offsets, uint32(len(entries)))
		entries = AppendString(entries, k)
		if value != nil {
			entries = value(entries, k)
		}
	}
	out = binary.BigEndian.AppendUint32(out, uint32(len(keys)))
	out = binary.BigEndian.AppendUint32(out, uint32(len(entries)))
	return append(append(out, offsets...), entries...)
}

// Read reads the section at the start of data and returns it with the
// bytes after it. The section keeps data's bytes.
func Read(data string) (s Section, rest string, err error) {
	if len(data) < 8 {
		return Section{}, "", fmt.Errorf("%w: truncated", ErrMalformed)
	}
	n, size := uint64(Be32(data)), uint64(Be32(data[4:]))
	data = data[8:]
	if 4*n+size > uint64(len(data)) {
		return Section{}, "", fmt.Errorf("%w: longer than its bytes", ErrMalformed)
	}
	return Section{offsets: data[:4*n], entries: data[4*n : 4*n+size]}, data[4*n+size:], nil
}

// Len is the number of entries.
func (s *Section) Len() int { return len(s.offsets) / 4 }

// Find returns the bytes from the start of key's value, and whether key
// has an entry.
func (s *Section) Find(key string) (string, bool) {
	f, sp := s.filter, (*spans)(nil)
	if s.large != nil {
		sp, f = s.large.get(s)
	}
	if !mayHave(f, key) {
		return "", false
	}
	if s.index != nil {
		v, ok := s.index[key]
		return v, ok
	}
	lo, hi := 0, s.Len()
	if sp != nil {
		i, ok := slices.BinarySearch(sp.prefix, prefixKey(key))
		if !ok {
			return "", false
		}
		lo, hi = int(sp.start[i]), int(sp.start[i+1])
	}
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		k, v, ok := s.Entry(mid)
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

// prefixKey is the first three bytes of key (fewer if it is shorter,
// then zeros) and their count, as one number that orders keys as their
// bytes do: keys sorted bytewise that share it stand together, so a key
// is found among those of its prefixKey. Three bytes are an ideograph's
// in UTF-8.
func prefixKey(key string) uint32 {
	n := min(len(key), 3)
	p := uint32(n)
	for i := range n {
		p |= uint32(key[i]) << (24 - 8*i)
	}
	return p
}

// prefixSpans reads every key and returns where each prefixKey's entries
// begin, and a filter of the keys; nils if an entry does not hold
// together or the keys are not sorted (then Find searches the whole
// section, as without them).
func (s *Section) prefixSpans() (*spans, *filter) {
	sp, f := &spans{}, newFilter(s.Len())
	prev := ""
	for i := range s.Len() {
		k, _, ok := s.Entry(i)
		if !ok || i > 0 && k <= prev {
			return nil, nil
		}
		f.Add(filterHash(k))
		if p := prefixKey(k); i == 0 || p != sp.prefix[len(sp.prefix)-1] {
			sp.prefix = append(sp.prefix, p)
			sp.start = append(sp.start, uint32(i))
		}
		prev = k
	}
	sp.start = append(sp.start, uint32(s.Len()))
	return sp, f
}

// FindBytes is Find of a key in bytes, without making a string of it.
func (s *Section) FindBytes(key []byte) (string, bool) {
	if !mayHave(s.filter, key) {
		return "", false
	}
	if s.index != nil {
		v, ok := s.index[string(key)] // no allocation: a map index
		return v, ok
	}
	return s.Find(string(key))
}

// Has reports whether key has an entry.
func (s *Section) Has(key string) bool {
	_, ok := s.Find(key)
	return ok
}

// Entry returns the key of entry i (0 <= i < Len) and the bytes from the
// start of its value.
func (s *Section) Entry(i int) (key, rest string, ok bool) {
	if i < 0 || i >= s.Len() {
		return "", "", false
	}
	off := int(Be32(s.offsets[4*i:]))
	if off >= len(s.entries) {
		return "", "", false
	}
	return String(s.entries[off:])
}

// Prefix yields the entries whose key begins with prefix, in key order,
// until yield returns false: a binary search, then a walk over just those.
func (s *Section) Prefix(prefix string, yield func(key, rest string) bool) {
	lo, hi := 0, s.Len()
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		k, _, ok := s.Entry(mid)
		if !ok {
			return
		}
		if k < prefix {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for i := lo; i < s.Len(); i++ {
		k, v, ok := s.Entry(i)
		if !ok || len(k) < len(prefix) || k[:len(prefix)] != prefix || !yield(k, v) {
			return
		}
	}
}

// Keys returns the keys of m, sorted (for Append).
func Keys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// AppendString appends s with its length (a uvarint) before it.
func AppendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// String reads what AppendString wrote at the start of s, and returns the
// bytes after it.
func String(s string) (str, rest string, ok bool) {
	n, k := Uvarint(s)
	if k <= 0 || n > uint64(len(s)-k) {
		return "", "", false
	}
	return s[k : k+int(n)], s[k+int(n):], true
}

// AppendStrings appends a list of strings: their count (a uvarint), then
// each as AppendString writes it.
func AppendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = AppendString(b, s)
	}
	return b
}

// Strings reads what AppendStrings wrote at the start of s; nil if it does
// not hold together.
func Strings(s string) []string {
	n, k := Uvarint(s)
	if k <= 0 || n > uint64(len(s)) {
		return nil
	}
	out := AppendStringsOf(make([]string, 0, n), s)
	if len(out) < int(n) {
		return nil
	}
	return out
}

// AppendStringsOf appends to dst the strings AppendStrings wrote at the
// start of s, and returns the extended slice: dst itself if they do not
// hold together. A caller that sizes dst (Uvarint gives the count) reads
// them without another allocation.
func AppendStringsOf(dst []string, s string) []string {
	n, k := Uvarint(s)
	if k <= 0 || n > uint64(len(s)) {
		return dst
	}
	s = s[k:]
	out := dst
	for range n {
		str, rest, ok := String(s)
		if !ok {
			return dst
		}
		out, s = append(out, str), rest
	}
	return out
}

// HasString reports whether the list AppendStrings wrote at the start of
// v holds s, without decoding the list.
func HasString(v, s string) bool {
	n, k := Uvarint(v)
	if k <= 0 {
		return false
	}
	v = v[k:]
	for range n {
		str, rest, ok := String(v)
		if !ok {
			return false
		}
		if str == s {
			return true
		}
		v = rest
	}
	return false
}

// Uvarint decodes a uvarint at the start of s (binary.Uvarint of a
// string).
func Uvarint(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				return 0, -(i + 1) // overflow
			}
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, 0
}

// Be32 is the big-endian uint32 at the start of s (at least 4 bytes).
func Be32(s string) uint32 {
	return uint32(s[0])<<24 | uint32(s[1])<<16 | uint32(s[2])<<8 | uint32(s[3])
}
