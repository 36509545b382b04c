package qa

// The read stage: a question is normalised (analysis.Normalize, the same
// normaliser as the text's), its typos are corrected (correct.go), it is
// segmented by the knowledge base's own analyzer, its kind is read from its
// cue words (kinds.go), and its words become concepts: the things it
// mentions, each with the words of the text it may stand for. The expand
// (expand.go) and link (link.go) passes run on the concepts after.

import (
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lang"
	"github.com/visitbot/visitbot/knowledge/lexicon"
)

// locatorClause returns the byte span of X in X那部分 (from the start of
// its clause) and the end of the locator word after it, or an empty span.
func locatorClause(norm string) (from, to, end int) {
	if !locatorFirst.anyIn(norm) {
		return 0, 0, 0 // no rune a locator word begins with (most questions)
	}
	for _, w := range locatorWords {
		if i := strings.Index(norm, w); i >= 0 {
			return clauseStart(norm[:i]), i, i + len(w)
		}
	}
	return 0, 0, 0
}

// locatorFirst are the runes locatorWords begin with.
var locatorFirst = firstRunes(locatorWords)

// clauseStart returns where the clause that s ends in begins: after its
// last comma, semicolon or sentence end.
func clauseStart(s string) int { return strings.LastIndexAny(s, clauseMarks) + 1 }

// clauseMarks end a clause.
const clauseMarks = ",，;；?？!！。"

// topicScale weighs X of a topic frame (在X方面: topicFrames).
const topicScale = 1.5

// exceptScale weighs what a question sets aside (除了X).
const exceptScale = 0.3

// dropAsideAlts removes from the concepts a question does not set aside
// the related words that it sets aside: 除了书记,还有哪位领导 does not ask
// for 书记, one of 领导's related words.
func dropAsideAlts(q *query) {
	for _, a := range q.concepts {
		if !a.aside {
			continue
		}
		for i := range q.concepts {
			c := &q.concepts[i]
			if c.aside {
				continue
			}
			for k := len(c.alts) - 1; k > 0; k-- {
				if c.alts[k] != a.text {
					continue
				}
				c.alts = slices.Delete(c.alts, k, k+1)
				if k < len(c.altF) {
					c.altF = slices.Delete(c.altF, k, k+1)
				}
			}
		}
	}
}

// The cueLists of the cues that open a clause of assignRoles'.
var (
	locatorList   = newCueList(locatorWords)
	exceptList    = newCueList(exceptCues)
	accompanyList = newCueList(accompanyCues)
)

// exceptClause returns the byte span of X in 除了X以外/之外 or 除了X, (up to
// the next punctuation), or in the written 除X之外 (closedExcept), or an
// empty span; closing is the end of the word that closes X in the written
// form (外 of 除X外, which asks for nothing), else to.
func exceptClause(norm string, inWord func(at int) bool) (from, to, closing int) {
	if from, to = cueSpan(norm, exceptCues, exceptEnds); from < to {
		return from, to, to
	}
	return closedExcept(norm, inWord)
}

// closedExcept returns the byte span of X in 除X之外, 除X以外 or 除X外, and
// the end of the closing word: a cue of closedExceptCues that is no part
// of a longer word (inWord reports one over a byte: 排除, 除夕), then X,
// then the first of closedExceptEnds after the cue, itself no part of a
// word (对外), with no stop of exceptEnds before it, so that X lies in one
// clause (除书记外谁还
// 去了: 书记; 除杜小刚外有谁去了厦门以外的地方: 杜小刚). An empty span when
// there is none.
func closedExcept(norm string, inWord func(at int) bool) (from, to, closing int) {
	for off := 0; off < len(norm); {
		i, cue := firstCue(norm[off:], closedExceptCues)
		if i < 0 {
			return 0, 0, 0
		}
		at := off + i
		from, off = at+len(cue), at+len(cue)
		if inWord(at) {
			continue
		}
		j, end := firstCue(norm[from:], closedExceptEnds)
		if j <= 0 || inWord(from+j) {
			continue // no closing, nothing before it, or one inside a word (对外开放)
		}
		if k, _ := firstCue(norm[from:], exceptEnds); k >= 0 && k < j {
			continue // a stop before the closing: another clause
		}
		return from, from + j, from + j + len(end)
	}
	return 0, 0, 0
}

// cueSpan returns the byte span after the first of cues in norm up to the
// first of stops after it (or the end), or an empty span without a cue.
func cueSpan(norm string, cues, stops []string) (from, to int) {
	i, w := firstCue(norm, cues)
	if i < 0 {
		return 0, 0
	}
	from = i + len(w)
	to = len(norm)
	if j, _ := firstCue(norm[from:], stops); j >= 0 {
		to = from + j
	}
	return from, to
}

// firstCue returns the byte offset in norm of the first of cues it holds
// (by wordIndex), and that cue; -1 and "" when it holds none.
func firstCue(norm string, cues []string) (at int, cue string) {
	at = -1
	for _, c := range cues {
		if j := wordIndex(norm, c); j >= 0 && (at < 0 || j < at) {
			at, cue = j, c
		}
	}
	return at, cue
}

// wordIndex is strings.Index of cue in norm, but a cue in Latin letters
// must stand as words of its own (besides, not a word inside exceptional;
// who, not whole).
func wordIndex(norm, cue string) int {
	if cue == "" || !isLatinLetter(rune(cue[0])) {
		return strings.Index(norm, cue)
	}
	for off := 0; ; {
		j := strings.Index(norm[off:], cue)
		if j < 0 {
			return -1
		}
		at, end := off+j, off+j+len(cue)
		if (at == 0 || !isLatinLetter(rune(norm[at-1]))) && (end == len(norm) || !isLatinLetter(rune(norm[end]))) {
			return at
		}
		off = at + 1
	}
}

// accompanyClause returns the byte span of the one others went along
// with in a question that asks who else (跟着杜书记一块去的还有哪个领导: 杜书记),
// or from == to.
func accompanyClause(norm string) (from, to int) {
	from, end := cueSpan(norm, accompanyCues, accompanyEnds)
	if from == end || !strings.Contains(norm[end:], "还有") && !strings.Contains(strings.ReplaceAll(norm[end:], "还是", ""), "还") {
		return 0, 0 // no who else (还是 is or)
	}
	// …一块去: the going along is X's as much as the others'.
	rest := norm[end:]
	for _, together := range accompanyTogether {
		rest = strings.TrimPrefix(rest, together)
	}
	for _, g := range goWords.Words() {
		if strings.HasPrefix(rest, g) {
			return from, len(norm) - len(rest) + len(g)
		}
	}
	return from, end
}

// eachIn calls f on each concept of q that lies within the byte span
// [from, to) of its text (none for an empty span).
func (q *query) eachIn(from, to int, f func(c *concept)) {
	for i := range q.concepts {
		if c := &q.concepts[i]; from < to && c.start >= from && c.end <= to {
			f(c)
		}
	}
}

// insideWord reports whether the character at byte at is part of a word:
// a concept of two characters or more covers it (除夕, 对外开放), or a
// concept of one character ends right before it, which the analyzer's
// dictionary did not join with it (拆+除, 排+除).
func (q *query) insideWord(at int) bool {
	return slices.ContainsFunc(q.concepts, func(c concept) bool {
		long := utf8.RuneCountInString(c.text) > 1
		return long && c.start <= at && at < c.end || !long && c.end == at
	})
}

// maxConcepts bounds the concepts of one question (a long question's
// later words are dropped): each costs working memory over every sentence.
const maxConcepts = 32

// categoryScale weighs a category noun: the answer may not repeat it.
const categoryScale = 0.5

// appositionScale weighs the word for a kind after the noun it names
// again (跨境电商这个领域).
const appositionScale = 0.2

// ordinal returns the heading a title question points at by position (第二个
// -> 2, 最后一个 -> -1, 第3个 -> 3), the earliest such word in the question,
// or 0.
func ordinal(norm string) int {
	best, at := 0, len(norm)
	for _, o := range ordinals {
		if i := strings.Index(norm, o.word); i >= 0 && i < at {
			best, at = o.n, i
		}
	}
	if i := strings.Index(norm, "第"); i >= 0 && i < at {
		j := i + len("第")
		k := j
		for k < len(norm) && norm[k] >= '0' && norm[k] <= '9' {
			k++
		}
		if n, err := strconv.Atoi(norm[j:k]); err == nil && n > 0 {
			best = n
		}
	}
	return best
}

// query is a parsed question.
type query struct {
	norm    string
	cues    cueMask // the cueLists a cue of may be in norm (query.holds)
	kind    Kind
	multi   bool
	partner bool // who questions: 和谁, 与谁 (a partner may be an organisation)
	ordinal int  // title questions: which heading, 1-based; -1 the last; 0 none
	// cueFrom, cueTo span a reason cue (牛在哪): its words are no concept.
	cueFrom, cueTo int
	unit           string // number questions: the measure asked for (多少人 -> 人), if any
	// distributive: the amount is asked for each of several, or for one
	// party's share (各出资多少, 自己出资多少).
	distributive bool
	// pastPost and address: the question asks a person's post before now
	// or an address, which only a sentence of a certain shape answers
	// (frame.go).
	pastPost, address bool
	// opinionOf: the words for the person whose view the question asks,
	// which only a sentence where that person states one answers
	// (frame.go), or nil.
	opinionOf []string
	// request: the question asks for the asker's own doing (How do I…,
	// 帮我写…): see isRequest.
	request  bool
	time     TimeKind // when questions: the kind of time asked for
	concepts []concept
	words    int // tokens of any kind: 0 for emoji, punctuation or nothing
	// latin is the share of the question's letters and ideographs that
	// are Latin letters (an English or mixed question).
	latin float64
	// unknown lists the names the question mentions that the text does not
	// have (东湖大学, 合肥, Tsinghua): the article cannot answer about them.
	unknown []unknownName
}

// concept is one thing the question mentions: a word or a run of words,
// with the words it can stand for in the text.
type concept struct {
	text string
	alts []string // text first, then its aliases and related words
	// altF is the credit of a match through each of alts (nil: 1 for the
	// text, aliasFactor for the rest); see factor.
	altF   []float32
	scale  float64 // weight factor: 1; less for category nouns and context
	entity bool    // names a person, organisation, place or other proper name of the text
	person bool    // names a person of the text
	// unknownRun: the concept is a run of single characters that no
	// dictionary joined (合肥 cut 合/肥): perhaps a name.
	unknownRun bool
	// abbreviation: the concept is a province's or a city's
	// one-character name (闽 of 赴闽浙, 锡 of 锡方): it stands for the
	// place (expand, link).
	abbreviation bool
	// name: the concept looks like a name (an organisation, a place, a
	// person), whether or not the text has it.
	name bool
	// locator: the concept only says where in the text the question looks
	// (X那部分): found in the section, it counts as found.
	locator bool
	// setting: the concept is in a clause that sets the scene of what is
	// asked (跟之江实验室聊完,说要…: markSetting), or tells of the meeting
	// at which what is asked was said (跟之江那边聊的…: markTalk); the
	// sentences that go on from one that matches it (大家均表示…) match
	// it too.
	setting bool
	// aside: the concept is what the question sets aside (除了X, 跟着X一块
	// 去的还有谁: assignRoles). Like the setting's, the sentences that refer
	// back to one that matches it match it too, but a sentence that
	// matches it is not thereby less of an answer (askedCover); it is no
	// related word of the other concepts (dropAsideAlts), and as a name it
	// is none a sentence must hold (scored.cover).
	aside bool
	// fromContext: the concept comes from the conversation's question
	// before, which a follow-up continues (answer), not from this one.
	fromContext bool
	// placeKind: a word for a kind of place asked for (哪个城市, which
	// cities): a place the text names answers it (placeMatch).
	placeKind bool
	// placesAsked: several places are asked for (cities).
	placesAsked bool
	// kindOfName: a category noun asked of a name with a copula (之江实验室
	// 是个啥单位): it asks what the name is, as the name alone does.
	kindOfName bool
	// category: a noun after a category cue (什么战略): the kind of the
	// answer. governsKind: the word right before the cue (奉行 of 奉行什么
	// 战略), a verb the kind asked for mostly says already.
	category, governsKind bool
	// start, end are the concept's byte offsets in the normalised question.
	start, end int
}

// parse normalises, corrects, writes out names (fullNames) and segments a
// question into concepts.
func (m *asker) parse(question string) query {
	norm := analysis.Normalize(question)
	toks := m.tokens(norm)
	if fixed, ok := m.correct(norm, toks); ok {
		norm = fixed
		toks = m.tokens(norm)
	}
	if full, ok := m.fullNames(norm, toks); ok {
		norm = full
		toks = m.tokens(norm)
	}
	var marksBuf, askedBuf [maxMarked]qmark
	marks := questionMarks(marksBuf[:0], toks)
	if asked, ok := spokenQuestion(norm, toks, marks); ok {
		norm = asked
		toks = m.tokens(norm)
		marks = questionMarks(marksBuf[:0], toks)
	}
	q := query{norm: norm, cues: cueListsIn(norm), kind: KindWhat, words: len(toks),
		concepts: m.conceptSlice(contentTokens(toks))}
	q.latin = latinShare(norm)
	m.classify(&q, toks)
	m.segment(&q, toks)
	q.concepts = m.joinAliases(q.concepts, norm)
	m.expand(&q, question)
	m.abbreviate(&q, toks)
	var endsBuf [8]int
	ends := clauseEnds(norm, endsBuf[:0])
	asked, askedMarks := dropContext(&q, toks, marks, ends, askedBuf[:0])
	m.dropAsides(&q, toks, marks, ends)
	markSetting(&q, asked, askedMarks, ends)
	m.resolveDescriptions(&q)
	markTalk(&q)
	q.unknown = m.link(q.concepts, norm, asked)
	assignRoles(&q)
	m.scaleListedPlaces(&q)
	q.pastPost, q.address, q.opinionOf = asksPastPost(q), asksAddress(q), opinionOf(q)
	return q
}

// contentTokens is the number of toks that are no function word: about
// as many concepts as segment makes of them (a run of the text's words
// begun by a function word may add one, and a follow-up its context's).
func contentTokens(toks []analysis.Token) int {
	n := 0
	for _, t := range toks {
		if !t.Function {
			n++
		}
	}
	return n
}

// listedScale weighs a place that the text names only in lists of places
// (赴福州、厦门、杭州等地).
const listedScale = 0.3

// scaleListedPlaces weighs less a place of the question that the text
// names only in lists of places: the stops of a trip, whose sentences
// after the list do not repeat which stop they tell of (在杭州跟哪个院士聊了:
// 与中国工程院院士…王坚…座谈交流). The place sets the scene; the answer
// need not name it. A question that names another place of the same list
// asks about the trip itself (为啥要跑福州厦门杭州这一趟), which the list
// answers: then the place keeps its weight.
func (m *asker) scaleListedPlaces(q *query) {
	for i := range q.concepts {
		c := &q.concepts[i]
		place := m.placeOf(*c)
		if place == "" || endsClause(q.norm, c.end) {
			continue // 宇树科技在杭州吗: the place is what is asked
		}
		lists, ok := m.onlyListed(place)
		if ok && !m.namesListMate(q, i, lists) {
			c.scale *= listedScale
		}
	}
}

// placeOf returns the place of the text a concept names (杭州, also of
// Hangzhou), or "".
func (m *asker) placeOf(c concept) string {
	if !c.entity {
		return ""
	}
	for _, a := range c.alts {
		if m.termKind(a) == knowledge.Place {
			return a
		}
	}
	return ""
}

// endsClause reports that only function characters (particles: 吗, 呢)
// and punctuation follow byte at in its clause (杭州 of 在杭州吗?).
func endsClause(norm string, at int) bool {
	rest := norm[at:]
	if i := strings.IndexAny(rest, ",，;；。"); i >= 0 {
		rest = rest[:i]
	}
	for _, r := range rest {
		if analysis.IsHan(r) && !analysis.IsFunctionWord(string(r)) {
			return false
		}
	}
	return true
}

// namesListMate reports another place of the question that a sentence of
// lists names too.
func (m *asker) namesListMate(q *query, i int, lists []knowledge.Posting) bool {
	for k, c := range q.concepts {
		place := m.placeOf(c)
		if k == i || place == "" {
			continue
		}
		for _, p := range m.text.word(place) {
			if slices.ContainsFunc(lists, func(l knowledge.Posting) bool { return l.ID == p.ID }) {
				return true
			}
		}
	}
	return false
}

// maxListed bounds the sentences onlyListed reads.
const maxListed = 4

// onlyListed returns the sentences of a word that the text has in at most
// maxListed sentences, and in each only as an item of a list (an
// enumeration comma right before or after it, the word whole: not 浙江 of
// 、浙江大学), and whether it is such a word.
func (m *asker) onlyListed(w string) ([]knowledge.Posting, bool) {
	ps, _ := m.text.wordUpTo(w, maxListed) // a common word's postings are not read
	if len(ps) == 0 {
		return nil, false
	}
	for _, p := range ps {
		if !listItem(m.text.sentence(p.ID).Text, w) {
			return nil, false
		}
	}
	return ps, true
}

// listItem reports w in s as an item of a list: an enumeration comma
// before it or after it, and no ideograph of another word joined to it
// (福州、厦门、杭州等地: 杭州 ends at 等, which closes the list).
func listItem(s, w string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return false
		}
		i += from
		before, after := s[:i], s[i+len(w):]
		open := strings.HasSuffix(before, "、") || strings.HasPrefix(after, "、")
		r, _ := utf8.DecodeRuneInString(after)
		whole := strings.HasPrefix(after, "、") || strings.HasPrefix(after, "等") || !analysis.IsHan(r)
		if open && whole {
			return true
		}
		from = i + len(w)
	}
}

// qmark is what the clause stages ask of a token of the question, read
// once for each token (questionMarks) instead of once for each stage and
// clause that asks it.
type qmark uint8

const (
	// qmAsks marks a question word (lang.QuestionWords).
	qmAsks qmark = 1 << iota
	// qmAsksPlainly marks a question word that may not also tell
	// (not of lang.AttributeQuestions: 叫 of 叫孙子去买).
	qmAsksPlainly
)

// maxMarked is the most tokens whose qmarks parse keeps on the stack (a
// longer question's are allocated).
const maxMarked = 64

// questionMarks appends to dst the qmark of each of toks, in order: the
// stages that read the question clause by clause take toks and these
// marks side by side.
func questionMarks(dst []qmark, toks []analysis.Token) []qmark {
	for _, t := range toks {
		var k qmark
		if lang.QuestionWords.Has(t.Text) {
			k = qmAsks
			if !lang.AttributeQuestions.Has(t.Text) {
				k |= qmAsksPlainly
			}
		}
		dst = append(dst, k)
	}
	return dst
}

// spokenQuestion rewrites a word of [spoken question] (好多, 好久) as the
// question word it stands for, in a question that has no question word of
// its own nor 吗: 强脑的产品卖好多钱一个 asks how much. marks are the
// qmarks of the question's tokens.
func spokenQuestion(norm string, toks []analysis.Token, marks []qmark) (string, bool) {
	if strings.Contains(norm, "吗") {
		return norm, false
	}
	for k := range toks {
		if marks[k]&qmAsks != 0 {
			return norm, false
		}
	}
	for _, w := range spokenQuestions {
		i := strings.Index(norm, w[0])
		if i < 0 {
			continue
		}
		after := norm[i+len(w[0]):]
		if slices.ContainsFunc(spokenNotAsked, func(n string) bool { return strings.HasPrefix(after, n) }) {
			return norm, false // 好多了: much better; 好久不见, 好久没去: a long time
		}
		return norm[:i] + w[1] + after, true
	}
	return norm, false
}

// abbreviate credits, for a phrase of two words of two characters each
// (自己研发, 共同建设), the word of the text their first characters make
// (自研, 共建), as Chinese abbreviates a phrase: the concept of the second
// word takes it as an alternative.
func (m *asker) abbreviate(q *query, toks []analysis.Token) {
	for i := 0; i+1 < len(toks); i++ {
		a, b := toks[i], toks[i+1]
		if a.End != b.Start || utf8.RuneCountInString(a.Text) != 2 || utf8.RuneCountInString(b.Text) != 2 || !analysis.AllHan(a.Text+b.Text) {
			continue
		}
		ra, _ := utf8.DecodeRuneInString(a.Text)
		rb, _ := utf8.DecodeRuneInString(b.Text)
		var buf [2 * utf8.UTFMax]byte
		sb := utf8.AppendRune(utf8.AppendRune(buf[:0], ra), rb) // (a string only if kept)
		if string(sb) == a.Text || string(sb) == b.Text || !m.text.hasWord(sb) {
			continue // 企业业务: 企业 is the first word, no abbreviation
		}
		short := string(sb)
		for k := range q.concepts {
			if c := &q.concepts[k]; c.start <= b.Start && c.end >= b.End && !c.entity {
				c.addAlt(short, abbrevFactor)
			}
		}
	}
}

// dropContext removes the concepts, other than the text's names, of the
// clauses that give the asker's reason for asking, and returns the tokens
// outside them: clauses that open or close a question, each with no
// question word and the asker's own life in it (askerContextIn: 儿子; 报告
// with 写), when another clause asks (儿子写报告要用,之江实验室的主任是谁; 谁编辑的?
// 孩子老师说引用要写全), or that close it with a remark of the asker's own
// (askerSelfIn: 名字我又忘了); and the frame that passes the question on
// (孩子问:之江实验室的主任是谁). The question's clauses end at ends
// (clauseEnds); marks are the qmarks of toks, and those of the tokens
// returned are returned after them, appended to dst when fewer.
func dropContext(q *query, toks []analysis.Token, marks []qmark, ends []int, dst []qmark) ([]analysis.Token, []qmark) {
	var spansBuf [8][2]int
	spans := spansBuf[:0]
	from := 0
	for _, to := range ends {
		spans = append(spans, [2]int{from, to})
		from = to
	}
	context := func(sp [2]int, after bool) bool {
		return !markIn(toks, marks, sp[0], sp[1], qmAsksPlainly) && (askerContextIn(toks, sp[0], sp[1]) || after && askerSelfIn(toks, sp[0], sp[1]))
	}
	lead := 0
	for lead < len(spans) && context(spans[lead], false) {
		lead++
	}
	tail := len(spans)
	for tail > lead && context(spans[tail-1], true) {
		tail--
	}
	if tail == lead || !markIn(toks, marks, spans[lead][0], spans[tail-1][1], qmAsks) {
		return keepAsked(q, toks, marks, englishFrame(q.norm), len(q.norm), dst)
	}
	from, to := spans[lead][0], spans[tail-1][1]
	from += askerFrame(q.norm[from:to], toks, from)
	return keepAsked(q, toks, marks, from, to, dst)
}

// keepAsked keeps the concepts of q between bytes from and to, and the
// text's names anywhere, and returns the tokens between from and to and
// their qmarks (of marks, toks' own), those appended to dst when fewer
// than toks.
func keepAsked(q *query, toks []analysis.Token, marks []qmark, from, to int, dst []qmark) ([]analysis.Token, []qmark) {
	if from == 0 && to == len(q.norm) {
		return toks, marks
	}
	kept := q.concepts[:0]
	for _, c := range q.concepts {
		if c.entity || c.start >= from && c.end <= to {
			kept = append(kept, c)
		}
	}
	q.concepts = kept
	var asked []analysis.Token
	for k, t := range toks {
		if t.Start >= from && t.End <= to {
			asked = append(asked, t)
			dst = append(dst, marks[k])
		}
	}
	return asked, dst
}

// askerContextIn reports a clause, the tokens from byte from to byte to,
// that gives the asker's reason for asking: one with a person of the
// asker's life (儿子), or with a task (报告) and a verb of doing it (写).
func askerContextIn(toks []analysis.Token, from, to int) bool {
	task, verb := false, false
	for _, t := range toks {
		if t.Start < from || t.End > to {
			continue
		}
		if lang.AskerPeople.Has(t.Text) {
			return true
		}
		task = task || lang.AskerTasks.Has(t.Text)
		verb = verb || lang.AskerTaskVerbs.Has(t.Text)
	}
	return task && verb
}

// askerSelfIn reports a clause, the tokens from byte from to byte to,
// with the asker's word for themself (我: lang.AskerSelf) in it: after the
// clause that asks, with no question word, a remark of the asker's own.
func askerSelfIn(toks []analysis.Token, from, to int) bool {
	return slices.ContainsFunc(toks, func(t analysis.Token) bool {
		return t.Start >= from && t.End <= to && lang.AskerSelf.Has(t.Text)
	})
}

// askerFrame returns the length of the frame that opens clause, which
// begins at byte at of the question segmented as toks, with a person of
// the asker's life and a verb that passes on the question (孩子问:,
// 老师让查, 我妈问), ending where a word does (not 孩子问|题); else 0.
func askerFrame(clause string, toks []analysis.Token, at int) int {
	endsWord := func(n int) bool {
		return slices.ContainsFunc(toks, func(t analysis.Token) bool { return t.End == at+n })
	}
	for _, rest := range []string{clause, strings.TrimPrefix(clause, "我")} {
		if r, _ := utf8.DecodeRuneInString(rest); !askerPeopleFirst.mayHave(r) {
			continue // no person of the asker's life begins it (most questions)
		}
		for _, w := range askerPeople {
			after, ok := strings.CutPrefix(rest, w)
			if !ok {
				continue
			}
			for _, v := range askerFrames {
				tail, ok := strings.CutPrefix(after, v)
				if !ok || !endsWord(len(clause)-len(tail)) {
					continue
				}
				return len(clause) - len(strings.TrimLeft(tail, ": "))
			}
		}
	}
	return 0
}

// englishFrame returns the length of an English frame that opens clause
// and passes on someone's question (my grandma wants to know: who led…),
// ending with a phrase of [asker frame] of question-cues-en.txt and the
// colon or comma after it; else 0.
func englishFrame(clause string) int {
	for _, p := range englishFrames {
		i := strings.Index(clause, p)
		if i < 0 || i > maxFrameBytes || i > 0 && clause[i-1] != ' ' {
			continue // not at a word's start (asks of tasks)
		}
		rest := strings.TrimLeft(clause[i+len(p):], " ")
		if r, size := utf8.DecodeRuneInString(rest); r == ':' || r == ',' {
			return len(clause) - len(strings.TrimLeft(rest[size:], " "))
		}
	}
	return 0
}

// maxFrameBytes is how far into a clause an English frame may end.
const maxFrameBytes = 40

// englishFrames are the phrases of [asker frame] in question-cues-en.txt.
var englishFrames = questionCuesEn["asker frame"]

// askerPeopleFirst are the runes askerPeople begin with: a clause that
// begins with none begins with none of them.
var askerPeopleFirst = firstRunes(askerPeople)

// markIn reports a token between bytes from and to whose qmark (of
// marks, toks' own) has mark: a question word there (qmAsks), or one that
// asks plainly (qmAsksPlainly).
func markIn(toks []analysis.Token, marks []qmark, from, to int, mark qmark) bool {
	for k, t := range toks {
		if marks[k]&mark != 0 && t.Start >= from && t.End <= to {
			return true
		}
	}
	return false
}

// markSetting marks the concepts of the clauses that set the scene of
// what is asked: clauses before the last, with no question word, that end
// a verb with a word of lang.After (跟之江实验室那帮人唠完嗑 说要在哪几块合作;
// 在福州党校看完展览,无锡那边说要按什么计划来搞), and, inside a clause
// that asks, what comes before such a word when the question word comes
// after it (在党校看完展览以后说了啥; 三坊七巷逛完了啥感觉: sceneEnd). The
// question's clauses end at ends (clauseEnds); marks are the qmarks of
// toks.
func markSetting(q *query, toks []analysis.Token, marks []qmark, ends []int) {
	from := 0
	for _, to := range ends {
		end, asks := -1, markIn(toks, marks, from, to, qmAsks)
		switch {
		case to < len(q.norm) && !asks && afterIn(toks, from, to):
			end = to
		case asks:
			end = sceneEnd(toks, marks, from, to)
		}
		if end > from {
			for k := range q.concepts {
				if c := &q.concepts[k]; c.start >= from && c.end <= end {
					c.setting = true
				}
			}
		}
		from = to
	}
}

// sceneEnd returns the end of the scene a clause that asks sets before
// what it asks: the last word of lang.After right after a content word
// before its first question word (看完展览以后|说了啥), or -1. The scene must end a verb as done (lang.Done: 看完) somewhere:
// 机场以后要咋合作 asks about the time after now, and sets no scene.
// marks are the qmarks of toks.
func sceneEnd(toks []analysis.Token, marks []qmark, from, to int) int {
	end, done := -1, false
	for k, t := range toks {
		if t.Start < from || t.End > to {
			continue
		}
		if marks[k]&qmAsks != 0 {
			break // the first question word: the scene is before it
		}
		if prev := toks[max(k-1, 0)]; k > 0 && prev.Start >= from && lang.After.Has(t.Text) && prev.End == t.Start && !prev.Function {
			end, done = t.End, done || lang.Done.Has(t.Text)
		}
	}
	if !done {
		return -1
	}
	return end
}

// markTalk marks the scene of a question that asks what was said at a
// meeting, or how or why it went (跟之江那边聊的合作方向是啥): the word
// for the meeting or the talk (lang.Talk, or a word that stands for one:
// 聊 for 交流) and the names of its clause before it (之江, or the name a
// description there resolved to). What was said at a meeting is reported
// after it, in the sentence that refers back to it (大家均表示…), not in
// the one that tells of the meeting; what follows the word (合作方向,
// 之江实验室 of 跟王坚聊的之江实验室算力规划) is what is asked. Asked who or
// where, the meeting itself answers: nothing is marked.
func markTalk(q *query) {
	if q.kind != KindWhat && q.kind != KindWhy {
		return
	}
	for t := range q.concepts {
		talk := &q.concepts[t]
		if !slices.ContainsFunc(talk.alts, lang.Talk.Has) { // (alts[0] is the word itself)
			continue
		}
		talk.setting = true
		from := clauseStart(q.norm[:talk.start])
		for k := range q.concepts {
			if c := &q.concepts[k]; c.entity && c.start >= from && c.end <= talk.start {
				c.setting = true
			}
		}
	}
}

// afterIn reports a word of lang.After right after a content word among
// the tokens from byte from to byte to (聊完, 看完展览).
func afterIn(toks []analysis.Token, from, to int) bool {
	for k := 1; k < len(toks); k++ {
		t, prev := toks[k], toks[k-1]
		if t.Start >= from && t.End <= to && prev.Start >= from && lang.After.Has(t.Text) && prev.End == t.Start && !prev.Function {
			return true
		}
	}
	return false
}

// dropAsides removes the concepts of a clause that is an aside: after the
// first clause, with no question word nor English, and no word of it found
// in the text
// (强脑科技是干啥的 听着好玄乎: 听着好玄乎 is the asker's remark), when
// another clause has a word the text has. The question's clauses end at
// ends (clauseEnds); marks are the qmarks of toks.
func (m *asker) dropAsides(q *query, toks []analysis.Token, marks []qmark, ends []int) {
	if len(q.concepts) < 2 || len(ends) < 2 {
		return // one clause: none after the first
	}
	known := make([]bool, len(q.concepts))
	for i, c := range q.concepts {
		known[i] = c.entity || m.known(c.text)
	}
	drop := make([]bool, len(q.concepts))
	dropped := false
	for k, to := range ends[1:] {
		from := ends[k]
		in, unknown := 0, true
		for i, c := range q.concepts {
			if c.start >= from && c.end <= to {
				in++
				unknown = unknown && !known[i]
			}
		}
		asks := markIn(toks, marks, from, to, qmAsks) || endsYesNo(q.norm[from:to]) || slices.ContainsFunc(toks, func(t analysis.Token) bool {
			return t.Start >= from && t.End <= to && isLatinWord(t.Text)
		})
		if in > 0 && unknown && !asks && cues.scan(q.norm[from:to]) == 0 {
			for i, c := range q.concepts {
				if c.start >= from && c.end <= to {
					drop[i], dropped = true, true
				}
			}
		}
	}
	if !dropped || !slices.ContainsFunc(known, func(k bool) bool { return k }) {
		return
	}
	kept := q.concepts[:0]
	for i, c := range q.concepts {
		if !drop[i] {
			kept = append(kept, c)
		}
	}
	q.concepts = kept
}

// endsYesNo reports a clause that ends, before its closing marks, with a
// particle that makes it a yes/no question (lang.YesNoFinals): after 了
// (去了没有, 见着了么) or, but for 么, with 有 before what it asks of
// (有收获没, 有没); not a statement (根本没有, 都没有这么, 还没) nor 什么.
func endsYesNo(clause string) bool {
	clause = strings.TrimRight(clause, ",;?!。…~ ")
	final, ok := lang.YesNoFinals.Suffix(clause)
	if !ok {
		return false
	}
	rest := clause[:len(clause)-len(final)]
	if strings.HasSuffix(rest, "了") {
		return true
	}
	return final != "么" && strings.Contains(strings.ReplaceAll(rest, "没有", ""), "有")
}

// clauseEnds appends to dst where each clause of norm ends (asideEnd),
// in order, the last at len(norm); none for an empty norm. The stages
// that read a question clause by clause (dropContext, dropAsides,
// markSetting) share them.
func clauseEnds(norm string, dst []int) []int {
	for from := 0; from < len(norm); {
		from = asideEnd(norm, from)
		dst = append(dst, from)
	}
	return dst
}

// asideEnd returns the end of the clause that begins at from in norm: just
// after the next mark that separates clauses (an ellipsis and a tilde too,
// as chat writes them), or space between ideographs
// (强脑科技是干啥的 听着好玄乎), or the end.
func asideEnd(norm string, from int) int {
	for i, r := range norm[from:] {
		at := from + i
		switch {
		case r == ',' || r == ';' || r == '?' || r == '!' || r == '。' || r == '…' || r == '~':
			return at + utf8.RuneLen(r)
		case r == ' ' && at > 0 && at+1 < len(norm):
			before, _ := utf8.DecodeLastRuneInString(norm[:at])
			after, _ := utf8.DecodeRuneInString(norm[at+1:])
			if analysis.IsHan(before) && analysis.IsHan(after) {
				return at + 1
			}
		}
	}
	return len(norm)
}

// isRequest reports a question with a cue of a request for the asker's own
// doing (requestCues) that begins and ends where its words do (推荐个好看的,
// not 推荐个人; how to, not show to); an English cue must also begin its
// clause (not …learn about how to attract talent).
func isRequest(norm string, toks []analysis.Token) bool {
	if !requestFirst.anyIn(norm) {
		return false
	}
	for _, t := range toks {
		if r, _ := utf8.DecodeRuneInString(norm[t.Start:]); !requestFirst.mayHave(r) {
			continue // no cue begins with the token's first rune (most tokens)
		}
		for _, cue := range requestCues {
			end := t.Start + len(cue)
			if !strings.HasPrefix(norm[t.Start:], cue) || end < len(norm) && !slices.ContainsFunc(toks, func(u analysis.Token) bool { return u.End == end }) {
				continue
			}
			if isLatinLetter(rune(cue[0])) && strings.TrimSpace(norm[clauseStart(norm[:t.Start]):t.Start]) != "" {
				continue
			}
			return true
		}
	}
	return false
}

// isDistributive reports an amount asked for each of several or for one
// party's share (各出资多少, 厦大自己出资多少), not a total (总规模, 一共, 自己的)
// and not the several things a count counts (几条赛道,分别是什么: the word
// for each stands in a clause that asks no amount).
func isDistributive(norm string, toks []analysis.Token) bool {
	for k, t := range toks {
		if distributiveWords.Has(t.Text) && !(k+1 < len(toks) && toks[k+1].Text == "的") && asksAmount(clauseAt(norm, t.Start)) {
			return !containsAny(norm, totalWords) // (read last: most questions have no word for each)
		}
	}
	return false
}

// clauseAt returns the clause of norm that holds byte offset i: from the
// punctuation before it to the punctuation after it.
func clauseAt(norm string, i int) string {
	start := clauseStart(norm[:i])
	if end := strings.IndexAny(norm[i:], clauseMarks); end >= 0 {
		return norm[start : i+end]
	}
	return norm[start:]
}

// asksAmount reports a clause that asks how many or how much: a cue of
// either kind (多少, 多少钱) or 几 and a measure word (几家).
func asksAmount(clause string) bool {
	found := cues.scan(clause)
	for k, e := range kindTable {
		if found&(1<<k) != 0 && (e.kind == KindNumber || e.kind == KindMoney) {
			return true
		}
	}
	return askedUnit(clause) != ""
}

// classify reads what the question asks for from its cue words: its kind,
// whether it asks for several things or a partner, which heading, which
// measure or which kind of time.
func (m *asker) classify(q *query, toks []analysis.Token) {
	norm := q.norm
	found := cues.scan(norm)
	q.distributive = isDistributive(norm, toks)
	q.request = isRequest(norm, toks)
	for k := range kindTable {
		if found&(1<<k) != 0 {
			q.kind = kindTable[k].kind
			break
		}
	}
	if q.kind == KindWhat && q.latin > 0 {
		words := latinWords(afterOpeningClause(norm, toks))
		if k, year, ok := englishKind(words); ok {
			q.kind = k
			if year {
				found |= cueYear
			}
			if k == KindNumber && englishSum(words) {
				q.kind = KindMoney // how much total assets: a sum of money
			}
		}
	}
	if q.kind == KindWhat && found&cueName != 0 && m.namesPerson(norm, toks) {
		q.kind = KindWho // 校长叫什么名字: a person's name
	}
	if q.kind == KindWhat && m.whichPerson(toks) {
		q.kind = KindWho // 跟哪个院士聊了: which person, by name
	}
	if q.kind == KindOrg && whoseMemorial(norm) {
		q.kind = KindWho // 谁家的故居: whose, not which company's
	}
	if q.kind == KindWhere && (m.whichNonPlace(norm, toks) || m.whatPlace(norm, toks)) {
		q.kind = KindWhat // 进行到哪个阶段: which stage, not where
	}
	if from, to := reasonSpan(norm); to > from {
		q.kind = KindWhy // 牛在哪: what makes it so, not where
		q.cueFrom, q.cueTo = from, to
	}
	q.multi = found&cueMulti != 0
	q.partner = found&cuePartner != 0
	if q.kind == KindTitle {
		q.ordinal = ordinal(norm)
	}
	unit := askedUnit(norm)
	if (q.kind == KindWhat || q.kind == KindYesNo) && unit != "" {
		q.kind = KindNumber // 几 and a measure word: 几颗, 几个
	}
	if q.kind == KindNumber && unit == "" && askedSum(norm) {
		q.kind = KindMoney // 总投资是多少: a sum of money
	}
	switch q.kind {
	case KindNumber:
		q.unit = unit
	case KindWhen:
		switch {
		case found&cueYear != 0:
			q.time = TimeYear
		case found&cueDate != 0:
			q.time = TimeDate
		case found&cueSince != 0:
			q.time = TimeSince
		case found&cuePoint != 0:
			q.time = TimePoint
		}
	}
}

// whichPerson reports 哪 and a measure word right before a word for a
// person (哪个院士, 哪一个人), or 哪个 right before a word for a kind of
// people that names the one asked for (哪个华侨: whichOfPeople): it asks
// who, as 哪位 does.
func (m *asker) whichPerson(toks []analysis.Token) bool {
	for k := range toks {
		next, ok := afterWhich(toks, k)
		if !ok || next >= len(toks) {
			continue
		}
		if m.personWord(toks[next].Text) || whichOfPeople(toks, next) {
			return true
		}
	}
	return false
}

// whichOfPeople reports a word for a kind of people (lang.People) at
// toks[k], after 哪个, that is what the question asks for: not a group
// (哪个人群, 哪个用户群体: lang.PeopleGroups), not several (哪些华侨,
// 哪几个), and not a word before 的 that describes what is asked
// (哪个从业者的首选平台).
func whichOfPeople(toks []analysis.Token, k int) bool {
	w, which := toks[k].Text, toks[k-1].Text
	if !lang.People.Has(w) || lang.PeopleGroups.Has(w) || !strings.HasSuffix(which, "个") || strings.Contains(which, "几") {
		return false
	}
	if k+1 < len(toks) {
		next := toks[k+1].Text
		return next != "的" && !lang.PeopleGroups.Has(next) && !lang.PeopleGroups.Has(string(firstRune(next)))
	}
	return true
}

// afterWhich reports whether toks[k] starts 哪 and a measure word (哪+个,
// 哪个, 哪几+块), and returns the index of the token after them.
func afterWhich(toks []analysis.Token, k int) (int, bool) {
	t, next := toks[k], k+1
	switch {
	case strings.HasPrefix(t.Text, "哪") && next < len(toks) && whichMeasure(strings.TrimPrefix(t.Text, "哪")+toks[next].Text):
		return next + 1, true // 哪 + 个, 哪几 + 块, 哪一 + 个
	case t.Text != "哪" && strings.HasPrefix(t.Text, "哪") && whichMeasure(strings.TrimPrefix(t.Text, "哪")):
		return next, true
	}
	return 0, false
}

// whichNonPlace reports a question whose only where is 哪 and a measure
// word before a noun that is no place (到哪个阶段, 在哪个环节), or 哪几 and
// a measure word that counts no places with no noun after it (分布在哪几块:
// severalOfThings): it asks which of that noun's kind, as 哪些方面 does.
func (m *asker) whichNonPlace(norm string, toks []analysis.Token) bool {
	if containsAny(norm, plainWhereCues) || bareWhere(norm) {
		return false // 哪里, 什么地方, 建在哪: where, whatever else
	}
	asked := false
	for k := range toks {
		next, ok := afterWhich(toks, k)
		if !ok {
			continue // not 哪 and a measure word (哪座城市 holds its noun)
		}
		if next+1 < len(toks) && afterMeasure.Has(toks[next].Text) && !toks[next+1].Function {
			next++ // 哪几块搞合作, 哪几块儿合作: a light verb or 儿 before the rest
		}
		if (next >= len(toks) || toks[next].Function) && severalOfThings(norm[toks[k].Start:toks[next-1].End]) {
			asked = true // 分布在哪几块: which of them, with no noun after
			continue
		}
		if next >= len(toks) || toks[next].Function || m.placeWord(toks[next].Text) {
			return false
		}
		asked = true
	}
	return asked
}

// bareWhere reports 哪 that ends the question or its clause (建在哪, 去哪,
// 见了…): with no word after it, it asks where by itself.
func bareWhere(norm string) bool {
	for rest := norm; ; {
		i := strings.Index(rest, "哪")
		if i < 0 {
			return false
		}
		after := rest[i+len("哪"):]
		r, _ := utf8.DecodeRuneInString(after)
		if after == "" || !analysis.IsHan(r) {
			return true
		}
		rest = after
	}
}

// severalOfThings reports 哪几 and a measure word (which, the question's
// text of them) that counts no places ([place classifiers]: not 个, 座,
// 间): with no noun after it, it asks which of them (分布在哪几块, 哪几项),
// not where.
func severalOfThings(which string) bool {
	rest, ok := strings.CutPrefix(which, "哪几")
	if !ok {
		return false
	}
	rest = measureOf(rest) // 哪几块儿
	return slices.Contains(countClassifiers, rest) && !placeClassifiers.Has(rest)
}

// whichMeasure reports what follows 哪 before a noun: a measure word (个,
// 家), 些, or 几 or 一 and one (几个, 一个).
func whichMeasure(s string) bool {
	s = measureOf(strings.TrimPrefix(strings.TrimPrefix(s, "几"), "一"))
	return s == "些" || slices.Contains(countClassifiers, s)
}

// measureOf returns s without a word of [after measure] that follows a
// measure word in it (块儿: the 儿 of northern speech; 块搞), else s.
func measureOf(s string) string {
	for _, d := range afterMeasureWords {
		if r, ok := strings.CutSuffix(s, d); ok && r != "" && slices.Contains(countClassifiers, r) {
			return r
		}
	}
	return s
}

// placeWord reports a word for a place or a kind of place (城市, 省, 老街区,
// 福州).
func (m *asker) placeWord(w string) bool {
	return lang.GenericPlaces.Has(w) || lang.PlaceSuffixes.Has(w) || lang.DescriptionPlaces.Has(w) || cityWords.Has(w) || m.termKind(w) == knowledge.Place
}

// whoseMemorial reports 谁家 (whose, or which company's) before a place
// named after a person (谁家的故居, 谁家故居): it asks whose.
func whoseMemorial(norm string) bool {
	for rest := norm; ; {
		_, after, ok := strings.Cut(rest, "谁家")
		if !ok {
			return false
		}
		after = strings.TrimPrefix(after, "的")
		if slices.ContainsFunc(memorialWords, func(w string) bool { return strings.HasPrefix(after, w) }) {
			return true
		}
		rest = after
	}
}

// segment turns the tokens into concepts: runs of tokens that make an
// alias or one of the text's names, content words, and runs of single
// characters no dictionary joined.
func (m *asker) segment(q *query, toks []analysis.Token) {
	norm := q.norm
	for i := 0; i < len(toks); {
		t := toks[i]
		if m.auxiliaryGo(toks, i) || t.Start >= q.cueFrom && t.End <= q.cueTo && q.cueTo > q.cueFrom {
			i++ // 去 before a verb; the words of a reason cue (牛 of 牛在哪)
			continue
		}
		best, bestJ, alias, aliases := m.longestRun(norm, toks, i)
		if q.kind == KindTitle && bestJ >= 0 && headingWords.Has(best) {
			i = bestJ + 1
			continue
		}
		if bestJ >= 0 && (bestJ > i || !t.Function) {
			c := concept{text: best, scale: 1, start: t.Start, end: toks[bestJ].End}
			if alias {
				c.alts = aliases.AppendTo(append(m.stringSlice(1+aliases.Count()), best))
			} else {
				c.alts = append(m.stringSlice(1), best)
			}
			c.entity, c.person = m.entityOf(c)
			m.addConcept(q, c)
			i = bestJ + 1
			continue
		}
		if t.Function || q.kind == KindTitle && headingWords.Has(t.Text) {
			i++
			continue
		}
		if degreeAdverb(toks, i) || vagueAmount(toks, i) || askedClassifier(toks, i) && !m.classifierBeginsNoun(norm, toks, i) {
			i++ // 多 of 有多牛: the adjective after it is the content; 点 of 学到点啥; 块 of 哪几块
			continue
		}
		if k := m.abbreviationRunEnd(toks, i); k > i {
			for ; i < k; i++ { // 闽浙: 福建 and 浙江, a concept each
				c := concept{text: toks[i].Text, alts: append(m.stringSlice(1), toks[i].Text), scale: 1, start: toks[i].Start, end: toks[i].End, abbreviation: true}
				if i+1 == k && takesAbbreviation(toks, k) {
					c.end = toks[k].End // 锡方: the side of 无锡
					i++
				}
				m.addConcept(q, c)
			}
			continue
		}
		j := m.unknownRunEnd(norm, toks, i)
		text := norm[t.Start:toks[j-1].End]
		// A run that writes an everyday verb (合建) is that verb, no name.
		run := j > i+1 && !m.base.Lexicon.Verb(text)
		c := concept{text: text, alts: append(m.stringSlice(1), text), scale: 1, start: t.Start, end: toks[j-1].End, unknownRun: run}
		c.entity, c.person = m.entityOf(c)
		m.addConcept(q, c)
		i = j
	}
}

// addConcept appends c to the question's concepts, categorised (as a
// category noun, a place asked for…) and with the marks of the words that
// govern the kind brought up to date.
func (m *asker) addConcept(q *query, c concept) {
	q.concepts = markGoverning(append(q.concepts, m.categorise(c, q.norm, c.start, lastNameEnd(q.concepts))), q.norm)
}

// classifierBeginsNoun reports a classifier asked with that begins, with
// the characters after it, an everyday noun (多少+条款, 多少+名额): the noun
// is what is asked about, not the classifier.
func (m *asker) classifierBeginsNoun(norm string, toks []analysis.Token, i int) bool {
	if adjectiveClassifiers.Has(toks[i].Text) {
		return false // 几+大+块: how big, no noun
	}
	j := m.unknownRunEnd(norm, toks, i)
	return j > i+1 && m.base.Lexicon.Common(norm[toks[i].Start:toks[j-1].End])
}

// askedClassifier reports a classifier right after the question word it
// counts with (块 of 哪几块, 哪块; 条 of 多少条, which the classify stage
// keeps as the unit): part of the question word, no content (款 would
// match 贷款). The caller skips it unless it begins a noun
// (classifierBeginsNoun).
func askedClassifier(toks []analysis.Token, i int) bool {
	if i == 0 || toks[i-1].End != toks[i].Start || !slices.Contains(countClassifiers, toks[i].Text) {
		return false
	}
	prev := toks[i-1].Text
	return strings.HasSuffix(prev, "几") || prev == "哪" || slices.Contains(howManyCues, prev)
}

// vagueAmount reports a word of vague amount right before the question
// word it fills for (点 of 学到点啥).
func vagueAmount(toks []analysis.Token, i int) bool {
	follow, ok := vagueAmounts[toks[i].Text]
	return ok && i+1 < len(toks) && toks[i+1].Start == toks[i].End && slices.Contains(follow, toks[i+1].Text)
}

// degreeAdverb reports a one-character adverb of degree (多, 挺) right
// before a one-character content word that ends the clause or comes before
// a particle (有多牛啊, 多老了): it asks how much of what follows.
func degreeAdverb(toks []analysis.Token, i int) bool {
	if !degreeAdverbs.Has(toks[i].Text) || i+1 >= len(toks) {
		return false
	}
	next := toks[i+1]
	if next.Function || !isSingleHan(next.Text) || next.Start != toks[i].End {
		return false
	}
	return i+2 >= len(toks) || toks[i+2].Function // 多人参加: 多 is many
}

// maxRunTokens bounds the tokens longestRun joins into an alias, which
// may be cut into single characters (苏+南+硕放+国际+机场); maxNameTokens
// those it joins into a name of the text or a run of three units.
const (
	maxRunTokens  = 6
	maxNameTokens = 4
)

// longestRun returns the longest run of up to maxRunTokens adjacent
// tokens from toks[i] that is an alias, or a name of the text (硕放+机场 of
// 无锡硕放机场), the index of its last token (-1 for none), whether it is
// an alias and, for an alias, the words it stands for as the look-up that
// found it read them (knowledge.Tables.FindAliases: not looked up again).
func (m *asker) longestRun(norm string, toks []analysis.Token, i int) (best string, bestJ int, alias bool, aliases knowledge.AliasWords) {
	t := toks[i]
	bestJ = -1
	contiguous := true
	first, _ := utf8.DecodeRuneInString(t.Text)
	mayAlias := m.aliasFirst.mayHave(first) // every run from toks[i] begins with it
	for j, text := i, ""; j < len(toks) && j < i+maxRunTokens; j++ {
		if j > i && !adjacent(norm, toks[j-1], toks[j]) {
			break
		}
		if j > i && toks[j-1].End != toks[j].Start {
			contiguous = false
		}
		if contiguous {
			text = norm[t.Start:toks[j].End]
		} else {
			text += toks[j].Text
		}
		// (text ends as toks[j] does, with a rune some alias key may end with)
		if mayAlias && len(text) <= utf8.UTFMax*m.aliasMaxRunes && m.aliasLast.mayHave(lastRune(toks[j].Text)) {
			if words, ok := m.tables.FindAliases(text); ok && utf8.RuneCountInString(text) <= m.aliasMaxRunes {
				best, bestJ, alias, aliases = text, j, true, words
				continue
			}
		}
		if j > i && j < i+maxNameTokens && !toks[j].Function && !toks[i].Function && (m.nameOf(text) || m.tables.HasRun3(text)) {
			// Words that stand together in the text's names, or as a
			// run of three units of the text (副+市长), are one concept.
			best, bestJ, alias, aliases = text, j, false, knowledge.AliasWords{}
		}
	}
	return best, bestJ, alias, aliases
}

// unknownRunEnd returns one past the last token of the concept that
// starts at toks[i]: a run of single characters that are not words of the
// text is one unknown word (创始人, 门票), not several characters; a single
// character with a function character after it that the text has together
// (校+地 of 校地合作) is one word too, but not with the copula (团+是 of
// 考察的团是谁带的: the text's 集团是 is 集团 and 是).
func (m *asker) unknownRunEnd(norm string, toks []analysis.Token, i int) int {
	t := toks[i]
	j := i + 1
	if !isSingleHan(t.Text) {
		return j
	}
	if j < len(toks) && toks[j].Function && toks[j].Start == t.End && !isSingleHan(toks[j].Text) && m.tables.HasRun3(norm[t.Start:toks[j].End]) {
		return j + 1 // a character and a function word that the text has together (大文章)
	}
	for j < len(toks) && isSingleHan(toks[j].Text) && toks[j].Start == toks[j-1].End {
		if m.abbreviationRunEnd(toks, j) > j {
			break // 赴+闽浙: a run of places' one-character names is a word of its own
		}
		if ordinalAt(toks, j) || numberAt(toks, j) && !numeralAt(toks, j-1) {
			break // 大陆+第一家, 货运+一年: an ordinal or a number begins a word of its own
		}
		if lang.Colloquial[toks[j].Text] != nil && !toks[j].Function && !m.base.Lexicon.Common(norm[toks[j-1].Start:toks[j].End]) {
			break // 人+聊: a word of everyday speech is a word of its own, unless it ends one (分+管)
		}
		if toks[j].Function {
			pair := norm[t.Start:toks[j].End]
			if j == i+1 && !copulas.Has(toks[j].Text) && m.text.gramCount(pair) > 0 &&
				(!modifierParticles.Has(toks[j].Text) || m.base.Lexicon.Common(pair)) {
				j++
			}
			break
		}
		j++
	}
	return j
}

// abbreviationRunEnd returns one past the run of provinces' and cities'
// one-character names (lang.PlaceAbbreviations) that begins at toks[i],
// each a token of its own (闽+浙 of 赴闽浙两省, 苏 of 苏的什么, 锡+厦 of
// 锡厦校地合作), or i when there is none or the run is part of a word: of a
// person's name, after a surname or a familiar prefix (刘+苏, 小+苏); of a
// word a single name begins, before a character that is no numeral, 省,
// function word or character it takes in (takesAbbreviation: 锡+方), as
// 浙+大, 闽+南, 粤+港, or before a direction (黔+东南); or, for a name that
// is also a surname, before anything but such a word (苏+书记, 鲁+先生);
// nor where it ends a word with the character before it (稻+穗, 焊+锡), nor
// in a run that doubles a character (蓉蓉, a given name).
func (m *asker) abbreviationRunEnd(toks []analysis.Token, i int) int {
	if i > 0 && toks[i-1].End == toks[i].Start && isSingleHan(toks[i-1].Text) && !toks[i-1].Function &&
		(lang.Surnames.Has(toks[i-1].Text) || lang.FamiliarPrefixes.Has(toks[i-1].Text) || m.endsWord(toks[i-1].Text+toks[i].Text)) {
		return i
	}
	k := i
	for k < len(toks) && (k == i || toks[k].Start == toks[k-1].End) && lang.PlaceAbbreviations[toks[k].Text] != nil {
		if k > i && toks[k].Text == toks[k-1].Text {
			return i // 蓉蓉: a doubled character is a given name, no run of places
		}
		k++
	}
	if k == i || k > i+1 || k == len(toks) || toks[k].Start != toks[k-1].End {
		return k // none; a run of two or more (锡厦); the question's or a clause's end
	}
	next := toks[k]
	r, _ := utf8.DecodeRuneInString(next.Text)
	plain := next.Function || analysis.IsNumeral(r) || next.Text == "省" || takesAbbreviation(toks, k)
	switch {
	case strings.ContainsRune(directions, r), isSingleHan(next.Text) && !plain:
		return i
	case k == i+1 && lang.Surnames.Has(toks[i].Text) && !plain:
		return i
	}
	return k
}

// endsWord reports whether w, two characters, is a word of the text or an
// everyday word or name of the segmenter's dictionary (稻穗).
func (m *asker) endsWord(w string) bool {
	return m.text.wordCount(w) > 0 || m.base.Lexicon.Word(w)
}

// takesAbbreviation reports a character at toks[k], right after a place's
// one-character name, that the name takes in (abbreviationEnds: 方 of 锡方,
// the Wuxi side; 城 of 锡城, the city).
func takesAbbreviation(toks []analysis.Token, k int) bool {
	return k < len(toks) && toks[k].Start == toks[k-1].End && len(toks[k].Text) == utf8.RuneLen('方') &&
		strings.Contains(abbreviationEnds, toks[k].Text)
}

// abbreviationEnds are the characters a place's one-character name takes
// in: 方, a side (锡方); 城, a city (锡城).
const abbreviationEnds = "方城"

// directions are the characters of the compass, which after a province's
// name make a region's (黔东南, 苏北).
const directions = "东南西北"

// numberAt reports a numeral character at toks[j] with a measure word
// right after it (一年, 五家): an amount, not a name's character (张一鸣).
func numberAt(toks []analysis.Token, j int) bool {
	if !numeralAt(toks, j) || j+1 >= len(toks) || toks[j+1].Start != toks[j].End {
		return false
	}
	return slices.ContainsFunc(measureWords, func(u string) bool { return strings.HasPrefix(toks[j+1].Text, u) })
}

// numeralAt reports a token that is a numeral character (一, 五).
func numeralAt(toks []analysis.Token, j int) bool {
	r, n := utf8.DecodeRuneInString(toks[j].Text)
	return n == len(toks[j].Text) && analysis.IsNumeral(r)
}

// ordinalAt reports 第 at toks[j] right before a numeral (第一, 第3).
func ordinalAt(toks []analysis.Token, j int) bool {
	if toks[j].Text != "第" || j+1 >= len(toks) || toks[j+1].Start != toks[j].End {
		return false
	}
	r, _ := utf8.DecodeRuneInString(toks[j+1].Text)
	return analysis.IsNumeral(r)
}

// assignRoles marks what the question's clauses make of its concepts: X
// of X那部分 only locates the answer, X of 除了X is set aside, a title
// beside a person's name is part of the name; and bounds the concepts.
func assignRoles(q *query) {
	norm := q.norm
	// X那部分, 在X那一站: X locates the part of the text the question is
	// about; the answer is somewhere there, not necessarily about X.
	var from, to, end int
	if q.mayHold(locatorList) {
		from, to, end = locatorClause(norm)
	}
	q.eachIn(from, to, func(c *concept) { c.entity, c.locator = false, true })
	// The locator word itself, which the segmenter may cut (那+块), asks
	// for nothing.
	q.concepts = slices.DeleteFunc(q.concepts, func(c concept) bool { return c.start >= to && c.end <= end && to < end })
	// 除了X(以外), 还…: X is what the question sets aside; the answer is
	// about the rest, and may or may not mention X.
	// What else is often told in the sentence that goes on from X's
	// (同时,双方还将…), which refers back to X (concept.aside).
	from, to, closing := 0, 0, 0
	if q.mayHold(exceptList) || containsAny(norm, closedExceptCues) { // (a cue of one rune: no pair stands for it)
		from, to, closing = exceptClause(norm, q.insideWord)
	}
	q.eachIn(from, to, func(c *concept) { c.scale *= exceptScale; c.aside = true })
	// The closing of the written 除X外 asks for nothing.
	q.concepts = slices.DeleteFunc(q.concepts, func(c concept) bool { return c.start >= to && c.end <= closing && to < closing })
	// 跟着X一块去的还有谁: X went, the answer is about the others.
	from, to = 0, 0
	if q.mayHold(accompanyList) {
		from, to = accompanyClause(norm)
	}
	q.eachIn(from, to, func(c *concept) { c.scale *= exceptScale; c.aside = true })
	dropAsideAlts(q)
	// 在X方面: X is the topic the answer must be about; it weighs more.
	for i, c := range q.concepts {
		for _, f := range topicFrames {
			if strings.HasPrefix(norm[c.end:], f.close) && strings.Contains(norm[clauseStart(norm[:c.start]):c.start], f.open) {
				q.concepts[i].scale *= topicScale
				break
			}
		}
	}
	if len(q.concepts) > maxConcepts {
		q.concepts = q.concepts[:maxConcepts]
	}
	// A title (市长, 院士) says who a person is: with a person's name in the
	// question it is part of the name, without one it is what is asked.
	for _, c := range q.concepts {
		if c.person {
			for i := range q.concepts {
				if knowledge.IsTitle(q.concepts[i].text) {
					q.concepts[i].entity = true
					if besidePerson(q.concepts, i) {
						q.concepts[i].scale *= titleScale
					}
				}
			}
			break
		}
	}
}

// titleScale weighs a title right beside a person's name (周文栋副市长,
// 副校长尤延铖): it names the same person again, and counts as a part of
// the name, not as a second thing the answer must say.
const titleScale = 0.5

// besidePerson reports a person's name right before or after concept i.
func besidePerson(cs []concept, i int) bool {
	return i > 0 && cs[i-1].person && cs[i-1].end == cs[i].start ||
		i+1 < len(cs) && cs[i+1].person && cs[i+1].start == cs[i].end
}

// joinAliases merges two neighbouring concepts, one of them unknown to the
// text, when an alias lies across them (搬+进去 holds 搬进, an alias of
// 入驻): the pair becomes one concept that stands for the alias's words.
func (m *asker) joinAliases(cs []concept, norm string) []concept {
	for i := 0; i+1 < len(cs); i++ {
		a, b := cs[i], cs[i+1]
		if a.end != b.start || len(a.alts) > 1 || len(b.alts) > 1 || m.known(a.text) && m.known(b.text) {
			continue
		}
		joined := norm[a.start:b.end]
		alts := m.innerAliases(joined)
		if alts == nil || m.innerAliases(a.text) != nil || m.innerAliases(b.text) != nil {
			continue
		}
		c := concept{text: joined, alts: append([]string{joined}, alts...), scale: math.Min(a.scale, b.scale), start: a.start, end: b.end}
		c.entity = a.entity || b.entity
		cs = append(cs[:i], append([]concept{c}, cs[i+2:]...)...)
	}
	return cs
}

// known reports whether the text has s as a word or, for two characters,
// side by side.
func (m *asker) known(s string) bool {
	return m.text.wordCount(s) > 0 || utf8.RuneCountInString(s) <= 2 && m.text.gramCount(s) > 0
}

// auxiliaryGo reports a 去 that only introduces what follows it (去落实: to
// carry out; 去跟厦大谈: [go then]), not one that means going somewhere:
// 去 is a going when it ends the question, or comes before a function word
// (去了, 去哪) or a place (去福州).
func (m *asker) auxiliaryGo(toks []analysis.Token, i int) bool {
	if !goWords.Has(toks[i].Text) || i+1 == len(toks) {
		return false
	}
	next := toks[i+1]
	if goThen.Has(next.Text) {
		return true // 去跟厦大谈: to go and talk with
	}
	return !next.Function && m.termKind(next.Text) != knowledge.Place
}

// categorise lowers the weight of a noun that follows 哪些, 什么样的 and the
// like: it says what kind of thing the answer is, and the answer may name
// the thing without the noun.
//
// A noun right after a name (ending at nameEnd) and an apposition cue
// (跨境电商这个领域) names that name's kind again and weighs
// appositionScale; after a verb or a particle (了解这项技术, 查下这个快递单)
// the cue is a demonstrative and the noun keeps its weight.
func (m *asker) categorise(c concept, norm string, start, nameEnd int) concept {
	if c.entity && !lang.GenericPlaces.Has(c.text) {
		return c // a kind the text names (历史文化街区): the answer names it too
	}
	before := norm[:start]
	if nameEnd > 0 && nameEnd <= len(before) && slices.Contains(appositionCues, before[nameEnd:]) {
		c.scale *= appositionScale // the noun before it said what this is
		return c
	}
	isPlace := lang.GenericPlaces.Has(c.text)
	which, many := false, false
	if isPlace { // (the set first: it is the cheaper test)
		which, many = placesAsked(before)
	}
	if which || !isPlace && askedKind(before) { // (placesAsked read askedKind already)
		if !lang.Titles.HasSuffix(c.text) {
			c.scale *= categoryScale // 哪个副市长: the answer writes the title with the name
		}
		c.placeKind = isPlace
		c.kindOfName = copulaBefore(before)
		c.category = true
	} else if many {
		// 跑了几个城市: how many places, which the list of them answers.
		c.scale *= categoryScale
		c.placeKind, c.placesAsked = true, true
	}
	return c
}

// placesAsked reads what the text before a word for places asks of it:
// which (哪个城市, 哪几座城市, 什么城市) or how many (去了几个城市: many,
// which the list of them answers).
func placesAsked(before string) (which, many bool) {
	if askedKind(before) || whichMeasured(before) {
		return true, false
	}
	return false, countedBefore(before)
}

// markGoverning marks the concept before the last of cs as governing the
// kind asked for when only a category cue stands between them (奉行|什么|
// 战略), and returns cs.
func markGoverning(cs []concept, norm string) []concept {
	if n := len(cs); n >= 2 && cs[n-1].category && !cs[n-2].entity {
		between := norm[cs[n-2].end:cs[n-1].start]
		cs[n-2].governsKind = between != "" && slices.Contains(categoryCues, between)
	}
	return cs
}

// copulaBefore reports whether before, which ends with a category cue,
// asks what a name is: 是 or 属于, then perhaps a measure word (是个啥,
// 是一家什么, 属于哪一类), then the cue.
func copulaBefore(before string) bool {
	for _, cue := range categoryCues {
		rest, ok := strings.CutSuffix(before, cue)
		if !ok {
			continue
		}
		for _, u := range measureWords {
			if r, ok := strings.CutSuffix(rest, u); ok {
				rest = strings.TrimSuffix(r, "一")
				break
			}
		}
		if copulas.HasSuffix(rest) {
			return true
		}
	}
	return false
}

// whatPlace reports a name of the text that is no place, then a copula
// and a category cue before a word for a place ([what place] of
// question-cues.txt: 之江实验室是个啥地方): it asks what the named thing
// is, not where (考察团第一站是什么地方 still asks where).
func (m *asker) whatPlace(norm string, toks []analysis.Token) bool {
	for _, w := range placeNouns {
		for rest, off := norm, 0; ; {
			i := strings.Index(rest, w)
			if i < 0 {
				break
			}
			at := off + i
			if copulaBefore(norm[:at]) && m.namesNonPlace(toks, clauseStart(norm[:at]), at) {
				return true
			}
			rest, off = rest[i+len(w):], at+len(w)
		}
	}
	return false
}

// namesNonPlace reports a token between bytes from and to that is a name
// of the text other than a place's.
func (m *asker) namesNonPlace(toks []analysis.Token, from, to int) bool {
	return slices.ContainsFunc(toks, func(t analysis.Token) bool {
		if t.Start < from || t.End > to || t.Function {
			return false
		}
		k := m.termKind(t.Text)
		return k != 0 && k != knowledge.Place
	})
}

// whichMeasured reports whether before ends with 哪, 哪一 or 哪几 and a
// measure word (哪几座, 哪一个): before a word for places (城市, 地方), it
// asks which places, as 哪些城市 does.
func whichMeasured(before string) bool {
	for _, u := range measureWords {
		if rest, ok := strings.CutSuffix(before, u); ok {
			return strings.HasSuffix(strings.TrimSuffix(strings.TrimSuffix(rest, "几"), "一"), "哪")
		}
	}
	return false
}

// countedBefore reports whether before ends with a how-many cue and a
// measure word (几个, 多少座): the noun after it is what is counted.
func countedBefore(before string) bool {
	for _, u := range measureWords {
		rest, ok := strings.CutSuffix(before, u)
		if !ok {
			continue
		}
		for _, cue := range howManyCues {
			if head, ok := strings.CutSuffix(rest, cue); ok {
				prev, _ := utf8.DecodeLastRuneInString(head)
				return !notHowMany.Has(string(prev)) || utf8.RuneCountInString(cue) > 1
			}
		}
	}
	return false
}

// lastNameEnd is where the last of cs ends in the question when it names
// something of the text, or -1.
func lastNameEnd(cs []concept) int {
	if len(cs) == 0 || !cs[len(cs)-1].entity {
		return -1
	}
	return cs[len(cs)-1].end
}

// reasonSpan returns the byte span of the first reason cue in norm (牛在哪
// of 强脑科技牛在哪儿): its words ask why, they are no content; from == to
// when there is none.
func reasonSpan(norm string) (from, to int) {
	if i, c := reasonCues.leftmost(norm); i >= 0 {
		return i, i + len(c)
	}
	return 0, 0
}

// adjacent reports whether token b follows a directly, or with only spaces
// or the joiners of Latin compounds between them (non-invasive, R&D).
func adjacent(norm string, a, b analysis.Token) bool {
	if a.End > b.Start {
		return false
	}
	return strings.Trim(norm[a.End:b.Start], " -&./_'") == ""
}

// nameOf reports whether s (two or more words run together) is, or is part
// of, one of the text's names: such a run is one concept.
func (m *asker) nameOf(s string) bool { return m.tables.InName(s) }

// entityOf reports whether a concept names a particular person,
// organisation, place or brand of the text (entity), and whether it
// names a person of the text (person): the kind of its text, which both
// ask, is looked up once.
func (m *asker) entityOf(c concept) (entity, person bool) {
	kind, known := m.tables.Kind(c.text)
	if known && kind == knowledge.Person {
		return true, true
	}
	for _, a := range c.alts {
		k, ok := kind, known // (alts[0] is the text itself)
		if a != c.text {
			k, ok = m.tables.Kind(a)
		}
		if ok && k != knowledge.Quote && k != knowledge.Number || m.aliasNames[a] {
			return true, false
		}
	}
	return m.nameOf(c.text), false
}

// mentionsPerson reports a token that is a title (校长) or 人.
func (m *asker) mentionsPerson(toks []analysis.Token) bool {
	return slices.ContainsFunc(toks, func(t analysis.Token) bool { return m.personWord(t.Text) })
}

// personWord reports a title, a word for a person (人) or a person of the
// text.
func (m *asker) personWord(w string) bool {
	return knowledge.IsTitle(w) || personWords.Has(w) || m.isPerson(w)
}

// namesPerson reports a question that asks a person's name or role: what
// is called (叫什么, 名字) is the content word right before (校长叫什么名字,
// not 那个代表浙江…的平台叫什么); a role (职务, 身份) may belong to a
// person anywhere in the question (尤延铖担任什么职务).
func (m *asker) namesPerson(norm string, toks []analysis.Token) bool {
	for _, cue := range calledCues {
		i := strings.Index(norm, cue)
		if i < 0 {
			continue
		}
		for k := len(toks) - 1; k >= 0; k-- {
			if t := toks[k]; t.End <= i && !t.Function {
				return m.personWord(t.Text) || lang.HeadWords.Has(t.Text) // 老板叫啥
			}
		}
		return false
	}
	return m.mentionsPerson(toks)
}

func (m *asker) isPerson(s string) bool {
	k, ok := m.tables.Kind(s)
	return ok && k == knowledge.Person
}

// askedSum reports a noun for a sum of money right before 多少, 是多少 or
// 有多少 (总投资是多少, 营收多少).
func askedSum(norm string) bool {
	for i := range howManyCuesIn(norm) {
		before := strings.TrimRight(norm[:i], " ")
		for trimmed := true; trimmed; { // 是大概多少, 能达到多少
			trimmed = false
			for _, w := range beforeAmount {
				if b, ok := strings.CutSuffix(before, w); ok {
					before, trimmed = b, true
				}
			}
		}
		if moneyNouns.HasSuffix(before) {
			return true
		}
	}
	return false
}

// howManyCuesIn yields the byte offset of each cue that asks how many (多少,
// 几) in norm, and the cue.
func howManyCuesIn(norm string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		if !howManyFirst.anyIn(norm) {
			return // (most questions)
		}
		for _, cue := range howManyCues {
			for from := 0; ; {
				i := strings.Index(norm[from:], cue)
				if i < 0 {
					break
				}
				if !yield(from+i, cue) {
					return
				}
				from += i + len(cue)
			}
		}
	}
}

// askedUnit returns the measure word that follows 多少 or 几 (多少人 -> 人,
// 几家 -> 家), or "".
func askedUnit(norm string) string {
	for i, cue := range howManyCuesIn(norm) {
		// 哪几个, 那几家, 这几年, 好几个: which or some, not how many.
		if prev, _ := utf8.DecodeLastRuneInString(norm[:i]); notHowMany.Has(string(prev)) && utf8.RuneCountInString(cue) == 1 {
			continue
		}
		rest := norm[i+len(cue):]
		for _, u := range measureWords {
			if strings.HasPrefix(rest, u) {
				return u
			}
		}
	}
	if !unitFirst.anyIn(norm) {
		return "" // no ratio nor size cue
	}
	for _, u := range ratioCues {
		if strings.Contains(norm, u) {
			return "%"
		}
	}
	for _, u := range sizeCues {
		if strings.Contains(norm, u) {
			return u
		}
	}
	return ""
}

func isSingleHan(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && analysis.IsHan(r)
}

// splitQuestions splits text that asks several questions (厦门大学校长是谁?
// 合作基金总规模多少?) at its question marks; one question gives one part.
func splitQuestions(norm string) []string {
	var parts []string
	start := 0
	for i, r := range norm {
		if r == '?' || r == '？' {
			if p := strings.TrimSpace(norm[start:i]); wordRunes(p) != "" {
				parts = append(parts, p)
			}
			start = i + utf8.RuneLen(r)
		}
	}
	if p := strings.TrimSpace(norm[start:]); wordRunes(p) != "" {
		parts = append(parts, p)
	}
	return parts
}

// latinShare is the share of the letters and ideographs of s that are
// Latin letters.
func latinShare(s string) float64 {
	latin, all := 0, 0
	for _, r := range s {
		switch {
		case r < 0x80 && (r|0x20 >= 'a' && r|0x20 <= 'z'):
			latin++
			all++
		case analysis.IsHan(r):
			all++
		}
	}
	if all == 0 {
		return 0
	}
	return float64(latin) / float64(all)
}

// tokens segments a normalised question; English function words (the,
// of, who) are function words like Chinese ones. With the question's
// buffers, the tokens are good until the next call.
func (m *asker) tokens(norm string) []analysis.Token {
	var toks []analysis.Token
	if m.bufs != nil {
		toks = m.an.AppendTokens(m.bufs.toks[:0], norm)
		m.bufs.toks = toks
	} else {
		toks = m.an.Tokens(norm)
	}
	for i := range toks {
		if !toks[i].Function && lexicon.IsStopword(toks[i].Text) && !pinyinSyllableAfter(norm, toks, i) {
			toks[i].Function = true
		}
		if i > 0 && !toks[i].Function && lang.After.Has(toks[i].Text) && isSingleHan(toks[i].Text) && verbBefore(toks, i) {
			toks[i].Function = true // 看+完: an ending that closes the scene, no content
		}
		if !toks[i].Function && lang.TextWords.Has(toks[i].Text) && m.text.wordCount(toks[i].Text) == 0 {
			toks[i].Function = true // 考察团的报道里: the article itself, in a text with no word of content so written
		}
	}
	return toks
}

// verbBefore reports a content token right before toks[i]: a verb an
// ending may close (看+完, 聊天+完).
func verbBefore(toks []analysis.Token, i int) bool {
	prev := toks[i-1]
	return prev.End == toks[i].Start && !prev.Function
}

// pinyinSyllableAfter reports a Latin token that continues the one before
// it after an apostrophe and begins with a, e or o: a syllable of pinyin
// (an of Xiang'an), not an English word nor a contraction ('s, 't, 're).
func pinyinSyllableAfter(norm string, toks []analysis.Token, i int) bool {
	t := toks[i]
	if i == 0 || t.Start == 0 || !strings.ContainsRune("aeo", rune(norm[t.Start])) {
		return false
	}
	prev := toks[i-1]
	return prev.End+1 == t.Start && norm[prev.End] == '\'' && isLatinWord(prev.Text)
}

// latinWords returns the question's tokens that are Latin words, in order
// (function words too: they are the English question's cues).
// afterOpeningClause returns the tokens after an English clause of time
// or place that opens the question before a comma and another question
// word (When the delegation visited the AI companies, what did they do
// there?): its when or where does not ask, unless an auxiliary follows it
// (When would it open, and who runs it?). Otherwise it returns toks.
func afterOpeningClause(norm string, toks []analysis.Token) []analysis.Token {
	first, rest, _ := strings.Cut(strings.TrimSpace(norm), " ")
	second, _, _ := strings.Cut(rest, " ")
	comma := strings.IndexByte(norm, ',')
	if first != "when" && first != "where" || comma < 0 || englishAuxiliaries.Has(second) {
		return toks
	}
	for k, t := range toks {
		if t.Start > comma && englishQuestionWords.Has(t.Text) {
			return toks[k:]
		}
	}
	return toks
}

func latinWords(toks []analysis.Token) []string {
	var out []string
	for _, t := range toks {
		if isLatinWord(t.Text) {
			out = append(out, t.Text)
		}
	}
	return out
}
