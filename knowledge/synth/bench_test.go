package synth_test

// Benchmarks of building, saving and opening knowledge bases: the default
// article, and 1,000 articles (the default one and 999 synthetic variants).
//
//	go test ./knowledge/synth -run '^$' -bench . -benchtime 1x
//
// Besides ns/op they report "db-bytes" (the bbolt file), "save-ns" and
// "heap-bytes" (live heap with the base loaded, after a GC). Nothing here
// asserts a time. The 1000-article benchmarks take minutes: -short skips
// them.
//
// TestWriteArticles writes synthetic articles as files, for measuring the
// command on them:
//
//	go test ./knowledge/synth -run TestWriteArticles -args -write DIR -n 999

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/synth"
)

var (
	writeDir = flag.String("write", "", "TestWriteArticles: write synthetic articles into this `folder`")
	writeN   = flag.Int("n", 999, "TestWriteArticles: how many")
)

// thousand is the default article and 999 synthetic variants of it.
func thousand() []knowledge.Source {
	return append([]knowledge.Source{knowledge.DefaultSource()}, synth.Articles(999, 1)...)
}

func TestWriteArticles(t *testing.T) {
	if *writeDir == "" {
		t.Skip("no -write folder")
	}
	if err := os.MkdirAll(*writeDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range synth.Articles(*writeN, 1) {
		if err := os.WriteFile(filepath.Join(*writeDir, s.Name+".txt"), s.Text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// liveHeap is the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkLoadLexicon is gse's full dictionary, which every build loads.
func BenchmarkLoadLexicon(b *testing.B) {
	for b.Loop() {
		if _, err := analysis.LoadLexicon(); err != nil {
			b.Fatal(err)
		}
	}
}

// benchBuild builds from srcs (lexicon included unless lex is given), saves
// the base to a new bbolt file and opens that file again, reporting each.
func benchBuild(b *testing.B, srcs []knowledge.Source, lex *analysis.Lexicon) {
	var base *knowledge.Base
	for b.Loop() {
		var err error
		base, err = knowledge.Build(context.Background(), knowledge.BuildOptions{Sources: srcs, Lexicon: lex})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	path := filepath.Join(b.TempDir(), "kb.db")
	st, err := knowledge.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := st.Save(base); err != nil {
		b.Fatal(err)
	}
	save := time.Since(start)
	st.Close()
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	before := liveHeap()
	start = time.Now()
	st, err = knowledge.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	open := time.Since(start)
	heap := liveHeap() - before
	if st.Current() == nil {
		b.Fatal("the saved base did not load")
	}
	st.Close()
	b.ReportMetric(float64(info.Size()), "db-bytes")
	b.ReportMetric(float64(save.Nanoseconds()), "save-ns")
	b.ReportMetric(float64(open.Nanoseconds()), "open-ns")
	b.ReportMetric(float64(heap), "heap-bytes")
	b.ReportMetric(float64(base.Info.Sentences), "sentences")
}

// BenchmarkBuildDefault is `visitbot index` on the default article, gse's
// dictionary included.
func BenchmarkBuildDefault(b *testing.B) {
	benchBuild(b, nil, nil)
}

// BenchmarkBuildDefaultPreloaded is the same with the dictionary loaded
// beforehand: the build's own work.
func BenchmarkBuildDefaultPreloaded(b *testing.B) {
	lex, err := analysis.LoadLexicon()
	if err != nil {
		b.Fatal(err)
	}
	benchBuild(b, nil, lex)
}

// BenchmarkBuild1000 builds 1,000 articles, gse's dictionary included;
// -short skips it.
func BenchmarkBuild1000(b *testing.B) {
	if testing.Short() {
		b.Skip("-short: no 1000-article knowledge base")
	}
	benchBuild(b, thousand(), nil)
}

// BenchmarkOpen is the start-up cost of a saved base, opened read-only:
// whole (every record read and checked, the analyzer and the sentences'
// features rebuilt) and lean, as ask, chat and eval open it (what every
// question needs: info, names, the analyzer, aliases; lexicon and tables
// checked and read in place).
func BenchmarkOpen(b *testing.B) {
	for _, c := range []struct {
		name string
		srcs []knowledge.Source
	}{{"default", nil}, {"1000", thousand()}} {
		b.Run(c.name, func(b *testing.B) {
			if c.srcs != nil && testing.Short() {
				b.Skip("-short: no 1000-article knowledge base")
			}
			base, err := knowledge.Build(context.Background(), knowledge.BuildOptions{Sources: c.srcs})
			if err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(b.TempDir(), "kb.db")
			st, err := knowledge.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			if err := st.Save(base); err != nil {
				b.Fatal(err)
			}
			st.Close()
			base = nil
			for _, o := range []struct {
				name string
				opt  knowledge.Options
			}{{"whole", knowledge.Options{ReadOnly: true}}, {"lean", knowledge.Options{ReadOnly: true, Lean: true}}} {
				b.Run(o.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						st, err := knowledge.OpenWith(path, o.opt)
						if err != nil {
							b.Fatal(err)
						}
						st.Close()
					}
				})
			}
		})
	}
}

// BenchmarkReader opens a knowledge.Reader on the default base and on 1,000
// articles and reads the postings of a few words and the sentences they
// point at, as a question would. Its cost is that of decoding the words'
// postings: it grows with how often they occur, not with the rest of the
// base (the 1,000 articles repeat 考察 and 合作 thousands of times).
//
//	go test -run '^$' -bench Reader -benchtime 2000x
func BenchmarkReader(b *testing.B) {
	words := []string{"杜小刚", "考察", "厦门大学", "机器人", "合作"}
	for _, c := range []struct {
		name string
		srcs []knowledge.Source
	}{{"default", nil}, {"1000", thousand()}} {
		b.Run(c.name, func(b *testing.B) {
			if c.srcs != nil && testing.Short() {
				b.Skip("-short: no 1000-article knowledge base")
			}
			base, err := knowledge.Build(context.Background(), knowledge.BuildOptions{Sources: c.srcs})
			if err != nil {
				b.Fatal(err)
			}
			st, err := knowledge.Open(filepath.Join(b.TempDir(), "kb.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			if err := st.Save(base); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				r, err := st.NewReader()
				if err != nil {
					b.Fatal(err)
				}
				for _, w := range words {
					ps, err := r.Word(w)
					if err != nil {
						b.Fatal(err)
					}
					for _, p := range ps[:min(len(ps), 3)] {
						if _, err := r.Sentence(p.ID); err != nil {
							b.Fatal(err)
						}
					}
				}
				r.Close()
			}
		})
	}
}

// BenchmarkBuildArticles builds -articles synthetic articles (300 by
// default, about 2.8 MB) without saving them, for profiles of the build:
//
//	go test ./knowledge/synth -run '^$' -bench BuildArticles -benchtime 1x -cpuprofile cpu.out -memprofile mem.out
func BenchmarkBuildArticles(b *testing.B) {
	srcs := synth.Articles(*benchArticles, 1)
	lex, err := analysis.LoadLexicon()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := knowledge.Build(context.Background(), knowledge.BuildOptions{Sources: srcs, Lexicon: lex}); err != nil {
			b.Fatal(err)
		}
	}
}

var benchArticles = flag.Int("articles", 300, "BenchmarkBuildArticles: how many synthetic articles")

// BenchmarkBuildFile is knowledge.BuildFile (the streaming build that
// `visitbot index` runs in its child) of 1, 4 and 16 times -articles/16
// synthetic articles (gse's dictionary loaded beforehand), reporting the
// peak of the live heap during the build ("peak-heap-bytes", sampled every
// millisecond through runtime/metrics, the dictionary's 200 MB included)
// and the file's size. A streaming build's peak grows far slower than the
// sources (the postings and the documents record grow with them):
//
//	go test ./knowledge/synth -run '^$' -bench BuildFile -benchtime 1x
func BenchmarkBuildFile(b *testing.B) {
	lex, err := analysis.LoadLexicon()
	if err != nil {
		b.Fatal(err)
	}
	per := max(*benchArticles/16, 1)
	for _, k := range []int{1, 4, 16} {
		srcs := synth.Articles(k*per, 1)
		b.Run(fmt.Sprintf("%darticles", k*per), func(b *testing.B) {
			var size int64
			peak := peakHeap(func() {
				for b.Loop() {
					path := filepath.Join(b.TempDir(), "kb.db")
					if _, err := knowledge.BuildFile(context.Background(), path, knowledge.StreamOptions{Sources: knowledge.SourceSeq(srcs), Lexicon: lex}); err != nil {
						b.Fatal(err)
					}
					if info, err := os.Stat(path); err == nil {
						size = info.Size()
					}
				}
			})
			b.ReportMetric(float64(peak), "peak-heap-bytes")
			b.ReportMetric(float64(size), "db-bytes")
		})
	}
}

// peakHeap runs fn and returns the most heap memory in objects seen
// while it ran, sampled every millisecond.
func peakHeap(fn func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	fn()
	close(done)
	wg.Wait()
	return peak
}
