package analysis

import (
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// TestReadingsTable checks the embedded table against the library it was
// made from, ideograph by ideograph: run go generate if it fails.
func TestReadingsTable(t *testing.T) {
	heteronym := pinyin.NewArgs()
	heteronym.Heteronym = true
	n := 0
	for cp := range pinyin.PinyinDict {
		r := rune(cp)
		want := pinyin.SinglePinyin(r, heteronym)
		if got := readings(r); !slices.Equal(got, want) {
			t.Fatalf("readings(%q U+%04X) = %q, go-pinyin says %q: run go generate ./knowledge/analysis", r, cp, got, want)
		}
		n++
	}
	if n < 40000 {
		t.Fatalf("go-pinyin has %d ideographs; expected over 40,000", n)
	}
	for _, r := range []rune{'a', '。', 0x10FFFF, 0x4DFF} {
		if got := readings(r); got != nil {
			t.Errorf("readings(%q) = %q, want none", r, got)
		}
	}
}

func TestSoundAndRomanise(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"杜小刚", []string{"duxiaogang", "tuxiaogang"}}, // 杜 has a rare reading tu
		{"厦门", []string{"shamen", "xiamen"}},
		{"绿", []string{"lv", "lu"}},
		{"ab", nil},
	} {
		if got := Romanise(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Romanise(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		r    rune
		want string
	}{{'校', "xiao"}, {'效', "xiao"}, {'张', "zan"}, {'林', "nin"}, {'x', ""}} {
		if got := Sound(tc.r); got != tc.want {
			t.Errorf("Sound(%q) = %q, want %q", tc.r, got, tc.want)
		}
	}
}

// TestTraditionalBits checks the embedded table against OpenCC, rune by
// rune of the Basic Multilingual Plane: run go generate if it fails.
func TestTraditionalBits(t *testing.T) {
	n := 0
	for r := rune(0); r < 0x10000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		if got, want := isTraditional(r), convertRune(r); got != want {
			t.Fatalf("isTraditional(%q U+%04X) = %v, OpenCC says %v: run go generate ./knowledge/analysis", r, r, got, want)
		}
		if isTraditional(r) {
			n++
		}
	}
	if n < 3000 {
		t.Fatalf("%d Traditional characters; expected over 3,000", n)
	}
}
