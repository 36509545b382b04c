package qa

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Case is one question of an evaluation set (see ../shared/eval/README.md):
// Gold lists a distinctive substring of each acceptable answer sentence; an
// empty Gold means the article does not say and the engine must abstain.
type Case struct {
	Q    string   `json:"q"`
	Gold []string `json:"gold"`
	Kind string   `json:"kind"`
}

// OutOfScope reports whether the right behaviour is to abstain.
func (c Case) OutOfScope() bool { return len(c.Gold) == 0 }

// ReadCases reads an evaluation set, one JSON object a line; blank lines are
// skipped. A line that is not such an object, or has no "q", is an error
// that names it; so is a set without questions.
func ReadCases(r io.Reader) ([]Case, error) {
	var out []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c Case
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if strings.TrimSpace(c.Q) == "" {
			return nil, fmt.Errorf(`line %d: no question ("q")`, n)
		}
		if c.Kind == "" {
			c.Kind = "unknown"
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no questions")
	}
	return out, nil
}

// Result is one case with the engine's answer and how it scored.
type Result struct {
	Case    Case
	Answer  Answer
	Top1    bool // in scope: the first citation holds a gold substring
	Recall3 bool // in scope: one of the first three does
	Correct bool // Top1 in scope; abstained out of scope
	// Forced: in scope, the sentence the ranking puts first holds a gold
	// substring, whether or not the engine chose to answer.
	Forced bool
}

// KindScore is the share of one kind's questions answered correctly.
type KindScore struct {
	Kind    string
	N       int
	Correct int
	// Declined counts the kind's out-of-scope questions declined, Related
	// those of them declined with related sentences (what the article
	// does say about what they name).
	Declined, Related int
}

// Rate is Correct over N.
func (k KindScore) Rate() float64 { return ratio(k.Correct, k.N) }

// Report scores an evaluation run.
type Report struct {
	InScope, OutOfScope int
	Top1                float64 // in-scope questions whose first citation is right
	Forced              float64 // in-scope questions whose first-ranked sentence is right (the ranking alone)
	Recall3             float64 // in-scope questions with a right citation in the first three
	Answered            float64 // in-scope questions answered at all
	Abstained           float64 // out-of-scope questions abstained on
	WithRelated         float64 // of those, the share declined with related sentences
	Kinds               []KindScore
	Results             []Result
	// Err is the error of a question that could not be read from the
	// knowledge base (Answer.Err); the evaluation stopped there.
	Err error
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func containsGold(text string, gold []string) bool {
	t := norm.NFKC.String(text)
	for _, g := range gold {
		if strings.Contains(t, norm.NFKC.String(g)) {
			return true
		}
	}
	return false
}

// Evaluate answers every case and scores the answers.
func Evaluate(ctx context.Context, e *Engine, cases []Case) Report {
	var r Report
	var top1, rec3, answered, abstained, related, forced int
	kinds := map[string]*KindScore{}
	for _, c := range cases {
		a := e.Ask(ctx, c.Q)
		if a.Err != nil {
			r.Err = a.Err
			break
		}
		res := Result{Case: c, Answer: a}
		k := kinds[c.Kind]
		if k == nil {
			k = &KindScore{Kind: c.Kind}
			kinds[c.Kind] = k
		}
		if c.OutOfScope() {
			r.OutOfScope++
			res.Correct = !a.Answered
			if res.Correct {
				abstained++
				k.Declined++
				if len(a.Related) > 0 {
					related++
					k.Related++
				}
			}
		} else {
			r.InScope++
			if a.Best.Text != "" && containsGold(a.Best.Text, c.Gold) {
				res.Forced = true
				forced++
			}
			if a.Answered {
				answered++
				for i, cit := range a.Citations {
					if i == 3 {
						break
					}
					if containsGold(cit.Text, c.Gold) {
						res.Recall3 = true
						res.Top1 = res.Top1 || i == 0
					}
				}
			}
			res.Correct = res.Top1
			if res.Top1 {
				top1++
			}
			if res.Recall3 {
				rec3++
			}
		}
		k.N++
		if res.Correct {
			k.Correct++
		}
		r.Results = append(r.Results, res)
	}
	r.Top1, r.Recall3, r.Forced = ratio(top1, r.InScope), ratio(rec3, r.InScope), ratio(forced, r.InScope)
	r.Answered, r.Abstained = ratio(answered, r.InScope), ratio(abstained, r.OutOfScope)
	r.WithRelated = ratio(related, abstained)
	for _, k := range kinds {
		r.Kinds = append(r.Kinds, *k)
	}
	sort.Slice(r.Kinds, func(i, j int) bool { return r.Kinds[i].Kind < r.Kinds[j].Kind })
	return r
}

// WriteText writes the report as people read it: the totals, the table by
// kind and, if verbose, every question that scored wrong (an answerable
// one says whether the ranking alone, forced to answer, had it right).
func (r Report) WriteText(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "questions: %d in scope, %d out of scope\n", r.InScope, r.OutOfScope)
	fmt.Fprintf(w, "top-1:     %.3f (forced to answer: %.3f)\n", r.Top1, r.Forced)
	fmt.Fprintf(w, "recall@3:  %.3f\n", r.Recall3)
	fmt.Fprintf(w, "answered:  %.3f (in scope)\n", r.Answered)
	fmt.Fprintf(w, "abstained: %.3f (out of scope; %.3f of them with related sentences)\n", r.Abstained, r.WithRelated)
	fmt.Fprintf(w, "\n%-12s %4s %7s %6s %8s\n", "kind", "n", "correct", "rate", "related")
	for _, k := range r.Kinds {
		rel := "-" // no question of the kind declined out of scope
		if k.Declined > 0 {
			rel = fmt.Sprintf("%.3f", ratio(k.Related, k.Declined))
		}
		fmt.Fprintf(w, "%-12s %4d %7d %6.3f %8s\n", k.Kind, k.N, k.Correct, k.Rate(), rel)
	}
	if !verbose {
		return
	}
	fmt.Fprintln(w)
	for _, res := range r.Results {
		if res.Correct {
			continue
		}
		first := "(abstained)"
		if len(res.Answer.Citations) > 0 {
			first = res.Answer.Citations[0].Ref + " " + truncate(res.Answer.Citations[0].Text, 40)
		}
		forced := "" // in scope: whether the ranking alone had it right
		switch {
		case len(res.Case.Gold) > 0 && res.Forced:
			forced = ", forced right"
		case len(res.Case.Gold) > 0:
			forced = ", forced wrong"
		}
		fmt.Fprintf(w, "WRONG [%s] %s (score %.3f, kind %s%s)\n  gold %q\n  got  %s\n", res.Case.Kind, res.Case.Q, res.Answer.Score, res.Answer.Kind, forced, res.Case.Gold, first)
	}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
