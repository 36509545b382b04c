package qa

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lang"
	"github.com/visitbot/visitbot/knowledge/lexicon"
)

// The expand stage: each concept gets the words of the text it may stand
// for, from the knowledge base's lexicon (the part of CC-CEDICT that
// reaches the text's words). An English word stands for the text's words
// that have it in a sense; a romanised name (Du Xiaogang, Xiamen) for the
// name; a word the text lacks for the words that share one of its senses
// (老大 -> 带队). Each related word is credited by the relation's strength.

// relatedFactor scales a relation's strength into the credit of a match
// through it: below an alias (aliasFactor), which an admin wrote.
const relatedFactor = float32(0.85)

// expand adds related words to the question's concepts and marks the
// English words that look like names the text does not have.
//
// The stages that join or read Latin words (joinRomanised, joinCalques,
// mixedNames, englishOrgs) change nothing, and the capitalised words
// are read nowhere, when no concept is a Latin word: none becomes one
// here. A question without one skips them.
func (m *asker) expand(q *query, question string) {
	lex := &m.base.Lexicon
	latin := slices.ContainsFunc(q.concepts, func(c concept) bool { return isLatinWord(c.text) })
	var caps, possessive map[string]bool
	if latin {
		caps, possessive = capitalised(question, q.latin >= 0.5)
		q.concepts = m.joinRomanised(q.concepts, q.norm)
		q.concepts = m.joinCalques(q.concepts, q.norm, caps, openingCapital(question))
	}
	for i := range q.concepts {
		c := &q.concepts[i]
		aliased := len(c.alts) > 1
		m.addHeads(c)
		m.addNickname(c)
		m.addAbbreviation(c)
		if aliased {
			mixedPlaceAsked(c, q.norm[:c.start])
			continue // an alias of the table: the admin's word is final
		}
		switch {
		case isLatinWord(c.text):
			key := analysis.RomanKey(c.text)
			if name, ok := lex.Romanised(key); ok {
				c.addAlt(name, aliasFactor)
				c.entity, c.name = true, true
				continue
			}
			if run := m.romanisedRun(key); run != "" {
				c.addAlt(run, aliasFactor)
				continue
			}
			if name := m.romanisedStart(key, caps[c.text]); name != "" {
				c.addAlt(name, aliasFactor) // Haitian (Silk Road Satellite)
				c.entity = true
				continue
			}
			// A verb's form (led -> 领导) names the act: the word
			// alone, not the alias table's group of nouns it is in
			// (负责人) nor the titles of heads (校长).
			verb := lexicon.VerbForm(c.text)
			for _, r := range englishRelated(lex, c.text) {
				f := relatedFactor * r.Strength
				switch written, spoken := m.spokenWord(r.Word); {
				case spoken:
					// A word of everyday speech the lexicon reached
					// (cargo -> 货运) stands for the text's (货邮).
					m.addWritten(c, written, f*colloquialFactor)
				case verb:
					c.addAlt(r.Word, f)
				default:
					m.addRelated(c, r.Word, f)
				}
				if lang.GenericPlaces.Has(r.Word) && askedKindEnglish(q.norm[:c.start]) {
					c.placeKind = true                             // which cities
					c.placesAsked = lexicon.Base(c.text) != c.text // a plural
				}
				if lang.GenericPlaces.Has(r.Word) && countedEnglish(q.norm[:c.start]) {
					c.placeKind, c.placesAsked = true, true // how many cities
				}
			}
			if (len(c.alts) == 1 || possessive[c.text] && !m.standsForTerm(*c)) && caps[c.text] && !m.known(c.text) {
				c.name = true // a name in English the text does not have
			}
		case m.roundNumber(c, q.norm):
			// 100 of 100多年: the text's 百年.
		case deicticTimes.Has(c.text):
			// The reader's today: only the text's own word says it.
		case !m.known(c.text):
			m.addColloquial(c)
			for _, r := range lex.Related(c.text) {
				m.addRelated(c, r.Word, relatedFactor*r.Strength)
			}
		case m.text.wordCount(c.text) == 0:
			// A character the text has only inside its words (老 of
			// 养老) is still a word of speech (有多老: 历史, 百年).
			m.addColloquial(c)
		}
	}
	m.boundCompounds(q.concepts)
	sharedSenses(q.concepts)
	if latin {
		q.concepts = m.mixedNames(q.concepts, q.norm)
		q.concepts = m.englishOrgs(q.concepts, q.norm, caps)
	}
	continueNames(q.concepts, q.norm, caps, m.isPlace, m.isOrg)
}

// boundCompounds lets a verb right after an adverb of lang.BoundForms
// (互相+培养) stand for the word the text writes with the adverb's bound
// form and one of the verb's characters (互培 of 互挂互培, 互学 of 互相学习):
// written Chinese shortens both at once.
func (m *asker) boundCompounds(cs []concept) {
	for i := 0; i+1 < len(cs); i++ {
		bound, verb := lang.BoundForms[cs[i].text], &cs[i+1]
		if len(bound) == 0 || verb.start != cs[i].end || verb.entity || !analysis.AllHan(verb.text) {
			continue
		}
		for _, b := range bound {
			for _, r := range verb.text {
				if w := b + string(r); m.text.gramCount(w) > 0 {
					verb.addAlt(w, colloquialFactor)
				}
			}
		}
	}
}

// roundNumber lets a round number in digits before a unit (100 of
// 100多年, as Normalize writes 一百多年) stand for the word of the text
// that writes it with one numeral and the unit (百年), and reports whether
// it did.
func (m *asker) roundNumber(c *concept, norm string) bool {
	cn, ok := analysis.RoundNumeral(c.text)
	if !ok {
		return false
	}
	rest := strings.TrimPrefix(norm[c.end:], "多")
	r, n := utf8.DecodeRuneInString(rest)
	if n == 0 || !analysis.IsHan(r) {
		return false
	}
	if w := cn + string(r); m.text.wordCount(w) > 0 {
		c.addAlt(w, aliasFactor)
		return true
	}
	return false
}

// sharedSenses credits a word of the text that several English words of
// the question reach, each through a part of one sense (led and group of
// "to lead a group": 带队, half each), with the sum of their credits, up
// to a whole sense's, in the English word that reaches it most: together
// they are the phrase the sense translates. The others keep theirs, so
// the phrase is not counted twice. Only parts of senses count (credits
// below a whole related word's), once for each distinct English word (led
// twice is one part).
func sharedSenses(cs []concept) {
	type use struct{ c, k int }
	var uses map[string][]use
	for i, c := range cs {
		if !isLatinWord(c.text) || slices.ContainsFunc(cs[:i], func(p concept) bool { return p.text == c.text }) {
			continue
		}
		for k := 1; k < len(c.alts) && k < len(c.altF); k++ {
			if c.altF[k] >= relatedFactor {
				continue // a whole sense, a name, an alias: nothing to add up
			}
			if uses == nil {
				uses = map[string][]use{}
			}
			uses[c.alts[k]] = append(uses[c.alts[k]], use{i, k})
		}
	}
	for _, us := range uses {
		if len(us) < 2 {
			continue
		}
		var sum float32
		best := us[0]
		for _, u := range us {
			f := cs[u.c].altF[u.k]
			sum += f
			if f > cs[best.c].altF[best.k] {
				best = u
			}
		}
		f := &cs[best.c].altF[best.k]
		*f = max(*f, min(sum, relatedFactor))
	}
}

// mixedNames merges a Chinese word and an English word right beside it
// that together write a name of the text, through one of the English
// word's senses (之江lab: 之江 + 实验室) or through the Chinese word's
// name for the English one (Zhijiang实验室: 之江 + 实验室): one
// organisation, not two concepts.
func (m *asker) mixedNames(cs []concept, norm string) []concept {
	for i := 0; i+1 < len(cs); i++ {
		a, b := cs[i], cs[i+1]
		if isLatinWord(a.text) == isLatinWord(b.text) || strings.TrimSpace(norm[a.end:b.start]) != "" {
			continue
		}
		name := ""
		for _, x := range a.alts {
			for _, y := range b.alts {
				if !isLatinWord(x) && !isLatinWord(y) && m.termKind(x+y) != 0 { // (x+y on the stack: no term, no copy)
					name = x + y
					break
				}
			}
			if name != "" {
				break
			}
		}
		if name == "" {
			continue
		}
		joined := concept{text: name, alts: []string{name}, scale: a.scale, start: a.start, end: b.end, entity: true}
		cs = append(cs[:i], append([]concept{joined}, cs[i+2:]...)...)
	}
	return cs
}

// englishOrgs merges a place of the text and, right after it, a
// capitalised English word for an organisation's kind (Fuzhou University:
// 福州 + 大学) into the name they write, when the text has no organisation
// of that place and kind (it has 厦门大学 for Xiamen University): a name the
// text lacks, which the question asks about.
func (m *asker) englishOrgs(cs []concept, norm string, caps map[string]bool) []concept {
	for i := 0; i+1 < len(cs); i++ {
		a, b := cs[i], cs[i+1]
		if !isLatinWord(a.text) || !isLatinWord(b.text) || !caps[b.text] || strings.TrimSpace(norm[a.end:b.start]) != "" {
			continue
		}
		place := firstAlt(a, func(w string) bool { return m.termKind(w) == knowledge.Place })
		suffix := "" // the word's first sense, not one of many (Party: not 党校)
		if len(b.alts) > 1 && lang.StrongOrgSuffixes.Has(b.alts[1]) {
			suffix = b.alts[1]
		}
		if place == "" || suffix == "" {
			continue
		}
		has := false
		m.tables.TermsWithPrefix(place, knowledge.Org, func(t string) bool {
			has = strings.HasSuffix(t, suffix)
			return !has
		})
		if has || m.mentioned(place+suffix) {
			continue
		}
		name := place + suffix
		joined := concept{text: name, alts: []string{name}, scale: a.scale, start: a.start, end: b.end, name: true}
		cs = append(cs[:i], append([]concept{joined}, cs[i+2:]...)...)
	}
	return cs
}

// firstAlt returns the first of c's alternatives after its text that ok
// accepts, or "".
func firstAlt(c concept, ok func(string) bool) string {
	for _, a := range c.alts[1:] {
		if ok(a) {
			return a
		}
	}
	return ""
}

// askedKindEnglish reports English text ending with a word that asks for
// a kind (which, what: [kind asked] in question-cues-en.txt): the noun
// after it is the kind asked for.
func askedKindEnglish(before string) bool {
	f := strings.Fields(before)
	return len(f) > 0 && englishKindAsked.Has(f[len(f)-1])
}

// mixedPlaceAsked marks an English word that the alias table maps to a
// word for a kind of place (city: 城市) as asking for places, as
// categorise marks the Chinese word (its weight is left as it is), when
// the Chinese before it asks which (哪个city) or how many (去了几个 city): a
// mixed question is read as one question. (The lexicon's weaker links, as
// area or stage to a word for a region, are left out: with them a question
// lost.)
func mixedPlaceAsked(c *concept, before string) {
	if c.placeKind || !isLatinWord(c.text) || !slices.ContainsFunc(c.alts, lang.GenericPlaces.Has) {
		return
	}
	which, many := placesAsked(strings.TrimRight(before, " "))
	c.placeKind, c.placesAsked = which || many, many
}

// countedEnglish reports English text ending with words that ask how
// many of the noun after them ([count asked] in question-cues-en.txt).
func countedEnglish(before string) bool {
	before = strings.TrimSpace(before)
	return slices.ContainsFunc(englishCounted, func(c string) bool {
		rest, ok := strings.CutSuffix(before, c)
		return ok && (rest == "" || strings.HasSuffix(rest, " "))
	})
}

// englishCounted are the phrases of [count asked] in question-cues-en.txt.
var englishCounted = questionCuesEn["count asked"]

// englishKindAsked are the words of [kind asked] in question-cues-en.txt.
var englishKindAsked = lang.SectionSet("question-cues-en.txt", "kind asked")

// continueNames unmarks, as a name the text does not have, a capitalised
// English word that follows a name of the text in English: it continues
// that name (Unitree Robotics, Fuzhou Municipal Party School, Wuxi
// High-tech Zone), as English names of organisations run on in
// capitalised words (caps) and words joined by hyphens.
//
// A name in brackets right after a name of the text is another name of
// it, not a name the text lacks (Yuguo Kuajing (Cifnews), 宇树科技(Unitree)),
// and so is a name right before a name of the text in brackets (Cifnews
// (Yuguo Kuajing)); a place in brackets says where (Tsinghua (Fuzhou)), so
// isPlace keeps the name beside it unknown. A name in pinyin right after a
// place names something in that place the text lacks (Xiamen Gaoqi
// Airport: the text's is Xiang'an), as 高崎 of 厦门高崎机场 does; an
// English word goes on with the place's name (Fuzhou Municipal Party
// School). A continuing word with senses
// of its own stands for the organisation (isOrg) it continues as well
// (Holding of Guomao Holding Group).
func continueNames(cs []concept, norm string, caps map[string]bool, isPlace func(concept) bool, isOrg func(string) bool) {
	inName := false // the concept before continues a name of the text in English
	for i := range cs {
		c := &cs[i]
		if i > 0 {
			prev := &cs[i-1]
			latin := isLatinWord(prev.text) && isLatinWord(c.text)
			inName = latin && (prev.entity || inName) && gapContinues(norm[prev.end:c.start], caps[c.text])
			if c.name && (inName && !pinyinAfterPlace(*prev, *c, isPlace) || prev.entity && !isPlace(*prev) && bracketed(norm, *prev, *c)) {
				c.name = false
				c.entity = true // part of the name: the next may continue it too
			} else if inName && !c.entity {
				// A word of an organisation's name with a sense of its
				// own (Guomao Holding Group: not holding as in to hold)
				// stands for the organisation as well.
				for k, a := range prev.alts {
					if isOrg(a) {
						c.addAlt(a, prev.factor(k))
						c.entity = true
					}
				}
			}
		}
		if c.name && i+1 < len(cs) && cs[i+1].entity && !isPlace(cs[i+1]) && bracketed(norm, *c, cs[i+1]) {
			c.name = false // Cifnews (Yuguo Kuajing)
			c.entity = true
		}
	}
}

// gapContinues reports whether the gap between two Latin words of a
// question lets the second go on with a name the first is part of: none
// before a capitalised word (caps), or a hyphen.
func gapContinues(gap string, capitalised bool) bool {
	between := strings.TrimSpace(gap)
	return between == "" && capitalised || between == "-"
}

// pinyinAfterPlace reports a name c in pinyin right after a place prev
// (Gaoqi of Xiamen Gaoqi Airport): something else in that place, not more
// of its name. c is a name: a word with no senses (an English word that
// spells pinyin, media or data, has some).
func pinyinAfterPlace(prev, c concept, isPlace func(concept) bool) bool {
	return isPlace(prev) && analysis.SpellsPinyin(analysis.RomanKey(c.text))
}

// bracketed reports a concept b in brackets right after a.
func bracketed(norm string, a, b concept) bool {
	return strings.TrimSpace(norm[a.end:b.start]) == "(" && strings.HasPrefix(strings.TrimSpace(norm[b.end:]), ")")
}

// standsForTerm reports a concept that stands for a term of the text (a
// place, a person, an organisation) or a word of the alias table's groups
// (Delegation's: 考察团): not a name the text lacks, capitalised or not.
func (m *asker) standsForTerm(c concept) bool {
	for _, a := range c.alts[1:] {
		if m.termKind(a) != 0 || len(m.tables.Aliases(a)) > 0 || m.aliasNames[a] {
			return true
		}
	}
	return false
}

// isOrg reports an organisation of the text, by its name or a name of it
// in the alias table (国贸 for 国贸控股集团).
func (m *asker) isOrg(w string) bool {
	switch m.termKind(w) {
	case knowledge.Org:
		return true
	case knowledge.Place, knowledge.Person:
		return false
	}
	for _, a := range m.tables.Aliases(w) {
		if m.termKind(a) == knowledge.Org {
			return true
		}
	}
	return false
}

// isPlace reports a concept that stands for a place of the text.
func (m *asker) isPlace(c concept) bool {
	for _, a := range c.alts {
		if m.termKind(a) == knowledge.Place {
			return true
		}
	}
	return false
}

// headFactor credits a match of a word for the head of something
// (一把手) through a title that names one (校长): the same role, in
// another register.
const headFactor = float32(0.8)

// addHeads lets a word for the person at the head of something stand for
// the titles of heads the text has (掌门人 -> 书记, 校长).
func (m *asker) addHeads(c *concept) {
	if lang.HeadWords.Has(c.text) {
		m.addTitles(c, headFactor)
	}
}

// headTitles are lang.HeadTitles, listed once (addTitles runs for every
// word for a head a question has or its related words give).
var headTitles = lang.HeadTitles.Words()

// addTitles lets c stand for the titles of heads the text has, credited f.
func (m *asker) addTitles(c *concept, f float32) {
	for _, t := range headTitles {
		if m.text.wordCount(t) > 0 || m.text.gramCount(t) > 0 {
			c.addAlt(t, f)
		}
	}
}

// addNickname lets a city's other name (榕城) stand for the city when the
// text names it (福州): then it is that place; link declines one whose city
// the text does not name.
func (m *asker) addNickname(c *concept) {
	if city, ok := lang.PlaceNicknames[c.text]; ok && m.mentioned(city[0]) {
		c.addAlt(city[0], aliasFactor)
		c.entity = true
	}
}

// addAbbreviation lets a province's or city's one-character name (闽 of
// 赴闽浙, 锡 of 锡方) stand for the place when the text names it (福建,
// 无锡): then it is that place; link declines one whose place the text
// does not name (粤).
func (m *asker) addAbbreviation(c *concept) {
	if !c.abbreviation {
		return
	}
	if p := lang.PlaceAbbreviations[c.text]; m.mentioned(p[0]) {
		c.addAlt(p[0], aliasFactor)
		c.entity = true
	}
}

// colloquialFactor credits a written word that a word of everyday speech
// stands for (跑 -> 赴).
const colloquialFactor = float32(0.7)

// addColloquial lets a word of everyday speech stand for the written words
// of the text it may mean (lang.Colloquial: 聊 -> 座谈, 出差 -> 考察), also
// with an ending of aspect or result (lang.Aspects: 逛完, 聊过).
func (m *asker) addColloquial(c *concept) {
	words, ok := lang.Colloquial[c.text]
	if s, end := lang.Aspects.Suffix(c.text); !ok && end && len(s) < len(c.text) {
		words = lang.Colloquial[c.text[:len(c.text)-len(s)]] // 逛完 is 逛
	}
	m.addWritten(c, words, colloquialFactor)
	for _, b := range lang.BoundForms[c.text] {
		c.addAlt(b, colloquialFactor) // 互相 -> 互 of 互学: matched by its character
	}
}

// addWritten lets a concept stand for those of written that are words of
// the text, credited f.
func (m *asker) addWritten(c *concept, written []string, f float32) {
	for _, w := range written {
		if m.text.wordCount(w) > 0 {
			m.roomForAlt(c)
			c.addAlt(w, f)
		}
	}
}

// spokenWord returns the written words a word of everyday speech stands
// for (lang.Colloquial: 货运 -> 货邮), when w is such a word of two
// characters or more and no word of the text: the lexicon reaches it from
// an English word whose senses reach no word of the text (trip -> 出差 ->
// 考察). A single character (火) means too much to stand for anything.
func (m *asker) spokenWord(w string) ([]string, bool) {
	written, ok := lang.Colloquial[w]
	if !ok || utf8.RuneCountInString(w) < 2 || m.text.wordCount(w) > 0 {
		return nil, false
	}
	return written, true
}

// addRelated adds a related word credited f, and, when it is a word of
// the alias table, the words it stands for there (newspaper -> 报纸 ->
// 来源), credited f·aliasFactor; when it is a word for a head (领导), the
// titles of heads the text has (leaders -> 校长), credited f·headFactor.
func (m *asker) addRelated(c *concept, w string, f float32) {
	m.roomForAlt(c)
	c.addAlt(w, f)
	for _, a := range m.tables.Aliases(w) {
		m.roomForAlt(c)
		c.addAlt(a, f*aliasFactor)
	}
	if lang.HeadWords.Has(w) {
		m.addTitles(c, f*headFactor) // leaders -> 领导 -> 校长
	}
}

// addAlt adds a word the concept may stand for, credited f.
func (c *concept) addAlt(w string, f float32) {
	for _, a := range c.alts {
		if a == w {
			return
		}
	}
	if c.altF == nil {
		c.altF = c.credits(make([]float32, 0, len(c.alts)+4))
	}
	c.alts = append(c.alts, w)
	c.altF = append(c.altF, f)
}

// credits appends to dst the credit of each of the concept's words
// (factor) and returns the extended slice.
func (c *concept) credits(dst []float32) []float32 {
	for k := range c.alts {
		dst = append(dst, c.factor(k))
	}
	return dst
}

// roomForAlt makes room, in the question's buffers, for one more word of
// c and its credit, when c has none left: addAlt then appends in place.
func (m *asker) roomForAlt(c *concept) {
	if m.bufs == nil {
		return // (addAlt allocates)
	}
	if n := len(c.alts); n == cap(c.alts) {
		c.alts = append(m.stringSlice(2*n+2), c.alts...)
	}
	switch n := len(c.altF); {
	case c.altF == nil:
		c.altF = c.credits(m.float32Slice(cap(c.alts)))
	case n == cap(c.altF):
		c.altF = append(m.float32Slice(2*n+2), c.altF...)
	}
}

// factor is the credit of a match through the concept's k-th word.
func (c *concept) factor(k int) float32 {
	switch {
	case k < len(c.altF):
		return c.altF[k]
	case k == 0:
		return 1
	}
	return aliasFactor
}

// joinRomanised merges neighbouring Latin words, apart by spaces or a
// pinyin apostrophe, that together romanise one of the text's names (Du +
// Xiaogang -> 杜小刚, Xiang'an -> 翔安).
func (m *asker) joinRomanised(cs []concept, norm string) []concept {
	lex := &m.base.Lexicon
	for i := range cs {
		// A surname that is also an English word read as a function word
		// (You of You Yancheng: 尤延铖) left no concept: the word before
		// a Latin concept, when no concept holds it, may start the name.
		if from := latinWordBefore(norm, cs[i].start); from >= 0 && (i == 0 || cs[i-1].end <= from) && isLatinWord(cs[i].text) {
			key := analysis.RomanKey(norm[from:cs[i].end])
			if _, ok := lex.Romanised(key); ok {
				cs[i].text = norm[from:cs[i].end]
				cs[i].alts = []string{cs[i].text}
				cs[i].start = from
			}
		}
	}
	for i := 0; i+1 < len(cs); i++ {
		if !isLatinWord(cs[i].text) {
			continue
		}
		for j := min(len(cs)-1, i+2); j > i; j-- {
			if gap := strings.TrimSpace(norm[cs[j-1].end:cs[j].start]); !isLatinWord(cs[j].text) || gap != "" && gap != "'" {
				continue
			}
			key := analysis.RomanKey(norm[cs[i].start:cs[j].end])
			if _, ok := lex.Romanised(key); ok || m.romanisedRun(key) != "" {
				joined := concept{text: norm[cs[i].start:cs[j].end], scale: cs[i].scale, start: cs[i].start, end: cs[j].end}
				joined.alts = []string{joined.text}
				cs = slices.Replace(cs, i, j+1, joined)
				break
			}
		}
	}
	return cs
}

// joinCalques merges neighbouring English words, capitalised as a name's
// are (caps, or opening: the question's first word, capitalised) and apart
// by spaces and function words, that translate one of the text's names
// word for word (Three Lanes and Seven Alleys -> 三坊七巷: lexicon.Calques),
// into one concept that names it.
func (m *asker) joinCalques(cs []concept, norm string, caps map[string]bool, opening string) []concept {
	lex := &m.base.Lexicon
	var words [lexicon.MaxCalqueWords]string
	for i := 0; i+1 < len(cs); i++ {
		n := 0
		for j := i; j < len(cs) && n < lexicon.MaxCalqueWords && (caps[cs[j].text] || cs[j].text == opening) && (j == i || onlyEnglishStopwords(norm[cs[j-1].end:cs[j].start])); j++ {
			words[n] = lexicon.Base(cs[j].text)
			n++
		}
		for ; n >= 2; n-- {
			name, ok := lex.Romanised(strings.Join(words[:n], " "))
			if !ok {
				continue
			}
			j := i + n - 1
			joined := concept{text: norm[cs[i].start:cs[j].end], scale: cs[i].scale, entity: true, name: true, start: cs[i].start, end: cs[j].end}
			joined.alts = []string{joined.text}
			joined.addAlt(name, aliasFactor)
			cs = slices.Replace(cs, i, j+1, joined)
			break
		}
	}
	return cs
}

// openingCapital returns the question's first Latin word in lower case
// when it is capitalised (Three of Three Lanes and Seven Alleys: which …, or
// of 代表团在Three Lanes…), which capitalised leaves out of an English
// question: any sentence's first word is.
func openingCapital(question string) string {
	i := strings.IndexFunc(question, isLatinLetter)
	if i < 0 || !unicode.IsUpper(rune(question[i])) {
		return ""
	}
	end := i
	for end < len(question) && isLatinLetter(rune(question[end])) {
		end++
	}
	return strings.ToLower(question[i:end])
}

// onlyEnglishStopwords reports a gap between two words of a question that
// holds nothing but spaces and English function words ( and , of the ).
func onlyEnglishStopwords(gap string) bool {
	for w := range strings.FieldsSeq(gap) {
		if !isLatinWord(w) || !lexicon.IsStopword(w) {
			return false
		}
	}
	return true
}

// latinWordBefore returns where the Latin word that ends, before spaces,
// right before at in norm begins, or -1 if there is none.
func latinWordBefore(norm string, at int) int {
	end := len(strings.TrimRight(norm[:at], " "))
	if end == at {
		return -1 // no space between: not a word of its own
	}
	from := end
	for from > 0 && isLatinLetter(rune(norm[from-1])) {
		from--
	}
	if from == end {
		return -1
	}
	return from
}

// romanisedRun returns the one run of three ideographs of the text that
// key (a RomanKey) writes in pinyin (xichuangtou -> 锡创投: a short name
// the terms did not catch), or "". The tables index the runs of three by
// sound (Tables.Homophones); a run found must romanise to key exactly.
func (m *asker) romanisedRun(key string) string {
	if len(key) < minRomanRun {
		return ""
	}
	found := ""
	for _, split := range analysis.SplitPinyin(key, 3) {
		sounds := make([]string, len(split))
		for i, syl := range split {
			sounds[i] = analysis.FoldPinyin(syl)
		}
		for _, run := range m.tables.Homophones(sounds...) {
			if run == found || !slices.Contains(analysis.Romanise(run), key) {
				continue
			}
			if found != "" {
				return "" // two runs read so: neither is meant
			}
			found = run
		}
	}
	return found
}

// romanisedStart returns the one name of the text whose pinyin begins
// with key, a capitalised word of two or three syllables (Haitian of
// Haitian Silk Road Satellite: 海天丝路卫星, a name whose first part is
// written in pinyin and the rest translated), or "".
func (m *asker) romanisedStart(key string, capitalised bool) string {
	if !capitalised || len(key) < minRomanStart || len(analysis.SplitPinyin(key, 2))+len(analysis.SplitPinyin(key, 3)) == 0 {
		return ""
	}
	name, _ := m.base.Lexicon.RomanisedPrefix(key)
	return name
}

// minRomanStart is the fewest letters of a word read as the start of a
// name in pinyin.
const minRomanStart = 6

// minRomanRun is the fewest letters a romanised run of three is written
// with: shorter words are more likely English (or pinyin of common words).
const minRomanRun = 7

// isLatinWord reports a word of Latin letters (and digits, hyphens,
// apostrophes), with at least one letter.
func isLatinWord(s string) bool {
	letter := false
	for _, r := range s {
		switch {
		case isLatinLetter(r):
			letter = true
		case r >= '0' && r <= '9' || r == '-' || r == '\'' || r == ' ':
		default:
			return false
		}
	}
	return letter
}

// isLatinLetter reports an ASCII letter.
func isLatinLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// capitalised returns, in lower case, the words of the question written
// with a capital letter: in English, names. The first word of a question
// in English (english) is left out, as English capitalises it anyway; in a
// Chinese question a capitalised word is a name wherever it stands
// (DeepSeek那边).
//
// possessive holds those of them written with 's (Grab's management): a
// name whatever senses the word has as a common noun or verb.
//
// Both are nil (read as empty) for a question without such words: most
// have none, and need not make the maps.
func capitalised(question string, english bool) (caps, possessive map[string]bool) {
	first := english
	question = strings.ReplaceAll(question, "’", "'") // a phone's apostrophe
	for _, f := range strings.FieldsFunc(question, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) && r != '\'' }) {
		// In a Chinese question, an acronym (IPO, CBA) is as often a term
		// as a name: only a word in mixed case (DeepSeek) counts.
		if !first && unicode.IsUpper(rune(f[0])) && (english || strings.ToUpper(f) != f) {
			w, poss := strings.CutSuffix(strings.ToLower(f), "'s")
			if caps == nil {
				caps, possessive = map[string]bool{}, map[string]bool{}
			}
			caps[w] = true
			if poss {
				caps[w+"'s"], possessive[w] = true, true
			}
		}
		first = false
	}
	return caps, possessive
}

// englishCue is a phrase of an English question and what it asks for.
type englishCue struct {
	words []string
	kind  Kind
	year  bool
}

// englishCues are the cues of lang's question-cues-en.txt, longest first.
var englishCues = parseEnglishCues()

func parseEnglishCues() []englishCue {
	var out []englishCue
	for _, line := range questionCuesEn[""] {
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			panic("qa: question-cues-en.txt: want PHRASE<TAB>KIND: " + line)
		}
		k, ok := kindByName(f[1])
		if !ok {
			panic("qa: question-cues-en.txt: want PHRASE<TAB>KIND: " + line)
		}
		out = append(out, englishCue{words: strings.Fields(f[0]), kind: k, year: len(f) > 2 && f[2] == "year"})
	}
	// Longest first, stably: "how many" before "how".
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j].words) > len(out[j-1].words); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// kindByName returns the kind whose String is name.
func kindByName(name string) (Kind, bool) {
	for k, n := range kindNames {
		if n == name {
			return Kind(k), true
		}
	}
	return 0, false
}

// englishKind reads the kind of an English question from its Latin words
// (lower case, in order); ok is false when no cue is there. A cue that
// opens with a question word counts only at the question's first one: a
// later when or where opens a clause (What did they tour when they
// visited…?).
func englishKind(words []string) (k Kind, year, ok bool) {
	first := slices.IndexFunc(words, englishQuestionWords.Has)
	for _, c := range englishCues {
		for i := 0; i+len(c.words) <= len(words); i++ {
			if c.kind == KindYesNo && i > 0 {
				break // a yes/no cue is the question's first word
			}
			if i != first && englishQuestionWords.Has(c.words[0]) {
				continue
			}
			match := true
			for j, w := range c.words {
				if words[i+j] != w {
					match = false
					break
				}
			}
			if match {
				return c.kind, c.year, true
			}
		}
	}
	return KindWhat, false, false
}

// englishSum reports how much asked of a sum of money: right before a word
// for one (how much total assets, how much funding: [money noun] of
// question-cues-en.txt), or before an auxiliary and then such a word or a
// verb of paying (how much is its investment, how much did the fund
// invest: [money verb]); not how much time did they spend.
func englishSum(words []string) bool {
	for i := 0; i+2 < len(words); i++ {
		if words[i] != "how" || words[i+1] != "much" {
			continue
		}
		rest := words[i+2:]
		if rest[0] == "total" && len(rest) > 1 {
			rest = rest[1:]
		}
		if englishMoneyNouns.Has(rest[0]) {
			return true
		}
		return englishAuxiliaries.Has(rest[0]) && slices.ContainsFunc(rest[1:], func(w string) bool {
			return englishMoneyVerbs.Has(w) || englishMoneyNouns.Has(w)
		})
	}
	return false
}

// englishMoneyNouns and englishMoneyVerbs are the [money noun] and [money
// verb] words of question-cues-en.txt.
var (
	englishMoneyNouns = lang.SectionSet("question-cues-en.txt", "money noun")
	englishMoneyVerbs = lang.SectionSet("question-cues-en.txt", "money verb")
)

// englishAuxiliaries are the [auxiliary] words of question-cues-en.txt.
var englishAuxiliaries = lang.SectionSet("question-cues-en.txt", "auxiliary")

// englishQuestionWords are the [question words] of question-cues-en.txt.
var englishQuestionWords = lang.SectionSet("question-cues-en.txt", "question words")

// englishRelated returns the Chinese words an English word is related to:
// its senses (englishSenses) or, when it has none, those of the words it
// abbreviates (abbreviationRelated: EV, EVs).
func englishRelated(lex *lexicon.Table, w string) []lexicon.Related {
	if rs := englishSenses(lex, w); len(rs) > 0 {
		return rs
	}
	words := lexicon.Abbreviation(w)
	if words == nil {
		words = lexicon.Abbreviation(strings.TrimSuffix(w, "s")) // EVs (too short for Base to strip)
	}
	return abbreviationRelated(lex, words)
}

// englishSenses returns the Chinese words of an English word's senses:
// those of its base form (with the e that -ing and -ed drop: exchanging,
// exchange) or, when the table has none, of the first word it may be
// derived from that has some (historically: history), or of its base's
// base, the e restored likewise (landings, landing: land, 起降 "to take off
// and land"; savings: save). The table holds only the article's words: an
// empty answer does not say that the word is no English word, so the
// derivations are kept to safe ones.
func englishSenses(lex *lexicon.Table, w string) []lexicon.Related {
	base := lexicon.Base(w)
	rs := withSilentE(lex, w, base)
	for _, d := range lexicon.Derived(base) {
		if len(rs) > 0 {
			break
		}
		rs = lex.English(d)
	}
	if b := lexicon.Base(base); len(rs) == 0 && b != base {
		rs = withSilentE(lex, base, b)
	}
	return rs
}

// withSilentE returns the senses of base, the base form of w, or when it
// has none and w ends in -ing or -ed, of base with the e they drop
// (exchanging, exchanged: exchange; not cars: care).
func withSilentE(lex *lexicon.Table, w, base string) []lexicon.Related {
	rs := lex.English(base)
	if len(rs) == 0 && (strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed")) && base != w && !strings.HasSuffix(base, "e") {
		rs = lex.English(base + "e")
	}
	return rs
}

// abbreviationRelated returns the Chinese words an abbreviation's words
// (electric, vehicle of EV) reach together through their senses: those
// each of them reaches, as a sense of them all does (电动车: "electric
// vehicle"), with the sum of their strengths, at most 1. A word reached by
// some of them only (车辆 of vehicle) is not the term; English stopwords
// among them (of of internet of things) reach nothing and are skipped;
// nil when no word is reached by all.
func abbreviationRelated(lex *lexicon.Table, words []string) []lexicon.Related {
	var out []lexicon.Related
	first := true
	for _, w := range words {
		if lexicon.IsStopword(w) {
			continue
		}
		rs := englishSenses(lex, w)
		if first {
			out, first = append(out, rs...), false
			continue
		}
		out = slices.DeleteFunc(out, func(o lexicon.Related) bool {
			return !slices.ContainsFunc(rs, func(r lexicon.Related) bool { return r.Word == o.Word })
		})
		for i := range out {
			for _, r := range rs {
				if r.Word == out[i].Word {
					out[i].Strength = min(1, out[i].Strength+r.Strength)
				}
			}
		}
	}
	return out
}
