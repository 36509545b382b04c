package knowledge

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// savedStore writes a store at path holding the bases, saved in order, and
// the state key "k" = "v"; it closes it.
func savedStore(t *testing.T, path string, bases ...*Base) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, b := range bases {
		if err := s.Save(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutState("k", []byte("v")); err != nil {
		t.Fatal(err)
	}
}

func TestStoreReadersBesideEachOther(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	savedStore(t, path, smallBase(t, "a", "甲句。甲句二。"))
	var readers []*Store
	for range 3 {
		s, err := OpenReadOnly(path)
		if err != nil {
			t.Fatalf("OpenReadOnly beside %d readers: %v", len(readers), err)
		}
		defer s.Close()
		if b := s.Current(); b == nil || b.Info.Sentences != 2 {
			t.Fatalf("reader %d: base %+v", len(readers), b)
		}
		readers = append(readers, s)
	}
	if err := readers[0].PutState("k", []byte("w")); !errors.Is(err, berrors.ErrDatabaseReadOnly) {
		t.Errorf("PutState on a read-only store = %v, want bbolt's read-only error", err)
	}
	// A writer that keeps the file cannot have it while readers read.
	if s, err := Open(path); err == nil {
		s.Close()
		t.Fatal("Open for writing beside readers succeeded")
	} else if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "ask, chat or eval") {
		t.Errorf("Open beside readers = %v, want ErrLocked naming the readers", err)
	}
}

func TestStoreReadOnlyFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "kb.db")
	savedStore(t, path, smallBase(t, "a", "甲句。甲句二。"))
	os.Remove(lockPath(path))
	before := readBytes(t, path)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	s, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly of a read-only file in a read-only folder: %v", err)
	}
	if b := s.Current(); b == nil || b.Info.Sentences != 2 {
		t.Errorf("base %+v", b)
	}
	s.Close()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("a reader left files beside the store: %v", entries)
	}
	if !bytesEqual(readBytes(t, path), before) {
		t.Error("a reader changed the file")
	}
	if _, err := OpenReadOnly(filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenReadOnly of a missing file = %v, want os.ErrNotExist", err)
	}
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }

// TestStoreLockMessages: whoever finds the file taken is told who holds it.
func TestStoreLockMessages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	savedStore(t, path, smallBase(t, "a", "甲句。"))
	w, err := OpenWith(path, Options{Lock: LockOptions{Holder: "visitbot serve (pid 42)", Keep: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	_, err = OpenReadOnly(path)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "visitbot serve (pid 42)") || !strings.Contains(err.Error(), path) {
		t.Errorf("OpenReadOnly beside a writer = %v, want ErrLocked naming the holder and the file", err)
	}
	start := time.Now()
	_, err = LockForWrite(context.Background(), path, LockOptions{Holder: "visitbot index", Wait: time.Minute})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "visitbot serve (pid 42)") || !strings.Contains(err.Error(), "/reload") {
		t.Errorf("LockForWrite beside a serving writer = %v, want ErrLocked naming it and /reload", err)
	}
	if time.Since(start) > 30*time.Second {
		t.Error("LockForWrite waited for a holder that keeps the lock")
	}
	w.Close()
	// A holder that does not keep the lock is waited for.
	l, err := LockForWrite(context.Background(), path, LockOptions{Holder: "visitbot index (pid 7)"})
	if err != nil {
		t.Fatal(err)
	}
	go func() { time.Sleep(100 * time.Millisecond); l.Unlock() }()
	l2, err := LockForWrite(context.Background(), path, LockOptions{Holder: "visitbot ask (pid 8)", Wait: time.Minute})
	if err != nil {
		t.Fatalf("LockForWrite after the holder let go: %v", err)
	}
	if h := Holder(path); h != "visitbot ask (pid 8)" {
		t.Errorf("Holder = %q", h)
	}
	l2.Unlock()
}

// TestReplaceBesideReaders swaps a new base in while a reader has the old
// one open: the reader keeps its base, a new reader gets the new one, and
// the state and older versions are carried over.
func TestReplaceBesideReaders(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	savedStore(t, path, smallBase(t, "a", "甲句。"), smallBase(t, "b", "乙句。乙句二。"))
	os.Chmod(path, 0o640)
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	old := r.Current()
	l, err := LockForWrite(context.Background(), path, LockOptions{Holder: "test"})
	if err != nil {
		t.Fatal(err)
	}
	nb := smallBase(t, "c", "丙句。丙句二。丙句三。")
	if err := l.Replace(nb); err != nil {
		t.Fatal(err)
	}
	l.Unlock()
	if nb.Info.Version != 3 {
		t.Errorf("replaced version %d, want 3", nb.Info.Version)
	}
	if r.Current() != old || old.Info.Sentences != 2 {
		t.Error("the open reader's base changed")
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the old file's 0640", info.Mode().Perm())
	}
	s := openStore(t, path)
	if b := s.Current(); b == nil || b.Info.Sentences != 3 || b.Info.Version != 3 {
		t.Fatalf("after Replace: %+v", b)
	}
	if v, _ := s.GetState("k"); string(v) != "v" {
		t.Errorf("state k = %q, want the old file's v", v)
	}
	if b, err := s.Rollback(); err != nil || b.Info.Sentences != 2 {
		t.Errorf("Rollback after Replace = %v, %v: the older versions were not carried over", b, err)
	}
	if ms, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".kb.db.build-*")); len(ms) > 0 {
		t.Errorf("Replace left %v", ms)
	}
}

func TestReplaceRefusesForeignFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	boltFile(t, path, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("widgets"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("v"))
	})
	before := readBytes(t, path)
	l, err := LockForWrite(context.Background(), path, LockOptions{Holder: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	if err := l.Replace(smallBase(t, "a", "甲句。")); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Replace of another program's file = %v, want an error naming it", err)
	}
	if !bytesEqual(readBytes(t, path), before) {
		t.Error("Replace changed another program's file")
	}
}

func TestLockRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kb.db")
	other := filepath.Join(dir, ".other.db.build-1")
	var made []string
	for range 2 {
		name, err := CreateTemp(path)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, name)
	}
	if err := os.Mkdir(filepath.Join(dir, leftoverPrefix(path)+"dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := LockForWrite(context.Background(), path, LockOptions{Holder: "test"})
	if err != nil {
		t.Fatal(err)
	}
	l.Unlock()
	for _, m := range append(made, filepath.Join(dir, leftoverPrefix(path)+"dir")) {
		if _, err := os.Stat(m); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("leftover %s is still there", m)
		}
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("the lock removed another store's file: %v", err)
	}
}

// TestStoreLegacySchema opens a store of schema 1 (JSON records without
// checksums): it opens Stale with its sources, and a Save converts it.
func TestStoreLegacySchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	src := Source{Name: "a", Path: "a.txt", Text: []byte("甲句。")}
	info, _ := json.Marshal(Info{Schema: 1, Analysis: 1, Checksum: Checksum([]Source{src}, "厦大 厦门大学"), Sentences: 1})
	srcJSON, _ := json.Marshal(src)
	boltFile(t, path, func(tx *bolt.Tx) error {
		meta, _ := tx.CreateBucket(bucketMeta)
		meta.Put(keyMagic, magic)
		meta.Put(keySchema, []byte("1"))
		meta.Put(keyCurrent, versionKey(4))
		st, _ := tx.CreateBucket(bucketState)
		st.Put([]byte("offset"), []byte("12"))
		kbs, _ := tx.CreateBucket(bucketKB)
		kbs.SetSequence(4)
		kb, _ := kbs.CreateBucket(versionKey(4))
		kb.Put(keyInfo, info)
		kb.Put(keyAliases, []byte("厦大 厦门大学"))
		sb, _ := kb.CreateBucket(bucketSources)
		return sb.Put([]byte{0, 0, 0, 0}, srcJSON)
	})
	checkStaleConverts(t, path, 4, "12")
}

// checkStaleConverts checks that the store at path, of an older schema
// with version v current and "offset" state, opens Stale with its source
// 甲句。 and its aliases, and that a Save, or a SaveFrom of a built file
// (on a copy of the store), converts it: version v+1, the only one, and
// the state kept.
func checkStaleConverts(t *testing.T, path string, v uint64, offset string) {
	t.Helper()
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	b := r.Current()
	r.Close()
	if b == nil || !b.Stale() || b.Info.Version != v || len(b.Sources()) != 1 || string(b.Sources()[0].Text) != "甲句。" || b.AliasText != "厦大 厦门大学" {
		t.Fatalf("older base = %+v, want a stale base, version %d, with its sources", b, v)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copied, built := path+".copy", path+".built"
	if err := os.WriteFile(copied, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(built, smallBase(t, "a", "甲句。")); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, copied)
	if _, err := s.SaveFrom(built); err != nil {
		t.Fatal(err)
	}
	s.Close()
	checkConverted(t, copied, v, offset)
	s = openStore(t, path)
	if err := s.Save(smallBase(t, "a", "甲句。")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	checkConverted(t, path, v, offset)
}

// checkConverted checks a store converted from an older schema whose
// version v was current: version v+1 is current and the only one, and the
// state "offset" is kept.
func checkConverted(t *testing.T, path string, v uint64, offset string) {
	t.Helper()
	s := openStore(t, path)
	if b := s.Current(); b == nil || b.Stale() || b.Info.Version != v+1 {
		t.Errorf("after Save: %+v", b)
	}
	if got, _ := s.GetState("offset"); string(got) != offset {
		t.Errorf("state offset = %q, want %s", got, offset)
	}
	if vs, err := s.Versions(); err != nil || len(vs) != 1 {
		t.Errorf("Versions = %+v, %v: the older version should be gone", vs, err)
	}
}

// TestStoreOlderSealedSchema opens a store of schema 2 (sealed records,
// the lexicon as JSON): only its info, aliases and sources are read, it
// opens Stale, and a Save converts the file and drops the old version.
func TestStoreOlderSealedSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	src := Source{Name: "a", Path: "a.txt", Text: []byte("甲句。")}
	info, _ := json.Marshal(Info{Schema: 2, Analysis: 16, Checksum: Checksum([]Source{src}, "厦大 厦门大学"), Sentences: 1})
	srcJSON, _ := json.Marshal(src)
	boltFile(t, path, func(tx *bolt.Tx) error {
		meta, _ := tx.CreateBucket(bucketMeta)
		put(meta, keyMagic, magic)
		put(meta, keySchema, []byte("2"))
		put(meta, keyCurrent, versionKey(3))
		st, _ := tx.CreateBucket(bucketState)
		st.Put([]byte("offset"), []byte("7"))
		kbs, _ := tx.CreateBucket(bucketKB)
		kbs.SetSequence(3)
		kb, _ := kbs.CreateBucket(versionKey(3))
		put(kb, keyInfo, info)
		put(kb, keyAliases, []byte("厦大 厦门大学"))
		put(kb, keyLexicon, []byte(`{"related":{}}`)) // schema 2's JSON: not read
		sb, _ := kb.CreateBucket(bucketSources)
		return put(sb, []byte{0, 0, 0, 0}, srcJSON)
	})
	checkStaleConverts(t, path, 3, "7")
}

// TestReplaceFrom swaps in a base another process wrote (WriteFile)
// without loading it.
func TestReplaceFrom(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kb.db")
	savedStore(t, path, smallBase(t, "a", "甲句。"), smallBase(t, "b", "乙句。乙句二。"))
	built := filepath.Join(dir, "built.db")
	nb := smallBase(t, "c", "丙句。丙句二。丙句三。")
	if err := WriteFile(built, nb); err != nil {
		t.Fatal(err)
	}
	if nb.Info.Version != 0 {
		t.Errorf("WriteFile changed the base's version to %d", nb.Info.Version)
	}
	l, err := LockForWrite(context.Background(), path, LockOptions{Holder: "test"})
	if err != nil {
		t.Fatal(err)
	}
	info, err := l.ReplaceFrom(built)
	l.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if info.Version != 3 || info.Sentences != 3 || info.Documents != 1 {
		t.Errorf("ReplaceFrom info = %+v", info)
	}
	s := openStore(t, path)
	b := s.Current()
	if b == nil || b.Info.Version != 3 || b.Docs[0].Name != "c" {
		t.Fatalf("after ReplaceFrom: %+v", b)
	}
	nb.Info.Version = 3
	equalBases(t, b, nb)
	if v, _ := s.GetState("k"); string(v) != "v" {
		t.Errorf("state k = %q, want v", v)
	}
	r, err := s.NewReader()
	if err != nil {
		t.Fatal(err)
	}
	if sen, err := r.Sentence(2); err != nil || sen.Text != "丙句三。" || r.Info().Version != 3 {
		t.Errorf("Reader after ReplaceFrom: %+v, %v, version %d", sen, err, r.Info().Version)
	}
	r.Close()
	if vs, err := s.Versions(); err != nil || len(vs) != 3 || vs[0].Version != 3 {
		t.Errorf("Versions = %+v, %v", vs, err)
	}
}
