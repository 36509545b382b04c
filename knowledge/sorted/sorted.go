// Package sorted encodes keyed entries so that they are read where they
// lie: a section is its entries sorted by key, behind a table of their
// offsets and a hash table of their places, and a lookup hashes the key
// and compares it with the entry or two its slots point to, decoding only
// the entry it finds. Opening a section checks its sizes only, and a
// lookup builds nothing: its cost does not grow with the number of
// entries, and the first lookup of a process costs what the others do.
// The knowledge base keeps its lexicon (knowledge/lexicon) and its tables
// of the text (knowledge.Tables) in sections.
//
// The encoding (integers big-endian):
//
//	section  = count:uint32 size:uint32 nslots:uint32 offsets entries slots
//	offsets  = count × uint32: where each entry starts, from the start of entries
//	entries  = size bytes: the entries, sorted by key (bytewise), no key twice
//	entry    = keylen:uvarint key value
//	slots    = nslots × slot: a hash table of the entries, open addressing
//	           probed linearly from the key's home slot (Hash: its top bits);
//	           nslots is the least power of two at least twice count, or 0
//	           (no table: a section of more than MaxTabled entries is
//	           binary-searched)
//	slot     = uint32: 0 empty, else fingerprint<<24 | (entry number + 1);
//	           fingerprint = Hash's low 8 bits
//
// A value is whatever its writer appended; it must say where it ends (the
// reader is given the bytes from the value's start to the entry's end,
// the next entry's offset).
// Lookups bounds-check what they read: bytes that do not hold together give
// no entry, never a panic or an endless probe.
package sorted

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"unsafe"
)

// Section is one encoded section. The zero Section is empty. A Section is
// immutable and safe for concurrent use.
type Section struct {
	offsets string // count × 4 bytes
	entries string
	slots   string // nslots × 4 bytes; "" when the section has no table
	shift   uint8  // 64 - log2(nslots): a hash's top bits are its home slot
	// guard is the part the section is read from (Lazy), whose blocks
	// each look-up checks before it trusts the bytes it reads; nil for a
	// section read by Read alone.
	guard *part
}

// sectionHeader is the bytes before a section's offsets.
const sectionHeader = 12

// checked reports whether the n bytes at b, a substring of the section's
// part, pass their blocks' checksums: always without a guard, or once
// every block of the part has been found good (one load), else as the
// blocks they lie in say.
func (s *Section) checked(b string, n int) bool {
	return s.guard == nil || s.guard.allGood() || s.guard.holds(b, n)
}

// holds is checked of the n bytes at b, a substring of pt's bytes.
func (pt *part) holds(b string, n int) bool {
	off := int(uintptr(unsafe.Pointer(unsafe.StringData(b))) - uintptr(unsafe.Pointer(unsafe.StringData(pt.data))))
	return pt.ok(off, off+n)
}

// MaxTabled is the most entries a section has a hash table of: a larger
// one is binary-searched (about 17 comparisons), its table would add
// megabytes to the file (8 to 16 bytes an entry) for little: measured on
// the 50 MB base, tables for every section were no faster.
const MaxTabled = 1 << 17

// slotCount is the number of slots of a section of n entries.
func slotCount(n int) int {
	if n == 0 || n > MaxTabled {
		return 0
	}
	return 1 << bits.Len(uint(2*n-1))
}

// Hash is the hash of a key a section's table is probed with: every byte
// of the key counts (names of a large base share long suffixes, 有限公司),
// eight at a time, mixed so that its top bits and its low byte are
// independent enough to serve as home slot and fingerprint. Its value is
// part of the encoding: changing it changes the format.
func Hash[S string | []byte](key S) uint64 {
	const (
		m1 = 0x9E3779B97F4A7C15
		m2 = 0xBF58476D1CE4E5B9
		m3 = 0x94D049BB133111EB
	)
	n := len(key)
	h := uint64(n) * m1
	for len(key) > 8 {
		h = (h ^ le64(key)) * m2
		h ^= h >> 31
		key = key[8:]
	}
	// The last one to eight bytes: two loads that may overlap, not a loop
	// (a word of two ideographs is six bytes).
	var t uint64
	switch k := len(key); {
	case k >= 4:
		t = uint64(le32(key))<<32 | uint64(le32(key[k-4:]))
	case k > 0:
		t = uint64(key[0])<<16 | uint64(key[k>>1])<<8 | uint64(key[k-1])
	}
	h = (h ^ t) * m3
	h ^= h >> 29
	h *= m1
	return h ^ h>>32
}

// le32 is the little-endian uint32 of k's first four bytes.
func le32[S string | []byte](k S) uint32 {
	return uint32(k[0]) | uint32(k[1])<<8 | uint32(k[2])<<16 | uint32(k[3])<<24
}

// le64 is the little-endian uint64 of key's first eight bytes.
func le64[S string | []byte](k S) uint64 {
	return uint64(k[0]) | uint64(k[1])<<8 | uint64(k[2])<<16 | uint64(k[3])<<24 |
		uint64(k[4])<<32 | uint64(k[5])<<40 | uint64(k[6])<<48 | uint64(k[7])<<56
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
	slots := table(keys)
	out = binary.BigEndian.AppendUint32(out, uint32(len(keys)))
	out = binary.BigEndian.AppendUint32(out, uint32(len(entries)))
	out = binary.BigEndian.AppendUint32(out, uint32(len(slots)))
	out = append(append(out, offsets...), entries...)
	for _, v := range slots {
		out = binary.BigEndian.AppendUint32(out, v)
	}
	return out
}

// table returns the slots of the hash table of keys (entry i is key i);
// nil if there are none or too many.
func table(keys []string) []uint32 {
	n := slotCount(len(keys))
	if n == 0 {
		return nil
	}
	slots, mask, shift := make([]uint32, n), n-1, 64-bits.Len(uint(n-1))
	for i, k := range keys {
		h := Hash(k)
		j := int(h >> shift)
		for slots[j] != 0 {
			j = (j + 1) & mask
		}
		slots[j] = uint32(h&0xFF)<<24 | uint32(i+1)
	}
	return slots
}

// Read reads the section at the start of data and returns it with the
// bytes after it. The section keeps data's bytes.
func Read(data string) (s Section, rest string, err error) {
	if len(data) < 12 {
		return Section{}, "", fmt.Errorf("%w: truncated", ErrMalformed)
	}
	n, size, nslots := uint64(Be32(data)), uint64(Be32(data[4:])), uint64(Be32(data[8:]))
	data = data[12:]
	if 4*n+size+4*nslots > uint64(len(data)) {
		return Section{}, "", fmt.Errorf("%w: longer than its bytes", ErrMalformed)
	}
	if nslots != uint64(slotCount(int(n))) {
		return Section{}, "", fmt.Errorf("%w: %d slots for %d entries", ErrMalformed, nslots, n)
	}
	s = Section{offsets: data[:4*n], entries: data[4*n : 4*n+size], slots: data[4*n+size : 4*n+size+4*nslots]}
	if nslots > 0 {
		s.shift = uint8(64 - bits.Len64(nslots-1))
	}
	return s, data[4*n+size+4*nslots:], nil
}

// Len is the number of entries.
func (s *Section) Len() int { return len(s.offsets) / 4 }

// Find returns the bytes from the start of key's value, and whether key
// has an entry.
func (s *Section) Find(key string) (string, bool) {
	if s.slots == "" {
		return s.search(key)
	}
	return find(s, key)
}

// FindBytes is Find of a key in bytes, without making a string of it.
func (s *Section) FindBytes(key []byte) (string, bool) {
	if s.slots == "" {
		return s.search(string(key))
	}
	return find(s, key)
}

// find probes s's table for key: from its home slot to the first empty
// one, comparing the key of each entry whose fingerprint matches. A
// table that is damaged is probed at most once round.
func find[S string | []byte](s *Section, key S) (string, bool) {
	h := Hash(key)
	nslots := len(s.slots) / 4
	mask, fp := nslots-1, uint32(h&0xFF)
	j := int(h >> s.shift)
	for range nslots {
		if !s.checked(s.slots[4*j:], 4) {
			return "", false
		}
		v := Be32(s.slots[4*j:])
		if v == 0 {
			return "", false
		}
		if v>>24 == fp {
			if k, val, ok := s.Entry(int(v&0xFFFFFF) - 1); ok && k == string(key) {
				return val, true
			}
		}
		j = (j + 1) & mask
	}
	return "", false
}

// search binary-searches the entries for key (a section without a table).
func (s *Section) search(key string) (string, bool) {
	lo, hi := 0, s.Len()
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
	// The entry runs from its offset to the next entry's (or the end):
	// those bytes, and the offsets, are checked before they are read.
	offs := s.offsets[4*i : min(4*i+8, len(s.offsets))]
	if !s.checked(offs, len(offs)) {
		return "", "", false
	}
	off, end := uint64(Be32(offs)), uint64(len(s.entries)) // not int: negative on a 32-bit machine
	if len(offs) == 8 {
		end = uint64(Be32(offs[4:]))
	}
	if off >= end || end > uint64(len(s.entries)) || !s.checked(s.entries[off:], int(end-off)) {
		return "", "", false
	}
	return String(s.entries[off:end])
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
