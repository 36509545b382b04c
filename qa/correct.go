package qa

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

// The correct pass of the read stage: one-character typos and homophones
// of the text's words are fixed before the question is segmented.

// fixSpan is a correction of the question: its bytes start to end become text.
type fixSpan struct {
	start, end int
	text       string
}

// correct fixes one-character typos and homophones: three units (an
// ideograph or a run of digits or letters) that the text does not have,
// but that sound like exactly one run of three units of the text differing
// in one ideograph, are replaced by it (杜晓刚 -> 杜小刚, 金荣机构 -> 金融机构).
// Function and question words are left alone.
func (m *model) correct(norm string, toks []analysis.Token) (string, bool) {
	// funcByte marks the bytes of function words; tokAt[b] is the token
	// that starts at byte b, or -1.
	funcByte := make([]bool, len(norm)+1)
	knownByte := make([]bool, len(norm)+1) // bytes of words the text has
	tokAt := make([]int16, len(norm)+1)
	for i := range tokAt {
		tokAt[i] = -1
	}
	anyUnknown := false
	for k, t := range toks {
		if k < 1<<15 {
			tokAt[t.Start] = int16(k)
		}
		known := m.base.Index.Words[t.Text] != nil
		anyUnknown = anyUnknown || !known && !t.Function
		for b := t.Start; b < t.End; b++ {
			funcByte[b] = t.Function
			knownByte[b] = known
		}
	}
	if !anyUnknown {
		return norm, false // every content word is a word of the text: no typo to fix
	}
	// allKnown reports a stretch made only of words of the text: a typo
	// always leaves a word the text does not have.
	allKnown := func(start, end int) bool {
		for b := start; b < end; b++ {
			if !knownByte[b] {
				return false
			}
		}
		return true
	}
	inContent := func(start, end int) bool {
		for b := start; b < end; b++ {
			if funcByte[b] {
				return false
			}
		}
		return true
	}
	isLoose := func(u analysis.Unit) bool {
		k := tokAt[u.Start]
		return k >= 0 && toks[k].End == u.End && isSingleHan(toks[k].Text)
	}
	type span = fixSpan
	var fixes []span
	run := make([]analysis.Unit, 0, 32)
	ids := make([]uint64, 0, 32) // sound number of each unit of run; 0: no unit of the text sounds so
	flush := func() {
		for i := 0; i+3 <= len(run); i++ {
			if ids[i] == 0 || ids[i+1] == 0 || ids[i+2] == 0 {
				continue
			}
			start, end := run[i].Start, run[i+2].End
			if len(fixes) > 0 && fixes[len(fixes)-1].end > start {
				continue // overlaps the previous fix
			}
			w := norm[start:end]
			if allKnown(start, end) || m.trigrams[w] || !inContent(start, end) {
				continue
			}
			var found string
			unique := true
			for _, c := range m.sounds[ids[i]<<42|ids[i+1]<<21|ids[i+2]] {
				if diffOneHan(w, c) {
					if found != "" && found != c {
						unique = false
					}
					found = c
				}
			}
			if found == "" || !unique {
				continue
			}
			// The fix must join up with the text beyond three characters:
			// it lies in one of the text's names, or with the question's
			// next or previous unit it makes a run of four of the text.
			ok := m.nameOf(found)
			if !ok && i > 0 {
				ok = m.fourgrams[norm[run[i-1].Start:start]+found]
			}
			if !ok && i+3 < len(run) {
				ok = m.fourgrams[found+norm[end:run[i+3].End]]
			}
			if ok {
				fixes = append(fixes, span{start, end, found})
			}
		}
		// Two loose characters the text does not have side by side that
		// sound like exactly one rare word of the text (效对 -> 校对).
		for i := 0; i+2 <= len(run); i++ {
			start, end := run[i].Start, run[i+1].End
			w := norm[start:end]
			if ids[i] == 0 || ids[i+1] == 0 || allKnown(start, end) || overlaps(fixes, start, end) || m.base.Index.Grams[w] != nil ||
				!isLoose(run[i]) || !isLoose(run[i+1]) {
				continue
			}
			if cs := m.sounds2[ids[i]<<21|ids[i+1]]; len(cs) == 1 && diffOneHan(w, cs[0]) && changesContent(toks, start, w, cs[0]) {
				fixes = append(fixes, span{start, end, cs[0]})
				sort.Slice(fixes, func(a, b int) bool { return fixes[a].start < fixes[b].start })
			}
		}
		// A look-alike (形近字) in a name: four characters the text does
		// not have, one different from exactly one run of four of a name.
		for i := 0; i+4 <= len(run); i++ {
			start, end := run[i].Start, run[i+3].End
			w := norm[start:end]
			if allKnown(start, end) || m.fourgrams[w] || !inContent(start, end) || overlaps(fixes, start, end) {
				continue
			}
			found, unique := "", true
			var buf [4]rune
			rs := buf[:0]
			for _, r := range w {
				rs = append(rs, r)
			}
			if len(rs) != 4 {
				continue
			}
			for k := range rs {
				for _, c := range m.nameMasks[maskRune(rs, k)] {
					if found != "" && found != c {
						unique = false
					}
					found = c
				}
			}
			if found != "" && unique && diffOneHan(w, found) && looseChar(toks, start, w, found) {
				fixes = append(fixes, span{start, end, found})
				sort.Slice(fixes, func(a, b int) bool { return fixes[a].start < fixes[b].start })
			}
		}
		run, ids = run[:0], ids[:0]
	}
	analysis.Units(norm, func(u analysis.Unit, gap bool) {
		if gap {
			flush()
		}
		run = append(run, u)
		ids = append(ids, m.unitSoundID(norm, u))
	})
	flush()
	if len(fixes) == 0 {
		return norm, false
	}
	var b strings.Builder
	last := 0
	for _, f := range fixes {
		b.WriteString(norm[last:f.start])
		b.WriteString(f.text)
		last = f.end
	}
	b.WriteString(norm[last:])
	return b.String(), true
}

// oddToken returns the token of the question that holds the character in
// which w (at byte start of the question) differs from fix.
func oddToken(toks []analysis.Token, start int, w, fix string) (analysis.Token, bool) {
	for i, r := range w {
		if r2, _ := utf8.DecodeRuneInString(fix[i:]); r2 != r {
			for _, t := range toks {
				if t.Start <= start+i && start+i < t.End {
					return t, true
				}
			}
			break
		}
	}
	return analysis.Token{}, false
}

// looseChar reports whether the character in which w differs from fix
// stands as a token of its own: a character the analyzer read as part of a
// word (融 of 金融) is no typo.
func looseChar(toks []analysis.Token, start int, w, fix string) bool {
	t, ok := oddToken(toks, start, w, fix)
	return ok && isSingleHan(t.Text)
}

// changesContent reports whether the character in which w differs from
// fix is in a content token, not a function word (是个 is not to become
// 四个).
func changesContent(toks []analysis.Token, start int, w, fix string) bool {
	t, ok := oddToken(toks, start, w, fix)
	return ok && !t.Function
}

// overlaps reports whether [start, end) overlaps one of the fixes.
func overlaps(fixes []fixSpan, start, end int) bool {
	for _, f := range fixes {
		if f.start < end && start < f.end {
			return true
		}
	}
	return false
}

// maskRune is rs with rune k replaced by a mark: a key that matches every
// run differing from rs in rune k alone.
func maskRune(rs []rune, k int) string {
	m := append([]rune(nil), rs...)
	m[k] = 0
	return string(m)
}

// diffOneHan reports whether a and b differ in exactly one rune, an
// ideograph, and are otherwise the same.
func diffOneHan(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	d := 0
	for i := range ra {
		if ra[i] != rb[i] {
			if !analysis.IsHan(ra[i]) || !analysis.IsHan(rb[i]) {
				return false
			}
			d++
		}
	}
	return d == 1
}
