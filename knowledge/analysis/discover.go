package analysis

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// Lexicon is gse's full Simplified Chinese dictionary, loaded for building a
// knowledge base and then dropped: it costs about a second and 130 MB, which
// the serving path must not pay. Use it from one goroutine at a time.
type Lexicon struct {
	seg gse.Segmenter
}

// LoadLexicon loads gse's embedded Simplified Chinese dictionary.
func LoadLexicon() (*Lexicon, error) {
	l := &Lexicon{}
	l.seg.SkipLog = true
	l.seg.NotLoadHMM = true
	if err := l.seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("load gse dictionary: %w", err)
	}
	return l, nil
}

// Lookup returns a word's frequency and part of speech in the dictionary.
func (l *Lexicon) Lookup(word string) (Entry, bool) {
	freq, pos, ok := l.seg.Find(word)
	if !ok || freq <= 0 {
		return Entry{}, false
	}
	return Entry{Word: word, Freq: freq, Pos: pos}, true
}

// Discover returns every dictionary word of two or more characters that
// occurs in the normalised texts, with its frequency and part of speech.
// An analyzer made from them segments these texts as the full dictionary
// would, at a fraction of its cost.
//
// The words are those gse's CutAll finds (a word at every character
// where the dictionary has one, the text lower-cased), found as CutAll
// does, by looking each longer run of characters up until the dictionary
// has no word that begins so, but without CutAll's map of every
// position's ends and its strings of every word: CutAll was a seventh of
// a build. TestDiscoverMatchesCutAll holds the two to the same words.
func (l *Lexicon) Discover(texts []string) []Entry {
	found := make(map[string]Entry)
	var buf []byte
	for _, t := range texts {
		t = strings.ToLower(t)
		if !utf8.ValidString(t) {
			t = string([]rune(t)) // CutAll's runes: an invalid byte is U+FFFD
		}
		buf = append(buf[:0], t...)
		for k, r := range t {
			first := k + utf8.RuneLen(r)
			for end := first; ; {
				freq, pos, ok := l.seg.Dict.Find(buf[k:end])
				if !ok {
					break
				}
				if _, seen := found[string(buf[k:end])]; !seen && freq > 0 && end > first {
					w := strings.Clone(t[k:end])
					found[w] = Entry{Word: w, Freq: freq, Pos: pos}
				}
				if end == len(t) {
					break
				}
				_, size := utf8.DecodeRuneInString(t[end:])
				end += size
			}
		}
	}
	out := make([]Entry, 0, len(found))
	for _, e := range found {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Word < out[j].Word })
	return out
}

// Common returns the dictionary's words of two to four ideographs used at
// least minFreq times: the everyday vocabulary a question may use although
// the article does not (门票, 创始人, 方向). An analyzer that knows them reads
// such words whole instead of as loose characters.
func (l *Lexicon) Common(minFreq float64) []Entry {
	var out []Entry
	for i := range l.seg.Dict.Tokens {
		t := &l.seg.Dict.Tokens[i]
		if t.Freq() < minFreq {
			continue
		}
		w := t.Text()
		n := 0
		for _, r := range w {
			if !isHan(r) {
				n = 0
				break
			}
			n++
		}
		if n >= 2 && n <= 4 {
			out = append(out, Entry{Word: w, Freq: t.Freq(), Pos: t.Pos()})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Word < out[j].Word })
	return out
}

// Segment cuts normalised text with the full dictionary (for finding the
// knowledge base's own terms); tokens are as Analyzer.Tokens returns them,
// with the dictionary's part of speech.
func (l *Lexicon) Segment(norm string) []Token {
	segs := l.seg.Segment([]byte(norm))
	out := make([]Token, 0, len(segs))
	for i := range segs {
		s := &segs[i]
		out = append(out, Token{Text: norm[s.Start():s.End()], Start: s.Start(), End: s.End(), Function: IsFunctionWord(norm[s.Start():s.End()])})
	}
	return out
}

// Pos is the part of speech the full dictionary gives a word, or "".
func (l *Lexicon) Pos(word string) string {
	_, pos, _ := l.seg.Find(word)
	return pos
}
