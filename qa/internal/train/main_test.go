package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
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

// TestFitLearnsTheBoundary: on samples answered exactly when one feature
// (margin) passes 0.5, the fitted trees give a probability far above the
// threshold past it and far below it short of it, whatever the other
// features; and the model's trees read back as written.
func TestFitLearnsTheBoundary(t *testing.T) {
	names := qa.FeatureNames()
	margin := slices.Index(names, "margin")
	var samples []qa.Sample
	for k := range 400 {
		x := make([]float64, len(names))
		x[0] = 1                        // cov: above MinCover
		x[margin] = float64(k%100) / 99 // 0 … 1
		x[3] = float64(k%7) / 7         // evidence: noise
		samples = append(samples, qa.Sample{Features: x, Label: x[margin] > 0.5})
	}
	m := fit(samples)
	if len(m.Text) != numTrees || m.Depth != treeDepth {
		t.Fatalf("%d trees of depth %d", len(m.Text), m.Depth)
	}
	for _, tt := range []struct {
		margin float64
		answer bool
	}{{0.05, false}, {0.3, false}, {0.45, false}, {0.55, true}, {0.7, true}, {0.99, true}} {
		x := make([]float64, len(names))
		x[0], x[margin], x[3] = 1, tt.margin, 0.5
		p := m.Probability(x)
		if tt.answer && p < 0.9 || !tt.answer && p > 0.1 {
			t.Errorf("margin %v: probability %.3f", tt.margin, p)
		}
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back qa.DecisionModel
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if err := back.Check(); err != nil {
		t.Fatal(err)
	}
	x := samples[123].Features
	if a, b := m.Probability(x), back.Probability(x); a != b {
		t.Errorf("read back: probability %v, was %v", b, a)
	}
}

// TestGroups: a question's candidates, written together from position 0,
// form one group, even beside the same question text.
func TestGroups(t *testing.T) {
	var samples []qa.Sample
	for _, pos := range []float64{0, 1, 2, 0, 0, 1} { // the same question twice in a row: two groups
		samples = append(samples, qa.Sample{Case: qa.Case{Q: "q"}, Features: []float64{pos}})
	}
	var sizes []int
	for _, g := range groups(samples, 0) {
		sizes = append(sizes, len(g))
	}
	if !slices.Equal(sizes, []int{3, 1, 2}) {
		t.Errorf("group sizes %v, want [3 1 2]", sizes)
	}
}
