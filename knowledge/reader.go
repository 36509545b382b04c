package knowledge

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"

	"github.com/visitbot/visitbot/knowledge/analysis"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Bucket and key names of the records a Reader reads (see doc.go).
var (
	bucketSentences = []byte("sentences")
	keyNames        = []byte("names")
)

// SentenceRecord is one sentence as a Reader reads it.
type SentenceRecord struct {
	ID        uint32
	Doc       int    // index into the document names (Reader.DocName)
	Paragraph int    // 1-based
	Number    int    // 1-based within the paragraph
	Kind      Kind   // of its paragraph
	Section   int    // paragraph Number of its section's heading, 0 if none
	ParaFirst uint32 // the IDs of its paragraph's sentences are [ParaFirst, ParaEnd)
	ParaEnd   uint32
	Features  Features
	Length    uint32 // content words
	Text      string // verbatim
	Norm      string // normalised (analysis.Normalize of Text)
}

// encodeSentence writes a sentence record's value (doc.go).
func encodeSentence(s SentenceInfo, length uint32) []byte {
	var buf []byte
	for _, v := range []uint64{uint64(s.Doc), uint64(s.Paragraph), uint64(s.Number), uint64(s.Kind), uint64(s.Section), uint64(s.ParaFirst), uint64(s.ParaEnd), uint64(s.Features), uint64(length)} {
		buf = binary.AppendUvarint(buf, v)
	}
	return append(buf, s.Text...)
}

// decodeSentence reads what encodeSentence wrote for sentence id of n.
func decodeSentence(id uint32, b []byte, n, docs int) (SentenceRecord, error) {
	var v [9]uint64
	for i := range v {
		x, k := binary.Uvarint(b)
		if k <= 0 {
			return SentenceRecord{}, fmt.Errorf("sentence %d: malformed", id)
		}
		v[i], b = x, b[k:]
	}
	s := SentenceRecord{ID: id, Doc: int(v[0]), Paragraph: int(v[1]), Number: int(v[2]), Kind: Kind(v[3]), Section: int(v[4]),
		ParaFirst: uint32(v[5]), ParaEnd: uint32(v[6]), Features: Features(v[7]), Length: uint32(v[8]), Text: string(b)}
	if v[0] >= uint64(docs) || v[5] > uint64(id) || v[6] <= uint64(id) || v[6] > uint64(n) || v[3] > uint64(Meta) {
		return SentenceRecord{}, fmt.Errorf("sentence %d: out of range", id)
	}
	return s, nil
}

// Reader reads the current knowledge base straight from bbolt's memory
// map, in one read transaction: postings and sentences are decoded when
// asked for, checked against their checksums, and kept in a small bounded
// cache shared by the Readers of the same lean base. Opening one does a constant amount of work (the
// version, its info and document names); a Reader of a version whose
// info the cache holds begins its read transaction, and finds the
// version's buckets, only when a read misses the cache (most questions
// of a warm cache never do). A damaged record is a *DamagedError, never
// a quote.
//
// A Reader is for one goroutine and one question or a short batch: until
// Close it holds off the store's Close (the memory map stays), and once
// begun its read transaction keeps the pages it sees from being reused
// and, in a store open for writing, holds off the growth of the file.
// Close ends it.
type Reader struct {
	store *Store   // nil once closed
	tx    *bolt.Tx // nil until begun (begin)
	path  string
	// words, grams and sents are the version's buckets, nil until found
	// (findBuckets).
	words, grams, sents *bolt.Bucket
	info                Info
	names               []string
	cache               *readCache
	version             uint64 // the version to read; 0: the current one
	pinned              bool   // the version is pinned until the transaction begins (Store.pin)
}

// NewReader starts a Reader of the store's current base.
func (s *Store) NewReader() (r *Reader, err error) { return s.newReader(0, newReadCache()) }

// newReader starts a Reader of version v, or of the current base if v is
// 0, that shares cache with the Readers of that version before it.
func (s *Store) newReader(v uint64, cache *readCache) (r *Reader, err error) {
	s.readers.RLock()
	if s.closed {
		s.readers.RUnlock()
		return nil, fmt.Errorf("read %s: %w", s.path, berrors.ErrDatabaseNotOpen)
	}
	r = &Reader{store: s, path: s.path, cache: cache, version: v}
	if r.cached() {
		// It begins at the first read the cache misses; till then no
		// transaction keeps its version's pages, so a save must not
		// drop the version (prune).
		s.pin(r.version, 1)
		r.pinned = true
		return r, nil
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	opened := r // (a return of nil, err sets r before this runs)
	defer func() {
		// After a panic too: an open Reader would hold Close.
		if err != nil {
			opened.Close()
			r = nil
		}
	}()
	defer func() {
		if p := recover(); p != nil {
			err = &DamagedError{Path: s.path, Detail: fmt.Sprint(p)}
		}
	}()
	if err := r.begin(); err != nil {
		return nil, err
	}
	if err := r.open(); err != nil {
		return nil, fmt.Errorf("read %s: %w", s.path, damaged(s.path, err))
	}
	return r, nil
}

// cached reports whether the cache holds the info and document names of
// the Reader's version, and if so takes them.
func (r *Reader) cached() bool {
	if c := r.cache.version.Load(); c != nil && r.version == c.info.Version {
		r.info, r.names = c.info, c.names
		return true
	}
	return false
}

// begin begins the Reader's read transaction unless it has.
func (r *Reader) begin() error {
	if r.tx != nil {
		return nil
	}
	if r.store == nil {
		return fmt.Errorf("read %s: %w", r.path, berrors.ErrTxClosed)
	}
	tx, err := r.store.db.Begin(false)
	if err != nil {
		return fmt.Errorf("read %s: %w", r.path, err)
	}
	r.tx = tx
	r.unpin() // the transaction keeps the version now
	return nil
}

// unpin drops the Reader's pin of its version, if it holds one.
func (r *Reader) unpin() {
	if r.pinned {
		r.store.pin(r.version, -1)
		r.pinned = false
	}
}

// open reads the info and document names of the Reader's version (its
// transaction begun), and gives them to the cache.
func (r *Reader) open() error {
	schema, err := readMeta(r.tx.Bucket(bucketMeta))
	if err != nil {
		return err
	}
	if schema != SchemaVersion {
		return errors.New("the base is of an older schema: rebuild it")
	}
	v := r.version
	if v == 0 {
		var err error
		if v, err = currentVersion(r.tx, false); err != nil {
			return err
		}
	}
	if v == 0 {
		return errors.New("no knowledge base")
	}
	kb := r.tx.Bucket(bucketKB).Bucket(versionKey(v))
	if kb == nil {
		return fmt.Errorf("version %d is missing", v)
	}
	if err := jsonRecord(kb, keyInfo, &r.info); err != nil {
		return err
	}
	if err := jsonRecord(kb, keyNames, &r.names); err != nil {
		return err
	}
	if len(r.names) != r.info.Documents {
		return fmt.Errorf("%d document names for %d documents", len(r.names), r.info.Documents)
	}
	r.info.Version = v
	if err := r.buckets(kb); err != nil {
		return err
	}
	r.cache.version.Store(&cachedVersion{info: r.info, names: r.names})
	return nil
}

// buckets finds the buckets of version kb.
func (r *Reader) buckets(kb *bolt.Bucket) error {
	r.words, r.grams, r.sents = kb.Bucket(bucketWords), kb.Bucket(bucketGrams), kb.Bucket(bucketSentences)
	if r.words == nil || r.grams == nil || r.sents == nil {
		r.words, r.grams, r.sents = nil, nil, nil
		return errors.New("a bucket is missing")
	}
	return nil
}

// findBuckets begins the Reader's transaction and finds the buckets of
// its version unless it has them: before a read from the file.
func (r *Reader) findBuckets() error {
	if r.sents != nil {
		return nil
	}
	if err := r.begin(); err != nil {
		return err
	}
	kb := r.tx.Bucket(bucketKB).Bucket(versionKey(r.version))
	if kb == nil {
		return fmt.Errorf("version %d is missing", r.version)
	}
	return r.buckets(kb)
}

// Close ends the Reader's read transaction, if it began one, and lets
// the store close. Closing a Reader again is an error.
func (r *Reader) Close() error {
	if r.store == nil {
		return berrors.ErrTxClosed
	}
	var err error
	if r.tx != nil {
		err = r.tx.Rollback()
	}
	r.unpin()
	r.words, r.grams, r.sents = nil, nil, nil // (buckets of the transaction ended: no read after Close may use them)
	r.store.readers.RUnlock()
	r.store = nil
	return err
}

// Info describes the base being read.
func (r *Reader) Info() Info { return r.info }

// DocName is the name of document doc (SentenceRecord.Doc).
func (r *Reader) DocName(doc int) string { return r.names[doc] }

// Word returns the postings of a content word, nil if it occurs nowhere.
// The slice is shared: do not change it.
func (r *Reader) Word(term string) ([]Posting, error) { return r.postings(wordSpace, term) }

// Gram returns the postings of a character unigram or bigram.
func (r *Reader) Gram(g string) ([]Posting, error) { return r.postings(gramSpace, g) }

// WordCount returns how many sentences hold a content word (the length of
// its postings), without decoding them.
func (r *Reader) WordCount(term string) (int, error) { return r.count(wordSpace, term) }

// GramCount returns how many sentences hold a unigram or bigram.
func (r *Reader) GramCount(g string) (int, error) { return r.count(gramSpace, g) }

func (r *Reader) count(space int, key string) (int, error) {
	if n, _, held, counted := r.cache.lookup(space, key); held || counted {
		return n, nil
	}
	n, _, err := r.read(space, key, false)
	return n, err
}

func (r *Reader) postings(space int, key string) ([]Posting, error) {
	if _, ps, held, _ := r.cache.lookup(space, key); held {
		return ps, nil
	}
	_, ps, err := r.read(space, key, true)
	return ps, err
}

// decodeOnCount is the most postings a count decodes (and caches) on the
// way: a word counted is usually read next, and one Get and one checksum
// serve both. A longer list is counted only.
const decodeOnCount = 1 << 12

// read returns the count of key's postings and, when decode is set or
// there are at most decodeOnCount, the postings, read from the file,
// checked and cached.
func (r *Reader) read(space int, key string, decode bool) (n int, ps []Posting, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer r.recover(&err)
	if err := r.findBuckets(); err != nil {
		return 0, nil, damaged(r.path, err)
	}
	bk := r.words
	if space == gramSpace {
		bk = r.grams
	}
	if rec := bk.Get([]byte(key)); rec != nil {
		val, err := unseal([]byte(key), rec)
		if err != nil {
			return 0, nil, damaged(r.path, err)
		}
		if n, err = postingsCount(val); err != nil || n > r.info.Sentences {
			return 0, nil, damaged(r.path, fmt.Errorf("postings of %q: %w", key, cmp.Or(err, errPostings)))
		}
		if !decode && n > decodeOnCount {
			r.cache.putCount(space, key, n)
			return n, nil, nil
		}
		if ps, err = decodePostings(val, r.info.Sentences); err != nil {
			return 0, nil, damaged(r.path, fmt.Errorf("postings of %q: %w", key, err))
		}
	}
	r.cache.putPostings(space, key, ps)
	return n, ps, nil
}

// Sentence reads sentence id.
func (r *Reader) Sentence(id uint32) (s SentenceRecord, err error) {
	if int(id) >= r.info.Sentences {
		return s, fmt.Errorf("sentence %d of %d", id, r.info.Sentences)
	}
	if s, ok := r.cache.getSentence(id); ok {
		return s, nil
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer r.recover(&err)
	if err := r.findBuckets(); err != nil {
		return s, damaged(r.path, err)
	}
	key := binary.BigEndian.AppendUint32(make([]byte, 0, 4), id)
	val, err := record(r.sents, key)
	if err != nil {
		return s, damaged(r.path, fmt.Errorf("sentence %d: %w", id, err))
	}
	if s, err = decodeSentence(id, val, r.info.Sentences, len(r.names)); err != nil {
		return s, damaged(r.path, err)
	}
	s.Norm = analysis.Normalize(s.Text)
	r.cache.putSentence(s)
	return s, nil
}

// recover turns a fault on the memory map into the damaged-base error.
func (r *Reader) recover(err *error) {
	if p := recover(); p != nil {
		*err = &DamagedError{Path: r.path, Detail: fmt.Sprint(p)}
	}
}

// writeSentences writes the sentences bucket and the document names.
func writeSentences(kb *bolt.Bucket, b *Base) error {
	names := make([]string, len(b.Docs))
	for i, d := range b.Docs {
		names[i] = d.Name
	}
	data, err := json.Marshal(names)
	if err != nil {
		return err
	}
	if err := put(kb, keyNames, data); err != nil {
		return err
	}
	sb, err := kb.CreateBucket(bucketSentences)
	if err != nil {
		return err
	}
	sb.FillPercent = 1
	for id, s := range b.Sentences {
		if err := put(sb, binary.BigEndian.AppendUint32(nil, uint32(id)), encodeSentence(s, b.Index.Lengths[id])); err != nil {
			return err
		}
	}
	return nil
}

// Text is how a question reads a base's sentences and postings: from
// memory for a base built or loaded whole, straight from the file for a
// stored one (a Reader). A Text is for one goroutine and one question;
// Close ends it. An error is a *DamagedError: the base's file is damaged,
// and nothing read from it may be quoted.
type Text interface {
	// Word returns the postings of a content word, nil if it occurs
	// nowhere; Gram those of a character unigram or bigram. The slices are
	// shared: do not change them.
	Word(w string) ([]Posting, error)
	Gram(g string) ([]Posting, error)
	// WordCount and GramCount return how many postings Word and Gram
	// would return, without reading them.
	WordCount(w string) (int, error)
	GramCount(g string) (int, error)
	// Sentence reads sentence id (Norm filled in).
	Sentence(id uint32) (SentenceRecord, error)
	// DocName is the name of document doc (SentenceRecord.Doc).
	DocName(doc int) string
	Close() error
}

// Text starts a Text of the base: a Reader of its version when the base
// was opened for reading from its file (Store.Current of a store opened
// with Options.Lean), else its sentences and index in memory.
func (b *Base) Text() (Text, error) {
	if b.reader != nil {
		return b.reader()
	}
	return memText{b}, nil
}

var _ Text = (*Reader)(nil)

// memText is a Text of a base in memory.
type memText struct{ b *Base }

// InMemory returns the index that t reads when t is a Text of a base in
// memory (Base.Text without a file), else nil: a caller may then look
// postings up in its maps directly, without a call through Text and an
// error that is always nil.
func InMemory(t Text) *Index {
	if m, ok := t.(memText); ok {
		return m.b.Index
	}
	return nil
}

func (t memText) Word(w string) ([]Posting, error) { return t.b.Index.Words[w], nil }
func (t memText) Gram(g string) ([]Posting, error) { return t.b.Index.Grams[g], nil }
func (t memText) WordCount(w string) (int, error)  { return len(t.b.Index.Words[w]), nil }
func (t memText) GramCount(g string) (int, error)  { return len(t.b.Index.Grams[g]), nil }
func (t memText) DocName(doc int) string           { return t.b.Docs[doc].Name }
func (t memText) Close() error                     { return nil }

func (t memText) Sentence(id uint32) (SentenceRecord, error) {
	if int(id) >= len(t.b.Sentences) {
		return SentenceRecord{}, fmt.Errorf("sentence %d of %d", id, len(t.b.Sentences))
	}
	s := &t.b.Sentences[id]
	return SentenceRecord{ID: id, Doc: s.Doc, Paragraph: s.Paragraph, Number: s.Number, Kind: s.Kind, Section: s.Section,
		ParaFirst: s.ParaFirst, ParaEnd: s.ParaEnd, Features: s.Features, Length: t.b.Index.Lengths[id], Text: s.Text, Norm: s.Norm}, nil
}

// Paragraph returns the sentences of paragraph p (1-based) of document
// doc, read through t (a Text of b): nil if there is no such paragraph.
// The sentences of a document are found from Info.PerDoc and the
// paragraph by bisection, so a lean base reads only a few sentences.
func (b *Base) Paragraph(t Text, doc, p int) ([]SentenceRecord, error) {
	if doc < 0 || doc >= len(b.Info.PerDoc) || p < 1 {
		return nil, nil
	}
	first := 0
	for _, d := range b.Info.PerDoc[:doc] {
		first += d.Sentences
	}
	end := first + b.Info.PerDoc[doc].Sentences
	var err error
	i := first + sort.Search(end-first, func(k int) bool {
		if err != nil {
			return true
		}
		var s SentenceRecord
		s, err = t.Sentence(uint32(first + k))
		return s.Paragraph >= p
	})
	var out []SentenceRecord
	for ; err == nil && i < end; i++ {
		s, serr := t.Sentence(uint32(i))
		if err = serr; err != nil || s.Paragraph != p {
			break
		}
		out = append(out, s)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}
