package synth

import (
	"bytes"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/visitbot/visitbot/knowledge"
)

func TestArticlesDeterministic(t *testing.T) {
	a, b := Articles(5, 7), Articles(5, 7)
	if len(a) != 5 {
		t.Fatalf("Articles(5, 7) gave %d sources", len(a))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Text, b[i].Text) {
			t.Errorf("article %d differs between two calls with the same seed", i)
		}
	}
	// A prefix of a longer run is the same articles.
	for i, s := range Articles(3, 7) {
		if !bytes.Equal(s.Text, a[i].Text) {
			t.Errorf("article %d of Articles(3, 7) differs from Articles(5, 7)'s", i)
		}
	}
	c := Articles(5, 8)
	same := 0
	for i := range a {
		if bytes.Equal(a[i].Text, c[i].Text) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d articles are the same for seeds 7 and 8", same)
	}
	if bytes.Equal(a[0].Text, a[1].Text) {
		t.Error("articles 1 and 2 are the same")
	}
}

// TestArticlesStructure checks that every synthetic article is a valid
// source with the default article's paragraphs, kinds, sections and
// sentence counts, and that its sentences are a permutation of the
// default's, up to names and numbers.
func TestArticlesStructure(t *testing.T) {
	orig, err := knowledge.Parse(knowledge.DefaultSource())
	if err != nil {
		t.Fatal(err)
	}
	digits := regexp.MustCompile(`[0-9]+`)
	mask := func(s string) string {
		return digits.ReplaceAllStringFunc(s, func(d string) string { return strings.Repeat("0", len(d)) })
	}
	// The default article's sentences with names and numbers masked.
	olds := append(append([]string(nil), People...), Orgs...)
	origSents := map[string]int{}
	var origOrder []string
	for _, p := range orig.Paragraphs {
		for _, s := range p.Sentences {
			m := maskNames(mask(s.Text), olds)
			origSents[m]++
			origOrder = append(origOrder, m)
		}
	}
	origDigits := digits.FindAllString(string(knowledge.DefaultSource().Text), -1)
	names := map[string]bool{}
	reordered, renumbered := 0, 0
	for i, src := range Articles(20, 1) {
		if err := src.Check(); err != nil {
			t.Fatalf("%s: %v", src.Name, err)
		}
		doc, err := knowledge.Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", src.Name, err)
		}
		if doc.Name != src.Name || !strings.HasPrefix(src.Name, "synth-") {
			t.Errorf("document name %q, source name %q", doc.Name, src.Name)
		}
		if len(doc.Paragraphs) != len(orig.Paragraphs) {
			t.Fatalf("%s: %d paragraphs, the default article has %d", src.Name, len(doc.Paragraphs), len(orig.Paragraphs))
		}
		for i, p := range doc.Paragraphs {
			o := orig.Paragraphs[i]
			if p.Kind != o.Kind || p.Section != o.Section {
				t.Errorf("%s paragraph %d: kind %v section %d, the default's is %v section %d", src.Name, p.Number, p.Kind, p.Section, o.Kind, o.Section)
			}
		}
		for _, w := range People {
			if bytes.Contains(src.Text, []byte(w)) {
				t.Errorf("%s still names %s", src.Name, w)
			}
		}
		for _, w := range Orgs {
			if bytes.Contains(src.Text, []byte(w)) {
				t.Errorf("%s still names %s", src.Name, w)
			}
		}
		if !bytes.Contains(src.Text, []byte("习近平")) {
			t.Errorf("%s lost 习近平", src.Name)
		}
		// The sentences: the same multiset once names and numbers are masked.
		got := map[string]int{}
		var text []string
		for _, p := range doc.Paragraphs {
			for _, s := range p.Sentences {
				text = append(text, s.Text)
			}
		}
		// The names this article was given: renames draws first from the
		// article's generator.
		pairs := renames(rand.New(rand.NewPCG(1, uint64(i))))
		var news []string
		for k := 1; k < len(pairs); k += 2 {
			news = append(news, pairs[k])
		}
		var order []string
		for _, s := range text {
			m := maskNames(mask(s), news)
			got[m]++
			order = append(order, m)
		}
		if !mapsEqual(got, origSents) {
			t.Errorf("%s: its sentences are not the default's, shuffled and renamed", src.Name)
		}
		if !slices.Equal(order, origOrder) {
			reordered++
		}
		if ds := digits.FindAllString(string(src.Text), -1); len(ds) != len(origDigits) {
			t.Errorf("%s has %d numbers, the default article %d", src.Name, len(ds), len(origDigits))
		} else if !slices.Equal(ds, origDigits) {
			renumbered++
		}
		names[strings.Join(news, ",")] = true
	}
	if reordered < 19 || renumbered < 19 {
		t.Errorf("of 20 articles, %d have their sentences in another order and %d other numbers", reordered, renumbered)
	}
	if len(names) < 20 {
		t.Errorf("20 articles have %d different sets of names", len(names))
	}
}

// maskNames replaces each of names in s with as many X.
func maskNames(s string, names []string) string {
	for _, w := range names {
		s = strings.ReplaceAll(s, w, strings.Repeat("X", len([]rune(w))))
	}
	return s
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
