package qa

// Benchmarks of answering in process. They report, besides ns/op (the mean
// time to answer one question), the per-question latency percentiles the
// performance budget is written in: "p50-ns", "p99-ns" and "max-ns".
//
//	go test ./qa -run '^$' -bench '^BenchmarkAsk$' -benchtime 3s -count 6
//
// BenchmarkAsk1000 builds a base of 1,000 articles first (minutes); -short
// skips it.
//
// Nothing here asserts a time: numbers belong in the README, not in tests.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/synth"
)

// Question sets, relative to this package's folder. The dev set lives in
// shared/ beside the repository; a checkout without it skips what needs it.
var (
	devQuestions     = filepath.Join("..", "..", "shared", "eval", "dev.jsonl")
	heldoutQuestions = filepath.Join("..", "testdata", "eval", "heldout.jsonl")
)

// lastHeldOut is the number of the newest held-out set in testdata/eval.
const lastHeldOut = 267

// heldOut returns the path of held-out set n (2 to lastHeldOut); set 1 is
// heldoutQuestions.
func heldOut(n int) string {
	return filepath.Join("..", "testdata", "eval", fmt.Sprintf("heldout%d.jsonl", n))
}

// goldenSets lists every question set whose answers the golden file pins,
// in its order: the held-out sets, then dev.
func goldenSets() []string {
	sets := []string{heldoutQuestions}
	for n := 2; n <= lastHeldOut; n++ {
		sets = append(sets, heldOut(n))
	}
	return append(sets, devQuestions)
}

// sharedBase returns the knowledge base built from the default article,
// built once per test binary: building loads gse's full dictionary, about
// two seconds.
func sharedBase(tb testing.TB) *knowledge.Base {
	tb.Helper()
	sharedDefault.once.Do(func() {
		sharedDefault.base, sharedDefault.err = knowledge.Build(context.Background(), knowledge.BuildOptions{})
	})
	if sharedDefault.err != nil {
		tb.Fatalf("build the default knowledge base: %v", sharedDefault.err)
	}
	return sharedDefault.base
}

var sharedDefault struct {
	once sync.Once
	base *knowledge.Base
	err  error
}

// synthBase returns a knowledge base of the default article and 999
// synthetic variants of it (knowledge/synth), built once per test binary.
func synthBase(tb testing.TB) *knowledge.Base {
	tb.Helper()
	shared1000.once.Do(func() {
		srcs := append([]knowledge.Source{knowledge.DefaultSource()}, synth.Articles(999, 1)...)
		shared1000.base, shared1000.err = knowledge.Build(context.Background(), knowledge.BuildOptions{Sources: srcs})
	})
	if shared1000.err != nil {
		tb.Fatalf("build the 1000-article knowledge base: %v", shared1000.err)
	}
	return shared1000.base
}

var shared1000 struct {
	once sync.Once
	base *knowledge.Base
	err  error
}

// questions reads the questions of evaluation sets; a set whose file is
// missing skips the benchmark.
func questions(tb testing.TB, paths ...string) []string {
	tb.Helper()
	var out []string
	for _, p := range paths {
		f, err := os.Open(p)
		if os.IsNotExist(err) {
			tb.Skipf("no question set %s", p)
		}
		if err != nil {
			tb.Fatal(err)
		}
		cases, err := ReadCases(f)
		f.Close()
		if err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		for _, c := range cases {
			out = append(out, c.Q)
		}
	}
	if len(out) == 0 {
		tb.Skip("no questions")
	}
	return out
}

// latencies asks every question rounds times, round by round, and returns
// each call's duration, by question: d[i][r] is question i in round r. One
// warm-up round comes first and is not recorded, so that lazily built
// state (the engine's model, OpenCC's tables) is not counted.
func latencies(e *Engine, qs []string, rounds int) [][]time.Duration {
	for _, q := range qs {
		e.Ask(context.Background(), q)
	}
	d := make([][]time.Duration, len(qs))
	for i := range d {
		d[i] = make([]time.Duration, rounds)
	}
	for r := 0; r < rounds; r++ {
		for i, q := range qs {
			start := time.Now()
			e.Ask(context.Background(), q)
			d[i][r] = time.Since(start)
		}
	}
	return d
}

// percentile is the nearest-rank p-th percentile (0 < p <= 1) of sorted.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	k := int(float64(len(sorted))*p+0.999999999) - 1
	return sorted[min(max(k, 0), len(sorted)-1)]
}

// reportLatency reports the percentiles of samples (sorting it).
func reportLatency(b *testing.B, samples []time.Duration) {
	slices.Sort(samples)
	b.ReportMetric(float64(percentile(samples, 0.50)), "p50-ns")
	b.ReportMetric(float64(percentile(samples, 0.99)), "p99-ns")
	b.ReportMetric(float64(samples[len(samples)-1]), "max-ns")
}

// benchAsk answers qs in turn, one question an iteration, timing each
// call: ns/op is the mean over the questions, p50/p99 the per-question
// percentiles (two clock reads, some 40 ns, are inside each sample), and
// cpu-ns/op the process's CPU time a question, garbage collection
// included: unlike the others it barely moves when other programs share
// the machine.
func benchAsk(b *testing.B, e *Engine, qs []string) {
	for _, q := range qs { // warm up: model, OpenCC, pinyin caches
		e.Ask(context.Background(), q)
	}
	const keep = 1 << 20
	samples := make([]time.Duration, keep)
	n := 0
	b.ReportAllocs()
	var cpu0 time.Duration
	for b.Loop() {
		if n == 0 {
			cpu0 = cpuTime()
		}
		q := qs[n%len(qs)]
		start := time.Now()
		e.Ask(context.Background(), q)
		samples[n%keep] = time.Since(start)
		n++
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/op")
	}
	reportLatency(b, samples[:min(n, keep)])
}

// BenchmarkAsk answers the dev and held-out questions on the default
// article's knowledge base.
func BenchmarkAsk(b *testing.B) {
	base := sharedBase(b)
	sets := []struct {
		name  string
		paths []string
	}{
		{"dev", []string{devQuestions}},
		{"heldout", []string{heldoutQuestions}},
		{"all", []string{devQuestions, heldoutQuestions}},
	}
	for _, s := range sets {
		b.Run(s.name, func(b *testing.B) {
			benchAsk(b, New(Fixed(base)), questions(b, s.paths...))
		})
	}
}

// BenchmarkAskParallel is the throughput of one engine shared by
// GOMAXPROCS goroutines (the bot answers chats concurrently).
func BenchmarkAskParallel(b *testing.B) {
	e := New(Fixed(sharedBase(b)))
	qs := questions(b, devQuestions, heldoutQuestions)
	for _, q := range qs {
		e.Ask(context.Background(), q)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			e.Ask(context.Background(), qs[i%len(qs)])
			i++
		}
	})
}

// BenchmarkAskRounds asks the dev and held-out questions over many rounds
// and reports the percentiles of every question's own median (how slow
// each question is, not each call) and, with -v, the slowest questions.
// One op is one round over the whole set.
func BenchmarkAskRounds(b *testing.B) {
	e := New(Fixed(sharedBase(b)))
	qs := questions(b, devQuestions, heldoutQuestions)
	const rounds = 50
	var d [][]time.Duration
	for b.Loop() {
		d = latencies(e, qs, rounds)
	}
	medians := make([]time.Duration, len(qs))
	var all []time.Duration
	for i := range d {
		all = append(all, d[i]...)
		slices.Sort(d[i])
		medians[i] = d[i][rounds/2]
	}
	reportLatency(b, all)
	slowest := make([]int, len(qs))
	for i := range slowest {
		slowest[i] = i
	}
	sort.SliceStable(slowest, func(x, y int) bool { return medians[slowest[x]] > medians[slowest[y]] })
	for _, i := range slowest[:min(10, len(slowest))] {
		b.Logf("%8.1f µs  %s", float64(medians[i])/1e3, qs[i])
	}
}

// BenchmarkNewModel is the engine's first question on a new knowledge
// base: it derives the model (aliases, trigrams, sounds, sections) once
// per base, at start-up and after a reload.
func BenchmarkNewModel(b *testing.B) {
	base := sharedBase(b)
	b.ReportAllocs()
	for b.Loop() {
		New(Fixed(base)).Ask(context.Background(), "杜小刚")
	}
}

// BenchmarkAsk1000 answers the dev questions on a knowledge base of 1,000
// articles: the default one and 999 synthetic variants (knowledge/synth).
// Building it takes a while (see knowledge/synth's BenchmarkBuild1000):
// -short skips it.
func BenchmarkAsk1000(b *testing.B) {
	if testing.Short() {
		b.Skip("-short: no 1000-article knowledge base")
	}
	qs := questions(b, devQuestions)
	base := synthBase(b)
	b.Run("dev", func(b *testing.B) { benchAsk(b, New(Fixed(base)), qs) })
	b.Run("new-model", func(b *testing.B) {
		for b.Loop() {
			New(Fixed(base)).Ask(context.Background(), "杜小刚")
		}
	})
}

// leanStore saves the default base into a file under tb's temporary
// folder and opens it as ask does (read-only, lean).
func leanStore(tb testing.TB) *knowledge.Store {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "kb.db")
	st, err := knowledge.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := knowledge.Build(context.Background(), knowledge.BuildOptions{})
	if err == nil {
		err = st.Save(b)
	}
	if err := errors.Join(err, st.Close()); err != nil {
		tb.Fatal(err)
	}
	if st, err = knowledge.OpenWith(path, knowledge.Options{ReadOnly: true, Lean: true}); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkAskLean answers the dev and held-out questions from the
// default base's file, as ask and the serving bot do: every question
// reads its postings and sentences through a read transaction.
func BenchmarkAskLean(b *testing.B) {
	benchAsk(b, New(leanStore(b)), questions(b, devQuestions, heldoutQuestions))
}

// BenchmarkAskFile answers the dev questions from the base in the file
// $VISITBOT_BENCH_DB (for instance one that testdata/bench/index50.sh
// built with KEEP=1 from 50 MB of sources), opened as ask opens it:
//
//	VISITBOT_BENCH_DB=/tmp/…/kb.db go test ./qa -run '^$' -bench AskFile -benchtime 400x
func BenchmarkAskFile(b *testing.B) {
	path := os.Getenv("VISITBOT_BENCH_DB")
	if path == "" {
		b.Skip("set VISITBOT_BENCH_DB to a built knowledge base")
	}
	st, err := knowledge.OpenWith(path, knowledge.Options{ReadOnly: true, Lean: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	benchAsk(b, New(st), questions(b, devQuestions))
}

// BenchmarkDecisionModel: reading decision.json, as every process that
// answers does once, and one probability, as every answer needs.
func BenchmarkDecisionModel(b *testing.B) {
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			if _, err := parseDecision(decisionJSON); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("probability", func(b *testing.B) {
		x := make([]float64, numFeatures)
		x[featureCov] = 0.8
		d := decisionModel()
		for b.Loop() {
			d.Probability(x)
		}
	})
}
