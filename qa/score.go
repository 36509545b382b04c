package qa

import (
	"math"
	"regexp"
	"sort"
	"strings"

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
	charFactor = 0.4
	// typePenalty scales a sentence that lacks the kind of answer asked for.
	typePenalty = 0.75
	// An answer needs all of: minScore of the question's weight covered,
	// minEntity of the weight of the names it mentions, minPredicate of the
	// rest (what it asks about them), and minEvidence in absolute weight.
	minScore     = 0.45
	minEntity    = 0.5
	minPredicate = 0.3
	minEvidence  = 1.5
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

// hit is a concept's match strength in one sentence.
type hit struct {
	id uint32
	m  float64
}

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
		var units []string
		gapAt := map[int]bool{}
		analysis.Units(alt, func(u analysis.Unit, gap bool) {
			if gap {
				gapAt[len(units)] = true
			}
			units = append(units, alt[u.Start:u.End])
		})
		if len(units) == 1 {
			for _, p := range ix.Grams[alt] {
				put(p.ID, f*unigramMatch)
			}
			continue
		}
		var grams []string
		for k := 1; k < len(units); k++ {
			if !gapAt[k] {
				grams = append(grams, units[k-1]+units[k])
			}
		}
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
	if len(best) == 0 {
		// Found nowhere: an alias inside it (搬进 of 搬进去) may be.
		if alts := m.innerAliases(c.text); len(alts) > 0 {
			return m.matches(concept{text: c.text, alts: alts})
		}
		m.charMatches(c, put)
	}
	out := make([]hit, 0, len(best))
	for id, v := range best {
		out = append(out, hit{id, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// innerAliases returns the aliases of the longest alias key inside s (of
// two or more characters, shorter than s), or nil.
func (m *model) innerAliases(s string) []string {
	rs := []rune(s)
	for n := len(rs) - 1; n >= 2; n-- {
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
func (m *model) charMatches(c concept, put func(uint32, float64)) {
	for _, alt := range c.alts {
		var chars []string
		for _, r := range alt {
			if analysis.IsHan(r) {
				chars = append(chars, string(r))
			}
		}
		if len(chars) < 2 {
			continue
		}
		count := map[uint32]int{}
		for _, ch := range chars {
			ps := m.base.Index.Grams[ch]
			if len(ps) == 0 || len(ps) > m.n/4+1 {
				continue
			}
			for _, p := range ps {
				count[p.ID]++
			}
		}
		for id, k := range count {
			put(id, charFactor*float64(k)/float64(len(chars)))
		}
	}
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
	total, entTotal := 0.0, 0.0
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
		if c.entity {
			entTotal += weights[i]
		}
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
			if sec := m.section[h.id]; sec >= 0 && h.m > secBest[i][sec] && (s.Kind != knowledge.Heading || q.kind != KindTitle) {
				secBest[i][sec] = h.m
			}
			cands[h.id] = true
		}
	}
	if q.kind == KindTitle {
		for _, id := range m.headings {
			cands[uint32(id)] = true
		}
	}
	need := kindFeature(q.kind)
	if q.kind == KindWho && q.partner {
		need |= knowledge.HasOrg
	}
	var unitRe *regexp.Regexp
	switch {
	case q.kind == KindNumber && q.unit != "":
		unitRe = unitPattern(q.unit)
	case q.kind == KindWhen && q.unit == "年份":
		unitRe = yearRe
	}
	out := make([]scored, 0, len(cands))
	for id := range cands {
		s := &m.base.Sentences[id]
		if q.kind == KindTitle && s.Kind != knowledge.Heading {
			continue
		}
		sc := scored{id: id, per: make([]float64, nc)}
		sec := m.section[id]
		ent, pred := 0.0, 0.0
		for i, c := range q.concepts {
			v := direct[i][id]
			if p := paraFactor * paraBest[i][s.ParaFirst]; p > v {
				v = p
			}
			f := sectionFactor
			switch {
			case q.kind == KindTitle:
				f = titleSectionFactor
			case c.entity:
				f = entitySectionFactor
			}
			if sec >= 0 {
				if p := f * secBest[i][sec]; p > v {
					v = p
				}
			}
			sc.per[i] = v
			sc.evidence += weights[i] * v
			if c.entity {
				ent += weights[i] * v
			} else {
				pred += weights[i] * v
			}
		}
		sc.cov = sc.evidence / total
		sc.entCov, sc.predCov = 1, 1
		if entTotal > 0 {
			sc.entCov = ent / entTotal
		}
		if total-entTotal > 1e-9 {
			sc.predCov = pred / (total - entTotal)
		}
		if s.Kind == knowledge.Meta && (q.kind == KindWhat || q.kind == KindWho) {
			// A trailer line (编辑:颜霖) says what a person of the text
			// did: asked who they are or what they did, it answers whole.
			for i, c := range q.concepts {
				if c.person && direct[i][id] >= 0.5 {
					sc.predCov, sc.cov = 1, math.Max(sc.cov, sc.entCov)
					break
				}
			}
		}
		sc.typeOK = need == 0 || s.Features&need != 0
		if unitRe != nil {
			sc.typeOK = unitRe.MatchString(s.Norm)
		}
		sc.score = sc.cov
		if !sc.typeOK {
			sc.score *= typePenalty
		}
		sc.rank = sc.score
		if l := float64(m.base.Index.Lengths[id]); l > m.avgLen {
			sc.rank /= 1 + lengthBias*math.Log2(l/m.avgLen)
		}
		out = append(out, sc)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].rank != out[j].rank {
			return out[i].rank > out[j].rank
		}
		return out[i].id < out[j].id
	})
	return out, weights
}

// yearRe matches a year: 2024年, 二〇二四年.
var yearRe = regexp.MustCompile(`(1[89]|20)\d\d\s*年|[〇零一二三四五六七八九]{4}年|去年|今年|明年|前年`)

// unitPattern matches a number followed by a unit that answers unit.
func unitPattern(unit string) *regexp.Regexp {
	alts := unitAnswers[unit]
	if len(alts) == 0 {
		alts = []string{unit}
	}
	quoted := make([]string, len(alts))
	for i, a := range alts {
		quoted[i] = regexp.QuoteMeta(a)
	}
	return regexp.MustCompile(`(\d|[一二两三四五六七八九十百千万亿]|多|余)\s*(` + strings.Join(quoted, "|") + `)`)
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
		return q.unit != "" || q.kind == KindWhen
	}
	return false
}

// answers reports whether the best sentence answers the question: enough
// of it covered, the names it mentions present, something of what it asks
// about them present, and the kind of answer asked for.
func answers(q query, best scored) bool {
	return best.score >= minScore && best.entCov >= minEntity && best.predCov >= minPredicate &&
		best.evidence >= minEvidence && (best.typeOK || !strict(q))
}

// pick chooses the sentences to quote: the best if it answers, then those
// that add what the question asks for and the best does not cover (for a
// question that asks for several things), or that score nearly as well as
// the best.
func (m *model) pick(q query, ranked []scored, weights []float64) ([]scored, bool) {
	if q.kind == KindTitle && q.ordinal != 0 && len(m.headings) > 0 {
		i := q.ordinal - 1
		if q.ordinal < 0 {
			i = len(m.headings) - 1
		}
		if i < len(m.headings) {
			return []scored{{id: uint32(m.headings[i]), score: 1}}, false
		}
		return nil, false
	}
	// Whether the text answers is judged on the sentence that covers the
	// question best; which sentence leads, on the rank (which prefers the
	// shorter of two that cover it alike).
	if len(ranked) == 0 {
		return nil, false
	}
	best := ranked[0]
	for _, c := range ranked[1:] {
		if c.score > best.score {
			best = c
		}
	}
	if !answers(q, best) {
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
		if c.rank >= relatedRatio*ranked[0].rank && (c.typeOK || !strict(q)) {
			out = append(out, c)
		}
	}
	return out, multi
}
