package knowledge

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/visitbot/visitbot/knowledge/analysis"
	bolt "go.etcd.io/bbolt"
)

func openStore(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestStoreOpenCreates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	s := openStore(t, path)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("Open did not create the file: %v", err)
	}
	if s.Path() != path {
		t.Errorf("Path() = %q", s.Path())
	}
	if s.Current() != nil {
		t.Error("a new store has a knowledge base")
	}
	if vs, err := s.Versions(); err != nil || len(vs) != 0 {
		t.Errorf("Versions() = %v, %v", vs, err)
	}
	if _, err := s.Rollback(); !errors.Is(err, ErrNoPrevious) {
		t.Errorf("Rollback on a new store = %v, want ErrNoPrevious", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Opening it again finds the empty store.
	s = openStore(t, path)
	if s.Current() != nil {
		t.Error("the reopened empty store has a knowledge base")
	}
}

func TestStoreOpenFolder(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("Open(folder) = %v", err)
	}
	missing := filepath.Join(dir, "no", "such", "kb.db")
	if _, err := Open(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Open in a missing folder = %v", err)
	}
}

// equalBases checks that a loaded base is the base that was saved.
func equalBases(t *testing.T, got, want *Base) {
	t.Helper()
	gi, wi := got.Info, want.Info
	if !gi.BuiltAt.Equal(wi.BuiltAt) {
		t.Errorf("BuiltAt %v, want %v", gi.BuiltAt, wi.BuiltAt)
	}
	gi.BuiltAt = wi.BuiltAt
	if !reflect.DeepEqual(gi, wi) {
		t.Errorf("Info = %+v\nwant %+v", gi, wi)
	}
	if !reflect.DeepEqual(got.Docs, want.Docs) {
		t.Error("documents differ")
	}
	if !reflect.DeepEqual(got.Sentences, want.Sentences) {
		t.Error("sentences differ")
	}
	if !reflect.DeepEqual(got.Terms, want.Terms) {
		t.Error("terms differ")
	}
	if !reflect.DeepEqual(got.Aliases, want.Aliases) || got.AliasText != want.AliasText {
		t.Error("aliases differ")
	}
	if !reflect.DeepEqual(got.Index, want.Index) {
		t.Error("index differs")
	}
	if !reflect.DeepEqual(got.srcs, want.srcs) {
		t.Error("sources differ")
	}
	byWord := func(es []analysis.Entry) []analysis.Entry {
		es = slices.Clone(es)
		slices.SortFunc(es, func(a, b analysis.Entry) int { return strings.Compare(a.Word, b.Word) })
		return es
	}
	if !reflect.DeepEqual(byWord(got.Dict), byWord(want.Dict)) {
		t.Error("dictionaries differ")
	}
	for _, q := range []string{"杜小刚去了哪些地方?", "厦门大学的校长是谁", "编辑是谁", "宇树科技 AI+ 5亿元", got.Sentences[0].Norm} {
		n := analysis.Normalize(q)
		if g, w := got.Analyzer().Tokens(n), want.Analyzer().Tokens(n); !reflect.DeepEqual(g, w) {
			t.Errorf("Tokens(%q) = %v, want %v", n, g, w)
		}
	}
}

func TestStoreSaveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	s := openStore(t, path)
	b := clone(defaultBase(t))
	if err := s.Save(b); err != nil {
		t.Fatal(err)
	}
	if s.Current() != b || b.Info.Version != 1 {
		t.Fatalf("after Save: Current() = %p (saved %p), version %d", s.Current(), b, b.Info.Version)
	}
	s.Close()
	s = openStore(t, path)
	got := s.Current()
	if got == nil {
		t.Fatal("no knowledge base after reopening")
	}
	equalBases(t, got, b)
	checkIndex(t, got)
	vs, err := s.Versions()
	if err != nil || len(vs) != 1 || vs[0].Version != 1 || vs[0].Sentences != 41 {
		t.Errorf("Versions() = %+v, %v", vs, err)
	}
}

func TestStoreVersionsPrune(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "kb.db"))
	const n = KeepVersions + 2
	for i := 1; i <= n; i++ {
		b := smallBase(t, "v", strings.Repeat("第一句。", i))
		if err := s.Save(b); err != nil {
			t.Fatal(err)
		}
		if b.Info.Version != uint64(i) || s.Current() != b {
			t.Fatalf("save %d: version %d", i, b.Info.Version)
		}
	}
	vs, err := s.Versions()
	if err != nil {
		t.Fatal(err)
	}
	var got []uint64
	for _, v := range vs {
		got = append(got, v.Version)
		if v.Sentences != int(v.Version) {
			t.Errorf("version %d has %d sentences, want %d", v.Version, v.Sentences, v.Version)
		}
	}
	var want []uint64
	for v := n; v > n-KeepVersions; v-- {
		want = append(want, uint64(v))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("versions %v, want %v (the %d newest, newest first)", got, want, KeepVersions)
	}
}

func TestStoreRollback(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	s := openStore(t, path)
	b1 := smallBase(t, "one", "第一版。")
	b2 := smallBase(t, "two", "第二版。第二句。")
	if err := s.Save(b1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rollback(); !errors.Is(err, ErrNoPrevious) || !strings.Contains(err.Error(), path) {
		t.Errorf("Rollback with one version = %v, want ErrNoPrevious naming the file", err)
	}
	if err := s.Save(b2); err != nil {
		t.Fatal(err)
	}
	got, err := s.Rollback()
	if err != nil {
		t.Fatal(err)
	}
	if got.Info.Version != 1 || s.Current() != got {
		t.Fatalf("Rollback gave version %d", got.Info.Version)
	}
	equalBases(t, got, b1)
	if vs, _ := s.Versions(); len(vs) != 2 {
		t.Errorf("after Rollback %d versions are stored, want 2 (the one rolled back from stays)", len(vs))
	}
	// The rollback lasts.
	s.Close()
	s = openStore(t, path)
	if cur := s.Current(); cur == nil || cur.Info.Version != 1 {
		t.Fatalf("after reopening, current = %v", cur)
	}
	equalBases(t, s.Current(), b1)
	if _, err := s.Rollback(); !errors.Is(err, ErrNoPrevious) {
		t.Errorf("Rollback past the oldest = %v", err)
	}
	// A new save comes after every stored version.
	b3 := smallBase(t, "three", "第三版。")
	if err := s.Save(b3); err != nil {
		t.Fatal(err)
	}
	if b3.Info.Version != 3 {
		t.Errorf("new version %d, want 3", b3.Info.Version)
	}
	if got, err := s.Rollback(); err != nil || got.Info.Version != 2 {
		t.Errorf("Rollback from 3 = %v, %v; want version 2", got, err)
	}
}

func TestStoreState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	s := openStore(t, path)
	if v, err := s.GetState("offset"); v != nil || err != nil {
		t.Errorf("GetState of a missing key = %q, %v", v, err)
	}
	for _, kv := range []struct{ k, v string }{{"offset", "12345"}, {"offset", "12346"}, {"counter/答", "\x00\xff binary"}} {
		if err := s.PutState(kv.k, []byte(kv.v)); err != nil {
			t.Fatal(err)
		}
		if v, err := s.GetState(kv.k); string(v) != kv.v || err != nil {
			t.Errorf("GetState(%q) = %q, %v; want %q", kv.k, v, err, kv.v)
		}
	}
	if err := s.PutState("", []byte("x")); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("PutState with an empty key = %v, want an error naming the file", err)
	}
	// State and knowledge base live side by side, and last.
	if err := s.Save(smallBase(t, "x", "正文。")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openStore(t, path)
	if v, _ := s.GetState("offset"); string(v) != "12346" {
		t.Errorf("after reopening, offset = %q", v)
	}
	if v, _ := s.GetState("counter/答"); string(v) != "\x00\xff binary" {
		t.Errorf("after reopening, counter = %q", v)
	}
	// The value returned is the caller's to keep.
	v, _ := s.GetState("offset")
	v[0] = 'X'
	if w, _ := s.GetState("offset"); string(w) != "12346" {
		t.Errorf("changing a returned value changed the store: %q", w)
	}
}

func TestStoreLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	openStore(t, path)
	// The second Open waits for bbolt's lock timeout, then gives up.
	s2, err := Open(path)
	if err == nil {
		s2.Close()
		t.Fatal("a second Open of an open store succeeded")
	}
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) {
		t.Errorf("second Open = %v, want ErrLocked naming the file", err)
	}
}

// TestStoreBadFiles opens files that are no store of ours: Open must fail
// with an error naming the file, and leave the file as it was.
func TestStoreBadFiles(t *testing.T) {
	dir := t.TempDir()
	rnd := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rnd.Uint32())
	}
	// A saved store, to damage.
	good := filepath.Join(dir, "good.db")
	s, err := Open(good)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(smallBase(t, "good", "厦门大学校长张宗益。\n小标题。\n正文。")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	store := readBytes(t, good)
	pageSize := os.Getpagesize()

	files := map[string][]byte{
		"random.db":    random,
		"text.db":      []byte(strings.Repeat("这不是数据库。\n", 1000)),
		"short.db":     []byte("bolt"),
		"half.db":      store[:len(store)/2],
		"twopages.db":  store[:2*pageSize],
		"fourpages.db": store[:4*pageSize],
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// bbolt files of someone else's, or of another schema, or damaged
	// inside.
	boltFile(t, filepath.Join(dir, "foreign.db"), func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("widgets"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("v"))
	})
	boltFile(t, filepath.Join(dir, "foreign-meta.db"), func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		return b.Put([]byte("magic"), []byte("something else"))
	})
	boltFile(t, filepath.Join(dir, "schema.db"), func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		b.Put(keyMagic, magic)
		return b.Put(keySchema, []byte("99"))
	})
	damage := func(name string, fn func(tx *bolt.Tx, kb *bolt.Bucket) error) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, store, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Update(func(tx *bolt.Tx) error {
			return fn(tx, tx.Bucket(bucketKB).Bucket(versionKey(1)))
		}); err != nil {
			t.Fatal(err)
		}
	}
	damage("posting.db", func(tx *bolt.Tx, kb *bolt.Bucket) error {
		return kb.Bucket(bucketWords).Put([]byte("杜小刚"), encodePostings([]Posting{{ID: 1000, TF: 1}}))
	})
	damage("info.db", func(tx *bolt.Tx, kb *bolt.Bucket) error { return kb.Put(keyInfo, []byte("{")) })
	damage("checksum.db", func(tx *bolt.Tx, kb *bolt.Bucket) error { return kb.Put(keyAliases, []byte("厦大 厦门大学 xmu")) })
	damage("nogram.db", func(tx *bolt.Tx, kb *bolt.Bucket) error { return kb.DeleteBucket(bucketGrams) })
	damage("current.db", func(tx *bolt.Tx, kb *bolt.Bucket) error {
		return tx.Bucket(bucketMeta).Put(keyCurrent, versionKey(7))
	})
	damage("lengths.db", func(tx *bolt.Tx, kb *bolt.Bucket) error { return kb.Put(keyLengths, []byte{1}) })
	damage("dict.db", func(tx *bolt.Tx, kb *bolt.Bucket) error { return kb.Put(keyDict, []byte("杜小刚\n")) })
	damage("segments-missing.db", func(tx *bolt.Tx, kb *bolt.Bucket) error { return kb.Delete(keySegments) })
	damage("segments-checksum.db", func(tx *bolt.Tx, kb *bolt.Bucket) error {
		v := bytes.Clone(kb.Get(keySegments))
		v[len(v)/2] ^= 1
		return kb.Put(keySegments, v)
	})
	damage("segments-sealed-junk.db", func(tx *bolt.Tx, kb *bolt.Bucket) error { return put(kb, keySegments, []byte("VSG1 not a table")) })

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "good.db" || strings.HasSuffix(e.Name(), ".lock") {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			path := filepath.Join(dir, e.Name())
			before := readBytes(t, path)
			s, err := Open(path)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%s) succeeded", e.Name())
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			if e.Name() == "schema.db" && !strings.Contains(err.Error(), "schema") {
				t.Errorf("error %q does not say the schema differs", err)
			}
			if !bytes.Equal(readBytes(t, path), before) {
				t.Errorf("Open changed %s", e.Name())
			}
			t.Log(err)
		})
	}
}

// boltFile makes a bbolt file as another program would.
func boltFile(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// TestStoreFlippedBytes damages a saved store one page at a time, flipping
// eight bytes of the page at one of three offsets (its header, just past
// it, its middle), taken in turn from page to page so that every page is
// damaged once and every offset is tried on pages of every kind. bbolt
// keeps no checksums of its data pages, so a flip in an unused part of the
// file goes unnoticed; but Open must never panic or crash, never change the
// file, and either fail naming the file or give a base that holds together.
func TestStoreFlippedBytes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	s, err := Open(good)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(smallBase(t, "good", "厦门大学校长张宗益会见客人。\n小标题。\n正文。第二句。\n编辑:颜霖")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	store := readBytes(t, good)
	pageSize := os.Getpagesize()
	offsets := []int{16, 100, pageSize / 2}
	path := filepath.Join(dir, "flipped.db")
	failed, tried := 0, 0
	for page := 0; page < len(store)/pageSize; page++ {
		if !slices.ContainsFunc(store[page*pageSize:(page+1)*pageSize], func(b byte) bool { return b != 0 }) {
			continue // a page never written: nothing reads it
		}
		off := offsets[tried%len(offsets)]
		tried++
		data := slices.Clone(store)
		for k := range 8 {
			data[page*pageSize+off+k] ^= 0xA5
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(path)
		if err != nil {
			failed++
			if !strings.Contains(err.Error(), path) {
				t.Errorf("page %d+%d: error %q does not name the file", page, off, err)
			}
		} else {
			if b := s.Current(); b != nil {
				if len(b.Sentences) != b.Info.Sentences || len(b.Index.Lengths) != len(b.Sentences) {
					t.Errorf("page %d+%d: opened a base that does not hold together", page, off)
				}
			}
			s.Close()
		}
		if !bytes.Equal(readBytes(t, path), data) {
			t.Errorf("page %d+%d: Open changed the file", page, off)
		}
	}
	if failed == 0 {
		t.Errorf("none of %d flips was noticed", tried)
	}
	t.Logf("%d of %d flips were noticed", failed, tried)
}

// TestStoreConcurrentReaders has readers use the current base while Save
// and Rollback swap bases; run with -race.
func TestStoreConcurrentReaders(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "kb.db"))
	bases := []*Base{
		smallBase(t, "a", "甲句。甲句二。"),
		smallBase(t, "b", "乙句。\n乙标题。\n乙正文。"),
		smallBase(t, "c", "丙句。"),
	}
	if err := s.Save(bases[0]); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				b := s.Current()
				// A whole base: its parts agree with each other.
				if len(b.Sentences) != b.Info.Sentences || len(b.Index.Lengths) != len(b.Sentences) {
					t.Error("a reader saw half a base")
					return
				}
				for id := range b.Sentences {
					_ = b.Ref(id)
					b.Analyzer().Tokens(b.Sentences[id].Norm)
				}
				_ = b.Info.Version
			}
		}()
	}
	for i := range 12 {
		if i%4 == 3 {
			if _, err := s.Rollback(); err != nil {
				t.Error(err)
			}
			continue
		}
		if err := s.Save(clone(bases[i%len(bases)])); err != nil {
			t.Error(err)
		}
	}
	close(stop)
	wg.Wait()
}

// TestStoreWildPagePointer points the branch pages of a saved store far
// beyond the end of the file. bbolt follows such a pointer into unmapped
// memory, a fault that would kill the process: Open must report it as an
// error instead.
func TestStoreWildPagePointer(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	s, err := Open(good)
	if err != nil {
		t.Fatal(err)
	}
	// The default base is large enough for its buckets to have branch pages.
	if err := s.Save(clone(defaultBase(t))); err != nil {
		t.Fatal(err)
	}
	s.Close()
	data := readBytes(t, good)
	pageSize := os.Getpagesize()
	const branchPage = 0x01 // bbolt's page flag
	branches := 0
	for off := 2 * pageSize; off+pageSize <= len(data); off += pageSize {
		page := data[off : off+pageSize]
		if binary.LittleEndian.Uint16(page[8:]) != branchPage || binary.LittleEndian.Uint64(page) != uint64(off/pageSize) {
			continue
		}
		branches++
		// The header is 16 bytes; each element is pos, ksize (uint32) and
		// pgid (uint64).
		for i := range int(binary.LittleEndian.Uint16(page[10:])) {
			binary.LittleEndian.PutUint64(page[16+16*i+8:], 1<<30)
		}
	}
	if branches == 0 {
		t.Fatal("the store has no branch pages to damage")
	}
	path := filepath.Join(dir, "wild.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path)
	if err == nil {
		s.Close()
		t.Fatalf("Open of a store with %d wild branch pages succeeded", branches)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
	if !bytes.Equal(readBytes(t, path), data) {
		t.Error("Open changed the file")
	}
	t.Log(err)
}
