package knowledge

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/visitbot/visitbot/knowledge/analysis"
	bolt "go.etcd.io/bbolt"
)

// Bucket and key names; the layout is written down in doc.go.
var (
	bucketMeta     = []byte("meta")
	bucketKB       = []byte("kb")
	bucketState    = []byte("state")
	keySchema      = []byte("schema")
	keyCurrent     = []byte("current")
	keyMagic       = []byte("magic")
	magic          = []byte("visitbot knowledge base")
	keyInfo        = []byte("info")
	keyDocs        = []byte("docs")
	keyTerms       = []byte("terms")
	keyAliases     = []byte("aliases")
	keyDict        = []byte("dict")
	keyLengths     = []byte("lengths")
	keyDerived     = []byte("derived")
	keyLexicon     = []byte("lexicon")
	keyFeatures    = []byte("features")
	bucketSources  = []byte("sources")
	bucketWords    = []byte("words")
	bucketGrams    = []byte("grams")
	errNotVisitbot = errors.New("not a visitbot knowledge base")
)

// KeepVersions is how many knowledge-base versions a store keeps: the
// current one and those a rollback can return to.
const KeepVersions = 3

// Store is the bbolt file that holds the knowledge base's versions and the
// bot's state. The current base is kept in memory and swapped atomically:
// a reader that called Current holds a whole base, never half of one.
type Store struct {
	db   *bolt.DB
	path string
	cur  atomic.Pointer[Base]
	mu   sync.Mutex // serialises Save and Rollback
}

// ErrLocked is returned when another process holds the database open.
var ErrLocked = errors.New("the database is in use by another process (is the bot running?)")

// Open opens (creating if missing) the store at path and loads its current
// knowledge base, if it has one. A file that is not a bbolt database, a
// bbolt database of another program, a schema of another version or a
// damaged knowledge base is an error that names the file; the file is left
// as it was.
func Open(path string) (*Store, error) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return nil, fmt.Errorf("open %s: is a folder, not a database file", path)
	}
	// bbolt panics, or faults on its memory map, on some damaged files
	// (a truncated one, a flipped page): make both errors.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	db, err := openBolt(path)
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.init(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	b, err := s.loadCurrent()
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s.cur.Store(b)
	return s, nil
}

// openBolt is bolt.Open, with a panic of bbolt's on a damaged file turned
// into an error and the file (and its lock) closed.
func openBolt(path string) (db *bolt.DB, err error) {
	var f *os.File
	defer func() {
		if r := recover(); r != nil {
			if f != nil {
				f.Close()
			}
			db, err = nil, fmt.Errorf("damaged database: %v", r)
		}
	}()
	return bolt.Open(path, 0o600, &bolt.Options{
		Timeout: time.Second,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			file, err := os.OpenFile(name, flag, perm)
			f = file
			return file, err
		},
	})
}

// Path is the store's file.
func (s *Store) Path() string { return s.path }

// Close closes the database file.
func (s *Store) Close() error { return s.db.Close() }

// init checks that the file is empty or a store of this schema, and gives an
// empty file the store's buckets. It writes nothing to a file that already
// has them: a damaged store must be left as it was.
func (s *Store) init() (err error) {
	defer recoverCorrupt(&err)
	ready := false
	err = s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return tx.ForEach(func([]byte, *bolt.Bucket) error { return errNotVisitbot })
		}
		if !bytes.Equal(meta.Get(keyMagic), magic) {
			return errNotVisitbot
		}
		ready = tx.Bucket(bucketKB) != nil && tx.Bucket(bucketState) != nil &&
			string(meta.Get(keySchema)) == fmt.Sprint(SchemaVersion)
		return nil
	})
	if err != nil || ready {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			empty := true
			tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
			if !empty {
				return errNotVisitbot
			}
			if meta, err = tx.CreateBucket(bucketMeta); err != nil {
				return err
			}
			if err := meta.Put(keyMagic, magic); err != nil {
				return err
			}
			if err := meta.Put(keySchema, []byte(fmt.Sprint(SchemaVersion))); err != nil {
				return err
			}
		}
		if !bytes.Equal(meta.Get(keyMagic), magic) {
			return errNotVisitbot
		}
		if got := string(meta.Get(keySchema)); got != fmt.Sprint(SchemaVersion) {
			return fmt.Errorf("knowledge base schema %q, this program reads %d: move the file aside and build a new one with 'visitbot index'", got, SchemaVersion)
		}
		if _, err := tx.CreateBucketIfNotExists(bucketKB); err != nil {
			return err
		}
		_, err := tx.CreateBucketIfNotExists(bucketState)
		return err
	})
}

// recoverCorrupt turns a panic of bbolt's on a damaged file into an error.
func recoverCorrupt(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("damaged database: %v", r)
	}
}

// Current returns the knowledge base in use, or nil if the store has none.
func (s *Store) Current() *Base { return s.cur.Load() }

func versionKey(v uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, v)
}

func (s *Store) loadCurrent() (b *Base, err error) {
	defer recoverCorrupt(&err)
	err = s.db.View(func(tx *bolt.Tx) error {
		cur := tx.Bucket(bucketMeta).Get(keyCurrent)
		if cur == nil {
			return nil
		}
		if len(cur) != 8 {
			return fmt.Errorf("damaged knowledge base: bad current version")
		}
		b, err = loadVersion(tx, binary.BigEndian.Uint64(cur))
		return err
	})
	return b, err
}

// loadVersion reads one stored version and rebuilds its in-memory form,
// checking it on the way.
func loadVersion(tx *bolt.Tx, v uint64) (*Base, error) {
	kb := tx.Bucket(bucketKB).Bucket(versionKey(v))
	if kb == nil {
		return nil, fmt.Errorf("damaged knowledge base: version %d is missing", v)
	}
	bad := func(what string, err error) error {
		return fmt.Errorf("damaged knowledge base version %d: %s: %w", v, what, err)
	}
	b := &Base{}
	if err := json.Unmarshal(kb.Get(keyInfo), &b.Info); err != nil {
		return nil, bad("info", err)
	}
	if err := json.Unmarshal(kb.Get(keyDocs), &b.Docs); err != nil {
		return nil, bad("documents", err)
	}
	if err := json.Unmarshal(kb.Get(keyTerms), &b.Terms); err != nil {
		return nil, bad("terms", err)
	}
	b.AliasText = string(kb.Get(keyAliases))
	aliases, err := ParseAliases(b.AliasText)
	if err != nil {
		return nil, bad("aliases", err)
	}
	// The short names Build derived.
	if d := kb.Get(keyDerived); d != nil {
		if err := json.Unmarshal(d, &b.Derived); err != nil {
			return nil, bad("derived aliases", err)
		}
		for k, vs := range b.Derived {
			for _, v := range vs {
				aliases.add(k, v)
			}
		}
	} else {
		_, text := normalParagraphs(b.Docs)
		b.Derived = deriveAliases(aliases, b.Terms, placeSet(b.Terms), text)
	}
	b.Aliases = aliases.sorted()
	if l := kb.Get(keyLexicon); l != nil {
		if err := json.Unmarshal(l, &b.Lexicon); err != nil {
			return nil, bad("lexicon", err)
		}
	}
	if b.Dict, err = analysis.ParseDictionary(string(kb.Get(keyDict))); err != nil {
		return nil, bad("dictionary", err)
	}
	if len(b.Dict) == 0 {
		return nil, bad("dictionary", errors.New("empty"))
	}
	// Sources: check them against the checksum the base was built with.
	var srcs []Source
	if sb := kb.Bucket(bucketSources); sb != nil {
		err := sb.ForEach(func(k, val []byte) error {
			var src Source
			if err := json.Unmarshal(val, &src); err != nil {
				return err
			}
			srcs = append(srcs, src)
			return nil
		})
		if err != nil {
			return nil, bad("sources", err)
		}
	}
	if got := Checksum(srcs, b.AliasText); got != b.Info.Checksum {
		return nil, bad("sources", errors.New("checksum mismatch"))
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
	ix := newIndex(n)
	if f := kb.Get(keyFeatures); f != nil {
		if len(f) != 2*n {
			return nil, bad("features", fmt.Errorf("%d bytes for %d sentences", len(f), n))
		}
		b.features = make([]Features, n)
		for i := range b.features {
			b.features[i] = Features(binary.BigEndian.Uint16(f[2*i:]))
		}
	}
	lengths := kb.Get(keyLengths)
	for i := 0; i < n; i++ {
		l, k := binary.Uvarint(lengths)
		if k <= 0 {
			return nil, bad("lengths", errPostings)
		}
		ix.Lengths[i], lengths = uint32(l), lengths[k:]
	}
	for _, part := range []struct {
		name []byte
		m    map[string][]Posting
	}{{bucketWords, ix.Words}, {bucketGrams, ix.Grams}} {
		pb := kb.Bucket(part.name)
		if pb == nil {
			return nil, bad(string(part.name), errors.New("missing"))
		}
		err := pb.ForEach(func(k, val []byte) error {
			ps, err := decodePostings(val, n)
			if err != nil {
				return fmt.Errorf("key %q: %w", k, err)
			}
			part.m[string(k)] = ps
			return nil
		})
		if err != nil {
			return nil, bad(string(part.name), err)
		}
	}
	b.Index = ix
	b.srcs = srcs
	info := b.Info
	if err := b.finish(); err != nil {
		return nil, bad("index", err)
	}
	b.Info.Version, b.Info.BuiltAt, b.Info.BuildTime, b.Info.Checksum, b.Info.Sources = info.Version, info.BuiltAt, info.BuildTime, info.Checksum, info.Sources
	b.Info.Analysis = info.Analysis
	if b.Info.Words != info.Words {
		return nil, bad("words", fmt.Errorf("%d words, info says %d", b.Info.Words, info.Words))
	}
	return b, nil
}

// Save stores b as a new version, makes it current and swaps it in; the
// versions beyond KeepVersions are dropped. b must not be in use by anyone
// else yet: Save sets its Info.Version. On error nothing changes.
func (s *Store) Save(b *Base) (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer recoverCorrupt(&err)
	var v uint64
	err = s.db.Update(func(tx *bolt.Tx) error {
		kbs := tx.Bucket(bucketKB)
		if v, err = kbs.NextSequence(); err != nil {
			return err
		}
		info := b.Info
		info.Version = v
		kb, err := kbs.CreateBucket(versionKey(v))
		if err != nil {
			return err
		}
		put := func(key []byte, val any) error {
			data, err := json.Marshal(val)
			if err != nil {
				return err
			}
			return kb.Put(key, data)
		}
		if err := put(keyInfo, info); err != nil {
			return err
		}
		if err := put(keyDocs, b.Docs); err != nil {
			return err
		}
		if err := put(keyTerms, b.Terms); err != nil {
			return err
		}
		if err := kb.Put(keyAliases, []byte(b.AliasText)); err != nil {
			return err
		}
		if err := kb.Put(keyDict, []byte(analysis.Dictionary(b.Dict))); err != nil {
			return err
		}
		var lengths []byte
		for _, l := range b.Index.Lengths {
			lengths = binary.AppendUvarint(lengths, uint64(l))
		}
		if err := kb.Put(keyLengths, lengths); err != nil {
			return err
		}
		if err := put(keyLexicon, b.Lexicon); err != nil {
			return err
		}
		if err := put(keyDerived, b.Derived); err != nil {
			return err
		}
		features := make([]byte, 0, 2*len(b.Sentences))
		for _, s := range b.Sentences {
			features = binary.BigEndian.AppendUint16(features, uint16(s.Features))
		}
		if err := kb.Put(keyFeatures, features); err != nil {
			return err
		}
		sb, err := kb.CreateBucket(bucketSources)
		if err != nil {
			return err
		}
		for i, src := range b.srcs {
			data, _ := json.Marshal(src)
			if err := sb.Put(binary.BigEndian.AppendUint32(nil, uint32(i)), data); err != nil {
				return err
			}
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
				if err := pb.Put([]byte(k), encodePostings(part.m[k])); err != nil {
					return err
				}
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(keyCurrent, versionKey(v)); err != nil {
			return err
		}
		return prune(kbs, v)
	})
	if err != nil {
		return fmt.Errorf("save knowledge base to %s: %w", s.path, err)
	}
	b.Info.Version = v
	s.cur.Store(b)
	return nil
}

// prune drops the versions older than the KeepVersions newest.
func prune(kbs *bolt.Bucket, newest uint64) error {
	var old [][]byte
	kbs.ForEachBucket(func(k []byte) error {
		if len(k) == 8 && binary.BigEndian.Uint64(k)+KeepVersions <= newest {
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
			if err := json.Unmarshal(tx.Bucket(bucketKB).Bucket(k).Get(keyInfo), &info); err != nil {
				return fmt.Errorf("version %x: %w", k, err)
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
		if b, err = loadVersion(tx, best); err != nil {
			return err
		}
		if b.Stale() {
			return fmt.Errorf("version %d was indexed by an older visitbot and would answer wrongly; reload instead", best)
		}
		b.Info.Version = best
		return tx.Bucket(bucketMeta).Put(keyCurrent, versionKey(best))
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
		if v := tx.Bucket(bucketState).Get([]byte(key)); v != nil {
			out = append([]byte(nil), v...)
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
		return tx.Bucket(bucketState).Put([]byte(key), val)
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
			if err := b.Put([]byte(k), v); err != nil {
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
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
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
