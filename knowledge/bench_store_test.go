package knowledge

import (
	"path/filepath"
	"testing"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

// BenchmarkOpen opens the default article's store read-only and loads its
// base, as ask does before its first question.
//
//	go test -run '^$' -bench Open -benchmem ./knowledge
func BenchmarkOpen(b *testing.B) {
	path := filepath.Join(b.TempDir(), "kb.db")
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Save(clone(defaultBase(b))); err != nil {
		b.Fatal(err)
	}
	s.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s, err := OpenReadOnly(path)
		if err != nil {
			b.Fatal(err)
		}
		if s.Current() == nil {
			b.Fatal("no base")
		}
		s.Close()
	}
}

// BenchmarkNewAnalyzer builds the default base's analyzer from its stored
// dictionary, as an index does (gse's dictionary, then the segmentation
// table), and BenchmarkLoadAnalyzer reads that table back, as an open does.
//
//	go test -run '^$' -bench 'NewAnalyzer|LoadAnalyzer' -benchmem ./knowledge
func BenchmarkNewAnalyzer(b *testing.B) {
	dict := defaultBase(b).Dict
	b.ReportMetric(float64(len(dict)), "words")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := analysis.New(dict); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadAnalyzer(b *testing.B) {
	table := defaultBase(b).Analyzer().Table()
	b.ReportMetric(float64(len(table)), "bytes")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := analysis.Load(table); err != nil {
			b.Fatal(err)
		}
	}
}
