package knowledge

import (
	"hash/maphash"
	"sync"
	"sync/atomic"
)

// readCache holds the postings and sentences Readers of one version have
// decoded, for the Readers after them: bounded, it starts afresh when
// full. It is safe for concurrent use, and a look-up takes no lock (every
// question of a warm cache makes some ninety): the writers, which
// decoded what they put, are serialised by mu, and publish each entry
// with one atomic store of a pointer to it, which a reader loads.
type readCache struct {
	mu sync.Mutex // serialises the writers
	// keys holds the postings and counts of both key spaces (words,
	// grams); a full one is replaced by an empty one.
	keys atomic.Pointer[keyTable]
	// sentences are the sentences read, sentence id at slot id mod
	// cacheSentences (a sentence read evicts the one before it there).
	sentences []atomic.Pointer[SentenceRecord]
	// version is the version's info and document names, once a Reader
	// has read them: the Readers after it read nothing to open.
	version atomic.Pointer[cachedVersion]
	seed    maphash.Seed
}

// cachedVersion is what a Reader reads of its version to open.
type cachedVersion struct {
	info  Info
	names []string
}

// The bounds of a readCache: keys of each space, postings in all (8
// bytes each), and sentences.
const (
	cacheKeys      = 8192
	cachePostings  = 1 << 20
	cacheSentences = 8192
)

// The key spaces: the words and the grams buckets.
const (
	wordSpace = iota
	gramSpace
	spaces
)

// keyTable is a hash table of the keys a readCache holds, open addressing
// probed linearly over twice as many slots as it may hold keys: a
// look-up meets an empty slot soon. A slot, once set, only ever points
// to an entry of the same key (a count replaced by its postings).
type keyTable struct {
	slots []atomic.Pointer[keyEntry]
	// Guarded by readCache.mu: the keys set, and the postings held.
	keys, held int
}

// keySlots is the slots of a keyTable: a power of two, at least twice
// the keys it holds.
const keySlots = 4 * cacheKeys

// keyEntry is what a readCache knows of a key: its postings (held) or
// only their number.
type keyEntry struct {
	space int
	key   string
	n     int
	ps    []Posting
	held  bool
}

func newReadCache() *readCache {
	c := &readCache{sentences: make([]atomic.Pointer[SentenceRecord], cacheSentences), seed: maphash.MakeSeed()}
	c.keys.Store(newKeyTable())
	return c
}

func newKeyTable() *keyTable {
	return &keyTable{slots: make([]atomic.Pointer[keyEntry], keySlots)}
}

// slot returns the slot of t that holds key of space, or the empty slot
// where it would go (nil if there is none: never, at the bounds kept).
func (c *readCache) slot(t *keyTable, space int, key string) *atomic.Pointer[keyEntry] {
	mask := uint64(len(t.slots) - 1)
	j := maphash.String(c.seed, key) & mask
	for range t.slots {
		p := &t.slots[j]
		if e := p.Load(); e == nil || e.space == space && e.key == key {
			return p
		}
		j = (j + 1) & mask
	}
	return nil
}

// lookup returns what the cache knows of key: its postings (held) or only
// their number (counted).
func (c *readCache) lookup(space int, key string) (n int, ps []Posting, held, counted bool) {
	p := c.slot(c.keys.Load(), space, key)
	if p == nil {
		return 0, nil, false, false
	}
	// The slot is loaded again: a writer may have filled it, empty when
	// slot looked, with another key since, so the key is checked again.
	e := p.Load()
	if e == nil || e.space != space || e.key != key {
		return 0, nil, false, false
	}
	return e.n, e.ps, e.held, !e.held
}

// putPostings keeps the postings of key.
func (c *readCache) putPostings(space int, key string, ps []Posting) {
	if len(ps) > cachePostings {
		return
	}
	c.put(&keyEntry{space: space, key: key, n: len(ps), ps: ps, held: true})
}

// putCount keeps the number of key's postings.
func (c *readCache) putCount(space int, key string, n int) {
	c.put(&keyEntry{space: space, key: key, n: n})
}

// put keeps e, in an empty table if the cache's is full.
func (c *readCache) put(e *keyEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.keys.Load()
	if t.keys >= 2*cacheKeys || t.held+len(e.ps) > cachePostings {
		t = newKeyTable()
		c.keys.Store(t)
	}
	p := c.slot(t, e.space, e.key)
	if old := p.Load(); old != nil {
		t.held -= len(old.ps)
	} else {
		t.keys++
	}
	t.held += len(e.ps)
	p.Store(e)
}

func (c *readCache) getSentence(id uint32) (SentenceRecord, bool) {
	if s := c.sentences[id%cacheSentences].Load(); s != nil && s.ID == id {
		return *s, true
	}
	return SentenceRecord{}, false
}

func (c *readCache) putSentence(s SentenceRecord) {
	c.sentences[s.ID%cacheSentences].Store(&s)
}
