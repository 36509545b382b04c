package qa

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Picking, after the decide stage: the lead sentence, and the sentences
// quoted with it (several together for a question that asks for several
// things, or related ones that score nearly as well).

// pickSeveral answers a question that asks for several things none of
// which one sentence holds (这篇的编辑、校对和责编分别是谁): the best
// sentences, each adding what the others lack, answer together when the
// decision says that together they answer.
func (m *asker) pickSeveral(q query, r ranking, d *DecisionModel) ([]scored, float64) {
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
	return out, d.Probability(m.features(q, union, r.cands, r, true))
}

// missingAttribute reports an attribute asked of a name of the text (X的Y:
// 海天丝路卫星的总部) that the text has nowhere, by no word it may stand
// for: the article does not say it of X or of anything.
func missingAttribute(q query, r ranking) bool {
	for i := 1; i < len(q.concepts); i++ {
		owner, c := q.concepts[i-1], q.concepts[i]
		if owner.fromContext || c.fromContext || owner.end > len(q.norm) {
			continue // offsets into the question before, not this one
		}
		if owner.entity && !c.entity && !r.found[i] && c.start == owner.end+len("的") && strings.HasPrefix(q.norm[owner.end:], "的") {
			return true
		}
	}
	return false
}

// eligible reports whether a sentence holds the names the question
// mentions, something of what it asks about them, and the kind of answer:
// the lead is the first such in rank.
func eligible(q query, c scored) bool {
	return c.entCov >= minEntity && c.predCov >= minPredicate && (c.typeOK || !strict(q))
}

// leadShare is the share of the best score that a sentence ranked before
// it (shorter: rank lowers long sentences) must reach to be quoted first
// instead: 0.8, nearly as good (0.5 let a short sentence that matched
// only the setting win over the long one that answers: 座谈交流 over 双方
// 表示…).
const leadShare = 0.8

// lead returns the candidate to quote first: the first in rank that holds
// the names and the kind of answer the question asks for and leadShare of the best
// score, else the one that covers the question best; and the candidates
// with the lead first.
func lead(q query, ranked []scored) (scored, []scored) {
	at := 0
	for k, c := range ranked {
		if c.score > ranked[at].score {
			at = k
		}
	}
	best := ranked[at]
	bestCover := askedCover(q, best)
	for k, c := range ranked[:at] {
		if eligible(q, c) && c.score >= leadShare*best.score && askedCover(q, c) >= bestCover {
			at = k
			break
		}
	}
	return ranked[at], toFront(ranked, at)
}

// toFront returns cands with the one at k first, the others in their
// order (cands itself when k is 0).
func toFront(cands []scored, k int) []scored {
	if k == 0 {
		return cands
	}
	return slices.Concat(cands[k:k+1], cands[:k], cands[k+1:])
}

// topScore is the best score of cands.
func topScore(cands []scored) float64 {
	top := 0.0
	for _, c := range cands {
		top = math.Max(top, c.score)
	}
	return top
}

// askedCover is how well c matches the concepts of the question that are
// not its setting (跟那些银行座谈完, 说要写哪五篇大文章: 五篇大文章), the mean of
// their matches; 1 when the question sets no scene. A sentence ranked
// first for matching the scene (座谈交流) does not lead over one that
// answers what was asked after it.
func askedCover(q query, c scored) float64 {
	sum, n, setting := 0.0, 0, false
	for i, con := range q.concepts {
		if con.setting {
			setting = true
			continue
		}
		if c.per != nil && i < len(c.per) {
			sum += c.per[i]
		}
		n++
	}
	if !setting || n == 0 {
		return 1
	}
	return sum / float64(n)
}

// listsFirst puts first, for a question that asks for several things
// (哪几个方向), the candidate among those whose score is as good as the
// best's (tieShare) that lists what the question asks about: writes it
// most often, with list punctuation (、, “”), as 围绕“AI+商业航天”“AI+机器人”
// “AI+生物医药” does and the heading 加速“AI+”应用 does not.
func (m *asker) listsFirst(q query, cands []scored) []scored {
	if !q.multi || len(cands) < 2 {
		return cands
	}
	top := topScore(cands)
	first := m.mentions(q, cands[0].id)
	best, most := -1, first
	for k, c := range cands[1:] {
		if c.score < top*tieShare {
			continue
		}
		if n := m.mentions(q, c.id); n > most && listed(m.text.sentence(c.id).Norm) {
			best, most = k+1, n
		}
	}
	if best < 0 {
		return cands
	}
	return toFront(cands, best)
}

// tieShare is the share of the best score that counts as as good.
const tieShare = 0.99

// listsKind returns the index of the first candidate in rank that holds
// what the question names (eligible), scores at least kindListShare of the
// best and lists things of the kind the question asks for, each written
// with the kind's word (哪几类金融: 科技金融、绿色金融、普惠金融…); -1 if there
// is none. Such a list is what a question for several things of a kind
// asks.
func (m *asker) listsKind(q query, cands []scored) int {
	if !q.multi || len(cands) < 2 {
		return -1
	}
	top := topScore(cands)
	kind := ""
	for _, c := range q.concepts {
		if c.category && utf8.RuneCountInString(c.text) >= 2 {
			kind = c.text
		}
	}
	if kind == "" {
		return -1
	}
	for k, c := range cands {
		if c.score < top*kindListShare || !eligible(q, c) {
			continue
		}
		if strings.Count(m.text.sentence(c.id).Norm, kind+"、") >= minKindItems-1 {
			return k
		}
	}
	return -1
}

// kindListShare is the share of the best score a candidate that lists
// things of the kind asked for needs; minKindItems the fewest things its
// list writes with the kind's word.
const (
	kindListShare = 0.75
	minKindItems  = 3
)

// listed reports list punctuation in a sentence: an enumeration comma or
// quotation marks back to back (“A”“B”).
func listed(norm string) bool {
	return strings.Contains(norm, "、") || strings.Contains(norm, "”“")
}

// mentions counts the times sentence id writes what the question's
// concepts other than names stand for: for each concept, its word the
// sentence writes most often.
func (m *asker) mentions(q query, id uint32) int {
	norm := m.text.sentence(id).Norm
	n := 0
	for _, c := range q.concepts {
		if c.entity {
			continue
		}
		most := 0
		for _, a := range c.alts {
			if utf8.RuneCountInString(a) >= 2 {
				most = max(most, strings.Count(norm, a))
			}
		}
		n += most
	}
	return n
}

// ordered returns the candidates with the ranking's lead first: the list
// of the kind asked for, or lead's choice.
func (m *asker) ordered(q query, r ranking) []scored {
	if k := m.listsKind(q, r.cands); k >= 0 {
		// The list of the kind asked for is quoted first, as a lead.
		return toFront(r.cands, k)
	}
	_, ranked := lead(q, m.listsFirst(q, r.cands))
	return ranked
}

// assess returns the lead candidate, the candidates with it first, and its
// feature vector: the ranking's lead (ordered), which the reranker may
// replace by one of the next.
func (m *asker) assess(q query, r ranking) (scored, []scored, []float64) {
	best, ranked, x := m.rerank(q, m.ordered(q, r), r)
	if x == nil {
		x = m.features(q, best, ranked, r, false)
	}
	return best, ranked, x
}

// pick chooses the sentences to quote and the decision's probability that
// they answer: the lead if the decision says it answers, then those that add
// what the question asks for and the lead does not cover (for a question
// that asks for several things), or that score nearly as well as the lead.
func (m *asker) pick(q query, r ranking, d *DecisionModel) ([]scored, bool, float64) {
	if q.kind == KindTitle && q.ordinal != 0 {
		if headings := m.headings(); len(headings) > 0 {
			i := q.ordinal - 1
			if q.ordinal < 0 {
				i = len(headings) - 1
			}
			if i < len(headings) {
				return []scored{{id: headings[i], score: 1}}, false, 1
			}
			return nil, false, 0
		}
	}
	if len(r.cands) == 0 {
		return nil, false, 0
	}
	best, ranked, x := m.assess(q, r)
	p := d.Probability(x)
	if q.kind == KindWhere && missingAttribute(q, r) {
		// Where X's Y is (海天丝路卫星的总部设在哪) when the text has no Y:
		// a place in X's sentences is where something else is.
		p = min(p, d.Threshold/2)
	}
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
	out := append(r.pickedBuf(), best)
	covered := append(m.floatSlice(len(best.per)), best.per...)
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
