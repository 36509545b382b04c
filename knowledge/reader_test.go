package knowledge

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// readerStore saves the default base into a new store and returns it open.
func readerStore(t testing.TB) (*Store, *Base) { return readerStoreWith(t, Open) }

// readerStoreWith is readerStore of a store that open opens.
func readerStoreWith(t testing.TB, open func(path string) (*Store, error)) (*Store, *Base) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kb.db")
	s, err := open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	b := clone(defaultBase(t))
	if err := s.Save(b); err != nil {
		t.Fatal(err)
	}
	return s, b
}

// TestReaderMatchesBase: what a Reader reads from bbolt is what the loaded
// base holds, key by key and sentence by sentence.
func TestReaderMatchesBase(t *testing.T) {
	s, b := readerStore(t)
	r, err := s.NewReader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	total := 0
	for _, l := range b.Index.Lengths {
		total += int(l)
	}
	if r.Info().Sentences != len(b.Sentences) || r.Info().Version != b.Info.Version || r.Info().ContentWords != total || total == 0 {
		t.Errorf("Info = %+v", r.Info())
	}
	for _, part := range []struct {
		name string
		m    map[string][]Posting
		get  func(string) ([]Posting, error)
	}{{"word", b.Index.Words, r.Word}, {"gram", b.Index.Grams, r.Gram}} {
		for k, want := range part.m {
			for range 2 { // read, then from the cache
				got, err := part.get(k)
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("%s %q = %v, %v; want %v", part.name, k, got, err, want)
				}
			}
		}
		if got, err := part.get("不在文中的词"); got != nil || err != nil {
			t.Errorf("%s of a key the base lacks = %v, %v", part.name, got, err)
		}
	}
	for id, want := range b.Sentences {
		got, err := r.Sentence(uint32(id))
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != want.Text || got.Doc != want.Doc || got.Paragraph != want.Paragraph || got.Number != want.Number ||
			got.Kind != want.Kind || got.Section != want.Section || got.ParaFirst != want.ParaFirst || got.ParaEnd != want.ParaEnd ||
			got.Features != want.Features || got.Length != b.Index.Lengths[id] {
			t.Errorf("sentence %d = %+v, want %+v", id, got, want)
		}
		if r.DocName(got.Doc) != b.DocName(id) {
			t.Errorf("sentence %d: document %q, want %q", id, r.DocName(got.Doc), b.DocName(id))
		}
	}
	if _, err := r.Sentence(uint32(len(b.Sentences))); err == nil {
		t.Error("Sentence past the end succeeded")
	}
}

// TestReaderDamage: a flipped bit in a record a Reader reads is the
// damaged-base error, not a quote.
func TestReaderDamage(t *testing.T) {
	s, _ := readerStore(t)
	path := s.Path()
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		kb := tx.Bucket(bucketKB).Bucket(versionKey(1))
		for _, bk := range []*bolt.Bucket{kb.Bucket(bucketSentences), kb.Bucket(bucketWords)} {
			k, v := bk.Cursor().First()
			v = append([]byte(nil), v...)
			v[len(v)/2] ^= 0x10
			if err := bk.Put(append([]byte(nil), k...), v); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s2, err := OpenReadOnly(path)
	if err == nil {
		defer s2.Close()
		t.Fatal("the full load missed a flipped posting")
	}
	// The Reader reads the bbolt file without loading the base.
	raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	r, err := (&Store{db: raw, path: path, readOnly: true}).NewReader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Sentence(0); !errors.Is(err, ErrDamaged) {
		t.Errorf("Sentence(0) of a flipped record = %v, want ErrDamaged", err)
	}
	var first string
	raw.View(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketKB).Bucket(versionKey(1)).Bucket(bucketWords).Cursor().First()
		first = string(k)
		return nil
	})
	if _, err := r.Word(first); !errors.Is(err, ErrDamaged) {
		t.Errorf("Word(%q) of a flipped record = %v, want ErrDamaged", first, err)
	}
	if _, err := r.Sentence(1); err != nil {
		t.Errorf("Sentence(1), undamaged: %v", err)
	}
}

// TestReaderWarmBeginsLate: a Reader opened on a warm cache begins its
// read transaction only when a read misses the cache, and reads what a
// cold one reads; it holds off the store's Close until it is closed, and
// a Reader of a closed store, or a second Close, is an error.
func TestReaderWarmBeginsLate(t *testing.T) {
	s, base := readerStore(t)
	cache, v := newReadCache(), base.Info.Version
	first, err := s.newReader(v, cache)
	if err != nil {
		t.Fatal(err)
	}
	word := base.Index.Keys()[0]
	want, err := first.Word(word)
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	r, err := s.newReader(v, cache)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := r.Word(word); err != nil || r.tx != nil || !slices.Equal(got, want) {
		t.Errorf("warm Word(%q) = %v, %v, transaction begun %v; want %v from the cache", word, got, err, r.tx != nil, want)
	}
	if _, err := r.Sentence(uint32(len(base.Sentences) - 1)); err != nil || r.tx == nil {
		t.Errorf("Sentence missing the cache: %v, transaction begun %v", err, r.tx != nil)
	}
	closed := make(chan error)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a Reader was open", err)
	case <-time.After(50 * time.Millisecond):
	}
	if err := r.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := <-closed; err != nil {
		t.Errorf("store Close: %v", err)
	}
	if err := r.Close(); err == nil {
		t.Error("a second Close of a Reader is no error")
	}
	if _, err := s.newReader(v, cache); err == nil {
		t.Error("a Reader of a closed store is no error")
	}
}

// BenchmarkNewReader is what opening a Reader costs: constant, whatever
// the size of the base.
func BenchmarkNewReader(b *testing.B) {
	s, _ := readerStore(b)
	b.ReportAllocs()
	for b.Loop() {
		r, err := s.NewReader()
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

// BenchmarkReaderWord reads the postings of every word of the default base
// with a fresh Reader each round (no cache).
func BenchmarkReaderWord(b *testing.B) {
	s, base := readerStore(b)
	keys := base.Index.Keys()
	b.ReportAllocs()
	for b.Loop() {
		r, err := s.NewReader()
		if err != nil {
			b.Fatal(err)
		}
		for _, k := range keys {
			if _, err := r.Word(k); err != nil {
				b.Fatal(err)
			}
		}
		r.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(keys)), "ns/word")
}

// BenchmarkReaderWarm is a question of a warm cache: a Reader opened on
// the cache of the Readers before it, which counts the words of the
// default base, reads their postings and a dozen sentences, all from the
// cache.
func BenchmarkReaderWarm(b *testing.B) {
	s, base := readerStore(b)
	keys := base.Index.Keys()
	cache, v := newReadCache(), base.Info.Version
	ask := func() {
		r, err := s.newReader(v, cache)
		if err != nil {
			b.Fatal(err)
		}
		for _, k := range keys {
			if _, err := r.WordCount(k); err != nil {
				b.Fatal(err)
			}
			if _, err := r.Word(k); err != nil {
				b.Fatal(err)
			}
		}
		for id := range uint32(min(12, len(base.Sentences))) {
			if _, err := r.Sentence(id); err != nil {
				b.Fatal(err)
			}
		}
		r.Close()
	}
	ask()
	b.ReportAllocs()
	for b.Loop() {
		ask()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(keys)), "ns/word")
}

// BenchmarkReaderSentence reads every sentence of the default base.
func BenchmarkReaderSentence(b *testing.B) {
	s, base := readerStore(b)
	r, err := s.NewReader()
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	b.ReportAllocs()
	for b.Loop() {
		for id := range base.Sentences {
			if _, err := r.Sentence(uint32(id)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(base.Sentences)), "ns/sentence")
}

// TestReaderBitFlips flips 1 to 4 random bits of a saved default base, 300
// times, and reads everything through a Reader of a store opened without
// loading: every read either fails with the damaged-base error or gives
// sentences whose text is in the source and postings within the base.
func TestReaderBitFlips(t *testing.T) {
	s, b := readerStore(t)
	good := readBytes(t, s.Path())
	s.Close()
	source := string(DefaultSource().Text)
	path := filepath.Join(t.TempDir(), "flipped.db")
	rnd := rand.New(rand.NewPCG(11, uint64(time.Now().UnixNano())))
	words, grams := b.Index.Keys(), make([]string, 0, len(b.Index.Grams))
	for g := range b.Index.Grams {
		grams = append(grams, g)
	}
	damagedTrials := 0
	deadline := time.Now().Add(30 * time.Second)
	for trial := 0; trial < 300 && time.Now().Before(deadline); trial++ {
		data := slices.Clone(good)
		var flips []int
		for range 1 + rnd.IntN(4) {
			bit := rnd.IntN(8 * len(data))
			data[bit/8] ^= 1 << (bit % 8)
			flips = append(flips, bit)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		check := func(err error) bool {
			if err == nil {
				return true
			}
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
				t.Errorf("trial %d, bits %v: %v, want the damaged-base error naming the file", trial, flips, err)
			}
			damagedTrials++
			return false
		}
		st, err := OpenWith(path, Options{ReadOnly: true, NoLoad: true})
		if !check(err) {
			continue
		}
		readAll(t, st, words, grams, source, check)
		st.Close()
	}
	if damagedTrials == 0 {
		t.Error("no trial noticed damage")
	}
	t.Logf("%d of the trials found damage", damagedTrials)
}

// readAll reads every key and sentence through a Reader of st; check
// reports each error (false: stop reading).
func readAll(t *testing.T, st *Store, words, grams []string, source string, check func(error) bool) {
	r, err := st.NewReader()
	if !check(err) {
		return
	}
	defer r.Close()
	n := uint32(r.Info().Sentences)
	for _, part := range []struct {
		keys []string
		get  func(string) ([]Posting, error)
	}{{words, r.Word}, {grams, r.Gram}} {
		for _, k := range part.keys {
			ps, err := part.get(k)
			if !check(err) {
				return
			}
			for _, p := range ps {
				if p.ID >= n {
					t.Errorf("posting %d of %q past the %d sentences", p.ID, k, n)
				}
			}
		}
	}
	for id := range n {
		s, err := r.Sentence(id)
		if !check(err) {
			return
		}
		if !strings.Contains(source, s.Text) {
			t.Errorf("sentence %d reads %q, which is not in the source", id, s.Text)
		}
	}
}

// TestReaderWarmSurvivesSaves: a Reader that answers from a warm cache
// has begun no transaction, so its version is pinned instead: saves
// meanwhile (reloads of a serving bot) keep it, and its first miss reads
// it rather than failing as damage; once it is closed a save drops it.
func TestReaderWarmSurvivesSaves(t *testing.T) {
	s, _ := readerStoreWith(t, func(path string) (*Store, error) { return OpenWith(path, Options{Lean: true}) })
	b := s.Current()
	warm, err := b.Text() // reads the version's info into the cache
	if err != nil {
		t.Fatal(err)
	}
	warm.Close()
	q, err := b.Text() // a question begins: no transaction yet
	if err != nil {
		t.Fatal(err)
	}
	for range KeepVersions { // reloads meanwhile
		if err := s.Save(clone(defaultBase(t))); err != nil {
			t.Fatal(err)
		}
	}
	_, err = q.Sentence(0)
	q.Close() // (before any Fatal: an open Reader holds the store's Close)
	if err != nil {
		t.Fatalf("a question begun before the reloads: %v", err)
	}
	if err := s.Save(clone(defaultBase(t))); err != nil {
		t.Fatal(err)
	}
	if err := s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketKB).Bucket(versionKey(b.Info.Version)) != nil {
			t.Errorf("version %d kept after its Reader closed and a save", b.Info.Version)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestReaderDamagedInfoReleasesStore: a Reader whose version's info is
// damaged is not made: NewReader returns the damage, and what it began is
// undone, so the store still closes.
func TestReaderDamagedInfoReleasesStore(t *testing.T) {
	s, b := readerStore(t)
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketKB).Bucket(versionKey(b.Info.Version)).Put(keyInfo, []byte("not a record"))
	}); err != nil {
		t.Fatal(err)
	}
	r, err := s.NewReader()
	var damage *DamagedError
	if r != nil || !errors.As(err, &damage) {
		t.Fatalf("NewReader = %v, %v; want no Reader and the damage", r, err)
	}
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the store's Close waits for a Reader NewReader did not return")
	}
}
