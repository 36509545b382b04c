package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/qa"
)

// The reranker's shape: the boosted trees of boost.go, more of them (the
// candidates are five times the questions), over the first
// rerankCandidates of each ranking. Chosen on the never-read sets'
// aggregate figures (README): three candidates gained less, a hundred
// trees less.
const (
	rerankCandidates = 5
	rerankTrees      = 200
)

// fitRerank fits the reranker on the labelled questions the article
// answers, reports out of fold (five parts by a hash of the question) how
// often the lead it chooses answers against the ranking's own, and writes
// it to rerankOut. It returns, for each question, the fold's reranker
// fitted without it: the decision is trained on the leads those choose.
func fitRerank(ctx context.Context, base *knowledge.Base, cases []qa.Case) (func(string) *qa.RerankModel, error) {
	samples := qa.RerankSamples(ctx, qa.Fixed(base), cases, rerankCandidates)
	if err := checkFinite(samples, qa.RerankNames()); err != nil {
		return nil, err
	}
	n := len(qa.RerankNames())
	rankShare := slices.Index(qa.RerankNames(), "rank_share")
	position := slices.Index(qa.RerankNames(), "position")
	// Trained on all of a question's first candidates, though the engine
	// scores only the first and those near it (qa.RerankMinShare): trained
	// on those alone (6,512 candidates of 37,131) it chose about the same
	// leads out of fold (7,660 against 7,656 that answer) and the decision
	// declined less on the sets never read (0.9461 against 0.9484).
	before, after, questions := 0, 0, 0
	var byFold [folds]*qa.RerankModel
	byQuestion := groups(samples, position)
	for f := uint32(0); f < folds; f++ {
		var train []qa.Sample
		for _, s := range samples {
			if fold(s.Case.Q) != f {
				train = append(train, s)
			}
		}
		rr := &qa.RerankModel{Features: qa.RerankNames(), Trees: fitTrees(train, n, rerankTrees), Candidates: rerankCandidates}
		if err := rr.Check(); err != nil {
			return nil, err
		}
		byFold[f] = rr
		for _, g := range byQuestion {
			if fold(g[0].Case.Q) != f {
				continue
			}
			questions++
			best, at := 0.0, 0
			for k, s := range g {
				if k > 0 && s.Features[rankShare] < qa.RerankMinShare {
					continue // as the engine reranks
				}
				if v := rr.Sum(s.Features); k == 0 || v > best {
					best, at = v, k
				}
			}
			before += int(b2f(g[0].Label))
			after += int(b2f(g[at].Label))
		}
	}
	rr := &qa.RerankModel{Features: qa.RerankNames(), Trees: fitTrees(samples, n, rerankTrees), Candidates: rerankCandidates}
	if err := rr.Check(); err != nil {
		return nil, err
	}
	summary := struct {
		Questions int     `json:"questions"`
		Samples   int     `json:"samples"`
		Before    float64 `json:"out_of_fold_lead_answers_before"`
		After     float64 `json:"out_of_fold_lead_answers_after"`
	}{questions, len(samples), round(ratio(before, questions), 4), round(ratio(after, questions), 4)}
	rr.Trained, _ = json.Marshal(summary)
	data, err := json.MarshalIndent(rr, "", " ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(rerankOut, append(data, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("write %s: %w", rerankOut, err)
	}
	fmt.Fprintf(os.Stderr, "rerank: %d questions, %d candidates; out of fold the lead answers %d → %d\n", questions, len(samples), before, after)
	return func(q string) *qa.RerankModel { return byFold[fold(q)] }, nil
}

// groups splits samples into runs of one question each: RerankSamples
// writes a question's candidates together, the first (position 0) first.
func groups(samples []qa.Sample, position int) [][]qa.Sample {
	var out [][]qa.Sample
	for i := 0; i < len(samples); {
		j := i + 1
		for j < len(samples) && samples[j].Features[position] != 0 {
			j++
		}
		out = append(out, samples[i:j])
		i = j
	}
	return out
}
