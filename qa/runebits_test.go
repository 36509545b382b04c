package qa

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

// TestCueIndexLeftmost: leftmost finds what taking strings.Index of each
// cue in list order, keeping the first strictly leftmost, finds.
func TestCueIndexLeftmost(t *testing.T) {
	cues := []string{"在哪", "牛在哪", "牛", "哪儿", "凭什么", "what"}
	x := newCueIndex(cues)
	for _, s := range []string{"", "强脑科技牛在哪儿", "凭什么牛在哪", "在哪里", "牛牛", "so what 牛", "没有", "哪儿牛在哪"} {
		from, to := 0, 0
		for _, c := range cues {
			if i := strings.Index(s, c); i >= 0 && (to == 0 || i < from) {
				from, to = i, i+len(c)
			}
		}
		i, c := x.leftmost(s)
		if got := (i >= 0); got != (to > 0) || got && (i != from || i+len(c) != to) {
			t.Errorf("leftmost(%q) = %d, %q; want %d, %d", s, i, c, from, to)
		}
	}
}

// TestRuneBits: a rune added is always found; anyIn finds a rune of s.
func TestRuneBits(t *testing.T) {
	b := firstRunes([]string{"牛在哪", "how"})
	if !b.mayHave('牛') || !b.mayHave('h') || !b.anyIn("问牛") || b.anyIn("") {
		t.Error("a rune of the set was not found")
	}
}

// TestNumeralRunes: numeralRunes holds every rune analysis.IsNumeral
// accepts, so that a text it finds none in has no numeral.
func TestNumeralRunes(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if analysis.IsNumeral(r) && !numeralRunes.mayHave(r) {
			t.Errorf("numeralRunes lacks %q", r)
		}
	}
}

// TestLastRune: lastRune is utf8.DecodeLastRuneInString's rune, for valid
// endings of every length and for invalid ones (overlong, surrogate,
// truncated).
func TestLastRune(t *testing.T) {
	for _, s := range []string{"", "a", "ab", "杭州", "中", "é", "x𠮶", "\xe0\x80\x80", "\xed\xa0\x80", "\xef\xbf", "\x80\x80\x80", "a\xe4\xb8", "ab\xe4", "中\xff", "\xe4\xb8\xad\xbf"} {
		if want, _ := utf8.DecodeLastRuneInString(s); lastRune(s) != want {
			t.Errorf("lastRune(%q) = %U, want %U", s, lastRune(s), want)
		}
	}
	for r := rune(0); r <= utf8.MaxRune; r += 7 {
		if s := "x" + string(r); lastRune(s) != r && utf8.ValidRune(r) {
			t.Fatalf("lastRune(%q) = %U, want %U", s, lastRune(s), r)
		}
	}
}
