package qa

import (
	"fmt"
	"strings"
)

// Explain describes how the engine reads a question and ranks sentences:
// the normalised and corrected question, its kind, its concepts with their
// weights, and the best candidates with the measures the decision uses.
// It is for people tuning the engine and for `visitbot ask --explain`.
func (e *Engine) Explain(question string) string {
	m, err := e.begin(false)
	switch {
	case err != nil:
		return err.Error()
	case m == nil:
		return MsgNoKnowledge
	}
	defer m.text.t.Close()
	q := m.parse(question)
	var b strings.Builder
	fmt.Fprintf(&b, "question: %s\nkind: %s  multi: %v  unit: %q  ordinal: %d\n", q.norm, q.kind, q.multi, q.unit, q.ordinal)
	r := m.rank(q)
	for i, c := range q.concepts {
		fmt.Fprintf(&b, "  concept %-12s weight %.2f entity %-5v found %-5v alts %v\n", c.text, r.weights[i], c.entity, r.found[i], c.alts[1:])
	}
	for i, s := range r.cands {
		if i == 5 {
			break
		}
		fmt.Fprintf(&b, "  %-7s score %.3f cov %.3f ent %.2f pred %.2f evidence %.2f type %v  %s\n",
			m.citation(int(s.id)).Ref, s.score, s.cov, s.entCov, s.predCov, s.evidence, s.typeOK, truncate(m.text.sentence(s.id).Text, 30))
		fmt.Fprintf(&b, "          per %v\n", fmtFloats(s.per))
	}
	if len(r.cands) > 0 {
		_, _, x := m.assess(q, r)
		fmt.Fprintf(&b, "  decision features:")
		for i, v := range x {
			fmt.Fprintf(&b, " %s=%.2f", featureNames[i], v)
		}
		fmt.Fprintln(&b)
	}
	picked, multi, p := m.pick(q, r, decisionModel())
	refs := make([]string, len(picked))
	for i, p := range picked {
		refs[i] = m.citation(int(p.id)).Ref
	}
	fmt.Fprintf(&b, "answer: %v multi %v probability %.3f threshold %.3f\n", refs, multi, p, decisionModel().Threshold)
	return b.String()
}

func fmtFloats(fs []float64) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%.2f", f)
	}
	return strings.Join(parts, " ")
}
