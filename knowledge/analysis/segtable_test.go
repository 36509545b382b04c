package analysis

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/go-ego/gse"
)

// gseOracle is gse's own segmenter over the same words as the analyzer New
// makes from entries, with the distances gse's CalcToken gives: what the
// segmentation table must reproduce.
func gseOracle(t testing.TB, entries []Entry) (*gse.Segmenter, *Analyzer) {
	t.Helper()
	seg, _, err := newSegmenter(entries)
	if err != nil {
		t.Fatal(err)
	}
	seg.CalcToken()
	a, err := New(entries)
	if err != nil {
		t.Fatal(err)
	}
	return seg, a
}

// sameCut fails t unless the table cuts text where gse does.
func sameCut(t testing.TB, seg *gse.Segmenter, a *Analyzer, text string) {
	t.Helper()
	var want []span
	for _, s := range seg.Segment([]byte(text)) {
		want = append(want, span{s.Start(), s.End()})
	}
	got := a.tab.segment(text, nil)
	if !slices.Equal(got, want) {
		t.Fatalf("segment(%q):\n got %v\nwant %v (gse)", text, cut(text, got), cut(text, want))
	}
}

func cut(text string, spans []span) []string {
	var out []string
	for _, s := range spans {
		if s.start < 0 || s.end > len(text) || s.start > s.end {
			out = append(out, "!bad span")
			continue
		}
		out = append(out, text[s.start:s.end])
	}
	return out
}

// articleEntries is the dictionary a knowledge base of the default article
// would get: gse's words found in it, its people's names, and some Latin
// words (with a capital, which gse lower-cases).
var articleEntries = sync.OnceValues(func() ([]Entry, error) {
	text, err := os.ReadFile("../articles/wuxi-delegation-visit.txt")
	if err != nil {
		return nil, err
	}
	l, err := testLexicon()
	if err != nil {
		return nil, err
	}
	var norms []string
	for _, line := range strings.Split(string(text), "\n") {
		norms = append(norms, Normalize(line))
	}
	entries := l.Discover(norms)
	return append(entries, Entry{Word: "杜小刚", Freq: 5000, Pos: "nr"}, Entry{Word: "ai+", Freq: 300},
		Entry{Word: "Robot", Freq: 200}, Entry{Word: "5g", Freq: 400}, Entry{Word: "c919大飞机", Freq: 50}), nil
})

// corpus is every line of the article and every question of the held-out
// sets, each as written and normalised.
func corpus(t *testing.T) []string {
	t.Helper()
	text, err := os.ReadFile("../articles/wuxi-delegation-visit.txt")
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Split(string(text), "\n")
	files, err := filepath.Glob("../../testdata/eval/heldout*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no held-out sets: %v", err)
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			var q struct{ Q string }
			if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, q.Q)
		}
		fh.Close()
	}
	n := len(out)
	for _, s := range out[:n] {
		out = append(out, Normalize(s))
	}
	return out
}

// TestSegmentMatchesGse cuts the article and some 14,000 questions, as
// written and normalised, over the article's dictionary, and requires the
// table's cut to be gse's, segment for segment.
func TestSegmentMatchesGse(t *testing.T) {
	if testing.Short() {
		t.Skip("loads gse's full dictionary")
	}
	entries, err := articleEntries()
	if err != nil {
		t.Fatal(err)
	}
	seg, a := gseOracle(t, entries)
	texts := corpus(t)
	for _, s := range texts {
		sameCut(t, seg, a, s)
	}
	t.Logf("%d texts cut as gse cuts them", len(texts))
	// The small dictionary of the other tests, where more characters
	// start no word (gse's stand-in of distance 32).
	seg, a = gseOracle(t, []Entry{{Word: "杜小刚", Freq: 5000}, {Word: "福州", Freq: 100}, {Word: "福州市", Freq: 90}})
	for _, s := range texts {
		sameCut(t, seg, a, s)
	}
	// Words with a control character (normalised text has none) are
	// left out of the dictionary: gse's trie keeps a word's value under
	// byte 0, and panics on some words that hold one.
	seg, a = gseOracle(t, []Entry{{Word: "x\x00yz", Freq: 100}, {Word: "x", Freq: 5}, {Word: "福\x00州", Freq: 100}})
	for _, s := range []string{"x\x00yz", "福\x00州", "福州 x\x00y"} {
		sameCut(t, seg, a, s)
	}
}

// FuzzSegmentMatchesGse holds the table to gse on any text.
func FuzzSegmentMatchesGse(f *testing.F) {
	for _, s := range []string{"市委书记杜小刚带队赴福州", "ai+ 5亿元", "a\xffb", "ROBOT机器人Ⅻ½é5g", "...", "杜小刚杜小刚", "c919大飞机"} {
		f.Add(s)
	}
	entries, err := articleEntries()
	if err != nil {
		f.Fatal(err)
	}
	seg, a := gseOracle(f, entries)
	f.Fuzz(func(t *testing.T, in string) {
		sameCut(t, seg, a, in)
	})
}

// TestLoadDamaged: a truncated or bit-flipped table is an error from Load
// or, where the damage passes its checks (a distance, a hash), still
// segments without panicking and covers the text.
func TestLoadDamaged(t *testing.T) {
	a := testAnalyzer(t)
	table := a.Table()
	if b, err := Load(slices.Clone(table)); err != nil || b.Size() != a.Size() {
		t.Fatalf("Load(Table()) = %v, %v", b, err)
	}
	for _, n := range []int{0, 3, 15, 16, 17, len(table) / 2, len(table) - 1} {
		if _, err := Load(table[:n]); err == nil && n < len(table)-1 {
			t.Errorf("Load of %d of %d bytes: no error", n, len(table))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	text := Normalize("市委书记杜小刚带队赴福州、厦门大学校长说 ai+ 5g")
	for range 2000 {
		d := slices.Clone(table)
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(d))
			d[i] ^= 1 << rng.IntN(8)
		}
		b, err := Load(d)
		if err != nil {
			if !strings.Contains(err.Error(), "segmentation table") {
				t.Fatalf("Load error %q does not say what is damaged", err)
			}
			continue
		}
		end := 0
		for _, s := range b.tab.segment(text, nil) {
			if s.start != end || s.end <= s.start {
				t.Fatalf("damaged table: segments %v do not follow on", b.tab.segment(text, nil))
			}
			end = s.end
		}
		if end != len(text) {
			t.Fatalf("damaged table: segments cover %d of %d bytes", end, len(text))
		}
	}
}
