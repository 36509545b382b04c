package qa

import (
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lang"
)

// Matching, for the rank stage: where each concept of a question occurs in
// the text, by word, by characters in a row, through an alias or related
// word, or by shared characters; kept in a scratch memory reused across
// questions.

// maxRead is the most postings of one key a question reads: a word in
// more sentences than this (in a large base only) is looked for in the
// candidates' text instead (commonAlt), and such a unigram or bigram is
// left out of matching by characters.
const maxRead = 1 << 12

// commonAlt is an alternative of a concept too common to read: matched
// with strength f in every candidate whose text holds it.
type commonAlt struct {
	alt string
	f   float32
	via bool
	n   int // the sentences that hold it
}

// scratch is one question's working memory, dense over the sentences of a
// base and reused across questions (model.scratch); only the entries a
// question touched are cleared after it.
type scratch struct {
	direct  [][]float32 // [concept][sentence]: match in the sentence itself
	viaAlt  [][]bool    // [concept][sentence]: that match is through an alias or related word
	touched [][]uint32  // [concept]: sentences with a match
	// blocks has a bit a block of 1<<blockShift sentences, per concept,
	// set when one of them matches: a block without is all zeros in
	// direct, which need not be read (nor its memory faulted in).
	blocks  [][]uint64
	count   []uint16 // [sentence]: bigrams of one alternative found
	counted []uint32
	// marked has a bit a sentence, set when the question makes it a
	// candidate (mark) and cleared over cands after it: a bit, not a
	// word, so a large base's question touches few of its pages.
	marked  []uint64
	epoch   uint32 // the question's number, for secSeen
	cands   []uint32
	found   []float32     // referMatches' copy of a concept's matches
	common  [][]commonAlt // [concept]: its alternatives too common to read (maxRead)
	secBest [][]float32   // [concept][section]: best match in the section, valid when secSeen is the epoch
	secSeen []uint32      // [section]: the epoch of the question that last found its secBest
	// aboutReport: the question names nothing but what the report is
	// about as a whole (aboutReport), so the lead stands for its subject.
	aboutReport bool
	// stopCredit memoises rankContext.stopMatch by concept and section;
	// emptied after each question, it keeps its room for the next.
	stopCredit map[[2]int32]float64
}

func (m *asker) getScratch(nc int) *scratch {
	sc, _ := m.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{count: make([]uint16, m.n), marked: make([]uint64, (m.n+63)/64), secSeen: make([]uint32, m.tables.Sections())}
	}
	for len(sc.direct) < nc {
		sc.direct = append(sc.direct, make([]float32, m.n))
		sc.viaAlt = append(sc.viaAlt, make([]bool, m.n))
		sc.touched = append(sc.touched, nil)
		sc.blocks = append(sc.blocks, make([]uint64, (m.n>>blockShift+64)/64))
		sc.common = append(sc.common, nil)
		sc.secBest = append(sc.secBest, make([]float32, m.tables.Sections()))
	}
	sc.epoch++
	if sc.epoch == 0 { // wrapped: forget every mark
		clear(sc.secSeen)
		sc.epoch = 1
	}
	return sc
}

// putScratch clears what the question touched and returns sc to the pool.
func (m *asker) putScratch(sc *scratch, nc int) {
	for i := 0; i < nc; i++ {
		for _, id := range sc.touched[i] {
			sc.direct[i][id] = 0
			sc.viaAlt[i][id] = false
		}
		sc.touched[i] = sc.touched[i][:0]
		clear(sc.blocks[i])
		sc.common[i] = sc.common[i][:0]
	}
	for _, id := range sc.cands {
		sc.marked[id>>6] = 0 // every bit set is a candidate's
	}
	sc.cands = sc.cands[:0]
	clear(sc.stopCredit)
	m.scratch.Put(sc)
}

// blockShift sets the sentences of a block of scratch.blocks: 1,024, a
// page's worth of direct's float32s (a block spans two pages when the
// array does not start on a page).
const blockShift = 10

// matched returns concept i's match in sentence id, reading direct only
// in a block where the concept matched some sentence.
func (sc *scratch) matched(i int, id uint32) float32 {
	if sc.blocks[i][id>>(blockShift+6)]&(1<<(id>>blockShift&63)) == 0 {
		return 0
	}
	return sc.direct[i][id]
}

// mark makes sentence id a candidate, unless the question already has.
func (sc *scratch) mark(id uint32) {
	w, b := id>>6, uint64(1)<<(id&63)
	if sc.marked[w]&b == 0 {
		sc.marked[w] |= b
		sc.cands = append(sc.cands, id)
	}
}

// raises reports whether match(i, id, v, …) would change anything: the
// sentence has no match of concept i yet, or a weaker one. A match that
// raises nothing need not be tested (actIn, onlyInNames) first.
func (sc *scratch) raises(i int, id uint32, v float32) bool {
	d := sc.direct[i][id]
	return d == 0 || v > d
}

// match records that concept i matches sentence id with strength v,
// through an alias or related word if via.
func (sc *scratch) match(i int, id uint32, v float32, via bool) {
	d := sc.direct[i]
	if d[id] == 0 {
		sc.touched[i] = append(sc.touched[i], id)
		sc.blocks[i][id>>(blockShift+6)] |= 1 << (id >> blockShift & 63)
	}
	if v > d[id] {
		d[id] = v
		sc.viaAlt[i][id] = via
	}
}

// matches finds the sentences concept c (the i-th) matches, by word, by
// characters in a row, through an alias inside it, or by shared
// characters; for a concept of the question's setting, also the sentences
// that refer back to those (referMatches).
func (m *asker) matches(sc *scratch, i int, c concept) {
	m.match(sc, i, c, true)
	if c.setting || c.aside {
		m.referMatches(sc, i)
	}
}

// match is matches; inner says whether to look for an alias inside the
// concept (not again for the alias's own words).
func (m *asker) match(sc *scratch, i int, c concept, inner bool) {
	abbrevs := make([]int, 0, maxAbbrevs) // two-ideograph alternatives, read as abbreviations last
	named := false
	for k, alt := range c.alts {
		f := c.factor(k)
		via := k > 0 || !inner
		words, n := m.text.wordUpTo(alt, maxRead)
		if n > maxRead {
			// Too common to read: matched on the candidates' text.
			sc.common[i] = append(sc.common[i], commonAlt{alt: alt, f: f, via: via, n: n})
			continue
		}
		for _, p := range words {
			if sc.raises(i, p.ID, f) && m.actIn(k > 0, len(words), p.ID, alt) {
				sc.match(i, p.ID, f, via)
			}
		}
		named = named || len(words) > 0
		if sc.aboutReport {
			m.subjectMatches(sc, i, alt, f)
		}
		if c.entity {
			m.homeMatches(sc, i, alt, f)
		}
		if c.person {
			m.leaderMatches(sc, i, alt, f)
		}
		if len(words) > max(commonPostings, m.n/8) {
			// A word this common gains nothing from its characters: they
			// would add thousands of weak matches to a large base.
			continue
		}
		// By characters: the share of the alternative's bigrams present.
		var grams [16]string
		ng, units := 0, 0
		prevStart := -1
		analysis.Units(alt, func(u analysis.Unit, gap bool) {
			units++
			if prevStart >= 0 && !gap && ng < len(grams) {
				grams[ng] = alt[prevStart:u.End] // adjacent units: a slice, no copy
				ng++
			}
			prevStart = u.Start
		})
		if units == 1 {
			ps, n := m.text.gramUpTo(alt, min(max(commonPostings, m.n/4), maxRead))
			for _, p := range ps {
				v := f * unigramMatch
				if !sc.raises(i, p.ID, v) || n <= maxNameCheck && m.onlyInNames(p.ID, alt) {
					continue // 雨 of 雨果跨境 says nothing of rain
				}
				sc.match(i, p.ID, v, via)
			}
			continue
		}
		if ng == 0 {
			continue
		}
		if units == 2 && analysis.AllHan(alt) && len(abbrevs) < maxAbbrevs {
			abbrevs = append(abbrevs, k)
		}
		for _, g := range grams[:ng] {
			ps, _ := m.text.gramUpTo(g, maxRead) // (none if more: their sentences need the others)
			for _, p := range ps {
				if sc.count[p.ID] == 0 {
					sc.counted = append(sc.counted, p.ID)
				}
				sc.count[p.ID]++
			}
		}
		for _, id := range sc.counted {
			share := float32(sc.count[id]) / float32(ng)
			sc.count[id] = 0
			var v float32
			switch {
			case share == 1 && units >= 3:
				v = f // every bigram of a long name: the name itself
			case share >= 0.5:
				v = f * gramFactor * share
			default:
				continue // (a share below a half matches nothing: no need to read)
			}
			if sc.raises(i, id, v) && m.actIn(k > 0, len(sc.counted), id, alt) {
				sc.match(i, id, v, via)
			}
		}
		sc.counted = sc.counted[:0]
	}
	if !c.entity || !named {
		// A name the text writes as itself (兴业银行) is not abbreviated
		// elsewhere: 兴业 is no 新兴产业.
		for _, k := range abbrevs {
			m.abbrevMatches(sc, i, c.alts[k], c.factor(k), k > 0 || !inner)
		}
	}
	if len(sc.touched[i]) > 0 || len(sc.common[i]) > 0 {
		return
	}
	// Found nowhere: an alias inside it (搬进 of 搬进去) may be.
	if alts := m.innerAliases(c.text); inner && len(alts) > 0 {
		m.match(sc, i, concept{text: c.text, alts: alts}, false)
		if len(sc.touched[i]) > 0 {
			return
		}
	}
	m.charMatches(sc, i, c)
}

// minStem is the fewest letters of an English stem matched inside a word.
const minStem = 4

// innerAliases returns the aliases of the longest alias key inside s (of
// two or more characters, shorter than s), or nil. A key starts a Latin
// word and ends it, or is a stem of four letters or more that starts it
// (robot of robotics): rd of password is no R&D, ai of braised no AI. A
// key of ideographs begins or ends s (搬进 of 搬进去): one in its middle
// was cut out of two of its parts (合作 of 光合|作用).
func (m *asker) innerAliases(s string) []string {
	rs := []rune(s)
	if len(rs) > 2*m.aliasMaxRunes {
		return nil
	}
	cuts := func(i int) bool { return i > 0 && i < len(rs) && isLatinLetter(rs[i-1]) && isLatinLetter(rs[i]) }
	for n := min(len(rs)-1, m.aliasMaxRunes); n >= 2; n-- {
		for i := 0; i+n <= len(rs); i++ {
			if cuts(i) || cuts(i+n) && n < minStem {
				continue
			}
			if i > 0 && i+n < len(rs) && analysis.IsHan(rs[i]) {
				continue // 合作 of 光合作用 (光合|作用): inside a word, not at its start or end
			}
			if words, ok := m.tables.FindAliases(string(rs[i : i+n])); ok && words.Count() > 0 {
				return words.AppendTo(m.stringSlice(words.Count())) // (from the question's buffers)
			}
		}
	}
	return nil
}

// charMatches credits the sentences that share characters with a concept
// the text has nowhere, neither as a word nor as characters in a row:
// Chinese words that share a character often share a meaning.
func (m *asker) charMatches(sc *scratch, i int, c concept) {
	for ai, alt := range c.alts {
		n := 0
		for _, r := range alt {
			if analysis.IsHan(r) {
				n++
			}
		}
		if n < 2 {
			continue
		}
		for k, r := range alt {
			if !analysis.IsHan(r) {
				continue
			}
			g := alt[k : k+utf8.RuneLen(r)]
			ps, _ := m.text.gramUpTo(g, min(m.n/4+1, maxRead))
			for _, p := range ps {
				if sc.count[p.ID] == 0 {
					sc.counted = append(sc.counted, p.ID)
				}
				sc.count[p.ID]++
			}
		}
		for _, id := range sc.counted {
			v := charFactor * float32(sc.count[id]) / float32(n)
			if sc.raises(i, id, v) && m.actIn(ai > 0, len(sc.counted), id, alt) {
				sc.match(i, id, v, ai > 0)
			}
			sc.count[id] = 0
		}
		sc.counted = sc.counted[:0]
	}
}

// maxNameCheck is the most sentences with a character whose every
// occurrence is checked for lying inside a name: the check reads each
// sentence's text.
const maxNameCheck = 64

// onlyInNames reports whether every occurrence of character ch in sentence
// id lies inside a name of the text (a person, an organisation, a place,
// a brand), before its end: there it does not carry its own meaning.
func (m *asker) onlyInNames(id uint32, ch string) bool {
	norm := m.text.sentence(id).Norm
	found := false
	for at := 0; ; {
		k := indexText(norm[at:], ch)
		if k < 0 {
			return found
		}
		at += k
		if !m.inName(norm, at, at+len(ch)) {
			return false
		}
		found = true
		at += len(ch)
	}
}

// maxTextNameRunes is the longest name of the text inName looks for.
const maxTextNameRunes = 8

// inName reports whether norm[start:end] lies inside a longer name of the
// text, of at most maxTextNameRunes characters, that does not end with it:
// the last character of a name often says what it is (校 of 党校, 行 of
// 银行) and keeps its meaning there; the others (雨 of 雨果) do not.
func (m *asker) inName(norm string, start, end int) bool {
	starts := m.nameStarts() // nil: every rune may begin a name
	for from, back := start, 0; back < maxTextNameRunes && from >= 0; back++ {
		longest := maxTextNameRunes
		if starts != nil {
			longest = 0 // no name of the text begins with r
			if r, _ := utf8.DecodeRuneInString(norm[from:]); m.nameStartBits.mayHave(r) {
				longest = min(starts[r], maxTextNameRunes)
			}
		}
		for to, fwd := end, 0; back+fwd+1 <= longest && to <= len(norm); fwd++ {
			if fwd > 0 {
				if k, ok := m.tables.Kind(norm[from:to]); ok && k <= knowledge.Place {
					return true
				}
			}
			if to == len(norm) {
				break
			}
			_, n := utf8.DecodeRuneInString(norm[to:])
			to += n
		}
		if from == 0 {
			break
		}
		_, n := utf8.DecodeLastRuneInString(norm[:from])
		from -= n
	}
	return false
}

// maxAbbrevs bounds the alternatives of a concept read as abbreviations:
// the first two-ideograph ones with grams in the text, in the order of the
// concept's words (the word itself, then its aliases and related words by
// strength: 设立, 创建, 创立, 建立); the written-out phrase of a word
// further off (组建 of 设立) is more often another word's.
const maxAbbrevs = 4

// abbrevFactor credits a two-character word in a sentence that has its
// characters with one between them: the phrase it abbreviates (共建 of
// 共同建设, 招引 of 招商引资).
const abbrevFactor = float32(0.7)

// abbrevMatches credits the sentences where word, of two ideographs, is
// written out: its first character, one more, then its second (共同建设
// for 共建), as Chinese abbreviates a phrase by the first characters of
// its words. Only characters in at most maxNameCheck sentences are
// looked for.
func (m *asker) abbrevMatches(sc *scratch, i int, word string, f float32, via bool) {
	_, n := utf8.DecodeRuneInString(word)
	a, b := word[:n], word[n:]
	withA, na := m.text.gramUpTo(a, maxNameCheck)
	if na > maxNameCheck {
		return
	}
	withB, nb := m.text.gramUpTo(b, maxNameCheck)
	if nb > maxNameCheck {
		return
	}
	for _, p := range withA {
		// Postings are sorted by sentence: only a sentence with both
		// characters is read.
		for len(withB) > 0 && withB[0].ID < p.ID {
			withB = withB[1:]
		}
		if len(withB) == 0 {
			break
		}
		if withB[0].ID != p.ID || sc.direct[i][p.ID] >= f*abbrevFactor {
			continue // not both characters, or matched as well already
		}
		norm := m.text.sentence(p.ID).Norm
		for at := 0; ; {
			k := indexText(norm[at:], a)
			if k < 0 {
				break
			}
			at += k + len(a)
			if _, size := utf8.DecodeRuneInString(norm[at:]); size > 0 && strings.HasPrefix(norm[at+size:], b) {
				sc.match(i, p.ID, f*abbrevFactor, true)
				break
			}
		}
	}
}

// referFactor credits a sentence that opens with a word for the people or
// things of the sentence before it (大家表示, 双方表示, 同时: RefersBack)
// for a word of the scene a question sets that the sentence before holds.
const referFactor = float32(0.9)

// maxReferChain is the most sentences in a row that referMatches follows.
const maxReferChain = 3

// maxPersonCheck bounds the sentences actIn reads for one related word.
const maxPersonCheck = 16

// actIn reports whether a match of alt in sentence id counts, by word, by
// its characters or one character at a time: always for the question's own
// word; for a related word (related), unless the sentence writes it only
// inside words for people (负责 of 主要负责同志 is no act: 分管 is not met
// there). Only the first maxPersonCheck of n sentences are read.
func (m *asker) actIn(related bool, n int, id uint32, alt string) bool {
	return !related || n > maxPersonCheck || !m.onlyInPersonWords(id, alt)
}

// onlyInPersonWords reports whether every time sentence id writes w, a
// person's ending follows it (负责+同志, 负责+人): there w is part of a word
// for a person. An ending of one character (人) counts only where the two
// make a word (负责人 of lang.People or the lexicon table; not 干部+人才).
func (m *asker) onlyInPersonWords(id uint32, w string) bool {
	norm := m.text.sentence(id).Norm
	seen := false
	for rest := norm; ; {
		i := indexText(rest, w)
		if i < 0 {
			return seen
		}
		rest = rest[i+len(w):]
		end, ok := lang.PersonEndings.Prefix(rest)
		if !ok || utf8.RuneCountInString(end) == 1 && !lang.People.Has(w+end) && !m.base.Lexicon.Word(w+end) {
			return false // 干部+人才, 新一代+人工: 人 begins another word
		}
		seen = true
	}
}

// referMatches credits, for concept i of the question's setting, the
// sentences after each sentence it matches, however it matched there (by
// word, by characters, through an alias: 党校 in 福州市委党校), that refer
// back to it (考察团…与之江实验室主任王坚交流。大家均表示,将…围绕"AI+商业航天"…):
// what was said after the scene is said of it. A sentence is credited
// from the matches found before any crediting, so that the credit reaches
// at most maxReferChain sentences past a match, whatever the order.
func (m *asker) referMatches(sc *scratch, i int) {
	matched := sc.touched[i] // (sc.match appends past its end)
	found := sc.found[:0]
	for _, p := range matched {
		found = append(found, sc.direct[i][p])
	}
	sc.found = found
	for k, p := range matched {
		for id := p + 1; id < uint32(m.n) && id <= p+maxReferChain; id++ {
			if !m.refersBack(id) {
				break // another document's 大家 are other people
			}
			sc.match(i, id, found[k]*referFactor, true)
		}
	}
}
