package qa

import (
	"cmp"
	"container/heap"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
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
	paraFactor          = 0.5
	sectionFactor       = 0.3
	entitySectionFactor = 0.15
	titleSectionFactor  = 0.9
	// oovFactor scales the weight of a concept found nowhere in the text.
	oovFactor = 0.6
	// charFactor credits a concept found nowhere as a word by the share of
	// its characters a sentence has (仓库 and 海外仓, 睡眠 and 失眠), counting
	// only characters in at most a quarter of the sentences.
	charFactor = float32(0.4)
	// typePenalty scales a sentence that lacks the kind of answer asked for.
	typePenalty = 0.75
	// An answer needs all of: minScore of the question's weight covered,
	// minEntity of the weight of the names it mentions, minPredicate of the
	// rest (what it asks about them), and minEvidence of the weight a concept
	// found nowhere has (a measure that scales with the size of the base).
	minScore     = 0.45
	minEntity    = 0.5
	minPredicate = 0.3
	minEvidence  = 0.34 // of the weight of a concept found in no sentence
	// lengthBias lowers long sentences, which match much by chance: a
	// sentence of twice the average length scores 1/(1+lengthBias) as much.
	lengthBias = 0.2
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
	for i, con := range q.concepts {
		total += weights[i]
		c.evidence += weights[i] * c.per[i]
		if con.entity {
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

// scratch is one question's working memory, dense over the sentences of a
// base and reused across questions (model.scratch); only the entries a
// question touched are cleared after it.
type scratch struct {
	direct  [][]float32 // [concept][sentence]: match in the sentence itself
	viaAlt  [][]bool    // [concept][sentence]: that match is through an alias or related word
	touched [][]uint32  // [concept]: sentences with a match
	count   []uint16    // [sentence]: bigrams of one alternative found
	counted []uint32
	seen    []uint32 // [sentence]: epoch of the last question that made it a candidate
	epoch   uint32
	cands   []uint32
	own     []float32   // [sentence]: weight a candidate's own words cover
	secBest [][]float32 // [concept][section]: best match in the section, valid when secSeen is the epoch
	secSeen [][]uint32
}

func (m *model) getScratch(nc int) *scratch {
	sc, _ := m.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{count: make([]uint16, m.n), seen: make([]uint32, m.n)}
	}
	if sc.own == nil {
		sc.own = make([]float32, m.n)
	}
	for len(sc.direct) < nc {
		sc.direct = append(sc.direct, make([]float32, m.n))
		sc.viaAlt = append(sc.viaAlt, make([]bool, m.n))
		sc.touched = append(sc.touched, nil)
		sc.secBest = append(sc.secBest, make([]float32, m.nsec))
		sc.secSeen = append(sc.secSeen, make([]uint32, m.nsec))
	}
	sc.epoch++
	if sc.epoch == 0 { // wrapped: forget every mark
		clear(sc.seen)
		for _, ss := range sc.secSeen {
			clear(ss)
		}
		sc.epoch = 1
	}
	return sc
}

// putScratch clears what the question touched and returns sc to the pool.
func (m *model) putScratch(sc *scratch, nc int) {
	for i := 0; i < nc; i++ {
		for _, id := range sc.touched[i] {
			sc.direct[i][id] = 0
			sc.viaAlt[i][id] = false
		}
		sc.touched[i] = sc.touched[i][:0]
	}
	for _, id := range sc.cands {
		sc.own[id] = 0
	}
	sc.cands = sc.cands[:0]
	m.scratch.Put(sc)
}

// match records that concept i matches sentence id with strength v,
// through an alias or related word if via.
func (sc *scratch) match(i int, id uint32, v float32, via bool) {
	d := sc.direct[i]
	if d[id] == 0 {
		sc.touched[i] = append(sc.touched[i], id)
	}
	if v > d[id] {
		d[id] = v
		sc.viaAlt[i][id] = via
	}
}

// matches finds the sentences concept c (the i-th) matches, by word, by
// characters in a row, through an alias inside it, or by shared characters.
func (m *model) matches(sc *scratch, i int, c concept) { m.match(sc, i, c, true) }

// match is matches; inner says whether to look for an alias inside the
// concept (not again for the alias's own words).
func (m *model) match(sc *scratch, i int, c concept, inner bool) {
	ix := m.base.Index
	for k, alt := range c.alts {
		f := c.factor(k)
		via := k > 0 || !inner
		words := ix.Words[alt]
		for _, p := range words {
			sc.match(i, p.ID, f, via)
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
			if ps := ix.Grams[alt]; len(ps) <= max(commonPostings, m.n/4) {
				for _, p := range ps {
					sc.match(i, p.ID, f*unigramMatch, via)
				}
			}
			continue
		}
		if ng == 0 {
			continue
		}
		for _, g := range grams[:ng] {
			for _, p := range ix.Grams[g] {
				if sc.count[p.ID] == 0 {
					sc.counted = append(sc.counted, p.ID)
				}
				sc.count[p.ID]++
			}
		}
		for _, id := range sc.counted {
			share := float32(sc.count[id]) / float32(ng)
			switch {
			case share == 1 && units >= 3:
				sc.match(i, id, f, via) // every bigram of a long name: the name itself
			case share >= 0.5:
				sc.match(i, id, f*gramFactor*share, via)
			}
			sc.count[id] = 0
		}
		sc.counted = sc.counted[:0]
	}
	if len(sc.touched[i]) > 0 {
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

// innerAliases returns the aliases of the longest alias key inside s (of
// two or more characters, shorter than s), or nil.
func (m *model) innerAliases(s string) []string {
	rs := []rune(s)
	if len(rs) > 2*m.aliasMaxRunes {
		return nil
	}
	for n := min(len(rs)-1, m.aliasMaxRunes); n >= 2; n-- {
		for i := 0; i+n <= len(rs); i++ {
			if alts, ok := m.aliases[string(rs[i:i+n])]; ok {
				return alts
			}
		}
	}
	return nil
}

// charMatches credits the sentences that share characters with a concept
// the text has nowhere, neither as a word nor as characters in a row:
// Chinese words that share a character often share a meaning.
func (m *model) charMatches(sc *scratch, i int, c concept) {
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
			ps := m.base.Index.Grams[alt[k:k+utf8.RuneLen(r)]]
			if len(ps) == 0 || len(ps) > m.n/4+1 {
				continue
			}
			for _, p := range ps {
				if sc.count[p.ID] == 0 {
					sc.counted = append(sc.counted, p.ID)
				}
				sc.count[p.ID]++
			}
		}
		for _, id := range sc.counted {
			sc.match(i, id, charFactor*float32(sc.count[id])/float32(n), ai > 0)
			sc.count[id] = 0
		}
		sc.counted = sc.counted[:0]
	}
}

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
}

// rank scores the sentences that match a concept of the question, best
// first; ties go to the earlier sentence.
func (m *model) rank(q query) ranking {
	nc := len(q.concepts)
	sc := m.getScratch(nc)
	defer m.putScratch(sc, nc)
	weights := make([]float64, nc)
	found := make([]bool, nc)
	total := 0.0
	for i, c := range q.concepts {
		m.matches(sc, i, c)
		df := 0
		for _, id := range sc.touched[i] {
			if sc.direct[i][id] >= 0.5 {
				df++
			}
		}
		weights[i] = idf(df, m.n) * c.scale
		found[i] = df > 0
		if df == 0 {
			weights[i] *= oovFactor
		}
		total += weights[i]
	}
	if total == 0 {
		return ranking{weights: weights, found: found}
	}
	// Candidates: the sentences the question's weightier concepts match.
	// Those that only its lightest concepts (a quarter of its weight) match
	// cannot lead; on a small base every match is a candidate.
	order := make([]int, nc)
	touched := 0
	for i := range order {
		order[i] = i
		touched += len(sc.touched[i])
	}
	essential := nc
	if touched > 4*maxCandidates {
		sort.SliceStable(order, func(a, b int) bool { return weights[order[a]] > weights[order[b]] })
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
			if sc.seen[id] != sc.epoch {
				sc.seen[id] = sc.epoch
				sc.cands = append(sc.cands, id)
			}
		}
	}
	if q.kind == KindTitle {
		for _, id := range m.headings {
			if sc.seen[id] != sc.epoch {
				sc.seen[id] = sc.epoch
				sc.cands = append(sc.cands, uint32(id))
			}
		}
	}
	cands := sc.cands
	if len(cands) > maxCandidates {
		// Keep those whose own words cover most; ties by position.
		for _, i := range order[:essential] {
			w := float32(weights[i])
			for _, id := range sc.touched[i] {
				sc.own[id] += w * sc.direct[i][id]
			}
		}
		cands = topK(cands, func(id uint32) float64 { return float64(sc.own[id]) }, maxCandidates)
	}
	// Context: the best match of a concept in a paragraph or section.
	inPara := func(i int, s *knowledge.SentenceInfo) float64 {
		best := float32(0)
		for _, v := range sc.direct[i][s.ParaFirst:s.ParaEnd] {
			best = max(best, v)
		}
		return float64(best)
	}
	inSection := func(i int, sec int32) float64 {
		if sc.secSeen[i][sec] == sc.epoch {
			return float64(sc.secBest[i][sec])
		}
		best := float32(0)
		for id := m.secFirst[sec]; id < m.secEnd[sec]; id++ {
			if q.kind == KindTitle && m.base.Sentences[id].Kind == knowledge.Heading {
				continue
			}
			best = max(best, sc.direct[i][id])
		}
		sc.secBest[i][sec], sc.secSeen[i][sec] = best, sc.epoch
		return float64(best)
	}
	need := kindFeature(q.kind)
	if q.kind == KindWho && q.partner {
		need |= knowledge.HasOrg
	}
	var unitOK func(id uint32) bool
	switch {
	case q.kind == KindNumber && q.unit != "":
		unitOK = func(id uint32) bool { return hasAmount(m.base.Sentences[id].Norm, q.unit) }
	case q.kind == KindWhen && q.time == TimeYear:
		unitOK = func(id uint32) bool { return m.base.Sentences[id].Features&knowledge.HasYear != 0 }
	case q.kind == KindWhen && q.time == TimeDate:
		unitOK = func(id uint32) bool { return m.base.Sentences[id].Features&knowledge.HasDate != 0 }
	case q.kind == KindWhen && q.time == TimeSince:
		unitOK = func(id uint32) bool { return m.base.Sentences[id].Features&knowledge.HasSince != 0 }
	}
	out := make([]scored, 0, len(cands))
	per := make([]float64, nc*len(cands))
	for k, id := range cands {
		s := &m.base.Sentences[id]
		if q.kind == KindTitle && s.Kind != knowledge.Heading {
			continue
		}
		c := scored{id: id, per: per[k*nc : (k+1)*nc : (k+1)*nc]}
		sec := m.section[id]
		for i, con := range q.concepts {
			v := float64(sc.direct[i][id])
			direct := v
			if p := paraFactor * inPara(i, s); p > v {
				v = p
			}
			if sec >= 0 {
				f := sectionFactor
				switch {
				case q.kind == KindTitle:
					f = titleSectionFactor
				case con.locator:
					f = 1
				case con.entity:
					f = entitySectionFactor
				}
				if p := f * inSection(i, sec); p > v {
					v = p
				}
			}
			c.per[i] = v
			switch {
			case v > direct:
				c.context = true
			case sc.viaAlt[i][id]:
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
		c.typeOK = need == 0 || s.Features&need != 0
		if unitOK != nil {
			c.typeOK = unitOK(id)
		}
		c.score = c.cov
		if !c.typeOK {
			c.score *= typePenalty
		}
		c.rank = c.score
		if l := float64(m.base.Index.Lengths[id]); l > m.avgLen {
			c.rank /= 1 + lengthBias*math.Log2(l/m.avgLen)
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b scored) int {
		switch {
		case a.rank > b.rank:
			return -1
		case a.rank < b.rank:
			return 1
		}
		return cmp.Compare(a.id, b.id)
	})
	return ranking{cands: out, weights: weights, found: found}
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

// hasAmount reports whether norm holds a number followed by a unit that
// answers unit (多少人: 38人, 4500万人次).
func hasAmount(norm, unit string) bool {
	alts := unitAnswers[unit]
	if alts == nil {
		alts = []string{unit}
	}
	for _, a := range alts {
		for rest := norm; ; {
			i := strings.Index(rest, a)
			if i < 0 {
				break
			}
			if r, _ := utf8.DecodeLastRuneInString(rest[:i]); isAmountRune(r) {
				return true
			}
			rest = rest[i+len(a):]
		}
	}
	return false
}

// isAmountRune reports the runes that end a number: digits, Chinese
// numerals, and 多 or 余 (200多, 万余).
func isAmountRune(r rune) bool {
	return r >= '0' && r <= '9' || strings.ContainsRune("一二两三四五六七八九十百千万亿多余", r)
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

// strict reports the kinds of question whose answer must hold the kind of
// answer asked for: without a name there is no "who", without a date no
// "when", without an amount no "how much".
func strict(q query) bool {
	switch q.kind {
	case KindWho, KindMoney:
		return true
	case KindWhen, KindNumber:
		return true
	}
	return false
}

// pickSeveral answers a question that asks for several things none of
// which one sentence holds (这篇的编辑、校对和责编分别是谁): the best
// sentences, each adding what the others lack, answer together when the
// decision says that together they answer.
func (m *model) pickSeveral(q query, r ranking, d *decisionModel) ([]scored, float64) {
	total := 0.0
	for _, w := range r.weights {
		total += w
	}
	var out []scored
	covered := make([]float64, len(q.concepts))
	for _, c := range r.cands {
		if len(out) == maxCitations {
			break
		}
		if !c.typeOK && strict(q) || c.score < minScore/2 {
			continue
		}
		gain := 0.0
		for i, v := range c.per {
			gain += r.weights[i] * max(0, v-covered[i])
		}
		if gain/total < multiGain {
			continue
		}
		out = append(out, c)
		for i, v := range c.per {
			covered[i] = max(covered[i], v)
		}
	}
	if len(out) < 2 {
		return nil, 0
	}
	union := scored{id: out[0].id, typeOK: true, per: covered, rank: out[0].rank}
	union.cover(q, r.weights)
	union.score = union.cov
	return out, d.probability(m.features(q, union, r.cands, r, true))
}

// eligible reports whether a sentence holds the names the question
// mentions, something of what it asks about them, and the kind of answer:
// the lead is the first such in rank.
func eligible(q query, c scored) bool {
	return c.entCov >= minEntity && c.predCov >= minPredicate && (c.typeOK || !strict(q))
}

// lead returns the candidate to quote first: the first in rank that holds
// the names and the kind of answer the question asks for and half the best
// score, else the one that covers the question best; and the candidates
// with the lead first.
func lead(q query, ranked []scored) (scored, []scored) {
	best := ranked[0]
	for _, c := range ranked[1:] {
		if c.score > best.score {
			best = c
		}
	}
	for _, c := range ranked {
		if c.id == best.id {
			break
		}
		if eligible(q, c) && c.score >= 0.5*best.score {
			best = c
			break
		}
	}
	if best.id == ranked[0].id {
		return best, ranked
	}
	rest := make([]scored, 0, len(ranked))
	rest = append(rest, best)
	for _, c := range ranked {
		if c.id != best.id {
			rest = append(rest, c)
		}
	}
	return best, rest
}

// assess returns the lead candidate and its feature vector.
func (m *model) assess(q query, r ranking) (scored, []scored, []float64) {
	best, ranked := lead(q, r.cands)
	return best, ranked, m.features(q, best, ranked, r, false)
}

// pick chooses the sentences to quote and the decision's probability that
// they answer: the lead if the decision says it answers, then those that add
// what the question asks for and the lead does not cover (for a question
// that asks for several things), or that score nearly as well as the lead.
func (m *model) pick(q query, r ranking, d *decisionModel) ([]scored, bool, float64) {
	if q.kind == KindTitle && q.ordinal != 0 && len(m.headings) > 0 {
		i := q.ordinal - 1
		if q.ordinal < 0 {
			i = len(m.headings) - 1
		}
		if i < len(m.headings) {
			return []scored{{id: uint32(m.headings[i]), score: 1}}, false, 1
		}
		return nil, false, 0
	}
	if len(r.cands) == 0 {
		return nil, false, 0
	}
	best, ranked, x := m.assess(q, r)
	p := d.probability(x)
	if p < d.Threshold {
		if q.multi {
			if several, p2 := m.pickSeveral(q, r, d); p2 >= d.Threshold {
				return several, true, p2
			}
		}
		return nil, false, p
	}
	total := 0.0
	for _, w := range r.weights {
		total += w
	}
	out := []scored{best}
	covered := append([]float64(nil), best.per...)
	multi := false
	for _, c := range ranked[1:] {
		if len(out) == maxCitations {
			break
		}
		if q.multi && c.score >= minScore*0.8 {
			gain := 0.0
			for i, v := range c.per {
				if v > covered[i] {
					gain += r.weights[i] * (v - covered[i])
				}
			}
			if gain/total >= multiGain {
				out = append(out, c)
				multi = true
				for i, v := range c.per {
					covered[i] = math.Max(covered[i], v)
				}
				continue
			}
		}
		if c.rank >= relatedRatio*best.rank && (c.typeOK || !strict(q)) {
			out = append(out, c)
		}
	}
	return out, multi, p
}
