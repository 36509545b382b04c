package analysis

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

// gse's full dictionary costs over a second: load it once.
var testLexicon = sync.OnceValues(LoadLexicon)

func lexicon(t *testing.T) *Lexicon {
	t.Helper()
	if testing.Short() {
		t.Skip("loads gse's full dictionary")
	}
	l, err := testLexicon()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func tokenTexts(toks []Token) []string {
	var out []string
	for _, t := range toks {
		out = append(out, t.Text)
	}
	return out
}

func TestLexicon(t *testing.T) {
	l := lexicon(t)
	if e, ok := l.Lookup("厦门大学"); !ok || e.Word != "厦门大学" || e.Freq <= 0 {
		t.Errorf("Lookup(厦门大学) = %v, %v", e, ok)
	}
	if _, ok := l.Lookup("杜小刚"); ok {
		t.Log("gse's dictionary now knows 杜小刚")
	}
	if _, ok := l.Lookup("不是一个词语啊啊"); ok {
		t.Error("Lookup found a made-up word")
	}
	if p := l.Pos("福州"); p != "ns" {
		t.Errorf("Pos(福州) = %q, want ns", p)
	}
	if p := l.Pos("不是一个词语啊啊"); p != "" {
		t.Errorf("Pos of a made-up word = %q", p)
	}

	// Segment: offsets match, and the full dictionary does not keep the
	// name 杜小刚 whole, which is why a knowledge base adds its own names.
	norm := "市委书记杜小刚带队赴福州、厦门"
	toks := l.Segment(norm)
	end := 0
	for _, tok := range toks {
		if tok.Start != end || norm[tok.Start:tok.End] != tok.Text {
			t.Errorf("Segment(%q): token %+v does not follow on at %d", norm, tok, end)
		}
		end = tok.End
	}
	if end != len(norm) {
		t.Errorf("Segment(%q) covers %d of %d bytes", norm, end, len(norm))
	}
	if slices.Contains(tokenTexts(toks), "杜小刚") {
		t.Errorf("gse's full dictionary keeps 杜小刚 whole (%q): the knowledge base's own names may no longer be needed", tokenTexts(toks))
	}

	// Discover: the dictionary's words of two or more characters in the
	// texts, sorted, with their frequencies.
	found := l.Discover([]string{norm, "厦门大学校长张宗益"})
	words := make([]string, 0, len(found))
	for _, e := range found {
		words = append(words, e.Word)
		if len([]rune(e.Word)) < 2 || e.Freq <= 0 || !strings.Contains(norm+"厦门大学校长张宗益", e.Word) {
			t.Errorf("Discover gave %+v", e)
		}
	}
	if !slices.IsSorted(words) {
		t.Errorf("Discover is not sorted: %q", words)
	}
	for _, w := range []string{"市委书记", "福州", "厦门", "厦门大学", "校长"} {
		if !slices.Contains(words, w) {
			t.Errorf("Discover lacks %q: %q", w, words)
		}
	}

	// An analyzer made of what Discover found, plus the name, keeps the
	// name whole and the dictionary's words. (It does not always cut as the
	// full dictionary does: gse weighs a word by its share of the whole
	// dictionary's frequency, and a small dictionary has a small total, so
	// it prefers more, shorter words: 市委/书记 here.)
	a, err := New(append(found, Entry{Word: "杜小刚", Freq: 5000}))
	if err != nil {
		t.Fatal(err)
	}
	got := tokenTexts(a.Tokens(norm))
	for _, w := range []string{"杜小刚", "带队", "福州", "厦门"} {
		if !slices.Contains(got, w) {
			t.Errorf("Tokens(%q) = %q, want %q whole", norm, got, w)
		}
	}
	if strings.Join(got, "") != "市委书记杜小刚带队赴福州厦门" {
		t.Errorf("Tokens(%q) = %q: not all of the text", norm, got)
	}
}
