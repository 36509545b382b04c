// Package analysis turns text into the tokens that the knowledge base indexes
// and that questions are matched with: one normaliser and one segmenter, used
// identically for the article's sentences and for people's questions.
//
// It is the only package that imports the segmentation (gse) and pinyin
// libraries, and the only one that reads OpenCC's conversion tables (copied
// by internal/gentraditional); their types never leave it.
package analysis

import (
	"cmp"
	_ "embed"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/lang"
)

// Version identifies how this package normalises and segments text. A
// knowledge base indexed by another version must be rebuilt (its sources are
// stored with it); bump it with any change that alters tokens, grams, or
// what a base derives from them (terms, sentence features) or stores of them
// (125: the segmentation table; 126: places romanised without their suffix;
// 127: three Chinese digits or more in a row read digit by digit; 128:
// the 的 of 是…的 parts a separable verb; 129–136, 152 and 153: word lists of
// lang and lexicon changed (English function words, set-aside and several cues,
// deputies, leading verbs, 几多), and 130 a base derives the shorter
// variants of its names; 154–156: a word for the article after a
// modifier is content, 五篇大文章; 157: 除 of 除X之外 a function word).
const Version = 157

// Normalize folds text for matching, never for display:
//
//   - invalid UTF-8, NUL and other control characters become spaces;
//   - full-width ASCII becomes ASCII and the ideographic space a space;
//   - Latin letters are lower-cased;
//   - emoji, pictographs and their modifiers become spaces;
//   - @mentions (@name, as Telegram writes them) are removed;
//   - Traditional Chinese is converted to Simplified (OpenCC's t2s tables);
//   - written dialect becomes Mandarin (Cantonese 嘅 -> 的, Southwestern
//     啥子 -> 什么: lang.Dialects);
//   - Chinese numerals that are plainly numbers become digits (五百 -> 500);
//   - a separable verb parted by an ending of aspect, or by the 的 of
//     是…的 at a clause's end, is joined, the ending after it (聊完天 ->
//     聊天完, 咋表的态? -> 咋表态的?: lang.Separable).
//
// Filler words (请问, 呀, 嘛) are not removed here: they are function words,
// dropped by the analyzer at the token level. The result is the same for a
// sentence of the article and for a question that quotes it.
func Normalize(s string) string { return normalize(s, true) }

// normalize is Normalize, with the rewriting of dialects when dialect is
// set (the data files' dialect words are checked in the form the
// other steps give).
func normalize(s string, dialect bool) string {
	var b strings.Builder
	b.Grow(len(s))
	trad, marked, later := false, false, false
	for i := 0; i < len(s); {
		if r, ok := commonHanAt(s, i); ok { // the common ideographs: the fast path
			if !trad && isTraditional(r) {
				trad = true
			}
			marked = marked || dialectStart(r)
			later = later || laterStart(r)
			b.WriteString(s[i : i+3])
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			r = ' '
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		switch {
		case unicode.IsControl(r) || isEmoji(r):
			b.WriteByte(' ')
			continue
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		case unicode.IsUpper(r):
			r = unicode.ToLower(r)
		case isHan(r):
			trad = trad || isTraditional(r)
			marked = marked || dialectStart(r)
		}
		later = later || laterStart(r)
		b.WriteRune(r)
	}
	// Mentions are found in the folded text, so that a full-width or
	// upper-case name is one too and normalising twice changes nothing.
	out := removeMentions(b.String())
	if trad {
		out = toSimplified(out)
	}
	if dialect && (marked || trad) {
		// Traditional text may be Cantonese (嗰 becomes 𠮶 only now).
		out = fromDialects(out)
	}
	if !later && !trad && !(dialect && marked) {
		return out // no rune the last steps look for: they would change nothing
	}
	return joinSeparable(arabicNumerals(out))
}

// commonHanAt decodes the rune at byte i of s when it is one of the
// common ideographs (U+4E00 to U+9FFF: three bytes, always valid UTF-8),
// without a call to the decoder.
func commonHanAt(s string, i int) (rune, bool) {
	if i+2 >= len(s) || s[i]&0xF0 != 0xE0 || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
		return 0, false
	}
	r := rune(s[i]&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
	return r, r >= 0x4E00 && r <= 0x9FFF
}

// laterBits has a bit a rune of the Basic Multilingual Plane that the
// last steps of normalising look for: a Chinese numeral (arabicNumerals)
// or the first rune of a separable verb's ending (joinSeparable). Text
// without one, and not rewritten by the steps before, they leave as it is.
var laterBits = func() *[0x10000 / 8]byte {
	var bits [0x10000 / 8]byte
	for _, r := range "零〇一二三四五六七八九两十百千万亿" {
		bits[r>>3] |= 1 << (r & 7)
	}
	for _, e := range separableEndings {
		r, _ := utf8.DecodeRuneInString(e)
		bits[r>>3] |= 1 << (r & 7)
	}
	return &bits
}()

// laterStart reports a rune of laterBits.
func laterStart(r rune) bool { return r < 0x10000 && laterBits[r>>3]&(1<<(r&7)) != 0 }

// separableEndings are the endings of aspect speech puts inside a
// separable verb (聊完天), the longest first, and the 的 of 是…的 that
// says when, where or how a thing was done (在哪儿见的面, 咋表的态; see
// separableAround for how it is told from a modifier's 的).
var separableEndings = []string{"完了", "完", "了", "过", "的"}

// separableVerbs maps the last rune of each verb of lang.Separable to the
// verbs that end with it, so that joinSeparable looks only at the verbs
// that stand right before an ending.
var separableVerbs = func() map[rune][]string {
	out := map[rune][]string{}
	for _, v := range slices.Sorted(maps.Keys(lang.Separable)) {
		r, _ := utf8.DecodeLastRuneInString(v)
		out[r] = append(out[r], v)
	}
	return out
}()

// joinSeparable joins the separable verbs of s parted by an ending
// (lang.Separable: 聊完天 -> 聊天完) where the object ends a word: before a
// character that is not an ideograph or is a function word of its own
// (聊完天,再说; 聊完天吧), not inside a longer word (召开了会议, 出了差错). Most
// text has none of the endings and is returned as it is.
func joinSeparable(s string) string {
	for i := nextEndingRune(s, 0); i < len(s); i = nextEndingRune(s, i) {
		e := endingAt(s[i:]) // (an ending begins with each of the runes)
		if e == "" {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size // (none does today: a guard should the endings change)
			continue
		}
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if v, o := separableAround(s[:i], s[i+len(e):], separableVerbs[r], e == "的"); v != "" {
			// verb, ending, object -> verb, object, ending: the same bytes.
			s = s[:i] + o + e + s[i+len(e)+len(o):]
			i += len(o) + len(e)
			continue
		}
		i += len(e)
	}
	return s
}

// nextEndingRune returns the byte offset of the first of 完了过的, the
// runes separableEndings begin with, in s from byte from on; len(s) if
// none is there.
func nextEndingRune(s string, from int) int {
	for i, r := range s[from:] {
		switch r {
		case '完', '了', '过', '的':
			return from + i
		}
	}
	return len(s)
}

// endingAt returns the ending of separableEndings that s begins with, the
// longest, or "".
func endingAt(s string) string {
	for _, e := range separableEndings {
		if strings.HasPrefix(s, e) {
			return e
		}
	}
	return ""
}

// separableAround returns the verb of verbs that before ends with and the
// object of it that after begins with as a word of its own, or "", "".
// Parted by 的 (whole is set), the verb must also begin a word and the
// object end the clause: 是…的 says how a thing was done (咋表的态?), while
// the 的 of a modifier is followed by more (他们开的会很长, 讲的话很重要)
// or follows a longer word (早上的班).
func separableAround(before, after string, verbs []string, whole bool) (string, string) {
	for _, v := range verbs {
		if !strings.HasSuffix(before, v) {
			continue
		}
		if whole && !wordStartsAt(before, len(before)-len(v)) {
			continue
		}
		for _, o := range lang.Separable[v] {
			rest, ok := strings.CutPrefix(after, o)
			if !ok {
				continue
			}
			// The object ends a word (召开了会+议 begins another), and,
			// parted by 的, the clause (开的会+很长: a modifier's 的).
			if r, _ := utf8.DecodeRuneInString(rest); rest != "" && isHan(r) && (whole || !IsFunctionWord(string(r))) {
				continue
			}
			return v, o
		}
	}
	return "", ""
}

// wordStartsAt reports whether a word may begin at byte i of s: at its
// start, after a character that is no ideograph, or after one that is a
// function word of its own (咋+表, 儿+见).
func wordStartsAt(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i == 0 || !isHan(r) || IsFunctionWord(string(r))
}

// dialect is a written dialect of lang.Dialects made ready to rewrite:
// all rewrites its words of both kinds, the longest first.
type dialect struct {
	all *strings.Replacer
}

// markingWord is a marking word of dialects[dialect].
type markingWord struct {
	dialect int
	word    string
}

// dialects are lang.Dialects ready to rewrite; dialectMarking has the
// marking words of them all by the rune they begin with, and dialectBits
// a bit a rune of the Basic Multilingual Plane that one begins with.
var (
	dialectBits    [0x10000 / 8]byte
	dialectMarking = map[rune][]markingWord{}
	dialects       = func() []dialect {
		if len(lang.Dialects) > 64 {
			panic("analysis: more dialects than markedDialects has bits")
		}
		out := make([]dialect, 0, len(lang.Dialects))
		for k, d := range lang.Dialects {
			all := map[string]string{}
			for _, w := range slices.Sorted(maps.Keys(d.Marking)) {
				all[w] = strings.Join(d.Marking[w], "")
				r, _ := utf8.DecodeRuneInString(w)
				dialectMarking[r] = append(dialectMarking[r], markingWord{k, w})
				if r < 0x10000 {
					dialectBits[r>>3] |= 1 << (r & 7)
				}
			}
			for w, to := range d.Marked {
				all[w] = strings.Join(to, "")
			}
			words := slices.Collect(maps.Keys(all))
			// strings.Replacer tries its pairs in the order given: longest first.
			slices.SortFunc(words, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
			pairs := make([]string, 0, 2*len(words))
			for _, w := range words {
				pairs = append(pairs, w, all[w])
			}
			out = append(out, dialect{all: strings.NewReplacer(pairs...)})
		}
		return out
	}()
)

// dialectStart reports a rune a marking word of a dialect begins with.
func dialectStart(r rune) bool {
	if r < 0x10000 {
		return dialectBits[r>>3]&(1<<(r&7)) != 0
	}
	return dialectMarking[r] != nil
}

// fromDialects rewrites the written dialect of s as Mandarin (嗰间大学嘅
// 校长系边个 -> 那家大学的校长是谁; 看了些啥子 -> 看了些什么) when a word
// that standard Mandarin never spells marks it as that dialect's; other
// text is returned as it is.
func fromDialects(s string) string {
	marked := markedDialects(s)
	for k, d := range dialects {
		if marked&(1<<k) != 0 {
			s = d.all.Replace(s)
			marked = markedDialects(s) // the next dialects are read in the text rewritten
		}
	}
	return s
}

// markedDialects returns the dialects that a marking word of each marks s
// as, bit k for dialects[k], in one pass over s: at a rune a marking word
// begins with, only the words that begin with it are tried.
func markedDialects(s string) uint64 {
	var marked uint64
	for i, r := range s {
		if !dialectStart(r) {
			continue
		}
		for _, m := range dialectMarking[r] {
			if marked&(1<<m.dialect) == 0 && strings.HasPrefix(s[i:], m.word) {
				marked |= 1 << m.dialect
			}
		}
	}
	return marked
}

// removeMentions replaces each @mention of folded text with a space: an at
// sign and a name of ASCII letters, digits and underscores that begins with
// a letter, as Telegram's usernames do.
func removeMentions(s string) string {
	if strings.IndexByte(s, '@') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '@' && i+1 < len(s) && 'a' <= s[i+1] && s[i+1] <= 'z' {
			j := i + 1
			for j < len(s) && isNameByte(s[j]) {
				j++
			}
			b.WriteByte(' ')
			i = j - 1
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isNameByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// isEmoji reports pictographs, emoji modifiers and joiners, and other symbols
// that carry no words.
func isEmoji(r rune) bool {
	switch {
	case r == 0x200D, r == 0x20E3, r >= 0xFE00 && r <= 0xFE0F: // joiner, keycap, variation selectors
		return true
	case r >= 0x1F000 && r <= 0x1FAFF, r >= 0x2600 && r <= 0x27BF, r >= 0xE0000 && r <= 0xE007F:
		return true
	}
	return unicode.Is(unicode.So, r) || unicode.Is(unicode.Co, r)
}

// isHan reports whether r is a CJK ideograph.
func isHan(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// IsHan reports whether r is a CJK ideograph.
func IsHan(r rune) bool { return isHan(r) }

// AllHan reports a non-empty string of ideographs only.
func AllHan(s string) bool {
	for _, r := range s {
		if !isHan(r) {
			return false
		}
	}
	return s != ""
}

// traditionalBits has one bit a rune of the Basic Multilingual Plane, set
// when OpenCC's conversion changes the rune on its own (3,751 of them),
// made by gentraditional from OpenCC's tables: text of simplified
// characters is recognised without building those tables (several
// milliseconds of a process's start).
//
//go:generate go run ./internal/gentraditional
//go:embed traditional.bin
var traditionalBits string

func isTraditional(r rune) bool {
	if bit, ok := traditionalBit(r); ok {
		return bit
	}
	return convertRune(r)
}

// traditionalBit returns r's bit of traditionalBits; ok is false outside
// the Basic Multilingual Plane (or without the table), where only the
// conversion tells.
func traditionalBit(r rune) (bit, ok bool) {
	if r >= 0x10000 || len(traditionalBits) != 0x10000/8 {
		return false, false
	}
	return traditionalBits[r>>3]&(1<<(r&7)) != 0, true
}

func convertRune(r rune) bool {
	s := string(r)
	return t2s().convert(s) != s
}

// toSimplified converts with OpenCC's phrase and character tables (see
// converter). Some of OpenCC's conversions give a character that it
// converts again (薴 -> 苧 -> 苎), so it converts until nothing changes (a
// few times at most): normalising twice must give what normalising once
// gave.
func toSimplified(s string) string {
	c := t2s()
	for range 4 {
		out := c.convert(s)
		if out == s {
			break
		}
		s = out
	}
	return s
}
