package knowledge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"
	"weak"

	bolt "go.etcd.io/bbolt"
)

// variant is the default article with its people and organisations
// renamed: another document that reads like it.
func variant(name string, pairs ...string) Source {
	text := strings.NewReplacer(pairs...).Replace(string(DefaultSource().Text))
	return Source{Name: name, Path: name + ".txt", Text: []byte(text)}
}

// buildFileTest runs BuildFile with the shared lexicon into a new file.
func buildFileTest(t testing.TB, path string, opt StreamOptions) (Info, error) {
	t.Helper()
	opt.Lexicon = testLexicon(t)
	lexMu.Lock()
	defer lexMu.Unlock()
	return BuildFile(context.Background(), path, opt)
}

// longArticle is the default article and n paragraphs more: its names of
// the dictionary that are no terms (一带一路, 大新 of 更大新贡献), which a
// question may bring, are found and dropped in the first chunk of
// paragraphs while the next is read.
func longArticle(n int) Source {
	var b strings.Builder
	b.Write(DefaultSource().Text)
	for i := range n {
		fmt.Fprintf(&b, "\n第%d次座谈在当地举行,双方将作出新的贡献。\n", i+1)
	}
	return Source{Name: "long", Path: "long.txt", Text: []byte(b.String())}
}

// dumpVersion returns every key and value (records sealed as stored) of
// the current version of the store at path, nested buckets as "a/b", with
// info's build time cleared.
func dumpVersion(t *testing.T, path string) map[string][]byte {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string][]byte{}
	err = db.View(func(tx *bolt.Tx) error {
		kb, err := currentBucket(tx)
		if err != nil {
			return err
		}
		var walk func(prefix string, b *bolt.Bucket) error
		walk = func(prefix string, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				if v == nil {
					return walk(prefix+string(k)+"/", b.Bucket(k))
				}
				out[prefix+string(k)] = bytes.Clone(v)
				return nil
			})
		}
		return walk("", kb)
	})
	if err != nil {
		t.Fatal(err)
	}
	var info Info
	if err := json.Unmarshal(out["info"][:len(out["info"])-crcSize], &info); err != nil {
		t.Fatal(err)
	}
	info.BuiltAt, info.BuildTime = time.Time{}, ""
	data, _ := json.Marshal(info)
	out["info"] = data
	return out
}

// TestBuildFileMatchesBuild checks that the streaming build writes what
// Build and WriteFile write, record for record: the answers cannot differ.
func TestBuildFileMatchesBuild(t *testing.T) {
	lake := variant("lake", "杜小刚", "王大明", "宇树", "星辰", "厦门大学", "鹭岛大学")
	hill := variant("hill", "周文栋", "李海", "之江", "钱塘", "金圆", "银河")
	for _, c := range []struct {
		name    string
		srcs    []Source
		aliases string
	}{
		{"default article", nil, ""},
		{"three documents, own aliases", []Source{DefaultSource(), lake, hill}, "厦大 厦门大学\n星辰 星辰科技\n"},
		// Chunks of paragraphs are read while the ones before are indexed:
		// the names of the dictionary that the text holds are found by the
		// one and dropped by the other (a map read and written at once
		// crashed the 50 MB build; -race tells).
		{"more paragraphs than a chunk", []Source{longArticle(2 * chunkParagraphs)}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			tinyBatches(t)
			dir := t.TempDir()
			want := filepath.Join(dir, "build.db")
			if err := WriteFile(want, buildTest(t, BuildOptions{Sources: c.srcs, Aliases: c.aliases})); err != nil {
				t.Fatal(err)
			}
			got := filepath.Join(dir, "stream.db")
			info, err := buildFileTest(t, got, StreamOptions{Sources: SourceSeq(c.srcs), Aliases: c.aliases})
			if err != nil {
				t.Fatal(err)
			}
			if info.Version != 1 || info.Documents != max(len(c.srcs), 1) {
				t.Errorf("info: version %d, %d documents", info.Version, info.Documents)
			}
			if stops := info.PerDoc[0].Stops; !slices.Equal(stops, []string{"福州", "厦门", "杭州"}) {
				t.Errorf("the default article's stops: %v", stops)
			}
			w, g := dumpVersion(t, want), dumpVersion(t, got)
			for _, k := range slices.Sorted(mapKeys(w, g)) {
				if !bytes.Equal(w[k], g[k]) {
					t.Errorf("%s: %d bytes streamed, %d built whole (%.80q vs %.80q)", k, len(g[k]), len(w[k]), g[k], w[k])
				}
			}
			st, err := OpenReadOnly(got)
			if err != nil {
				t.Fatalf("the streamed file does not open: %v", err)
			}
			defer st.Close()
			if b := st.Current(); b == nil || b.Stale() || b.Info.Sentences != info.Sentences {
				t.Errorf("the streamed file's base: %+v", b)
			}
		})
	}
}

func mapKeys(ms ...map[string][]byte) iter.Seq[string] {
	seen := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			seen[k] = true
		}
	}
	return func(yield func(string) bool) {
		for k := range seen {
			if !yield(k) {
				return
			}
		}
	}
}

// TestBuildFileHoldsOneDocument checks, through weak pointers, that each
// pass of BuildFile has let go of every earlier document (its paragraphs
// and the text of its sentences) by the time it holds the next.
func TestBuildFileHoldsOneDocument(t *testing.T) {
	srcs := []Source{
		variant("a", "杜小刚", "王大明"), variant("b", "杜小刚", "李海"),
		variant("c", "杜小刚", "张山"), variant("d", "杜小刚", "刘川"),
	}
	type held struct {
		paras weak.Pointer[Paragraph]
		text  weak.Pointer[byte]
	}
	var earlier [3][]held
	var failures []string
	testHookDocument = func(pass int, d *Document) {
		runtime.GC()
		for i, h := range earlier[pass] {
			if h.paras.Value() != nil || h.text.Value() != nil {
				failures = append(failures, fmt.Sprintf("pass %d holds document %d while it indexes %s", pass, i, d.Name))
			}
		}
		s := d.Paragraphs[0].Sentences[0].Text
		earlier[pass] = append(earlier[pass], held{weak.Make(&d.Paragraphs[0]), weak.Make(unsafe.StringData(s))})
	}
	defer func() { testHookDocument = nil }()
	info, err := buildFileTest(t, filepath.Join(t.TempDir(), "kb.db"), StreamOptions{Sources: SourceSeq(srcs)})
	if err != nil {
		t.Fatal(err)
	}
	if len(earlier[1]) != len(srcs) || len(earlier[2]) != len(srcs) || info.Documents != len(srcs) {
		t.Fatalf("the hook saw %d and %d documents of %d (info: %d)", len(earlier[1]), len(earlier[2]), len(srcs), info.Documents)
	}
	for _, f := range failures {
		t.Error(f)
	}
}

// TestBuildFileErrors checks that a bad source or an error of the sources
// ends the build with an error naming it.
func TestBuildFileErrors(t *testing.T) {
	boom := errors.New("reading the sources failed")
	for _, c := range []struct {
		name string
		srcs iter.Seq2[Source, error]
		want string
	}{
		{"empty source", SourceSeq([]Source{DefaultSource(), {Name: "empty", Path: "empty.txt", Text: []byte("\n\n")}}), "empty.txt"},
		{"not UTF-8", SourceSeq([]Source{{Name: "bin", Path: "bin.txt", Text: []byte{0xff, 0xfe, 'a'}}}), "bin.txt"},
		{"the sources' error", func(yield func(Source, error) bool) {
			if yield(DefaultSource(), nil) {
				yield(Source{}, boom)
			}
		}, boom.Error()},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := buildFileTest(t, filepath.Join(t.TempDir(), "kb.db"), StreamOptions{Sources: c.srcs})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want one naming %q", err, c.want)
			}
		})
	}
}

// tinyBatches makes every batch commit after about 64 bytes for the rest
// of the test, so that writing even a small store takes many transactions.
func tinyBatches(t *testing.T) {
	old := batchBytes
	batchBytes = 64
	t.Cleanup(func() { batchBytes = old })
}

// TestReplaceFromBatches replaces a store of three versions and state from
// a built file, copying in transactions of 64 bytes: the state, the two
// newest versions and the new one arrive whole, the oldest is not copied.
// Where there is no store yet, the built file is renamed into place.
func TestReplaceFromBatches(t *testing.T) {
	tinyBatches(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "kb.db")
	savedStore(t, path, smallBase(t, "a", "甲句。"), smallBase(t, "b", "乙句。乙句二。"), smallBase(t, "c", "丙句。"))
	for _, c := range []struct {
		name, path string
		version    uint64
		versions   []uint64
		state      string
		moved      bool
	}{
		{"over a store", path, 4, []uint64{4, 3, 2}, "v", false},
		{"no store yet", filepath.Join(dir, "new.db"), 1, []uint64{1}, "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			built := filepath.Join(dir, "built-"+filepath.Base(c.path))
			nb := smallBase(t, "d", "丁句。丁句二。丁句三。")
			if err := WriteFile(built, nb); err != nil {
				t.Fatal(err)
			}
			l, err := LockForWrite(context.Background(), c.path, LockOptions{Holder: "test"})
			if err != nil {
				t.Fatal(err)
			}
			info, err := l.ReplaceFrom(built)
			l.Unlock()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(built); os.IsNotExist(err) != c.moved {
				t.Errorf("built file moved: %v, want %v", os.IsNotExist(err), c.moved)
			}
			if info.Version != c.version || info.Sentences != 3 {
				t.Errorf("ReplaceFrom info = %+v", info)
			}
			s := openStore(t, c.path)
			if b := s.Current(); b == nil || b.Info.Version != c.version || b.Docs[0].Name != "d" {
				t.Fatalf("after ReplaceFrom: %+v", b)
			}
			var got []uint64
			vs, err := s.Versions()
			for _, v := range vs {
				got = append(got, v.Version)
			}
			if err != nil || !slices.Equal(got, c.versions) {
				t.Errorf("versions %v, %v; want %v", got, err, c.versions)
			}
			if v, _ := s.GetState("k"); string(v) != c.state {
				t.Errorf("state k = %q, want %q", v, c.state)
			}
		})
	}
}

// TestBuildFileIntoCopy builds into a copy of a store (CopyForBuild) and
// installs it: the new version is numbered after the store's, the oldest
// one is dropped, the state is kept, and the store is read from the new
// file. A file that is not a store of this schema is not copied.
func TestBuildFileIntoCopy(t *testing.T) {
	tinyBatches(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "kb.db")
	savedStore(t, path, smallBase(t, "a", "甲句。"), smallBase(t, "b", "乙句。乙句二。"), smallBase(t, "c", "丙句。"))
	// A writer takes the lock first: taking it removes the temporary files
	// of killed builds.
	l, err := LockForWrite(context.Background(), path, LockOptions{Holder: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	tmp, err := CreateTemp(path)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := CopyForBuild(path, tmp); !ok || err != nil {
		t.Fatalf("CopyForBuild = %v, %v", ok, err)
	}
	info, err := buildFileTest(t, tmp, StreamOptions{Sources: SourceSeq([]Source{{Name: "d", Path: "d.txt", Text: []byte("丁句。丁句二。")}})})
	if err != nil {
		t.Fatal(err)
	}
	installed, err := l.Install(tmp)
	l.Unlock()
	if err != nil || installed.Version != 4 || info.Version != 4 || installed.Sentences != 2 {
		t.Fatalf("Install = %+v, %v (built %+v)", installed, err, info)
	}
	s := openStore(t, path)
	if b := s.Current(); b == nil || b.Info.Version != 4 || b.Docs[0].Name != "d" {
		t.Fatalf("after Install: %+v", b)
	}
	var got []uint64
	vs, err := s.Versions()
	for _, v := range vs {
		got = append(got, v.Version)
	}
	if err != nil || !slices.Equal(got, []uint64{4, 3, 2}) {
		t.Errorf("versions %v, %v; want 4 3 2", got, err)
	}
	if v, _ := s.GetState("k"); string(v) != "v" {
		t.Errorf("state k = %q, want v", v)
	}
	for _, c := range []struct{ name, text string }{{"missing", ""}, {"not bbolt", "hello"}} {
		other := filepath.Join(dir, c.name+".db")
		if c.text != "" {
			os.WriteFile(other, []byte(c.text), 0o600)
		}
		if ok, err := CopyForBuild(other, tmp); ok || err != nil {
			t.Errorf("%s: CopyForBuild = %v, %v; want no copy, no error", c.name, ok, err)
		}
	}
}
