package knowledge

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/sorted"
)

// Tables are what answering needs to know of the text as a whole, made
// when the base is built and read where they lie (sorted sections and
// fixed-width rows, no decoding at open): the runs of characters the text
// has and how they sound, for fixing a question's typos; its names' parts
// and kinds; its most mentioned names of each kind; and, for every
// sentence, its paragraph, section, features and length. The zero Tables
// is empty. Tables are immutable and safe for concurrent use.
//
// The encoding (integers big-endian; parts and section as in package
// sorted: each block of sorted.BlockSize bytes of a part has its own
// CRC-32C, checked the first time a question reads it, so a question
// touches, and pays for, only the blocks it reads; the rows and sections,
// fixed-size records, a record at a time):
//
//	tables     = sorted.Parts of "VBTB6": homophones runs4 rare masks parts kinds names rows sections aliases starts
//	homophones = section: sound key of a run of three units -> strings: the runs of the text so sounding
//	runs4      = section: a run of four units of the text -> (no value)
//	rare       = section: sound key of a two-ideograph word in at most RareWord sentences -> strings: the words
//	masks      = section: a name's run of four runes with one rune replaced by U+0000 -> strings: the runs
//	parts      = section: a run of three or more runes inside a name -> (no value)
//	kinds      = section: a term -> kind:uint8 order:uvarint: its TermKind (the greatest of a term found
//	             as several) and where it first stands in the terms
//	names      = section: "o" organisations, "p" places, "r" people -> strings: the TopNames most mentioned, most first
//	rows       = count:uint32 count × row, one a sentence, by ID
//	row        = paraFirst:uint32 paraEnd:uint32 section:uint32 features:uint16 kind:uint8 length:uint8
//	sections   = count:uint32 count × (first:uint32 end:uint32 heading:uint32)
//	aliases    = section: AliasKey of a short name or synonym -> strings: what it stands for (the alias
//	             table's entries and the names derived from the text's names: deriveNames)
//	starts     = aliasRunes:uint32 n:uint32 n × rune:uint32 m:uint32 m × rune:uint32
//	             l:uint32 l × rune:uint32: the length in runes of the longest alias key; the runes
//	             the names (kind Proper or Person) begin with, ascending; the runes the alias keys
//	             begin with, ascending; the runes the alias keys end with, ascending
//	strings    = n:uvarint n × (len:uvarint bytes), sorted
//
// A unit is an ideograph or a run of letters or digits (analysis.Units); a
// run is units in a row with no gap. A sound key is the units' sounds
// (analysis.Sound of an ideograph, any other unit as it is) joined by
// spaces: "du xiao gang". A row's section is 0 for a sentence outside any
// section, else the number of its section (sections numbered over all
// documents in order) plus one; length is its content words, 255 for more;
// a section's heading is the ID of its heading sentence, NoSentence if it
// has none.
//
// A part whose checksum does not match reads as empty, and Err reports it:
// a question that used it must be answered with the damaged-base error.
type Tables struct {
	data string
	p    *sorted.Lazy // nil in the zero Tables
	r    *fixedParts  // the rows and sections, found once
}

// fixedParts are the rows and the sections' records, and the starts
// part read, found once.
type fixedParts struct {
	once       sync.Once
	rows, secs string
	nsec       int
	startsOnce sync.Once
	starts     *Starts
}

// The parts of Tables, in their order.
const (
	partHomophones = iota
	partRuns4
	partRare
	partMasks
	partNames // parts of names
	partKinds
	partTop
	partRows
	partSections
	partAliases
	partStarts
	numParts
)

const (
	tablesMagic = "VBTB6"
	rowSize     = 16
	sectionSize = 12
	// RareWord is the most sentences a two-ideograph word may be in for a
	// question's homophone to be read as it.
	RareWord = 3
	// TopNames is how many names of each kind the tables keep.
	TopNames = 256
	// NoSentence is the heading of a section without one.
	NoSentence = ^uint32(0)
)

var errTables = errors.New("tables: malformed")

// NewTables makes Tables of encoded bytes, checking their header only;
// each block of a part is checked when a look-up first reads it (a raw
// part, the rows, whole at its first use). It keeps data: the caller must
// not change it.
func NewTables(data string) (Tables, error) {
	parts, err := sorted.ReadParts(data, tablesMagic, numParts)
	if err != nil {
		return Tables{}, fmt.Errorf("%w: %w", errTables, err)
	}
	return Tables{data: data, p: sorted.NewLazy(parts), r: &fixedParts{}}, nil
}

// newTrustedTables is NewTables of bytes made in this process, or checked
// whole (a record whose own checksum matched): no look-up checks a block.
func newTrustedTables(data string) (Tables, error) {
	t, err := NewTables(data)
	t.p.Trust()
	return t, err
}

// section returns section part i; empty when there is none or it is
// damaged.
func (t Tables) section(i int) *sorted.Section { return t.p.SectionRef(i) }

// fixed returns the records of part i, of size bytes each (after their
// count); "" when there are none or the part is damaged.
//
// The records are not checked here: a reader checks each record's bytes
// (record) before it reads them, so that opening a base of a million
// sentences does not checksum megabytes of rows for a question that reads
// a few.
func (t Tables) fixed(i, size int) string {
	data := t.p.Unchecked(i)
	if data == "" || !t.p.Check(i, 0, min(4, len(data))) {
		return ""
	}
	if len(data) < 4 || uint64(sorted.Be32(data))*uint64(size) != uint64(len(data)-4) {
		t.p.Fail(fmt.Errorf("%w: part %d: the records do not fill it", errTables, i))
		return ""
	}
	return data[4:]
}

// record returns record k of size bytes of fixed part i (records its
// fixed bytes), its blocks checked; false if they are damaged (Err then
// says so).
func (t Tables) record(i int, records string, k, size int) (string, bool) {
	off := 4 + k*size // after the count
	if !t.p.Check(i, off, off+size) {
		return "", false
	}
	return records[k*size : (k+1)*size], true
}

// fixedParts finds the rows and sections once.
func (t Tables) fixedParts() *fixedParts {
	if t.r == nil {
		return &fixedParts{}
	}
	t.r.once.Do(func() {
		t.r.rows, t.r.secs = t.fixed(partRows, rowSize), t.fixed(partSections, sectionSize)
		t.r.nsec = len(t.r.secs) / sectionSize
	})
	return t.r
}

func (t Tables) rows() string { return t.fixedParts().rows }
func (t Tables) secs() string { return t.fixedParts().secs }

// Err reports the first part of the tables that a reader found damaged:
// what was read from it was empty, so an answer that read the tables must
// be the damaged-base error instead.
func (t Tables) Err() error {
	if err := t.p.Err(); err != nil {
		return fmt.Errorf("%w: %w", errTables, err)
	}
	return nil
}

// checkAll reads every part's header, and the counts of the rows and
// sections (check reads their records); the bytes are checked by the
// record's own checksum, which a whole load verifies first.
func (t Tables) checkAll() error {
	for i := range partRows {
		t.section(i)
	}
	t.section(partAliases)
	t.rows()
	t.secs()
	t.Starts()
	return t.Err()
}

// Data is the encoded bytes (what NewTables was given).
func (t Tables) Data() string { return t.data }

// appendUnitsKey appends to b the sound key of units of text (see
// Tables).
func appendUnitsKey(b []byte, text string, units []analysis.Unit) []byte {
	for i, u := range units {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, UnitSound(text, u)...)
	}
	return b
}

// appendSoundKey appends to b the sound key of sounds, each a unit's
// UnitSound.
func appendSoundKey(b []byte, sounds []string) []byte {
	for i, s := range sounds {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, s...)
	}
	return b
}

// UnitSound is how one unit sounds: the Sound of an ideograph, any other
// unit as it is.
func UnitSound(text string, u analysis.Unit) string {
	w := text[u.Start:u.End]
	if r, n := utf8.DecodeRuneInString(w); n == len(w) && analysis.IsHan(r) {
		return analysis.Sound(r)
	}
	return w
}

// HasRun3 reports whether the text has run, three units in a row.
func (t Tables) HasRun3(run string) bool {
	var units [4]analysis.Unit
	n := 0
	gap := false
	analysis.Units(run, func(u analysis.Unit, g bool) {
		if n < len(units) {
			units[n] = u
		}
		n++
		gap = gap || g && n > 1
	})
	if n != 3 || gap {
		return false
	}
	var buf [64]byte
	v, ok := t.section(partHomophones).FindBytes(appendUnitsKey(buf[:0], run, units[:3]))
	return ok && sorted.HasString(v, run)
}

// HasRun4 reports whether the text has run, four units in a row.
func (t Tables) HasRun4(run string) bool { return t.section(partRuns4).Has(run) }

// Homophones returns the runs of three units of the text that sound as
// sounds (each a unit's UnitSound), sorted.
func (t Tables) Homophones(sounds ...string) []string {
	var buf [64]byte
	return strs(t.section(partHomophones).FindBytes(appendSoundKey(buf[:0], sounds)))
}

// RareHomophones returns the rare two-ideograph words of the text that
// sound as sounds, sorted.
func (t Tables) RareHomophones(sounds ...string) []string {
	var buf [64]byte
	return strs(t.section(partRare).FindBytes(appendSoundKey(buf[:0], sounds)))
}

// Masked returns the runs of four runes of the text's names that key (a
// run with one rune replaced by U+0000) matches.
func (t Tables) Masked(key string) []string { return strs(t.section(partMasks).Find(key)) }

// MaskedBytes is Masked of a key in bytes (no string made of it).
func (t Tables) MaskedBytes(key []byte) []string { return strs(t.section(partMasks).FindBytes(key)) }

// InName reports whether s, three runes or more, is part of a name of the
// text (a person, place, organisation, other proper noun or quoted phrase).
func (t Tables) InName(s string) bool { return t.section(partNames).Has(s) }

// Kind returns the kind of a term of the text, and whether s is one.
func (t Tables) Kind(s string) (TermKind, bool) {
	v, ok := t.section(partKinds).Find(s)
	if !ok || v == "" {
		return 0, false
	}
	return TermKind(v[0]), true
}

// Terms yields every term of the text with its kind, in byte order: for a
// reader that needs a summary of them once (the work grows with the
// terms).
func (t Tables) Terms(yield func(term string, kind TermKind) bool) {
	kinds := t.section(partKinds)
	for i := range kinds.Len() {
		k, v, ok := kinds.Entry(i)
		if ok && v != "" && !yield(k, TermKind(v[0])) {
			return
		}
	}
}

// TermsWithPrefix yields the terms of a kind that begin with prefix (the
// people of a surname: 杜 -> 杜小刚), in byte order; the work grows with
// the terms that begin with prefix, not with all.
func (t Tables) TermsWithPrefix(prefix string, kind TermKind, yield func(term string) bool) {
	t.section(partKinds).Prefix(prefix, func(k, v string) bool {
		if v == "" || TermKind(v[0]) != kind {
			return true
		}
		return yield(k)
	})
}

// NumTerms is the number of the text's terms (each once).
func (t Tables) NumTerms() int { return t.section(partKinds).Len() }

// TermOrder returns where a term first stands in the base's terms, and
// math.MaxInt for a string that is no term.
func (t Tables) TermOrder(s string) int {
	v, ok := t.section(partKinds).Find(s)
	if !ok || v == "" {
		return math.MaxInt
	}
	n, k := sorted.Uvarint(v[1:])
	if k <= 0 {
		return math.MaxInt
	}
	return int(n)
}

// TopNames returns the most mentioned names of a kind (Org, Place or
// Person), most first; nil for another kind.
func (t Tables) TopNames(k TermKind) []string {
	key, ok := topNameKeys[k]
	if !ok {
		return nil
	}
	return strs(t.section(partTop).Find(key))
}

var topNameKeys = map[TermKind]string{Org: "o", Place: "p", Person: "r"}

// Aliases returns what an alias of the base stands for (its short names
// and synonyms, by AliasKey), sorted; nil when key is none.
func (t Tables) Aliases(key string) []string { return strs(t.section(partAliases).Find(key)) }

// WithAliases returns key followed by its aliases (Aliases), in one
// allocation.
func (t Tables) WithAliases(key string) []string {
	v, ok := t.section(partAliases).Find(key)
	if !ok {
		return []string{key}
	}
	n, _ := sorted.Uvarint(v)
	out := make([]string, 1, 1+min(n, uint64(len(v))))
	out[0] = key
	return sorted.AppendStringsOf(out, v)
}

// IsAlias reports whether key (an AliasKey) is an alias of the base.
func (t Tables) IsAlias(key string) bool { return t.section(partAliases).Has(key) }

// AliasWords are the words an alias stands for (Aliases) as FindAliases
// found them in the tables: a reader that looks an alias up to count its
// words and then fills a slice of that size need not look it up twice.
// The zero AliasWords has none.
type AliasWords struct{ v string }

// FindAliases returns the words key (an AliasKey) stands for, and whether
// it is an alias of the base.
func (t Tables) FindAliases(key string) (AliasWords, bool) {
	v, ok := t.section(partAliases).Find(key)
	return AliasWords{v}, ok
}

// Count is the number of the words.
func (a AliasWords) Count() int {
	n, _ := sorted.Uvarint(a.v)
	return int(min(n, uint64(len(a.v))))
}

// AppendTo appends the words to dst and returns the extended slice.
func (a AliasWords) AppendTo(dst []string) []string {
	return sorted.AppendStringsOf(dst, a.v)
}

// AliasKeys yields every alias key, in byte order: for a reader that
// summarises them once (the work grows with the aliases).
func (t Tables) AliasKeys(yield func(key string) bool) {
	sec := t.section(partAliases)
	for i := range sec.Len() {
		if k, _, ok := sec.Entry(i); ok && !yield(k) {
			return
		}
	}
}

// AliasKey keeps only the letters, ideographs and digits of s: how the
// tables key an alias, and how a question's words are looked up in them.
func AliasKey(s string) string {
	clean := true
	for _, r := range s {
		if !analysis.IsWordRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if analysis.IsWordRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Row is what the tables know of one sentence.
type Row struct {
	ParaFirst, ParaEnd uint32 // its paragraph's sentences are [ParaFirst, ParaEnd)
	Section            int32  // its section's number, -1 if none
	Features           Features
	Kind               Kind
	Length             uint32 // content words, at most 255
}

// Sentences is the number of rows.
func (t Tables) Sentences() int { return len(t.rows()) / rowSize }

// Row returns the row of sentence id. An id past the rows (their part
// damaged: Err says so) has a row of its own paragraph and no section, as
// has a row whose section is past the sections.
func (t Tables) Row(id uint32) Row {
	fp := t.fixedParts()
	if int(id) >= len(fp.rows)/rowSize {
		return Row{ParaFirst: id, ParaEnd: id + 1, Section: -1}
	}
	r, ok := t.record(partRows, fp.rows, int(id), rowSize)
	if !ok {
		return Row{ParaFirst: id, ParaEnd: id + 1, Section: -1}
	}
	row := Row{ParaFirst: sorted.Be32(r), ParaEnd: sorted.Be32(r[4:]), Section: int32(sorted.Be32(r[8:])) - 1,
		Features: Features(uint16(r[12])<<8 | uint16(r[13])), Kind: Kind(r[14]), Length: uint32(r[15])}
	if int(row.Section) >= fp.nsec {
		row.Section = -1
	}
	return row
}

// Sections is the number of sections.
func (t Tables) Sections() int { return len(t.secs()) / sectionSize }

// Section returns the sentences of section sec, [first, end), and its
// heading (NoSentence if none).
func (t Tables) Section(sec int) (first, end, heading uint32) {
	s, ok := t.record(partSections, t.secs(), sec, sectionSize)
	if !ok {
		return 0, 0, NoSentence
	}
	return sorted.Be32(s), sorted.Be32(s[4:]), sorted.Be32(s[8:])
}

// check checks the rows and sections against n sentences: every ID in
// range, every paragraph around its sentence, every record's blocks.
func (t Tables) check(n int) error {
	if t.Sentences() != n {
		return fmt.Errorf("%w: %d rows for %d sentences", errTables, t.Sentences(), n)
	}
	nsec := uint32(t.Sections())
	for id := range uint32(n) {
		r := t.Row(id)
		if r.ParaFirst > id || r.ParaEnd <= id || r.ParaEnd > uint32(n) || r.Kind > Meta || r.Section >= int32(nsec) {
			return fmt.Errorf("%w: row %d out of range", errTables, id)
		}
	}
	for sec := range t.Sections() {
		first, end, heading := t.Section(sec)
		if first >= end || end > uint32(n) || heading != NoSentence && heading >= uint32(n) {
			return fmt.Errorf("%w: section %d out of range", errTables, sec)
		}
	}
	return t.Err() // a damaged record reads as a default that may be in range
}

func strs(v string, ok bool) []string {
	if !ok {
		return nil
	}
	return sorted.Strings(v)
}

// tablesBuilder gathers the Tables of a base as its sentences are
// indexed, in order.
type tablesBuilder struct {
	homophones map[string][]string // sound key -> runs of three
	seen3      map[string]bool
	runs4      map[string]bool
	sounds     map[string]bool // the sounds of the units of runs of three
	rows       []byte
	secIDs     map[[2]int]int
	secs       [][3]uint32
	units      []analysis.Unit
}

func newTablesBuilder() *tablesBuilder {
	return &tablesBuilder{homophones: map[string][]string{}, seen3: map[string]bool{}, runs4: map[string]bool{},
		sounds: map[string]bool{}, secIDs: map[[2]int]int{}}
}

// add adds sentence id (the next), s, normalised as s.Norm, of length
// content words.
func (tb *tablesBuilder) add(id uint32, s *SentenceInfo, length uint32) {
	sec := uint32(0)
	if s.Section != 0 {
		key := [2]int{s.Doc, s.Section}
		i, ok := tb.secIDs[key]
		if !ok {
			i = len(tb.secs)
			tb.secIDs[key] = i
			tb.secs = append(tb.secs, [3]uint32{id, id, NoSentence})
		}
		tb.secs[i][1] = id + 1
		if s.Kind == Heading {
			tb.secs[i][2] = id
		}
		sec = uint32(i) + 1
	}
	r := binary.BigEndian.AppendUint32(nil, s.ParaFirst)
	r = binary.BigEndian.AppendUint32(r, s.ParaEnd)
	r = binary.BigEndian.AppendUint32(r, sec)
	r = binary.BigEndian.AppendUint16(r, uint16(s.Features))
	tb.rows = append(append(tb.rows, r...), byte(s.Kind), byte(min(length, 255)))
	tb.addRuns(s.Norm)
}

// addRuns records the runs of three and four units of a normalised
// sentence, and how the runs of three sound.
func (tb *tablesBuilder) addRuns(norm string) {
	run := tb.units[:0]
	flush := func() {
		for i := 0; i+4 <= len(run); i++ {
			if f := norm[run[i].Start:run[i+3].End]; !tb.runs4[f] {
				tb.runs4[strings.Clone(f)] = true
			}
		}
		for i := 0; i+3 <= len(run); i++ {
			t := norm[run[i].Start:run[i+2].End]
			if tb.seen3[t] {
				continue
			}
			t = strings.Clone(t)
			tb.seen3[t] = true
			for _, u := range run[i : i+3] {
				tb.sounds[UnitSound(norm, u)] = true
			}
			key := string(appendUnitsKey(nil, norm, run[i:i+3]))
			tb.homophones[key] = append(tb.homophones[key], t)
		}
		run = run[:0]
	}
	analysis.Units(norm, func(u analysis.Unit, gap bool) {
		if gap {
			flush()
		}
		run = append(run, u)
	})
	flush()
	tb.units = run
}

// tableSources are what the tables take from a whole base: its terms and
// its words with the number of sentences each is in.
type tableSources struct {
	terms   []Term
	aliases Aliases // the alias table's and the derived ones
	words   func(yield func(w string, df int) bool)
	df      func(w string) int
}

// encode returns the encoded Tables.
func (tb *tablesBuilder) encode(src tableSources) []byte {
	masks, parts, kinds := nameTables(src.terms)
	lists := []map[string][]string{tb.homophones, tb.rareWords(src.words), masks}
	for _, m := range lists {
		for _, l := range m {
			slices.Sort(l)
		}
	}
	rows := binary.BigEndian.AppendUint32(nil, uint32(len(tb.rows)/rowSize))
	rows = append(rows, tb.rows...)
	secs := binary.BigEndian.AppendUint32(nil, uint32(len(tb.secs)))
	for _, s := range tb.secs {
		for _, v := range s {
			secs = binary.BigEndian.AppendUint32(secs, v)
		}
	}
	kindsPart := sorted.Append(nil, sorted.Keys(kinds), func(b []byte, k string) []byte {
		return binary.AppendUvarint(append(b, byte(kinds[k].kind)), uint64(kinds[k].order))
	})
	aliases := aliasLists(src.aliases)
	return sorted.AppendParts(nil, tablesMagic,
		appendStringsSection(nil, lists[0]), appendSet(nil, tb.runs4), appendStringsSection(nil, lists[1]),
		appendStringsSection(nil, lists[2]), appendSet(nil, parts), kindsPart,
		appendStringsSection(nil, topNames(src.terms, src.df)), rows, secs, appendStringsSection(nil, aliases),
		appendStarts(kinds, aliases))
}

// appendStarts encodes the starts part: what a reader would otherwise
// find by walking every term and every alias key at its first question.
func appendStarts(kinds map[string]termEntry, aliases map[string][]string) []byte {
	names := nameStarts(func(yield func(string, TermKind) bool) {
		for term, e := range kinds {
			if !yield(term, e.kind) {
				return
			}
		}
	})
	firsts, lasts, longest := map[rune]bool{}, map[rune]bool{}, 0
	for k := range aliases {
		r, _ := utf8.DecodeRuneInString(k)
		l, _ := utf8.DecodeLastRuneInString(k)
		firsts[r], lasts[l] = true, true
		longest = max(longest, utf8.RuneCountInString(k))
	}
	b := binary.BigEndian.AppendUint32(nil, uint32(longest))
	for _, set := range []map[rune]bool{names, firsts, lasts} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(set)))
		for _, r := range slices.Sorted(maps.Keys(set)) {
			b = binary.BigEndian.AppendUint32(b, uint32(r))
		}
	}
	return b
}

// Starts are the starts part read: the longest alias key in runes, the
// runes the names (kind Proper or Person) and the alias keys begin with,
// and the runes the alias keys end with.
type Starts struct {
	AliasRunes                   int
	Names, AliasFirst, AliasLast map[rune]bool
	names                        *runeBits // Names, for the analyzer (tableNames)
}

// Starts returns the starts part, read once and shared by every reader of
// the tables: the caller must not change it. It is empty (and Err set)
// when the part is damaged.
func (t Tables) Starts() *Starts {
	if t.r == nil {
		return &Starts{}
	}
	t.r.startsOnce.Do(func() { t.r.starts = t.readStarts() })
	return t.r.starts
}

// readStarts reads the starts part; a damaged or malformed one (runes
// that do not fit it, or are not ascending valid runes, or bytes after
// them) reads as empty, and Err says so.
func (t Tables) readStarts() *Starts {
	out := &Starts{Names: map[rune]bool{}, AliasFirst: map[rune]bool{}, AliasLast: map[rune]bool{}}
	data := t.p.Raw(partStarts) // checked whole: a few kilobytes
	fail := func(what string) *Starts {
		t.p.Fail(fmt.Errorf("part %d: %s", partStarts, what))
		return &Starts{}
	}
	if len(data) < 4 || sorted.Be32(data) > math.MaxInt32 {
		return fail("no longest alias key")
	}
	out.AliasRunes, data = int(sorted.Be32(data)), data[4:]
	for _, set := range []map[rune]bool{out.Names, out.AliasFirst, out.AliasLast} {
		if len(data) < 4 || uint64(sorted.Be32(data))*4 > uint64(len(data)-4) {
			return fail("the runes do not fit")
		}
		n := int(sorted.Be32(data))
		prev := rune(-1)
		for i := range n {
			r := rune(sorted.Be32(data[4+4*i:]))
			if r <= prev || !utf8.ValidRune(r) {
				return fail("runes not ascending and valid")
			}
			set[r], prev = true, r
		}
		data = data[4+4*n:]
	}
	if data != "" {
		return fail(fmt.Sprintf("%d bytes after the runes", len(data)))
	}
	out.names = newRuneBits(out.Names)
	return out
}

// aliasLists keys aliases by AliasKey, each list sorted and without
// repeats.
func aliasLists(a Aliases) map[string][]string {
	out := map[string][]string{}
	for k, vs := range a {
		if key := AliasKey(k); key != "" {
			out[key] = append(out[key], vs...)
		}
	}
	for k, vs := range out {
		slices.Sort(vs)
		out[k] = slices.Compact(vs)
	}
	return out
}

// rareWords returns the two-ideograph words in at most RareWord sentences
// whose ideographs both sound like a unit of a run of three, by sound key.
func (tb *tablesBuilder) rareWords(words func(yield func(string, int) bool)) map[string][]string {
	out := map[string][]string{}
	for w, df := range words {
		r0, n0 := utf8.DecodeRuneInString(w)
		r1, n1 := utf8.DecodeRuneInString(w[n0:])
		if df > RareWord || n0+n1 != len(w) || !analysis.IsHan(r0) || !analysis.IsHan(r1) {
			continue
		}
		s0, s1 := analysis.Sound(r0), analysis.Sound(r1)
		if tb.sounds[s0] && tb.sounds[s1] {
			out[s0+" "+s1] = append(out[s0+" "+s1], w)
		}
	}
	return out
}

// nameTables returns, of the terms, every run of four runes inside a name
// with one masked, every run of three or more inside a name, and every
// term's kind.
func nameTables(terms []Term) (masks map[string][]string, parts map[string]bool, kinds map[string]termEntry) {
	masks, parts, kinds = map[string][]string{}, map[string]bool{}, map[string]termEntry{}
	for i, t := range terms {
		if k, ok := kinds[t.Text]; !ok {
			kinds[t.Text] = termEntry{t.Kind, i}
		} else if t.Kind > k.kind {
			kinds[t.Text] = termEntry{t.Kind, k.order}
		}
		switch t.Kind {
		case Org, Person, Place, Proper, Quote:
		default:
			continue
		}
		rs := []rune(t.Text)
		for i := 0; i+3 <= len(rs); i++ {
			for j := i + 3; j <= len(rs); j++ {
				parts[string(rs[i:j])] = true
			}
		}
		for i := 0; i+4 <= len(rs); i++ {
			four := string(rs[i : i+4])
			for k := range 4 {
				m := slices.Clone(rs[i : i+4])
				m[k] = 0
				key := string(m)
				if !slices.Contains(masks[key], four) {
					masks[key] = append(masks[key], four)
				}
			}
		}
	}
	return masks, parts, kinds
}

// termEntry is a term's entry of the kinds section.
type termEntry struct {
	kind  TermKind
	order int
}

// topNames returns the TopNames most mentioned organisations, places and
// people of the terms (ties in the terms' order), by TopNames key.
func topNames(terms []Term, df func(string) int) map[string][]string {
	out := map[string][]string{}
	seen := map[Term]bool{}
	for _, t := range terms {
		if key, ok := topNameKeys[t.Kind]; ok && !seen[t] {
			seen[t] = true
			out[key] = append(out[key], t.Text)
		}
	}
	for key, names := range out {
		slices.SortStableFunc(names, func(a, b string) int { return cmp.Compare(df(b), df(a)) })
		out[key] = names[:min(len(names), TopNames)]
	}
	return out
}

// appendStringsSection appends a section of string lists.
func appendStringsSection(out []byte, m map[string][]string) []byte {
	return sorted.Append(out, sorted.Keys(m), func(b []byte, k string) []byte { return sorted.AppendStrings(b, m[k]) })
}

func appendSet(out []byte, m map[string]bool) []byte { return sorted.Append(out, sorted.Keys(m), nil) }
