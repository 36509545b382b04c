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
