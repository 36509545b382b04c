package analysis

import (
	"slices"
	"testing"
)

func TestSplitPinyin(t *testing.T) {
	for _, c := range []struct {
		key  string
		n    int
		want [][]string
	}{
		{"xichuangtou", 3, [][]string{{"xi", "chuang", "tou"}}},
		{"xian", 2, [][]string{{"xia", "n"}, {"xi", "an"}}}, // 嗯 reads n
		{"xian", 1, [][]string{{"xian"}}},
		{"robot", 2, nil},
		{"", 1, nil},
	} {
		if got := SplitPinyin(c.key, c.n); !slices.EqualFunc(got, c.want, slices.Equal) {
			t.Errorf("SplitPinyin(%q, %d) = %v, want %v", c.key, c.n, got, c.want)
		}
	}
	for key, want := range map[string]bool{"gaoqi": true, "xidong": true, "xiamen": true, "municipal": false, "airlines": false, "strait": false, "hi": false, "xian": true, "": false} {
		if got := SpellsPinyin(key); got != want {
			t.Errorf("SpellsPinyin(%q) = %v, want %v", key, got, want)
		}
	}
	if got, want := FoldPinyin("chuang"), Sound('创'); got != want {
		t.Errorf("FoldPinyin(chuang) = %q, Sound(创) = %q", got, want)
	}
}

// TestSoundsAlike: two ideographs sound alike when any of their readings
// agree once folded (厦 is sha and xia), not when none do.
func TestSoundsAlike(t *testing.T) {
	for _, tt := range []struct {
		a, b rune
		want bool
	}{
		{'夏', '厦', true},
		{'叶', '业', true},
		{'钢', '刚', true},
		{'算', '无', false},
		{'完', '州', false},
		{'a', 'a', true},
		{'a', 'b', false},
	} {
		if got := SoundsAlike(tt.a, tt.b); got != tt.want {
			t.Errorf("SoundsAlike(%c, %c) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestSounds: every reading's sound, folded, once, the first reading's
// first (Sound); none for what is not an ideograph.
func TestSounds(t *testing.T) {
	for _, tt := range []struct {
		r    rune
		want []string
	}{
		{'厦', []string{Sound('厦'), "xia"}},
		{'想', []string{"xian"}},
		{'a', nil},
	} {
		got := Sounds(tt.r)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Sounds(%c) = %q, want %q", tt.r, got, tt.want)
		}
		if len(got) > 0 && got[0] != Sound(tt.r) {
			t.Errorf("Sounds(%c)[0] = %q, Sound = %q", tt.r, got[0], Sound(tt.r))
		}
	}
}

// TestFoldParts: zh, ch, sh fold to z, c, s, l to n, a final -ng to -n;
// foldParts cuts the same in two, and a syllable nothing folds is itself.
func TestFoldParts(t *testing.T) {
	for _, tt := range []struct{ in, head, body string }{
		{"zhang", "z", "an"}, {"chuang", "c", "uan"}, {"shi", "s", "i"}, {"lang", "n", "an"},
		{"xia", "x", "ia"}, {"ng", "n", ""}, {"zh", "z", ""}, {"", "", ""},
	} {
		h, b := foldParts(tt.in)
		if h != tt.head || b != tt.body || foldPinyin(tt.in) != tt.head+tt.body {
			t.Errorf("%q: foldParts = %q+%q, foldPinyin = %q; want %q+%q", tt.in, h, b, foldPinyin(tt.in), tt.head, tt.body)
		}
	}
}
