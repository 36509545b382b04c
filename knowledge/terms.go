package knowledge

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lang"
)

// TermKind tells what a knowledge-base term names.
type TermKind uint8

const (
	Proper TermKind = iota // a run of characters no dictionary knows: a name or brand
	Person
	Org
	Place
	Quote  // a phrase in quotation marks or title marks
	Number // a number with its unit
)

var termKindNames = [...]string{"proper", "person", "org", "place", "quote", "number"}

func (k TermKind) String() string {
	if int(k) < len(termKindNames) {
		return termKindNames[k]
	}
	return "unknown"
}

// Term is a word of the knowledge base's own that general dictionaries miss
// or that an answer can be about: people, organisations, places, quoted
// phrases, numbers with units. Text is normalised.
type Term struct {
	Text string   `json:"text"`
	Kind TermKind `json:"kind"`
}

// IsTitle reports whether w is, or ends with, a word for a person's role
// (市长, 副校长, 院士): such a word says who a name is.
func IsTitle(w string) bool { return lang.Titles.HasSuffix(w) }

// termRes are extractTerms' patterns, compiled on first use (by a build).
var termRes = sync.OnceValues(func() (quote, number *regexp.Regexp) {
	return regexp.MustCompile(`[“"《「『]([^“”"《》「」『』]{1,20})[”"》」』]`),
		regexp.MustCompile(`\d+(?:\.\d+)?(?:%|多|余)?(?:[万亿千百]+)?(?:元|吨|架次|人次|周年|年|月底|月初|月|日|个|家|种|项|所|位|名|艘|倍|强|版|期|批)?`)
})

// extractTerms finds the terms of one normalised paragraph, segmented with
// the full dictionary (toks) whose parts of speech pos gives.
func extractTerms(norm string, toks []analysis.Token, pos func(string) string, add func(Term)) {
	quoteRe, numberRe := termRes()
	for _, m := range quoteRe.FindAllStringSubmatch(norm, -1) {
		if q := strings.TrimSpace(m[1]); q != "" {
			add(Term{Text: q, Kind: Quote})
		}
	}
	for _, m := range numberRe.FindAllString(norm, -1) {
		if utf8.RuneCountInString(m) > 1 && !isDigits(m) {
			add(Term{Text: m, Kind: Number})
		}
	}
	// At the start of each sentence.
	for i := 0; i < len(toks); i++ {
		prev := i - 1
		for prev >= 0 && strings.TrimSpace(toks[prev].Text) == "" {
			prev--
		}
		if strings.TrimSpace(toks[i].Text) != "" && (prev < 0 || isSentenceEnd(toks[prev].Text)) {
			if name := leadingName(norm, toks[i:], pos); name != "" {
				add(Term{Text: name, Kind: Org})
			}
		}
	}
	isSingle := func(t analysis.Token) bool {
		r, n := utf8.DecodeRuneInString(t.Text)
		return n == len(t.Text) && analysis.IsHan(r) && !t.Function
	}
	adjacent := func(i int) bool { return i > 0 && toks[i-1].End == toks[i].Start }
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		// A run of single characters that no dictionary word covers: a
		// name or brand (杜小刚, 宇树).
		if isSingle(t) && (i == 0 || !isSingle(toks[i-1]) || !adjacent(i)) {
			j := i + 1
			for j < len(toks) && isSingle(toks[j]) && adjacent(j) {
				j++
			}
			if n := j - i; n >= 2 && n <= 4 {
				add(Term{Text: norm[t.Start:toks[j-1].End], Kind: Proper})
			}
		}
		// A title followed by a name: 市委书记杜小刚, 编辑:颜霖.
		if lang.Titles.HasSuffix(t.Text) {
			if name := nameAfter(norm, toks, i+1); name != "" {
				add(Term{Text: name, Kind: Person})
			}
		}
		switch p := pos(t.Text); {
		case p == "ns" && utf8.RuneCountInString(t.Text) >= 2 && !lang.GenericPlaces.Has(t.Text):
			add(Term{Text: t.Text, Kind: Place})
		case p == "nt" && utf8.RuneCountInString(t.Text) >= 3:
			add(Term{Text: t.Text, Kind: Org})
		}
		// An organisation or place: its suffix and the words before it.
		if kind, ok := suffixKind(t.Text); ok {
			weak := kind == Org && !lang.StrongOrgSuffixes.HasSuffix(t.Text)
			start := i
			for k := i - 1; k >= 0 && adjacent(k+1); k-- {
				prev := toks[k]
				if prev.Function || !isNameWord(prev, pos, weak) {
					break
				}
				if utf8.RuneCountInString(norm[prev.Start:t.End]) > 10 {
					break
				}
				start = k
			}
			if (start < i || kind == Org && utf8.RuneCountInString(t.Text) >= 4) && !countedSuffix(norm[toks[start].Start:t.Start]) {
				add(Term{Text: norm[toks[start].Start:t.End], Kind: kind})
			}
		}
	}
}

// leadingName returns the name a paragraph opens with, as news paragraphs
// about an organisation do (雨果跨境深耕…, 昊盛科技集团是…): the nouns before
// the first verb, function word or punctuation, when one of them is a
// proper name (a run of unknown characters, or a word the dictionary tags
// as a name) and the phrase is of two to eight characters. Else "".
func leadingName(norm string, toks []analysis.Token, pos func(string) string) string {
	proper, end, i, nouns := false, 0, 0, 0
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.Function || !analysis.AllHan(t.Text) || i > 0 && toks[i-1].End != t.Start {
			break
		}
		p := pos(t.Text)
		if strings.HasPrefix(p, "v") || p == "p" || p == "t" || p == "m" || p == "d" || p == "c" || p == "r" {
			break
		}
		if IsTitle(t.Text) {
			return "" // 副市长周文栋: a person with a title, not an organisation
		}
		switch {
		case utf8.RuneCountInString(t.Text) == 1, p == "nr", p == "ns", p == "nt", p == "nz", p == "j":
			proper = true
		}
		if strings.HasPrefix(p, "n") || p == "j" {
			nouns++
		}
		end = t.End
	}
	// Two or more nouns that no dictionary knows together, before a verb,
	// are a name too (雨果跨境深耕…).
	if !proper && nouns >= 2 && i == nouns && i < len(toks) && strings.HasPrefix(pos(toks[i].Text), "v") && pos(norm[toks[0].Start:end]) == "" {
		proper = true
	}
	// A name with an organisation's suffix ends there (宇树科技总部 is the
	// headquarters of 宇树科技).
	last := i - 1
	for k := last; k > 0; k-- {
		if _, ok := suffixKind(toks[k].Text); ok && k < last {
			last, end = k, toks[k].End
			break
		}
	}
	if i == 0 || !proper || end == 0 || pos(toks[last].Text) == "ns" {
		return "" // nothing, or ends with a place (兴业银行无锡…, 三坊七巷)
	}
	name := norm[toks[0].Start:end]
	if n := utf8.RuneCountInString(name); n < 2 || n > 8 {
		return ""
	}
	return name
}

// isSentenceEnd reports a token that ends a sentence.
func isSentenceEnd(s string) bool {
	for _, r := range s {
		if isTerminator(r) {
			return true
		}
	}
	return false
}

// isNameWord reports whether a token can be part of a proper name that ends
// in an organisation or place suffix; before a weak suffix only proper
// names can.
func isNameWord(t analysis.Token, pos func(string) string, weak bool) bool {
	r, n := utf8.DecodeRuneInString(t.Text)
	if n == len(t.Text) {
		return analysis.IsHan(r)
	}
	switch pos(t.Text) {
	case "ns", "nt", "nz", "j":
		return true
	case "n":
		if !weak {
			return true
		}
	}
	_, isSuffix := suffixKind(t.Text)
	return isSuffix
}

// countedSuffix reports a single numeral before a suffix (一+中心 of
// 一中心、一基地: a count of centres, no name); names that begin with
// numerals have more before the suffix (三一+集团, 六一+村).
func countedSuffix(before string) bool {
	r, n := utf8.DecodeRuneInString(before)
	return n > 0 && n == len(before) && analysis.IsNumeral(r)
}

func suffixKind(w string) (TermKind, bool) {
	if lang.OrgSuffixes.HasSuffix(w) {
		return Org, true
	}
	if utf8.RuneCountInString(w) >= 2 && lang.PlaceSuffixes.HasSuffix(w) {
		return Place, true
	}
	if utf8.RuneCountInString(w) == 1 && lang.PlaceSuffixes.HasSuffix(w) {
		return Place, true
	}
	return 0, false
}

// nameAfter returns the person's name that starts at toks[i]: two to four
// characters made of single-character tokens (or a two-character token and
// one more), beginning with a common surname.
func nameAfter(norm string, toks []analysis.Token, i int) string {
	// Skip a colon between a trailer key and the name.
	for i < len(toks) && !analysis.HasWordRune(toks[i].Text) {
		i++
	}
	if i >= len(toks) || !lang.Surnames.Has(string(firstRune(toks[i].Text))) {
		return ""
	}
	start, end, runes := toks[i].Start, toks[i].Start, 0
	for j := i; j < len(toks) && runes < 4; j++ {
		t := toks[j]
		n := utf8.RuneCountInString(t.Text)
		if j > i && (t.Function || t.Start != end) || n > 2 || runes+n > 4 || !analysis.AllHan(t.Text) {
			break
		}
		if j > i && n == 2 {
			break // a word follows the name
		}
		end, runes = t.End, runes+n
	}
	if runes < 2 || runes > 4 {
		return ""
	}
	return norm[start:end]
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// coreName strips an organisation's generic suffixes (宇树科技 -> 宇树,
// 昊盛科技集团 -> 昊盛): the short name people use.
func coreName(org string) string {
	core := org
	for {
		s, ok := lang.OrgSuffixes.Suffix(core)
		c := strings.TrimSuffix(core, s)
		if !ok || utf8.RuneCountInString(c) < 2 {
			return core
		}
		core = c
	}
}

// sortTerms orders terms by text, then kind, and drops duplicates.
func sortTerms(ts []Term) []Term {
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].Text != ts[j].Text {
			return ts[i].Text < ts[j].Text
		}
		return ts[i].Kind < ts[j].Kind
	})
	out := ts[:0]
	for i, t := range ts {
		if i > 0 && t == ts[i-1] {
			continue
		}
		out = append(out, t)
	}
	return out
}
