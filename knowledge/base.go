package knowledge

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lang"
	"github.com/visitbot/visitbot/knowledge/lexicon"
)

// SchemaVersion is the version of the stored format (see the package
// comment); a store of another version is refused, not guessed at.
const SchemaVersion = 9

// Features are the kinds of answer a sentence holds, for questions that ask
// for one kind (谁, 哪里, 什么时候, 多少).
type Features uint16

const (
	HasPerson     Features = 1 << iota // a person's name or a title such as 校长
	HasPlace                           // a place name
	HasTime                            // a date or time expression
	HasNumber                          // a number (digits, or a Chinese numeral with a measure)
	HasMoney                           // an amount of money
	HasOrg                             // an organisation's name
	HasYear                            // a year: 2024年, 去年
	HasDate                            // a day or month: 3月5日, 月底
	HasSince                           // what answers "since when": 成立以来, or a time
	HasPeople                          // a word for kinds of people (华侨, 肢残人士): who, but no one by name
	HasPoint                           // a point in time, not a span alone: 2024年, 4月底, 近日 (not 深耕10年)
	HasPlaces2                         // two distinct places or more (福州、厦门)
	HasPlaces3                         // three distinct places or more
	HasPlaceList                       // two places side by side in a list (福州、厦门)
	HasNamedPlace                      // a place by name, not only a generic place word (城市, 国内)
	RefersBack                         // opens with a word for the people or things of the sentence before (大家表示, 同时: lang.RefersBack)
)

// Info describes one built knowledge base.
type Info struct {
	Schema   int `json:"schema"`
	Analysis int `json:"analysis"` // analysis.Version the base was indexed with
	// Data is the checksum of the word lists the base was derived from
	// (DataSum): other lists make it stale, as another Analysis does.
	Data       string    `json:"data,omitempty"`
	Version    uint64    `json:"version"` // assigned by the store, 0 before saving
	BuiltAt    time.Time `json:"built_at"`
	BuildTime  string    `json:"build_time"`
	Checksum   string    `json:"checksum"` // of the sources and the alias table
	Sources    []string  `json:"sources"`  // where each document was read from
	Documents  int       `json:"documents"`
	Paragraphs int       `json:"paragraphs"`
	Sentences  int       `json:"sentences"`
	Terms      int       `json:"terms"`
	Words      int       `json:"words"` // distinct indexed words
	// ContentWords is the sum of the sentences' content-word counts (for
	// the mean length a ranker normalises by, without reading them all).
	ContentWords int `json:"content_words"`
	// PerDoc counts each document's paragraphs and sentences.
	PerDoc []DocCount `json:"per_doc"`
}

// DocCount is the size of one document, and its recurring subject.
type DocCount struct {
	Paragraphs int `json:"paragraphs"`
	Sentences  int `json:"sentences"`
	// Subject is the content word that opens most of the first body
	// sentences after the document's lead and is not written by the lead
	// (考察团), or "" (see subjectCounter).
	Subject string `json:"subject,omitempty"`
	// Stops are the places its lead lists in a row (赴福州、厦门、杭州等地:
	// leadStops), or none.
	Stops []string `json:"stops,omitempty"`
}

// SentenceInfo is one sentence of the knowledge base with what answering
// needs to know about it. Its ID is its position in Base.Sentences.
type SentenceInfo struct {
	Doc       int    // index into Base.Docs
	Paragraph int    // 1-based
	Number    int    // 1-based within the paragraph
	Kind      Kind   // of its paragraph
	Section   int    // paragraph Number of its section's heading, 0 if none
	Text      string // verbatim
	Norm      string // normalised
	Features  Features
	// ParaFirst and ParaEnd delimit the IDs of its paragraph's sentences.
	ParaFirst, ParaEnd uint32
}

// Base is one immutable knowledge base: documents, sentences, terms,
// aliases, the analyzer and the index. It is safe for concurrent use; a new
// one replaces it whole.
type Base struct {
	Info      Info
	Docs      []Document
	Sentences []SentenceInfo
	Terms     []Term
	// Aliases and Derived are nil in a lean base: answering reads them
	// from the Tables (Tables.Aliases).
	Aliases   Aliases
	AliasText string
	Derived   Aliases // the names derived from the text's names (deriveNames; also in Aliases)
	Dict      []analysis.Entry
	Index     *Index
	// Lexicon is the part of CC-CEDICT that relates words a question may
	// use (and English words, and romanised names) to the text's words,
	// read in place from its stored encoding.
	Lexicon lexicon.Table
	// Tables are what answering needs to know of the text as a whole.
	Tables Tables

	analyzer *analysis.Analyzer
	reader   func() (Text, error)     // set for a base read from its file (Lean)
	sources  func() ([]Source, error) // the same
	path     string                   // the file a lean base is read from
	srcs     []Source                 // the raw sources, stored with the base
	features []Features               // as stored, for finish to take instead of computing them
}

// Stale reports whether the base was indexed by another version of the
// analysis code than this program's: answers from it would be wrong, so it
// must be rebuilt from its sources (Sources) before use.
func (b *Base) Stale() bool {
	return b.Info.Analysis != analysis.Version || b.Info.Schema != SchemaVersion || b.Info.Data != DataSum()
}

// DataSum is the checksum of the word lists a base is derived from: the
// data files of packages lang and lexicon (the aliases are in the sources'
// Checksum). Analysis's own tables (readings, Traditional characters) and
// gse's dictionary go with analysis.Version and the module's version. A
// bump of analysis.Version is still due with a change to the lists;
// DataSum catches the one forgotten. A change to a list read only at
// question time (question-cues.txt) makes a base stale too: it is rebuilt
// once, from the sources stored with it.
// It is computed once a process: answering asks it of every question
// (Stale).
var DataSum = sync.OnceValue(func() string { return fmt.Sprintf("%08x%08x", lang.DataSum(), lexicon.DataSum()) })

// Sources returns the raw sources the base was built from; nil for a lean
// base (Options.Lean), which reads them with LoadSources.
func (b *Base) Sources() []Source { return b.srcs }

// LoadSources returns the raw sources the base was built from, reading
// them from the file for a lean base.
func (b *Base) LoadSources() ([]Source, error) {
	if b.sources != nil {
		return b.sources()
	}
	return b.srcs, nil
}

// Err reports damage found while reading the base's tables or lexicon
// as the damaged-base error naming its file: an answer that read them
// must be that error.
func (b *Base) Err() error {
	if err := errors.Join(b.Tables.Err(), b.Lexicon.Err()); err != nil {
		return damaged(b.path, err)
	}
	return nil
}

// Lean reports a base opened with Options.Lean: it has no Docs'
// paragraphs, Sentences, Terms or Index; its Text reads them.
func (b *Base) Lean() bool { return b.reader != nil }

// Analyzer is the analyzer the base was indexed with; questions must use it.
func (b *Base) Analyzer() *analysis.Analyzer { return b.analyzer }

// Ref is the citation of sentence id: "p3.s1".
func (b *Base) Ref(id int) string {
	s := b.Sentences[id]
	return Ref(s.Paragraph, s.Number)
}

// Ref is the citation of sentence number of paragraph: "p3.s1". Those of
// the first refParagraphs paragraphs' first refNumbers sentences are
// written once, all in one string (refTable), and returned from it:
// citing a sentence makes no string.
func Ref(paragraph, number int) string {
	if paragraph >= 0 && paragraph < refParagraphs && number >= 0 && number < refNumbers {
		t := refTable()
		k := paragraph*refNumbers + number
		return t.text[t.at[k]:t.at[k+1]]
	}
	return "p" + strconv.Itoa(paragraph) + ".s" + strconv.Itoa(number)
}

// The paragraphs and the sentences of each whose citations Ref keeps.
const (
	refParagraphs = 128
	refNumbers    = 32
)

// refs are citations written one after another: citation k (of paragraph
// k/refNumbers, sentence k%refNumbers) is text[at[k]:at[k+1]].
type refs struct {
	text string
	at   []uint32
}

// refTable writes the citations Ref keeps, at its first call.
var refTable = sync.OnceValue(func() refs {
	var b []byte
	at := make([]uint32, 0, refParagraphs*refNumbers+1)
	for p := range refParagraphs {
		for n := range refNumbers {
			at = append(at, uint32(len(b)))
			b = strconv.AppendInt(append(b, 'p'), int64(p), 10)
			b = strconv.AppendInt(append(b, ".s"...), int64(n), 10)
		}
	}
	return refs{text: string(b), at: append(at, uint32(len(b)))}
})

// DocName is the name of the document that holds sentence id.
func (b *Base) DocName(id int) string { return b.Docs[b.Sentences[id].Doc].Name }

// BuildOptions are what a knowledge base is built from.
type BuildOptions struct {
	Sources []Source
	Aliases string // alias table text; DefaultAliases() when empty
	// Lexicon is gse's full dictionary; loaded (and dropped after) when nil.
	Lexicon *analysis.Lexicon
}

// Build makes a knowledge base from sources. It does not touch any base in
// use; the caller validates and swaps it in (Store.Save).
func Build(ctx context.Context, opt BuildOptions) (*Base, error) {
	start := time.Now()
	if len(opt.Sources) == 0 {
		opt.Sources = []Source{DefaultSource()}
	}
	aliasText := opt.Aliases
	if strings.TrimSpace(aliasText) == "" {
		aliasText = DefaultAliases()
	}
	aliases, err := ParseAliases(aliasText)
	if err != nil {
		return nil, err
	}
	b := &Base{Aliases: aliases, AliasText: aliasText, srcs: opt.Sources}
	for _, src := range opt.Sources {
		doc, err := Parse(src)
		if err != nil {
			return nil, err
		}
		b.Docs = append(b.Docs, doc)
		b.Info.Sources = append(b.Info.Sources, src.Path)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	lex := opt.Lexicon
	if lex == nil {
		if lex, err = analysis.LoadLexicon(); err != nil {
			return nil, err
		}
	}
	sv := newSurvey(lex)
	for _, d := range b.Docs {
		sv.add(d)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	_, text := normalParagraphs(b.Docs)
	found, terms := sv.result()
	b.Terms = terms
	b.Derived = deriveAliases(b.Aliases, b.Terms, placeSet(b.Terms), text)
	b.Aliases.sorted()
	dict, names, err := analyzerDict(lex, found, b.Terms)
	if err != nil {
		return nil, err
	}
	names.drop(names.in(text))
	b.Dict = dict
	if err := b.finish(); err != nil {
		return nil, err
	}
	if b.Lexicon, err = buildLexicon(b, names.lacking()); err != nil {
		return nil, err
	}
	if b.Tables, err = b.makeTables(); err != nil {
		return nil, err
	}
	b.Info.BuiltAt = time.Now().UTC().Truncate(time.Second)
	b.Info.BuildTime = time.Since(start).Round(time.Millisecond).String()
	b.Info.Checksum = Checksum(opt.Sources, aliasText)
	return b, nil
}

// The least frequency in gse's dictionary of the names (commonNameFreq)
// and of the other everyday words (commonMinFreq) an analyzer knows besides
// the text's own.
const (
	commonNameFreq = 500
	commonMinFreq  = 10000
)

// rareNameFreq is the least frequency in gse's dictionary of the names
// the lexicon table keeps (about 17,000 of two to four ideographs), but
// for organisations' names of three ideographs or more (nt), kept at any
// frequency (about 1,900 more): 厦门航空 counts 3, and a question that
// names it asks about something the text does not have.
const rareNameFreq = 20

// properPos reports whether a gse part of speech is a proper noun's: a
// place (ns), a person (nr), an organisation (nt) or another name (nz).
func properPos(pos string) bool { return nameClass(pos) != 0 }

// nameClass is the class lexicon.Table.Name gives a proper noun of part
// of speech pos: 'p' a place (ns), 'r' a person (nr), 'z' an organisation
// (nt), another name (nz) or a transliterated one (nrt: 阿里巴巴, not only
// people); 0 for another part of speech.
func nameClass(pos string) byte {
	switch {
	case strings.HasPrefix(pos, "ns"):
		return 'p'
	case strings.HasPrefix(pos, "nr") && pos != "nrt":
		return 'r'
	case strings.HasPrefix(pos, "nt"), strings.HasPrefix(pos, "nz"), pos == "nrt":
		return 'z'
	}
	return 0
}

// finish makes the analyzer from b.Dict (unless the loader has read its
// segmentation table), flattens the sentences, indexes
// them and fills in Info. Build and the store's loader share it, so a
// loaded base is the base that was built.
func (b *Base) finish() error {
	a := b.analyzer // the loader reads it from the stored table
	if a == nil {
		var err error
		if a, err = analysis.New(b.Dict); err != nil {
			return err
		}
		a.SetNames(ownNames(b.Terms))
	}
	b.analyzer = a
	b.Sentences = b.Sentences[:0]
	paragraphs := 0
	b.Info.PerDoc = b.Info.PerDoc[:0]
	leads := make([]string, len(b.Docs)) // each document's lead, for its stops
	for di, d := range b.Docs {
		b.Info.PerDoc = append(b.Info.PerDoc, DocCount{Paragraphs: len(d.Paragraphs)})
		subject := subjectCounter{a: a}
		for _, p := range d.Paragraphs {
			b.Info.PerDoc[di].Sentences += len(p.Sentences)
			paragraphs++
			first := uint32(len(b.Sentences))
			for _, s := range p.Sentences {
				norm := analysis.Normalize(s.Text)
				b.Sentences = append(b.Sentences, SentenceInfo{
					Doc: di, Paragraph: p.Number, Number: s.Number, Kind: p.Kind, Section: p.Section,
					Text: s.Text, Norm: norm, ParaFirst: first,
				})
				subject.add(p.Kind, norm)
			}
			for i := first; i < uint32(len(b.Sentences)); i++ {
				b.Sentences[i].ParaEnd = uint32(len(b.Sentences))
			}
		}
		b.Info.PerDoc[di].Subject = subject.subject()
		leads[di] = subject.lead
	}
	if len(b.Sentences) == 0 {
		return fmt.Errorf("knowledge base: %w", ErrEmpty)
	}
	ff := newFeatureFinder(b.Terms)
	for di, lead := range leads {
		b.Info.PerDoc[di].Stops = leadStops(lead, a.Tokens(lead), ff.kinds)
	}
	if b.Index == nil {
		b.Index = newIndex(len(b.Sentences))
		for id := range b.Sentences {
			s := &b.Sentences[id]
			b.Index.Lengths[id] = indexSentence(s.Norm, a.Tokens(s.Norm),
				func(w string) { add(b.Index.Words, w, uint32(id)) },
				func(g string) { add(b.Index.Grams, g, uint32(id)) })
		}
	}
	if b.features == nil {
		for id := range b.Sentences {
			s := &b.Sentences[id]
			s.Features = ff.features(s.Norm, a.Tokens(s.Norm))
		}
	} else {
		for id := range b.Sentences {
			b.Sentences[id].Features = b.features[id]
		}
		b.features = nil
	}
	b.Info.Schema = SchemaVersion
	if b.Info.Analysis == 0 { // built, not loaded: a loaded base keeps what it was built with
		b.Info.Analysis, b.Info.Data = analysis.Version, DataSum()
	}
	b.Info.Documents = len(b.Docs)
	b.Info.Paragraphs = paragraphs
	b.Info.Sentences = len(b.Sentences)
	b.Info.Terms = len(b.Terms)
	b.Info.Words = len(b.Index.Words)
	b.Info.ContentWords = 0
	for _, l := range b.Index.Lengths {
		b.Info.ContentWords += int(l)
	}
	return nil
}

// featureRes are the patterns features matches, compiled on first use:
// only a build needs them, and compiling them (the titles' alternation
// most of all) would cost every process's start.
var featureRes = sync.OnceValue(func() (r struct{ time, number, money, title, year, date, since, point gatedRegexp }) {
	r.time = mustGated(`\d+\s*(年|月|日|号|点|时)|[一二三四五六七八九十]+(月|日|号)|近日|日前|今年|去年|明年|前年|今天|昨天|明天|月底|月初|年底|年初|当天|上午|下午|晚上|春节|季度|世纪`)
	r.number = mustGated(`\d|[一二两三四五六七八九十百千万亿]+(个|家|种|项|所|位|名|艘|倍|批|大|篇|年|款|座|条)|多个|多种|多款|万余`)
	r.money = mustGated(`\d+(\.\d+)?\s*[万亿千百]*\s*(元|美元|块)|资金|金额`)
	r.title = mustGated(strings.Join(lang.Titles.Words(), "|"))
	r.year = mustGated(`(1[89]|20)\d\d\s*年|[〇零一二三四五六七八九]{4}年|去年|今年|明年|前年`)
	r.date = mustGated(`\d+\s*(月|日|号)|[一二三四五六七八九十]+(月|日|号)|月底|月初|月中|上旬|中旬|下旬`)
	r.since = mustGated(`以来|\d+\s*(年|月|日)|近日|日前|今年|去年`)
	r.point = mustGated(`(1[89]|20)\d\d\s*年|\d+\s*(月|日|号|点|时)|[一二三四五六七八九十]+(月|日|号)|近日|日前|目前|当前|今年|去年|明年|前年|今天|昨天|明天|月底|月初|月中|年底|年初|年内|当天|上午|下午|晚上|春节|此前`)
	return r
})

// namesMemorial reports a word of lang.Memorials right after a word of
// two ideographs or more (严复故居, 鲁迅纪念馆: the name of the person it is
// named after), or a word that ends with one after such a name; not after
// a pronoun or a measure word (其故居, 一座雕像), nor inside another word
// (扫墓).
func namesMemorial(toks []analysis.Token) bool {
	named := func(w string) bool { return utf8.RuneCountInString(w) >= 2 && analysis.AllHan(w) }
	for i, t := range toks {
		if m, ok := lang.Memorials.Suffix(t.Text); ok && len(m) < len(t.Text) {
			if named(strings.TrimSuffix(t.Text, m)) {
				return true
			}
			continue
		}
		if i > 0 && lang.Memorials.Has(t.Text) {
			p := toks[i-1]
			if p.End == t.Start && !p.Function && named(p.Text) {
				return true
			}
		}
	}
	return false
}

// features tells what kinds of answer a normalised sentence holds, from its
// text and its tokens (kinds says which tokens are terms of what kind,
// ends which names of several words end where a token ends, and the place
// among them).
func features(norm string, toks []analysis.Token, kinds map[string]TermKind, ends func(string, int) (Features, string)) Features {
	var f Features
	re := featureRes()
	for _, k := range []struct {
		re  gatedRegexp
		bit Features
	}{{re.time, HasTime}, {re.number, HasNumber}, {re.money, HasMoney}, {re.title, HasPerson}, {re.year, HasYear}, {re.date, HasDate}, {re.since, HasSince}, {re.point, HasPoint}} {
		if k.re.MatchString(norm) {
			f |= k.bit
		}
	}
	if namesMemorial(toks) {
		f |= HasPerson // 严复故居: a person's name
	}
	var places placeCount
	for _, t := range toks {
		switch k, ok := kinds[t.Text]; {
		case ok && k == Person:
			f |= HasPerson
		case lang.People.HasSuffix(t.Text):
			f |= HasPeople
		case ok && k == Place:
			f |= HasPlace
			places.add(norm, t.Text, t.End)
		case ok && k == Org, hasOrgSuffix(t.Text):
			f |= HasOrg
		}
		bits, place := ends(norm, t.End)
		f |= bits
		places.add(norm, place, t.End)
	}
	if f&HasTime == 0 {
		f &^= HasPoint // 目前, 此前 alone are no time the question can take
	}
	if len(toks) > 0 && toks[0].Start == 0 && lang.RefersBack.Has(toks[0].Text) {
		f |= RefersBack
	}
	return f | places.features()
}

// placeCount counts the distinct places a sentence names, up to three, and
// sees whether two of them stand in a list, apart by an enumeration comma
// only (福州、厦门); generic place words (城市, 地区) are no place.
type placeCount struct {
	seen    [3]string
	n       int
	lastEnd int // where the last place seen ends in the sentence, 0 for none
	listed  bool
}

// add notes place p, ending at byte end of norm ("" for none).
func (s *placeCount) add(norm, p string, end int) {
	if p == "" || lang.GenericPlaces.Has(p) {
		return
	}
	if start := end - len(p); s.lastEnd > 0 && s.lastEnd <= start && strings.TrimSpace(norm[s.lastEnd:start]) == listComma {
		s.listed = true
	}
	s.lastEnd = end
	if s.n == len(s.seen) || slices.Contains(s.seen[:s.n], p) {
		return
	}
	s.seen[s.n] = p
	s.n++
}

// listComma separates the items of a list (福州、厦门、杭州).
const listComma = "、"

// features is HasNamedPlace, HasPlaces2, HasPlaces3 and HasPlaceList as
// the count says.
func (s *placeCount) features() Features {
	var f Features
	if s.n >= 1 {
		f |= HasNamedPlace
	}
	if s.n >= 2 {
		f |= HasPlaces2
	}
	if s.n >= 3 {
		f |= HasPlaces3
	}
	if s.listed {
		f |= HasPlaceList
	}
	return f
}

// hasOrgSuffix reports a word that ends with an organisation's suffix and
// is more than the suffix (金圆集团, not 集团).
func hasOrgSuffix(w string) bool {
	s, ok := lang.OrgSuffixes.Suffix(w)
	return ok && len(w) > len(s)
}

// Runes is the length of s in characters.
func Runes(s string) int { return utf8.RuneCountInString(s) }

// makeTables makes the base's Tables from its sentences, terms and index.
func (b *Base) makeTables() (Tables, error) {
	tb := newTablesBuilder()
	for id := range b.Sentences {
		tb.add(uint32(id), &b.Sentences[id], b.Index.Lengths[id])
	}
	df := func(w string) int { return len(b.Index.Words[w]) }
	return newTrustedTables(string(tb.encode(tableSources{terms: b.Terms, aliases: b.Aliases, df: df,
		words: func(yield func(string, int) bool) {
			for w, ps := range b.Index.Words {
				if !yield(w, len(ps)) {
					return
				}
			}
		}})))
}

// buildLexicon keeps the part of CC-CEDICT that relates to the text's
// words, the romanised forms of its names and the names it lacks.
func buildLexicon(b *Base, names map[string]byte) (lexicon.Table, error) {
	words := make([]string, 0, len(b.Index.Words))
	for w := range b.Index.Words {
		words = append(words, w)
	}
	slices.Sort(words)
	return lexiconTable(words, b.Terms, b.Aliases, names)
}

// lexiconTable is buildLexicon from the index's words (sorted), the terms,
// the aliases (the table's and the derived short names) and the names the
// text lacks.
func lexiconTable(words []string, terms []Term, aliases Aliases, names map[string]byte) (lexicon.Table, error) {
	f, err := filterLexicon(words, terms, aliases)
	if err != nil {
		return lexicon.Table{}, err
	}
	f.Names = names
	return lexicon.NewTrustedTable(string(f.Encode()))
}

// spokenFor returns the words of everyday speech (lang.Colloquial), of two
// characters or more, that stand for a word of vocab: 出差 for a text with
// 考察.
func spokenFor(vocab []string) []string {
	in := make(map[string]bool, len(vocab))
	for _, w := range vocab {
		in[w] = true
	}
	var out []string
	for w, written := range lang.Colloquial {
		if utf8.RuneCountInString(w) < 2 {
			continue // 火: too many senses to stand for anything
		}
		for _, x := range written {
			if in[x] {
				out = append(out, w)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// filterLexicon is the lexicon filtered to words, with the romanised forms
// of the terms' names, of the parts of organisations' names after their
// place (namePart: 翔安 -> xiangan) and of the aliases' short names (杜小刚 ->
// duxiaogang, 国贸 -> guomao), and the calques of the names of places and
// organisations (lexicon.Calques: three lane seven alley -> 三坊七巷).
//
// The words of the alias table count as the text's: an English word or a
// related word may reach a word of the table (newspaper -> 报纸), which
// stands for its group (来源).
func filterLexicon(words []string, terms []Term, aliases Aliases) (lexicon.Filtered, error) {
	vocab := words
	if len(aliases) > 0 {
		vocab = make([]string, 0, len(words)+len(aliases))
		vocab = append(vocab, words...)
		for w := range aliases {
			vocab = append(vocab, w)
		}
		slices.Sort(vocab)
		vocab = slices.Compact(vocab)
	}
	f, err := lexicon.Filter(vocab, spokenFor(vocab))
	if err != nil {
		return f, err
	}
	f.Romanised = map[string]string{}
	addName := func(name string) {
		for _, r := range analysis.Romanise(name) {
			// The longest name of a form; of equals, the first in
			// byte order (whatever order the names come in).
			if old, ok := f.Romanised[r]; len(r) >= 4 && (!ok || len(name) > len(old) || len(name) == len(old) && name < old) {
				f.Romanised[r] = name
			}
		}
	}
	places := map[string]bool{}
	for _, t := range terms {
		switch t.Kind {
		case Person, Place, Org, Proper:
			addName(t.Text)
		}
		if t.Kind == Place {
			places[t.Text] = true
		}
	}
	for _, t := range terms {
		if t.Kind == Org {
			if part := namePart(t.Text, places); part != "" {
				addName(part)
			}
		}
	}
	for short := range aliases {
		addName(short)
	}
	// The names translated word for word (three lane seven alley:
	// 三坊七巷): keys of several words, which no pinyin key is.
	var translated []string
	for _, t := range terms {
		if (t.Kind == Place || t.Kind == Org) && analysis.AllHan(t.Text) {
			translated = append(translated, t.Text)
		}
	}
	calques, err := lexicon.Calques(translated)
	if err != nil {
		return f, err
	}
	maps.Copy(f.Romanised, calques)
	// A place's name without its suffix (新吴 of 新吴区, read Xinwu District:
	// the suffix is translated), where no name already sounds so.
	for _, t := range terms {
		stem, ok := placeStem(t)
		if !ok {
			continue
		}
		for _, r := range analysis.Romanise(stem) {
			if _, taken := f.Romanised[r]; !taken && len(r) >= 4 {
				f.Romanised[r] = t.Text
			}
		}
	}
	return f, nil
}

// placeStem returns a place's name without the suffix of its
// administrative division (省, 市, 区), when two ideographs or more are
// left.
func placeStem(t Term) (string, bool) {
	if t.Kind != Place {
		return "", false
	}
	r, size := utf8.DecodeLastRuneInString(t.Text)
	stem := t.Text[:len(t.Text)-size]
	if !lang.AdministrativeSuffixes.Has(string(r)) || utf8.RuneCountInString(stem) < 2 || !analysis.AllHan(stem) {
		return "", false
	}
	return stem, true
}

// namePart returns the two ideographs that follow a place of the text at
// the start of an organisation's name (翔安 of 厦门翔安国际机场), which people
// write alone in pinyin (Xiang'an airport); "" when the name does not
// begin with a place, or they begin a suffix (大学 of 厦门大学) or a place
// suffix (市委 of 福州市委党校).
func namePart(name string, places map[string]bool) string {
	place := "" // the longest place the name begins with
	for p := range places {
		if strings.HasPrefix(name, p) && len(p) > len(place) {
			place = p
		}
	}
	rs := []rune(name[len(place):])
	if place == "" || len(rs) < 3 {
		return ""
	}
	part := string(rs[:2])
	if !analysis.AllHan(part) || lang.OrgSuffixes.Has(part) || lang.PlaceSuffixes.Has(string(rs[0])) {
		return ""
	}
	return part
}
