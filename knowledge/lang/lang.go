// Package lang holds the language knowledge visitbot reads text and
// questions with: closed classes of Chinese words (titles, the suffixes of
// organisations' and places' names, generic place words, surnames), each in
// an embedded data file with its origin in its header, loaded into typed
// sets. They are general Chinese, never facts of one article: a word list
// that would not serve any news article does not belong here.
//
// A data file is UTF-8 text, one word a line; # starts a comment line;
// [name] starts a section. A line twice in one section is an error (the
// tests load every file). Words are written as analysis.Normalize writes
// a question (Simplified as OpenCC converts, half-width): a test of the
// analysis package holds every file to that.
package lang

import (
	"cmp"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/visitbot/visitbot/knowledge/bloom"
)

//go:generate go run ./internal/gennotnames
//go:generate go test -run ^TestTables$ -update .
//go:embed *.txt
var embedded embed.FS

// fsys is what the data files are read from: the embedded files (a test
// may stand in others).
type fsys interface {
	fs.ReadFileFS
	fs.ReadDirFS
}

var files fsys = embedded

// Set is a closed class of words.
type Set struct {
	// words are the set's words, sorted, each once; a set of a data
	// file's section may share the section's lines (table).
	words    []string
	maxRunes int
	// slots is a hash table of the words' places in words (place+1; 0 an
	// empty slot), open addressing probed linearly from the word's
	// slotHash: a lookup past the filter costs a hash and a comparison or
	// two, not a binary search. Its size is a power of two, at least twice
	// the words.
	slots []uint32
	// filter is a Bloom filter of one hash over the words (wordHash): most
	// words a question asks a set about are not in it, and a bit that is
	// not set says so without searching the words. Nil only in the zero
	// Set.
	filter *bloom.Filter
	// edges marks the first and the last rune of each word (edgeRunes): a
	// word whose last rune no word of the set ends with has no suffix in
	// the set, which Suffix then says without a look-up a suffix; Prefix
	// likewise by the first rune. Nil only in the zero Set.
	edges *edgeRunes
}

// edgeRunes marks runes by their low edgeBitsLog bits (a rune may share
// its bit with another): the first runes of a set's words in first, their
// last runes in last.
type edgeRunes struct{ first, last [1 << edgeBitsLog / 64]uint64 }

// edgeBitsLog sets the bits of each mark of edgeRunes: 1,024, 128 bytes.
const edgeBitsLog = 10

// edgesOf marks the first and last runes of words.
func edgesOf(words []string) *edgeRunes {
	e := &edgeRunes{}
	for _, w := range words {
		f, _ := utf8.DecodeRuneInString(w)
		l, _ := utf8.DecodeLastRuneInString(w)
		e.first[edgeBit(f)/64] |= 1 << (edgeBit(f) % 64)
		e.last[edgeBit(l)/64] |= 1 << (edgeBit(l) % 64)
	}
	return e
}

// edgeBit is the bit of r in a mark of edgeRunes.
func edgeBit(r rune) uint32 { return uint32(r) & (1<<edgeBitsLog - 1) }

// mayEnd reports whether some word of s may end with r: false means none
// does.
func (s Set) mayEnd(r rune) bool {
	return s.edges != nil && s.edges.last[edgeBit(r)/64]&(1<<(edgeBit(r)%64)) != 0
}

// mayBegin reports whether some word of s may begin with r: false means
// none does.
func (s Set) mayBegin(r rune) bool {
	return s.edges != nil && s.edges.first[edgeBit(r)/64]&(1<<(edgeBit(r)%64)) != 0
}

// The bits of a set's filter are a power of two from 2^minFilterBits to
// 2^maxFilterBits, about filterBitsPerWord a word.
const (
	minFilterBits     = 9
	maxFilterBits     = 17
	filterBitsPerWord = 16
)

// NewSet makes a set of words (a word given twice is in it once). It
// keeps a copy: the caller may change words afterwards.
func NewSet(words ...string) Set {
	sorted := slices.Clone(words)
	slices.Sort(sorted)
	return setOf(slices.Clip(slices.Compact(sorted)))
}

// isStrictlySorted reports whether each word sorts after the one before:
// sorted and without a word twice.
func isStrictlySorted(words []string) bool {
	for i := 1; i < len(words); i++ {
		if words[i-1] >= words[i] {
			return false
		}
	}
	return true
}

// setOf makes a set of words sorted and each once, which it keeps.
func setOf(words []string) Set {
	s := Set{words: words, edges: edgesOf(words)}
	s.filter = bloom.New(len(words), filterBitsPerWord, minFilterBits, maxFilterBits)
	n := 1
	for n < 2*len(words) {
		n <<= 1
	}
	s.slots = make([]uint32, n)
	mask := uint64(n - 1)
	for i, w := range words {
		s.maxRunes = max(s.maxRunes, utf8.RuneCountInString(w))
		s.filter.Add(wordHash(w))
		j := slotHash(w) & mask
		for s.slots[j] != 0 {
			j = (j + 1) & mask
		}
		s.slots[j] = uint32(i + 1)
	}
	return s
}

// slotHash is the hash of a word that places it in a set's slots:
// FNV-1a, its halves folded so that its low bits depend on every byte. It
// is the same in every process, so tables.go can hold the slots.
func slotHash(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h ^ h>>32
}

// wordHash is a hash of w's length, its second and third bytes and its
// last two (in an ideograph, the bits that tell it from the others of its
// block: of the first ideograph and the last): cheaper than hashing w
// whole, and most words a set is asked about that share its last
// ideograph with one of its words differ in the first.
func wordHash(w string) uint64 {
	x := uint64(len(w)) << 32
	if n := len(w); n >= 2 {
		x |= uint64(w[n-2])<<8 | uint64(w[n-1])
		if n >= 4 {
			x |= uint64(w[1])<<24 | uint64(w[2])<<16
		}
	} else if n == 1 {
		x |= uint64(w[0])
	}
	return x * 0x9E3779B97F4A7C15
}

// mayHave reports whether w may be a word of the set; false means it is
// not (a set bit may be another word's: the search of the words decides).
func (s Set) mayHave(w string) bool { return s.filter != nil && s.filter.Has(wordHash(w)) }

// Has reports whether w is in the set.
func (s Set) Has(w string) bool {
	if !s.mayHave(w) {
		return false
	}
	mask := uint64(len(s.slots) - 1)
	for j := slotHash(w) & mask; s.slots[j] != 0; j = (j + 1) & mask {
		if s.words[s.slots[j]-1] == w {
			return true
		}
	}
	return false
}

// Suffix returns the longest word of the set that w ends with.
func (s Set) Suffix(w string) (string, bool) {
	if last, _ := lastRune(w); !s.mayEnd(last) {
		return "", false // every suffix of w ends with its last rune
	}
	// starts[k-1] is where w's last k runes begin, k up to maxRunes.
	var buf [8]int
	starts := buf[:0]
	for i := len(w); i > 0 && len(starts) < s.maxRunes; {
		_, size := lastRune(w[:i])
		i -= size
		starts = append(starts, i)
	}
	for k := len(starts) - 1; k >= 0; k-- {
		if suffix := w[starts[k]:]; s.Has(suffix) {
			return suffix, true
		}
	}
	return "", false
}

// Prefix returns the longest word of the set that w begins with.
func (s Set) Prefix(w string) (string, bool) {
	if first, _ := firstRune(w); !s.mayBegin(first) {
		return "", false // every prefix of w begins with its first rune
	}
	best, i := "", 0
	for k := 0; k < s.maxRunes && i < len(w); k++ {
		_, size := firstRune(w[i:])
		i += size
		if s.Has(w[:i]) {
			best = w[:i]
		}
	}
	return best, best != ""
}

// lastRune is utf8.DecodeLastRuneInString, with the rune of three bytes
// that most words end with (an ideograph) decoded inline.
func lastRune(w string) (rune, int) {
	if n := len(w); n >= 3 {
		if r, ok := decode3(w[n-3], w[n-2], w[n-1]); ok {
			return r, 3
		}
	}
	return utf8.DecodeLastRuneInString(w)
}

// firstRune is utf8.DecodeRuneInString, with the rune of three bytes that
// most words begin with (an ideograph) decoded inline.
func firstRune(w string) (rune, int) {
	if len(w) >= 3 {
		if r, ok := decode3(w[0], w[1], w[2]); ok {
			return r, 3
		}
	}
	return utf8.DecodeRuneInString(w)
}

// decode3 decodes the three bytes of a well-formed UTF-8 rune of three
// bytes (no overlong form, no surrogate); false for any other three.
func decode3(a, b, c byte) (rune, bool) {
	if a&0xF0 != 0xE0 || b&0xC0 != 0x80 || c&0xC0 != 0x80 {
		return 0, false
	}
	r := rune(a&0x0F)<<12 | rune(b&0x3F)<<6 | rune(c&0x3F)
	return r, r >= 0x800 && (r < 0xD800 || r > 0xDFFF)
}

// HasSuffix reports whether w ends with a word of the set.
func (s Set) HasSuffix(w string) bool {
	_, ok := s.Suffix(w)
	return ok
}

// Words returns the set's words, sorted.
func (s Set) Words() []string {
	return append(make([]string, 0, len(s.words)), s.words...)
}

// Len is the number of words.
func (s Set) Len() int { return len(s.words) }

// The sets, from the data files of the same names.
var (
	// Titles are words for people's roles (书记, 市长, 院士).
	Titles = SectionSet("titles.txt", "")
	// StrongOrgSuffixes make an organisation of the nouns before them
	// (机场, 大学); WeakOrgSuffixes only of a proper name (科技, 证券).
	StrongOrgSuffixes = SectionSet("org-suffixes.txt", "strong")
	WeakOrgSuffixes   = SectionSet("org-suffixes.txt", "weak")
	OrgSuffixes       = NewSet(append(mustSection("org-suffixes.txt", "strong"), mustSection("org-suffixes.txt", "weak")...)...)
	// GenericOrgSuffixes say nothing of what an organisation does (公司,
	// 集团); the others name its kind (银行, 证券, 大学).
	GenericOrgSuffixes = SectionSet("org-suffixes.txt", "generic")
	// PlaceSuffixes end the names of places (省, 市, 区).
	PlaceSuffixes = SectionSet("place-suffixes.txt", "")
	// AdministrativeSuffixes are those of administrative divisions (省, 市,
	// 区, 县), which English translates: Xinwu District for 新吴区.
	AdministrativeSuffixes = SectionSet("place-suffixes.txt", "administrative")
	// GenericPlaces are words for kinds of place (城市, 海外).
	GenericPlaces = SectionSet("generic-places.txt", "")
	// HeadWords are everyday and formal words for the person at the head
	// of something (一把手, 掌门人); HeadTitles the titles that name the
	// head of an organisation (书记, 校长).
	HeadWords  = SectionSet("head-words.txt", "words")
	HeadTitles = SectionSet("head-words.txt", "titles")
	// DeputyMarks make a title a deputy's (副 of 副市长).
	DeputyMarks = SectionSet("head-words.txt", "deputy")
	// People are words for kinds of people (华侨, 人士, 从业者); a word
	// that ends with one names people too.
	People = SectionSet("people.txt", "")
	// PersonEndings make a word for a person of a verb (负责+人, 负责+同志).
	PersonEndings = SectionSet("people.txt", "person ending")
	// Memorials are places and things named after a person whose name
	// comes right before them (严复故居, 鲁迅纪念馆).
	Memorials = SectionSet("people.txt", "memorial")
	// EverydayPeople are kin and forms of address (孙子, 阿姨, 小姑娘):
	// never a name, whatever a dictionary tags them.
	EverydayPeople = SectionSet("people.txt", "everyday")
	// PeopleGroups are words for a group of people (人群, 团队) and the
	// nouns of a group after a word for people (用户群体).
	PeopleGroups = SectionSet("people.txt", "group")
	// NotNames are the words gse's dictionary tags as names that
	// CC-CEDICT lists only as common words (明白, 福利, 荣誉; derived by
	// internal/gennotnames).
	NotNames = SectionSet("not-names.txt", "")
	// RefersBack are the words that open a sentence about the people or
	// things of the sentence before it (大家, 双方, 同时); After the words
	// that end a clause setting the scene of a question (聊完, 之后), and
	// Done those of them that end a verb as done (完), not a time.
	RefersBack = SectionSet("discourse.txt", "")
	After      = SectionSet("discourse.txt", "after")
	Done       = SectionSet("discourse.txt", "done")
	// Pronouns open a sentence about the one thing the sentence before
	// is about (其, 它, 该).
	Pronouns = SectionSet("discourse.txt", "pronoun")
	// Talk are the words for a meeting and the talk at it (座谈, 会谈):
	// asked what was said at one, the meeting sets the scene.
	Talk = SectionSet("discourse.txt", "talk")
	// LeadVerbs are the verbs of leading a group (带队, 率团): the person
	// before one heads the group.
	LeadVerbs = SectionSet("discourse.txt", "lead")
	// Colloquial maps words of everyday speech to the written words of
	// news they may stand for (跑 -> 前往 赴, 聊 -> 交流 座谈).
	Colloquial = mustPairs("colloquial.txt")
	// DescriptionPlaces are the head nouns of a description of a place
	// (老街区 of 福州那个保存最完整的老街区).
	DescriptionPlaces = SectionSet("question-cues.txt", "description place")
	// Countries are the usual Chinese names of countries (新加坡, 马来西亚).
	Countries = SectionSet("countries.txt", "")
	// PlaceNicknames maps cities' other names to their names (榕城 -> 福州).
	PlaceNicknames = mustPairs("place-nicknames.txt")
	// PlaceAbbreviations maps the one-character names of provinces and
	// cities to their names (闽 -> 福建, 锡 -> 无锡).
	PlaceAbbreviations = mustPairs("place-abbreviations.txt")
	// Dialects are the written dialects Normalize rewrites as Mandarin:
	// Cantonese (嘅 -> 的, 佢哋 -> 他们), Southwestern Mandarin (啥子 ->
	// 什么), Northeastern Mandarin (咋整 -> 怎么办), Southern Min (按怎 ->
	// 怎么), one data file each.
	Dialects = []Dialect{
		mustDialect("cantonese.txt"),
		mustDialect("southwest.txt"),
		mustDialect("northeast.txt"),
		mustDialect("minnan.txt"),
	}
	// Separable are the separable verbs (离合词) as verb and object (聊 天,
	// 开 会): speech parts them with an ending of aspect (聊完天).
	Separable = mustPairs("separable.txt")
	// BoundForms map adverbs of two characters to the one character
	// written Chinese binds to a verb for them (互相 -> 互 of 互学).
	BoundForms = mustPairsOf("colloquial.txt", "bound")
	// Aspects are the endings of aspect and result a spoken verb takes
	// (逛完, 聊过, 跑到): the verb is the same word.
	Aspects = SectionSet("colloquial.txt", "aspect")
	// Surnames are the common Chinese family names, one character each
	// or two (欧阳).
	Surnames = SectionSet("surnames.txt", "")
	// FamiliarPrefixes go before a family name in a familiar address
	// (小王, 老张).
	FamiliarPrefixes = SectionSet("surnames.txt", "familiar")
	// AdverbSurnames are the surnames running text mostly writes as
	// adverbs, prepositions or conjunctions (曾, 时, 和).
	AdverbSurnames = SectionSet("surnames.txt", "adverbs")
	// AskerPeople are the people of the asker's own life (儿子, 老师) and
	// AskerTasks their tasks (作业, 报告): a clause with one gives the
	// asker's reason for asking (a task's, with a verb of AskerTaskVerbs).
	// AskerContext is both.
	AskerPeople = SectionSet("question-cues.txt", "asker people")
	// AskerSelf are the asker's words for themself (我): a clause with one
	// after the clause that asks is the asker's remark.
	AskerSelf      = SectionSet("question-cues.txt", "asker self")
	AskerTasks     = SectionSet("question-cues.txt", "asker task")
	AskerTaskVerbs = SectionSet("question-cues.txt", "asker task verb")
	AskerContext   = NewSet(append(mustSection("question-cues.txt", "asker people"), mustSection("question-cues.txt", "asker task")...)...)
	// DeicticTimes are times counted from the reader's today (明天, 去年):
	// words of their own, matched only as themselves.
	DeicticTimes = SectionSet("question-cues.txt", "deictic time")
	// YesNoFinals are the particles that end a clause of speech as a
	// yes/no question without 吗 (有收获没, 去了没有).
	YesNoFinals = SectionSet("question-cues.txt", "yes/no final")
	// QuestionWords are the question words of the function words (谁, 什么,
	// 哪, 多少, and the words that ask a name: 叫, 名字): a clause that holds
	// one asks something.
	QuestionWords = NewSet(append(mustSection("function-words.txt", "question"), AttributeQuestions.Words()...)...)
	// TextWords are the function words for the article itself (文章,
	// 报道): after a modifier and 的 one names a thing of its own.
	TextWords = SectionSet("function-words.txt", "the text")
	// InTextWords follow a word for the article when it means the
	// article: 里 of 文章里, 说 of 报道说.
	InTextWords = SectionSet("function-words.txt", "in the text")
	// AttributeQuestions are the question words that ask for a name or an
	// attribute (叫, 名字, 职务), and may also tell (叫孙子去买).
	AttributeQuestions = SectionSet("function-words.txt", "question attribute")
)

// Dialect is a written dialect: Marking maps the words that Mandarin text
// never spells, not even across two words, to the Mandarin they stand for;
// one of them marks a text as the dialect's. Marked maps the words that
// are rewritten only in a text so marked (边个 -> 谁, 系 -> 是 of Cantonese;
// 好多 -> 多少 of Southwestern Mandarin, where Mandarin's 好多 is "many").
type Dialect struct {
	Name            string
	Marking, Marked map[string][]string
}

// mustDialect reads a dialect's data file: the marking words before any
// section, the others in section [marked] (which may be missing).
func mustDialect(name string) Dialect {
	d := Dialect{Name: strings.TrimSuffix(name, ".txt"), Marking: mustPairsOf(name, ""), Marked: map[string][]string{}}
	if findTable(name, "marked") != nil {
		d.Marked = mustPairsOf(name, "marked")
	}
	for w := range d.Marked {
		if _, dup := d.Marking[w]; dup {
			panic(fmt.Sprintf("lang: %s: %q is in both sections", name, w))
		}
	}
	return d
}

// mustPairs reads a data file of lines "word written written ...": each
// word with the words it may stand for. A line of one word is an error.
func mustPairs(name string) map[string][]string { return mustPairsOf(name, "") }

// mustPairsOf is mustPairs of one section of a data file. The words of
// all its lines are cut into one list, presized by the spaces of the
// lines (a list that outgrows it is copied, the lists cut before keep
// theirs); each line's part is clipped, so an append to it copies it.
func mustPairsOf(name, section string) map[string][]string {
	lines := mustSection(name, section)
	size := 0
	for _, line := range lines {
		size += strings.Count(line, " ") + 1
	}
	m := make(map[string][]string, len(lines))
	words := make([]string, 0, size)
	for _, line := range lines {
		first := len(words)
		for w := range strings.FieldsSeq(line) {
			words = append(words, w)
		}
		f := words[first:len(words):len(words)]
		if len(f) < 2 {
			panic(fmt.Sprintf("lang: %s: %q: a word and what it stands for", name, line))
		}
		if _, dup := m[f[0]]; dup {
			panic(fmt.Sprintf("lang: %s: %q twice", name, f[0]))
		}
		m[f[0]] = f[1:]
	}
	return m
}

// Load reads a data file into its sections; the lines before any
// [section] line are section "". A line twice in a section, or a line
// that begins a section but does not end it ([name] nouns), is an error.
func Load(name string) (map[string][]string, error) {
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	// ReadFile returns a copy that is the caller's (fs.ReadFileFS), and
	// this one is never changed: the lines are cut from it without another
	// copy of the file.
	text := unsafe.String(unsafe.SliceData(data), len(data))
	if out, ok := split(text); ok {
		return out, nil
	}
	return nil, fault(name, text)
}

// split cuts text, a data file, into its sections, in one list for the
// file: a section that comes back later is copied onto its first part.
// It reports false, and fault says why, for a line that begins a section
// without ending it, or a section with a line twice.
func split(text string) (map[string][]string, bool) {
	out := map[string][]string{}
	lines := make([]string, 0, strings.Count(text, "\n")+1)
	section, first := "", 0 // the section, and where its lines begin
	end := func() {
		part := lines[first:len(lines):len(lines)]
		if len(part) == 0 {
			return
		}
		if before, ok := out[section]; ok {
			// before ends at its capacity or has an array of its own:
			// the append never writes over lines.
			part = append(before, part...)
		}
		out[section] = part
	}
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			end()
			section, first = line[1:len(line)-1], len(lines)
			continue
		case strings.HasPrefix(line, "["):
			return nil, false
		}
		lines = append(lines, line)
	}
	end()
	var scratch []string
	for _, list := range out {
		if isStrictlySorted(list) {
			continue // no line twice, and nothing to sort
		}
		scratch = append(scratch[:0], list...)
		slices.Sort(scratch)
		if len(slices.Compact(scratch)) < len(list) {
			return nil, false
		}
	}
	return out, true
}

// fault returns the first fault of text, a data file that split rejects,
// naming its line.
func fault(name, text string) error {
	seen := map[string]int{} // the lines of the section, and where they are
	sections := map[string][]string{}
	section := ""
	n := 0
	for line := range strings.Lines(text) {
		n++
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			seen = map[string]int{}
			for _, l := range sections[section] { // a section may come back
				seen[l] = -1
			}
			continue
		case strings.HasPrefix(line, "["):
			return fmt.Errorf("%s:%d: %q: a section line is [name] alone", name, n, line)
		}
		if first, dup := seen[line]; dup {
			if first < 0 {
				return fmt.Errorf("%s:%d: %q is already in section [%s]", name, n, line, section)
			}
			return fmt.Errorf("%s:%d: %q is already on line %d", name, n, line, first)
		}
		seen[line] = n
		sections[section] = append(sections[section], line)
	}
	panic("lang: " + name + ": split rejects a file without a fault")
}

// Files lists the embedded data files.
func Files() []string {
	entries, _ := files.ReadDir(".")
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// table is a section of a data file as Load reads it, with the set
// setOf makes of its lines. TestTables writes every section of every data
// file into tables.go (go generate), so that the program starts without
// reading and sorting the files, and fails while tables.go is stale.
type table struct {
	file, section string
	lines         []string // as Load returns them
	words         []string // the lines sorted; nil when lines are sorted
	maxRunes      int
	slots         []uint32
	bits          []uint64 // the set's Bloom filter (bloom.Filter.Bits)
}

// set returns the set of the table's lines.
func (t *table) set() Set {
	words := t.words
	if words == nil {
		words = t.lines
	}
	return Set{words: words, maxRunes: t.maxRunes, slots: t.slots, filter: bloom.FromBits(t.bits), edges: edgesOf(words)}
}

// findTable returns the table of a section of a data file, nil when the
// file has no such section (or no lines in it). tables.go is the data the
// program uses: after a data file is edited it is stale until go generate
// runs (TestTables fails meanwhile), and a section it lacks is read from
// the file (parsedTable) only so that this package still starts, and the
// test that rewrites tables.go can run, once a new section is named in
// the sets below. (If tables.go is lost, a stub of "package lang; const
// tablesSum = 0; var tables []table" lets the package build for go
// generate to rewrite it.)
func findTable(file, section string) *table {
	i, ok := slices.BinarySearchFunc(tables, [2]string{file, section}, func(t table, key [2]string) int {
		return cmp.Or(strings.Compare(t.file, key[0]), strings.Compare(t.section, key[1]))
	})
	if !ok {
		return parsedTable(file, section)
	}
	return &tables[i]
}

// makeTable makes the table of a section's lines: TestTables writes those
// of every section into tables.go.
func makeTable(file, section string, lines []string) *table {
	set := NewSet(lines...)
	t := &table{file: file, section: section, lines: lines, maxRunes: set.maxRunes, slots: set.slots, bits: set.filter.Bits()}
	if !isStrictlySorted(lines) {
		t.words = set.words
	}
	return t
}

// parsed holds the tables parsedTable has read, by file and section.
var (
	parsedMu sync.Mutex
	parsed   = map[[2]string]*table{}
)

// parsedTable is findTable of the data files themselves, each section
// read once a process; a file that does not load is a panic.
func parsedTable(file, section string) *table {
	parsedMu.Lock()
	defer parsedMu.Unlock()
	key := [2]string{file, section}
	if t, ok := parsed[key]; ok {
		return t
	}
	sections, err := Load(file)
	if err != nil {
		panic("lang: " + err.Error())
	}
	var t *table
	if lines := sections[section]; len(lines) > 0 {
		t = makeTable(file, section, lines)
	}
	parsed[key] = t
	return t
}

// File returns the sections of a data file as Load reads them, from
// tables.go. The lists are shared: an append to one copies it, but the
// caller must not change their words (they are also the words of the
// sets of this package).
func File(name string) (map[string][]string, error) {
	out := map[string][]string{}
	for i := range tables {
		if t := &tables[i]; t.file == name {
			out[t.section] = slices.Clip(t.lines)
		}
	}
	if len(out) == 0 {
		return Load(name) // a file tables.go lacks, or none
	}
	return out, nil
}

// mustSection returns the lines of one section of a data file, shared as
// File shares them; a section without lines is a panic at
// initialisation.
func mustSection(name, section string) []string { return slices.Clip(mustTable(name, section).lines) }

// SectionSet returns the set of one section of a data file, made when
// tables.go was generated, not at every start (other packages' cue sets
// too); a section without lines is a panic, for package initialisation.
func SectionSet(name, section string) Set { return mustTable(name, section).set() }

func mustTable(name, section string) *table {
	t := findTable(name, section)
	if t == nil {
		panic(fmt.Sprintf("lang: %s has no words in section %q", name, section))
	}
	return t
}

// NeverName reports a word that names no one thing, whatever a dictionary
// tags it: a kind of place (外国), kin or a form of address (孙子, 宝贝), a
// word of everyday speech (东东), a word a dictionary of the language has
// only as a common word (明白, 范畴: NotNames).
func NeverName(w string) bool {
	_, spoken := Colloquial[w]
	return spoken || GenericPlaces.Has(w) || EverydayPeople.Has(w) || NotNames.Has(w)
}

// DataSum is a checksum of the data files, names and contents (CRC-32C,
// in the order Files gives them), as tables.go holds them: a knowledge
// base indexed with other data than this program's is stale, whatever the
// version numbers say (knowledge.Base.Stale). TestTables checks it against
// the files, as it checks the rest of tables.go.
func DataSum() uint32 { return tablesSum }
