package knowledge

import "github.com/visitbot/visitbot/knowledge/analysis"

// A report of a trip lists its stops in its lead (赴福州、厦门、杭州等地) and
// gives each a section, which often leaves its stop unsaid (see qa). The
// stops are found while a document is indexed, from its lead, and stored
// in Info.PerDoc, so that answering never reads the lead again.

// leadStops returns the stops a lead (normalised, cut into toks) lists:
// the places of the text (kinds) among its tokens that stand in a row of
// two or more joined by 、 only, in their order; nil for none.
func leadStops(norm string, toks []analysis.Token, kinds map[string]TermKind) []string {
	var out, row []string
	flush := func() {
		if len(row) >= 2 {
			out = append(out, row...)
		}
		row = row[:0]
	}
	for k, t := range toks {
		if kind, ok := kinds[t.Text]; !ok || kind != Place {
			flush()
			continue
		}
		if len(row) > 0 && norm[toks[k-1].End:t.Start] != "、" {
			flush()
		}
		row = append(row, t.Text)
	}
	flush()
	return out
}
