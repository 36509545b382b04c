package analysis

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/lang"

	"github.com/go-ego/gse"
)

// Entry is one word of an analyzer's dictionary.
type Entry struct {
	Word string  // normalised text
	Freq float64 // corpus frequency; higher wins when segmentations compete
	Pos  string  // part of speech as gse's dictionaries tag it ("nr", "ns", "n"...), may be empty
}

// Token is one word of normalised text.
type Token struct {
	Text       string
	Start, End int // byte offsets into the normalised text
	// Function is set for function words, fillers and question words
	// (的, 请问, 什么): they are not indexed and carry no content.
	Function bool
}

// Analyzer segments normalised text as gse does, using a dictionary made for
// one knowledge base (see Discover), compiled into a segmentation table
// (segtable.go) that a knowledge base stores and Load reads back. It is
// safe for concurrent use.
type Analyzer struct {
	tab segTable
	// names, if set, reports a name of the knowledge base's own that
	// gse's dictionary does not hold, and nameStart a rune such a name
	// may begin with (see SetNames).
	names     func(string) bool
	nameStart func(rune) bool
}

// SetNames gives the analyzer the names of its knowledge base that are
// not in its dictionary (a person's name, a run no dictionary knows):
// Tokens joins the tokens segmenting cut such a name into. Keeping them
// out of the dictionary keeps the segmentation table (and gse's dictionary
// at index time) the size of the vocabulary rather than of the base's
// names, and keeps the cut of the words around a name as it was when the
// base was built. start reports a rune a name
// may begin with (a quick test before names is asked). It must be called
// before the analyzer is used; both must be safe for concurrent use.
func (a *Analyzer) SetNames(start func(rune) bool, names func(string) bool) {
	a.nameStart, a.names = start, names
}

// Name joining looks at runs of up to maxNameTokens tokens of at most
// maxNameBytes.
const (
	maxNameTokens = 4
	maxNameBytes  = 30
)

// joinNames joins each longest run of adjacent tokens of norm that is a
// name (a.names), leftmost first.
func (a *Analyzer) joinNames(norm string, toks []Token) []Token {
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		j := a.nameEnd(norm, toks, i)
		if j == i {
			out = append(out, toks[i])
			continue
		}
		out = append(out, Token{Text: norm[toks[i].Start:toks[j].End], Start: toks[i].Start, End: toks[j].End})
		i = j
	}
	return out
}

// nameEnd returns the last token of the longest name that starts at
// toks[i] and spans two tokens or more, or i.
func (a *Analyzer) nameEnd(norm string, toks []Token, i int) int {
	if r, _ := utf8.DecodeRuneInString(toks[i].Text); !a.nameStart(r) {
		return i
	}
	last := i
	for j := i + 1; j < len(toks) && j < i+maxNameTokens && toks[j].Start == toks[j-1].End && toks[j].End-toks[i].Start <= maxNameBytes; j++ {
		last = j
	}
	for j := last; j > i; j-- {
		if a.names(norm[toks[i].Start:toks[j].End]) {
			return j
		}
	}
	return i
}

// New returns an analyzer whose segmenter knows exactly the given words plus
// the function-word lexicon. It loads no dictionary of gse's own, so it is
// cheap (a few milliseconds for the default article's 15,000 words).
//
// Words are added to gse's dictionary directly, with the frequencies gse's
// text loader (LoadDictStr) would give them: a word of one character counts
// 2 whatever its entry says. The dictionary gse builds is then compiled
// into the analyzer's segmentation table (Table). A word that is empty,
// holds a space or a control character (none does after Normalize; gse's
// trie panics on some words with a NUL), or has no positive frequency is
// left out.
func New(entries []Entry) (*Analyzer, error) {
	seg, size, err := newSegmenter(entries)
	if err != nil {
		return nil, err
	}
	table, err := compileTable(seg.Dict, size)
	if err != nil {
		return nil, fmt.Errorf("analyzer: %w", err)
	}
	return Load(table)
}

// newSegmenter returns gse's segmenter over entries and the analyzer's
// words (see New), and the number of those words. Its tokens have no
// distances yet (gse's CalcToken sets them; compileTable computes them).
func newSegmenter(entries []Entry) (*gse.Segmenter, int, error) {
	seg := &gse.Segmenter{}
	seg.SkipLog = true
	seg.NotLoadHMM = true
	seg.AlphaNum = false
	words := make([]Entry, 0, len(entries)+512)
	seen := make(map[string]bool, len(entries)+512)
	total := 0.0
	add := func(e Entry) {
		w := strings.TrimSpace(e.Word)
		if w == "" || seen[w] || strings.ContainsFunc(w, unicode.IsControl) || strings.ContainsRune(w, ' ') || e.Freq <= 0 || math.IsNaN(e.Freq) || math.IsInf(e.Freq, 0) {
			return
		}
		seen[w] = true
		total += e.Freq
		words = append(words, Entry{Word: w, Freq: e.Freq, Pos: strings.TrimSpace(e.Pos)})
	}
	for _, e := range entries {
		add(e)
	}
	for _, w := range analyzerWords() {
		add(Entry{Word: w, Freq: lexiconFreq})
	}
	size := len(seen)
	if size == 0 {
		return nil, 0, fmt.Errorf("analyzer: empty dictionary")
	}
	// Every ideograph of the dictionary's words as a word of its own (a
	// cost of log2(total)-1 where a character no word starts costs 32:
	// once there to spare gse a stand-in, and kept so that segmenting
	// stays as it was). gse counts every word of one character 2, so the
	// frequency given here is not the one it uses.
	single := total / (1 << 32)
	var singles []string
	for _, e := range words {
		for _, r := range e.Word {
			if c := string(r); isHan(r) && !seen[c] {
				seen[c] = true
				singles = append(singles, c)
			}
		}
	}
	slices.Sort(singles)
	for _, c := range singles {
		words = append(words, Entry{Word: c, Freq: single})
	}
	seg.MinTokenFreq = math.SmallestNonzeroFloat64
	seg.Dict = gse.NewDict()
	seg.Init()
	seg.Dict.Tokens = make([]gse.Token, 0, len(words))
	for _, e := range words {
		freq := e.Freq
		if utf8.RuneCountInString(e.Word) < 2 {
			freq = 2
		}
		var err error
		if e.Pos != "" {
			err = seg.AddToken(e.Word, freq, e.Pos)
		} else {
			err = seg.AddToken(e.Word, freq)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("analyzer: add %q: %w", e.Word, err)
		}
	}
	return seg, size, nil
}

// Load returns the analyzer whose segmentation table is table (what Table
// returned), read in place: table must not change while the analyzer is
// used. A damaged table is an error, never a panic: Load checks every
// bound that segmenting relies on.
func Load(table []byte) (*Analyzer, error) {
	t, err := parseTable(table)
	if err != nil {
		return nil, err
	}
	return &Analyzer{tab: t}, nil
}

// Table returns the analyzer's segmentation table (layout in segtable.go),
// for a knowledge base to store and Load to read back. It must not be
// modified.
func (a *Analyzer) Table() []byte { return a.tab.data }

// analyzerWords are the words every analyzer adds to its dictionary, made
// once: the lexicon's (LexiconWords), the heads' (一把手, not 一+把+手: they
// are content words, cut whole), the cities' other names (榕城, not 榕+城去)
// and the heads of a described place (老街区, not 老街+区).
var analyzerWords = sync.OnceValue(func() []string {
	var out []string
	for _, ws := range [][]string{LexiconWords(), lang.HeadWords.Words(), NicknameWords(), lang.DescriptionPlaces.Words()} {
		out = append(out, ws...)
	}
	return out
})

// lexiconFreq is the frequency given to function and question words that
// the knowledge base's own dictionary did not already hold.
const lexiconFreq = 20000

// Size is the number of words in the analyzer's dictionary.
func (a *Analyzer) Size() int { return a.tab.words }

// Tokens segments normalised text (see Normalize) into words, dropping
// spaces and punctuation. Runs of Latin letters and of digits are single
// tokens.
func (a *Analyzer) Tokens(norm string) []Token { return a.AppendTokens(nil, norm) }

// AppendTokens appends the tokens of norm (Tokens) to dst and returns the
// extended slice: a caller that keeps dst from one text to the next
// segments without allocating.
func (a *Analyzer) AppendTokens(dst []Token, norm string) []Token {
	if norm == "" {
		return dst
	}
	var buf [32]span
	segs := a.tab.segment(norm, buf[:0])
	n := len(dst)
	toks := slices.Grow(dst, len(segs))
	for _, s := range segs {
		start, end := s.start, s.end
		text := norm[start:end]
		if !hasWordRune(text) {
			continue
		}
		// gse keeps a run of ASCII letters, digits and some symbols as one
		// word; split off leading and trailing symbols so that "ai+" and
		// "ai" match.
		for text != "" && !commonHanStarts(text) {
			r, n := utf8.DecodeRuneInString(text)
			if isWordRune(r) {
				break
			}
			text, start = text[n:], start+n
		}
		for text != "" && !commonHanEnds(text) {
			r, n := utf8.DecodeLastRuneInString(text)
			if isWordRune(r) {
				break
			}
			text, end = text[:len(text)-n], end-n
		}
		for len(text) > MaxUnitBytes {
			// A very long run of letters or digits: pieces of MaxUnitBytes.
			cut := MaxUnitBytes
			for cut > 0 && !utf8.RuneStart(text[cut]) {
				cut--
			}
			toks = append(toks, Token{Text: text[:cut], Start: start, End: start + cut})
			text, start = text[cut:], start+cut
		}
		toks = append(toks, Token{Text: text, Start: start, End: end, Function: IsFunctionWord(text)})
	}
	if a.names != nil && len(toks)-n > 1 {
		toks = toks[:n+len(a.joinNames(norm, toks[n:]))] // (joined in place)
	}
	modifiedTextWords(toks[n:])
	return toks
}

// modifiedTextWords unmarks as function words the words for the article
// itself (lang.TextWords: 文章, 报道) right after a word of content or 的
// that modifies them: those name a thing of their own (五篇大文章,
// 哪几方面的文章), not the article (这篇文章, and 迭篇文章: a classifier
// after no numeral follows a demonstrative), unless what follows says
// they do (lang.InTextWords: 考察的报道里, 报道说).
func modifiedTextWords(toks []Token) {
	for i := 1; i < len(toks); i++ {
		prev := toks[i-1]
		if !toks[i].Function || prev.End != toks[i].Start || prev.Function && prev.Text != "的" || !lang.TextWords.Has(toks[i].Text) {
			continue
		}
		if strings.HasSuffix(prev.Text, "篇") && !counted(toks[:i-1], prev) {
			continue
		}
		if i+1 < len(toks) && toks[i+1].Start == toks[i].End {
			if _, ok := lang.InTextWords.Prefix(toks[i+1].Text); ok {
				continue // 报道里, 报道说了
			}
		}
		toks[i].Function = false
	}
}

// counted reports a classifier (篇 of 五篇, 哪几|篇) that a question word
// (哪几, 几) or a numeral of no function word comes right before: 这一|篇
// is a demonstrative's, and so is 迭|篇 (Wu: this).
func counted(before []Token, cl Token) bool {
	head := strings.TrimSuffix(cl.Text, "篇")
	if head == "" && len(before) > 0 && before[len(before)-1].End == cl.Start {
		head = before[len(before)-1].Text
	}
	last, _ := utf8.DecodeLastRuneInString(head)
	return lang.QuestionWords.Has(head) || IsNumeral(last) && !IsFunctionWord(head)
}

// commonHanStarts reports whether s begins with a common ideograph
// (commonHanAt), a word rune.
func commonHanStarts(s string) bool {
	_, ok := commonHanAt(s, 0)
	return ok
}

// commonHanEnds reports whether s ends with a common ideograph
// (commonHanAt), a word rune.
func commonHanEnds(s string) bool {
	if len(s) < 3 {
		return false
	}
	_, ok := commonHanAt(s, len(s)-3)
	return ok
}

func hasWordRune(s string) bool {
	if commonHanStarts(s) {
		return true
	}
	for _, r := range s {
		if isWordRune(r) {
			return true
		}
	}
	return false
}

// HasWordRune reports whether s holds a letter, an ideograph or a digit.
func HasWordRune(s string) bool { return hasWordRune(s) }

// isWordRune is unicode.IsLetter or unicode.IsDigit; the common
// ideographs, every one a letter (TestWordRuneIdeographs), are answered
// without a search of the letters' table.
func isWordRune(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// IsWordRune reports whether r can be part of a word (a letter, an ideograph
// or a digit).
func IsWordRune(r rune) bool { return isWordRune(r) }

// Dictionary renders entries in gse's dictionary format, one "word freq pos"
// a line, sorted by word: the form in which a knowledge base stores them.
func Dictionary(entries []Entry) string {
	sorted := append([]Entry(nil), entries...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Word < sorted[j].Word })
	var b strings.Builder
	for _, e := range sorted {
		fmt.Fprintf(&b, "%s %s", e.Word, strconv.FormatFloat(e.Freq, 'f', -1, 64))
		if e.Pos != "" {
			b.WriteString(" " + e.Pos)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// ParseDictionary reads what Dictionary wrote. The entries' words share
// s's memory.
func ParseDictionary(s string) ([]Entry, error) {
	out := make([]Entry, 0, strings.Count(s, "\n")+1)
	for n := 1; s != ""; n++ {
		line, rest, _ := strings.Cut(s, "\n")
		s = rest
		if line == "" {
			continue
		}
		word, freqText, pos, ok := dictFields(line)
		if !ok {
			return nil, fmt.Errorf("dictionary line %d: want \"word freq [pos]\", got %q", n, line)
		}
		freq, err := parseFreq(freqText)
		if err != nil || !(freq > 0) || math.IsInf(freq, 0) {
			return nil, fmt.Errorf("dictionary line %d: bad frequency %q", n, freqText)
		}
		out = append(out, Entry{Word: word, Freq: freq, Pos: pos})
	}
	return out, nil
}

// dictFields cuts a dictionary line into its two or three fields: at
// single spaces (as Dictionary writes it), else at any white space.
func dictFields(line string) (word, freq, pos string, ok bool) {
	if !strings.ContainsAny(line, "\t\r\v\f") && !strings.Contains(line, "  ") && line[0] != ' ' && line[len(line)-1] != ' ' {
		word, tail, ok := strings.Cut(line, " ")
		freq, pos, _ := strings.Cut(tail, " ")
		return word, freq, pos, ok && !strings.Contains(pos, " ")
	}
	f := strings.Fields(line)
	switch len(f) {
	case 2:
		return f[0], f[1], "", true
	case 3:
		return f[0], f[1], f[2], true
	}
	return "", "", "", false
}

// parseFreq parses a frequency: most are whole numbers, read without
// strconv's general path.
func parseFreq(s string) (float64, error) {
	if len(s) <= 15 {
		n := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return strconv.ParseFloat(s, 64)
			}
			n = n*10 + int(c-'0')
		}
		return float64(n), nil
	}
	return strconv.ParseFloat(s, 64)
}

// NicknameWords are the cities' other names (lang.PlaceNicknames) that are
// words of every analyzer, sorted: those that do not begin with the
// character a city of the list ends with (锡城 is left out: 无锡城 would
// be cut 无|锡城).
func NicknameWords() []string {
	ends := map[rune]bool{}
	for _, cities := range lang.PlaceNicknames {
		for _, c := range cities {
			r, _ := utf8.DecodeLastRuneInString(c)
			ends[r] = true
		}
	}
	var out []string
	for w := range lang.PlaceNicknames {
		if r, _ := utf8.DecodeRuneInString(w); !ends[r] {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}
