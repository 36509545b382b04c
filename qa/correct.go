package qa

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
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
func (m *asker) correct(norm string, toks []analysis.Token) (string, bool) {
	var sc typoScan // on the stack, with its cells for most questions
	if !sc.init(m, norm, toks) {
		return norm, false // every content word is a word of the text: no typo to fix
	}
	run := make([]analysis.Unit, 0, 32)
	// How each unit of run sounds (knowledge.UnitSound), "" until a
	// stretch that may hold a typo asks for it (soundsOf): most of a
	// question is words of the text.
	sounds := make([]string, 0, 32)
	flush := func() {
		sc.homophones(run, sounds)
		sc.rareWords(run, sounds)
		sc.lookAlikes(run)
		run, sounds = run[:0], sounds[:0]
	}
	analysis.Units(norm, func(u analysis.Unit, gap bool) {
		if gap {
			flush()
		}
		run = append(run, u)
		sounds = append(sounds, "")
	})
	flush()
	sc.soundNames()
	if len(sc.fixes) == 0 {
		return norm, false
	}
	var b strings.Builder
	last := 0
	for _, f := range sc.fixes {
		b.WriteString(norm[last:f.start])
		b.WriteString(f.text)
		last = f.end
	}
	b.WriteString(norm[last:])
	return b.String(), true
}

// typoCells is the longest question, in bytes (and one), whose byteCells
// a typoScan holds itself (a question of 85 ideographs).
const typoCells = 256

// typoScan is one question's search for typos: what each byte of it is,
// and the fixes found so far, in order.
type typoScan struct {
	m     *asker
	norm  string
	toks  []analysis.Token
	short [typoCells]byteCell // a byte of norm each, and one past its end
	long  []byteCell          // the same for a longer question, else nil
	fixes []fixSpan
}

// byteCell is what typoScan knows of one byte of the question.
type byteCell struct {
	function bool  // the byte is in a function word
	known    bool  // the byte is in a word the text has
	tokAt    int16 // the token that starts at the byte, or -1
}

// cell returns the cell of byte b of the question (0 <= b <= len(norm)).
func (sc *typoScan) cell(b int) *byteCell {
	if sc.long != nil {
		return &sc.long[b]
	}
	return &sc.short[b]
}

// init reads the question's tokens into sc; false when every content word
// is a word of the text.
func (sc *typoScan) init(m *asker, norm string, toks []analysis.Token) bool {
	sc.m, sc.norm, sc.toks = m, norm, toks
	cells := sc.short[:min(len(norm)+1, typoCells)]
	if len(norm) >= typoCells {
		sc.long = make([]byteCell, len(norm)+1)
		cells = sc.long
	}
	for i := range cells {
		cells[i] = byteCell{tokAt: -1}
	}
	anyUnknown := false
	for k, t := range toks {
		if k < 1<<15 {
			cells[t.Start].tokAt = int16(k)
		}
		known := m.text.wordCount(t.Text) > 0
		anyUnknown = anyUnknown || !known && !t.Function
		for b := t.Start; b < t.End; b++ {
			cells[b].function = t.Function
			cells[b].known = known
		}
	}
	return anyUnknown
}

// soundsOf returns the sounds of the n units of run from i, filling in
// those of sounds (one a unit, "" for not yet known) it has not yet.
func (sc *typoScan) soundsOf(run []analysis.Unit, sounds []string, i, n int) []string {
	for k := i; k < i+n; k++ {
		if sounds[k] == "" {
			sounds[k] = knowledge.UnitSound(sc.norm, run[k])
		}
	}
	return sounds[i : i+n]
}

// allKnown reports a stretch made only of words of the text: a typo always
// leaves a word the text does not have.
func (sc *typoScan) allKnown(start, end int) bool {
	for b := start; b < end; b++ {
		if !sc.cell(b).known {
			return false
		}
	}
	return true
}

// inContent reports a stretch without function words.
func (sc *typoScan) inContent(start, end int) bool {
	for b := start; b < end; b++ {
		if sc.cell(b).function {
			return false
		}
	}
	return true
}

// isLoose reports a unit that is a one-character token of its own.
func (sc *typoScan) isLoose(u analysis.Unit) bool {
	k := sc.cell(u.Start).tokAt
	return k >= 0 && sc.toks[k].End == u.End && isSingleHan(sc.toks[k].Text)
}

// homophones fixes three units of run that the text does not have but
// that sound like exactly one run of three of the text, one ideograph
// apart, where the fix joins up with the text beyond them.
func (sc *typoScan) homophones(run []analysis.Unit, sounds []string) {
	m, norm := sc.m, sc.norm
	for i := 0; i+3 <= len(run); i++ {
		start, end := run[i].Start, run[i+2].End
		if len(sc.fixes) > 0 && sc.fixes[len(sc.fixes)-1].end > start {
			continue // overlaps the previous fix
		}
		w := norm[start:end]
		if sc.allKnown(start, end) || !sc.inContent(start, end) {
			continue
		}
		homophones := m.tables.Homophones(sc.soundsOf(run, sounds, i, 3)...)
		if _, ok := slices.BinarySearch(homophones, w); ok {
			continue // the text has w
		}
		var found string
		unique := true
		for _, c := range homophones {
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
		ok := m.nameOf(found) || m.namePairAt(found, diffAt(w, found))
		if !ok && sc.inWord(start, w, found) {
			continue // a word of the question's own, unless it misspells a name (金元集团)
		}
		if !ok && i > 0 {
			ok = m.tables.HasRun4(norm[run[i-1].Start:start] + found)
		}
		if !ok && i+3 < len(run) {
			ok = m.tables.HasRun4(found + norm[end:run[i+3].End])
		}
		if ok {
			sc.fixes = append(sc.fixes, fixSpan{start, end, found})
		}
	}
}

// namePairAt reports whether the character at byte d of fix makes, with
// the one before or after it, a name of the text of its own (金圆 of
// 金圆统: 金元统一证券 misspells 金圆统一证券, which the text writes with
// its short name 金圆 though it knows no name 金圆统一证券).
func (m *asker) namePairAt(fix string, d int) bool {
	if d < 0 {
		return false
	}
	_, n := utf8.DecodeRuneInString(fix[d:])
	if p, pn := utf8.DecodeLastRuneInString(fix[:d]); pn > 0 && p != utf8.RuneError && m.isTextName(fix[d-pn:d+n]) {
		return true
	}
	_, nn := utf8.DecodeRuneInString(fix[d+n:])
	return nn > 0 && m.isTextName(fix[d:d+n+nn])
}

// isTextName reports a term of the text that is a name: a proper name (a
// run the dictionary lacks, 金圆), a person, an organisation or a place.
func (m *asker) isTextName(w string) bool {
	k, ok := m.tables.Kind(w)
	return ok && (k == knowledge.Proper || k == knowledge.Person || k == knowledge.Org || k == knowledge.Place)
}

// inWord reports whether the character that w (at byte start of the
// question) and fix differ in is part of a word of two to four characters
// that the segmenter's dictionary knows and the text does not, reaching
// past w if need be (部 of 总部设, 思 of 么思路): the question wrote a word
// of its own there, not a typo of the text's.
func (sc *typoScan) inWord(start int, w, fix string) bool {
	d := diffAt(w, fix)
	if d < 0 {
		return false
	}
	at := start + d
	// A token of the question of two characters or more, which the
	// analyzer knows as a word (the everyday words of frequency 10,000
	// and more are there, not in the lexicon table).
	for _, t := range sc.toks {
		if t.Start <= at && at < t.End && utf8.RuneCountInString(t.Text) >= 2 && !sc.cell(t.Start).known && !t.Function {
			return true
		}
	}
	// A word of the lexicon table's, two to four characters, over it.
	before := []rune(sc.norm[:at])
	rs := append(before[max(0, len(before)-3):], []rune(sc.norm[at:])...)
	p := min(len(before), 3) // the character's index in rs
	rs = rs[:min(len(rs), p+4)]
	for n := 2; n <= 4; n++ {
		for i := max(0, p-n+1); i <= p && i+n <= len(rs); i++ {
			if sc.m.base.Lexicon.Word(string(rs[i : i+n])) {
				return true
			}
		}
	}
	return false
}

// rareWords fixes two loose characters the text does not have side by
// side that sound like exactly one rare word of the text (效对 -> 校对).
func (sc *typoScan) rareWords(run []analysis.Unit, sounds []string) {
	m := sc.m
	for i := 0; i+2 <= len(run); i++ {
		start, end := run[i].Start, run[i+1].End
		w := sc.norm[start:end]
		if sc.allKnown(start, end) || overlaps(sc.fixes, start, end) ||
			!sc.isLoose(run[i]) || !sc.isLoose(run[i+1]) || m.text.gramCount(w) > 0 {
			continue // (the look-up last: the other tests read only the question)
		}
		if cs := m.tables.RareHomophones(sc.soundsOf(run, sounds, i, 2)...); len(cs) == 1 && diffOneHan(w, cs[0]) && changesContent(sc.toks, start, w, cs[0]) && !sc.inWord(start, w, cs[0]) {
			sc.add(fixSpan{start, end, cs[0]})
		}
	}
}

// lookAlikes fixes a look-alike (形近字) in a name: four characters the
// text does not have, one different from exactly one run of four of a
// name, where the two characters share a reading (soundsAlike): a
// look-alike that sounds different (吴 for 昊) is left alone, as most
// characters that stand where a name would go are words of their own.
func (sc *typoScan) lookAlikes(run []analysis.Unit) {
	m := sc.m
	for i := 0; i+4 <= len(run); i++ {
		start, end := run[i].Start, run[i+3].End
		w := sc.norm[start:end]
		if sc.allKnown(start, end) || !sc.inContent(start, end) || overlaps(sc.fixes, start, end) || m.tables.HasRun4(w) {
			continue // (the look-up last: the other tests read only the question)
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
		var key [4 * utf8.UTFMax]byte
		for k := range rs {
			for _, c := range m.tables.MaskedBytes(appendMasked(key[:0], rs, k)) {
				if found != "" && found != c {
					unique = false
				}
				found = c
			}
		}
		if found != "" && unique && diffOneHan(w, found) && looseChar(sc.toks, start, w, found) && soundsAlike(w, found) {
			sc.add(fixSpan{start, end, found})
		}
	}
}

// minSoundName is the fewest runes of a name of the text that soundNames
// looks for by its sound.
const minSoundName = 4

// soundNames fixes a run of the question that sounds rune for rune like
// one of the text's most mentioned names of minSoundName runes or more,
// differs from it in an ideograph or more, and is not all words of the
// text: the name typed by its sound on a pinyin keyboard, or heard (夏门想安机场
// -> 厦门翔安机场, two characters off). No everyday phrase of four syllables sounds like a name
// by chance often enough to matter; shorter names are the homophone
// passes' (three units, with their checks of words of the question's own).
func (sc *typoScan) soundNames() {
	sc.m.namesBySound()
	byFirst := sc.m.longBySound
	if len(byFirst) == 0 {
		return
	}
	begins, seconds := &sc.m.soundBegins, &sc.m.soundSeconds // marked with byFirst

	nu := 0 // the first byte at or after i of a word the text lacks
	for i, r := range sc.norm {
		for nu < len(sc.norm) && (nu < i || sc.cell(nu).known) {
			nu++
		}
		if nu == len(sc.norm) {
			return // the rest is words of the text
		}
		if !analysis.IsHan(r) || nu >= i+maxNameBytes || !begins.mayHave(r) {
			continue // no name starts here, or none reaches a word the text lacks
		}
		r2, _ := utf8.DecodeRuneInString(sc.norm[i+utf8.RuneLen(r):])
		if !seconds.mayHave(r2) {
			continue
		}
		names := byFirst[soundPair{analysis.Sound(r), analysis.Sound(r2)}]
		found, end := "", 0
		for _, name := range names {
			if nu >= i+len(name)+len(name)/3 {
				continue // words of the text as far as the name would reach (a rune is 3 or 4 bytes)
			}
			e, ok := soundSpan(sc.norm, i, name)
			if !ok || sc.norm[i:e] == name || sc.allKnown(i, e) {
				continue
			}
			if found != "" && found != name {
				found = "" // two names sound so: neither
				break
			}
			found, end = name, e
		}
		if found != "" && !overlaps(sc.fixes, i, end) {
			sc.add(fixSpan{i, end, found})
		}
	}
}

// soundSpan returns where the runes of s from byte i that sound rune for
// rune like name end (a rune alike when it is the same or shares a
// reading, analysis.SoundsAlike); false at the first that does not, or if
// s ends first.
func soundSpan(s string, i int, name string) (int, bool) {
	for _, want := range name {
		if i >= len(s) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !analysis.SoundsAlike(r, want) {
			return 0, false
		}
		i += size
	}
	return i, true
}

// maxNameBytes bounds the bytes of a name soundNames looks for (longer
// ones are not looked for): 16 ideographs.
const maxNameBytes = 16 * utf8.UTFMax

// soundPair is the sounds of two runes in a row.
type soundPair struct{ first, second string }

// namesBySound returns the text's most mentioned names (people,
// organisations, places) of two runes or more, all ideographs, by each
// pair of sounds of their first two runes (analysis.Sounds; a question's
// runes are looked up by their first reading's, analysis.Sound), found
// once: where soundNames and soundsLikeName look for a name by its sound.
// It finds m.longBySound, m.soundBegins and m.soundSeconds with them.
func (m *model) namesBySound() map[soundPair][]string {
	m.namesBySoundOnce.Do(func() {
		m.namesBySoundMap = map[soundPair][]string{}
		for _, k := range []knowledge.TermKind{knowledge.Person, knowledge.Org, knowledge.Place} {
			for _, name := range m.tables.TopNames(k) {
				if utf8.RuneCountInString(name) < 2 || len(name) > maxNameBytes || !analysis.AllHan(name) {
					continue
				}
				r1, n := utf8.DecodeRuneInString(name)
				r2, _ := utf8.DecodeRuneInString(name[n:])
				for _, a := range analysis.Sounds(r1) { // 厦门: under sa and xia
					for _, b := range analysis.Sounds(r2) {
						k := soundPair{a, b}
						m.namesBySoundMap[k] = append(m.namesBySoundMap[k], name)
					}
				}
			}
		}
		m.longBySound = map[soundPair][]string{}
		for k, names := range m.namesBySoundMap {
			for _, name := range names {
				if utf8.RuneCountInString(name) >= minSoundName {
					m.longBySound[k] = append(m.longBySound[k], name) // (in order)
				}
			}
		}
		m.soundBegins, m.soundSeconds = soundBits(m.longBySound)
	})
	return m.namesBySoundMap
}

// soundBits returns the common ideographs whose Sound is the first of a
// pair of byPair, and those whose Sound is the second of one: a
// question's rune without its bit begins none of their names by its
// sound, nor follows its first rune in one.
func soundBits(byPair map[soundPair][]string) (firsts, seconds hanBits) {
	first, second := map[string]bool{}, map[string]bool{}
	for p := range byPair {
		first[p.first], second[p.second] = true, true
	}
	for r := rune(firstCommonHan); r <= lastCommonHan; r++ {
		s := analysis.Sound(r)
		if first[s] {
			firsts.add(r)
		}
		if second[s] {
			seconds.add(r)
		}
	}
	return firsts, seconds
}

// hanBits is a set of the common ideographs (U+4E00 to U+9FFF), a bit
// each, that says maybe of every other rune.
type hanBits [(lastCommonHan - firstCommonHan + 64) / 64]uint64

// The common ideographs, which a hanBits holds.
const firstCommonHan, lastCommonHan = 0x4E00, 0x9FFF

// add adds r, a common ideograph.
func (b *hanBits) add(r rune) {
	k := r - firstCommonHan
	b[k/64] |= 1 << (k % 64)
}

// mayHave reports whether r may be in the set: false only for a common
// ideograph not added.
func (b *hanBits) mayHave(r rune) bool {
	if r < firstCommonHan || r > lastCommonHan {
		return true
	}
	k := r - firstCommonHan
	return b[k/64]&(1<<(k%64)) != 0
}

// soundsAlike reports whether the ideographs in which a and b (of equal
// length) differ share a reading (analysis.SoundsAlike): people mistype a character
// for one that sounds like it, most look-alikes among them (叶 for 业, 房
// for 坊); a character that neither looks nor sounds like the text's (算
// of 兴业银行算老牌 for 无 of 兴业银行无锡) is a word of its own.
func soundsAlike(a, b string) bool {
	end, ok := soundSpan(a, 0, b)
	return ok && end == len(a)
}

// add adds a fix, keeping the fixes in order.
func (sc *typoScan) add(f fixSpan) {
	sc.fixes = append(sc.fixes, f)
	sort.Slice(sc.fixes, func(a, b int) bool { return sc.fixes[a].start < sc.fixes[b].start })
}

// diffAt returns the byte offset in w of the first rune in which w and fix
// (of equal byte length) differ, or -1.
func diffAt(w, fix string) int {
	for i, r := range w {
		if r2, _ := utf8.DecodeRuneInString(fix[i:]); r2 != r {
			return i
		}
	}
	return -1
}

// oddToken returns the token of the question that holds the character in
// which w (at byte start of the question) differs from fix.
func oddToken(toks []analysis.Token, start int, w, fix string) (analysis.Token, bool) {
	if i := diffAt(w, fix); i >= 0 {
		for _, t := range toks {
			if t.Start <= start+i && start+i < t.End {
				return t, true
			}
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

// appendMasked appends rs in UTF-8 with rune k replaced by a mark
// (U+0000): a key that matches every run differing from rs in rune k alone.
func appendMasked(b []byte, rs []rune, k int) []byte {
	for i, r := range rs {
		if i == k {
			r = 0
		}
		b = utf8.AppendRune(b, r)
	}
	return b
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
