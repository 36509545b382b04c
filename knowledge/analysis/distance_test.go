package analysis

import (
	"math"
	"slices"
	"testing"
	"unsafe"
)

// distances reads every token's distance through the offset setDistances
// writes at.
func distances(t *testing.T, a *Analyzer) []float32 {
	t.Helper()
	off, ok := distanceField()
	if !ok {
		t.Fatal("gse.Token has no float32 field named distance: setDistances falls back to CalcToken; update distance.go")
	}
	out := make([]float32, len(a.seg.Dict.Tokens))
	for i := range a.seg.Dict.Tokens {
		out[i] = *(*float32)(unsafe.Add(unsafe.Pointer(&a.seg.Dict.Tokens[i]), off))
	}
	return out
}

// TestSetDistancesMatchesCalcToken builds an analyzer (which sets the
// distances itself), then lets gse's CalcToken compute them again: every
// distance must be the same bit for bit, and so must every segmentation.
func TestSetDistancesMatchesCalcToken(t *testing.T) {
	a := testAnalyzer(t)
	texts := []string{
		"无锡市委书记杜小刚带队赴福州考察",
		"厦门大学校长是谁",
		"杜小刚去了福州和厦门大学吗?带队的是市委书记",
	}
	before := distances(t, a)
	var toks [][]Token
	for _, s := range texts {
		toks = append(toks, a.Tokens(Normalize(s)))
	}
	for i, d := range before {
		if d <= 0 || math.IsNaN(float64(d)) {
			t.Fatalf("token %q: distance %v, want a positive number", a.seg.Dict.Tokens[i].Text(), d)
		}
	}
	a.seg.CalcToken()
	after := distances(t, a)
	for i := range before {
		if math.Float32bits(before[i]) != math.Float32bits(after[i]) {
			t.Errorf("token %q: setDistances %v, CalcToken %v", a.seg.Dict.Tokens[i].Text(), before[i], after[i])
		}
	}
	for i, s := range texts {
		if got := a.Tokens(Normalize(s)); !slices.Equal(got, toks[i]) {
			t.Errorf("%s: with CalcToken %v, with setDistances %v", s, got, toks[i])
		}
	}
}
