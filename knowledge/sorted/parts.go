package sorted

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Parts is a byte string cut into parts, each cut in turn into blocks of
// BlockSize bytes with a CRC-32C each, checked the first time something
// reads them: a reader touches, and pays the checksum of, only the blocks
// it uses (a look-up in a section of a large base reads a few blocks of
// megabytes). The header (the parts' lengths and the blocks' checksums)
// has a checksum of its own, checked when it is read. Parts is safe for
// concurrent use.
//
// The encoding (integers big-endian):
//
//	parts  = magic count:uint32 count × length:uint32 crcs hcrc:uint32 part…
//	crcs   = for each part in order, ⌈length/BlockSize⌉ × crc:uint32: the
//	         CRC-32C (Castagnoli) of each BlockSize bytes of the part (the
//	         last block shorter)
//	hcrc   = CRC-32C of the bytes before it
type Parts struct {
	parts []part
}

// BlockSize is the bytes a block checksum covers.
const BlockSize = 4096

// part is one part: its bytes, its blocks' checksums and what is known of
// each block (blockUnchecked, blockGood, blockBad).
type part struct {
	index int
	data  string
	crcs  string // one uint32 a block
	state []atomic.Uint32
	good  atomic.Int64 // blocks found good
	whole atomic.Bool  // every block found good: a check is one load (allGood)
	fail  func(error)  // told of a bad block (Lazy.Fail); may be nil
}

// The states of a block.
const (
	blockUnchecked = iota
	blockGood
	blockBad
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrDamaged is the error of a part whose bytes do not match their
// checksum, or of a header that does not hold together.
var ErrDamaged = errors.New("damaged parts")

// blocks is the number of blocks of a part of n bytes.
func blocks(n int) int { return (n + BlockSize - 1) / BlockSize }

// AppendParts appends magic and the parts to out.
func AppendParts(out []byte, magic string, parts ...[]byte) []byte {
	start := len(out)
	out = append(out, magic...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(parts)))
	for _, p := range parts {
		out = binary.BigEndian.AppendUint32(out, uint32(len(p)))
	}
	for _, p := range parts {
		for b := 0; b < len(p); b += BlockSize {
			out = binary.BigEndian.AppendUint32(out, crc32.Checksum(p[b:min(b+BlockSize, len(p))], castagnoli))
		}
	}
	out = binary.BigEndian.AppendUint32(out, crc32.Checksum(out[start:], castagnoli))
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// ReadParts reads the header of data, which must begin with magic and hold
// want parts, and checks its checksum and the parts' lengths (not the
// blocks' checksums). The parts keep data's bytes.
func ReadParts(data, magic string, want int) (*Parts, error) {
	rest, ok := strings.CutPrefix(data, magic)
	if !ok || len(rest) < 4 {
		return nil, fmt.Errorf("%w: no magic", ErrDamaged)
	}
	n := uint64(Be32(rest))
	if n != uint64(want) || 4+4*n > uint64(len(rest)) {
		return nil, fmt.Errorf("%w: %d parts, want %d", ErrDamaged, n, want)
	}
	nblocks := uint64(0)
	for i := range n {
		nblocks += (uint64(Be32(rest[4+4*i:])) + BlockSize - 1) / BlockSize // not blocks(int): negative on a 32-bit machine
	}
	hlen := uint64(len(magic)) + 4 + 4*n + 4*nblocks
	if hlen+4 > uint64(len(data)) {
		return nil, fmt.Errorf("%w: header longer than the bytes", ErrDamaged)
	}
	if Be32(data[hlen:]) != crc32.Update(0, castagnoli, bytesOf(data[:hlen])) {
		return nil, fmt.Errorf("%w: header checksum", ErrDamaged)
	}
	crcs, body := data[uint64(len(magic))+4+4*n:hlen], data[hlen+4:]
	p := &Parts{parts: make([]part, n)}
	for i := range p.parts {
		length := uint64(Be32(rest[4+4*i:]))
		if length > uint64(len(body)) {
			return nil, fmt.Errorf("%w: part %d is longer than the bytes", ErrDamaged, i)
		}
		k := 4 * blocks(int(length))
		pt := &p.parts[i]
		pt.index, pt.data, pt.crcs, pt.state = i, body[:length], crcs[:k], make([]atomic.Uint32, k/4)
		body, crcs = body[length:], crcs[k:]
	}
	if body != "" {
		return nil, fmt.Errorf("%w: %d bytes after the parts", ErrDamaged, len(body))
	}
	return p, nil
}

// check checks the blocks of pt that bytes off to end (off <= end) of it
// lie in, each the first time: nil, or the damage found (which pt.fail
// is told of too).
func (pt *part) check(off, end int) error {
	if end > len(pt.data) || off < 0 || off > end {
		return pt.bad(fmt.Errorf("%w: part %d: bytes %d to %d of %d", ErrDamaged, pt.index, off, end, len(pt.data)))
	}
	if off == end || pt.allGood() {
		return nil
	}
	for b := off / BlockSize; b*BlockSize < end; b++ {
		switch pt.state[b].Load() {
		case blockGood:
			continue
		case blockBad:
			return pt.bad(fmt.Errorf("%w: part %d block %d checksum", ErrDamaged, pt.index, b))
		}
		lo, hi := b*BlockSize, min((b+1)*BlockSize, len(pt.data))
		if crc32.Update(0, castagnoli, bytesOf(pt.data[lo:hi])) != Be32(pt.crcs[4*b:]) {
			pt.state[b].Store(blockBad)
			return pt.bad(fmt.Errorf("%w: part %d block %d checksum", ErrDamaged, pt.index, b))
		}
		if pt.state[b].CompareAndSwap(blockUnchecked, blockGood) && pt.good.Add(1) == int64(len(pt.state)) {
			pt.whole.Store(true)
		}
	}
	return nil
}

// allGood reports whether every block of pt has been found good: then
// any bytes of it may be read unchecked.
func (pt *part) allGood() bool { return pt.whole.Load() }

// ok is check as a reader asks it, before each read: most reads lie in
// one block already found good, which costs one load.
func (pt *part) ok(off, end int) bool {
	// One block, in the part (end <= len(pt.data) puts k in pt.state).
	if k := off / BlockSize; off >= 0 && end > off && (end-1)/BlockSize == k && end <= len(pt.data) && pt.state[k].Load() == blockGood {
		return true
	}
	return pt.check(off, end) == nil
}

// bad tells pt.fail of err and returns it.
func (pt *part) bad(err error) error {
	if pt.fail != nil {
		pt.fail(err)
	}
	return err
}

// Part returns part i, checking every block of it the first time.
func (p *Parts) Part(i int) (string, error) {
	pt := &p.parts[i]
	if err := pt.check(0, len(pt.data)); err != nil {
		return "", err
	}
	return pt.data, nil
}

// bytesOf is s's bytes, not copied, for reading only (a part may be
// megabytes in a memory map).
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// Len is the number of parts.
func (p *Parts) Len() int { return len(p.parts) }

// Lazy reads Parts as a reader uses them: a section is found in a part
// the first time it is asked for, and each look-up checks the blocks it
// reads (Section); a raw part is checked whole the first time (Raw), or a
// range at a time (Unchecked, Check). A look-up
// that meets a damaged block finds nothing, a damaged raw part or
// section header reads as empty, and Err reports it: what a reader found
// after the damage must not be trusted. Lazy is safe for concurrent use.
type Lazy struct {
	parts *Parts
	once  []sync.Once
	secs  []Section
	raw   []string
	err   atomic.Pointer[error] // the first damage found
}

// NewLazy reads parts lazily.
func NewLazy(parts *Parts) *Lazy {
	n := parts.Len()
	l := &Lazy{parts: parts, once: make([]sync.Once, n), secs: make([]Section, n), raw: make([]string, n)}
	for i := range parts.parts {
		parts.parts[i].fail = l.Fail
	}
	return l
}

// load reads part i once: a section part as a section whose look-ups
// check the blocks they read (its header's checked now), a raw part
// checked whole.
func (l *Lazy) load(i int, section bool) {
	l.once[i].Do(func() {
		if section {
			l.secs[i] = l.section(i)
			return
		}
		if data, err := l.parts.Part(i); err == nil {
			l.raw[i] = data
		}
	})
}

// section reads part i as a guarded section; empty if its header is
// damaged.
func (l *Lazy) section(i int) Section {
	pt := &l.parts.parts[i]
	if pt.check(0, min(sectionHeader, len(pt.data))) != nil {
		return Section{}
	}
	s, rest, err := Read(pt.data)
	if err == nil && rest != "" {
		err = fmt.Errorf("%w: %d bytes after section %d", ErrDamaged, len(rest), i)
	}
	if err != nil {
		l.Fail(err)
		return Section{}
	}
	s.guard = pt
	return s
}

// Section returns part i read as a section, whose look-ups check the
// blocks they read; empty if its header is damaged, or l is nil. A part is to be read as a section, or raw, always the same
// way.
func (l *Lazy) Section(i int) Section { return *l.SectionRef(i) }

// SectionRef is Section, not copied: the section l keeps (sections are
// immutable once read), for a reader that looks up a key at a time.
func (l *Lazy) SectionRef(i int) *Section {
	if l == nil {
		return &emptySection
	}
	l.load(i, true)
	return &l.secs[i]
}

// emptySection is the section of a nil Lazy; never written.
var emptySection Section

// Raw returns part i's bytes, checked; "" if it is damaged, or l is nil.
func (l *Lazy) Raw(i int) string {
	if l == nil {
		return ""
	}
	l.load(i, false)
	return l.raw[i]
}

// Unchecked returns part i's bytes without checking them: a reader of
// fixed-size records checks each record's bytes (Check) before it reads
// them, and so pays only for the blocks it reads. "" if l is nil.
func (l *Lazy) Unchecked(i int) string {
	if l == nil {
		return ""
	}
	return l.parts.parts[i].data
}

// Check checks the blocks of part i that bytes off to end of it lie in,
// each the first time: false when one is damaged or the bytes are not in
// the part (Err then says so).
func (l *Lazy) Check(i, off, end int) bool { return l.parts.parts[i].ok(off, end) }

// Trust marks every block of every part good without checking it: for
// bytes the caller made itself, or checked whole (a record whose own
// checksum matched), whose look-ups then check nothing.
func (l *Lazy) Trust() {
	if l == nil {
		return
	}
	for i := range l.parts.parts {
		pt := &l.parts.parts[i]
		for b := range pt.state {
			pt.state[b].Store(blockGood)
		}
		pt.good.Store(int64(len(pt.state)))
		pt.whole.Store(true)
	}
}

// Fail records that a reader found what it read damaged (the first
// failure is kept).
func (l *Lazy) Fail(err error) { l.err.CompareAndSwap(nil, &err) }

// Err is the first damage found, or nil (also for a nil l).
func (l *Lazy) Err() error {
	if l == nil {
		return nil
	}
	if p := l.err.Load(); p != nil {
		return *p
	}
	return nil
}
