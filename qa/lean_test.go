package qa

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/visitbot/visitbot/knowledge"
)

// TestLeanAnswersSame answers every question of the evaluation sets from
// the default base twice: in memory, and read from its file as ask reads
// it (Options.Lean: sentences and postings read through a Reader as the
// questions need them). The answers must be the same, field for field.
func TestLeanAnswersSame(t *testing.T) {
	b := sharedBase(t)
	path := filepath.Join(t.TempDir(), "kb.db")
	st, err := knowledge.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	built, err := knowledge.Build(context.Background(), knowledge.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Save(built); err != nil {
		t.Fatal(err)
	}
	st.Close()
	lean, err := knowledge.OpenWith(path, knowledge.Options{ReadOnly: true, Lean: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lean.Close()
	if lb := lean.Current(); lb == nil || lb.Sentences != nil || lb.Index != nil || lb.Terms != nil {
		t.Fatalf("the lean base holds its sentences, index or terms: %+v", lb.Info)
	}
	mem, fromFile := New(Fixed(b)), New(lean)
	sets, _ := filepath.Glob(filepath.Join("..", "testdata", "eval", "*.jsonl"))
	var cases []Case
	for _, set := range append(sets, devQuestions) {
		cases = append(cases, readSet(t, set)...)
	}
	ctx := context.Background()
	for _, c := range cases {
		want, got := mem.Ask(ctx, c.Q), fromFile.Ask(ctx, c.Q)
		if got.Err != nil {
			t.Fatalf("%q: %v", c.Q, got.Err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\nfrom the file %+v\nin memory     %+v", c.Q, got, want)
		}
	}
	if len(cases) < 1000 {
		t.Errorf("only %d questions", len(cases))
	}
}
