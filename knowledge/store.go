package knowledge

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lexicon"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Bucket and key names; the layout is written down in doc.go.
var (
	bucketMeta    = []byte("meta")
	bucketKB      = []byte("kb")
	bucketState   = []byte("state")
	keySchema     = []byte("schema")
	keyCurrent    = []byte("current")
	keyMagic      = []byte("magic")
	magic         = []byte("visitbot knowledge base")
	keyInfo       = []byte("info")
	keyDocs       = []byte("docs")
	keyTerms      = []byte("terms")
	keyAliases    = []byte("aliases")
	keyDict       = []byte("dict")
	keySegments   = []byte("segments")
	keyLengths    = []byte("lengths")
	keyDerived    = []byte("derived")
	keyLexicon    = []byte("lexicon")
	keyFeatures   = []byte("features")
	keyTables     = []byte("tables")
	bucketSources = []byte("sources")
	bucketWords   = []byte("words")
	bucketGrams   = []byte("grams")
)

// KeepVersions is how many knowledge-base versions a store keeps: the
// current one and those a rollback can return to.
const KeepVersions = 3

// Store is the bbolt file that holds the knowledge base's versions and the
// bot's state. The current base is kept in memory and swapped atomically:
// a reader that called Current holds a whole base, never half of one.
type Store struct {
	db       *bolt.DB
	path     string
	readOnly bool
	lock     *WriteLock // the writer's lock, held while open for writing
	cur      atomic.Pointer[Base]
	mu       sync.Mutex // serialises Save and Rollback
	// stateSealed says the state values are sealed records: always in a
	// store open for writing (init seals an older store's).
	stateSealed bool
	lean        bool // Options.Lean
	// readers is held for reading by each open Reader and for writing by
	// Close, which sets closed: the file's memory map, which a lean
	// base's tables lie in, stays while a Reader is open, whether or not
	// it has begun its read transaction.
	readers sync.RWMutex
	closed  bool
	// pins counts the Readers of each version that pin it (pin).
	pinMu sync.Mutex
	pins  map[uint64]int
}

// Options say how a store is opened.
type Options struct {
	// ReadOnly opens the file for reading only, beside other readers
	// (bbolt's shared lock); it works on a read-only file. Otherwise the
	// store is opened for writing: it takes the writer's lock
	// (LockForWrite) and bbolt's exclusive lock, and creates the file if
	// it is missing.
	ReadOnly bool
	// Lock is how a writer takes the writer's lock (LockForWrite); its
	// Wait is at most lockTimeout.
	Lock LockOptions
	// NoLoad leaves the base unloaded (Current is nil): opening does a
	// constant amount of work, and questions read through NewReader.
	NoLoad bool
	// Lean loads only what a question needs whatever the base's size (its
	// info, document names, analyzer, aliases, and the lexicon and tables
	// read in place): Current's base has no Docs' paragraphs, Sentences,
	// Terms or Index, and its Text reads them from the file. For readers
	// (ask, chat, eval) and the serving bot; Save and Rollback then
	// make the new current base lean too. In a read-only store the base's
	// lexicon and tables lie in the file's memory map: it must not be
	// used after the store is closed.
	Lean bool
}

// lockTimeout is how long an open waits for bbolt's lock.
const lockTimeout = time.Second

// Open opens the store at path for writing (creating it if missing) and
// loads its current knowledge base, if it has one. It is OpenWith with a
// holder that names this process.
func Open(path string) (*Store, error) {
	return OpenWith(path, Options{Lock: LockOptions{Holder: fmt.Sprintf("a visitbot process (pid %d)", os.Getpid()), Wait: lockTimeout}})
}

// OpenReadOnly opens the store at path for reading, beside other readers;
// a missing or empty file is an error (os.ErrNotExist: there is no base to
// read).
func OpenReadOnly(path string) (*Store, error) { return OpenWith(path, Options{ReadOnly: true}) }

// OpenWith opens the store at path and loads its current knowledge base,
// if it has one. A file that is not a bbolt database, a bbolt database of
// another program or a schema newer than this program's is an error that
// names the file; a damaged or truncated knowledge base is a
// *DamagedError (ErrDamaged). The file is left as it was. A base of an
// older schema opens Stale, with only its sources, to be rebuilt.
func OpenWith(path string, opt Options) (*Store, error) {
	info, err := os.Stat(path)
	switch {
	case err == nil && info.IsDir():
		return nil, fmt.Errorf("open %s: is a folder, not a database file", path)
	case err != nil && opt.ReadOnly:
		return nil, fmt.Errorf("open %s: %w", path, err)
	case err == nil && opt.ReadOnly && info.Size() == 0:
		// bbolt cannot read an empty file; to a reader it holds no base.
		return nil, fmt.Errorf("open %s: an empty file: %w", path, fs.ErrNotExist)
	}
	s := &Store{path: path, readOnly: opt.ReadOnly}
	if !opt.ReadOnly {
		opt.Lock.Wait = min(opt.Lock.Wait, lockTimeout)
		lock, err := LockForWrite(context.Background(), path, opt.Lock)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		s.lock = lock
	}
	// bbolt panics, or faults on its memory map, on some damaged files
	// (a truncated one, a flipped page): make both errors.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	db, err := openBolt(path, opt.ReadOnly)
	if err != nil {
		s.lock.Unlock()
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("open %s: %w", path, s.lockedBy())
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s.db = db
	fail := func(err error) (*Store, error) {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	legacy, err := s.init()
	if err != nil {
		var d *DamagedError
		if errors.As(err, &d) && d.Path == "" {
			d.Path = path
		}
		return fail(err)
	}
	if opt.NoLoad {
		return s, nil
	}
	s.lean = opt.Lean
	b, err := s.loadCurrent(legacy)
	if err != nil {
		return fail(damaged(path, err))
	}
	s.cur.Store(b)
	return s, nil
}

// lockedBy is the error of an open that timed out on bbolt's lock.
func (s *Store) lockedBy() error {
	if s.readOnly {
		return &lockedError{s.path, Holder(s.path), "it holds the file for writing, and ask, chat and eval cannot read it meanwhile; stop it, or ask with a copy ('visitbot index --db OTHER.db')"}
	}
	return &lockedError{s.path, "a visitbot process that reads it (ask, chat or eval)", "a serving bot needs the file alone; end those first"}
}

// openBolt is bolt.Open, with a panic of bbolt's on a damaged file turned
// into an error and the file (and its lock) closed.
func openBolt(path string, readOnly bool) (db *bolt.DB, err error) {
	var f *os.File
	defer func() {
		if r := recover(); r != nil {
			if f != nil {
				f.Close()
			}
			db, err = nil, &DamagedError{Path: path, Detail: fmt.Sprint(r)}
		}
	}()
	db, err = bolt.Open(path, 0o600, &bolt.Options{
		Timeout:  lockTimeout,
		ReadOnly: readOnly,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			file, err := os.OpenFile(name, flag, perm)
			f = file
			return file, err
		},
	})
	if err != nil && !errors.Is(err, berrors.ErrTimeout) && !errors.Is(err, os.ErrNotExist) && !errors.Is(err, os.ErrPermission) {
		err = &DamagedError{Path: path, Detail: err.Error()}
	}
	return db, err
}

// Path is the store's file.
func (s *Store) Path() string { return s.path }

// ReadOnly reports whether the store was opened for reading only.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Close closes the database file and releases the writer's lock.
func (s *Store) Close() error {
	s.readers.Lock()
	s.closed = true
	s.readers.Unlock()
	var err error
	if s.db != nil {
		err = s.db.Close()
	}
	s.lock.Unlock()
	return err
}

// init checks that the file is empty or a store of this schema or an
// older one (legacy), and gives an empty file the store's buckets. It
// writes nothing to a file that already has them: a damaged store must be
// left as it was. A read-only store of an empty file has no base.
func (s *Store) init() (legacy bool, err error) {
	defer recoverCorrupt(&err)
	ready, empty := false, false
	err = s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			empty = true
			return tx.ForEach(func([]byte, *bolt.Bucket) error { return notVisitbot() })
		}
		schema, err := readMeta(meta)
		if err != nil {
			return err
		}
		legacy = schema == 1
		ready = tx.Bucket(bucketKB) != nil && tx.Bucket(bucketState) != nil
		s.stateSealed, err = stateMarked(meta)
		return err
	})
	if err == nil && empty && s.grown() {
		// A file that was written to has buckets: bbolt fell back to its
		// first state because its newest meta page is damaged.
		return false, &DamagedError{Detail: "its newest bbolt meta page is unreadable"}
	}
	if err == nil && ready && !s.readOnly {
		err = dropUnfinished(s.db)
	}
	if err == nil && ready && !s.readOnly && !s.stateSealed {
		// Written before state values were sealed: seal them now.
		if err = s.db.Update(sealState); err == nil {
			s.stateSealed = true
		}
	}
	if err != nil || ready || s.readOnly && empty {
		return legacy, err
	}
	if s.readOnly || !empty {
		// A store with meta but without kb or state lost a bucket's name:
		// do not write into it.
		return legacy, &DamagedError{Path: s.path, Detail: "a bucket is missing"}
	}
	return legacy, s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			if meta, err = tx.CreateBucket(bucketMeta); err != nil {
				return err
			}
			if err := writeMeta(meta); err != nil {
				return err
			}
		}
		if _, err := tx.CreateBucketIfNotExists(bucketKB); err != nil {
			return err
		}
		if _, err := tx.CreateBucketIfNotExists(bucketState); err != nil {
			return err
		}
		s.stateSealed = true
		return sealState(tx)
	})
}

// notVisitbot is the error of a bbolt file with buckets but no meta
// bucket: another program's file, or ours with the bucket's name damaged.
func notVisitbot() error {
	return &DamagedError{Detail: "no visitbot meta bucket: another program's bbolt file, or a damaged knowledge base"}
}

// grown reports whether the file is larger than bbolt makes a new one
// (two meta pages, a freelist page and an empty leaf).
func (s *Store) grown() bool {
	info, err := os.Stat(s.path)
	return err == nil && info.Size() > int64(4*s.db.Info().PageSize)
}

// readMeta checks the magic of a store's meta bucket and returns its
// schema: 1 (legacy: plain values), or that of sealed values. A value that
// is neither is damage; a schema newer than this program's is an error
// that says so.
func readMeta(meta *bolt.Bucket) (int, error) {
	if raw := meta.Get(keyMagic); !bytes.Equal(raw, magic) {
		if m, err := unseal(keyMagic, raw); err != nil || !bytes.Equal(m, magic) {
			return 0, &DamagedError{Detail: "meta: no visitbot magic (not a visitbot file, or a damaged one)"}
		}
	}
	raw := meta.Get(keySchema)
	if string(raw) == "1" {
		return 1, nil
	}
	val, err := unseal(keySchema, raw)
	if err != nil {
		return 0, &DamagedError{Detail: "meta: " + err.Error()}
	}
	schema, err := strconv.Atoi(string(val))
	switch {
	case err != nil || schema < 2:
		return 0, &DamagedError{Detail: fmt.Sprintf("meta: schema %q", val)}
	case schema > SchemaVersion:
		return 0, fmt.Errorf("knowledge base schema %d, this program reads %d: use the visitbot that built it, or build a new file with 'visitbot index --db NEW.db'", schema, SchemaVersion)
	}
	return schema, nil
}

// writeMeta writes this schema's magic and schema number, sealed.
func writeMeta(meta *bolt.Bucket) error {
	if err := put(meta, keyMagic, magic); err != nil {
		return err
	}
	return put(meta, keySchema, []byte(strconv.Itoa(SchemaVersion)))
}

// recoverCorrupt turns a panic of bbolt's on a damaged file into an error.
func recoverCorrupt(err *error) {
	if r := recover(); r != nil {
		*err = &DamagedError{Detail: fmt.Sprintf("the bbolt file does not hold together: %v", r)}
	}
}

// Current returns the knowledge base in use, or nil if the store has none.
func (s *Store) Current() *Base { return s.cur.Load() }

func versionKey(v uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, v)
}

func (s *Store) loadCurrent(legacy bool) (b *Base, err error) {
	defer recoverCorrupt(&err)
	err = s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return nil // an empty file, opened read-only
		}
		v, err := currentVersion(tx, legacy)
		if err != nil || v == 0 {
			return err
		}
		if legacy {
			b, err = loadLegacy(tx, v)
		} else {
			b, err = s.loadAs(tx, v)
		}
		return err
	})
	return b, err
}

// loadAs loads version v as the store opens its bases: lean (read from the
// file when answering) or whole.
func (s *Store) loadAs(tx *bolt.Tx, v uint64) (*Base, error) {
	if s.lean {
		return s.loadLean(tx, v)
	}
	return loadVersion(tx, v)
}

// currentVersion reads the number of the current version, 0 if the store
// has none. In this schema it is sealed; a store that has versions but no
// current one is damaged.
func currentVersion(tx *bolt.Tx, legacy bool) (uint64, error) {
	cur := tx.Bucket(bucketMeta).Get(keyCurrent)
	if cur == nil {
		if kbs := tx.Bucket(bucketKB); kbs != nil && kbs.Sequence() > 0 {
			return 0, errors.New("versions, but none current")
		}
		return 0, nil
	}
	if !legacy {
		var err error
		if cur, err = unseal(keyCurrent, cur); err != nil {
			return 0, err
		}
	}
	if len(cur) != 8 || binary.BigEndian.Uint64(cur) == 0 {
		return 0, errors.New("bad current version")
	}
	return binary.BigEndian.Uint64(cur), nil
}

// loadLegacy reads what a rebuild needs of a version of schema 1 (its
// info, alias table and sources, stored as JSON without checksums): a
// Stale base that nothing may answer from.
func loadLegacy(tx *bolt.Tx, v uint64) (*Base, error) {
	kb := tx.Bucket(bucketKB).Bucket(versionKey(v))
	if kb == nil {
		return nil, fmt.Errorf("version %d is missing", v)
	}
	b := &Base{AliasText: string(kb.Get(keyAliases))}
	if err := json.Unmarshal(kb.Get(keyInfo), &b.Info); err != nil {
		return nil, fmt.Errorf("version %d: info: %w", v, err)
	}
	b.Info.Schema, b.Info.Version = 1, v
	if sb := kb.Bucket(bucketSources); sb != nil {
		err := sb.ForEach(func(k, val []byte) error {
			var src Source
			err := json.Unmarshal(val, &src)
			b.srcs = append(b.srcs, src)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("version %d: sources: %w", v, err)
		}
	}
	if Checksum(b.srcs, b.AliasText) != b.Info.Checksum {
		return nil, fmt.Errorf("version %d: sources: %w", v, errChecksum)
	}
	return b, nil
}

// loadStale reads what a rebuild needs of a version of schema 2 or later
// whose info says it was built by another schema or analysis version than
// this program's (its alias table and sources, sealed; b has its info): a
// Stale base that nothing may answer from. Nothing else of it is decoded,
// since its other records may be in another format.
func loadStale(kb *bolt.Bucket, b *Base) error {
	text, err := record(kb, keyAliases)
	if err != nil {
		return fmt.Errorf("aliases: %w", err)
	}
	b.AliasText = string(text)
	if b.srcs, err = loadSources(kb); err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	if Checksum(b.srcs, b.AliasText) != b.Info.Checksum {
		return fmt.Errorf("sources: %w", errChecksum)
	}
	return nil
}

// loadVersion reads one stored version and rebuilds its in-memory form,
// checking every record's checksum on the way.
func loadVersion(tx *bolt.Tx, v uint64) (*Base, error) {
	kb, b, stale, err := beginLoad(tx, v, false)
	if err != nil || stale {
		return b, err
	}
	bad := func(what string, err error) error {
		return fmt.Errorf("version %d: %s: %w", v, what, err)
	}
	if err := loadHeader(kb, b, false, false); err != nil {
		return nil, bad("header", err)
	}
	srcs, err := loadSources(kb)
	if err != nil {
		return nil, bad("sources", err)
	}
	if got := Checksum(srcs, b.AliasText); got != b.Info.Checksum {
		return nil, bad("sources", errChecksum)
	}
	n := 0
	for _, d := range b.Docs {
		for _, p := range d.Paragraphs {
			n += len(p.Sentences)
		}
	}
	if n == 0 || n != b.Info.Sentences {
		return nil, bad("documents", fmt.Errorf("%d sentences, info says %d", n, b.Info.Sentences))
	}
	if b.Index, b.features, err = loadIndex(kb, n); err != nil {
		return nil, bad("index", err)
	}
	b.srcs = srcs
	info := b.Info
	if err := b.finish(); err != nil {
		return nil, bad("index", err)
	}
	b.Info.Version, b.Info.BuiltAt, b.Info.BuildTime, b.Info.Checksum, b.Info.Sources = v, info.BuiltAt, info.BuildTime, info.Checksum, info.Sources
	b.Info.Analysis = info.Analysis
	if b.Info.Words != info.Words {
		return nil, bad("words", fmt.Errorf("%d words, info says %d", b.Info.Words, info.Words))
	}
	if err := checkSentences(kb, b); err != nil {
		return nil, bad("sentences", err)
	}
	if err := errors.Join(b.Tables.checkAll(), b.Tables.check(len(b.Sentences))); err != nil {
		return nil, bad("tables", err)
	}
	return b, nil
}

// loadLean loads version v for reading (Options.Lean): a constant amount
// of work besides the analyzer's dictionary. Its sentences and postings
// are read by the base's Text, from the file, checked as they are read.
func (s *Store) loadLean(tx *bolt.Tx, v uint64) (*Base, error) {
	kb, b, stale, err := beginLoad(tx, v, s.readOnly)
	if err != nil || stale {
		return b, err
	}
	bad := func(what string, err error) error {
		return fmt.Errorf("version %d: %s: %w", v, what, err)
	}
	b.Info.Version = v
	b.path = s.path
	if err := loadHeader(kb, b, true, s.readOnly); err != nil {
		return nil, bad("header", err)
	}
	var names []string
	if err := jsonRecord(kb, keyNames, &names); err != nil || len(names) != b.Info.Documents {
		return nil, bad("names", cmp.Or(err, errors.New("not one a document")))
	}
	for _, n := range names {
		b.Docs = append(b.Docs, Document{Name: n})
	}
	if b.Tables.Sentences() != b.Info.Sentences {
		return nil, bad("tables", fmt.Errorf("%d rows, info says %d sentences", b.Tables.Sentences(), b.Info.Sentences))
	}
	cache := newReadCache()
	b.reader = func() (Text, error) { return s.newReader(v, cache) }
	b.sources = func() ([]Source, error) { return s.sourcesOf(v) }
	return b, nil
}

// sourcesOf reads the raw sources of version v.
func (s *Store) sourcesOf(v uint64) (srcs []Source, err error) {
	defer recoverCorrupt(&err)
	err = s.db.View(func(tx *bolt.Tx) error {
		kb := tx.Bucket(bucketKB).Bucket(versionKey(v))
		if kb == nil {
			return fmt.Errorf("version %d is missing", v)
		}
		srcs, err = loadSources(kb)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the sources of %s: %w", s.path, damaged(s.path, err))
	}
	return srcs, nil
}

// beginLoad finds version v and reads its info (all of a stale version's
// base: then stale is true), its dictionary and its analyzer's
// segmentation table, checked whole and read where it lies in the file's
// memory map if inPlace (a read-only store, whose map stays put), else
// copied.
func beginLoad(tx *bolt.Tx, v uint64, inPlace bool) (kb *bolt.Bucket, b *Base, stale bool, err error) {
	if kb = tx.Bucket(bucketKB).Bucket(versionKey(v)); kb == nil {
		return nil, nil, false, fmt.Errorf("version %d is missing", v)
	}
	bad := func(what string, err error) error {
		return fmt.Errorf("version %d: %s: %w", v, what, err)
	}
	b = &Base{}
	if err := jsonRecord(kb, keyInfo, &b.Info); err != nil {
		return nil, nil, false, bad("info", err)
	}
	if b.Stale() {
		b.Info.Version = v
		if err := loadStale(kb, b); err != nil {
			return nil, nil, false, bad("stale", err)
		}
		return kb, b, true, nil
	}
	dict, err := record(kb, keyDict)
	if err != nil {
		return nil, nil, false, bad("dictionary", err)
	}
	if b.Dict, err = analysis.ParseDictionary(string(dict)); err != nil || len(b.Dict) == 0 {
		return nil, nil, false, bad("dictionary", cmp.Or(err, errors.New("empty")))
	}
	table, err := record(kb, keySegments)
	if err != nil {
		return nil, nil, false, bad("segments", err)
	}
	if !inPlace {
		table = bytes.Clone(table)
	}
	if b.analyzer, err = analysis.Load(table); err != nil {
		return nil, nil, false, bad("segments", err)
	}
	b.analyzer.SetNames(tableNames(&b.Tables)) // read at question time, when the tables are loaded
	return kb, b, false, nil
}

// checkSentences checks the records a Reader reads (the documents' names
// and the sentences bucket) against the loaded base.
func checkSentences(kb *bolt.Bucket, b *Base) error {
	var names []string
	if err := jsonRecord(kb, keyNames, &names); err != nil {
		return err
	}
	if len(names) != len(b.Docs) {
		return fmt.Errorf("%d document names for %d documents", len(names), len(b.Docs))
	}
	sb := kb.Bucket(bucketSentences)
	if sb == nil {
		return errMissing
	}
	n := 0
	err := sb.ForEach(func(k, v []byte) error {
		val, err := unseal(k, v)
		if err != nil {
			return err
		}
		if len(k) != 4 || int(binary.BigEndian.Uint32(k)) != n || n >= len(b.Sentences) {
			return fmt.Errorf("key %x out of order", k)
		}
		s, err := decodeSentence(uint32(n), val, len(b.Sentences), len(names))
		if err != nil {
			return err
		}
		if want := b.Sentences[n]; s.Text != want.Text || s.Paragraph != want.Paragraph || s.Number != want.Number || s.Doc != want.Doc {
			return fmt.Errorf("sentence %d differs from the documents", n)
		}
		n++
		return nil
	})
	if err == nil && n != len(b.Sentences) {
		err = fmt.Errorf("%d sentences, the documents have %d", n, len(b.Sentences))
	}
	return err
}

// record returns the checked value of key in bucket bk.
func record(bk *bolt.Bucket, key []byte) ([]byte, error) { return unseal(key, bk.Get(key)) }

// unchecked returns the value of key in bucket bk without checking its
// record checksum: for a value that carries checksums of its own parts.
func unchecked(bk *bolt.Bucket, key []byte) ([]byte, error) {
	rec := bk.Get(key)
	switch {
	case rec == nil:
		return nil, errMissing
	case len(rec) < crcSize:
		return nil, fmt.Errorf("record %q: %d bytes, shorter than its checksum", key, len(rec))
	}
	return rec[:len(rec)-crcSize], nil
}

// jsonRecord decodes the checked JSON value of key in bucket bk into v.
func jsonRecord(bk *bolt.Bucket, key []byte, v any) error {
	data, err := record(bk, key)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("record %q: %w", key, err)
	}
	return nil
}

// loadHeader reads a version's documents, terms, aliases and lexicon.
func loadHeader(kb *bolt.Bucket, b *Base, lean, inPlace bool) error {
	whole := []struct {
		key []byte
		v   any
	}{{keyDerived, &b.Derived}, {keyDocs, &b.Docs}, {keyTerms, &b.Terms}}
	if lean {
		// The aliases, derived ones included, are in the tables.
		whole = nil
	}
	for _, r := range whole {
		if err := jsonRecord(kb, r.key, r.v); err != nil {
			return err
		}
	}
	// The lexicon's and the tables' parts carry checksums of their own,
	// checked when a question first reads them: a lean base does not
	// read those records whole (megabytes on a large base) at open; a
	// whole load checks every byte, and its look-ups then check none.
	read, newLexicon, newTables := record, lexicon.NewTrustedTable, newTrustedTables
	if lean {
		read, newLexicon, newTables = unchecked, lexicon.NewTable, NewTables
	}
	// A base of a read-only store reads them where they lie in the file's
	// memory map (which stays put until the store closes: nothing
	// writes); another copies them (a writer's map moves when the file
	// grows).
	keep := func(v []byte) string { return string(v) }
	if inPlace {
		keep = func(v []byte) string { return unsafe.String(unsafe.SliceData(v), len(v)) }
	}
	lex, err := read(kb, keyLexicon)
	if err != nil {
		return err
	}
	if b.Lexicon, err = newLexicon(keep(lex)); err != nil {
		return err
	}
	tables, err := read(kb, keyTables)
	if err != nil {
		return err
	}
	if b.Tables, err = newTables(keep(tables)); err != nil {
		return err
	}
	if !lean {
		if err := b.Lexicon.Check(); err != nil {
			return err
		}
	}
	text, err := record(kb, keyAliases)
	if err != nil {
		return err
	}
	b.AliasText = string(text)
	if lean {
		return nil
	}
	aliases, err := ParseAliases(b.AliasText)
	if err != nil {
		return fmt.Errorf("aliases: %w", err)
	}
	for k, vs := range b.Derived {
		for _, v := range vs {
			aliases.add(k, v)
		}
	}
	b.Aliases = aliases.sorted()
	return nil
}

// loadSources reads a version's raw sources.
func loadSources(kb *bolt.Bucket) ([]Source, error) {
	sb := kb.Bucket(bucketSources)
	if sb == nil {
		return nil, errMissing
	}
	var srcs []Source
	err := sb.ForEach(func(k, val []byte) error {
		data, err := unseal(k, val)
		if err != nil {
			return err
		}
		var src Source
		if err := json.Unmarshal(data, &src); err != nil {
			return fmt.Errorf("source %x: %w", k, err)
		}
		srcs = append(srcs, src)
		return nil
	})
	return srcs, err
}

// loadIndex reads a version's sentence lengths, features and postings for
// n sentences, checking every posting against n.
func loadIndex(kb *bolt.Bucket, n int) (*Index, []Features, error) {
	ix := newIndex(n)
	f, err := record(kb, keyFeatures)
	if err != nil {
		return nil, nil, err
	}
	if len(f) != 2*n {
		return nil, nil, fmt.Errorf("features: %d bytes for %d sentences", len(f), n)
	}
	features := make([]Features, n)
	for i := range features {
		features[i] = Features(binary.BigEndian.Uint16(f[2*i:]))
	}
	lengths, err := record(kb, keyLengths)
	if err != nil {
		return nil, nil, err
	}
	for i := 0; i < n; i++ {
		l, k := binary.Uvarint(lengths)
		if k <= 0 {
			return nil, nil, fmt.Errorf("lengths: %w", errPostings)
		}
		ix.Lengths[i], lengths = uint32(l), lengths[k:]
	}
	for _, part := range []struct {
		name []byte
		m    map[string][]Posting
	}{{bucketWords, ix.Words}, {bucketGrams, ix.Grams}} {
		pb := kb.Bucket(part.name)
		if pb == nil {
			return nil, nil, fmt.Errorf("%s: %w", part.name, errMissing)
		}
		err := pb.ForEach(func(k, val []byte) error {
			data, err := unseal(k, val)
			if err != nil {
				return err
			}
			ps, err := decodePostings(data, n)
			if err != nil {
				return fmt.Errorf("key %q: %w", k, err)
			}
			part.m[string(k)] = ps
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", part.name, err)
		}
	}
	return ix, features, nil
}

// Save stores b as a new version, makes it current and swaps it in; the
// versions beyond KeepVersions are dropped (and, in a store of an older
// schema, all older versions: they cannot be read). b must not be in use
// by anyone else yet: Save sets its Info.Version. On error nothing
// changes.
func (s *Store) Save(b *Base) (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer recoverCorrupt(&err)
	var v uint64
	err = s.db.Update(func(tx *bolt.Tx) (err error) {
		v, err = saveVersion(tx, b, s.pinned) // (a Reader of this store may pin an old version)
		return err
	})
	if err != nil {
		return fmt.Errorf("save knowledge base to %s: %w", s.path, err)
	}
	b.Info.Version = v
	if s.lean {
		// Answer from the file, as a store opened lean does: the built
		// base in memory is the caller's to drop.
		err = s.db.View(func(tx *bolt.Tx) (err error) {
			b, err = s.loadLean(tx, v)
			return err
		})
		if err != nil {
			return fmt.Errorf("load knowledge base %d of %s: %w", v, s.path, damaged(s.path, err))
		}
	}
	s.cur.Store(b)
	return nil
}

// saveVersion writes b as the next version in tx and makes it current.
func saveVersion(tx *bolt.Tx, b *Base, keep func(v uint64) bool) (uint64, error) {
	return addVersion(tx, keep, func(kb *bolt.Bucket) error {
		info := b.Info
		info.Version = tx.Bucket(bucketKB).Sequence()
		return writeVersion(kb, b, info)
	})
}

// addVersion makes the next version's bucket in tx, has fill write it,
// makes it current and drops the versions beyond KeepVersions (all older
// ones in a store of an older schema: they cannot be read).
func addVersion(tx *bolt.Tx, keep func(v uint64) bool, fill func(kb *bolt.Bucket) error) (uint64, error) {
	meta, kbs := tx.Bucket(bucketMeta), tx.Bucket(bucketKB)
	if err := dropOlderSchema(meta, kbs); err != nil {
		return 0, err
	}
	v, err := kbs.NextSequence()
	if err != nil {
		return 0, err
	}
	kb, err := kbs.CreateBucket(versionKey(v))
	if err != nil {
		return 0, err
	}
	if err := fill(kb); err != nil {
		return 0, err
	}
	if err := put(meta, keyCurrent, versionKey(v)); err != nil {
		return 0, err
	}
	return v, prune(kbs, v, keep)
}

// dropOlderSchema drops every version of a store of an older schema (they
// cannot be read) and marks it of this schema, before a version is added.
func dropOlderSchema(meta, kbs *bolt.Bucket) error {
	if older, err := olderSchema(meta); err != nil || !older {
		return err
	}
	if err := prune(kbs, math.MaxUint64-KeepVersions, nil); err != nil {
		return err
	}
	return writeMeta(meta)
}

// olderSchema reports a store whose meta names a schema before this one.
func olderSchema(meta *bolt.Bucket) (bool, error) {
	schema, err := readMeta(meta)
	return err == nil && schema != SchemaVersion, err
}

// SaveFrom adds the current version of the store file built (as BuildFile
// writes it) to s as its next version, makes it current and swaps it in,
// as Save does a Base, and returns the new current base. It copies the
// version record by record, in transactions of a bounded size (batch), so
// that a large base is never in memory whole; the copy becomes current in
// its last transaction. On failure the partial copy is removed and the
// base in use stays; until it is finished, Versions does not list it, and
// one cut short by a kill is removed at the next writer's open.
func (s *Store) SaveFrom(built string) (b *Base, err error) {
	if s.readOnly {
		return nil, fmt.Errorf("save knowledge base to %s: the store is open read-only", s.path)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	src, err := openBolt(built, true)
	if err != nil {
		return nil, fmt.Errorf("save knowledge base from %s: %w", built, err)
	}
	defer src.Close()
	v, err := s.copyCurrent(src, built)
	if err != nil {
		return nil, fmt.Errorf("save knowledge base from %s to %s: %w", built, s.path, err)
	}
	err = s.db.View(func(tx *bolt.Tx) (err error) {
		b, err = s.loadAs(tx, v)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load knowledge base %d of %s: %w", v, s.path, damaged(s.path, err))
	}
	b.Info.Version = v
	s.cur.Store(b)
	return b, nil
}

// copyCurrent copies src's current version into s as its next version
// (copyVersion) and returns its number; on failure it removes what it had
// committed of it (dropUnfinished).
func (s *Store) copyCurrent(src *bolt.DB, built string) (v uint64, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverCorrupt(&err)
	older := false
	err = s.db.View(func(tx *bolt.Tx) (err error) {
		older, err = olderSchema(tx.Bucket(bucketMeta))
		return err
	})
	if err == nil && older {
		err = s.db.Update(func(tx *bolt.Tx) error {
			return dropOlderSchema(tx.Bucket(bucketMeta), tx.Bucket(bucketKB))
		})
	}
	if err != nil {
		return 0, err
	}
	w := newBatch(s.db)
	err = src.View(func(stx *bolt.Tx) error {
		kb, err := currentBucket(stx)
		if err != nil {
			return damaged(built, err)
		}
		if v, err = copyVersion(w, kb, built); err == nil {
			err = w.commit()
		}
		return err
	})
	if err != nil {
		w.rollback()
		dropUnfinished(s.db) // what batches of the copy committed
		return 0, err
	}
	return v, nil
}

// put stores val under key in bk, sealed with its checksum.
func put(bk *bolt.Bucket, key, val []byte) error { return bk.Put(key, seal(key, val)) }

// writeVersion writes the records of b (with info) into the empty version
// bucket kb; the layout is in doc.go.
func writeVersion(kb *bolt.Bucket, b *Base, info Info) error {
	var lengths []byte
	for _, l := range b.Index.Lengths {
		lengths = binary.AppendUvarint(lengths, uint64(l))
	}
	features := make([]byte, 0, 2*len(b.Sentences))
	for _, s := range b.Sentences {
		features = binary.BigEndian.AppendUint16(features, uint16(s.Features))
	}
	records := []struct {
		key []byte
		val []byte
	}{{keyAliases, []byte(b.AliasText)}, {keyDict, []byte(analysis.Dictionary(b.Dict))}, {keySegments, b.analyzer.Table()}, {keyLengths, lengths}, {keyFeatures, features}, {keyLexicon, []byte(b.Lexicon.Data())},
		{keyTables, []byte(b.Tables.Data())}}
	for _, r := range []struct {
		key []byte
		v   any
	}{{keyInfo, info}, {keyDocs, b.Docs}, {keyTerms, b.Terms}, {keyDerived, b.Derived}} {
		data, err := json.Marshal(r.v)
		if err != nil {
			return fmt.Errorf("record %s: %w", r.key, err)
		}
		records = append(records, struct{ key, val []byte }{r.key, data})
	}
	for _, r := range records {
		if err := put(kb, r.key, r.val); err != nil {
			return err
		}
	}
	sb, err := kb.CreateBucket(bucketSources)
	if err != nil {
		return err
	}
	for i, src := range b.srcs {
		data, err := json.Marshal(src)
		if err != nil {
			return fmt.Errorf("source %s: %w", src.Path, err)
		}
		if err := put(sb, binary.BigEndian.AppendUint32(nil, uint32(i)), data); err != nil {
			return err
		}
	}
	if err := writeSentences(kb, b); err != nil {
		return err
	}
	for _, part := range []struct {
		name []byte
		m    map[string][]Posting
	}{{bucketWords, b.Index.Words}, {bucketGrams, b.Index.Grams}} {
		pb, err := kb.CreateBucket(part.name)
		if err != nil {
			return err
		}
		pb.FillPercent = 1
		keys := make([]string, 0, len(part.m))
		for k := range part.m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := put(pb, []byte(k), encodePostings(part.m[k])); err != nil {
				return err
			}
		}
	}
	return nil
}

// pin adds delta to the Readers that pin version v: those that answer
// from their cache and have not begun a read transaction, which would
// keep the version's pages (Reader.begin). Save keeps a pinned version,
// and a later save drops it.
func (s *Store) pin(v uint64, delta int) {
	s.pinMu.Lock()
	defer s.pinMu.Unlock()
	if s.pins == nil {
		s.pins = map[uint64]int{}
	}
	if s.pins[v] += delta; s.pins[v] <= 0 {
		delete(s.pins, v)
	}
}

// pinned reports whether a Reader pins version v.
func (s *Store) pinned(v uint64) bool {
	s.pinMu.Lock()
	defer s.pinMu.Unlock()
	return s.pins[v] > 0
}

// prune drops the versions older than the KeepVersions newest, but those
// keep reports (nil: none).
func prune(kbs *bolt.Bucket, newest uint64, keep func(v uint64) bool) error {
	var old [][]byte
	kbs.ForEachBucket(func(k []byte) error {
		if len(k) != 8 {
			return nil
		}
		if v := binary.BigEndian.Uint64(k); v+KeepVersions <= newest && (keep == nil || !keep(v)) {
			old = append(old, append([]byte(nil), k...))
		}
		return nil
	})
	for _, k := range old {
		if err := kbs.DeleteBucket(k); err != nil {
			return err
		}
	}
	return nil
}

// Versions lists the stored versions, newest first.
func (s *Store) Versions() (out []Info, err error) {
	defer recoverCorrupt(&err)
	err = s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketKB).ForEachBucket(func(k []byte) error {
			var info Info
			kb := tx.Bucket(bucketKB).Bucket(k)
			if unfinished(kb) {
				return nil // being copied (SaveFrom), or a copy cut short
			}
			data := kb.Get(keyInfo)
			if legacy := json.Valid(data); !legacy {
				var err error
				if data, err = unseal(keyInfo, data); err != nil {
					return damaged(s.path, fmt.Errorf("version %x: %w", k, err))
				}
			}
			if err := json.Unmarshal(data, &info); err != nil {
				return damaged(s.path, fmt.Errorf("version %x: %w", k, err))
			}
			info.Version = binary.BigEndian.Uint64(k)
			out = append(out, info)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Version > out[j].Version })
	return out, err
}

// ErrNoPrevious is returned by Rollback when no older version is stored.
var ErrNoPrevious = errors.New("no previous knowledge base version is stored")

// Rollback makes the newest version older than the current one current
// again, and swaps it in. The version rolled back from stays stored.
func (s *Store) Rollback() (b *Base, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer recoverCorrupt(&err)
	cur := s.Current()
	if cur == nil {
		return nil, ErrNoPrevious
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		var best uint64
		tx.Bucket(bucketKB).ForEachBucket(func(k []byte) error {
			if v := binary.BigEndian.Uint64(k); v < cur.Info.Version && v > best {
				best = v
			}
			return nil
		})
		if best == 0 {
			return ErrNoPrevious
		}
		if b, err = s.loadAs(tx, best); err != nil {
			return err
		}
		if b.Stale() {
			return fmt.Errorf("version %d was indexed by an older visitbot and would answer wrongly; reload instead", best)
		}
		b.Info.Version = best
		return put(tx.Bucket(bucketMeta), keyCurrent, versionKey(best))
	})
	if err != nil {
		return nil, fmt.Errorf("rollback in %s: %w", s.path, err)
	}
	s.cur.Store(b)
	return b, nil
}

// GetState returns the bot's stored value for key, or nil.
// A stored empty value reads as nil too.
func (s *Store) GetState(key string) (out []byte, err error) {
	defer recoverCorrupt(&err)
	err = s.db.View(func(tx *bolt.Tx) error {
		if rec := tx.Bucket(bucketState).Get([]byte(key)); rec != nil {
			v, err := s.stateValue([]byte(key), rec)
			if err != nil {
				return err
			}
			if len(v) > 0 {
				out = append([]byte(nil), v...)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read state %q from %s: %w", key, s.path, err)
	}
	return out, nil
}

// PutState stores the bot's value for key, durably.
func (s *Store) PutState(key string, val []byte) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		return put(tx.Bucket(bucketState), []byte(key), val)
	})
	if err != nil {
		return fmt.Errorf("write state %q to %s: %w", key, s.path, err)
	}
	return nil
}

// WriteState applies puts and then deletes to the bot's state in one
// durable transaction: all of them or, on error, none.
func (s *Store) WriteState(put map[string][]byte, del []string) error {
	if len(put) == 0 && len(del) == 0 {
		return nil
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketState)
		for k, v := range put {
			if err := b.Put([]byte(k), seal([]byte(k), v)); err != nil {
				return fmt.Errorf("key %q: %w", k, err)
			}
		}
		for _, k := range del {
			if err := b.Delete([]byte(k)); err != nil {
				return fmt.Errorf("key %q: %w", k, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write state to %s: %w", s.path, err)
	}
	return nil
}

// ScanState calls fn with every state key that starts with prefix and its
// value, in key order. The value is valid only during the call.
func (s *Store) ScanState(prefix string, fn func(key string, val []byte) error) error {
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketState).Cursor()
		p := []byte(prefix)
		for k, rec := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, rec = c.Next() {
			v, err := s.stateValue(k, rec)
			if err != nil {
				return err
			}
			if err := fn(string(k), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read state %q* from %s: %w", prefix, s.path, err)
	}
	return nil
}
