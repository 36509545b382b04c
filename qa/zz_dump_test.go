package qa

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// go test ./qa -run ZZDump with ZZ_SETS=a,b ZZ_OUT=file
func TestZZDump(t *testing.T) {
	sets, out := os.Getenv("ZZ_SETS"), os.Getenv("ZZ_OUT")
	if sets == "" {
		t.Skip()
	}
	e := New(Fixed(sharedBase(t)))
	m, _ := e.begin()
	var b strings.Builder
	for si, p := range strings.Split(sets, ",") {
		for qi, c := range readSet(t, p) {
			if c.OutOfScope() {
				continue
			}
			q := m.parse(c.Q)
			if m.screen(q, c.Q) != "" || q.kind == KindTitle && q.ordinal != 0 || len(q.concepts) == 0 {
				continue
			}
			r := m.rank(q)
			if len(r.cands) == 0 || m.unreadable(q, r) || m.bareName(q, r) != nil {
				continue
			}
			best, ranked, _ := m.assess(q, r)
			K := min(5, len(ranked))
			for k := 0; k < K; k++ {
				cd := ranked[k]
				x := m.features(q, cd, ranked, r, false)
				label := containsGold(m.text.sentence(cd.id).Text, c.Gold)
				fmt.Fprintf(&b, "%d\t%d\t%d\t%v\t%v", si, qi, k, cd.id == best.id, label)
				rel := 0.0
				if best.rank > 0 {
					rel = cd.rank / best.rank
				}
				fmt.Fprintf(&b, "\t%.4f\t%.4f\t%.4f\t%v\t%v\t%d", cd.score, cd.rank, rel, b2f(m.isLead(cd.id)), b2f(cd.context), m.tables.Row(cd.id).Length)
				for _, v := range x {
					fmt.Fprintf(&b, "\t%.4f", v)
				}
				b.WriteString("\n")
			}
		}
	}
	os.WriteFile(out, []byte(b.String()), 0o644)
}
