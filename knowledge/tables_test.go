package knowledge

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/sorted"
	bolt "go.etcd.io/bbolt"
)

// TestTables checks the default base's tables against its sentences,
// terms and index: every row, every section, every run of three and four
// units of the text, the rare words, the names' parts and kinds.
func TestTables(t *testing.T) {
	b := defaultBase(t)
	tb := b.Tables
	if tb.Sentences() != len(b.Sentences) {
		t.Fatalf("%d rows for %d sentences", tb.Sentences(), len(b.Sentences))
	}
	if err := tb.check(len(b.Sentences)); err != nil {
		t.Fatal(err)
	}
	headings := 0
	for id, s := range b.Sentences {
		r := tb.Row(uint32(id))
		if r.ParaFirst != s.ParaFirst || r.ParaEnd != s.ParaEnd || r.Features != s.Features || r.Kind != s.Kind || r.Length != min(b.Index.Lengths[id], 255) {
			t.Errorf("row %d = %+v, sentence %+v", id, r, s)
		}
		if (r.Section < 0) != (s.Section == 0) {
			t.Errorf("row %d: section %d, sentence's heading paragraph %d", id, r.Section, s.Section)
		}
		if r.Section >= 0 {
			first, end, heading := tb.Section(int(r.Section))
			if uint32(id) < first || uint32(id) >= end {
				t.Errorf("sentence %d outside its section [%d, %d)", id, first, end)
			}
			if s.Kind == Heading && heading != uint32(id) {
				t.Errorf("heading %d: its section's heading is %d", id, heading)
			}
		}
		if s.Kind == Heading {
			headings++
		}
		var run []analysis.Unit
		analysis.Units(s.Norm, func(u analysis.Unit, gap bool) {
			if gap {
				run = run[:0]
			}
			run = append(run, u)
			if n := len(run); n >= 3 {
				if w := s.Norm[run[n-3].Start:u.End]; !tb.HasRun3(w) {
					t.Errorf("HasRun3(%q) = false, sentence %d has it", w, id)
				}
			}
			if n := len(run); n >= 4 {
				if w := s.Norm[run[n-4].Start:u.End]; !tb.HasRun4(w) {
					t.Errorf("HasRun4(%q) = false, sentence %d has it", w, id)
				}
			}
		})
	}
	if headings == 0 || tb.Sections() == 0 {
		t.Errorf("%d headings, %d sections: the article has sections", headings, tb.Sections())
	}
	for _, w := range []string{"厦门大学", "杜小刚"} {
		if k, ok := tb.Kind(w); !ok || k != Org && k != Person {
			t.Errorf("Kind(%q) = %v, %v", w, k, ok)
		}
		if !tb.InName(w) {
			t.Errorf("InName(%q) = false", w)
		}
	}
	for _, w := range []string{"杜大刚去", "厦门大字", "qqq", ""} {
		if tb.HasRun3(w) || tb.HasRun4(w) || tb.InName(w) {
			t.Errorf("%q: found, the text does not have it", w)
		}
		if _, ok := tb.Kind(w); ok {
			t.Errorf("Kind(%q): a term", w)
		}
	}
	if got := tb.Masked("厦门大\x00"); !slices.Contains(got, "厦门大学") {
		t.Errorf("Masked(厦门大_) = %v, want 厦门大学 among them", got)
	}
	var sounds []string
	analysis.Units("度晓刚", func(u analysis.Unit, _ bool) { sounds = append(sounds, UnitSound("度晓刚", u)) })
	if got := tb.Homophones(sounds...); !slices.Contains(got, "杜小刚") {
		t.Errorf("Homophones(%q) = %v, want 杜小刚 among them", sounds, got)
	}
	// Every alias of the base (the table's and the derived), by its key;
	// the longest key bounds them.
	maxRunes := 0
	for k, vs := range b.Aliases {
		key := AliasKey(k)
		if key == "" {
			continue
		}
		maxRunes = max(maxRunes, utf8.RuneCountInString(key))
		got := tb.Aliases(key)
		for _, v := range vs {
			if !slices.Contains(got, v) {
				t.Errorf("Aliases(%q) = %v, want %q among them", key, got, v)
			}
		}
		want := append([]string{"x"}, tb.WithAliases(key)...)
		if words, ok := tb.FindAliases(key); !ok || words.Count() != len(got) || !slices.Equal(words.AppendTo([]string{"x", key}), want) {
			t.Errorf("FindAliases(%q) = %v, %v: counted %d, appended %v; want %d, %v", key, words, ok, words.Count(), words.AppendTo([]string{"x", key}), len(got), want)
		}
	}
	if got := aliasMaxRunes(tb); len(b.Derived) == 0 || got != maxRunes {
		t.Errorf("%d derived aliases; the longest alias key %d runes, want %d", len(b.Derived), got, maxRunes)
	}
	if words, ok := tb.FindAliases("无锡市委"); ok || words.Count() != 0 || len(words.AppendTo(nil)) != 0 {
		t.Error("FindAliases finds a string that is no alias")
	}
	if tb.IsAlias("无锡市委") || tb.Aliases("") != nil {
		t.Error("a string that is no alias is one")
	}
	for _, k := range []TermKind{Org, Place, Person} {
		names := tb.TopNames(k)
		if len(names) == 0 {
			t.Errorf("no top names of kind %v", k)
		}
		for i := 1; i < len(names); i++ {
			if len(b.Index.Words[names[i]]) > len(b.Index.Words[names[i-1]]) {
				t.Errorf("top names of kind %v out of order: %q after %q", k, names[i], names[i-1])
			}
		}
	}
}

// TestTablesDamage reads cut and altered tables: an error, or lookups
// that find nothing; never a panic.
func TestTablesDamage(t *testing.T) {
	data := defaultBase(t).Tables.Data()
	for _, n := range []int{0, 3, 5, 9, len(data) / 3, len(data) / 2, len(data) - 1} {
		if _, err := NewTables(data[:n]); err == nil {
			t.Errorf("tables cut at %d of %d bytes: no error", n, len(data))
		}
	}
	if _, err := NewTables(data + "x"); err == nil {
		t.Error("a byte after the tables: no error")
	}
	if _, err := NewTables(strings.Replace(data, tablesMagic, "VBTB0", 1)); err == nil {
		t.Error("another magic: no error")
	}
	// A byte of a part altered: the header holds; a look-up that reads
	// the damaged block finds nothing and Err says so, while the part's
	// other blocks still read.
	bad := []byte(data)
	good, err := NewTables(data)
	if err != nil {
		t.Fatal(err)
	}
	aliases := good.p.Unchecked(partAliases)
	end := int(uintptr(unsafe.Pointer(unsafe.StringData(aliases)))-uintptr(unsafe.Pointer(unsafe.StringData(data)))) + len(aliases)
	bad[end-1] ^= 0x01 // the last byte of the aliases' part: its hash table's last block
	tb, err := NewTables(string(bad))
	if err != nil {
		t.Fatalf("a part's byte altered: %v at once; its checksum is checked when it is read", err)
	}
	if err := tb.Err(); err != nil {
		t.Errorf("damage reported before the part was read: %v", err)
	}
	if good, err := NewTables(data); err != nil || good.Aliases("厦大") == nil {
		t.Fatalf("intact tables: 厦大 is no alias (%v)", err)
	}
	if n := aliasMaxRunes(tb); n == 0 || tb.Err() != nil {
		t.Errorf("the aliases' entries, before the damaged block: %d runes, Err %v", n, tb.Err())
	}
	// Every alias key of the intact tables is looked up in the damaged
	// ones: which keys the damaged block holds follows the table's
	// hashes, so any fixed few might miss it. Some are lost, the others
	// still read.
	var keys []string
	good.AliasKeys(func(k string) bool { keys = append(keys, k); return true })
	found := 0
	for _, k := range keys {
		if good.Aliases(k) == nil {
			t.Fatalf("intact tables: key %q of AliasKeys finds nothing", k)
		}
		if tb.Aliases(k) != nil {
			found++
		}
	}
	if found == len(keys) || found == 0 {
		t.Errorf("%d of the %d alias keys read in the damaged tables, want some but not all", found, len(keys))
	}
	if err := tb.Err(); !errors.Is(err, errTables) {
		t.Errorf("after reading the damaged part, Err = %v", err)
	}
	if tb.Sentences() == 0 {
		t.Error("an intact part reads as empty")
	}
	// Altered bytes anywhere: an error or lookups that find nothing.
	for i := len(tablesMagic) + 8; i < len(data)/2; i += 97 {
		bad := []byte(data)
		bad[i] ^= 0xff
		tb, err := NewTables(string(bad))
		if err != nil {
			continue
		}
		tb.HasRun3("杜小刚")
		tb.Masked("厦门大\x00")
		tb.Kind("厦门大学")
		tb.TopNames(Org)
		tb.RareHomophones("xiao", "dui")
		tb.Aliases("厦大")
		aliasMaxRunes(tb)
	}
}

// aliasMaxRunes is the length in runes of the longest of tb's alias keys.
func aliasMaxRunes(tb Tables) int {
	n := 0
	for k := range tb.AliasKeys {
		n = max(n, utf8.RuneCountInString(k))
	}
	return n
}

// TestLeanWriter saves and rolls back in a store opened lean for writing:
// the current base stays lean, reads its sentences from the file, and
// its sources are read on demand.
func TestLeanWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	st, err := OpenWith(path, Options{Lean: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	first, second := defaultBase(t), smallBase(t, "note", "无锡代表团到访厦门。\n考察团参观了厦门大学。\n")
	for _, b := range []*Base{clone(first), second} {
		if err := st.Save(b); err != nil {
			t.Fatal(err)
		}
		checkLean(t, st.Current(), b)
	}
	back, err := st.Rollback()
	if err != nil {
		t.Fatal(err)
	}
	checkLean(t, back, first)
}

// checkLean checks that lean answers from the file what want holds.
func checkLean(t *testing.T, lean, want *Base) {
	t.Helper()
	if !lean.Lean() || lean.Sentences != nil || lean.Info.Sentences != len(want.Sentences) {
		t.Fatalf("current base: lean %v, %d sentences in memory, info %d; want lean with %d", lean.Lean(), len(lean.Sentences), lean.Info.Sentences, len(want.Sentences))
	}
	text, err := lean.Text()
	if err != nil {
		t.Fatal(err)
	}
	defer text.Close()
	for id, s := range want.Sentences {
		got, err := text.Sentence(uint32(id))
		if err != nil || got.Text != s.Text || got.Norm != s.Norm {
			t.Fatalf("sentence %d = %q, %v; want %q", id, got.Text, err, s.Text)
		}
	}
	srcs, err := lean.LoadSources()
	if err != nil || len(srcs) != len(want.Sources()) || string(srcs[0].Text) != string(want.Sources()[0].Text) {
		t.Errorf("LoadSources: %d sources, %v", len(srcs), err)
	}
}

// TestParagraph reads every paragraph of the default base through its
// Text, in memory and from a lean store, and checks it against the
// documents.
func TestParagraph(t *testing.T) {
	b := defaultBase(t)
	path := filepath.Join(t.TempDir(), "kb.db")
	savedStore(t, path, clone(b))
	st, err := OpenWith(path, Options{ReadOnly: true, Lean: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, base := range []*Base{b, st.Current()} {
		text, err := base.Text()
		if err != nil {
			t.Fatal(err)
		}
		for di, d := range b.Docs {
			for _, p := range d.Paragraphs {
				got, err := base.Paragraph(text, di, p.Number)
				if err != nil || len(got) != len(p.Sentences) {
					t.Fatalf("lean %v: paragraph %d: %d sentences, %v; want %d", base.Lean(), p.Number, len(got), err, len(p.Sentences))
				}
				for k, s := range got {
					if s.Text != p.Sentences[k].Text || s.Number != p.Sentences[k].Number {
						t.Errorf("paragraph %d sentence %d = %q, want %q", p.Number, k+1, s.Text, p.Sentences[k].Text)
					}
				}
			}
			if got, err := base.Paragraph(text, di, len(d.Paragraphs)+1); err != nil || got != nil {
				t.Errorf("a paragraph past the last: %v, %v", got, err)
			}
		}
		text.Close()
	}
}

// TestSaveFrom copies a built file into a store opened lean for writing,
// in transactions of 64 bytes: the new base is current, lean and read from
// the store, the bot's state stays, and the versions are listed. A built
// file with a damaged record, or none, is the damaged-base error: the
// base in use stays and no part of the copy is left behind.
func TestSaveFrom(t *testing.T) {
	tinyBatches(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "kb.db")
	st, err := OpenWith(path, Options{Lean: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	first := smallBase(t, "a", "甲句。")
	if err := st.Save(first); err != nil {
		t.Fatal(err)
	}
	if err := st.PutState("k", []byte("v")); err != nil {
		t.Fatal(err)
	}
	want := smallBase(t, "note", "无锡代表团到访厦门。\n考察团参观了厦门大学。\n")
	built := filepath.Join(dir, "built.db")
	if err := WriteFile(built, clone(want)); err != nil {
		t.Fatal(err)
	}
	b, err := st.SaveFrom(built)
	if err != nil {
		t.Fatal(err)
	}
	if b != st.Current() || b.Info.Version != 2 {
		t.Fatalf("SaveFrom gave version %d, current %p, want version 2 current", b.Info.Version, st.Current())
	}
	checkLean(t, b, want)
	if v, err := st.GetState("k"); string(v) != "v" || err != nil {
		t.Errorf("state k = %q, %v", v, err)
	}
	listed := func() (vs []uint64) {
		infos, err := st.Versions()
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range infos {
			vs = append(vs, i.Version)
		}
		return vs
	}
	if got := listed(); !slices.Equal(got, []uint64{2, 1}) {
		t.Errorf("versions %v, want [2 1]", got)
	}

	// A damaged record: flip a byte of the last sentence's text.
	damagedFile := filepath.Join(dir, "damaged.db")
	if err := WriteFile(damagedFile, smallBase(t, "bad", "坏句子在这里。")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(damagedFile)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.LastIndex(data, []byte("坏句子在这里"))
	if i < 0 {
		t.Fatal("the sentence is not in the file")
	}
	data[i+3] ^= 0x01
	if err := os.WriteFile(damagedFile, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{damagedFile, filepath.Join(dir, "missing.db")} {
		_, err := st.SaveFrom(bad)
		if err == nil {
			t.Fatalf("SaveFrom(%s) succeeded", filepath.Base(bad))
		}
		if bad == damagedFile && !errors.Is(err, ErrDamaged) {
			t.Errorf("SaveFrom of a damaged file: %v, want the damaged-base error", err)
		}
		if st.Current() != b {
			t.Errorf("after a failed SaveFrom the current base changed")
		}
		if got := listed(); !slices.Equal(got, []uint64{2, 1}) {
			t.Errorf("after a failed SaveFrom: versions %v, want [2 1]", got)
		}
	}
}

// TestUnfinishedVersion leaves a version bucket without its info record,
// as a SaveFrom killed mid-copy does: a read-only open does not list it
// and answers from the current base; the next writer's open removes it.
func TestUnfinishedVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	savedStore(t, path, smallBase(t, "a", "甲句。"))
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		kb, err := tx.Bucket(bucketKB).CreateBucket(versionKey(7))
		if err == nil {
			err = put(kb, keyAliases, []byte("x"))
		}
		return err
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	versions := func(opt Options) []uint64 {
		st, err := OpenWith(path, opt)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		infos, err := st.Versions()
		if err != nil {
			t.Fatal(err)
		}
		var vs []uint64
		for _, i := range infos {
			vs = append(vs, i.Version)
		}
		if b := st.Current(); b == nil || b.Info.Version != 1 {
			t.Errorf("current base: %+v, want version 1", b)
		}
		return vs
	}
	if got := versions(Options{ReadOnly: true, Lean: true}); !slices.Equal(got, []uint64{1}) {
		t.Errorf("read-only: versions %v, want [1]", got)
	}
	versions(Options{Lean: true})
	db, err = bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketKB).Bucket(versionKey(7)) != nil {
			t.Error("the writer's open left the unfinished version")
		}
		return nil
	})
}

func TestAliasKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"厦大", "厦大"}, {"厦 大", "厦大"}, {"A.I.", "AI"}, {"“宇树”", "宇树"}, {"5G", "5G"}, {"·", ""}, {"", ""},
	} {
		if got := AliasKey(c.in); got != c.want {
			t.Errorf("AliasKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestTablesRecordDamage: a byte of the rows or the sections altered is
// found by the reader of its record: reading every Row and Section of the
// damaged tables leaves Err set. The base has nine copies of the article,
// so that its rows fill more than one block: a byte past the first block
// is found by the record's own check (Tables.record), not the count's
// (Tables.fixed).
func TestTablesRecordDamage(t *testing.T) {
	var srcs []Source
	for i := range 9 {
		src := DefaultSource()
		src.Name = fmt.Sprintf("copy%d", i)
		srcs = append(srcs, src)
	}
	data := buildTest(t, BuildOptions{Sources: srcs}).Tables.Data()
	good, err := NewTables(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []int{partRows, partSections} {
		raw := good.p.Unchecked(part)
		off := int(uintptr(unsafe.Pointer(unsafe.StringData(raw))) - uintptr(unsafe.Pointer(unsafe.StringData(data))))
		if len(raw) < 4 || off < 0 || off+len(raw) > len(data) || data[off:off+len(raw)] != raw {
			t.Fatalf("part %d: %d bytes at %d, not inside the tables' bytes", part, len(raw), off)
		}
		if part == partRows && len(raw) <= sorted.BlockSize {
			t.Fatalf("%d bytes of rows: one block", len(raw))
		}
		for i := 0; i < len(raw); i += 1 + i/512 {
			bad := []byte(data)
			bad[off+i] ^= 0x01
			tb, err := NewTables(string(bad))
			if err != nil {
				t.Fatalf("part %d byte %d: %v at once; its checksum is checked when it is read", part, i, err)
			}
			for id := range tb.Sentences() {
				tb.Row(uint32(id))
			}
			for sec := range tb.Sections() {
				tb.Section(sec)
			}
			if tb.Err() == nil {
				t.Fatalf("part %d byte %d altered: every record read, no damage found", part, i)
			}
		}
	}
}

// TestTablesStarts: the starts part holds what a walk over the terms and
// the alias keys finds; a damaged one reads as empty and Err says so.
func TestTablesStarts(t *testing.T) {
	tb := defaultBase(t).Tables
	st := tb.Starts()
	keys, lasts := map[rune]bool{}, map[rune]bool{}
	for k := range tb.AliasKeys {
		r, _ := utf8.DecodeRuneInString(k)
		l, _ := utf8.DecodeLastRuneInString(k)
		keys[r], lasts[l] = true, true
	}
	if names := nameStarts(tb.Terms); len(names) == 0 || !maps.Equal(st.Names, names) {
		t.Errorf("%d name runes stored, %d found by walking the terms", len(st.Names), len(names))
	}
	if len(keys) == 0 || !maps.Equal(st.AliasFirst, keys) || !maps.Equal(st.AliasLast, lasts) || st.AliasRunes != aliasMaxRunes(tb) {
		t.Errorf("alias keys: %d first runes, %d last runes and %d runes stored, %d, %d and %d found by walking them",
			len(st.AliasFirst), len(st.AliasLast), st.AliasRunes, len(keys), len(lasts), aliasMaxRunes(tb))
	}
	data := tb.Data()
	good, err := NewTables(data)
	if err != nil {
		t.Fatal(err)
	}
	part := good.p.Unchecked(partStarts)
	off := int(uintptr(unsafe.Pointer(unsafe.StringData(part))) - uintptr(unsafe.Pointer(unsafe.StringData(data))))
	for _, i := range []int{0, 5, len(part) - 1} {
		bad := []byte(data)
		bad[off+i] ^= 0x10
		d, err := NewTables(string(bad))
		if err != nil {
			t.Fatal(err)
		}
		if st := d.Starts(); len(st.Names)+len(st.AliasFirst)+len(st.AliasLast)+st.AliasRunes != 0 || !errors.Is(d.Err(), errTables) {
			t.Errorf("starts byte %d altered: %d names read, Err %v", i, len(st.Names), d.Err())
		}
	}
}

// TestTablesStartsMalformed: a starts part whose checksums hold but whose
// runes do not fit it, are not ascending, or are followed by other bytes,
// reads as empty and Err says so; the good part, reassembled the same
// way, reads whole.
func TestTablesStartsMalformed(t *testing.T) {
	good, err := NewTables(defaultBase(t).Tables.Data())
	if err != nil {
		t.Fatal(err)
	}
	with := func(starts []byte) Tables {
		var parts [][]byte
		for i := range numParts {
			parts = append(parts, []byte(good.p.Unchecked(i)))
		}
		parts[partStarts] = starts
		tb, err := NewTables(string(sorted.AppendParts(nil, tablesMagic, parts...)))
		if err != nil {
			t.Fatal(err)
		}
		return tb
	}
	u32 := func(vs ...uint32) []byte {
		var b []byte
		for _, v := range vs {
			b = binary.BigEndian.AppendUint32(b, v)
		}
		return b
	}
	intact := []byte(good.p.Unchecked(partStarts))
	if st := with(intact).Starts(); len(st.Names) == 0 || !maps.Equal(st.Names, good.Starts().Names) {
		t.Fatalf("the intact part reassembled: %d names", len(st.Names))
	}
	for _, tc := range []struct {
		name string
		part []byte
	}{
		{"empty", nil},
		{"no sets", u32(5)},
		{"a set missing", u32(5, 1, '甲', 1, '乙')},
		{"a count past the bytes", u32(5, 3, '甲', '乙')},
		{"unsorted", u32(5, 2, '甲', '乙', 0, 0)},
		{"repeated", u32(5, 2, '甲', '甲', 0, 0)},
		{"not a rune", u32(5, 1, 0x110000, 0, 0)},
		{"bytes after", append(u32(5, 1, '甲', 1, '乙', 1, '丙'), 0)},
		{"the longest key past int32", u32(1<<31, 0, 0, 0)},
	} {
		tb := with(tc.part)
		if st := tb.Starts(); len(st.Names)+len(st.AliasFirst)+len(st.AliasLast)+st.AliasRunes != 0 || !errors.Is(tb.Err(), errTables) {
			t.Errorf("%s: %d names, %d alias runes read, Err %v", tc.name, len(st.Names), st.AliasRunes, tb.Err())
		}
	}
	if st := with(u32(5, 1, '甲', 1, '乙', 1, '丙')).Starts(); !st.Names['甲'] || !st.AliasFirst['乙'] || !st.AliasLast['丙'] || st.AliasRunes != 5 {
		t.Errorf("a well-formed part: %+v", st)
	}
}
