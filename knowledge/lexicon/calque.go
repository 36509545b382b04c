package lexicon

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Bounds of calques.
const (
	// maxPieceRunes is the longest piece of a name translated as one
	// word (集团: group).
	maxPieceRunes = 3
	// maxGlosses bounds the English words kept for one piece.
	maxGlosses = 8
	// MaxCalqueWords is the most words of a calque: a name of more
	// pieces has none.
	MaxCalqueWords = 5
	// MaxCalqueRunes is the longest name that has calques: longer ones
	// are mostly of words a reader romanises or knows by an acronym, and
	// each character adds pieces to look up.
	MaxCalqueRunes = 6
	// maxCalques bounds the calques of one name: each is a key of the
	// base's romanised section, and a base of 50 MB has tens of thousands
	// of names.
	maxCalques = 8
)

// Calques returns the English that names may be translated into word for
// word: for each name of two to MaxCalqueWords pieces and at most
// MaxCalqueRunes characters, up to maxCalques ways of writing each piece
// (a word of up to maxPieceRunes characters, the longest tried first, or a
// character) by an English word of one of its CC-CEDICT senses (no
// numeral in digits), in order, the words' base forms (Base) joined by
// spaces, mapped to the name (three lane seven alley: 三坊七巷, Three Lanes
// and Seven Alleys; west lake: 西湖). A translated name that the text does
// not romanise is found by its words. A calque of two names names neither.
func Calques(names []string) (map[string]string, error) {
	pieces := map[string][]string{} // a piece of a name -> English words of its senses
	names = slices.DeleteFunc(slices.Clone(names), func(n string) bool { return utf8.RuneCountInString(n) > MaxCalqueRunes })
	for _, n := range names {
		rs := []rune(n)
		for i := range rs {
			for j := i + 1; j <= min(len(rs), i+maxPieceRunes); j++ {
				pieces[string(rs[i:j])] = nil
			}
		}
	}
	err := eachSense(func(key, words string) {
		if strings.ContainsRune(key, ' ') || strings.Trim(key, "0123456789") == "" {
			return // a sense of several words translates no piece word for word; a name writes no numeral in digits
		}
		for w := range strings.FieldsSeq(words) {
			if g, ok := pieces[w]; ok && len(g) < maxGlosses && !slices.Contains(g, key) {
				pieces[w] = append(g, key)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	shared := map[string]bool{}
	for _, n := range names {
		for _, c := range calquesOf(n, pieces) {
			if other, taken := out[c]; taken && other != n {
				shared[c] = true
			}
			out[c] = n
		}
	}
	for c := range shared {
		delete(out, c)
	}
	return out, nil
}

// calquesOf returns up to maxCalques calques of name (see Calques), given
// the English words of each piece. It tries only pieces after which the
// rest of the name can be written in the words left, so that a name with
// a character no sense translates costs one pass, not every combination.
func calquesOf(name string, pieces map[string][]string) []string {
	rs := []rune(name)
	n := len(rs)
	// fewest[i] is the fewest pieces that write rs[i:], MaxCalqueWords+1
	// when none do within MaxCalqueWords.
	fewest := make([]int, n+1)
	for i := n - 1; i >= 0; i-- {
		fewest[i] = MaxCalqueWords + 1
		for j := i + 1; j <= min(n, i+maxPieceRunes); j++ {
			if len(pieces[string(rs[i:j])]) > 0 && fewest[j]+1 < fewest[i] {
				fewest[i] = fewest[j] + 1
			}
		}
	}
	if fewest[0] < 2 || fewest[0] > MaxCalqueWords {
		return nil
	}
	var out []string
	words := make([]string, 0, MaxCalqueWords)
	var walk func(i int)
	walk = func(i int) {
		if i == n {
			if len(words) >= 2 {
				out = append(out, strings.Join(words, " "))
			}
			return
		}
		for j := min(n, i+maxPieceRunes); j > i && len(out) < maxCalques; j-- {
			if len(words)+1+fewest[j] > MaxCalqueWords {
				continue // the rest cannot be written in the words left
			}
			for _, g := range pieces[string(rs[i:j])] {
				words = append(words, g)
				walk(j)
				words = words[:len(words)-1]
			}
		}
	}
	walk(0)
	return out
}
