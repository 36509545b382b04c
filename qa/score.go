package qa

import (
	"math"
	"sort"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
)

// The ranking's parameters: one configuration for every question.
const (
	// aliasFactor discounts a match through an alias or synonym.
	aliasFactor = 0.95
	// gramFactor discounts a match by characters rather than by word.
	gramFactor = 0.9
	// unigramMatch is the credit of a one-character concept found inside
	// another word.
	unigramMatch = 0.6
	// paraFactor and sectionFactor credit a concept found elsewhere in the
	// sentence's paragraph or section (the text around it).
	paraFactor    = 0.5
	sectionFactor = 0.3
	// oovFactor scales the weight of a concept found nowhere in the text.
	oovFactor = 0.8
	// typePenalty scales a sentence that lacks the kind of answer asked for.
	typePenalty = 0.75
	// minScore is the least score that answers; below it the engine abstains.
	minScore = 0.5
	// relatedRatio admits further sentences scoring this close to the best.
	relatedRatio = 0.9
	// multiGain is the least share of the question a further sentence must
	// add to be quoted for a question that asks for several things.
	multiGain = 0.15
	// maxCitations bounds the sentences quoted.
	maxCitations = 3
)

// hit is a concept's match strength in one sentence.
type hit struct {
	id uint32
	m  float64
}

// scored is a candidate sentence.
type scored struct {
	id    uint32
	cov   float64   // share of the question's weight the sentence covers
	score float64   // cov with the answer-kind adjustment
	per   []float64 // match of each concept, with context
}

// matches returns the sentences a concept matches, by ID, with strength.
func (m *model) matches(c concept) []hit {
	best := map[uint32]float64{}
	put := func(id uint32, v float64) {
		if v > best[id] {
			best[id] = v
		}
	}
	ix := m.base.Index
	for i, alt := range c.alts {
		f := 1.0
		if i > 0 {
			f = aliasFactor
		}
		for _, p := range ix.Words[alt] {
			put(p.ID, f)
		}
		// By characters: the share of the alternative's bigrams present.
		var grams []string
		units := 0
		analysis.Units(alt, func(u analysis.Unit, gap bool) { units++ })
		if units == 1 {
			for _, p := range ix.Grams[alt] {
				put(p.ID, f*unigramMatch)
			}
			continue
		}
		prev := ""
		analysis.Units(alt, func(u analysis.Unit, gap bool) {
			cur := alt[u.Start:u.End]
			if prev != "" && !gap {
				grams = append(grams, prev+cur)
			}
			prev = cur
		})
		if len(grams) == 0 {
			continue
		}
		count := map[uint32]int{}
		for _, g := range grams {
			for _, p := range ix.Grams[g] {
				count[p.ID]++
			}
		}
		for id, k := range count {
			share := float64(k) / float64(len(grams))
			if share >= 0.5 {
				put(id, f*gramFactor*share)
			}
		}
	}
	out := make([]hit, 0, len(best))
	for id, v := range best {
		out = append(out, hit{id, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// idf is BM25's inverse document frequency for a key in df of n sentences.
func idf(df, n int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// rank scores every sentence that matches a concept of the question, best
// first; ties go to the earlier sentence.
func (m *model) rank(q query) ([]scored, []float64) {
	nc := len(q.concepts)
	hits := make([][]hit, nc)
	weights := make([]float64, nc)
	total := 0.0
	for i, c := range q.concepts {
		hits[i] = m.matches(c)
		df := 0
		for _, h := range hits[i] {
			if h.m >= 0.5 {
				df++
			}
		}
		weights[i] = idf(df, m.n) * c.scale
		if df == 0 {
			weights[i] *= oovFactor
		}
		total += weights[i]
	}
	if total == 0 {
		return nil, weights
	}
	// Context: the best match of each concept in each paragraph and section.
	paraBest := make([]map[uint32]float64, nc)
	secBest := make([]map[int32]float64, nc)
	direct := make([]map[uint32]float64, nc)
	cands := map[uint32]bool{}
	for i := range hits {
		paraBest[i], secBest[i], direct[i] = map[uint32]float64{}, map[int32]float64{}, map[uint32]float64{}
		for _, h := range hits[i] {
			s := &m.base.Sentences[h.id]
			direct[i][h.id] = h.m
			if h.m > paraBest[i][s.ParaFirst] {
				paraBest[i][s.ParaFirst] = h.m
			}
			if sec := m.section[h.id]; sec >= 0 && s.Kind != knowledge.Heading && h.m > secBest[i][sec] {
				secBest[i][sec] = h.m
			}
			cands[h.id] = true
		}
	}
	if q.kind == KindTitle {
		// A title question asks for a heading: score each heading by its
		// section's text.
		for _, id := range m.heading {
			cands[uint32(id)] = true
		}
	}
	out := make([]scored, 0, len(cands))
	for id := range cands {
		s := &m.base.Sentences[id]
		if q.kind == KindTitle && s.Kind != knowledge.Heading {
			continue
		}
		sc := scored{id: id, per: make([]float64, nc)}
		sec := m.section[id]
		for i := range hits {
			v := direct[i][id]
			if p := paraFactor * paraBest[i][s.ParaFirst]; p > v {
				v = p
			}
			f := sectionFactor
			if q.kind == KindTitle {
				f = 0.9
			}
			if sec >= 0 {
				if p := f * secBest[i][sec]; p > v {
					v = p
				}
			}
			sc.per[i] = v
			sc.cov += weights[i] * v
		}
		sc.cov /= total
		sc.score = sc.cov
		if need := kindFeature(q.kind); need != 0 && s.Features&need == 0 {
			sc.score *= typePenalty
		}
		out = append(out, sc)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].id < out[j].id
	})
	return out, weights
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
	}
	return 0
}

// pick chooses the sentences to quote: the best if it scores enough, then
// those that add what the question asks for and the best does not cover
// (for a question that asks for several things), or that score nearly as
// well as the best.
func (m *model) pick(q query, ranked []scored, weights []float64) ([]scored, bool) {
	if len(ranked) == 0 || ranked[0].score < minScore {
		return nil, false
	}
	total := 0.0
	for _, w := range weights {
		total += w
	}
	out := []scored{ranked[0]}
	covered := append([]float64(nil), ranked[0].per...)
	multi := false
	for _, c := range ranked[1:] {
		if len(out) == maxCitations {
			break
		}
		if q.multi && c.score >= minScore*0.8 {
			gain := 0.0
			for i, v := range c.per {
				if v > covered[i] {
					gain += weights[i] * (v - covered[i])
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
		if c.score >= relatedRatio*ranked[0].score {
			out = append(out, c)
		}
	}
	return out, multi
}
