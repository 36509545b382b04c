package knowledge

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

// benchQuestions are the questions of the held-out set (and of the dev
// set, when ../../shared has it), for benchmarks of what a question costs
// this package.
func benchQuestions(b *testing.B) []string {
	b.Helper()
	var out []string
	for _, p := range []string{filepath.Join("..", "testdata", "eval", "heldout.jsonl"), filepath.Join("..", "..", "shared", "eval", "dev.jsonl")} {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var c struct{ Q string }
			if json.Unmarshal(sc.Bytes(), &c) == nil && c.Q != "" {
				out = append(out, c.Q)
			}
		}
		f.Close()
	}
	if len(out) == 0 {
		b.Skip("no question set")
	}
	return out
}

// BenchmarkQuestionTokens segments every question, normalised before,
// with the default base's analyzer (its names joined), as a question's
// read stage does: ns/question.
func BenchmarkQuestionTokens(b *testing.B) {
	qs, an := benchQuestions(b), defaultBase(b).Analyzer()
	for i, q := range qs {
		qs[i] = analysis.Normalize(q)
	}
	var toks []analysis.Token
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range qs {
			toks = an.AppendTokens(toks[:0], q)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(qs)), "ns/question")
}

// BenchmarkQuestionNormalize normalises every question: ns/question.
func BenchmarkQuestionNormalize(b *testing.B) {
	qs := benchQuestions(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range qs {
			analysis.Normalize(q)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(qs)), "ns/question")
}
