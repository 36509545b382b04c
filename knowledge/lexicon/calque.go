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
	// maxCalques bounds the calques of one name.
	maxCalques = 64
)

// Calques returns the English that names may be translated into word for
// word: for each name of two pieces or more, every way of writing each
// piece (a character, or a word of up to maxPieceRunes characters) by an
// English word of one of its CC-CEDICT senses, in order, the words' base
// forms (Base) joined by spaces, mapped to the name (three lane seven
// alley: 三坊七巷, Three Lanes and Seven Alleys; west lake: 西湖). A
// translated name that the text does not romanise is found by its
// words. Of two names one calque writes, the first in byte order keeps it.
func Calques(names []string) (map[string]string, error) {
	pieces := map[string][]string{} // a piece of a name -> English words of its senses
	for _, n := range names {
		rs := []rune(n)
		for i := range rs {
			for j := i + 1; j <= min(len(rs), i+maxPieceRunes); j++ {
				pieces[string(rs[i:j])] = nil
			}
		}
	}
	err := eachSense(func(key, words string) {
		if strings.ContainsRune(key, ' ') {
			return // a sense of several words translates no piece word for word
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
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	for _, n := range sorted {
		for _, c := range calquesOf(n, pieces) {
			if _, taken := out[c]; !taken {
				out[c] = n
			}
		}
	}
	return out, nil
}

// calquesOf returns up to maxCalques calques of name (see Calques), given
// the English words of each piece.
func calquesOf(name string, pieces map[string][]string) []string {
	var out []string
	var walk func(rest string, words []string)
	walk = func(rest string, words []string) {
		if len(out) == maxCalques {
			return
		}
		if rest == "" {
			if len(words) >= 2 {
				out = append(out, strings.Join(words, " "))
			}
			return
		}
		end := 0
		for k := 0; k < maxPieceRunes && end < len(rest); k++ {
			_, size := utf8.DecodeRuneInString(rest[end:])
			end += size
			for _, g := range pieces[rest[:end]] {
				walk(rest[end:], append(words, g))
			}
		}
	}
	walk(name, nil)
	return out
}
