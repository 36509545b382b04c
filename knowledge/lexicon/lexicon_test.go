package lexicon

import (
	"hash/crc32"
	"slices"
	"strings"
	"testing"
)

func TestSenseKey(t *testing.T) {
	tests := []struct{ gloss, want string }{
		{"to lead a group", "group lead"},
		{"leader of a group", "group leader"},
		{"(coll.) boss", "boss"},
		{"the boss (short form of 第一把手[di4 yi1 ba3 shou3])", "boss"},
		{"CL:個|个[ge4]", ""},
		{"variant of 老闆|老板[lao3 ban3]", ""},
		{"to go on an official or business trip", "business go official trip"},
		{"Xiamen University", "university xiamen"},
		{"a very long explanation of some odd thing with extra words", ""},
	}
	for _, tt := range tests {
		if got := SenseKey(tt.gloss); got != tt.want {
			t.Errorf("SenseKey(%q) = %q, want %q", tt.gloss, got, tt.want)
		}
	}
}

func TestBase(t *testing.T) {
	for w, want := range map[string]string{
		"led": "lead", "heads": "head", "cities": "city", "planning": "plan",
		"founded": "find", "found": "find", // as the gloss "to found" is: one key for both
		"boss": "boss", "bus": "bus", "delegation": "delegation", "companies": "company", "signed": "sign",
		"uni": "university", "govt": "government", "ppl": "person", "techs": "technology", // clipped words
	} {
		if got := Base(w); got != want {
			t.Errorf("Base(%q) = %q, want %q", w, got, want)
		}
		if again := Base(want); again != want {
			t.Errorf("Base(Base(%q)) = %q, want %q: the gloss's form and the question's must meet", w, again, want)
		}
	}
}

func TestParseGlosses(t *testing.T) {
	in := "# comment\n老大 老大 [lao3 da4] /old age/boss; leader of a group/\n帶隊 带队 [dai4 dui4] /to lead a team/group leader/\n"
	got, err := ParseGlosses(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"age old", "boss", "group leader"}; !slices.Equal(got["老大"], want) {
		t.Errorf("senses of 老大 = %v, want %v", got["老大"], want)
	}
	if want := []string{"lead team", "group leader"}; !slices.Equal(got["带队"], want) {
		t.Errorf("senses of 带队 = %v, want %v", got["带队"], want)
	}
	if _, err := ParseGlosses(strings.NewReader("no slashes here\n")); err == nil {
		t.Error("a line without senses parsed")
	}
}

// has reports w among rs.
func has(rs []Related, w string) bool {
	return slices.ContainsFunc(rs, func(r Related) bool { return r.Word == w })
}

// TestFilterRolesAndAttributes: a role relates to a word of the same role,
// an attribute (founder) to neither.
func TestFilterRolesAndAttributes(t *testing.T) {
	f, err := Filter([]string{"带队", "主任", "考察团", "机器人"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !has(f.Related["老大"], "带队") {
		t.Errorf("老大 relates to %v, want 带队 among them", f.Related["老大"])
	}
	if has(f.Related["创始人"], "主任") || has(f.Related["创始人"], "带队") {
		t.Errorf("创始人 (founder) relates to a role: %v", f.Related["创始人"])
	}
	if !has(f.English["director"], "主任") {
		t.Errorf("English director -> %v, want 主任", f.English["director"])
	}
	if !has(f.English["robot"], "机器人") {
		t.Errorf("English robot -> %v, want 机器人", f.English["robot"])
	}
	for w, rs := range f.Related {
		if len(rs) > maxRelated {
			t.Errorf("%s: %d related words, at most %d", w, len(rs), maxRelated)
		}
	}
}

// TestFilterSynsets: words of one synset of the wordnet are related
// (创办 and 成立, 名气 and 声誉), in both directions, and a word of no
// synset with a text word relates to nothing through them.
func TestFilterSynsets(t *testing.T) {
	f, err := Filter([]string{"成立", "声誉", "起初"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ question, text string }{
		{"创办", "成立"}, {"名气", "声誉"}, {"最初", "起初"},
	} {
		if !slices.ContainsFunc(f.Related[tt.question], func(r Related) bool { return r.Word == tt.text }) {
			t.Errorf("%s relates to %v, want %s among them", tt.question, f.Related[tt.question], tt.text)
		}
	}
	if rs := f.Related["出差"]; len(rs) != 0 {
		t.Errorf("出差 relates to %v", rs)
	}
}

// TestFilterBroadSenses: two words that share two broad senses (rely and
// depend, of more than 20 words each) relate, at broadStrength; a word
// that shares one broad sense only (仰 of rely) does not.
func TestFilterBroadSenses(t *testing.T) {
	f, err := Filter([]string{"依托"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	strength := func(w string) float32 {
		for _, r := range f.Related[w] {
			if r.Word == "依托" {
				return r.Strength
			}
		}
		return 0
	}
	if got := strength("凭借"); got != broadStrength {
		t.Errorf("凭借 -> 依托: strength %v, want %v", got, broadStrength)
	}
	if got := strength("仰"); got != 0 {
		t.Errorf("仰 -> 依托: strength %v, want none", got)
	}
}

// TestFilterSpoken: an English word whose senses reach no word of the
// text reaches the spoken words given (trip -> 出差); one that reaches a
// text word does not (visit -> 考察, not 出差).
func TestFilterSpoken(t *testing.T) {
	f, err := Filter([]string{"考察"}, []string{"出差"})
	if err != nil {
		t.Fatal(err)
	}
	if !has(f.English["trip"], "出差") {
		t.Errorf("English trip -> %v, want 出差", f.English["trip"])
	}
	if rs := f.English["inspect"]; !has(rs, "考察") || has(rs, "出差") {
		t.Errorf("English inspect -> %v, want 考察 and no spoken word", rs)
	}
}

// TestVerbForm: pasts (irregular and regular) and -ing forms are verbs'
// forms; plurals, irregular or not, and base forms are not.
func TestVerbForm(t *testing.T) {
	for w, want := range map[string]bool{
		"led": true, "visited": true, "meeting": true, "went": true,
		"leaders": false, "people": false, "lead": false, "red": false, "king": false,
	} {
		if got := VerbForm(w); got != want {
			t.Errorf("VerbForm(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestDataFilesHaveNoDuplicates(t *testing.T) {
	for name, text := range map[string]string{"english-stopwords.txt": stopwordsText, "english-irregular.txt": irregularText, "english-plurals.txt": pluralsText, "english-clippings.txt": clippingsText, "english-abbreviations.txt": abbreviationsText} {
		seen := map[string]bool{}
		for _, line := range dataLines(text) {
			key := strings.Fields(line)[0]
			if seen[key] {
				t.Errorf("%s: %q twice", name, key)
			}
			seen[key] = true
		}
	}
}

// TestAbbreviation: an abbreviation stands for its words, lower case and
// in order; a word that abbreviates nothing has none, and no abbreviation
// is an English stopword (it, us: a pronoun is no term).
func TestAbbreviation(t *testing.T) {
	for w, want := range map[string][]string{
		"ev":  {"electric", "vehicle"},
		"iot": {"internet", "of", "things"},
		"hq":  {"headquarters"},
		"car": nil,
	} {
		if got := Abbreviation(w); !slices.Equal(got, want) {
			t.Errorf("Abbreviation(%q) = %q, want %q", w, got, want)
		}
	}
	// A key is one word as the question's analyzer writes it (lower-case
	// letters and digits: R&D reaches it as rd and M&A as m), no stopword,
	// and none of an abbreviation's words is a key: each is read through
	// its senses, not again as an abbreviation.
	for w, words := range abbreviations {
		if strings.Trim(w, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
			t.Errorf("abbreviation %q: want lower-case letters and digits only", w)
		}
		if IsStopword(w) {
			t.Errorf("abbreviation %q is a stopword", w)
		}
		for _, x := range words {
			if _, ok := abbreviations[x]; ok {
				t.Errorf("abbreviation %q: its word %q is an abbreviation too", w, x)
			}
		}
	}
}

// TestDerived: an adverb or adjective leads to the words it comes from,
// nearest first.
func TestDerived(t *testing.T) {
	for _, tt := range []struct {
		w    string
		want []string
	}{
		{"historically", []string{"historic", "historical", "history"}},
		{"mainly", []string{"main"}},
		{"historical", []string{"history", "historic"}},
		{"final", nil},  // not fine
		{"early", nil},  // not ear
		{"apply", nil},  // not app
		{"family", nil}, // not famy
		{"lab", nil},
		{"cooperation", []string{"cooperate", "coopere", "cooper"}},
		{"exploration", []string{"explorate", "explore", "explor"}},
		{"development", []string{"develop"}},
		{"taiwanese", []string{"taiwan"}},
		{"australian", []string{"australia", "australa", "australy"}},
		{"korean", []string{"korea"}},
		{"plan", nil},    // short: no people's name
		{"median", nil},  // not media
		{"station", nil}, // too short to be a noun of an act
		{"historic", []string{"history", "histore"}},
		{"strategic", []string{"strategy", "stratege"}},
		{"basic", nil},    // short: not basy
		{"specific", nil}, // not specify
		{"pacific", nil},  // not pacify
		{"harmonic", []string{"harmony", "harmone"}},
	} {
		got := Derived(tt.w)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Derived(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

// TestAskWords: known and famous are dropped from questions but kept in
// sense keys, where they are content (famous: 著名, 知名).
func TestAskWords(t *testing.T) {
	for _, w := range []string{"known", "famous", "the"} {
		if !IsStopword(w) {
			t.Errorf("IsStopword(%q) = false", w)
		}
	}
	if got := SenseKey("famous; well-known"); !strings.Contains(got, "famous") || !strings.Contains(got, "known") {
		t.Errorf("SenseKey(famous; well-known) = %q: the words are content there", got)
	}
}

// TestGeneratedSums: the sums DataSum takes for the generated files are
// theirs; after `go generate`, put the sums this reports in lexicon.go.
func TestGeneratedSums(t *testing.T) {
	tab := crc32.MakeTable(crc32.Castagnoli)
	for _, f := range []struct {
		name string
		data []byte
		want uint32
	}{{"senses.txt.gz", sensesGz, sensesCRC}, {"synsets.txt.gz", synsetsGz, synsetsCRC}, {"names.txt.gz", namesGz, namesCRC}} {
		if got := crc32.Checksum(f.data, tab); got != f.want {
			t.Errorf("%s: CRC-32C %#08x, lexicon.go says %#08x", f.name, got, f.want)
		}
	}
}

// TestEachName: CC-CEDICT's proper nouns with their classes; a headword
// that is also a common word (小米, millet), only a surname (欧阳), an
// idiom, a township or of no class (中国人, Chinese person) is none.
func TestEachName(t *testing.T) {
	got := map[string]byte{}
	if err := EachName(func(w string, c byte) { got[w] = c }); err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]byte{
		"深圳": 'p', "宁德": 'p', "大疆": 'z', "比亚迪": 'z', "清华": 'z', "李白": 'r',
		"江南大学": 'z',                 // its own suffix first, not the province its gloss names
		"北宋":   0,                   // a dynasty's years are no lifespan, and no class word
		"小米":   0, "欧阳": 0, "东方": 0, // also millet; only a surname; also east
		"杞人忧天": 0, "水里": 0, // an idiom; a township that is everyday characters
		"中国人": 0, // a word built on a name: no class word
	} {
		if got[w] != want {
			t.Errorf("%s: class %q, want %q", w, got[w], want)
		}
	}
	if len(got) < 8000 {
		t.Errorf("%d names, want the 10,000 or so of CC-CEDICT that are classed", len(got))
	}
}
