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

// Units calls fn with each unit of normalised text, in order: an
// ideograph, or a run of letters, or a run of digits (a run longer than
// MaxUnitBytes is cut into pieces). gap is set when anything else (space,
// punctuation) stands between the unit and the one before it, and for the
// first unit.
func Units(norm string, fn func(u Unit, gap bool)) {
	gap := true
	for i := 0; i < len(norm); {
		if _, ok := commonHanAt(norm, i); ok { // the common ideographs, without the decoder
			fn(Unit{i, i + 3}, gap)
			gap = false
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(norm[i:])
		switch {
		case isHan(r):
			fn(Unit{i, i + n}, gap)
			gap = false
			i += n
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			digit := unicode.IsDigit(r)
			j := i + n
			for j < len(norm) && j-i < MaxUnitBytes {
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

// MaxUnitBytes bounds a unit (and a token): a run of letters or digits
// longer than this (a base64 blob in a source) is cut, the same way in a
// source and in a question, so that no index key grows past what the store
// takes.
const MaxUnitBytes = 64

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
