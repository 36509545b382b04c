package lexicon

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

func sampleFiltered() Filtered {
	return Filtered{
		Related: map[string][]Related{
			"老大": {{"带队", 0.8}, {"主任", 0.5}},
			"出差": {{"考察", 0.7}},
			"a":  nil,
		},
		English:   map[string][]Related{"director": {{"主任", 1}}, "visit": {{"考察", 0.5}, {"访问", 0.5}}},
		Romanised: map[string]string{"duxiaogang": "杜小刚", "xiamen": "厦门", "shamen": "厦门"},
		Names:     map[string]byte{"泉州": 'p', "马云": 'r', "阿里巴巴": 'z'},
	}
}

func TestTableRoundTrip(t *testing.T) {
	f := sampleFiltered()
	tab, err := NewTable(string(f.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range f.Related {
		if got := tab.Related(k); len(want) > 0 && !reflect.DeepEqual(got, want) || len(want) == 0 && len(got) != 0 {
			t.Errorf("Related(%q) = %v, want %v", k, got, want)
		}
	}
	for k, want := range f.English {
		if got := tab.English(k); !reflect.DeepEqual(got, want) {
			t.Errorf("English(%q) = %v, want %v", k, got, want)
		}
	}
	for k, want := range f.Romanised {
		if got, ok := tab.Romanised(k); !ok || got != want {
			t.Errorf("Romanised(%q) = %q, %v, want %q", k, got, ok, want)
		}
	}
	for _, k := range []string{"", "老", "老大哥", "zzz", "\xff"} {
		if got := tab.Related(k); got != nil {
			t.Errorf("Related(%q) = %v, want none", k, got)
		}
		if _, ok := tab.Romanised(k); ok {
			t.Errorf("Romanised(%q) found", k)
		}
	}
	for k, want := range f.Names {
		if got, ok := tab.Name(k); !ok || got != want {
			t.Errorf("Name(%q) = %c, %v, want %c", k, got, ok, want)
		}
	}
	if _, ok := tab.Name("厦门"); ok {
		t.Error("Name(厦门) found")
	}
	// A common word is a word, not a name.
	w, err := NewTable(string(Filtered{Names: map[string]byte{"总部": CommonWord, "泉州": 'p'}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	if !w.Common("总部") || w.Common("泉州") {
		t.Errorf("Common: 总部 %v, 泉州 %v; want a common word only for 总部", w.Common("总部"), w.Common("泉州"))
	}
	if _, ok := w.Name("总部"); ok || !w.Word("总部") || !w.Word("泉州") || w.Word("布设") {
		t.Errorf("总部: Name %v, Word %v; 泉州: Word %v; 布设: Word %v", ok, w.Word("总部"), w.Word("泉州"), w.Word("布设"))
	}
	if r, e, o, n := tab.Len(); r != 3 || e != 2 || o != 3 || n != 3 {
		t.Errorf("Len = %d %d %d %d, want 3 2 3 3", r, e, o, n)
	}
	var zero Table
	if zero.Related("老大") != nil || zero.English("director") != nil {
		t.Error("the zero Table has entries")
	}
}

// TestTableDamage: truncated or altered bytes are refused at NewTable or
// give no entry or another entry at a lookup, never a panic.
func TestTableDamage(t *testing.T) {
	data := sampleFiltered().Encode()
	for n := range len(data) {
		if _, err := NewTable(string(data[:n])); err == nil {
			t.Fatalf("NewTable of the first %d of %d bytes: no error", n, len(data))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		b := append([]byte(nil), data...)
		for range 1 + rng.IntN(4) {
			i := rng.IntN(len(b))
			b[i] ^= 1 << rng.IntN(8)
		}
		tab, err := NewTable(string(b))
		if err != nil {
			continue
		}
		for _, k := range []string{"老大", "出差", "a", "director", "visit", "duxiaogang", "xiamen", "q", "泉州", "马云"} {
			tab.Related(k)
			tab.English(k)
			tab.Romanised(k)
			tab.Name(k)
		}
	}
}
