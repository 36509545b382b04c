package lang

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestDataFiles loads every data file: none may hold a word twice, and no
// word may be in two sets that must not overlap.
func TestDataFiles(t *testing.T) {
	for _, name := range Files() {
		if _, err := Load(name); err != nil {
			t.Error(err)
		}
	}
	for _, w := range StrongOrgSuffixes.Words() {
		if WeakOrgSuffixes.Has(w) {
			t.Errorf("%s is a strong and a weak organisation suffix", w)
		}
	}
}

// TestAdverbSurnames: the surnames mostly written as adverbs are surnames
// too; a word only in [adverbs] would be read as neither (the adverb test
// is asked only of a surname).
func TestAdverbSurnames(t *testing.T) {
	for _, w := range AdverbSurnames.Words() {
		if !Surnames.Has(w) {
			t.Errorf("%s is in surnames.txt's [adverbs] but not among the surnames", w)
		}
	}
}

func TestSuffix(t *testing.T) {
	tests := []struct {
		set  Set
		w    string
		want string
	}{
		{OrgSuffixes, "厦门大学", "大学"},
		{OrgSuffixes, "中国工程院", "工程院"},
		{OrgSuffixes, "宇树科技", "科技"},
		{OrgSuffixes, "大学生", ""},
		{PlaceSuffixes, "无锡高新区", "高新区"},
		{Titles, "副市长", "市长"},
	}
	for _, tt := range tests {
		got, ok := tt.set.Suffix(tt.w)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Suffix(%q) = %q, %v; want %q", tt.w, got, ok, tt.want)
		}
	}
}

// TestPrefix: the longest word of a set that a text begins with.
func TestPrefix(t *testing.T) {
	set := NewSet("人", "同志", "同志们")
	for _, tt := range []struct{ w, want string }{
		{"同志参加相关活动", "同志"},
		{"同志们好", "同志们"},
		{"人次", "人"},
		{"参加", ""},
		{"", ""},
	} {
		got, ok := set.Prefix(tt.w)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Prefix(%q) = %q, %v; want %q", tt.w, got, ok, tt.want)
		}
	}
}

// TestLoadRejects: a word twice in a section, and a line that starts a
// section without ending it, are errors naming the line.
func TestLoadRejects(t *testing.T) {
	defer func() { files = realFiles }()
	for _, c := range []struct{ name, text, want string }{
		{"dup.txt", "# header\n甲\n乙\n甲\n", "already on line 2"},
		{"broken.txt", "[kind]\n甲\n[other] nouns\n乙\n", "broken.txt:3"},
		{"back.txt", "[a]\n甲\n[b]\n乙\n[a]\n甲\n", "already in section [a]"},
	} {
		files = fakeFS(t, c.name, c.text)
		if _, err := Load(c.name); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Load(%s): %v, want an error with %q", c.name, err, c.want)
		}
	}
}

// TestLoadSections: the lines of a section that comes back follow its
// first lines; a section without lines is not in the map.
func TestLoadSections(t *testing.T) {
	defer func() { files = realFiles }()
	files = fakeFS(t, "back.txt", "# header\n甲\n[a]\n乙\n[b]\n[a]\n丙\n[c]\n丁\n[a]\n戊\n")
	got, err := Load("back.txt")
	want := map[string][]string{"": {"甲"}, "a": {"乙", "丙", "戊"}, "c": {"丁"}}
	if err != nil || !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Load: %q, %v; want %q", got, err, want)
	}
}

// TestNewSet: a word given twice is in the set once, and the words come
// back sorted.
func TestNewSet(t *testing.T) {
	set := NewSet("乙", "甲", "乙")
	if got := set.Words(); !slices.Equal(got, []string{"乙", "甲"}) || set.Len() != 2 {
		t.Errorf("Words() = %q, Len() = %d; want [乙 甲] (in byte order), 2", got, set.Len())
	}
	if !set.Has("乙") || set.Has("丙") || (Set{}).Has("甲") {
		t.Error("Has is wrong")
	}
}

// TestNotNames: a word gse's dictionary tags as a name that CC-CEDICT has
// only as a common word is never a name; a name CC-CEDICT writes
// capitalised stays one.
func TestNotNames(t *testing.T) {
	for _, tt := range []struct {
		w    string
		want bool
	}{
		{"明白", true}, {"荣誉", true}, {"范畴", true}, {"福利", true},
		{"黄山", false}, {"鲁迅", false}, {"厦门", false}, {"杜小刚", false},
	} {
		if got := NeverName(tt.w); got != tt.want {
			t.Errorf("NeverName(%s) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

// BenchmarkSets makes a set of every section of the data files: from
// tables.go, as the package's initialisation does, and from the files
// themselves, as it does while tables.go is stale.
func BenchmarkSets(b *testing.B) {
	b.Run("tables", func(b *testing.B) {
		for b.Loop() {
			for i := range tables {
				tables[i].set()
			}
		}
	})
	b.Run("files", func(b *testing.B) {
		for b.Loop() {
			for _, name := range Files() {
				sections, err := Load(name)
				if err != nil {
					b.Fatal(err)
				}
				for section, lines := range sections {
					makeTable(name, section, lines).set()
				}
			}
		}
	})
}

// BenchmarkHas asks the largest set, NotNames, about its words and about
// words mostly not in it: every two runes running in the other data
// files' lines.
func BenchmarkHas(b *testing.B) {
	var others []string
	for _, name := range Files() {
		sections, err := Load(name)
		if err != nil || name == "not-names.txt" {
			continue
		}
		for _, lines := range sections {
			for _, line := range lines {
				r := []rune(line)
				for i := 0; i+2 <= len(r); i++ {
					others = append(others, string(r[i:i+2]))
				}
			}
		}
	}
	for _, probe := range []struct {
		name  string
		words []string
	}{{"words", NotNames.Words()}, {"others", others}} {
		b.Run(probe.name, func(b *testing.B) {
			for b.Loop() {
				for _, w := range probe.words {
					NotNames.Has(w)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(probe.words)), "ns/word")
		})
	}
}

// TestEdgeRunes: lastRune and firstRune decode as the utf8 package does
// every string of three bytes that may begin with a lead byte of three
// (valid, overlong, surrogate, cut short), alone and after or before
// another rune.
func TestEdgeRunes(t *testing.T) {
	for b0 := 0xE0; b0 <= 0xEF; b0++ {
		for b1 := range 256 {
			for b2 := range 256 {
				w := string([]byte{byte(b0), byte(b1), byte(b2)})
				for _, s := range []string{w, "a" + w, w[1:], "中" + w[:2]} {
					r, n := lastRune(s)
					wr, wn := utf8.DecodeLastRuneInString(s)
					if r != wr || n != wn {
						t.Fatalf("lastRune(%q) = %U, %d; want %U, %d", s, r, n, wr, wn)
					}
				}
				for _, s := range []string{w, w + "a", w[:2]} {
					r, n := firstRune(s)
					wr, wn := utf8.DecodeRuneInString(s)
					if r != wr || n != wn {
						t.Fatalf("firstRune(%q) = %U, %d; want %U, %d", s, r, n, wr, wn)
					}
				}
			}
		}
	}
}
