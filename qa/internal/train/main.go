// Command train fits the decision model of package qa: a logistic
// regression from the features of the sentence the engine would quote to
// the probability that it answers the question.
//
// It reads labelled question sets (the dev set and the held-out sets that
// earlier work was tuned on), adds generated questions the article cannot
// answer (negatives.txt filled with the knowledge base's own names), splits
// them by a hash of the question into a training part (4/5) and a
// validation part (1/5), fits the model on the first, chooses the threshold
// on the second, and writes the model as JSON. Run it with
// `go generate ./qa`; the result is deterministic.
package main

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"log"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/qa"
)

//go:embed negatives.txt
var negativeTemplates string

func main() {
	out := flag.String("out", "decision.json", "where to write the model")
	sets := flag.String("sets", "../../shared/eval/dev.jsonl,../testdata/eval/heldout.jsonl,../testdata/eval/heldout2.jsonl,../testdata/eval/heldout3.jsonl",
		"labelled question sets to train and validate on, comma-separated")
	l2 := flag.Float64("l2", 0.01, "L2 penalty of the logistic regression")
	flag.Parse()
	if err := run(*out, strings.Split(*sets, ","), *l2); err != nil {
		log.Fatal(err)
	}
}

func run(out string, sets []string, l2 float64) error {
	ctx := context.Background()
	base, err := knowledge.Build(ctx, knowledge.BuildOptions{})
	if err != nil {
		return fmt.Errorf("build the default knowledge base: %w", err)
	}
	var cases []qa.Case
	for _, path := range sets {
		cs, err := readCases(path)
		if err != nil {
			return err
		}
		cases = append(cases, cs...)
	}
	gen := negatives(base)
	cases = append(cases, gen...)
	e := qa.New(qa.Fixed(base))
	samples := e.Samples(ctx, cases)
	var train, valid []qa.Sample
	for _, s := range samples {
		if inValidation(s.Case.Q) {
			valid = append(valid, s)
		} else {
			train = append(train, s)
		}
	}
	// Cases the engine cannot rank are declined whatever the model says;
	// the threshold's objective counts them too.
	var validCases []qa.Case
	for _, c := range cases {
		if inValidation(c.Q) {
			validCases = append(validCases, c)
		}
	}
	m := fit(train, l2)
	m.Threshold, m.objective = chooseThreshold(m, valid, validCases)
	m.Trained = summary(m, sets, len(cases), len(gen), train, valid)
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Fprintf(os.Stderr, "train: %d samples (%d generated questions), validation %d; threshold %.2f; validation objective %.3f\n",
		len(train), len(gen), len(valid), m.Threshold, m.objective)
	printReliability(m, samples)
	return nil
}

func readCases(path string) ([]qa.Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	cs, err := qa.ReadCases(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return cs, nil
}

// negatives fills the templates with the base's own names of each kind.
func negatives(b *knowledge.Base) []qa.Case {
	names := map[string][]string{}
	for _, t := range b.Terms {
		var slot string
		switch t.Kind {
		case knowledge.Org:
			slot = "{org}"
		case knowledge.Person:
			slot = "{person}"
		case knowledge.Place:
			slot = "{place}"
		default:
			continue
		}
		if knowledge.Runes(t.Text) >= 2 {
			names[slot] = append(names[slot], t.Text)
		}
	}
	var out []qa.Case
	sc := bufio.NewScanner(strings.NewReader(negativeTemplates))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for slot, ns := range names {
			if !strings.Contains(line, slot) {
				continue
			}
			sort.Strings(ns)
			for _, n := range ns {
				out = append(out, qa.Case{Q: strings.ReplaceAll(line, slot, n), Kind: "generated"})
			}
		}
	}
	return out
}

// inValidation puts a fifth of the questions, by a hash of their text, in
// the validation part.
func inValidation(q string) bool {
	h := fnv.New32a()
	h.Write([]byte(q))
	return h.Sum32()%5 == 0
}

// model is qa's decision model as written to decision.json.
type model struct {
	Features  []string        `json:"features"`
	Mean      []float64       `json:"mean"`
	Scale     []float64       `json:"scale"`
	Weights   []float64       `json:"weights"`
	Bias      float64         `json:"bias"`
	Threshold float64         `json:"threshold"`
	Trained   json.RawMessage `json:"trained,omitempty"`
	objective float64
}

func (m *model) probability(x []float64) float64 {
	z := m.Bias
	for i, v := range x {
		z += m.Weights[i] * (v - m.Mean[i]) / m.Scale[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// fit standardises the features and fits a logistic regression with an L2
// penalty by gradient descent (full batch; the data are small).
func fit(samples []qa.Sample, l2 float64) *model {
	names := qa.FeatureNames()
	n := len(names)
	m := &model{Features: names, Mean: make([]float64, n), Scale: make([]float64, n), Weights: make([]float64, n)}
	for _, s := range samples {
		for i, v := range s.Features {
			m.Mean[i] += v / float64(len(samples))
		}
	}
	for _, s := range samples {
		for i, v := range s.Features {
			d := v - m.Mean[i]
			m.Scale[i] += d * d / float64(len(samples))
		}
	}
	for i := range m.Scale {
		m.Scale[i] = math.Sqrt(m.Scale[i])
		if m.Scale[i] < 1e-6 {
			m.Scale[i] = 1
		}
	}
	xs := make([][]float64, len(samples))
	for k, s := range samples {
		xs[k] = make([]float64, n)
		for i, v := range s.Features {
			xs[k][i] = (v - m.Mean[i]) / m.Scale[i]
		}
	}
	const rate, steps = 0.5, 4000
	grad := make([]float64, n)
	for step := 0; step < steps; step++ {
		clear(grad)
		gb := 0.0
		for k, s := range samples {
			z := m.Bias
			for i, v := range xs[k] {
				z += m.Weights[i] * v
			}
			d := 1/(1+math.Exp(-z)) - b2f(s.Label)
			for i, v := range xs[k] {
				grad[i] += d * v
			}
			gb += d
		}
		for i := range m.Weights {
			m.Weights[i] -= rate * (grad[i]/float64(len(samples)) + l2*m.Weights[i])
		}
		m.Bias -= rate * gb / float64(len(samples))
	}
	for i := range m.Weights {
		m.Weights[i] = round(m.Weights[i], 4)
		m.Mean[i] = round(m.Mean[i], 4)
		m.Scale[i] = round(m.Scale[i], 4)
	}
	m.Bias = round(m.Bias, 4)
	return m
}

// chooseThreshold picks the threshold that maximises, on the validation
// part, the mean of top-1 over the questions the article answers and the
// share declined of those it does not; among equal thresholds, the middle
// of the best run.
func chooseThreshold(m *model, valid []qa.Sample, cases []qa.Case) (float64, float64) {
	in, out := 0, 0
	for _, c := range cases {
		if c.OutOfScope() {
			out++
		} else {
			in++
		}
	}
	sampled := map[string]bool{}
	for _, s := range valid {
		sampled[s.Case.Q] = true
	}
	// Out-of-scope cases without a sample are always declined.
	declinedAlways := 0
	for _, c := range cases {
		if c.OutOfScope() && !sampled[c.Q] {
			declinedAlways++
		}
	}
	type point struct{ t, obj float64 }
	var pts []point
	for t := 0.05; t < 0.951; t += 0.01 {
		right, declined := 0, declinedAlways
		for _, s := range valid {
			yes := m.probability(s.Features) >= t
			switch {
			case s.Case.OutOfScope() && !yes:
				declined++
			case !s.Case.OutOfScope() && yes && s.Label:
				right++
			}
		}
		obj := (ratio(right, in) + ratio(declined, out)) / 2
		pts = append(pts, point{round(t, 2), obj})
	}
	best := 0.0
	for _, p := range pts {
		best = math.Max(best, p.obj)
	}
	var run []float64
	for _, p := range pts {
		if p.obj >= best-1e-9 {
			run = append(run, p.t)
		}
	}
	return run[len(run)/2], best
}

// bin is one row of a reliability table.
type bin struct {
	From, To  float64
	N         int
	Predicted float64 // mean predicted probability
	Observed  float64 // share that answer
}

func reliability(m *model, samples []qa.Sample) []bin {
	bins := make([]bin, 5)
	for i := range bins {
		bins[i].From, bins[i].To = float64(i)/5, float64(i+1)/5
	}
	for _, s := range samples {
		p := m.probability(s.Features)
		i := min(int(p*5), 4)
		bins[i].N++
		bins[i].Predicted += p
		bins[i].Observed += b2f(s.Label)
	}
	for i := range bins {
		if bins[i].N > 0 {
			bins[i].Predicted = round(bins[i].Predicted/float64(bins[i].N), 3)
			bins[i].Observed = round(bins[i].Observed/float64(bins[i].N), 3)
		}
	}
	return bins
}

func summary(m *model, sets []string, cases, generated int, train, valid []qa.Sample) json.RawMessage {
	s := struct {
		Sets        []string `json:"sets"`
		Questions   int      `json:"questions"`
		Generated   int      `json:"generated_negatives"`
		Train       int      `json:"train_samples"`
		Validation  int      `json:"validation_samples"`
		Objective   float64  `json:"validation_objective"`
		Reliability []bin    `json:"validation_reliability"`
	}{sets, cases, generated, len(train), len(valid), round(m.objective, 3), reliability(m, valid)}
	data, _ := json.Marshal(s)
	return data
}

func printReliability(m *model, samples []qa.Sample) {
	fmt.Fprintln(os.Stderr, "| predicted | questions | mean predicted | share that answer |")
	fmt.Fprintln(os.Stderr, "| --- | --- | --- | --- |")
	for _, b := range reliability(m, samples) {
		fmt.Fprintf(os.Stderr, "| %.1f–%.1f | %d | %.2f | %.2f |\n", b.From, b.To, b.N, b.Predicted, b.Observed)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
