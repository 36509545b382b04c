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

// Parts is a byte string cut into parts, each with its CRC-32C, checked
// the first time it is asked for: a reader touches, and pays the
// checksum of, only the parts it uses. The header (the parts' lengths and
// checksums) has a checksum of its own, checked when it is read. Parts is
// safe for concurrent use.
//
// The encoding (integers big-endian):
//
//	parts  = magic count:uint32 count × (length:uint32 crc:uint32) hcrc:uint32 part…
//	crc    = CRC-32C (Castagnoli) of the part; hcrc of the bytes before it
type Parts struct {
	parts []part
}

type part struct {
	data string
	crc  uint32
	once sync.Once
	err  error
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrDamaged is the error of a part whose bytes do not match their
// checksum, or of a header that does not hold together.
var ErrDamaged = errors.New("damaged parts")

// AppendParts appends magic and the parts to out.
func AppendParts(out []byte, magic string, parts ...[]byte) []byte {
	start := len(out)
	out = append(out, magic...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(parts)))
	for _, p := range parts {
		out = binary.BigEndian.AppendUint32(out, uint32(len(p)))
		out = binary.BigEndian.AppendUint32(out, crc32.Checksum(p, castagnoli))
	}
	out = binary.BigEndian.AppendUint32(out, crc32.Checksum(out[start:], castagnoli))
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// ReadParts reads the header of data, which must begin with magic and hold
// want parts, and checks its checksum and the parts' lengths (not their
// checksums). The parts keep data's bytes.
func ReadParts(data, magic string, want int) (*Parts, error) {
	rest, ok := strings.CutPrefix(data, magic)
	if !ok || len(rest) < 4 {
		return nil, fmt.Errorf("%w: no magic", ErrDamaged)
	}
	n := uint64(Be32(rest))
	if n != uint64(want) || 4+8*n+4 > uint64(len(rest)) {
		return nil, fmt.Errorf("%w: %d parts, want %d", ErrDamaged, n, want)
	}
	hlen := len(magic) + 4 + 8*int(n)
	if Be32(data[hlen:]) != crc32.Update(0, castagnoli, []byte(data[:hlen])) {
		return nil, fmt.Errorf("%w: header checksum", ErrDamaged)
	}
	body := data[hlen+4:]
	p := &Parts{parts: make([]part, n)}
	for i := range p.parts {
		length, crc := uint64(Be32(rest[4+8*i:])), Be32(rest[8+8*i:])
		if length > uint64(len(body)) {
			return nil, fmt.Errorf("%w: part %d is longer than the bytes", ErrDamaged, i)
		}
		p.parts[i].data, p.parts[i].crc, body = body[:length], crc, body[length:]
	}
	if body != "" {
		return nil, fmt.Errorf("%w: %d bytes after the parts", ErrDamaged, len(body))
	}
	return p, nil
}

// Part returns part i, checking its checksum the first time.
func (p *Parts) Part(i int) (string, error) {
	pt := &p.parts[i]
	pt.once.Do(func() {
		if crc32.Update(0, castagnoli, bytesOf(pt.data)) != pt.crc {
			pt.err = fmt.Errorf("%w: part %d checksum", ErrDamaged, i)
		}
	})
	if pt.err != nil {
		return "", pt.err
	}
	return pt.data, nil
}

// bytesOf is s's bytes, not copied, for reading only (a part may be
// megabytes in a memory map).
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// Len is the number of parts.
func (p *Parts) Len() int { return len(p.parts) }

// Lazy reads Parts as a reader uses them: a part is checked, and a
// section found in it, the first time it is asked for. A part that is
// damaged reads as empty, and Err reports it: what a reader found through
// it must not be trusted. Lazy is safe for concurrent use.
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
	return &Lazy{parts: parts, once: make([]sync.Once, n), secs: make([]Section, n), raw: make([]string, n)}
}

// load checks part i once; a section part is read as one.
func (l *Lazy) load(i int, section bool) {
	l.once[i].Do(func() {
		data, err := l.parts.Part(i)
		if err == nil && section {
			var rest string
			if l.secs[i], rest, err = Read(data); err == nil && rest != "" {
				err = fmt.Errorf("%w: %d bytes after section %d", ErrDamaged, len(rest), i)
			}
		}
		if err != nil {
			l.Fail(err)
			return
		}
		l.raw[i] = data
	})
}

// Section returns part i read as a section; empty if it is damaged, or
// l is nil. A part is to be read as a section, or raw, always the same
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
