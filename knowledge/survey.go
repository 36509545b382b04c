package knowledge

import (
	"fmt"
	"iter"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lang"
	"github.com/visitbot/visitbot/knowledge/lexicon"
)

// survey is what a build learns from all the text before it can index any
// of it: the dictionary words that occur in it (analysis.Lexicon.Discover)
// and its terms. Documents are added one at a time; a survey keeps no
// document's text, only copies of the words and terms it found.
type survey struct {
	lex   *analysis.Lexicon
	found map[string]analysis.Entry
	used  map[string]bool // found words the full dictionary cuts the text into
	terms map[Term]struct{}
}

func newSurvey(lex *analysis.Lexicon) *survey {
	return &survey{lex: lex, found: map[string]analysis.Entry{}, used: map[string]bool{}, terms: map[Term]struct{}{}}
}

// add surveys one document, paragraph by paragraph (terms need the whole
// line), on GOMAXPROCS goroutines (gse's lookups only read its
// dictionary).
func (sv *survey) add(d Document) {
	paras, _ := normalParagraphs([]Document{d})
	workers := max(runtime.GOMAXPROCS(0), 1)
	parts := make([]*survey, workers)
	var wg sync.WaitGroup
	for w := range workers {
		part := newSurvey(sv.lex)
		parts[w] = part
		wg.Go(func() {
			for i := w; i < len(paras); i += workers {
				part.paragraph(paras[i])
			}
		})
	}
	wg.Wait()
	for _, part := range parts {
		for w, e := range part.found {
			if _, ok := sv.found[w]; !ok {
				e.Word = strings.Clone(w)
				sv.found[e.Word] = e
			}
		}
		for w := range part.used {
			if !sv.used[w] {
				sv.used[strings.Clone(w)] = true
			}
		}
		for t := range part.terms {
			if _, ok := sv.terms[t]; !ok {
				t.Text = strings.Clone(t.Text)
				sv.terms[t] = struct{}{}
			}
		}
	}
}

// paragraph surveys one normalised paragraph; found words and terms share
// its memory.
func (sv *survey) paragraph(p string) {
	for _, e := range sv.lex.Discover([]string{p}) {
		if _, ok := sv.found[e.Word]; !ok {
			sv.found[e.Word] = e
		}
	}
	toks := sv.lex.Segment(p)
	for _, t := range toks {
		if _, ok := sv.found[t.Text]; ok {
			sv.used[t.Text] = true // only found words are asked about (result)
		}
	}
	extractTerms(p, toks, sv.lex.Pos, func(t Term) { sv.terms[t] = struct{}{} })
}

// unusedFreq is the frequency in the analyzer's dictionary of a word found
// inside the text that the text is never cut into (行为 of 以银行为主体):
// still read whole, rather than as loose characters, but never preferred
// to a word the text uses (分行为无锡 is 分行|为|无锡, not 分|行为|无锡).
const unusedFreq = 1

// result returns the words found, sorted, and the terms, sorted by text,
// then kind.
func (sv *survey) result() ([]analysis.Entry, []Term) {
	dict := make([]analysis.Entry, 0, len(sv.found))
	for _, e := range sv.found {
		if !sv.used[e.Word] {
			e.Freq = unusedFreq
		}
		dict = append(dict, e)
	}
	slices.SortFunc(dict, func(a, b analysis.Entry) int { return strings.Compare(a.Word, b.Word) })
	terms := make([]Term, 0, len(sv.terms))
	for t := range sv.terms {
		terms = append(terms, t)
	}
	return dict, sortTerms(terms)
}

// analyzerDict completes the dictionary found in the text (dict) into the
// analyzer's, and returns it with the candidates for the lexicon table's
// names. The analyzer gets the names no dictionary knows, so that each
// segments as one word. Aliases are not added: they are looked up over
// runs of tokens, so they cannot change how the article is cut.
//
// It also gets words a question may use that the text does not, so that
// they are read whole: the names of places, people and organisations (苏州,
// 清华: a name the text lacks is declined, not read as characters) and the
// most frequent everyday words. They do not occur in the text, so they
// cannot change where it is cut. Of gse's words of two to four
// ideographs: the 1,300 names and the 430 commonest words, not all 9,600
// of frequency 500 and more (chosen when every word cost the opening of
// the base, gse's trie being built from them; the segmentation table is
// now read in place, and a word costs its bytes in it).
//
// The rarer names are kept out of the analyzer: the lexicon table
// keeps them (read in place), for the question reader to find inside a run
// of characters it does not know (泉州晋江), with CC-CEDICT's that gse
// lacks (dictionaryNames). The candidates are those the
// analyzer does not know; the caller drops those the text holds
// (rareNames.in).
func analyzerDict(lex *analysis.Lexicon, dict []analysis.Entry, terms []Term) ([]analysis.Entry, *rareNames, error) {
	known := map[string]bool{}
	for _, e := range dict {
		known[e.Word] = true
	}
	var chars []string // the ideographs of the names left out
	for _, t := range terms {
		if t.Kind != Proper && t.Kind != Person || known[t.Text] || t.Text == "" || strings.ContainsAny(t.Text, " \t") {
			continue
		}
		known[t.Text] = true
		if e, ok := lex.Lookup(t.Text); ok {
			dict = append(dict, e)
			continue
		}
		// A name gse does not know stays out of the dictionary, whose
		// size then follows the vocabulary, not the names of a large
		// base: the analyzer joins its pieces (Analyzer.SetNames,
		// ownNames). Its ideographs are words of one character, as the
		// ideographs of every word of the dictionary are (analysis.New):
		// gse cuts the name as it cuts those words, without a stand-in
		// for each character it does not know.
		for _, r := range t.Text {
			if c := string(r); analysis.IsHan(r) && !known[c] {
				known[c] = true
				chars = append(chars, c)
			}
		}
	}
	slices.Sort(chars)
	for _, c := range chars {
		dict = append(dict, analysis.Entry{Word: c, Freq: singleCharFreq})
	}
	for _, e := range lex.Common(commonNameFreq) {
		if !known[e.Word] && (e.Freq >= commonMinFreq || properPos(e.Pos)) {
			known[e.Word] = true
			if !properPos(e.Pos) {
				e.Freq = unusedFreq // the text's words win where they overlap
			}
			dict = append(dict, e)
		}
	}
	names := &rareNames{class: map[string]byte{}}
	cedict, err := dictionaryNames()
	if err != nil {
		return nil, nil, err
	}
	for _, e := range lex.Common(1) {
		c := nameClass(e.Pos)
		if c == 0 {
			delete(cedict, e.Word) // a word gse tags as no name (美金, 元月)
		}
		if lang.NeverName(e.Word) {
			c = 0 // 老太婆, 外国: the dictionary tags them as names; they are none
		}
		if c != 0 && e.Freq < rareNameFreq && !(strings.HasPrefix(e.Pos, "nt") && utf8.RuneCountInString(e.Word) >= 3) {
			continue // only an organisation's full name (厦门航空, 3) is kept at any frequency
		}
		switch {
		case c == 0 && e.Freq >= commonWordFreq:
			c = lexicon.CommonWord
		case c == 0 && e.Pos == "v" && e.Freq >= commonVerbFreq:
			c = lexicon.CommonVerb
		}
		if c != 0 && !known[e.Word] {
			names.class[e.Word] = c
			names.maxRunes = max(names.maxRunes, utf8.RuneCountInString(e.Word))
		}
	}
	for w, class := range cedict {
		if _, ok := names.class[w]; !ok && !known[w] && !lang.NeverName(w) {
			names.class[w] = class
			names.maxRunes = max(names.maxRunes, utf8.RuneCountInString(w))
		}
	}
	return dict, names, nil
}

// dictionaryNames returns the proper nouns of CC-CEDICT (lexicon.EachName:
// 宁德, 大疆, 比亚迪) with their classes. analyzerDict adds those that gse's
// dictionary has not classed, nor tagged as an ordinary word (美金, 礼拜一,
// which CC-CEDICT writes capitalised for the name inside them), and the
// analyzer does not know to the names the text may lack: gse tags few of
// the names a question may bring (a city, a company).
func dictionaryNames() (map[string]byte, error) {
	out := map[string]byte{}
	if err := lexicon.EachName(func(w string, class byte) { out[w] = class }); err != nil {
		return nil, fmt.Errorf("the names of CC-CEDICT: %w", err)
	}
	return out, nil
}

// commonWordFreq is the least frequency in gse's dictionary of the
// everyday words the lexicon table keeps beside the rare names (with
// them about 48,000 entries of two to four ideographs; with CC-CEDICT's
// names, 54,600 for the default article): a question that
// writes one wrote a word, not a typo of the text's (总部 is not 总布
// misspelt), nor a name (连年入选 is two words; 随行的 is no name's, gse
// counts 随行 279).
const commonWordFreq = 100

// commonVerbFreq is the least frequency of the less common verbs it
// keeps, as lexicon.CommonVerb: a run of characters that writes one is that verb,
// no name (合建研究院 is 合建 and 研究院; gse counts 合建 17).
const commonVerbFreq = 10

// singleCharFreq is the frequency of a word of one character in an
// analyzer's dictionary: gse gives every such word 2, whatever the entry
// says (see analysis.New).
const singleCharFreq = 2

// ownNames returns the tests for the base's own names that the analyzer
// joins (Analyzer.SetNames): the terms whose kind (the greatest of a term
// found as several, as the tables keep it) is Proper or Person, and the
// runes they begin with.
func ownNames(terms []Term) (start func(rune) bool, names func(string) bool) {
	kinds := map[string]TermKind{}
	for _, t := range terms {
		if k, ok := kinds[t.Text]; !ok || t.Kind > k {
			kinds[t.Text] = t.Kind
		}
	}
	starts := newRuneBits(nameStarts(maps.All(kinds)))
	return starts.has, func(s string) bool {
		k, ok := kinds[s]
		return ok && k <= Person
	}
}

// nameStarts returns the runes the names among terms (kind Proper or
// Person) begin with.
func nameStarts(terms iter.Seq2[string, TermKind]) map[rune]bool {
	starts := map[rune]bool{}
	for term, k := range terms {
		if k <= Person {
			r, _ := utf8.DecodeRuneInString(term)
			starts[r] = true
		}
	}
	return starts
}

// runeBits is a set of runes whose test is one load: a bit a rune of the
// Basic Multilingual Plane, a map for the others. The nil *runeBits is
// empty.
type runeBits struct {
	bmp   [0x10000 / 64]uint64
	other map[rune]bool
}

// newRuneBits makes the set of the runes of m.
func newRuneBits(m map[rune]bool) *runeBits {
	b := &runeBits{other: map[rune]bool{}}
	for r, ok := range m {
		switch {
		case !ok:
		case r >= 0 && r < 0x10000:
			b.bmp[r>>6] |= 1 << (r & 63)
		default:
			b.other[r] = true
		}
	}
	return b
}

// has reports whether r is in the set.
func (b *runeBits) has(r rune) bool {
	if b == nil {
		return false
	}
	if r >= 0 && r < 0x10000 {
		return b.bmp[r>>6]&(1<<(r&63)) != 0
	}
	return b.other[r]
}

// tableNames is ownNames read from the base's tables: the runes names
// begin with are stored with them (Tables.Starts, read at the first
// question that asks), not found by a walk over every term.
func tableNames(t *Tables) (start func(rune) bool, names func(string) bool) {
	start = func(r rune) bool { return t.Starts().names.has(r) }
	return start, func(s string) bool {
		k, ok := t.Kind(s)
		return ok && k <= Person
	}
}

// rareNames are the names the lexicon table keeps, by class
// (nameClass), less those the text holds.
type rareNames struct {
	class    map[string]byte
	maxRunes int
	// held are the names found in the text (drop), which lacking leaves
	// out of class: class itself does not change while texts are read,
	// for goroutines read it (in) while the indexing goroutine drops.
	held map[string]bool
}

// in returns the names that occur in text (with repeats), as
// strings.Contains would find them, by looking up every run of up to
// maxRunes characters. It changes nothing: goroutines may share it, and
// one goroutine may call drop meanwhile.
func (r *rareNames) in(text string) []string {
	var found []string
	for i := 0; i < len(text); {
		end := i
		for n := 1; n <= r.maxRunes && end < len(text); n++ {
			_, size := utf8.DecodeRuneInString(text[end:])
			end += size
			if _, ok := r.class[text[i:end]]; ok {
				found = append(found, text[i:end])
			}
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return found
}

// drop notes the names found in the text (in's), for lacking to leave
// out. Only one goroutine may drop at a time.
func (r *rareNames) drop(found []string) {
	if r.held == nil && len(found) > 0 {
		r.held = map[string]bool{}
	}
	for _, w := range found {
		if !r.held[w] {
			r.held[strings.Clone(w)] = true
		}
	}
}

// lacking returns the names the text lacks by class: class less the names
// dropped, which it deletes from class. Call it when every text has been
// read; in may not run meanwhile.
func (r *rareNames) lacking() map[string]byte {
	for w := range r.held {
		delete(r.class, w)
	}
	r.held = nil
	return r.class
}

// featureFinder tells the Features of normalised sentences, knowing the
// knowledge base's terms.
type featureFinder struct {
	kinds map[string]TermKind
	// Names of several words (厦门翔安国际机场) are found where a word
	// ends that ends one of them: names maps them to their kind, lengths
	// lists their lengths in bytes.
	names   map[string]TermKind
	lengths []int
}

func newFeatureFinder(terms []Term) *featureFinder {
	ff := &featureFinder{kinds: map[string]TermKind{}, names: map[string]TermKind{}}
	for _, t := range terms {
		if k, ok := ff.kinds[t.Text]; !ok || t.Kind > k {
			ff.kinds[t.Text] = t.Kind
		}
		if t.Kind == Org || t.Kind == Place {
			ff.names[t.Text] = t.Kind
			if !slices.Contains(ff.lengths, len(t.Text)) {
				ff.lengths = append(ff.lengths, len(t.Text))
			}
		}
	}
	return ff
}

// features is the Features of the normalised sentence norm, cut into toks.
func (ff *featureFinder) features(norm string, toks []analysis.Token) Features {
	return features(norm, toks, ff.kinds, ff.ends)
}

// ends is the kinds of the names of several words that end at byte end of
// norm, and the place among them, if any.
func (ff *featureFinder) ends(norm string, end int) (f Features, place string) {
	for _, l := range ff.lengths {
		if l <= end {
			switch name := norm[end-l : end]; ff.names[name] {
			case Org:
				f |= HasOrg
			case Place:
				f |= HasPlace
				place = name
			}
		}
	}
	return f, place
}

// indexSentence gives word each content token of a normalised sentence
// (cut into toks) and gram each of its unigrams and bigrams, in order, and
// returns its number of content words.
func indexSentence(norm string, toks []analysis.Token, word, gram func(string)) uint32 {
	n := uint32(0)
	for _, t := range toks {
		if !t.Function {
			word(t.Text)
			n++
		}
	}
	analysis.Grams(norm, gram)
	return n
}
