package knowledge

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

func hasTerm(b *Base, text string, kind TermKind) bool {
	return slices.Contains(b.Terms, Term{Text: text, Kind: kind})
}

func TestBuildTerms(t *testing.T) {
	b := defaultBase(t)
	for _, want := range []Term{
		{"杜小刚", Person},
		{"张宗益", Person},
		{"王坚", Person},
		{"颜霖", Person},
		{"周文栋", Person},
		{"宇树科技", Org},
		{"厦门大学", Org},
		{"兴业银行", Org},
		{"之江实验室", Org},
		{"5亿元", Number},
		{"10亿元", Number},
		{"3820", Quote},
		{"活水", Quote},
		{"福州", Place},
	} {
		if !hasTerm(b, want.Text, want.Kind) {
			var kinds []string
			for _, t := range b.Terms {
				if t.Text == want.Text {
					kinds = append(kinds, t.Kind.String())
				}
			}
			t.Errorf("no term %s (%v); as other kinds: %v", want.Text, want.Kind, kinds)
		}
	}
	// A numeral before a suffix counts, it names nothing (一中心、一基地).
	for _, no := range []string{"一中心", "一基地"} {
		if hasTerm(b, no, Org) || hasTerm(b, no, Place) {
			t.Errorf("%s is a term: a count of centres is no name", no)
		}
	}
	// Terms are normalised, sorted by text then kind, without duplicates.
	for i, term := range b.Terms {
		if term.Text == "" || analysis.Normalize(term.Text) != term.Text {
			t.Errorf("term %q is not normalised", term.Text)
		}
		if i > 0 {
			p := b.Terms[i-1]
			if p.Text > term.Text || p.Text == term.Text && p.Kind >= term.Kind {
				t.Errorf("terms out of order or repeated: %v then %v", p, term)
			}
		}
	}
}

// TestBuildTermsGolden keeps the knowledge base's terms in
// testdata/terms.golden, so that a change to term finding shows what it
// gains and loses.
func TestBuildTermsGolden(t *testing.T) {
	var out strings.Builder
	for _, term := range defaultBase(t).Terms {
		fmt.Fprintf(&out, "%s\t%s\n", term.Kind, term.Text)
	}
	golden(t, "terms.golden", []byte(out.String()))
}

func TestTermKindString(t *testing.T) {
	for k, want := range map[TermKind]string{Proper: "proper", Person: "person", Org: "org", Place: "place", Quote: "quote", Number: "number", 99: "unknown"} {
		if got := k.String(); got != want {
			t.Errorf("TermKind(%d) = %q, want %q", k, got, want)
		}
	}
}

func TestBuildAliases(t *testing.T) {
	b := defaultBase(t)
	for _, tt := range []struct{ from, to string }{
		{"厦大", "厦门大学"},      // the table, and derived
		{"宇树", "宇树科技"},      // the table, and derived
		{"机器狗", "四足机器人"},    // a synonym of the table
		{"厦门大学", "厦大"},      // groups work both ways
		{"unitree", "宇树科技"}, // normalised Latin
		{"强脑", "强脑科技"},
	} {
		if !slices.Contains(b.Aliases[tt.from], tt.to) {
			t.Errorf("Aliases[%q] = %q, want it to hold %q", tt.from, b.Aliases[tt.from], tt.to)
		}
	}
	for k, v := range b.Aliases {
		if !slices.IsSorted(v) || slices.Contains(v, k) {
			t.Errorf("Aliases[%q] = %q: unsorted or holds itself", k, v)
		}
	}
	if b.AliasText != DefaultAliases() {
		t.Error("AliasText is not the default table")
	}
}

// TestDeriveAliases checks the short names Build derives for organisations
// without the alias table.
func TestDeriveAliases(t *testing.T) {
	terms := []Term{
		{"宇树科技", Org}, {"厦门大学", Org}, {"兴业银行", Org}, {"金圆集团", Org}, {"福州", Place},
		{"福州大学", Org}, {"杜小刚", Person},
	}
	places := map[string]bool{"福州": true}
	text := "宇树科技在杭州。厦门大学在厦门。兴业银行、兴业证券都在福州。金圆集团。福州大学。"
	a := Aliases{}
	deriveAliases(a, terms, places, text)
	a.sorted()
	want := Aliases{
		"宇树": {"宇树科技"},
		"宇科": {"宇树科技"}, // first characters of 宇树 and 科技
		"厦大": {"厦门大学"},
		"兴银": {"兴业银行"},
		"金圆": {"金圆集团"},
		"金集": {"金圆集团"},
		"福大": {"福州大学"},
		// 兴业 stands alone in 兴业证券; 福州 is a place: neither is added.
	}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("deriveAliases = %v\nwant %v", a, want)
	}

	// A name of the alias table for an organisation of the text has its
	// short name, which stands for the whole group; a group for no
	// organisation of the text has none.
	terms = []Term{{"无锡硕放机场", Org}}
	a = Aliases{"苏南硕放国际机场": {"硕放机场"}, "硕放机场": {"苏南硕放国际机场"}, "东湖国际机场": {"东湖机场"}, "东湖机场": {"东湖国际机场"}}
	derived := deriveAliases(a, terms, nil, "加强无锡硕放机场与厦门翔安机场的合作")
	if got := derived["苏南硕放"]; !slices.Equal(got, []string{"硕放机场", "苏南硕放国际机场"}) {
		t.Errorf("苏南硕放 stands for %v, want 硕放机场 and 苏南硕放国际机场", got)
	}
	if got := derived["东湖"]; got != nil {
		t.Errorf("东湖 stands for %v, want nothing (no organisation of the text)", got)
	}
}

// TestPlacePrefixed: a place's or organisation's name that begins with a
// place of the text stands for the rest, and the rest for it, when the
// rest is a name of the text too; a rest two full names share, a short
// rest, or one that is no name, stands for none.
func TestPlacePrefixed(t *testing.T) {
	terms := []Term{
		{"福州", Place}, {"厦门", Place}, {"无锡", Place}, {"浙江", Place},
		{"福州三坊七巷", Place}, {"三坊七巷", Place},
		{"厦门国贸控股集团", Org}, {"无锡国贸控股集团", Org}, {"国贸控股集团", Org},
		{"厦门大学", Org}, {"浙江省", Place}, {"无锡高新区", Place}, {"高新区", Quote},
		{"杜小刚", Person}, {"无锡杜小刚", Person},
		{"江苏", Place}, {"江苏无锡", Place}, // 无锡: a rest too short
		{"福州市", Place}, {"福州市冰心故居", Place}, {"冰心故居", Place}, // a place that begins with another
	}
	want := map[string]string{"三坊七巷": "福州三坊七巷", "冰心故居": "福州市冰心故居"}
	if got := placePrefixed(terms, placeSet(terms)); !reflect.DeepEqual(got, want) {
		t.Errorf("placePrefixed = %v, want %v", got, want)
	}
	// deriveNames links each pair both ways, in the aliases and in what
	// it returns as derived.
	a := Aliases{}
	derived := deriveNames(nil, a, terms, placeSet(terms))
	for short, full := range want {
		for _, m := range []Aliases{a, derived} {
			if !slices.Contains(m[short], full) || !slices.Contains(m[full], short) {
				t.Errorf("%s and %s not linked both ways: %v, %v", short, full, m[short], m[full])
			}
		}
	}
}

// TestNameVariants: a name the text writes with words left out of its
// middle stands for the longer one; a name two longer ones share, or one
// that differs at its ends, stands for none.
func TestNameVariants(t *testing.T) {
	terms := []Term{
		{"厦门翔安国际机场", Org}, {"厦门翔安机场", Org},
		{"无锡硕放机场", Org}, {"无锡苏南机场", Org}, {"无锡苏南硕放机场", Org}, {"无锡苏南新硕放机场", Org},
		{"厦门大学", Org}, {"厦门理工大学", Org}, {"厦门大学无锡研究院", Org},
		{"福州三坊七巷", Place}, {"福州坊七巷", Place},
	}
	want := map[string]string{
		"厦门翔安机场": "厦门翔安国际机场",
		// 无锡硕放机场 and 无锡苏南机场: both 无锡苏南硕放机场 and 无锡苏南新硕放机场: none.
		"无锡苏南硕放机场": "无锡苏南新硕放机场",
		// 厦门大学 keeps no middle of 厦门理工大学; 厦门大学无锡研究院 ends
		// otherwise; places are not names here.
	}
	if got := nameVariants(terms); !reflect.DeepEqual(got, want) {
		t.Errorf("nameVariants = %v, want %v", got, want)
	}
	for _, tt := range []struct {
		short, full string
		want        bool
	}{
		{"厦门翔安机场", "厦门翔安国际机场", true},
		{"厦门安机场", "厦门翔安国际机场", true},
		{"厦门翔安", "厦门翔安国际机场", false},   // not the same ending
		{"翔安机场", "厦门翔安国际机场", false},   // not the same beginning
		{"厦门安翔机场", "厦门翔安国际机场", false}, // out of order
		{"厦门机场", "厦门翔安国际机场", false},   // no middle kept
		{"厦门翔安机场", "厦门翔安机场", false},
	} {
		if got := variantOf([]rune(tt.short), []rune(tt.full)); got != tt.want {
			t.Errorf("variantOf(%s, %s) = %v, want %v", tt.short, tt.full, got, tt.want)
		}
	}
}

func TestCoreName(t *testing.T) {
	for in, want := range map[string]string{
		"宇树科技":   "宇树",
		"昊盛科技集团": "昊盛",
		"兴业银行":   "兴业",
		"厦门大学":   "厦门",
		"科技":     "科技", // nothing would be left
		"大学":     "大学",
		"杜小刚":    "杜小刚",
	} {
		if got := coreName(in); got != want {
			t.Errorf("coreName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBuildAnalyzer(t *testing.T) {
	b := defaultBase(t)
	a := b.Analyzer()
	if a == nil {
		t.Fatal("no analyzer")
	}
	tokens := func(s string) []string {
		var out []string
		for _, tok := range a.Tokens(analysis.Normalize(s)) {
			out = append(out, tok.Text)
		}
		return out
	}
	for _, tt := range []struct{ text, word string }{
		{"市委书记杜小刚带队赴福州", "杜小刚"},
		{"杜小刚去了哪里", "杜小刚"},
		{"厦门大学校长张宗益", "张宗益"},
		{"编辑是颜霖吗", "颜霖"},
		{"宇树的创始人", "宇树"},
	} {
		if got := tokens(tt.text); !slices.Contains(got, tt.word) {
			t.Errorf("Tokens(%q) = %q, want %q as one token", tt.text, got, tt.word)
		}
	}
	// gse's full dictionary cuts 杜小刚 apart (see the analysis package's
	// TestLexicon): the name is one token because the analyzer joins the
	// base's own names, which stay out of its dictionary.
	if slices.ContainsFunc(b.Dict, func(e analysis.Entry) bool { return e.Word == "杜小刚" }) {
		t.Error("the dictionary holds 杜小刚: the base's names would make it grow with the base")
	}
}

func TestBuildSentences(t *testing.T) {
	b := defaultBase(t)
	if len(b.Sentences) != 41 {
		t.Fatalf("%d sentences, want 41", len(b.Sentences))
	}
	id := 0
	for di, d := range b.Docs {
		for _, p := range d.Paragraphs {
			first := id
			for _, s := range p.Sentences {
				si := b.Sentences[id]
				if si.Doc != di || si.Paragraph != p.Number || si.Number != s.Number || si.Kind != p.Kind || si.Section != p.Section || si.Text != s.Text {
					t.Errorf("sentence %d = %+v, want document %d p%d.s%d %q", id, si, di, p.Number, s.Number, s.Text)
				}
				if strings.TrimSpace(si.Norm) == "" || si.Norm != analysis.Normalize(si.Text) {
					t.Errorf("sentence %d: Norm %q of %q", id, si.Norm, si.Text)
				}
				if want := fmt.Sprintf("p%d.s%d", p.Number, s.Number); b.Ref(id) != want {
					t.Errorf("Ref(%d) = %q, want %q", id, b.Ref(id), want)
				}
				if b.DocName(id) != "wuxi-delegation-visit" {
					t.Errorf("DocName(%d) = %q", id, b.DocName(id))
				}
				id++
			}
			for j := first; j < id; j++ {
				if int(b.Sentences[j].ParaFirst) != first || int(b.Sentences[j].ParaEnd) != id {
					t.Errorf("sentence %d: paragraph [%d,%d), want [%d,%d)", j, b.Sentences[j].ParaFirst, b.Sentences[j].ParaEnd, first, id)
				}
			}
		}
	}
	// Section headings, by citation.
	ref := func(id int) string {
		if id < 0 {
			return "none"
		}
		return b.Ref(id)
	}
	for _, tt := range []struct {
		p, s    int
		heading string
	}{
		{1, 1, "none"},
		{2, 1, "none"}, // a heading has no heading above it
		{3, 1, "p2.s1"},
		{10, 2, "p5.s1"},
		{15, 3, "p11.s1"},
		{18, 2, "p16.s1"},
		{24, 1, "p19.s1"},
		{26, 1, "none"}, // a trailer line
	} {
		id := b.find(tt.p, tt.s)
		got := ref(sectionHeading(b, id))
		if got != tt.heading {
			t.Errorf("SectionHeading(p%d.s%d) = %s, want %s", tt.p, tt.s, got, tt.heading)
		}
	}
}

// sectionHeading returns, from the base's tables, the ID of the heading
// of sentence id's section, or -1 (none, or id is the heading).
func sectionHeading(b *Base, id int) int {
	r := b.Tables.Row(uint32(id))
	if r.Section < 0 {
		return -1
	}
	if _, _, h := b.Tables.Section(int(r.Section)); h != NoSentence && h != uint32(id) {
		return int(h)
	}
	return -1
}

// find returns the ID of sentence p.s of the first document.
func (b *Base) find(p, s int) int {
	for id, si := range b.Sentences {
		if si.Doc == 0 && si.Paragraph == p && si.Number == s {
			return id
		}
	}
	panic(fmt.Sprintf("no sentence p%d.s%d", p, s))
}

func TestBuildFeatures(t *testing.T) {
	b := defaultBase(t)
	for _, tt := range []struct {
		p, s int
		want Features
	}{
		{1, 1, HasTime | HasPerson | HasPlace}, // 近日, 市委书记杜小刚, 福州
		{14, 2, HasMoney | HasNumber},          // 5亿元
		{17, 1, HasOrg | HasTime | HasNumber},  // 厦门大学, 4月底, 10亿元
		{21, 1, HasNumber},                     // 38万架次
		{26, 1, HasPerson},                     // 编辑:颜霖
		{17, 1, HasPeople},                     // 华侨 (people.txt)
		{8, 1, HasPeople},                      // 肢残人士: ends with 人士
	} {
		got := b.Sentences[b.find(tt.p, tt.s)].Features
		if got&tt.want != tt.want {
			t.Errorf("p%d.s%d features %b, want at least %b", tt.p, tt.s, got, tt.want)
		}
	}
	if f := b.Sentences[b.find(2, 1)].Features; f&(HasMoney|HasPerson) != 0 {
		t.Errorf("heading 感受非凡成就 has features %b", f)
	}
	// 福州、厦门、杭州: three places; 深耕…10年 is a span, no point in time.
	if f := b.Sentences[b.find(1, 1)].Features; f&(HasPlaces2|HasPlaces3|HasPoint) != HasPlaces2|HasPlaces3|HasPoint {
		t.Errorf("p1.s1 features %b, want three places and a point in time (近日)", f)
	}
	// The lead lists its places (福州、厦门、杭州); p23.s1 names 中国, 福州 and
	// 三坊七巷 in passing, and lists other things (严复故居、小黄楼).
	if f := b.Sentences[b.find(1, 1)].Features; f&HasPlaceList == 0 {
		t.Errorf("p1.s1 features %b, want a list of places", f)
	}
	if f := b.Sentences[b.find(23, 1)].Features; f&(HasPlaces2|HasPlaceList) != HasPlaces2 {
		t.Errorf("p23.s1 features %b, want places and no list of them", f)
	}
	// 全球 of p8.s1 is a generic place word: no place by name.
	if f := b.Sentences[b.find(8, 1)].Features; f&HasNamedPlace != 0 {
		t.Errorf("p8.s1 (全球非侵入式脑机接口) features %b: a generic place word is no named place", f)
	}
	if f := b.Sentences[b.find(1, 1)].Features; f&HasNamedPlace == 0 {
		t.Errorf("p1.s1 features %b, want a named place", f)
	}
	// 大家均表示 and 同时 open sentences about what the sentence before
	// says; 考察团一行 does not.
	for _, tt := range []struct {
		p, s int
		want bool
	}{{10, 2, true}, {15, 3, true}, {4, 1, true}, {10, 1, false}, {1, 1, false}} {
		if got := b.Sentences[b.find(tt.p, tt.s)].Features&RefersBack != 0; got != tt.want {
			t.Errorf("p%d.s%d refers back %v, want %v", tt.p, tt.s, got, tt.want)
		}
	}
	if f := b.Sentences[b.find(20, 1)].Features; f&HasPoint != 0 {
		t.Errorf("p20.s1 (深耕跨境电商赛道10年) features %b: a span is no point in time", f)
	}
}

// TestPointInTime: a year, a month or a day, a time of the present or of
// the calendar is a point in time (什么时候 is answered by it), a span alone
// (深耕10年) is not.
func TestPointInTime(t *testing.T) {
	noNames := func(string, int) (Features, string) { return 0, "" }
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"雨果跨境深耕跨境电商赛道10年", false},
		{"研究院预计4月底可入驻", true},
		{"2024年投用", true},
		{"近日,考察团赴福州", true},
	} {
		if got := features(tt.s, nil, nil, noNames)&HasPoint != 0; got != tt.want {
			t.Errorf("%s: a point in time %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestMemorialNamesPerson: a place named after a person (严复故居) names a
// person, so the sentence answers "whose"; the word alone, or after a
// pronoun, a measure word or inside another word, does not.
func TestMemorialNamesPerson(t *testing.T) {
	noNames := func(string, int) (Features, string) { return 0, "" }
	tokens := func(words ...string) (string, []analysis.Token) {
		var toks []analysis.Token
		at := 0
		for _, w := range words {
			toks = append(toks, analysis.Token{Text: w, Start: at, End: at + len(w), Function: analysis.IsFunctionWord(w)})
			at += len(w)
		}
		return strings.Join(words, ""), toks
	}
	for _, tt := range []struct {
		words []string
		want  bool
	}{
		{[]string{"考察", "严复", "故居"}, true},
		{[]string{"参观", "鲁迅纪念馆"}, true},
		{[]string{"故居", "保存", "完好"}, false},
		{[]string{"其", "故居", "保存", "完好"}, false},
		{[]string{"广场", "上", "有", "一", "座", "雕像"}, false},
		{[]string{"清明节", "去", "扫墓"}, false},
	} {
		norm, toks := tokens(tt.words...)
		if got := features(norm, toks, nil, noNames)&HasPerson != 0; got != tt.want {
			t.Errorf("%s: names a person %v, want %v", norm, got, tt.want)
		}
	}
}

// checkIndex checks an index against its base: postings sorted by ID with
// no repeats, TF > 0, IDs in range, every word key a content token of its
// sentences with the TF of its count, every gram key in the sentence's
// normalised text, and the lengths the sentences' content-token counts.
func checkIndex(t *testing.T, b *Base) {
	t.Helper()
	ix := b.Index
	n := len(b.Sentences)
	if len(ix.Lengths) != n {
		t.Fatalf("%d lengths for %d sentences", len(ix.Lengths), n)
	}
	if len(ix.Words) == 0 || len(ix.Grams) == 0 {
		t.Fatalf("empty index: %d words, %d grams", len(ix.Words), len(ix.Grams))
	}
	counts := make([]map[string]uint32, n)
	for id := range b.Sentences {
		counts[id] = map[string]uint32{}
		var length uint32
		for _, tok := range b.Analyzer().Tokens(b.Sentences[id].Norm) {
			if !tok.Function {
				counts[id][tok.Text]++
				length++
			}
		}
		if ix.Lengths[id] != length {
			t.Errorf("sentence %d: length %d, want %d", id, ix.Lengths[id], length)
		}
		for w, c := range counts[id] {
			ps := ix.Words[w]
			i, ok := slices.BinarySearchFunc(ps, uint32(id), func(p Posting, id uint32) int { return int(p.ID) - int(id) })
			if !ok || ps[i].TF != c {
				t.Errorf("word %q in sentence %d %d times: postings %v", w, id, c, ps)
			}
		}
	}
	for _, part := range []struct {
		name string
		m    map[string][]Posting
	}{{"words", ix.Words}, {"grams", ix.Grams}} {
		for k, ps := range part.m {
			if k == "" || len(ps) == 0 {
				t.Errorf("%s: key %q with %d postings", part.name, k, len(ps))
			}
			for i, p := range ps {
				if int(p.ID) >= n || p.TF == 0 || i > 0 && p.ID <= ps[i-1].ID {
					t.Errorf("%s %q: bad postings %v", part.name, k, ps)
					break
				}
				if !strings.Contains(b.Sentences[p.ID].Norm, k) {
					t.Errorf("%s %q: sentence %d %q does not hold it", part.name, k, p.ID, b.Sentences[p.ID].Norm)
				}
				if part.name == "words" && counts[p.ID][k] != p.TF {
					t.Errorf("word %q: sentence %d TF %d, the analyzer counts %d", k, p.ID, p.TF, counts[p.ID][k])
				}
			}
		}
	}
	if keys := ix.Keys(); len(keys) != len(ix.Words) || !slices.IsSorted(keys) {
		t.Errorf("Keys() gives %d keys, sorted %v", len(keys), slices.IsSorted(keys))
	}
}

func TestBuildIndex(t *testing.T) {
	b := defaultBase(t)
	checkIndex(t, b)
	for _, w := range []string{"杜小刚", "厦门大学", "宇树", "科技"} {
		if len(b.Index.Words[w]) == 0 {
			t.Errorf("word %q is not indexed", w)
		}
	}
	for _, w := range []string{"的", "是", "和"} {
		if _, ok := b.Index.Words[w]; ok {
			t.Errorf("function word %q is indexed", w)
		}
	}
	for _, g := range []string{"杜", "杜小", "小刚", "5", "ai"} {
		if len(b.Index.Grams[g]) == 0 {
			t.Errorf("gram %q is not indexed", g)
		}
	}
}

func TestBuildInfo(t *testing.T) {
	b := defaultBase(t)
	total := 0
	for _, l := range b.Index.Lengths {
		total += int(l)
	}
	want := Info{
		Schema: SchemaVersion, Documents: 1, Paragraphs: 28, Sentences: 41,
		Terms: len(b.Terms), Words: len(b.Index.Words), ContentWords: total,
		Checksum: Checksum([]Source{DefaultSource()}, DefaultAliases()),
		Sources:  []string{"embedded:wuxi-delegation-visit.txt"},
		PerDoc:   []DocCount{{Paragraphs: 28, Sentences: 41, Subject: "考察团", Stops: []string{"福州", "厦门", "杭州"}}},
	}
	got := b.Info
	if got.BuiltAt.IsZero() || got.BuildTime == "" {
		t.Errorf("BuiltAt %v, BuildTime %q: not set", got.BuiltAt, got.BuildTime)
	}
	got.BuiltAt, got.BuildTime = want.BuiltAt, want.BuildTime
	want.Analysis = got.Analysis // checked by the analysis version tests, if any
	want.Data = DataSum()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Info = %+v\nwant %+v", got, want)
	}
	if got.Version != 0 {
		t.Errorf("a base not yet saved has version %d", got.Version)
	}
}

// TestBuildDeterministic builds the default base again: everything but the
// build time must be the same, so that answers do not change between runs.
func TestBuildDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the default article a second time")
	}
	a := defaultBase(t)
	b := buildTest(t, BuildOptions{})
	if !reflect.DeepEqual(a.Terms, b.Terms) || !reflect.DeepEqual(a.Dict, b.Dict) || !reflect.DeepEqual(a.Index, b.Index) ||
		!reflect.DeepEqual(a.Aliases, b.Aliases) || !reflect.DeepEqual(a.Sentences, b.Sentences) {
		t.Error("two builds of the same sources differ")
	}
}

func TestBuildSeveralDocuments(t *testing.T) {
	b := buildTest(t, BuildOptions{Sources: []Source{
		{Name: "one", Path: "one.txt", Text: []byte("厦门大学校长张宗益会见了客人。\n小标题。\n正文在此。第二句。")},
		{Name: "two", Path: "two.txt", Text: []byte("第二篇的正文。\n编辑:颜霖")},
	}})
	if b.Info.Documents != 2 || b.Info.Paragraphs != 5 || b.Info.Sentences != 6 {
		t.Fatalf("Info = %+v", b.Info)
	}
	var got []string
	for id := range b.Sentences {
		got = append(got, b.DocName(id)+":"+b.Ref(id))
	}
	want := []string{"one:p1.s1", "one:p2.s1", "one:p3.s1", "one:p3.s2", "two:p1.s1", "two:p2.s1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sentences %q, want %q", got, want)
	}
	// The second document's first paragraph is in no section, although the
	// first document's last paragraph is.
	if h := sectionHeading(b, 4); h != -1 {
		t.Errorf("SectionHeading of two:p1.s1 = %d, want -1", h)
	}
	if h := sectionHeading(b, 2); h != 1 {
		t.Errorf("SectionHeading of one:p3.s1 = %d, want 1", h)
	}
	checkIndex(t, b)
	if !hasTerm(b, "张宗益", Person) || !hasTerm(b, "颜霖", Person) {
		t.Errorf("terms %v lack the names", b.Terms)
	}
}

func TestBuildErrors(t *testing.T) {
	lx := testLexicon(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, BuildOptions{Lexicon: lx}); !errors.Is(err, context.Canceled) {
		t.Errorf("Build with a cancelled context = %v", err)
	}
	_, err := Build(context.Background(), BuildOptions{Lexicon: lx, Sources: []Source{{Name: "e", Path: "/x/e.txt", Text: []byte(" \n")}}})
	if !errors.Is(err, ErrEmpty) || !strings.Contains(err.Error(), "/x/e.txt") {
		t.Errorf("Build of an empty source = %v", err)
	}
	_, err = Build(context.Background(), BuildOptions{Lexicon: lx, Aliases: "厦大 厦门大学\n孤单\n"})
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("Build with a bad alias table = %v", err)
	}
}

func TestParseAliases(t *testing.T) {
	a, err := ParseAliases("# comment\n厦大 厦门大学, XMU # trailing\n\n宇樹=宇树科技、ＵＮＩＴＲＥＥ\r\n厦大 廈門大學\t\u3000\n")
	if err != nil {
		t.Fatal(err)
	}
	a.sorted()
	want := Aliases{
		"厦大":      {"xmu", "厦门大学"},
		"厦门大学":    {"xmu", "厦大"},
		"xmu":     {"厦大", "厦门大学"},
		"宇树":      {"unitree", "宇树科技"},
		"宇树科技":    {"unitree", "宇树"},
		"unitree": {"宇树", "宇树科技"},
	}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("ParseAliases = %v\nwant %v", a, want)
	}
	for _, bad := range []struct{ text, line string }{
		{"厦大\n", "line 1"},
		{"a b\n\n孤单 # one word\n", "line 3"},
		{"a 😀\n", "line 1"},
	} {
		if _, err := ParseAliases(bad.text); err == nil || !strings.Contains(err.Error(), bad.line) {
			t.Errorf("ParseAliases(%q) = %v, want an error at %s", bad.text, err, bad.line)
		}
	}
	if _, err := ParseAliases(DefaultAliases()); err != nil {
		t.Errorf("the default table: %v", err)
	}
}

// TestNamePart: the two ideographs after a place at the start of an
// organisation's name are a part people write alone (Xiang'an airport),
// not a suffix (厦门大学) nor a place's own suffix (福州市委党校).
func TestNamePart(t *testing.T) {
	places := map[string]bool{"厦门": true, "福州": true, "无锡": true}
	for name, want := range map[string]string{
		"厦门翔安国际机场":  "翔安",
		"厦门大学":      "",
		"厦门大学无锡研究院": "",
		"福州市委党校":    "",
		"宇树科技":      "",
	} {
		if got := namePart(name, places); got != want {
			t.Errorf("namePart(%s) = %q, want %q", name, got, want)
		}
	}
}

// TestStaleData: a base derived from other language data than this
// program's is stale, as one of another analysis version is.
func TestStaleData(t *testing.T) {
	b := smallBase(t, "a", "甲句。")
	if b.Stale() || b.Info.Data != DataSum() || len(DataSum()) != 16 {
		t.Fatalf("a fresh base: stale %v, data %q, DataSum %q", b.Stale(), b.Info.Data, DataSum())
	}
	b.Info.Data = "0000000000000000"
	if !b.Stale() {
		t.Error("a base of other data is not stale")
	}
	b.Info.Data = ""
	if !b.Stale() {
		t.Error("a base built before the data were summed is not stale")
	}
}

// TestBuildRomanisedPlaceStems: a place of the text is found by its pinyin
// without its suffix (Xinwu District: 新吴区), and a name that already
// sounds so keeps it (Wuxi: 无锡, not 无锡市).
func TestBuildRomanisedPlaceStems(t *testing.T) {
	b := defaultBase(t)
	for key, want := range map[string]string{"xinwu": "新吴区", "wuxi": "无锡", "xiamen": "厦门"} {
		if got, ok := b.Lexicon.Romanised(key); !ok || got != want {
			t.Errorf("Romanised(%q) = %q, %v, want %q", key, got, ok, want)
		}
	}
	for _, tt := range []struct {
		term Term
		stem string
	}{
		{Term{Text: "新吴区", Kind: Place}, "新吴"},
		{Term{Text: "福建省", Kind: Place}, "福建"},
		{Term{Text: "吴区", Kind: Place}, ""},   // one ideograph left
		{Term{Text: "新吴区", Kind: Org}, ""},    // not a place
		{Term{Text: "三坊七巷", Kind: Place}, ""}, // no suffix
	} {
		if stem, ok := placeStem(tt.term); stem != tt.stem || ok != (tt.stem != "") {
			t.Errorf("placeStem(%v) = %q, %v, want %q", tt.term, stem, ok, tt.stem)
		}
	}
}

// TestRef: Ref writes "p3.s1" for any paragraph and sentence, those it
// keeps (refTable) without making a string.
func TestRef(t *testing.T) {
	for p := -1; p <= refParagraphs+1; p++ {
		for n := -1; n <= refNumbers+1; n++ {
			if got, want := Ref(p, n), fmt.Sprintf("p%d.s%d", p, n); got != want {
				t.Fatalf("Ref(%d, %d) = %q, want %q", p, n, got, want)
			}
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = Ref(refParagraphs-1, refNumbers-1) }); n != 0 {
		t.Errorf("Ref of a kept citation makes %v allocations", n)
	}
}
