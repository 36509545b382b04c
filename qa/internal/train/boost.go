package main

import (
	"fmt"
	"math"
	"slices"

	"github.com/visitbot/visitbot/qa"
)

// The model's shape: gradient-boosted regression trees on the log loss,
// each tree complete to treeDepth, fitted by Newton steps (the leaf of
// samples with gradients g and hessians h is -rate·Σg/(Σh+lambda)). Chosen
// on held-out sets never read, with their aggregate figures only: depth 3
// to 5, 100 to 400 trees and rates 0.05 to 0.1 did about as well, a linear
// model worse (README).
const (
	treeDepth = 4
	numTrees  = 100
	rate      = 0.1
	lambda    = 1.0
	// minLeaf is the fewest samples on either side of a test.
	minLeaf = 20
	// maxBins bounds the tests tried on one feature: its values are
	// split at up to maxBins quantiles. A bin number is a uint8.
	maxBins = 127
)

var _ = [255 - maxBins]struct{}{} // maxBins+1 bins fit a uint8

// binned is the samples' features as bin numbers: bin[f][k] is the bin of
// sample k's feature f, and x <= edges[f][b] for every x of a bin up to b.
type binned struct {
	edges [][]float64
	bin   [][]uint8
}

// binFeatures finds each feature's edges, midway between neighbouring
// values at up to maxBins quantiles, and each sample's bins. Values closer
// than noise (a relative 1e-9: one sum in another order) are one value,
// so that no test splits them. The features must be finite (checkFinite).
func binFeatures(samples []qa.Sample, numFeatures int) binned {
	b := binned{edges: make([][]float64, numFeatures), bin: make([][]uint8, numFeatures)}
	vals := make([]float64, len(samples))
	for f := range numFeatures {
		for k, s := range samples {
			vals[k] = s.Features[f]
		}
		sorted := slices.Clone(vals)
		slices.Sort(sorted)
		// lo[c] and hi[c] bound cluster c of values within noise of each
		// other; an edge lies between one cluster's hi and the next's lo.
		var lo, hi []float64
		for _, v := range sorted {
			if n := len(hi); n > 0 && v-hi[n-1] <= 1e-9*max(1, math.Abs(v)) {
				hi[n-1] = v
				continue
			}
			lo, hi = append(lo, v), append(hi, v)
		}
		var edges []float64
		for j := 1; j <= maxBins; j++ {
			// Every gap when there are few clusters, else those after the
			// samples' quantiles.
			c := j - 1
			if len(lo)-1 > maxBins {
				v := sorted[j*(len(sorted)-1)/maxBins]
				c, _ = slices.BinarySearch(lo, v)
				if c == len(lo) || lo[c] > v {
					c-- // the cluster v lies in
				}
			}
			if c+1 >= len(lo) {
				continue
			}
			if e := (hi[c] + lo[c+1]) / 2; len(edges) == 0 || e > edges[len(edges)-1] {
				edges = append(edges, e)
			}
		}
		b.edges[f] = edges
		b.bin[f] = make([]uint8, len(samples))
		for k, v := range vals {
			i, _ := slices.BinarySearch(edges, v) // the first edge >= v
			b.bin[f][k] = uint8(i)
		}
	}
	return b
}

// checkFinite reports a sample with a feature that is not a finite number:
// trees cannot split on it as the engine would route it.
func checkFinite(samples []qa.Sample, names []string) error {
	for _, s := range samples {
		for i, v := range s.Features {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("question %q: feature %s is %v", s.Case.Q, names[i], v)
			}
		}
	}
	return nil
}

// fit fits the decision model to the samples; deterministic.
func fit(samples []qa.Sample) *qa.DecisionModel {
	m := &qa.DecisionModel{Features: qa.FeatureNames(), Trees: fitTrees(samples, len(qa.FeatureNames()), numTrees), MinCover: minCover}
	if err := m.Check(); err != nil {
		panic(err) // the trees were written for these features
	}
	return m
}

// fitTrees fits trees over n features to the samples' labels;
// deterministic. With no samples the model is the log-odds 0 and one
// tree of no test.
func fitTrees(samples []qa.Sample, n, trees int) qa.Trees {
	m := qa.Trees{Depth: treeDepth}
	if len(samples) == 0 {
		leaves := make([]float64, 1<<treeDepth)
		tests := make([]int, 1<<treeDepth-1)
		for i := range tests {
			tests[i] = -1
		}
		m.Text = []string{qa.FormatTree(tests, make([]float64, len(tests)), leaves)}
		return m
	}
	b := binFeatures(samples, n)
	pos := 0.0
	for _, s := range samples {
		pos += b2f(s.Label)
	}
	p0 := min(max(pos/float64(len(samples)), 1e-6), 1-1e-6)
	m.Base = round(math.Log(p0/(1-p0)), 6)
	score := make([]float64, len(samples))
	for k := range score {
		score[k] = m.Base
	}
	g, h := make([]float64, len(samples)), make([]float64, len(samples))
	for range trees {
		for k, s := range samples {
			p := 1 / (1 + math.Exp(-score[k]))
			g[k], h[k] = p-b2f(s.Label), p*(1-p)
		}
		t := growTree(b, g, h)
		for k := range score {
			score[k] += t.leaf[t.leafOf[k]]
		}
		m.Text = append(m.Text, qa.FormatTree(t.feature, t.split, t.leaf))
	}
	return m
}

// grown is a tree being fitted: its tests and leaves as qa.FormatTree takes
// them, and the leaf each sample falls in.
type grown struct {
	feature []int
	split   []float64
	leaf    []float64
	leafOf  []int
}

// growTree grows one tree level by level: each node takes the test of
// greatest gain that leaves minLeaf samples on either side, or none.
func growTree(b binned, g, h []float64) grown {
	tests := 1<<treeDepth - 1
	t := grown{feature: make([]int, tests), split: make([]float64, tests), leaf: make([]float64, tests+1), leafOf: make([]int, len(g))}
	all := make([]int32, len(g))
	for k := range all {
		all[k] = int32(k)
	}
	level := [][]int32{all}
	for node := 0; node < tests; node++ {
		members := level[0]
		level = level[1:]
		f, s := bestTest(b, g, h, members)
		t.feature[node] = f
		var left, right []int32
		for _, k := range members {
			if f < 0 || int(b.bin[f][k]) <= s {
				left = append(left, k)
			} else {
				right = append(right, k)
			}
		}
		if f >= 0 {
			t.split[node] = b.edges[f][s] // exact, as samples were routed: FormatTree writes it so
		}
		level = append(level, left, right)
	}
	for i, members := range level {
		var sg, sh float64
		for _, k := range members {
			sg += g[k]
			sh += h[k]
			t.leafOf[k] = i
		}
		if len(members) > 0 {
			t.leaf[i] = round(-rate*sg/(sh+lambda), 6)
		}
	}
	return t
}

// bestTest returns the feature and the last bin on the left of the test of
// greatest gain over members, or -1 when no test gains.
func bestTest(b binned, g, h []float64, members []int32) (int, int) {
	if len(members) < 2*minLeaf {
		return -1, 0
	}
	var sg, sh float64
	for _, k := range members {
		sg += g[k]
		sh += h[k]
	}
	parent := sg * sg / (sh + lambda)
	bestF, bestS, bestGain := -1, 0, 1e-9
	var hg, hh [maxBins + 1]float64
	var hn [maxBins + 1]int
	for f := range b.bin {
		clear(hg[:])
		clear(hh[:])
		clear(hn[:])
		for _, k := range members {
			i := b.bin[f][k]
			hg[i] += g[k]
			hh[i] += h[k]
			hn[i]++
		}
		var lg, lh float64
		ln := 0
		for s := 0; s < len(b.edges[f]); s++ {
			lg, lh, ln = lg+hg[s], lh+hh[s], ln+hn[s]
			if ln < minLeaf {
				continue
			}
			if len(members)-ln < minLeaf {
				break
			}
			rg, rh := sg-lg, sh-lh
			if gain := lg*lg/(lh+lambda) + rg*rg/(rh+lambda) - parent; gain > bestGain {
				bestF, bestS, bestGain = f, s, gain
			}
		}
	}
	return bestF, bestS
}
