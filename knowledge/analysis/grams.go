package analysis

import (
	"unicode"
	"unicode/utf8"
)

// Unit is one unit of a gram: an ideograph, or a run of Latin letters, or a
// run of digits.
type Unit struct {
	Start, End int // byte offsets into the normalised text
}

// Units splits normalised text into units; a nil Unit{-1,-1} is never
// returned, but consecutive units separated by anything else (space,
// punctuation) are reported with gap set on the later one.
func Units(norm string, fn func(u Unit, gap bool)) {
	gap := true
	for i := 0; i < len(norm); {
		r, n := utf8.DecodeRuneInString(norm[i:])
		switch {
		case isHan(r):
			fn(Unit{i, i + n}, gap)
			gap = false
			i += n
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			digit := unicode.IsDigit(r)
			j := i + n
			for j < len(norm) {
				r2, n2 := utf8.DecodeRuneInString(norm[j:])
				if isHan(r2) || !(unicode.IsLetter(r2) || unicode.IsDigit(r2)) || unicode.IsDigit(r2) != digit {
					break
				}
				j += n2
			}
			fn(Unit{i, j}, gap)
			gap = false
			i = j
		default:
			gap = true
			i += n
		}
	}
}

// Grams calls fn with every unigram and bigram of units in normalised text.
// Bigrams never span punctuation or spaces.
func Grams(norm string, fn func(gram string)) {
	prev := Unit{-1, -1}
	Units(norm, func(u Unit, gap bool) {
		fn(norm[u.Start:u.End])
		if !gap && prev.Start >= 0 {
			fn(norm[prev.Start:u.End])
		}
		prev = u
	})
}
