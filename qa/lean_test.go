package qa

import (
	"context"
	"encoding/binary"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/lexicon"
	"github.com/visitbot/visitbot/knowledge/sorted"
)

// TestLeanAnswersSame answers every question of the evaluation sets from
// the default base twice: in memory, and read from its file as ask reads
// it (Options.Lean: sentences and postings read through a Reader as the
// questions need them). The answers must be the same, field for field.
func TestLeanAnswersSame(t *testing.T) {
	sets, _ := filepath.Glob(filepath.Join("..", "testdata", "eval", "*.jsonl"))
	var qs []string
	for _, set := range append(sets, devQuestions) {
		for _, c := range readSet(t, set) {
			qs = append(qs, c.Q)
		}
	}
	if len(qs) < 1000 {
		t.Errorf("only %d questions", len(qs))
	}
	sameFromFile(t, sharedBase(t), knowledge.BuildOptions{}, qs)
}

// TestLeanAnswersSameDocuments does the same on a base of two documents,
// whose citations name them.
func TestLeanAnswersSameDocuments(t *testing.T) {
	opt := knowledge.BuildOptions{Sources: []knowledge.Source{knowledge.DefaultSource(),
		{Name: "note", Path: "note.txt", Text: []byte("无锡代表团到访厦门。\n考察团参观了厦门大学,并与厦门大学校长会谈。\n")}}}
	b, err := knowledge.Build(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	sameFromFile(t, b, opt, []string{"考察团参观了什么?", "厦门大学校长是谁?", "杜小刚去了哪里?", "无锡代表团到访了哪里?"})
}

// sameFromFile saves a base built from opt and asks qs of it read from
// its file as ask reads it (Options.Lean: sentences and postings read
// through a Reader as the questions need them) and of b in memory: the
// answers must be the same, field for field.
func sameFromFile(t *testing.T, b *knowledge.Base, opt knowledge.BuildOptions, qs []string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kb.db")
	st, err := knowledge.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	built, err := knowledge.Build(context.Background(), opt)
	if err == nil {
		err = st.Save(built)
	}
	if err := errors.Join(err, st.Close()); err != nil {
		t.Fatal(err)
	}
	lean, err := knowledge.OpenWith(path, knowledge.Options{ReadOnly: true, Lean: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lean.Close()
	if lb := lean.Current(); lb == nil || lb.Sentences != nil || lb.Index != nil || lb.Terms != nil {
		t.Fatalf("the lean base holds its sentences, index or terms: %+v", lb.Info)
	}
	mem, fromFile := New(Fixed(b)), New(lean)
	ctx := context.Background()
	docs := map[string]bool{}
	for _, q := range qs {
		want, got := mem.Ask(ctx, q), fromFile.Ask(ctx, q)
		if got.Err != nil {
			t.Fatalf("%q: %v", q, got.Err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\nfrom the file %+v\nin memory     %+v", q, got, want)
		}
		for _, c := range got.Citations {
			docs[c.Doc] = true
		}
	}
	if len(docs) != len(opt.Sources) && len(opt.Sources) > 1 {
		t.Errorf("the answers cite %v, want every document", docs)
	}
}

// TestDamagedTables: a part of the tables that does not match its
// checksum makes the answer the damaged-base error, quoting nothing.
func TestDamagedTables(t *testing.T) {
	good := sharedBase(t)
	damage := func(i int) *knowledge.Base {
		b := *good
		data := []byte(good.Tables.Data())
		data[i] ^= 1
		var err error
		if b.Tables, err = knowledge.NewTables(string(data)); err != nil {
			return nil // the header: refused at once
		}
		return &b
	}
	// The last part, the starts, is read by every question.
	a := New(Fixed(damage(len(good.Tables.Data())-1))).Ask(context.Background(), "杜小刚带队去了哪些地方?")
	if !errors.Is(a.Err, knowledge.ErrDamaged) || a.Answered || len(a.Citations)+len(a.Related) > 0 || a.Reason != ReasonDamaged {
		t.Errorf("got %+v, want the damaged-base error and no quote", a)
	}
	// A flipped bit anywhere: refused at once, or answers that are the
	// error or quote the source; never a panic.
	source := string(knowledge.DefaultSource().Text)
	for i := 0; i < len(good.Tables.Data()); i += 499 {
		b := damage(i)
		if b == nil {
			continue
		}
		e := New(Fixed(b))
		for _, q := range []string{"杜小刚带队去了哪些地方?", "度晓刚去了哪里", "第二个小标题是什么?", "宇树科技的创始人是谁?"} {
			a := e.Ask(context.Background(), q)
			for _, c := range append(a.Citations, a.Related...) {
				if a.Err != nil || !strings.Contains(source, c.Text) {
					t.Fatalf("byte %d, %q: %v, quoting %q", i, q, a.Err, c.Text)
				}
			}
		}
	}
}

// TestDamagedLexicon: a section of the lexicon that does not match its
// checksum makes an answer that looked a word up there the damaged-base
// error.
func TestDamagedLexicon(t *testing.T) {
	b := *sharedBase(t)
	data := []byte(b.Lexicon.Data())
	// The header: magic, count, four lengths, a checksum a block of each
	// part, the header's checksum (sorted.Parts).
	header := len("VBLX4") + 4 + 4*4 + 4
	for i := range 4 {
		n := int(binary.BigEndian.Uint32(data[len("VBLX4")+4+4*i:]))
		header += 4 * ((n + sorted.BlockSize - 1) / sorted.BlockSize)
	}
	data[header+10] ^= 1 // inside the first section, related words
	var err error
	if b.Lexicon, err = lexicon.NewTable(string(data)); err != nil {
		t.Fatal(err)
	}
	a := New(Fixed(&b)).Ask(context.Background(), "无锡的老大是谁?") // 老大 is looked up among related words
	if !errors.Is(a.Err, knowledge.ErrDamaged) || len(a.Citations)+len(a.Related) > 0 {
		t.Errorf("got %+v, want the damaged-base error and no quote", a)
	}
}
