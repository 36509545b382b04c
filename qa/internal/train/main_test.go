package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/visitbot/visitbot/qa"
)

// TestSetsExist: every held-out set sets.txt lists is in the checkout (its
// paths are relative to package qa, where go generate runs; the dev set
// lives beside it, in shared/, and is not looked for), and none is listed
// twice. Which sets were read is a record kept by people (the README), not
// something a test can see.
func TestSetsExist(t *testing.T) {
	sets := defaultSets()
	if len(sets) < 2 {
		t.Fatalf("sets.txt lists %d sets", len(sets))
	}
	seen := map[string]bool{}
	for _, p := range sets {
		if seen[p] {
			t.Errorf("%s listed twice", p)
		}
		seen[p] = true
		if _, err := os.Stat(filepath.Join("..", "..", p)); err != nil && filepath.Base(p) != "dev.jsonl" {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// TestChooseThresholdByCost: the threshold is where answering and
// declining cost the same for a calibrated probability (wrongCost 1.5:
// 0.6), and rises while fewer than minDeclined of the questions the
// article does not answer are declined.
func TestChooseThresholdByCost(t *testing.T) {
	defer func(c float64) { wrongCost = c }(wrongCost)
	wrongCost = 1.5
	in := qa.Case{Q: "in", Gold: []string{"x"}}
	var samples []qa.Sample
	var cases []qa.Case
	var prob []float64
	add := func(c qa.Case, p float64, label bool) {
		c.Q += string(rune('a' + len(cases)))
		cases = append(cases, c)
		samples = append(samples, qa.Sample{Case: c, Label: label})
		prob = append(prob, p)
	}
	for range 9 {
		add(qa.Case{Q: "out"}, 0.1, false)
	}
	add(qa.Case{Q: "out"}, 0.55, false)
	add(in, 0.9, true)
	if got := chooseThreshold(prob, samples, cases).Threshold; got != 0.6 {
		t.Errorf("threshold %v, want 0.6", got)
	}

	prob[0], prob[1] = 0.7, 0.7 // two questions out of scope above 0.6: 0.8 declined
	if got := chooseThreshold(prob, samples, cases).Threshold; got != 0.71 {
		t.Errorf("threshold %v, want 0.71 (the first at which at least minDeclined are declined)", got)
	}
	for _, tt := range []struct{ cost, want float64 }{
		{0.5, 0.34}, // 1/3, rounded up: never below the break-even point
		{100, 0.95}, // at most 0.95
	} {
		wrongCost = tt.cost // one question, out of scope at 0.1: declined from 0.11 up
		if got := chooseThreshold([]float64{0.1}, samples[:1], cases[:1]).Threshold; got != tt.want {
			t.Errorf("wrong cost %v: threshold %v, want %v", tt.cost, got, tt.want)
		}
	}
}
