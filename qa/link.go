package qa

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lang"
)

// The link stage: which names the question mentions, and whether the text
// has them. A name-like phrase the text does not have (东湖大学, 合肥市委书记,
// 马云, Tsinghua) is a hard signal: the article cannot say anything about
// it, and quoting what it says of another name would be a guess. Names are
// read by their shape: a proper noun or a run of characters no dictionary
// knows before an organisation's suffix (华为+科技) or an administrative
// word (合肥+市委书记), a place name of the dictionary, a surname and a
// given name beside a title, a capitalised English word no dictionary or
// romanisation knows, a rarer proper noun of the dictionary inside a run of
// characters the analyzer does not know (泉州晋江: the lexicon table keeps
// those names, so that the analyzer's trie need not).

// nameClass is what kind of thing a name names.
type nameClass uint8

const (
	classOrg nameClass = iota + 1
	classPlace
	classPerson
	classOther
)

// unknownName is a name of the question that the text does not have.
type unknownName struct {
	text  string
	class nameClass
	// suffix is the organisation's suffix (大学), for naming the text's
	// organisations of the same kind.
	suffix string
}

// link returns the names among the concepts (of the question norm,
// segmented as toks) that the text does not have.
func (m *asker) link(cs []concept, norm string, toks []analysis.Token) []unknownName {
	var out []unknownName
	add := func(u unknownName) {
		if !slices.ContainsFunc(out, func(o unknownName) bool { return o.text == u.text }) && !m.mentioned(u.text) && !m.soundsLikeName(u.text) {
			out = append(out, u)
		}
	}
	m.dictNames(norm, toks, add)
	for i := 0; i < len(cs); i++ {
		c := cs[i]
		var next *concept
		if i+1 < len(cs) && cs[i+1].start == c.end {
			next = &cs[i+1]
		}
		titled := "" // 赵龙 of 福建省|长赵龙
		if i > 0 {
			titled = titledName(cs[i-1], c)
		}
		given := surnameGiven(cs, i) // 王建国 of 副市长|王|建国
		pos := m.properPos[c.text]
		proper := pos == 'p' || pos == 'r' || c.unknownRun
		_, nickname := lang.PlaceNicknames[c.text]
		switch {
		case nickname && !c.entity:
			add(unknownName{text: c.text, class: classPlace}) // 金陵: a city the text does not name
		case c.abbreviation && !c.entity:
			add(unknownName{text: lang.PlaceAbbreviations[c.text][0], class: classPlace}) // 粤: 广东, which the text does not name
		case c.name && !c.entity:
			add(unknownName{text: c.text, class: classOther})
		case next != nil && m.otherKindOfOrg(c, *next):
			add(unknownName{text: c.text + next.text, class: classOrg, suffix: next.text}) // 兴业证券: not 兴业银行
			i++
		case next != nil && proper && lang.OrgSuffixes.Has(next.text):
			// A name the text has before a generic suffix describes
			// (福州党校: the party school in Fuzhou); another names, and so
			// does one that is a proper noun as a whole that the text
			// does not have (浙江大学: gse knows it; the text has 厦门大学).
			if (!m.mentioned(c.text) || m.isRareName(c.text+next.text)) && !m.altMentioned(c, next.text) {
				add(unknownName{text: c.text + next.text, class: classOrg, suffix: next.text})
			}
			i++
		case proper && next != nil && lang.PlaceSuffixes.Has(string(firstRune(next.text))):
			add(unknownName{text: c.text, class: classPlace})
		case pos == 'p' && !lang.GenericPlaces.Has(c.text):
			add(unknownName{text: c.text, class: classPlace})
		case m.personLike(c, cs, i, norm):
			add(unknownName{text: c.text, class: classPerson})
		case given != "":
			add(unknownName{text: given, class: classPerson})
			i++
		case titled != "":
			add(unknownName{text: titled, class: classPerson})
		case c.unknownRun:
			left, right := m.besideWords(cs, i)
			if u, ok := m.rareName(norm, c.start, c.end, left, right, m.base.Lexicon.Common(c.text)); ok {
				add(u)
			} else if u, ok := m.suffixedName(c.text, true); ok {
				add(u)
			}
		default:
			if u, ok := m.suffixedName(c.text, false); ok {
				add(u)
			}
		}
	}
	if len(out) == 0 {
		// No word shaped like a name: the topic, or a word after 在, the
		// text has nowhere may still be one.
		if u, ok := m.unknownTopic(cs, norm); ok {
			add(u)
		}
	}
	return out
}

// soundsLikeName reports whether name sounds rune for rune like the
// start of one of the text's most mentioned names
// (namesBySound): 王建 for 王坚, 金元 for 金圆 of 金圆集团. A
// name heard or typed by its sound (voice input, a pinyin keyboard) is the
// text's name, not another the text lacks; a longer name (王健林) is not
// the text's shorter one (王坚).
func (m *asker) soundsLikeName(name string) bool {
	r1, n := utf8.DecodeRuneInString(name)
	r2, _ := utf8.DecodeRuneInString(name[n:])
	for _, text := range m.namesBySound()[soundPair{analysis.Sound(r1), analysis.Sound(r2)}] {
		if _, ok := soundSpan(text, 0, name); ok {
			return true
		}
	}
	return false
}

// shifted returns copies of cs with their offsets moved back by off, for
// reading them in the question's text after off.
func shifted(cs []concept, off int) []concept {
	out := slices.Clone(cs)
	for i := range out {
		out[i].start -= off
		out[i].end -= off
	}
	return out
}

// minTopicRunes is the fewest ideographs of a topic unknownTopic reads as
// a name.
const minTopicRunes = 3

// unknownTopic returns a name the text does not have: the question's topic
// (its first concept, before 的: 福耀玻璃的业务, 红烧肉的做法) or a word
// after a word that introduces a place (在鼓浪屿参观, [before place] in
// question-cues.txt), when it is an unknownWord: what the question is
// about is not in the text.
func (m *asker) unknownTopic(cs []concept, norm string) (unknownName, bool) {
	if u, ok := m.unknownSubject(cs, norm); ok {
		return u, true
	}
	if u, ok := m.apposedName(cs, norm); ok {
		return u, true
	}
	for k, c := range cs {
		before := norm[:c.start]
		topic := k == 0 && strings.HasPrefix(norm[c.end:], "的") && strings.TrimSpace(before) == ""
		if !topic && !placeCues.HasSuffix(before) {
			continue
		}
		// Three characters or more the text has nowhere; or two that are
		// no word, as the topic or whom a verb of visiting visits.
		short := m.unknownShortName(c) && (topic || visitCues.HasSuffix(before))
		if !m.unknownWord(c) && !short {
			continue
		}
		class := classOther
		if !topic {
			class = classPlace
		}
		return unknownName{text: c.text, class: class}, true
	}
	return unknownName{}, false
}

// isAmount reports a word that is numerals and a measure word, perhaps 多
// or 余 between them (两个, 三家, 十多家): an amount.
func isAmount(w string) bool {
	rest := strings.TrimLeftFunc(w, analysis.IsNumeral)
	if rest == w {
		return false
	}
	rest = strings.TrimPrefix(strings.TrimPrefix(rest, "多"), "余")
	return slices.Contains(countClassifiers, rest)
}

// maxApposedConcepts bounds the concepts apposedName joins into a name.
const maxApposedConcepts = 3

// orgHeads are the nouns for any kind of organisation ([description head]:
// 公司, 企业, 集团).
var orgHeads = lang.NewSet(questionCues["description head"]...)

// apposedName returns the name at the question's start (after a time of
// today) that a word for a kind of organisation follows as a word of its
// own, a demonstrative between them or none (深度求索那个公司, 深度求索公司):
// a name of everyday words, which no other test reads as one, when the
// text has it nowhere, not even as characters in a row, and lacks one of
// its words (求索). A description of the text's words (跨境资讯平台) is no
// name.
func (m *asker) apposedName(cs []concept, norm string) (unknownName, bool) {
	cs, norm = afterToday(cs, norm)
	if len(cs) == 0 || strings.TrimSpace(norm[:cs[0].start]) != "" {
		return unknownName{}, false
	}
	for k := 0; k+1 < len(cs) && k < maxApposedConcepts; k++ {
		if cs[k].entity || k > 0 && cs[k].start != cs[k-1].end {
			break
		}
		between := norm[cs[k].end:cs[k+1].start]
		if between != "" && !determiners.Has(between) || !orgHeads.Has(cs[k+1].text) {
			continue
		}
		name := norm[cs[0].start:cs[k].end]
		if utf8.RuneCountInString(name) < minTopicRunes || !analysis.AllHan(name) || m.mentioned(name) ||
			!slices.ContainsFunc(cs[:k+1], func(c concept) bool { return !m.contains(c.text) }) {
			break
		}
		return unknownName{text: name, class: classOrg}, true
	}
	return unknownName{}, false
}

// afterToday returns the concepts after a time of today that opens the
// question (昨晚国足…), their offsets moved to read the text after it, and
// that text; cs and norm as they are when there is none.
func afterToday(cs []concept, norm string) ([]concept, string) {
	if len(cs) > 1 && deicticTimes.Has(cs[0].text) && strings.TrimSpace(norm[:cs[0].start]) == "" {
		return shifted(cs[1:], cs[0].end), norm[cs[0].end:]
	}
	return cs, norm
}

// unknownSubject returns the question's subject when it is a name the
// text lacks: the first concept, at the question's start, a run of
// characters the text has no word for (大疆, 福耀玻璃), joined to the
// concept right after it when shorter than minTopicRunes and no everyday
// word, unless that is an amount (大疆+创新, not 大陆+第一家 nor 锡厦+两个), that
// the text has nowhere, not even as characters in a row. What the question
// is about is then not in the text, whatever else it asks (大疆创新的业务
// 覆盖多少国家).
func (m *asker) unknownSubject(cs []concept, norm string) (unknownName, bool) {
	cs, norm = afterToday(cs, norm) // the subject starts after a time of today (昨晚国足…)
	if len(cs) == 0 || !cs[0].unknownRun || strings.TrimSpace(norm[:cs[0].start]) != "" {
		return unknownName{}, false
	}
	c := cs[0]
	if m.sharesPair(c.text) {
		return unknownName{}, false // a text name mistyped (锡创技 for 锡创投)
	}
	// A short run joins the word after it, unless that is an amount, which
	// counts what follows (锡厦|两个|机场).
	if utf8.RuneCountInString(c.text) < minTopicRunes && len(cs) > 1 && cs[1].start == c.end && !cs[1].entity && !isAmount(cs[1].text) && !m.base.Lexicon.Common(c.text) {
		c = concept{text: norm[c.start:cs[1].end], alts: []string{norm[c.start:cs[1].end]}, start: c.start, end: cs[1].end}
	}
	if r, _ := utf8.DecodeRuneInString(norm[c.end:]); !analysis.IsHan(r) || !m.unknownWord(c) || m.everydayWords(c.text) {
		// A subject runs into what the question says of it; a word
		// before a space or a comma is an address (兄弟们, …).
		return unknownName{}, false
	}
	return unknownName{text: c.text, class: classOther}, true
}

// sharesPair reports whether two characters in a row of w occur in a row
// in the text.
func (m *asker) sharesPair(w string) bool {
	prev := -1
	for i, r := range w {
		if prev >= 0 && m.contains(w[prev:i+utf8.RuneLen(r)]) {
			return true
		}
		prev = i
	}
	return false
}

// unknownWord reports a concept of three ideographs or more that the text
// has nowhere, not even as characters in a row, nor by another name.
func (m *asker) unknownWord(c concept) bool {
	if c.entity || c.locator || utf8.RuneCountInString(c.text) < minTopicRunes || !analysis.AllHan(c.text) || m.mentioned(c.text) {
		return false
	}
	for _, a := range c.alts[1:] {
		if m.mentioned(a) {
			return false // a word of the text by another name
		}
	}
	return true
}

// everydayWords reports a run that everyday words of two characters spell
// from end to end (连年|入选): words the text lacks, not a name.
func (m *asker) everydayWords(s string) bool {
	rs := []rune(s)
	if len(rs) < 2 || len(rs)%2 != 0 {
		return false
	}
	for i := 0; i < len(rs); i += 2 {
		if !m.base.Lexicon.Common(string(rs[i:i+2])) && m.text.wordCount(string(rs[i:i+2])) == 0 {
			return false
		}
	}
	return true
}

// unknownShortName reports a run of two characters no dictionary joined
// (大疆 of 大疆的无人机, 宁德 of 拜访宁德时代) that is no everyday word
// (Lexicon.Word) and that the text has nowhere, not even the two in a row:
// as the topic of a question, or after a verb of visiting (拜访: not after
// 赴, where two characters may be places abbreviated, 闽浙), a name the text
// lacks.
func (m *asker) unknownShortName(c concept) bool {
	return c.unknownRun && !c.entity && utf8.RuneCountInString(c.text) == 2 && analysis.AllHan(c.text) &&
		!m.base.Lexicon.Word(c.text) && !m.sharesPair(c.text) && !m.mentioned(c.text)
}

// dictNames passes to add each proper noun of the lexicon table, of three
// runes or more, that words of the question in a row spell (招商+银行,
// 中+信+证券): a name the dictionary knows, whatever concepts the words
// joined, or were joined into, on the way (银行无锡分行, a run of the text).
// The longest from each word first; add keeps those the text does not
// mention. Only words shaped like a name the analyzer missed are looked up
// (they end with an organisation's suffix, hold a loose ideograph that is
// no word of the text, or begin with a place of the text: nameSpan): each
// lookup searches the lexicon's names.
func (m *asker) dictNames(norm string, toks []analysis.Token, add func(unknownName)) {
	const most = 32      // tokens looked at: a question's names come early
	var loose [most]bool // a loose ideograph that is no word of the text
	var han [most]bool   // ideographs only (a span's test, read once a token)
	n := min(len(toks), most)
	for k, t := range toks[:n] {
		loose[k] = !t.Function && isSingleHan(t.Text) && m.text.wordCount(t.Text) == 0
		han[k] = analysis.AllHan(t.Text)
	}
	for i := 0; i < n; i++ {
		// Inside a run of loose ideographs a name may begin (去华为: 华为)
		// but not reach a word of the text beyond the run (三阶段时间: not
		// 段时间).
		inRun := i > 0 && loose[i-1] && loose[i] && toks[i-1].End == toks[i].Start
		for j := min(n-1, i+maxNameRunes-1); j > i; j-- {
			if inRun && !staysLoose(toks[i+1:j+1], loose[i+1:j+1]) {
				continue // reaches beyond the run
			}
			// A name of the lexicon is three or four ideographs (three
			// bytes each) that end with an organisation's suffix or hold
			// a loose ideograph.
			w := norm[toks[i].Start:toks[j].End]
			if !m.nameSpan(w, toks[i:j+1], loose[i:j+1], han[i:j+1]) {
				continue
			}
			if class, ok := m.base.Lexicon.Name(w); ok {
				u := unknownName{text: w, class: lexiconClass(class)}
				if s, ok := lang.OrgSuffixes.Suffix(w); ok && len(s) < len(w) && u.class == classOther {
					u.class, u.suffix = classOrg, s // 招商银行: the text's banks are like it
				}
				add(u)
				i = j
				break
			}
		}
	}
}

// staysLoose reports tokens each of which is a loose ideograph (loose) or
// a function word: a span inside a run of loose ideographs.
func staysLoose(toks []analysis.Token, loose []bool) bool {
	for k, t := range toks {
		if !loose[k] && !t.Function {
			return false
		}
	}
	return true
}

// nameSpan reports whether w, spelt by toks in a row (loose marks each
// that is a loose ideograph no word of the text is, han each of
// ideographs only), is shaped like a
// name the analyzer missed: three or four ideographs (three bytes each)
// that end with an organisation's suffix, hold a loose ideograph or begin
// with a place of the text (厦门+航空); or two loose ideographs, one of them
// a function word the analyzer cut the name at (华+为).
func (m *asker) nameSpan(w string, toks []analysis.Token, loose, han []bool) bool {
	if len(w) != 6 && len(w) != 9 && len(w) != 12 || !contiguous(toks) || slices.Contains(han, false) {
		return false // not two to four ideographs (the cheapest test first; contiguous, w is the tokens' texts)
	}
	switch len(w) {
	case 9, 12:
		return lang.OrgSuffixes.Has(toks[len(toks)-1].Text) || slices.Contains(loose, true) || m.placeLed(toks)
	case 6:
		return len(toks) == 2 && (toks[0].Function || toks[1].Function) && (loose[0] || loose[1] || toks[0].Function && toks[1].Function)
	}
	return false
}

// placeLed reports words that begin with a place of the text and hold no
// function word: many an organisation is named for its home (厦门+航空).
func (m *asker) placeLed(toks []analysis.Token) bool {
	return !slices.ContainsFunc(toks, func(t analysis.Token) bool { return t.Function }) && m.termKind(toks[0].Text) == knowledge.Place
}

// contiguous reports tokens with nothing between them.
func contiguous(toks []analysis.Token) bool {
	for k := 1; k < len(toks); k++ {
		if toks[k-1].End != toks[k].Start {
			return false
		}
	}
	return true
}

// lexiconClass is the nameClass of a lexicon table name's class.
func lexiconClass(class byte) nameClass {
	switch class {
	case 'p':
		return classPlace
	case 'r':
		return classPerson
	}
	return classOther
}

// isRareName reports a proper noun of the lexicon table: a name gse knows
// that the text does not have.
func (m *asker) isRareName(w string) bool {
	if utf8.RuneCountInString(w) > maxNameRunes {
		return false
	}
	_, ok := m.base.Lexicon.Name(w)
	return ok
}

// titledName returns the person's name at the end of a run of characters
// no dictionary knows whose first character ends a title begun by the
// concept before it (福建省|长赵龙: 省长 赵龙), or "".
func titledName(prev, c concept) string {
	if !c.unknownRun || prev.end != c.start {
		return ""
	}
	first := string(firstRune(c.text))
	name := c.text[len(first):]
	if n := utf8.RuneCountInString(name); n < 2 || n > 3 || !lang.Surnames.Has(string(firstRune(name))) {
		return ""
	}
	if !knowledge.IsTitle(prev.text+first) || knowledge.IsTitle(prev.text) {
		return ""
	}
	return name
}

// surnameGiven returns the name that cs[i], a surname of one character,
// and the concept right after it, of one or two ideographs, write beside
// a title (副市长王建国, 王建国副市长): a given name is often an everyday
// word (建国, 发展), which the question reader keeps apart from its
// surname. A surname running text mostly writes as an adverb (曾, 时:
// lang.AdverbSurnames) begins no name, nor does a word that ends with an
// aspect (说了). It returns "" when the concepts are not shaped so.
func surnameGiven(cs []concept, i int) string {
	c := cs[i]
	if i+1 >= len(cs) || c.entity || utf8.RuneCountInString(c.text) != 1 || !lang.Surnames.Has(c.text) ||
		lang.AdverbSurnames.Has(c.text) || analysis.IsFunctionWord(c.text) {
		return ""
	}
	given := cs[i+1]
	if given.start != c.end || given.entity || given.name || knowledge.IsTitle(given.text) || analysis.IsFunctionWord(given.text) {
		return ""
	}
	if n := utf8.RuneCountInString(given.text); n < 1 || n > 2 || !analysis.AllHan(given.text) {
		return ""
	}
	if last, _ := utf8.DecodeLastRuneInString(given.text); strings.ContainsRune("了过着", last) {
		return ""
	}
	before := i > 0 && cs[i-1].end == c.start && knowledge.IsTitle(cs[i-1].text)
	after := i+2 < len(cs) && cs[i+2].start == given.end && knowledge.IsTitle(cs[i+2].text)
	if !before && !after {
		return ""
	}
	return c.text + given.text
}

// personLike reports a concept that reads as a person's name: a run of two
// or three characters no dictionary knows, beginning with a surname, beside
// a title (李强书记, 市长李强), after a word of company (跟任正非聊) or
// asked about alone (马云是谁), or a word the dictionary tags as a
// person's name.
func (m *asker) personLike(c concept, cs []concept, i int, norm string) bool {
	if m.properPos[c.text] == 'r' {
		return true
	}
	n := utf8.RuneCountInString(c.text)
	if !c.unknownRun || n < 2 || n > 3 {
		return false
	}
	r, size := utf8.DecodeRuneInString(c.text)
	if !lang.Surnames.Has(string(r)) && !(n == 3 && lang.Surnames.Has(c.text[:size+utf8.RuneLen(firstRune(c.text[size:]))])) {
		return false
	}
	beside := i+1 < len(cs) && knowledge.IsTitle(cs[i+1].text) || i > 0 && knowledge.IsTitle(cs[i-1].text)
	return beside || len(cs) == 1 || companionCues.HasSuffix(norm[:c.start])
}

// otherKindOfOrg reports a name of an organisation of the text (兴业 of
// 兴业银行) right before a suffix that names a kind of organisation (证券)
// with which the text names no organisation that begins with one of its
// names: 兴业证券 is another organisation, which the text does not have
// (厦大研究院 is the text's 厦门大学无锡研究院). A suffix that says nothing
// of the kind (宇树公司: lang.GenericOrgSuffixes) names the text's
// organisation, and so does one of the suffix's related words or a shorter
// suffix it ends with (厦大研究所: 研究院; 无锡硕放国际机场: 机场).
func (m *asker) otherKindOfOrg(c, next concept) bool {
	if !c.entity || !lang.OrgSuffixes.Has(next.text) || lang.GenericOrgSuffixes.Has(next.text) || !m.isOrg(c.text) {
		return false
	}
	suffixes := append([]string(nil), next.alts...) // next.alts[0] is next.text
	for s := next.text; ; {
		_, size := utf8.DecodeRuneInString(s)
		if s = s[size:]; s == "" {
			break
		}
		if lang.OrgSuffixes.Has(s) {
			suffixes = append(suffixes, s) // 机场 of 国际机场
		}
	}
	for _, suffix := range suffixes {
		if m.mentioned(c.text+suffix) || m.altMentioned(c, suffix) {
			return false
		}
	}
	return !slices.ContainsFunc(c.alts, func(a string) bool { return m.namedBefore(a, suffixes) })
}

// maxNameGap is the most runes namedBefore lets stand between a name and
// the suffix of a longer one (厦门大学|无锡|研究院, 金圆|统一|证券).
const maxNameGap = 4

// namedBefore reports a sentence of the text in which name is followed,
// within maxNameGap runes that are no function words, by one of suffixes:
// the text names an organisation that begins with name and ends with it
// (厦门大学无锡研究院; not 兴业银行|与华泰|证券). A name too common to look
// for is taken as named, as contains takes it (someSentence).
func (m *asker) namedBefore(name string, suffixes []string) bool {
	return m.someSentence(name, func(norm string) bool {
		for from := 0; ; {
			i := indexText(norm[from:], name)
			if i < 0 {
				return false
			}
			from += i + len(name)
			if slices.ContainsFunc(suffixes, func(suffix string) bool { return nameThenSuffix(norm[from:], suffix) }) {
				return true
			}
		}
	})
}

// nameThenSuffix reports whether rest begins with suffix after at most
// maxNameGap word runes, none of them a function word (与, 及, 和).
func nameThenSuffix(rest, suffix string) bool {
	for n := 0; n <= maxNameGap; n++ {
		if strings.HasPrefix(rest, suffix) {
			return true
		}
		r, size := utf8.DecodeRuneInString(rest)
		if size == 0 || !analysis.IsWordRune(r) || analysis.IsFunctionWord(rest[:size]) {
			return false
		}
		rest = rest[size:]
	}
	return false
}

// altMentioned reports a word the concept stands for that, with suffix
// after it, the text has (营运中心: 营运 stands for 运营, and the text has
// 运营中心): the question names the text's thing in words of its own.
func (m *asker) altMentioned(c concept, suffix string) bool {
	return len(c.alts) > 1 && slices.ContainsFunc(c.alts[1:], func(a string) bool { return m.mentioned(a + suffix) })
}

// mentioned reports whether the text has name: as it is, as an alias, or
// romanised.
func (m *asker) mentioned(name string) bool {
	if name == "" {
		return true
	}
	if m.text.wordCount(name) > 0 || m.tables.IsAlias(wordRunes(name)) {
		return true
	}
	if suf, ok := lang.PlaceSuffixes.Suffix(name); ok && utf8.RuneCountInString(name)-utf8.RuneCountInString(suf) >= 2 && m.mentioned(name[:len(name)-len(suf)]) {
		return true // 无锡市: the text's 无锡
	}
	if isLatinWord(name) {
		return false // no alias and no romanised name: checked by expand
	}
	return m.contains(name)
}

// contains reports whether some sentence's normalised text has s.
func (m *asker) contains(s string) bool {
	return m.someSentence(s, func(string) bool { return true })
}

// someSentence reports whether some sentence's normalised text has s and
// passes holds: the sentences that hold its rarest character or pair of
// ideographs (the fewest postings) are read, those of the second rarest
// first left out when both can be read. An s whose every gram is in more
// than maxRead sentences is too common to look for in a large base: it is
// taken as there, unread.
func (m *asker) someSentence(s string, holds func(norm string) bool) bool {
	type gram struct {
		g string
		n int
	}
	var buf [16]gram // (on the stack for most words)
	grams := buf[:0]
	var prev rune
	for i, r := range s {
		if !analysis.IsWordRune(r) {
			prev = 0
			continue
		}
		u := s[i : i+utf8.RuneLen(r)] // string(r), not copied: a word rune is never an invalid byte
		n := m.text.gramCount(u)
		if n == 0 {
			return false
		}
		grams = append(grams, gram{u, n})
		if analysis.IsHan(prev) && analysis.IsHan(r) {
			pair := s[i-utf8.RuneLen(prev) : i+utf8.RuneLen(r)]
			if n := m.text.gramCount(pair); n == 0 {
				return false
			} else {
				grams = append(grams, gram{pair, n})
			}
		}
		prev = r
	}
	if len(grams) == 0 {
		return false
	}
	slices.SortStableFunc(grams, func(a, b gram) int { return a.n - b.n })
	if grams[0].n > maxRead {
		return true // in a large base, too common to look for: taken as there
	}
	best := m.text.gram(grams[0].g)
	var also []knowledge.Posting
	if len(grams) > 1 && grams[1].n <= maxRead {
		also = m.text.gram(grams[1].g)
	}
	for _, p := range best {
		if also != nil {
			if _, ok := slices.BinarySearchFunc(also, p.ID, func(q knowledge.Posting, id uint32) int { return cmp.Compare(q.ID, id) }); !ok {
				continue
			}
		}
		if norm := m.text.sentence(p.ID).Norm; indexText(norm, s) >= 0 && holds(norm) {
			return true
		}
	}
	return false
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// similarNames returns the text's names of the same kind as u (for an
// organisation, of the same suffix), at most four, the most mentioned
// first.
func (m *asker) similarNames(u unknownName) []string {
	var out []string
	for _, kind := range []knowledge.TermKind{knowledge.Org, knowledge.Place, knowledge.Person} {
		for _, name := range m.tables.TopNames(kind) {
			ok := false
			switch u.class {
			case classOrg:
				ok = kind == knowledge.Org && strings.HasSuffix(name, u.suffix)
			case classPlace:
				ok = kind == knowledge.Place && m.properPos[name] == 'p'
			case classPerson:
				ok = kind == knowledge.Person
			}
			if ok && !slices.Contains(out, name) && len(out) < 4 {
				out = append(out, name)
			}
		}
	}
	return out
}

// arithmetic matches a sum to work out (1+1, 3×4=, 12-5=): a question of
// arithmetic, not of the article, however its digits match the text's
// (unless the text has the expression itself: “4+1”重大任务). A hyphen
// between digits is a subtraction only when a result is asked for (12-5=,
// 12-5等于, 8-3得几, 5-3是多少): alone, or before 等 (etc.), it joins a
// range, a date or a code (3-5年, 2024-03-08, 3-8-13等).
var arithmetic = regexp.MustCompile(`\d+\s*[+*/×÷=]\s*\d+|\d+\s*[+*/×÷]\s*\d*\s*[=等]|\d+\s*-\s*\d+\s*(=|等于|[是得](几|多少))`)

// isArithmetic reports a question with a sum to work out that the text
// does not have.
func (m *asker) isArithmetic(norm string) bool {
	// (ContainsAny of ASCII alone is one pass over a table of bytes; with
	// × and ÷ among them it looked each rune of the question up in the list.)
	if !strings.ContainsAny(norm, "+-*/=") && !strings.ContainsRune(norm, '×') && !strings.ContainsRune(norm, '÷') {
		return false
	}
	for _, e := range arithmetic.FindAllString(norm, -1) {
		if !m.contains(e) {
			return true
		}
	}
	return false
}

// minReadable is the least share of a question's characters that must be
// letters, ideographs, digits, spaces or punctuation for it to be read:
// below it, the line is noise (random bytes, binary), not a question.
const minReadable = 0.7

// readable reports whether enough of a question is text.
func readable(question string) bool {
	ok, all := 0, 0
	for _, r := range question {
		all++
		if analysis.IsHan(r) || r >= ' ' && r < 0x7F {
			ok++
			continue
		}
		switch {
		case r == utf8.RuneError, unicode.IsControl(r) && r != '\t':
		case unicode.Is(unicode.Han, r), r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r)),
			unicode.IsPunct(r) && (r < 0x80 || r >= 0x3000), unicode.IsSpace(r), r >= 0xFF01 && r <= 0xFF5E:
			ok++
		case unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || r >= 0x1F000:
			ok++ // emoji and symbols people type
		}
	}
	return all == 0 || float64(ok) >= minReadable*float64(all)
}

// suffixedName reads a word or run the text does not have as a name by
// its ending: an organisation's suffix (华为科技) or, for a run of unknown
// characters, an administrative one (梁溪区), after at least two
// characters.
func (m *asker) suffixedName(w string, unknownRun bool) (unknownName, bool) {
	n := utf8.RuneCountInString(w)
	if s, ok := lang.OrgSuffixes.Suffix(w); ok && n > utf8.RuneCountInString(s)+1 {
		if m.known(w) { // (the look-up last: most words have no suffix)
			return unknownName{}, false
		}
		return unknownName{text: w, class: classOrg, suffix: s}, true
	}
	if s, ok := lang.PlaceSuffixes.Suffix(w); ok && unknownRun && n > utf8.RuneCountInString(s)+1 && !m.known(w) && !m.base.Lexicon.Common(w[:len(w)-len(s)]) {
		// (an everyday word before the suffix is no place's name: 副职+市领导)
		return unknownName{text: w, class: classPlace}, true
	}
	return unknownName{}, false
}

// rareName finds the longest proper noun of the lexicon table (a name the
// text does not have) that overlaps norm[start:end], a run of characters no
// word of the analyzer covers; it may reach into the characters beside the
// run (阿里巴巴, where 阿 and 里 are words of their own). A run that writes
// an everyday word (word: 随行 of 副市长随行) is that word: a name that
// begins before it and ends inside it (长随) was cut out of two words. So
// is one that begins inside a word of the text that ends where the run
// begins, after left, or ends inside one that begins where it ends, before
// right (长随 of 副市长|随团: besideWords).
func (m *asker) rareName(norm string, start, end, left, right int, word bool) (unknownName, bool) {
	from, to := start, end
	for k := 0; k < maxNameRunes-1 && from > 0; k++ {
		_, n := utf8.DecodeLastRuneInString(norm[:from])
		from -= n
	}
	for k := 0; k < maxNameRunes-1 && to < len(norm); k++ {
		_, n := utf8.DecodeRuneInString(norm[to:])
		to += n
	}
	if lang.QuestionWords.HasSuffix(norm[:start]) {
		from = start // no name begins inside a question word (天正 of 哪天|正式)
	}
	var buf [4*maxNameRunes + 1]int
	offs := buf[:0] // byte offset in norm of each rune of the window, and its end
	for i := range norm[from:to] {
		offs = append(offs, from+i)
	}
	offs = append(offs, to)
	runes := len(offs) - 1
	for n := min(runes, maxNameRunes); n >= 2; n-- {
		for i := 0; i+n <= runes; i++ {
			if offs[i+n] <= start || offs[i] >= end {
				continue // not in the run
			}
			if offs[i] > start && offs[i+n] < end || offs[i] > start && offs[i] < end && offs[i+n] > end {
				continue // begins inside the run and ends elsewhere than its end (三阶段时间: not 段时间)
			}
			if word && offs[i] < start && offs[i+n] < end {
				continue // 长随 of 市长|随行
			}
			w := norm[offs[i]:offs[i+n]]
			if (offs[i] > left && offs[i] < start || offs[i+n] > end && offs[i+n] < right) && !lang.PlaceSuffixes.HasSuffix(w) {
				// Cut out of a word of the text beside the run; but the
				// segmenter cuts an administrative name out of the words
				// around it (长乐区 of 福州|市长|乐区).
				continue
			}
			class, ok := m.base.Lexicon.Name(w)
			if !ok {
				continue
			}
			return unknownName{text: w, class: lexiconClass(class)}, true
		}
	}
	return unknownName{}, false
}

// besideWords returns where the words of the text beside concept i, a
// run, begin and end: the concept before it, if it ends where the run
// begins and is a word of two or more characters the text mentions (副市长
// of 副市长|随团), and the one after it alike; the run's own start or end
// where there is none.
func (m *asker) besideWords(cs []concept, i int) (left, right int) {
	c := cs[i]
	left, right = c.start, c.end
	textWord := func(w concept) bool {
		return utf8.RuneCountInString(w.text) >= 2 && m.mentioned(w.text)
	}
	if i > 0 && cs[i-1].end == c.start && textWord(cs[i-1]) {
		left = cs[i-1].start
	}
	if i+1 < len(cs) && cs[i+1].start == c.end && textWord(cs[i+1]) {
		right = cs[i+1].end
	}
	return left, right
}

// maxNameRunes is the longest name the lexicon table holds.
const maxNameRunes = 4
