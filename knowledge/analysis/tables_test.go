package analysis

import (
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"github.com/mozillazg/go-pinyin"
)

// TestReadingsTable checks the embedded table against the library it was
// made from, ideograph by ideograph: run go generate if it fails.
func TestReadingsTable(t *testing.T) {
	heteronym := pinyin.NewArgs()
	heteronym.Heteronym = true
	n := 0
	for cp := range pinyin.PinyinDict {
		r := rune(cp)
		want := pinyin.SinglePinyin(r, heteronym)
		if got := readings(r); !slices.Equal(got, want) {
			t.Fatalf("readings(%q U+%04X) = %q, go-pinyin says %q: run go generate ./knowledge/analysis", r, cp, got, want)
		}
		n++
	}
	if n < 40000 {
		t.Fatalf("go-pinyin has %d ideographs; expected over 40,000", n)
	}
	for _, r := range []rune{'a', '。', 0x10FFFF, 0x4DFF} {
		if got := readings(r); got != nil {
			t.Errorf("readings(%q) = %q, want none", r, got)
		}
	}
}

func TestSoundAndRomanise(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"杜小刚", []string{"duxiaogang", "tuxiaogang"}}, // 杜 has a rare reading tu
		{"厦门", []string{"shamen", "xiamen"}},
		{"绿", []string{"lv", "lu"}},
		{"ab", nil},
	} {
		if got := Romanise(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Romanise(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		r    rune
		want string
	}{{'校', "xiao"}, {'效', "xiao"}, {'张', "zan"}, {'林', "nin"}, {'x', ""}} {
		if got := Sound(tc.r); got != tc.want {
			t.Errorf("Sound(%q) = %q, want %q", tc.r, got, tc.want)
		}
	}
}

// TestTraditionalTables checks the embedded tables against the OpenCC
// library they were copied from: the bit of every rune of the Basic
// Multilingual Plane, the conversion of every rune, every phrase, the
// article written in Traditional characters, and random runs of the
// tables' keys. Run go generate if it fails.
func TestTraditionalTables(t *testing.T) {
	cc, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	want := func(s string) string {
		t.Helper()
		out, err := cc.Convert(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	check := func(s string) {
		t.Helper()
		if got, want := t2s().convert(s), want(s); got != want {
			t.Fatalf("convert(%q) = %q, OpenCC says %q: run go generate ./knowledge/analysis", s, got, want)
		}
	}
	n := 0
	for r := rune(0); r < 0x30000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		check(s)
		if r < 0x10000 && isTraditional(r) != (want(s) != s) {
			t.Fatalf("isTraditional(%q U+%04X) = %v, OpenCC disagrees: run go generate ./knowledge/analysis", r, r, isTraditional(r))
		}
		if r < 0x10000 && isTraditional(r) {
			n++
		}
	}
	if n < 3000 {
		t.Fatalf("%d Traditional characters; expected over 3,000", n)
	}
	c := t2s()
	var keys []string
	for k := range c.phrases {
		keys = append(keys, k)
		check(k)
	}
	for _, at := range c.lines {
		r, _ := utf8.DecodeRuneInString(c.chars[at:])
		keys = append(keys, string(r))
	}
	slices.Sort(keys)
	s2t, err := opencc.New("s2t")
	if err != nil {
		t.Fatal(err)
	}
	article, err := s2t.Convert(testArticle(t))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(article) {
		check(line)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			switch rng.IntN(3) {
			case 0:
				b.WriteString(keys[rng.IntN(len(keys))])
			case 1:
				k := []rune(keys[rng.IntN(len(keys))])
				b.WriteString(string(k[:1+rng.IntN(len(k))]))
			default:
				b.WriteString("的a 1")
			}
		}
		check(b.String())
	}
}

// testArticle is the default article's text.
func testArticle(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../articles/wuxi-delegation-visit.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// BenchmarkToSimplified converts the article written in Traditional
// characters, a line at a time, with the tables built.
func BenchmarkToSimplified(b *testing.B) {
	s2t, err := opencc.New("s2t")
	if err != nil {
		b.Fatal(err)
	}
	article, err := s2t.Convert(testArticle(b))
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(article, "\n")
	t2s()
	b.SetBytes(int64(len(article)))
	for b.Loop() {
		for _, line := range lines {
			toSimplified(line)
		}
	}
}
