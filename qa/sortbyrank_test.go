package qa

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortByRank: sortByRank orders candidates as slices.SortFunc does
// with byRank, ties in rank and NaN ranks included.
func TestSortByRank(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 7, 12, 13, 41, 97, maxCandidates, maxCandidates + 3} {
		cands := make([]scored, n)
		for k := range cands {
			cands[k] = scored{id: uint32(k), rank: float64(r.IntN(5)), score: r.Float64()}
			if n == 97 && k%5 == 0 {
				cands[k].rank = math.NaN() // byRank is no order then: the same comparisons still give the same result
			}
		}
		r.Shuffle(n, func(a, b int) { cands[a], cands[b] = cands[b], cands[a] })
		want := slices.Clone(cands)
		slices.SortFunc(want, func(a, b scored) int { return byRank(&a, &b) })
		sortByRank(cands)
		if !slices.EqualFunc(cands, want, func(a, b scored) bool { return a.id == b.id && a.score == b.score }) {
			t.Errorf("%d candidates: sortByRank differs from slices.SortFunc", n)
		}
	}
}
