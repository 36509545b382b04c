package qa

import (
	"context"
	"slices"
)

// Sample is one question as the decision stage sees it: the features of the
// sentence the engine would quote, and whether that sentence answers the
// question (Label: the question is in scope and the sentence holds a gold
// substring). It is what the decision model is trained on.
type Sample struct {
	Case     Case
	Features []float64
	Label    bool
}

// FeatureNames lists the decision's features in the order of a Sample's
// Features.
func FeatureNames() []string { return slices.Clone(featureNames) }

// Samples reads every case as an engine of the bases would and returns its
// decision features and label. Cases the engine cannot rank at all (no
// candidate sentence, or nothing to read) give no sample: the engine
// declines them whatever the model says. Title questions asked by position
// are answered without the model and give no sample either. It needs no
// decision model, so it works while decision.json is being rewritten for
// new features.
//
// rerank, which must not be nil, returns the reranker that chooses a
// question's lead (nil: the ranking's own): the trainer gives each
// question one fitted without it, so that the decision learns from leads
// about as good as new questions get. (The decision of one fold is still
// fitted on leads of rerankers that saw that fold's labels: its
// out-of-fold figures are a little optimistic.)
func Samples(ctx context.Context, bases Bases, cases []Case, rerank func(question string) *RerankModel) []Sample {
	var out []Sample
	eachRanked(ctx, bases, cases, func(m *asker, c Case, q query, r ranking) {
		m.reranker = rerank(c.Q)
		best, _, x := m.assess(q, r)
		label := !c.OutOfScope() && containsGold(m.text.sentence(best.id).Text, c.Gold)
		out = append(out, Sample{Case: c, Features: x, Label: label})
	})
	return out
}

// RerankSamples returns, for every case the article answers, the rerank
// features of the first k candidates of its ranking (without a reranker),
// each labelled whether it holds a gold substring: what the reranker is
// trained on. Cases are skipped as Samples skips them.
func RerankSamples(ctx context.Context, bases Bases, cases []Case, k int) []Sample {
	var out []Sample
	eachRanked(ctx, bases, cases, func(m *asker, c Case, q query, r ranking) {
		if c.OutOfScope() {
			return
		}
		ranked := m.ordered(q, r) // the ranking's own order, before any reranker
		for i := range min(k, len(ranked)) {
			label := containsGold(m.text.sentence(ranked[i].id).Text, c.Gold)
			out = append(out, Sample{Case: c, Features: m.rerankFeatures(q, ranked, i, r), Label: label})
		}
	})
	return out
}

// eachRanked reads every case as an engine of the bases would and calls fn
// with those it ranks and would judge with the decision model.
func eachRanked(ctx context.Context, bases Bases, cases []Case, fn func(m *asker, c Case, q query, r ranking)) {
	e := &Engine{bases: bases}
	m, err := e.begin(false)
	if err != nil || m == nil {
		return
	}
	defer m.text.t.Close()
	for _, c := range cases {
		if ctx.Err() != nil {
			break
		}
		q := m.parse(c.Q)
		if m.screen(q, c.Q) != "" || q.kind == KindTitle && q.ordinal != 0 || len(q.concepts) == 0 {
			continue
		}
		r := m.rank(q)
		if len(r.cands) == 0 || m.unreadable(q, r) || m.bareName(q, r) != nil {
			continue
		}
		fn(m, c, q, r)
	}
}
