package lexicon

import "testing"

// BenchmarkFilter reads the whole embedded dictionary for a small text,
// as a build does.
func BenchmarkFilter(b *testing.B) {
	for b.Loop() {
		if _, err := Filter([]string{"带队", "主任", "考察团", "机器人"}, nil); err != nil {
			b.Fatal(err)
		}
	}
}
