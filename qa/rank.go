package qa

import (
	"cmp"
	"container/heap"
	"iter"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lang"
)

// The ranking's parameters: one configuration for every question.
const (
	// aliasFactor discounts a match through an alias or synonym.
	aliasFactor = float32(0.95)
	// gramFactor discounts a match by characters rather than by word.
	gramFactor = float32(0.9)
	// unigramMatch is the credit of a one-character concept found inside
	// another word.
	unigramMatch = float32(0.6)
	// paraFactor and sectionFactor credit a concept found elsewhere in the
	// sentence's paragraph or section (the text around it); a name found
	// only elsewhere in the section gets entitySectionFactor.
	paraFactor          = 0.4 // 0.5 until the twenty-fifth round (README)
	sectionFactor       = 0.3
	entitySectionFactor = 0.15
	titleSectionFactor  = 0.9
	// locatorSectionFactor credits the topic a locator sets (人才那块) found
	// elsewhere in the sentence's section: the topic holds for the whole
	// section, but the sentence that names it says more of it.
	locatorSectionFactor = 0.9
	// oovFactor scales the weight of a concept found nowhere in the text.
	oovFactor = 0.6
	// governingFactor scales again the weight of a verb found nowhere that
	// governs the kind asked for (奉行 of 奉行什么战略: concept.governsKind).
	governingFactor = 0.5
	// charFactor credits a concept found nowhere as a word by the share of
	// its characters a sentence has (仓库 and 海外仓, 睡眠 and 失眠), counting
	// only characters in at most a quarter of the sentences.
	charFactor = float32(0.4)
	// typePenalty scales a sentence that lacks the kind of answer asked for.
	typePenalty = 0.75
	// The lead is the first candidate in rank holding minEntity of the
	// weight of the names the question mentions and minPredicate of the
	// rest (what it asks about them); sentences quoted together for a
	// question of several things must reach a share of minScore. Whether
	// to answer at all is the decide stage's (decide.go), not these.
	minScore     = 0.45
	minEntity    = 0.5
	minPredicate = 0.3
	// lengthBias lowers long sentences, which match much by chance: a
	// sentence of twice the average length scores 1/(1+lengthBias) as much.
	// The lead sentence is no exception. (0.2, half for the lead, until
	// the twenty-fifth round: README.)
	lengthBias = 0.1
	// relatedRatio admits further sentences scoring this close to the best.
	relatedRatio = 0.8
	// multiGain is the least share of the question a further sentence must
	// add to be quoted for a question that asks for several things.
	multiGain = 0.15
	// maxCitations bounds the sentences quoted.
	maxCitations = 3
)

// scored is a candidate sentence.
type scored struct {
	id       uint32
	cov      float64   // share of the question's weight the sentence covers
	entCov   float64   // share of the weight of the names the question mentions
	predCov  float64   // share of the weight of the rest
	evidence float64   // weight covered
	typeOK   bool      // holds the kind of answer asked for
	score    float64   // cov, lowered when the kind of answer is missing
	rank     float64   // score, lowered for long sentences: the order of candidates
	per      []float64 // match of each concept, with context
	// expanded is the weight covered only through an alias or a related
	// word; context is set when some concept counts only as found in the
	// paragraph or section around the sentence.
	expanded float64
	context  bool
}

// commonPostings: keys with more postings than this and than a share of the
// base are too common to be worth their matches by character.
const commonPostings = 256

// cover sets what a sentence covers of the question from the match of
// each concept (c.per): the weight covered, its share of the whole, of the
// entities' weight and of the rest's (1 where the question has none).
func (c *scored) cover(q query, weights []float64) {
	total, entTotal, ent := 0.0, 0.0, 0.0
	c.evidence = 0
	for i := range q.concepts {
		con := &q.concepts[i] // (not copied: a concept is 104 bytes)
		total += weights[i]
		c.evidence += weights[i] * c.per[i]
		// A name set aside (除了杜书记,还有谁) need not be met: it is no
		// name the sentence must hold, and counts with the rest, at the
		// weight of what is set aside, as any word set aside does.
		// (Leaving it out of the rest's share too was tried: six
		// answers that the decision model, fitted on these shares, took
		// were declined.)
		if con.entity && !con.aside {
			entTotal += weights[i]
			ent += weights[i] * c.per[i]
		}
	}
	c.cov, c.entCov, c.predCov = 0, 1, 1
	if total > 0 {
		c.cov = c.evidence / total
	}
	if entTotal > 0 {
		c.entCov = ent / entTotal
	}
	if total-entTotal > 1e-9 {
		c.predCov = (c.evidence - ent) / (total - entTotal)
	}
}

// maxCandidates bounds the sentences scored in full: the others, ranked
// by the weight their own words cover, cannot reach the best.
const maxCandidates = 200

// idf is BM25's inverse document frequency for a key in df of n sentences.
func idf(df, n int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// ranking is the rank stage's result: the candidates best first, the
// weight of each concept, and whether each concept is found anywhere in the
// text.
type ranking struct {
	cands   []scored
	weights []float64
	found   []bool
	bufs    *rankBufs // what cands, their matches, found and the picked candidates are kept in (recycle)
}

// rankBufs hold a ranking's candidates, the matches of each concept in
// them (scored.per), whether each concept is found (ranking.found) and the
// candidates picked to quote, kept for the next question once the one
// that ranked is answered (recycle): about a fifth of the bytes a question
// allocates.
type rankBufs struct {
	cands  []scored
	per    []float64
	found  []bool
	picked []scored
}

// rankBufs returns the buffers of a ranking, from the model's pool when it
// has some.
func (m *asker) rankBufs() *rankBufs {
	b, _ := m.rankPool.Get().(*rankBufs)
	if b == nil {
		b = &rankBufs{}
	}
	return b
}

// size makes room for n candidates and np matches (zero).
func (b *rankBufs) size(n, np int) {
	if cap(b.cands) < n {
		b.cands = make([]scored, 0, n)
	}
	if cap(b.per) < np {
		b.per = make([]float64, np)
	}
	b.per = b.per[:np]
	clear(b.per)
}

// foundFor returns b's found for nc concepts, all false.
func (b *rankBufs) foundFor(nc int) []bool {
	if cap(b.found) < nc {
		b.found = make([]bool, nc)
	}
	b.found = b.found[:nc]
	clear(b.found)
	return b.found
}

// pickedBuf returns an empty slice with room for maxCitations candidates
// to quote, from r's buffers when it has some: it goes back with them
// (recycle).
func (r ranking) pickedBuf() []scored {
	if r.bufs == nil {
		return make([]scored, 0, maxCitations)
	}
	if cap(r.bufs.picked) < maxCitations {
		r.bufs.picked = make([]scored, 0, maxCitations)
	}
	return r.bufs.picked[:0]
}

// recycle gives r's buffers back to the model's pool: r, its candidates,
// its found and the candidates pick returned must not be read after.
func (m *asker) recycle(r ranking) {
	if r.bufs != nil {
		m.rankPool.Put(r.bufs)
	}
}

// rank scores the sentences that match a concept of the question, best
// first; ties go to the earlier sentence.
func (m *asker) rank(q query) ranking {
	nc := len(q.concepts)
	sc := m.getScratch(nc)
	defer m.putScratch(sc, nc)
	sc.aboutReport = m.aboutReport(q)
	bufs := m.rankBufs()
	found := bufs.foundFor(nc)
	weights, total := m.weigh(sc, q, found)
	if total == 0 {
		return ranking{weights: weights, found: found, bufs: bufs}
	}
	cands := m.candidates(sc, q, weights, total)
	need := kindFeature(q.kind)
	if q.kind == KindWho && q.partner {
		need |= knowledge.HasOrg
	}
	if q.kind == KindWho && !asksWhichOne(q) {
		need |= knowledge.HasPeople // 什么人创办的: 华侨
	}
	if asksForCity(q) {
		need = knowledge.HasNamedPlace
	}
	test := m.answersKind(q)
	if test == nil {
		test = m.whoByOrg(q, need)
	}
	// (The test is made before ctx: a closure over ctx would take ctx,
	// and its plans with it, to the heap.)
	test = m.frameTest(q, test, need)
	ctx := rankContext{m: m, sc: sc, q: q, need: need, answersKind: test, places: m.conceptPlaces(q.concepts)}
	var plans [16]conceptPlan
	ctx.plans = ctx.plan(plans[:0]) // (on the stack for up to 16 concepts)
	bufs.size(len(cands), nc*len(cands))
	out, per := bufs.cands[:0], bufs.per
	for k, id := range cands {
		if q.kind == KindTitle && m.tables.Row(id).Kind != knowledge.Heading {
			continue
		}
		out = append(out, ctx.score(id, per[k*nc:(k+1)*nc:(k+1)*nc], weights))
	}
	sortByRank(out)
	bufs.cands = out
	return ranking{cands: out, weights: weights, found: found, bufs: bufs}
}

// byRank orders candidates best first; ties go to the earlier sentence
// (byKey on their keys).
func byRank(a, b *scored) int {
	return byKey(rankKey{rank: a.rank, id: a.id}, rankKey{rank: b.rank, id: b.id})
}

// rankKey is what byRank reads of a candidate, and where it is: sorting
// keys, sixteen bytes each side by side, reads far less memory than
// reaching into candidates of about a hundred bytes.
type rankKey struct {
	rank float64
	id   uint32
	at   uint16
}

// byKey orders keys best first, ties to the earlier sentence: the order
// of byRank.
func byKey(a, b rankKey) int {
	switch {
	case a.rank > b.rank:
		return -1
	case a.rank < b.rank:
		return 1
	}
	return cmp.Compare(a.id, b.id)
}

// sortByRank sorts cands byRank, as slices.SortFunc would, element for
// element: it sorts their keys with the same comparisons (byKey), so the
// same permutation comes out whatever the ranks (NaN and ties included),
// then moves each candidate once, a cycle of the permutation at a time.
// A candidate is about a hundred bytes, too many to swap back and forth.
func sortByRank(cands []scored) {
	var buf [maxCandidates]rankKey
	if len(cands) > len(buf) {
		slices.SortFunc(cands, func(a, b scored) int { return byRank(&a, &b) })
		return
	}
	keys := buf[:len(cands)]
	for k := range keys {
		keys[k] = rankKey{rank: cands[k].rank, id: cands[k].id, at: uint16(k)}
	}
	slices.SortFunc(keys, byKey)
	for i := range keys { // cands[j] becomes the old cands[keys[j].at]
		if int(keys[i].at) == i {
			continue
		}
		held := cands[i]
		for j := i; ; {
			k := int(keys[j].at)
			keys[j].at = uint16(j) // placed
			if k == i {
				cands[j] = held
				break
			}
			cands[j] = cands[k]
			j = k
		}
	}
}

// weigh finds every concept's matches and weighs it by how rare it is in
// the text (BM25's idf); a concept found nowhere keeps oovFactor of the
// weight of the rarest, so that it counts against every sentence. It sets
// found (one a concept) to whether each is found.
func (m *asker) weigh(sc *scratch, q query, found []bool) (weights []float64, total float64) {
	nc := len(q.concepts)
	weights = m.floatSlice(nc)[:nc] // (every weight is set below)
	for i, c := range q.concepts {
		m.matches(sc, i, c)
		df := 0
		for _, id := range sc.touched[i] {
			if sc.direct[i][id] >= 0.5 {
				df++
			}
		}
		for _, ca := range sc.common[i] {
			if ca.f >= 0.5 {
				df = max(df, ca.n)
			}
		}
		weights[i] = idf(df, m.n) * c.scale
		found[i] = df > 0
		if df == 0 {
			weights[i] *= oovFactor
			if c.governsKind {
				weights[i] *= governingFactor // 奉行 of 奉行什么战略: 战略 says it
			}
		}
		total += weights[i]
	}
	return weights, total
}

// candidates returns the sentences the question's weightier concepts
// match. Those that only its lightest concepts (a quarter of its weight)
// match cannot lead; on a small base every match is a candidate. At most
// maxCandidates are kept: those whose own words cover most.
func (m *asker) candidates(sc *scratch, q query, weights []float64, total float64) []uint32 {
	nc := len(q.concepts)
	var buf [16]int
	order := buf[:0] // (on the stack for a question of up to 16 concepts)
	touched := 0
	for i := range nc {
		order = append(order, i)
		touched += len(sc.touched[i])
	}
	essential := nc
	if touched > 4*maxCandidates {
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(weights[b], weights[a]) }) // heaviest first
		rest := total
		for k, i := range order {
			rest -= weights[i]
			if rest <= 0.25*total {
				essential = k + 1
				break
			}
		}
	}
	for _, i := range order[:essential] {
		for _, id := range sc.touched[i] {
			sc.mark(id)
		}
	}
	if q.kind == KindTitle {
		for _, id := range m.headings() {
			sc.mark(id)
		}
	}
	if len(sc.cands) == 0 {
		m.commonCandidates(sc, q)
	}
	cands := sc.cands
	if len(cands) > maxCandidates {
		// Keep those whose own words cover most; ties by position.
		ess := order[:essential]
		w := make([]float32, len(ess))
		for k, i := range ess {
			w[k] = float32(weights[i])
		}
		own := func(id uint32) float64 {
			var sum float32
			for k, i := range ess {
				sum += w[k] * sc.matched(i, id)
			}
			return float64(sum)
		}
		cands = topK(cands, own, maxCandidates)
	}
	return cands
}

// commonCandidates makes candidates of the sentences of the rarest
// alternative too common to read (maxRead), when no concept has any other
// match: a question of nothing but the commonest words of a large base.
func (m *asker) commonCandidates(sc *scratch, q query) {
	var rarest *commonAlt
	for i := range q.concepts {
		for k, ca := range sc.common[i] {
			if rarest == nil || ca.n < rarest.n {
				rarest = &sc.common[i][k]
			}
		}
	}
	if rarest == nil {
		return
	}
	for _, p := range m.text.word(rarest.alt) {
		sc.mark(p.ID)
	}
}

// rankContext is what scoring a candidate needs of one question.
type rankContext struct {
	m    *asker
	sc   *scratch
	q    query
	need knowledge.Features // the kind of answer asked for, as a sentence feature
	// answersKind, if set, says whether a sentence holds the kind of
	// answer asked for where need alone does not say it: the measure or
	// the kind of time (多少人, 哪一年), an amount the question does not
	// state, or for who did something an organisation it does not name.
	answersKind func(id uint32) bool
	// places holds the place of the text each concept names (placeOf),
	// nil when none does.
	places []string
	// plans holds what score reads of each concept for every candidate.
	plans []conceptPlan
}

// conceptPlan is what score reads of a concept for every candidate,
// worked out once a question (rankContext.plan).
type conceptPlan struct {
	// secFactor credits its best match elsewhere in the section.
	secFactor float64
	// city: it is a kind of place asked for that is a city (asksCity);
	// place: it names a place of the text (isPlace). Both are set only
	// when some concept of the question is a kind of place (placeKind):
	// only then does score read them.
	city, place bool
}

// plan appends to dst the plan of each concept of the question.
func (x *rankContext) plan(dst []conceptPlan) []conceptPlan {
	placeKind := slices.ContainsFunc(x.q.concepts, func(c concept) bool { return c.placeKind })
	for i := range x.q.concepts {
		con := &x.q.concepts[i] // (not copied: a concept is 104 bytes)
		p := conceptPlan{secFactor: sectionFactor}
		switch {
		case x.q.kind == KindTitle:
			p.secFactor = titleSectionFactor
		case con.locator:
			p.secFactor = locatorSectionFactor
		case con.entity:
			p.secFactor = entitySectionFactor
		}
		if placeKind {
			p.city = con.placeKind && asksCity(*con)
			p.place = x.m.isPlace(*con)
		}
		dst = append(dst, p)
	}
	return dst
}

// inPara is the best match of concept i in the paragraph of s.
func (x *rankContext) inPara(i int, s knowledge.Row) float64 {
	if len(x.sc.touched[i]) == 0 {
		return 0 // (direct holds a match only where touched says)
	}
	best := float32(0)
	for _, v := range x.sc.direct[i][s.ParaFirst:s.ParaEnd] {
		best = max(best, v)
	}
	return float64(best)
}

// inSection is the best match of concept i in section sec: the question's
// first look at a section finds every concept's (sectionBests).
func (x *rankContext) inSection(i int, sec int32) float64 {
	if x.sc.secSeen[sec] != x.sc.epoch {
		x.sectionBests(sec)
	}
	return float64(x.sc.secBest[i][sec])
}

// sectionBests sets secBest[i][sec], for every concept i of the question,
// to its best match in section sec (leaving headings out for a question
// for a title), reading the sentences the concept matches when they are
// fewer than the section's (direct holds a match only there).
func (x *rankContext) sectionBests(sec int32) {
	sc, m := x.sc, x.m
	first, end, _ := m.tables.Section(int(sec))
	skip := func(id uint32) bool { return x.q.kind == KindTitle && m.tables.Row(id).Kind == knowledge.Heading }
	for i := range x.q.concepts {
		best, d := float32(0), sc.direct[i]
		if touched := sc.touched[i]; uint32(len(touched)) < end-first {
			for _, id := range touched {
				if id >= first && id < end && !skip(id) {
					best = max(best, d[id])
				}
			}
		} else {
			for id := first; id < end; id++ {
				if !skip(id) {
					best = max(best, d[id])
				}
			}
		}
		sc.secBest[i][sec] = best
	}
	sc.secSeen[sec] = sc.epoch
}

// commonMatch is the match of concept i in sentence id, v (via an
// alternative if via) or better through an alternative too common to read
// whose text the sentence holds.
func (x *rankContext) commonMatch(i int, id uint32, v float64, via bool) (float64, bool) {
	norm := x.m.text.sentence(id).Norm
	for _, ca := range x.sc.common[i] {
		if float64(ca.f) > v && strings.Contains(norm, ca.alt) {
			v, via = float64(ca.f), ca.via
		}
	}
	return v, via
}

// answersKind returns the test of a sentence for the measure or kind of
// time a question asks for, or nil. A count of places is answered by a
// sentence that lists them. An amount asked for each of several
// (各出资多少, 厦大自己出资多少) is a share, which a sentence of one amount
// (a total) does not give: it needs two. An amount of the measure asked
// that the question states itself (statedFigures) answers nothing: the
// sentence needs a figure besides.
func (m *asker) answersKind(q query) func(id uint32) bool {
	test := m.amountTest(q)
	if q.kind != KindNumber && q.kind != KindMoney || q.holds(rankList) {
		return test
	}
	stated := statedFigures(q)
	if len(stated) == 0 {
		return test
	}
	// An amount of the measure asked for that the question states is not
	// its answer (锡创投在5亿元的基金里出多少钱: not 规模5亿元): the
	// sentence needs another figure.
	need, shares := kindFeature(q.kind), q.unit == "%"
	return func(id uint32) bool {
		if !m.holdsKind(test, need, id) {
			return false
		}
		var buf [8]string
		return slices.ContainsFunc(figures(m.text.sentence(id).Norm, shares, buf[:0]), func(f string) bool { return !slices.Contains(stated, f) })
	}
}

// whoByOrg returns, for a question of who did something, the test of a
// sentence that holds need or an organisation the question does not name
// (谁批准的: 中国证监会 answers as a person does); nil for another question,
// one of who holds a post (老板是谁), one that asks a person by name (哪位)
// or a partner (跟谁合作: need has organisations already).
func (m *asker) whoByOrg(q query, need knowledge.Features) func(id uint32) bool {
	if q.kind != KindWho || q.partner || asksWhichOne(q) || m.asksPost(q) {
		return nil
	}
	own := m.ownNames(q.concepts)
	return func(id uint32) bool {
		f := m.tables.Row(id).Features
		return f&need != 0 || f&knowledge.HasOrg != 0 && m.otherOrgIn(m.text.sentence(id).Norm, own)
	}
}

// asksPost reports a question of who holds a post (老板是谁, 董事长是谁):
// a title or a word for a person or a head among its concepts or in its
// text (the analyzer may cut one it lacks into characters: 董+事+长).
func (m *asker) asksPost(q query) bool {
	return slices.ContainsFunc(q.concepts, func(c concept) bool { return personWords.Has(c.text) }) ||
		q.holds(titleList) || q.holds(headList)
}

// titleWords and headWords are lang.Titles' and lang.HeadWords' words.
var titleWords, headWords = lang.Titles.Words(), lang.HeadWords.Words()

// The cueLists of the cues looked for in a whole question (query.holds).
var (
	titleList    = newCueList(titleWords)
	headList     = newCueList(headWords)
	rankList     = newCueList(rankCues)
	calledList   = newCueList(calledCues)
	whichOneList = newCueList(whichOneCues)
)

// ownNames returns the names of people and organisations among the
// question's concepts, each with its aliases (not places: 无锡 of 无锡考察团
// does not make 无锡日报 the question's own).
func (m *asker) ownNames(cs []concept) []string {
	var own []string
	for _, c := range cs {
		if c.entity && !m.isPlace(c) {
			own = append(own, c.alts...)
		}
	}
	return own
}

// otherOrgIn reports whether norm names an organisation of the text that
// is no part of a name of own and holds none.
func (m *asker) otherOrgIn(norm string, own []string) bool {
	for w := range m.orgsIn(norm) {
		if !slices.ContainsFunc(own, func(a string) bool { return strings.Contains(w, a) || strings.Contains(a, w) }) {
			return true
		}
	}
	return false
}

// figures appends to buf the amounts of norm (amountRuns), or its shares
// (80 of 80%) if shares.
func figures(norm string, shares bool, buf []string) []string {
	for i, j := range digitRuns(norm) {
		keep := !dateOrShare(norm[j:])
		if shares {
			keep = strings.HasPrefix(norm[j:], "%")
		}
		if keep {
			buf = append(buf, norm[i:j])
		}
	}
	return buf
}

// moneyUnits are the units after an amount of money (5亿元).
var moneyUnits = []string{"元", "美元", "块"}

// statedFigures returns the figures a question of an amount states in the
// measure it asks for: of money for how much money, of its unit for how
// many (几架次 of a question that says 38万架次); none for how many with no
// unit.
func statedFigures(q query) []string {
	units := moneyUnits
	if q.kind == KindNumber {
		if q.unit == "" {
			return nil
		}
		units = answeringUnits(q.unit)
	}
	var stated []string
	for i, j := range digitRuns(q.norm) {
		rest := strings.TrimLeft(q.norm[j:], " 万亿千百多余")
		if slices.ContainsFunc(units, func(u string) bool { return strings.HasPrefix(rest, u) }) {
			stated = append(stated, q.norm[i:j])
		}
	}
	return stated
}

// amountTest is answersKind without the figures the question states.
func (m *asker) amountTest(q query) func(id uint32) bool {
	base := m.kindTest(q)
	need := kindFeature(q.kind)
	if q.kind == KindNumber && slices.ContainsFunc(q.concepts, func(c concept) bool { return c.placesAsked }) {
		// How many cities: the list of them answers (赴福州、厦门、杭州等地).
		return func(id uint32) bool {
			f := m.tables.Row(id).Features
			return f&knowledge.HasPlaceList != 0 || base != nil && base(id) || base == nil && f&need != 0
		}
	}
	if !q.distributive || q.kind != KindNumber && q.kind != KindMoney {
		return base
	}
	return func(id uint32) bool {
		if !m.holdsKind(base, need, id) {
			return false
		}
		return numberRuns(m.text.sentence(id).Norm) >= 2
	}
}

// holdsKind reports whether sentence id holds the kind of answer asked:
// test's verdict, or, with no test, the features need (any sentence when
// none is needed), as score reads them.
func (m *asker) holdsKind(test func(id uint32) bool, need knowledge.Features, id uint32) bool {
	if test != nil {
		return test(id)
	}
	return need == 0 || m.tables.Row(id).Features&need != 0
}

// numberRuns counts the amounts in norm (amountRuns).
func numberRuns(norm string) int {
	n := 0
	for range amountRuns(norm) {
		n++
	}
	return n
}

// amountRuns yields the start and end in norm of each amount: a run of
// digits (digitRuns) that is no year or date (2024年, 4月) and no share
// (80%).
func amountRuns(norm string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for i, j := range digitRuns(norm) {
			if !dateOrShare(norm[j:]) && !yield(i, j) {
				return
			}
		}
	}
}

// dateOrShare reports whether after, what follows a number, makes it a
// year, a date or a share (年, 月, 日, 号, %).
func dateOrShare(after string) bool {
	r, _ := utf8.DecodeRuneInString(after)
	return strings.ContainsRune("年月日号%", r)
}

// digitRuns yields the start and end in norm of each run of digits, a
// point or a comma between digits part of it (1.5亿, 10,000).
func digitRuns(norm string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for i := 0; i < len(norm); {
			if !isDigit(norm[i]) {
				i++
				continue
			}
			j := i + 1
			for j < len(norm) && (isDigit(norm[j]) || (norm[j] == '.' || norm[j] == ',') && j+1 < len(norm) && isDigit(norm[j+1])) {
				j++
			}
			if !yield(i, j) {
				return
			}
			i = j
		}
	}
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// kindTest returns the test of a sentence for the measure or kind of time
// a question asks for, or nil; amountTest adds the test for shares.
func (m *asker) kindTest(q query) func(id uint32) bool {
	var called []string
	if q.kind == KindWho && q.holds(calledList) {
		called = m.calledPerson(q)
	}
	switch {
	case called != nil:
		// 校长叫什么名字: the name beside the title, not any name.
		return func(id uint32) bool { return m.nameBeside(m.text.sentence(id).Norm, called) }
	case q.kind == KindNumber && q.unit != "":
		rank, unit := q.holds(rankList), q.unit // (the test keeps the unit, not q: q stays off the heap)
		amount := newAmountCheck(unit, m.countedWords(q))
		return func(id uint32) bool {
			norm := m.text.sentence(id).Norm
			return amount.in(norm) || rank && firstBefore(norm, unit)
		}
	case q.unit == "" && q.holds(rankList):
		// 排名第几: a place in an order, 第 and a number or a first (首家).
		return func(id uint32) bool { return hasOrdinal(m.text.sentence(id).Norm) }
	case q.kind == KindWhen && q.time == TimeYear:
		return func(id uint32) bool { return m.tables.Row(id).Features&knowledge.HasYear != 0 }
	case q.kind == KindWhen && q.time == TimeDate:
		return func(id uint32) bool { return m.tables.Row(id).Features&knowledge.HasDate != 0 }
	case q.kind == KindWhen && q.time == TimeSince:
		return func(id uint32) bool { return m.tables.Row(id).Features&knowledge.HasSince != 0 }
	case q.kind == KindWhen && q.time == TimePoint:
		return func(id uint32) bool { return m.tables.Row(id).Features&knowledge.HasPoint != 0 }
	}
	return nil
}

// countedWords returns the words of the question's concepts that name no
// entity, what a count in a classifier counts (amountCheck.counted): none
// when its unit is no classifier that counts, as newAmountCheck reads them
// only then. The slice is carved from the question's buffers, not to be
// kept past it.
func (m *asker) countedWords(q query) []string {
	if !slices.Contains(countClassifiers, q.unit) {
		return nil
	}
	n := 0
	for _, c := range q.concepts {
		if !c.entity {
			n += len(c.alts)
		}
	}
	counted := m.stringSlice(n)
	for _, c := range q.concepts {
		if !c.entity {
			counted = append(counted, c.alts...)
		}
	}
	return counted
}

// score scores sentence id: each concept's match in it or, partly, in the
// text around it (its paragraph, its section), what that covers of the
// question, whether it holds the kind of answer asked for, and its rank.
func (x *rankContext) score(id uint32, per []float64, weights []float64) scored {
	m, sc, q := x.m, x.sc, x.q
	s := m.tables.Row(id)
	c := scored{id: id, per: per}
	sec := s.Section
	for i := range q.concepts {
		con := &q.concepts[i] // (not copied: a concept is 104 bytes)
		v := float64(sc.direct[i][id])
		via := sc.viaAlt[i][id]
		if len(sc.common[i]) > 0 {
			v, via = x.commonMatch(i, id, v, via)
		}
		direct := v
		if p := paraFactor * x.inPara(i, s); p > v {
			v = p
		}
		if sec >= 0 {
			if p := x.plans[i].secFactor * x.inSection(i, sec); p > v {
				v = p
			}
			if x.places != nil && x.places[i] != "" && v < stopFactor {
				v = math.Max(v, x.stopMatch(i, id, sec))
			}
		}
		if x.plans[i].city {
			// Which city is answered by a city's name, not by the word
			// (智慧城市): the word itself counts for little.
			v = math.Max(math.Min(v, placeWordFactor), x.placeMatch(i, id))
		} else if con.placeKind && v < placeKindFactor {
			v = math.Max(v, x.placeMatch(i, id))
		}
		c.per[i] = v
		switch {
		case v > direct:
			c.context = true
		case via:
			c.expanded += weights[i] * v
		}
	}
	c.cover(q, weights)
	if s.Kind == knowledge.Meta && (q.kind == KindWhat || q.kind == KindWho) {
		// A trailer line (编辑:颜霖) says what a person of the text
		// did: asked who they are or what they did, it answers whole.
		for i, con := range q.concepts {
			if con.person && sc.direct[i][id] >= 0.5 {
				c.predCov, c.cov = 1, math.Max(c.cov, c.entCov)
				break
			}
		}
	}
	c.typeOK = x.need == 0 || s.Features&x.need != 0
	if x.answersKind != nil {
		c.typeOK = x.answersKind(id)
	}
	c.score = c.cov
	if !c.typeOK {
		c.score *= typePenalty
	}
	c.rank = c.score
	if l := float64(s.Length); l > m.avgLen {
		c.rank /= 1 + lengthBias*math.Log2(l/m.avgLen)
	}
	return c
}

// topK returns the k ids of highest key (ties: lower id), in no order;
// a heap of k keeps it O(n log k).
func topK(ids []uint32, key func(uint32) float64, k int) []uint32 {
	h := make(minHeap, 0, k)
	for _, id := range ids {
		e := keyed{id, key(id)}
		switch {
		case len(h) < k:
			heap.Push(&h, e)
		case e.better(h[0]):
			h[0] = e
			heap.Fix(&h, 0)
		}
	}
	out := make([]uint32, len(h))
	for i, e := range h {
		out[i] = e.id
	}
	return out
}

type keyed struct {
	id  uint32
	key float64
}

func (a keyed) better(b keyed) bool { return a.key > b.key || a.key == b.key && a.id < b.id }

// minHeap keeps the worst of the best k on top.
type minHeap []keyed

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return h[j].better(h[i]) }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(keyed)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// containsAny reports whether s holds one of subs. It looks with
// indexText, strings.Index's result found sooner in Chinese text: a
// sentence is read once for each of subs (frameTest's seventeen past
// marks, for every candidate of a question of a past post).
func containsAny(s string, subs []string) bool {
	return slices.ContainsFunc(subs, func(sub string) bool { return indexText(s, sub) >= 0 })
}

// firstBefore reports whether norm holds a word for the first right before
// unit (首批 for 第几批) or, when unit is a classifier that counts, before
// any such classifier: speakers use them loosely (首家 for 第几个).
func firstBefore(norm, unit string) bool {
	units := []string{unit}
	if slices.Contains(countClassifiers, unit) {
		units = countClassifiers
	}
	return slices.ContainsFunc(firstWords, func(f string) bool {
		return slices.ContainsFunc(units, func(u string) bool { return strings.Contains(norm, f+u) })
	})
}

// answeringUnits returns the units after a number that answer a count
// asked in unit ([unit answers]), unit itself when none are listed.
func answeringUnits(unit string) []string {
	if units := unitAnswers[unit]; units != nil {
		return units
	}
	return []string{unit}
}

// hasAmount reports whether norm holds a number followed by a unit that
// answers unit (多少人: 38人, 4500万人次), or, when unit is a classifier,
// a number with another classifier followed by one of the words counted
// (多少条渔船: 万余艘渔船) or a share of one (多少个国家: 超50%的国家). 多
// alone is no number (多个: several).
func hasAmount(norm, unit string, counted []string) bool {
	return newAmountCheck(unit, counted).in(norm)
}

// amountCheck is hasAmount for one unit and its words counted, what they
// need worked out once for all the sentences a question tests.
type amountCheck struct {
	alts    []string // the units that answer (answeringUnits)
	people  bool     // alts holds 人: a share of people answers too
	counted []string // the words counted when the unit is a classifier that counts, else none
}

// newAmountCheck returns the check of hasAmount(·, unit, counted).
func newAmountCheck(unit string, counted []string) amountCheck {
	c := amountCheck{alts: answeringUnits(unit)}
	c.people = slices.Contains(c.alts, "人")
	if slices.Contains(countClassifiers, unit) {
		c.counted = counted
	}
	return c
}

// in is hasAmount(norm, unit, counted) for c's unit and words counted.
func (c amountCheck) in(norm string) bool {
	if !numeralRunes.anyIn(norm) {
		return false // every amount ends with a numeral (endsNumber)
	}
	if amountBefore(norm, c.alts) || c.people && peopleShare(norm) {
		return true
	}
	// Speakers use classifiers loosely: another counts too, before what
	// the question counts (万余艘渔船 for 多少条渔船; not for 几颗卫星).
	for _, w := range c.counted {
		for rest := norm; ; {
			i := indexText(rest, w)
			if i < 0 {
				break
			}
			if classifiedBefore(rest[:i]) || shareBefore(rest[:i]) {
				return true
			}
			rest = rest[i+len(w):]
		}
	}
	return false
}

// numeralRunes are the runes analysis.IsNumeral accepts: a text without
// any holds no amount, and hasAmount need not look for its units.
var numeralRunes = firstRunes(strings.Split("0 1 2 3 4 5 6 7 8 9 零 〇 一 二 两 三 四 五 六 七 八 九 十 百 千 万 亿", " "))

// minModifierRunes and maxModifierRunes bound the words, 的 included,
// between a count and what it counts (200多种+涵盖企业全生命周期的+金融产品):
// fewer are a noun the count is of, which owns what follows (3家+企业的+
// 产品, 两个+城市的+企业), more another clause.
const (
	minModifierRunes = 6
	maxModifierRunes = 20
)

// classifiedBefore reports that before, the text up to a word counted, ends
// with a count and a classifier (万余艘+渔船), and perhaps the word's first
// character (万余艘渔+船), or with such a count and
// a modifier ending in 的 within its clause (200多种+涵盖企业全生命周期的
// +金融产品): the classifier counts the word either way.
func classifiedBefore(before string) bool {
	// The word counted may be the head of a compound: 渔船 is a 船 (万余艘+
	// 渔+船 for 多少条船).
	if endsClassified(before) {
		return true
	}
	modifier, size := utf8.DecodeLastRuneInString(before)
	if analysis.IsHan(modifier) && !analysis.IsNumeral(modifier) && !slices.Contains(countClassifiers, string(modifier)) &&
		modifier != '多' && modifier != '余' && endsClassified(before[:len(before)-size]) {
		return true // not 一大+批, 一个+个: no compound
	}
	if !strings.HasSuffix(before, "的") {
		return false
	}
	clause := before[clauseStart(before):]
	for _, c := range countClassifiers {
		for rest := clause; ; {
			i := strings.LastIndex(rest, c)
			if i < 0 {
				break
			}
			gap := utf8.RuneCountInString(clause[i+len(c):])
			if gap > maxModifierRunes {
				break
			}
			if gap >= minModifierRunes && endsCount(rest[:i]) {
				return true
			}
			rest = rest[:i]
		}
	}
	return false
}

// endsClassified reports s ending with a count and a classifier (万余艘).
func endsClassified(s string) bool {
	return slices.ContainsFunc(countClassifiers, func(c string) bool {
		return strings.HasSuffix(s, c) && endsCount(s[:len(s)-len(c)])
	})
}

// shareBefore reports whether before ends with a share of what follows it
// (超50%的+国家: how many countries is answered by the share of them).
func shareBefore(before string) bool {
	before = strings.TrimSuffix(before, "的")
	return strings.HasSuffix(before, "%") && endsNumber(before[:len(before)-1])
}

// peopleShare reports a share (80%) followed, within shareReach runes of
// its clause, by a word for a kind of people (lang.People: 从业者, 人士):
// it answers a count of people (a unit that 人 answers, [unit answers]:
// 多少人在用 by 超80%跨境电商从业者).
func peopleShare(norm string) bool {
	for rest := norm; ; {
		i := strings.IndexByte(rest, '%')
		if i < 0 {
			return false
		}
		if endsNumber(rest[:i]) {
			after := prefixRunes(rest[i+1:], shareReach)
			if end := strings.IndexAny(after, ",;。!?"); end >= 0 {
				after = after[:end] // in its own clause (增长30%,服务客户…: no people's share)
			}
			if containsAny(after, peopleWords) {
				return true
			}
		}
		rest = rest[i+1:]
	}
}

// peopleWords are lang.People's words, listed once.
var peopleWords = lang.People.Words()

// shareReach is how far after a share peopleShare looks for its people.
const shareReach = 12

// amountBefore reports whether norm holds one of units right after a
// number (endsNumber).
func amountBefore(norm string, units []string) bool {
	for _, a := range units {
		for rest := norm; ; {
			i := indexText(rest, a)
			if i < 0 {
				break
			}
			if endsNumber(rest[:i]) {
				return true
			}
			rest = rest[i+len(a):]
		}
	}
	return false
}

// hasOrdinal reports a place in an order: 第 before a number (第3, 第一)
// or a word for the first ([first]: 首).
func hasOrdinal(norm string) bool {
	for rest := norm; ; {
		i := strings.Index(rest, "第")
		if i < 0 {
			break
		}
		rest = rest[i+len("第"):]
		if r, n := utf8.DecodeRuneInString(rest); n > 0 && endsNumber(string(r)) {
			return true
		}
	}
	return slices.ContainsFunc(firstWords, func(f string) bool { return strings.Contains(norm, f) })
}

// endsNumber reports text that ends with a number proper: digits or
// Chinese numerals, then 多 or 余 if any (200多, 万余), not 多 alone (多个).
func endsNumber(s string) bool {
	r, n := utf8.DecodeLastRuneInString(s)
	if r == '多' || r == '余' {
		r, _ = utf8.DecodeLastRuneInString(s[:len(s)-n])
	}
	return analysis.IsNumeral(r)
}

// endsCount reports s ending with a number that counts, not with an
// ordinal (第三 of 第三大港口).
func endsCount(s string) bool {
	if !endsNumber(s) {
		return false
	}
	run := strings.TrimRightFunc(s, func(r rune) bool { return analysis.IsNumeral(r) || r == '多' || r == '余' })
	return !strings.HasSuffix(run, "第")
}

// kindFeature is the feature a sentence needs to answer a kind of question.
func kindFeature(k Kind) knowledge.Features {
	switch k {
	case KindWho:
		return knowledge.HasPerson
	case KindWhere:
		return knowledge.HasPlace | knowledge.HasOrg
	case KindWhen:
		return knowledge.HasTime
	case KindNumber:
		return knowledge.HasNumber
	case KindMoney:
		return knowledge.HasMoney
	case KindOrg:
		return knowledge.HasOrg
	}
	return 0
}

// calledPerson returns the words of the concepts for a person whose name
// the question asks (负责同志 of 新吴区的主要负责同志叫什么名字: 同志; 校长),
// those before the cue that asks it, but for one the question sets aside
// (领导 of 除带队领导外,…是哪位领导: not the one asked for); nil if there are
// none but names.
func (m *asker) calledPerson(q query) []string {
	at := -1
	for _, cue := range calledCues {
		if i := strings.Index(q.norm, cue); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	var words []string
	for _, c := range q.concepts {
		if c.end <= at && !c.person && !c.aside && (m.personWord(c.text) || lang.HeadWords.Has(c.text)) {
			words = append(words, c.alts...) // 那个老大是院士吧?叫啥: 主任 or 院士
		}
	}
	return words
}

// nameBeside reports a person of the text named in norm right after or
// right before one of words (校长张宗益, 周文栋副市长); a word with 副 before
// it in norm names a deputy, not the one asked for (市长 of 副市长周文栋).
// To ask for a deputy, a question writes 副 itself (副市长叫什么).
func (m *asker) nameBeside(norm string, words []string) bool {
	for _, w := range words {
		for rest, off := norm, 0; ; {
			i := indexText(rest, w)
			if i < 0 {
				break
			}
			at, end := off+i, off+i+len(w)
			after := strings.TrimLeft(norm[end:], nameGap)  // 编辑:颜霖
			deputy := lang.DeputyMarks.HasSuffix(norm[:at]) // 副市长 is no 市长
			if !deputy && (m.personAt(after, true) || m.personAt(strings.TrimRight(norm[:at], nameGap), false)) {
				return true
			}
			rest, off = rest[i+len(w):], end
		}
	}
	return false
}

// personAt reports a person of the text that s begins with (first) or
// ends with, of two to maxPersonRunes characters.
func (m *asker) personAt(s string, first bool) bool { return m.personEdge(s, first) != "" }

// personEdge returns the shortest person of the text, of two to
// maxPersonRunes characters, that s begins with (first) or ends with, or
// "".
func (m *asker) personEdge(s string, first bool) string {
	for n, i := 0, 0; n < maxPersonRunes && i < len(s); n++ {
		var part string
		if first {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			part = s[:i]
		} else {
			_, size := utf8.DecodeLastRuneInString(s[:len(s)-i])
			i += size
			part = s[len(s)-i:]
		}
		if n >= 1 && m.isPerson(part) {
			return part
		}
	}
	return ""
}

// nameGap may stand between a title and the name it goes with (编辑:颜霖).
const nameGap = ": "

// maxPersonRunes is the longest name of a person personAt looks for.
const maxPersonRunes = 4

// asksWhichOne reports a who question that wants someone by name: one
// that names a kind of people itself (哪位华侨), which a sentence with only
// that word does not answer, or asks for a name (哪位, 名字).
func asksWhichOne(q query) bool {
	if q.holds(whichOneList) || q.holds(calledList) {
		return true
	}
	for _, c := range q.concepts {
		if lang.People.HasSuffix(c.text) {
			return true
		}
	}
	return false
}

// asksForCity reports a where question that asks for a city (建在哪个城市):
// a place by name answers it; an organisation's name (强脑科技) or a
// generic place word (全球) does not.
func asksForCity(q query) bool {
	return q.kind == KindWhere && slices.ContainsFunc(q.concepts, func(c concept) bool { return c.placeKind && asksCity(c) })
}

// strict reports the kinds of question whose answer must hold the kind of
// answer asked for: without a name there is no "who", without a date no
// "when", without an amount no "how much", without an ordinal no "第几",
// without a place by name no "which city", and without the shape a
// question's frame needs (frame.go: a past, an address, a person's view)
// no answer to it.
func strict(q query) bool {
	if q.unit == "" && q.holds(rankList) {
		return true // 排名第几: without a place in an order, no answer
	}
	if asksForCity(q) || q.pastPost || q.address || q.opinionOf != nil {
		return true // without a place by name no "which city", without a past no "before" (frame.go)
	}
	switch q.kind {
	case KindWho, KindMoney:
		return true
	case KindWhen:
		return true
	case KindNumber:
		return !degreeUnits.Has(q.unit)
	}
	return false
}
