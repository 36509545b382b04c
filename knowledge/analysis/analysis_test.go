package analysis

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/lang"
)

func TestUnits(t *testing.T) {
	tests := []struct {
		in   string
		want string // units, "|" before one that follows a gap
	}{
		{"", ""},
		{"。 ,", ""},
		{"杜小刚", "|杜 小 刚"},
		{"杜小刚ai+5亿元 abc", "|杜 小 刚 ai |5 亿 元 |abc"},
		{"ai2025年", "|ai 2025 年"},
		{"3.5%", "|3 |5"},
		{"宇树，强脑", "|宇 树 |强 脑"},
		{"αβγ東京", "|αβγ 東 京"},
		{"  a  ", "|a"},
		{"x\xffy", "|x |y"},
	}
	for _, tt := range tests {
		var b strings.Builder
		last := -1
		Units(tt.in, func(u Unit, gap bool) {
			if u.Start < last || u.Start >= u.End || u.End > len(tt.in) {
				t.Errorf("Units(%q): unit [%d,%d) after %d", tt.in, u.Start, u.End, last)
			}
			last = u.End
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			if gap {
				b.WriteByte('|')
			}
			b.WriteString(tt.in[u.Start:u.End])
		})
		if got := b.String(); got != tt.want {
			t.Errorf("Units(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGrams(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"杜小刚", []string{"杜", "小", "杜小", "刚", "小刚"}},
		{"宇树，科技", []string{"宇", "树", "宇树", "科", "技", "科技"}}, // no 树科 across the comma
		{"ai+机器人", []string{"ai", "机", "器", "机器", "人", "器人"}},
		{"5亿元", []string{"5", "亿", "5亿", "元", "亿元"}},
		{"a b", []string{"a", "b"}},
	}
	for _, tt := range tests {
		var got []string
		Grams(tt.in, func(g string) { got = append(got, g) })
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Grams(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSound(t *testing.T) {
	same := [][2]string{
		{"杜晓刚", "杜小刚"}, // a homophone typo of the name
		{"金荣", "金融"},
		{"荣", "融"},
		{"张", "章"},
		{"张", "脏"}, // zh/z
		{"陈", "岑"}, // ch/c
		{"师", "斯"}, // sh/s
		{"李", "你"}, // l/n
		{"刚", "干"}, // -ng/-n
	}
	for _, p := range same {
		a, b := []rune(p[0]), []rune(p[1])
		for i := range a {
			sa, sb := Sound(a[i]), Sound(b[i])
			if sa == "" || sa != sb {
				t.Errorf("Sound(%q) = %q, Sound(%q) = %q; want the same", a[i], sa, b[i], sb)
			}
		}
	}
	for _, p := range [][2]rune{{'杜', '王'}, {'小', '大'}, {'刚', '钢' + 1}, {'厦', '门'}} {
		if Sound(p[0]) == Sound(p[1]) {
			t.Errorf("Sound(%q) == Sound(%q) == %q", p[0], p[1], Sound(p[0]))
		}
	}
	for _, r := range []rune{'a', '1', '。', ' ', '😀', utf8.RuneError} {
		if s := Sound(r); s != "" {
			t.Errorf("Sound(%q) = %q, want \"\"", r, s)
		}
	}
	// Concurrent use shares the cache.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, r := range "杜小刚厦门大学宇树科技" {
				if Sound(r) == "" {
					t.Errorf("Sound(%q) is empty", r)
				}
			}
		}()
	}
	wg.Wait()
}

func TestFoldPinyin(t *testing.T) {
	for in, want := range map[string]string{
		"zhang": "zan", "chen": "cen", "shi": "si", "li": "ni", "long": "non",
		"xiao": "xiao", "rong": "ron", "ying": "yin", "zi": "zi", "er": "er",
	} {
		if got := foldPinyin(in); got != want {
			t.Errorf("foldPinyin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDictionaryRoundTrip(t *testing.T) {
	entries := []Entry{
		{Word: "杜小刚", Freq: 5000},
		{Word: "厦门大学", Freq: 1234.5, Pos: "nt"},
		{Word: "ai", Freq: 0.001, Pos: "eng"},
		{Word: "5亿元", Freq: 1e9},
	}
	text := Dictionary(entries)
	if !strings.HasPrefix(text, "5亿元 1000000000\nai 0.001 eng\n") {
		t.Errorf("Dictionary is not sorted by word, or not in gse's format:\n%s", text)
	}
	got, err := ParseDictionary(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{entries[3], entries[2], entries[1], entries[0]} // by bytes: 厦 before 杜
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseDictionary(Dictionary(x)) = %v, want %v", got, want)
	}
	if Dictionary(got) != text {
		t.Error("Dictionary is not stable")
	}
	// Blank lines, CRLF and extra spaces are tolerated.
	got, err = ParseDictionary("\n杜小刚  5000\r\n\n厦门大学 1 nt\n")
	if err != nil || len(got) != 2 || got[1].Pos != "nt" {
		t.Errorf("ParseDictionary with blank lines = %v, %v", got, err)
	}
	if got, err := ParseDictionary(""); err != nil || len(got) != 0 {
		t.Errorf("ParseDictionary(\"\") = %v, %v", got, err)
	}
}

func TestParseDictionaryErrors(t *testing.T) {
	for _, tt := range []struct{ text, line string }{
		{"杜小刚\n", "line 1"},
		{"a 1\n杜小刚 x\n", "line 2"},
		{"a 1\nb 2\n\nc 0\n", "line 4"},
		{"a -5\n", "line 1"},
		{"a 1 n extra\n", "line 1"},
		{"a NaN\n", "line 1"},
		{"a +Inf\n", "line 1"},
		{"a 1e999\n", "line 1"},
	} {
		if _, err := ParseDictionary(tt.text); err == nil || !strings.Contains(err.Error(), tt.line) {
			t.Errorf("ParseDictionary(%q) = %v, want an error at %s", tt.text, err, tt.line)
		}
	}
}

// testAnalyzer is an analyzer with a few words of the default article.
func testAnalyzer(t *testing.T) *Analyzer {
	t.Helper()
	a, err := New([]Entry{
		{Word: "杜小刚", Freq: 5000},
		{Word: "市委书记", Freq: 3000, Pos: "n"},
		{Word: "带队", Freq: 1000, Pos: "v"},
		{Word: "福州", Freq: 2000, Pos: "ns"},
		{Word: "厦门大学", Freq: 2000, Pos: "nt"},
		{Word: "校长", Freq: 2000, Pos: "n"},
		{Word: "bad", Freq: 0},          // no frequency: skipped
		{Word: "nan", Freq: math.NaN()}, // skipped
		{Word: "two words", Freq: 10},   // skipped
		{Word: "杜小刚", Freq: 1},          // a repeat: skipped
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAnalyzerTokens(t *testing.T) {
	a := testAnalyzer(t)
	want := 6 + len(LexiconWords())
	for _, w := range lang.HeadWords.Words() {
		if !slices.Contains(LexiconWords(), w) {
			want++ // the words for heads join every dictionary
		}
	}
	extra := map[string]bool{}
	for _, w := range NicknameWords() {
		extra[w] = true // and cities' other names
	}
	for _, w := range lang.DescriptionPlaces.Words() {
		extra[w] = true // and the heads of places described
	}
	for w := range extra {
		if !slices.Contains(LexiconWords(), w) && !lang.HeadWords.Has(w) {
			want++
		}
	}
	if a.Size() != want {
		t.Errorf("Size() = %d, want %d", a.Size(), want)
	}
	tests := []struct {
		in   string
		want string // tokens, function words in brackets
	}{
		{"", ""},
		{"。，!", ""},
		{"市委书记杜小刚带队赴福州", "市委书记 杜小刚 带队 赴 福州"},
		{"请问杜小刚是谁呀", "[请问] 杜小刚 [是] [谁] [呀]"},
		{"厦门大学的校长是谁?", "厦门大学 [的] 校长 [是] [谁]"},
		{"ai+ 5亿元", "ai 5 亿 元"},
		{"杜小刚 @ 福州", "杜小刚 福州"},
		{"我有点想不起来", "[我] [有点] [想] [不] [起来]"}, // 有点: a degree adverb, not 有 and 点 (a point)
	}
	for _, tt := range tests {
		toks := a.Tokens(tt.in)
		var parts []string
		end := 0
		for _, tok := range toks {
			if tok.Start < end || tok.Start >= tok.End || tok.End > len(tt.in) || tt.in[tok.Start:tok.End] != tok.Text {
				t.Errorf("Tokens(%q): token %+v does not match its offsets", tt.in, tok)
			}
			end = tok.End
			if tok.Function != IsFunctionWord(tok.Text) {
				t.Errorf("Tokens(%q): %q Function %v", tt.in, tok.Text, tok.Function)
			}
			if tok.Function {
				parts = append(parts, "["+tok.Text+"]")
			} else {
				parts = append(parts, tok.Text)
			}
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzAnalyzerTokens checks token offsets on any normalised text.
func FuzzAnalyzerTokens(f *testing.F) {
	a, err := New([]Entry{{Word: "杜小刚", Freq: 5000}, {Word: "福州", Freq: 100}})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"市委书记杜小刚带队赴福州", "ai+ 5亿元", "a\xffb", "...", "杜小刚杜小刚"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		norm := Normalize(in)
		end := 0
		for _, tok := range a.Tokens(norm) {
			if tok.Start < end || tok.Start >= tok.End || tok.End > len(norm) || norm[tok.Start:tok.End] != tok.Text {
				t.Fatalf("Tokens(%q): token %+v does not match its offsets", norm, tok)
			}
			if !hasWordRune(tok.Text) {
				t.Fatalf("Tokens(%q): token %q has no letter or digit", norm, tok.Text)
			}
			end = tok.End
		}
	})
}

func TestAnalyzerConcurrent(t *testing.T) {
	a := testAnalyzer(t)
	want := fmt.Sprint(a.Tokens("市委书记杜小刚带队赴福州"))
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if got := fmt.Sprint(a.Tokens("市委书记杜小刚带队赴福州")); got != want {
					t.Errorf("concurrent Tokens = %s, want %s", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestFunctionWords(t *testing.T) {
	for _, w := range []string{"的", "是", "请问", "呀", "嘛", "谁", "什么", "哪里", "多少", "为什么", "这篇"} {
		if !IsFunctionWord(w) {
			t.Errorf("IsFunctionWord(%q) = false", w)
		}
	}
	for _, w := range []string{"杜小刚", "厦门", "大学", "编辑", "校长", ""} {
		if IsFunctionWord(w) {
			t.Errorf("IsFunctionWord(%q) = true", w)
		}
	}
	words := LexiconWords()
	for i, w := range words {
		if !IsFunctionWord(w) && lang.Colloquial[w] == nil && !lang.DeicticTimes.Has(w) && !lang.AskerContext.Has(w) && !lang.AskerTaskVerbs.Has(w) || i > 0 && words[i-1] >= w {
			t.Errorf("LexiconWords: %q out of order, or neither a function word, one of everyday speech, of the asker's life nor a time of today", w)
		}
	}
	if !slices.Contains(words, "儿子") {
		t.Error("LexiconWords: 儿子 is not read whole")
	}
	if !slices.Contains(words, "明天") {
		t.Error("LexiconWords: 明天 is not read whole")
	}
	if !slices.Contains(words, "出差") || slices.Contains(words, "跑") {
		t.Error("LexiconWords: the words of everyday speech of two characters or more are not all there")
	}
}

func TestIsHanIsWordRune(t *testing.T) {
	for r, want := range map[rune][2]bool{
		'杜': {true, true}, '〇': {true, false}, 'a': {false, true}, '5': {false, true},
		'。': {false, false}, ' ': {false, false}, 'の': {false, true},
	} {
		if IsHan(r) != want[0] || IsWordRune(r) != want[1] {
			t.Errorf("%q: IsHan %v IsWordRune %v, want %v", r, IsHan(r), IsWordRune(r), want)
		}
	}
}

// TestWordRuneIdeographs: isWordRune's short way for the common
// ideographs answers what unicode.IsLetter does for each of them.
func TestWordRuneIdeographs(t *testing.T) {
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if !unicode.IsLetter(r) {
			t.Fatalf("%U is no letter in Unicode %s: isWordRune's short way is wrong", r, unicode.Version)
		}
	}
}

// TestAnalyzerJoinsNames: a name of the base that is not in the
// dictionary comes out as one token, the longest name first, never across
// a gap; without names the tokens are gse's.
func TestAnalyzerJoinsNames(t *testing.T) {
	a, err := New([]Entry{{Word: "带队", Freq: 1000}, {Word: "校长", Freq: 1000}, {Word: "厦门", Freq: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	texts := func(toks []Token) []string {
		var out []string
		for _, tk := range toks {
			out = append(out, tk.Text)
		}
		return out
	}
	before := texts(a.Tokens("史博凯带队去厦门"))
	if slices.Contains(before, "史博凯") {
		t.Fatalf("without names, %v already holds 史博凯: the test proves nothing", before)
	}
	names := map[string]bool{"史博凯": true, "史博": true, "凯带": true, "门史": true}
	a.SetNames(func(r rune) bool { return r == '史' || r == '凯' || r == '门' }, func(s string) bool { return names[s] })
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"史博凯带队去厦门", []string{"史博凯", "带队", "去", "厦门"}}, // the longest name, not 史博
		{"厦门,史博凯", []string{"厦门", "史博凯"}},              // not 门史: a comma between
		{"校长张三", []string{"校长", "张", "三"}},             // no name: gse's tokens
	} {
		got := texts(a.Tokens(tt.in))
		if !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestModifiedTextWords: a word for the article is a function word (这篇文章,
// 文章里), but content after a modifier or its 的 (五篇大文章, 哪几方面的
// 文章, 哪几篇文章), unless a classifier after no numeral (迭篇: Wu's this)
// or a word of where in it (考察的报道里) says it is the article.
func TestModifiedTextWords(t *testing.T) {
	a := testAnalyzer(t)
	for _, tt := range []struct {
		text    string
		content bool
	}{
		{"聚焦数字金融五篇大文章,创新", true},
		{"重点做好哪几方面的文章?", true},
		{"要做哪几篇文章", true},
		{"这篇文章的编辑是谁", false},
		{"这一篇文章的编辑是谁", false},
		{"考察团的报道说了什么", false},
		{"迭篇文章是从哪张报纸上来的", false},
		{"文章说了什么", false},
		{"考察团的报道里说了什么", false},
	} {
		found := false
		for _, tok := range a.Tokens(Normalize(tt.text)) {
			if lang.TextWords.Has(tok.Text) {
				found = true
				if tok.Function == tt.content {
					t.Errorf("%s: %s is content %v, want %v", tt.text, tok.Text, !tok.Function, tt.content)
				}
			}
		}
		if !found {
			t.Errorf("%s: no word for the article", tt.text)
		}
	}
}
