package knowledge

import (
	"path/filepath"
	"testing"
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
// dictionary, the longest step of an open.
//
//	go test -run '^$' -bench NewAnalyzer -benchmem ./knowledge
func BenchmarkNewAnalyzer(b *testing.B) {
	dict := defaultBase(b).Dict
	b.ReportMetric(float64(len(dict)), "words")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := newAnalyzer(dict); err != nil {
			b.Fatal(err)
		}
	}
}
