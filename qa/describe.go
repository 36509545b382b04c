package qa

import (
	"iter"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/lang"
)

// Descriptions, a pass of the link stage: 那家做四足机器狗的公司 names no
// company but describes one. The words before 的 are ranked against the
// text on their own; the organisation named in the sentence that fits them
// best, of the kind the head noun says (公司, 大学), stands for the
// description from then on: it joins the question as an entity, and the
// describing words weigh less and stand for it, their work done.

// descriptionHeads are the nouns a description ends with; descriptionKinds
// those among them that only an organisation whose name ends with one of
// kindEndings[head] fits (大学: 厦门大学; 名校: a name ending with 大学,
// 学校 or 学院).
var (
	kindEndings      = parseKinds(questionCues["description kind"])
	descriptionKinds = lang.NewSet(sortedKeys(kindEndings)...)
	descriptionHeads = lang.NewSet(append(append(questionCues["description head"], sortedKeys(kindEndings)...), lang.DescriptionPlaces.Words()...)...)
	determiners      = lang.SectionSet("question-cues.txt", "description determiner")
	// longDeterminers are the determiners of two characters or more (那家,
	// not 那), which may open a description inside its clause.
	longDeterminers = slices.DeleteFunc(determiners.Words(), func(d string) bool { return utf8.RuneCountInString(d) < 2 })
)

// parseKinds reads the [description kind] lines: a head noun, then the
// endings of the names it fits (the head itself when none is given).
func parseKinds(lines []string) map[string][]string {
	m := make(map[string][]string, len(lines))
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) == 1 {
			m[f[0]] = f
		} else {
			m[f[0]] = f[1:]
		}
	}
	return m
}

func sortedKeys(m map[string][]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// minFit is the least share of a description's weight a sentence must
// cover (its cov, partial and context matches included) for the thing it
// names to be the one described. People describe in their own words, and
// some of them the text never uses (全国规模数一数二、保存最完整的老街区 of
// 中国现存规模最大、保存最完整的历史文化街区: 数一数二 and 全国 are met
// nowhere there), so about three fifths suffice: the sentence must still
// name an organisation of the text (of the head's kind where the head
// names one: 大学) or, for a place described, a place, and the decision
// still weighs whether the rest of the question is met.
const minFit = 0.6

// Weights of a resolved description's words.
const (
	describedScale = 0.5 // the describing words
	headScale      = 0.3 // the head noun (公司)
)

// resolveDescriptions finds descriptions among the question's concepts and
// adds the organisation each stands for.
func (m *asker) resolveDescriptions(q *query) {
	if q.multi {
		return // 哪两家…的公司 asks for several: no one name stands for them
	}
	for k, n := 0, len(q.concepts); k < n; k++ { // not the names added
		h := q.concepts[k]
		head, desc := m.description(q, k)
		if head == "" {
			continue
		}
		name := m.bestFit(q, desc, head, h.text)
		if name == "" {
			continue
		}
		aliases := m.tables.Aliases(name)
		// Together the describing words weigh at most one word: the
		// name they resolved to stands for them.
		scale := min(describedScale, 1/float64(len(desc)))
		for _, i := range desc {
			q.concepts[i].scale *= scale
			q.concepts[i].standFor(name, aliases)
		}
		q.concepts[k].scale *= headScale
		for _, i := range m.outerDescription(q, k) {
			q.concepts[i].scale *= describedScale
			q.concepts[i].standFor(name, aliases)
		}
		if lang.DescriptionPlaces.Has(head) {
			// 老街区 is said of 三坊七巷 wherever it is named; the place
			// that locates it, less.
			q.concepts[k].standFor(name, aliases)
			m.placeBefore(q, 0, k)
			m.locatingPlace(q, k, desc, name, aliases)
		}
		m.restatedHead(q, k, name, aliases)
		c := concept{text: name, alts: []string{name}, scale: 1, entity: true, start: h.start, end: h.end}
		for _, a := range aliases {
			c.addAlt(a, aliasFactor) // 国贸 of 国贸控股集团, in 国贸资本
		}
		q.concepts = append(q.concepts, c)
	}
}

// restatedHead makes a head noun that restates a resolved description
// stand for its name, and weighs it as a head: after the description, 的
// and up to maxQualifiers nouns of its clause (…街区之一的福州街区: 福州
// locates it, 街区 says again what it is), a head of the description's
// kind names the same thing, not a second one.
func (m *asker) restatedHead(q *query, k int, name string, aliases []string) {
	end := q.concepts[k].end
	if k+1 < len(q.concepts) && q.concepts[k+1].text == oneOf && q.concepts[k+1].start == end {
		end = q.concepts[k+1].end
	}
	if !strings.HasPrefix(q.norm[end:], "的") {
		return
	}
	at := end + len("的")
	for j := k + 1; j < len(q.concepts) && j <= k+1+maxQualifiers; j++ {
		c := q.concepts[j]
		if c.start < end {
			continue // 之一
		}
		if c.start != at {
			return
		}
		if descriptionHeads.Has(c.text) || lang.DescriptionPlaces.Has(c.text) {
			q.concepts[j].scale *= headScale
			q.concepts[j].standFor(name, aliases)
			from := 0
			if lang.DescriptionPlaces.Has(q.concepts[k].text) {
				from = k + 1 // those before the head: weighed less already
			}
			m.placeBefore(q, from, j)
			return
		}
		at = c.end
	}
}

// placeBefore weighs less a place of the text that locates a described
// place, among concepts from to k-1 and in the clause of concept k, the
// head (福州 of 福州那个保存最完整的老街区): the place resolved is in it,
// and sentences about it need not name it.
func (m *asker) placeBefore(q *query, from, k int) {
	head := q.concepts[k]
	clause := clauseStart(q.norm[:head.start])
	for i := from; i < k; i++ {
		if c := q.concepts[i]; c.start >= clause && c.entity && m.isPlace(c) {
			q.concepts[i].scale *= describedScale
		}
	}
}

// locatingPlace makes the place that locates a described place, the last
// place of the text in the clause before the description's words (福州 of
// 福州那个中国现存规模最大的历史文化街区之一), met wherever the place the
// description resolved to (name) is named: that place is in it (三坊七巷在…
// 方面的好经验 is of 福州). Places among the describing words, and those
// before the locating one (杭州 of 杭州和福州那个…), keep their own.
func (m *asker) locatingPlace(q *query, k int, desc []int, name string, aliases []string) {
	first := q.concepts[k].start
	for _, i := range desc {
		first = min(first, q.concepts[i].start)
	}
	clause := clauseStart(q.norm[:first])
	at := -1
	for i, c := range q.concepts[:k] {
		if c.start >= clause && c.end <= first && c.entity && m.isPlace(c) && (at < 0 || c.end > q.concepts[at].end) {
			at = i
		}
	}
	if at < 0 {
		return
	}
	q.concepts[at].addAlt(name, 1)
	for _, a := range aliases {
		q.concepts[at].addAlt(a, aliasFactor)
	}
}

// askedKind reports text ending with a cue that asks for a kind of thing
// (哪些, 什么样的): the noun after it is asked for, not described.
func askedKind(before string) bool { return categoryCueSet.HasSuffix(before) }

// categoryCueSet holds categoryCues: askedKind looks up the last runes of
// its text in it (most end with a rune no cue ends with), instead of
// trying each cue.
var categoryCueSet = lang.NewSet(categoryCues...)

// standFor makes a describing word stand for the name it resolved to: it
// said who, so it is met wherever the name is, and the sentence that
// described the name gains nothing over the others about it for having
// said the same (百年历史 of 那所有百年历史的大学 is 厦门大学's, in every sentence
// of 厦门大学). A name among the describing words keeps its own.
func (c *concept) standFor(name string, aliases []string) {
	if c.entity {
		return
	}
	c.alts = []string{name}
	c.altF = []float32{1}
	for _, a := range aliases {
		c.addAlt(a, aliasFactor)
	}
}

// description returns the head noun of a description that ends at
// concept k, and the indexes of its describing concepts; "" if there is
// none. Two shapes: describing words, 的 and a head noun (那家做机器狗的公司,
// …的那家实验室); and a noun ending with a head followed by 之一, "one of"
// (我国首批股份制商业银行之一: one of the nation's first joint-stock banks),
// or after a demonstrative or 的 (…世界500强的控股集团), whose words describe
// too.
func (m *asker) description(q *query, k int) (head string, desc []int) {
	h := q.concepts[k]
	switch {
	case descriptionHeads.Has(h.text) && (m.afterDe(q, k) || m.afterDeterminer(q, k)) && !askedKind(q.norm[:h.start]):
		// …的公司, or a demonstrative and describing words before the
		// head (那个重大科技创新平台), unless the head is the kind asked
		// for (这个领域有哪些企业, 之江是个什么性质的平台).
		head = h.text
		desc, _ = m.describing(q, k)
	default:
		// A noun ending with a kind, a kind of place or a head noun
		// (checked first: it is the cheaper test), one of them (之一),
		// after a demonstrative or after 的.
		hd, isKind := descriptionKinds.Suffix(h.text)
		if !isKind {
			hd, isKind = lang.DescriptionPlaces.Suffix(h.text) // 历史文化+街区
		}
		if !isKind {
			hd, isKind = descriptionHeads.Suffix(h.text) // 控股+集团
		}
		if !isKind || len(hd) == len(h.text) {
			return "", nil
		}
		// One of them, after a demonstrative, or after 的 (多年蝉联世界
		// 500强的控股集团) unless the noun is a name of the text.
		if !strings.HasPrefix(q.norm[h.end:], oneOf) && !m.afterDeterminer(q, k) && (!m.afterDe(q, k) || m.namesThing(h)) {
			return "", nil
		}
		d, ok := m.describing(q, k)
		if !ok {
			return "", nil
		}
		head, desc = hd, append(d, k)
		if k+1 < len(q.concepts) && q.concepts[k+1].text == oneOf && q.concepts[k+1].start == h.end {
			desc = append(desc, k+1) // 之一 of …街区之一 describes too
		}
	}
	if len(desc) == 0 {
		return "", nil
	}
	return head, desc
}

// afterDeterminer reports a noun k with a demonstrative before it in its clause and 的 nowhere between (那家
// 我国首批股份制商业银行: that bank of the nation's first joint-stock
// banks): its words describe what the demonstrative points at.
//
// Spoken Chinese may drop the 的 before a demonstrative (做四足机器人那家
// 公司): a demonstrative of two characters or more right before the head,
// with words of its clause before it and no 的, is such a description.
func (m *asker) afterDeterminer(q *query, k int) bool {
	s := q.norm[:q.concepts[k].start]
	start, back := descriptionStarts(s)
	if start = max(start, back); start > clauseStart(s) {
		return !strings.Contains(s[start:], "的")
	}
	inner := trimDeterminer(s)
	return utf8.RuneCountInString(s[len(inner):]) >= 2 && len(inner) > clauseStart(inner) && !strings.HasSuffix(inner, "的")
}

// afterDe reports a head noun k right after 的 (and a demonstrative, if
// any: …的那家实验室), or after 的 and up to maxQualifiers nouns in a row
// that qualify it (…创办的百年名校, …举国体制的重大科技创新平台).
func (m *asker) afterDe(q *query, k int) bool {
	before := func(at int) bool { return strings.HasSuffix(trimDeterminer(q.norm[:at]), "的") }
	if before(q.concepts[k].start) {
		return true
	}
	for j := k - 1; j >= 0 && j >= k-maxQualifiers; j-- {
		if q.concepts[j].end != q.concepts[j+1].start {
			return false
		}
		if before(q.concepts[j].start) {
			return true
		}
	}
	return false
}

// maxQualifiers is the most nouns between a description's 的 and its head.
const maxQualifiers = 3

// oneOf follows a noun that a description of one thing ends with.
const oneOf = "之一"

// trimDeterminer returns s without the demonstrative it ends with, if any
// (…的那家 -> …的).
func trimDeterminer(s string) string {
	d, _ := determiners.Suffix(s)
	return s[:len(s)-len(d)]
}

// describing returns the indexes of the concepts of the clause before
// head k, none of them a name (namesThing) but a person's: the
// description. A name of another thing among them means the question
// names what it asks about; a person describes an organisation as any
// word does (由王坚院士当主任的那个实验室).
// It is false, with no concepts, when the clause asks what kind (a cue)
// or names a thing; but when a demonstrative points back and the words
// before it name a thing, the words after it are the description alone
// (厦门大学旁边的那个厦门集团: 厦门).
func (m *asker) describing(q *query, k int) ([]int, bool) {
	clause, back := descriptionStarts(q.norm[:q.concepts[k].start])
	if cues.scan(q.norm[clause:q.concepts[k].start]) != 0 {
		return nil, false // 哪些类型的单位 asks what kind: a question, not a description
	}
	var out []int
	for i := k - 1; i >= 0; i-- {
		c := q.concepts[i]
		if c.start < clause {
			break
		}
		if c.locator || (c.name || m.namesThing(c)) && !m.personConcept(c) && !(i+1 < k && beforeTitle(q, i)) {
			if back >= 0 && c.start < back {
				// A name before the demonstrative: the words after it
				// describe alone (厦门大学旁边的那个厦门集团: 厦门).
				after := slices.DeleteFunc(out, func(j int) bool { return q.concepts[j].start < back })
				return after, len(after) > 0
			}
			return nil, false
		}
		out = append(out, i) // a person describes too (由王坚院士当主任的那个实验室)
	}
	return out, true
}

// personConcept reports a concept that is a person of the text, by its
// word or one it stands for (Wang Jian: 王坚).
func (m *asker) personConcept(c concept) bool {
	return slices.ContainsFunc(c.alts, m.isPerson)
}

// outerDescription returns the concepts of a clause with 的 before the
// demonstrative that opens a description (考察团在杭州看的 of 考察团在杭州看
// 的那家做四足机器人的企业): they describe the same thing, in other words,
// and no name of a person or an organisation is among them; nil if there
// is no such clause. k is the description's head.
func (m *asker) outerDescription(q *query, k int) []int {
	before := q.norm[:descriptionStart(q.norm[:q.concepts[k].start])]
	inner := trimDeterminer(before)
	if len(inner) == len(before) || !strings.HasSuffix(inner, "的") {
		return nil // no demonstrative, or no clause with 的 before it
	}
	clause := clauseStart(inner)
	var out []int
	for i, c := range q.concepts {
		if c.start < clause || c.end > len(inner) {
			continue
		}
		if (c.name || m.namesThing(c)) && !beforeTitle(q, i) {
			return nil
		}
		out = append(out, i)
	}
	return out
}

// beforeTitle reports concept i right before a title (中国工程院 of
// 由中国工程院院士担任主任的那家平台): with it, it says what a person is,
// and names no thing the question asks about.
func beforeTitle(q *query, i int) bool {
	return i+1 < len(q.concepts) && q.concepts[i+1].start == q.concepts[i].end && knowledge.IsTitle(q.concepts[i+1].text)
}

// descriptionStart returns where the description before a head noun
// begins in s, the question up to the head: after a demonstrative of two
// characters or more inside its clause (…看的那家做四足机器人的企业: 做四足
// 机器人), else at the clause's start; one that ends s (…的那家实验室), or
// that points back (see descriptionStarts), stands after the description.
func descriptionStart(s string) int {
	start, _ := descriptionStarts(s)
	return start
}

// descriptionStarts is descriptionStart, and also where the words after a
// demonstrative that points back begin (-1 if there is none). The last
// demonstrative of the clause points back when it follows 的 and no 的
// comes after it (…500强的那个厦门集团): it opens no description; the
// description begins where it would in the text before it, and the words
// after it, which only qualify the head (厦门), describe alone when those
// before it name a thing. Not …看的那家做四足机器人的企业, whose
// description follows the demonstrative.
func descriptionStarts(s string) (start, back int) {
	clause := clauseStart(s)
	inner := trimDeterminer(s)
	from, to := -1, clause
	for _, d := range longDeterminers {
		if i := strings.LastIndex(inner[clause:], d); i >= 0 && clause+i+len(d) > to {
			from, to = clause+i, clause+i+len(d)
		}
	}
	switch {
	case from < 0:
		return clause, -1
	case strings.HasSuffix(inner[:from], "的") && !strings.Contains(inner[to:], "的"):
		start, _ = descriptionStarts(inner[:from])
		return start, to
	}
	return to, -1
}

// namesThing reports a concept that names a person or an organisation of
// the text (itself or by an alias): a question that names what it asks
// about describes nothing. A place may be part of a description (中国近代第一所
// 由华侨创办的大学, 杭州那家…的实验室), and so may other terms (算力, a word
// no dictionary knows).
func (m *asker) namesThing(c concept) bool {
	for _, a := range c.alts {
		if k, ok := m.tables.Kind(a); ok && (k == knowledge.Person || k == knowledge.Org) || m.aliasNames[a] {
			return true
		}
	}
	return false
}

// bestFit ranks the describing concepts alone and returns the organisation
// named in the best-fitting sentences (the first three) whose kind fits the
// head noun and is not part of the question's own word not (a described
// kind of organisation: 股份制商业银行, and so 商业银行), or "".
func (m *asker) bestFit(q *query, desc []int, head, not string) string {
	// (The question's frame, pastPost and address, is no part of the
	// description's ranking: they stay false.)
	sub := query{norm: q.norm, cues: q.cues, kind: KindWhat, concepts: m.conceptSlice(len(desc))}
	for _, i := range desc {
		c := q.concepts[i]
		c.scale = 1
		sub.concepts = append(sub.concepts, c)
	}
	r := m.rank(sub)
	defer m.recycle(r) // (its buffers go back to the pool: only a name is returned)
	var words []string // the describing words that are no place (厦门 of 厦门还在建的机场 locates it)
	for _, c := range sub.concepts {
		if !m.isPlace(c) {
			words = append(words, c.text)
		}
	}
	for n, c := range r.cands {
		if n == 3 || c.cov < minFit {
			break
		}
		norm := m.text.sentence(c.id).Norm
		if lang.DescriptionPlaces.Has(head) {
			if !containsAny(norm, placeKinds) {
				continue // 福州很有名: 知名高校 of 赴福州…拜访…知名高校 tells of no 老街区
			}
			if name := m.describedPlaceIn(norm, q); name != "" {
				return name
			}
			continue
		}
		name := m.orgIn(norm, head, not, words)
		if _, strict := kindEndings[head]; name != "" && !strict && !strings.HasSuffix(name, head) && m.opensWithPronoun(c.id) {
			// 其与台湾统一证券联合发起设立的…: the 集团 described is the
			// one of the sentence before, which 其 stands for.
			if before := m.orgIn(m.text.sentence(c.id-1).Norm, head, not, words); strings.HasSuffix(before, head) {
				return before
			}
		}
		if name != "" {
			return name
		}
	}
	return ""
}

// placeKinds are the words of lang.DescriptionPlaces: a sentence that
// holds none (街区 of 历史文化街区) says of no place which of that kind is
// meant.
var placeKinds = lang.DescriptionPlaces.Words()

// opensWithPronoun reports whether sentence id refers back with a pronoun
// (其, lang.Pronouns): it is about the one thing the sentence before is.
func (m *asker) opensWithPronoun(id uint32) bool {
	if !m.refersBack(id) {
		return false
	}
	_, ok := lang.Pronouns.Prefix(m.text.sentence(id).Norm)
	return ok
}

// orgIn returns the organisation of the text named in norm whose kind
// fits head: one ending with head if head names a kind (大学 for 厦门大学),
// any if it is generic (公司, 企业, 集团). One whose name begins with a
// describing word comes after the others: the description named its kind
// (首批股份制的银行: 兴业银行, not 股份制商业银行 of 兴业银行是我国首批股份制
// 商业银行之一). Then a generic head a name ends with comes first (集团:
// 金圆集团), then the longest name, then the first of the text's terms.
func (m *asker) orgIn(norm, head, not string, describing []string) string {
	endings, strict := kindEndings[head]
	best, bestRunes, bestHolds, bestEnds := "", 0, true, false
	for w := range m.orgsIn(norm) {
		n := utf8.RuneCountInString(w)
		if strict && !endsWithAny(w, endings) || strings.Contains(not, w) {
			continue
		}
		holds := slices.ContainsFunc(describing, func(d string) bool { return strings.HasPrefix(w, d) })
		// A name that ends with the head (金圆集团 of 集团) says its kind;
		// a phrase of everyday words that does (证券公司) names none.
		ends := strings.HasSuffix(w, head) && !m.base.Lexicon.Common(strings.TrimSuffix(w, head))
		switch {
		case best == "", bestHolds && !holds,
			holds == bestHolds && ends && !bestEnds,
			holds == bestHolds && ends == bestEnds && (n > bestRunes || n == bestRunes && m.termBefore(w, best)):
			best, bestRunes, bestHolds, bestEnds = w, n, holds, ends
		}
	}
	return best
}

// describedPlaceIn returns the longest place of the text named in norm
// that holds no name of the question q (福州三坊七巷 holds 福州: 三坊七巷 is
// taken) and is no kind of place described (历史文化街区 ends with 街区): the
// place a description of one stands for.
func (m *asker) describedPlaceIn(norm string, q *query) string {
	best, bestRunes := "", 0
	for w := range namesIn(norm, m.nameStarts()) {
		n := utf8.RuneCountInString(w)
		if n <= bestRunes {
			continue
		}
		if k, ok := m.tables.Kind(w); !ok || k != knowledge.Place || lang.DescriptionPlaces.HasSuffix(w) || lang.GenericPlaces.Has(w) ||
			slices.ContainsFunc(q.concepts, func(c concept) bool {
				return c.entity && slices.ContainsFunc(c.alts, func(a string) bool { return strings.Contains(w, a) })
			}) {
			continue
		}
		best, bestRunes = w, n
	}
	return best
}

// orgsIn yields, in order, the organisations of the text named in norm
// (namesIn of orgStarts that the tables tag Org).
func (m *asker) orgsIn(norm string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for w := range namesIn(norm, m.orgStarts()) {
			if k, ok := m.tables.Kind(w); ok && k == knowledge.Org && !yield(w) {
				return
			}
		}
	}
}

// namesIn yields, in order, each stretch of norm of two runes or more that
// begins with a rune of starts and is no longer than starts gives for it:
// the stretches that may be names of the text, for the caller to look up
// (orgStarts, nameStarts; nil starts yield nothing).
func namesIn(norm string, starts map[rune]int) iter.Seq[string] {
	return func(yield func(string) bool) {
		for i, r := range norm {
			longest := starts[r]
			j, n := i, 0
			for _, r2 := range norm[i:] {
				if n == longest {
					break
				}
				j += utf8.RuneLen(r2)
				n++
				if n >= 2 && !yield(norm[i:j]) {
					return
				}
			}
		}
	}
}

// endsWithAny reports whether w ends with one of endings.
func endsWithAny(w string, endings []string) bool {
	return slices.ContainsFunc(endings, func(e string) bool { return strings.HasSuffix(w, e) })
}

// orgStarts returns, for each rune an organisation of the text begins
// with, the length in runes of the longest that does (found once).
func (m *model) orgStarts() map[rune]int {
	m.findStarts()
	return m.orgStartRunes
}

// nameStarts is orgStarts of every name of the text: a person, an
// organisation, a place or another proper noun; nil for a text of more
// than maxStartTerms terms, whose walk would cost more than it saves.
func (m *model) nameStarts() map[rune]int {
	if m.tables.NumTerms() > maxStartTerms {
		return nil
	}
	m.findStarts()
	return m.nameStartRunes
}

// maxStartTerms is the most terms nameStarts walks.
const maxStartTerms = 1 << 12

// findStarts makes orgStarts and nameStarts, once: one walk over the
// text's terms.
func (m *model) findStarts() {
	m.startsOnce.Do(func() {
		m.orgStartRunes, m.nameStartRunes = map[rune]int{}, map[rune]int{}
		for term, kind := range m.tables.Terms {
			if kind > knowledge.Place {
				continue
			}
			r, _ := utf8.DecodeRuneInString(term)
			n := utf8.RuneCountInString(term)
			m.nameStartRunes[r] = max(m.nameStartRunes[r], n)
			m.nameStartBits.add(r)
			if kind == knowledge.Org {
				m.orgStartRunes[r] = max(m.orgStartRunes[r], n)
			}
		}
	})
}

// termBefore reports whether term a comes before term b in the text's
// terms (the order orgIn breaks ties in).
func (m *asker) termBefore(a, b string) bool { return m.tables.TermOrder(a) < m.tables.TermOrder(b) }
