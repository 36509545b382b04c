package analysis

import (
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// discoverCutAll is Discover as it was written first, over gse's CutAll:
// the reference TestDiscoverMatchesCutAll holds Discover to.
func discoverCutAll(l *Lexicon, texts []string) []Entry {
	found := make(map[string]Entry)
	for _, t := range texts {
		for _, w := range l.seg.CutAll(t) {
			if _, ok := found[w]; ok || len([]rune(w)) < 2 {
				continue
			}
			if e, ok := l.Lookup(w); ok {
				found[w] = e
			}
		}
	}
	out := make([]Entry, 0, len(found))
	for _, e := range found {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Word, b.Word) })
	return out
}

// TestDiscoverMatchesCutAll: over the article's lines, every held-out
// question (as written and normalised) and random mixtures of Chinese,
// Latin letters, digits, capitals and invalid bytes, Discover finds the
// words gse's CutAll finds, with the same frequencies and tags.
func TestDiscoverMatchesCutAll(t *testing.T) {
	if testing.Short() {
		t.Skip("loads gse's full dictionary")
	}
	l := lexicon(t)
	texts := corpus(t)
	if got, want := l.Discover(texts), discoverCutAll(l, texts); !slices.Equal(got, want) {
		t.Fatalf("Discover over the corpus: %d words, CutAll %d", len(got), len(want))
	}
	article, err := os.ReadFile("../articles/wuxi-delegation-visit.txt")
	if err != nil {
		t.Fatal(err)
	}
	pool := []rune(string(article)[:3000] + "ABCai5gG+-. \xff")
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteRune(pool[rng.IntN(len(pool))])
		}
		text := []string{b.String(), b.String()[:b.Len()/2]}
		if got, want := l.Discover(text), discoverCutAll(l, text); !slices.Equal(got, want) {
			t.Fatalf("Discover(%q) = %v, CutAll gives %v", text, got, want)
		}
	}
}
