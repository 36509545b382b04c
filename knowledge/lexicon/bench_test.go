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

// BenchmarkCalques reads the senses once for a few names: the cost a
// build pays for the calques of its names.
func BenchmarkCalques(b *testing.B) {
	names := []string{"三坊七巷", "福州市委党校", "厦门翔安国际机场", "之江实验室", "金圆集团", "兴业银行无锡分行"}
	for b.Loop() {
		if _, err := Calques(names); err != nil {
			b.Fatal(err)
		}
	}
}
