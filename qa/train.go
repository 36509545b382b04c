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
func Samples(ctx context.Context, bases Bases, cases []Case) []Sample {
	e := &Engine{bases: bases}
	m, err := e.begin()
	if err != nil || m == nil {
		return nil
	}
	defer m.text.t.Close()
	var out []Sample
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
		best, _, x := m.assess(q, r)
		label := !c.OutOfScope() && containsGold(m.text.sentence(best.id).Text, c.Gold)
		out = append(out, Sample{Case: c, Features: x, Label: label})
	}
	return out
}
