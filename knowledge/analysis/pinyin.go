package analysis

//go:generate go run ./internal/genreadings
//go:generate go test -run ^TestSoundTable$ -update .

import (
	_ "embed"
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// The readings of the ideographs, without tones, made by genreadings from
// the data of github.com/mozillazg/go-pinyin (MIT):
//
//	readings.txt  one set of readings a line, space-separated, the usual
//	              reading first ("xia sha" for 厦); line k is set k
//	readings.idx  one 6-byte entry an ideograph, sorted by code point:
//	              uint32 code point, uint16 set (both big-endian)
//
// Nothing is decoded at start-up: an ideograph is found by binary search
// in readings.idx, and readings.txt is split into its sets the first time
// a reading is asked for.
var (
	//go:embed readings.txt
	readingsText string
	//go:embed readings.idx
	readingsIdx string
)

// readingLines are the byte offsets at which the lines of readings.txt
// begin, and one past the text's end: one pass over the text the first time
// a reading is asked for. A line is split into its readings when first
// asked for (splitSets), not all at once: a process's first question asks
// for a few dozen of the table's sets.
var readingLines = sync.OnceValue(func() []int {
	text := strings.TrimSuffix(readingsText, "\n")
	starts := make([]int, 0, strings.Count(text, "\n")+2)
	starts = append(starts, 0)
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, i)
	}
	return append(starts, len(text)+1)
})

// splitSets holds each set of readings once split, by set number.
var splitSets = sync.OnceValue(func() []atomic.Pointer[[]string] {
	return make([]atomic.Pointer[[]string], len(readingLines())-1)
})

// readingSet returns set k of readings.txt, nil past the table's end.
func readingSet(k int) []string {
	starts, sets := readingLines(), splitSets()
	if k < 0 || k >= len(sets) {
		return nil
	}
	if p := sets[k].Load(); p != nil {
		return *p
	}
	set := strings.Fields(readingsText[starts[k] : starts[k+1]-1])
	sets[k].Store(&set)
	return set
}

// readings returns the readings of r, the usual one first; nil if the table
// does not have r.
func readings(r rune) []string {
	const size = 6
	n := len(readingsIdx) / size
	cp := func(i int) rune { return rune(binary.BigEndian.Uint32([]byte(readingsIdx[i*size : i*size+4]))) }
	i := sort.Search(n, func(i int) bool { return cp(i) >= r })
	if i == n || cp(i) != r {
		return nil
	}
	set := binary.BigEndian.Uint16([]byte(readingsIdx[i*size+4 : i*size+6]))
	return readingSet(int(set))
}

// pinyinCache memoises Sound outside the common ideographs (U+4E00 to
// U+9FFF, firstCommon to lastCommon). Within them, Sound is read from
// sounds.bin, two bytes an ideograph: the big-endian place in soundNames
// (sounds.go) of its Sound, 0 for none. TestSoundTable writes both from
// the readings (go generate), so that Sound, asked of every ideograph of
// every question, reads a table and searches nothing, even the first time.
var (
	pinyinCache sync.Map // rune -> string
	//go:embed sounds.bin
	commonSounds string
)

const firstCommon, lastCommon = 0x4E00, 0x9FFF

// Sound returns a key for how an ideograph is pronounced, loose enough that
// the homophones people type by mistake share it: the first reading's
// pinyin without tone, with the initials and finals that many speakers do
// not tell apart folded together (zh/z, ch/c, sh/s, l/n, -ng/-n). It is ""
// for anything that is not an ideograph.
func Sound(r rune) string {
	if !isHan(r) {
		return ""
	}
	if r >= firstCommon && r <= lastCommon && len(commonSounds) == 2*(lastCommon-firstCommon+1) {
		i := 2 * (r - firstCommon)
		return soundNames[int(commonSounds[i])<<8|int(commonSounds[i+1])]
	}
	if v, ok := pinyinCache.Load(r); ok {
		return v.(string)
	}
	s := sound(r)
	pinyinCache.Store(r, s)
	return s
}

// sound is Sound, not memoised.
func sound(r rune) string {
	if p := readings(r); len(p) > 0 {
		return foldPinyin(p[0])
	}
	return ""
}

// Sounds returns the Sound of each reading of r (厦: sa and xia), each
// once, the first reading's first; nil for anything that is not an
// ideograph.
func Sounds(r rune) []string {
	var out []string
	for _, p := range readings(r) {
		if f := foldPinyin(p); !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// SoundsAlike reports whether two runes are the same or two ideographs
// that share a reading, folded as Sound folds it (夏 and 厦 by xia, 叶 and
// 业 by ye).
func SoundsAlike(a, b rune) bool {
	if a == b {
		return true
	}
	if sa := Sound(a); sa != "" && sa == Sound(b) {
		return true // the first readings agree (Sound reads a table: no search of the readings)
	}
	rb := readings(b)
	for _, x := range readings(a) {
		hx, bx := foldParts(x)
		for _, y := range rb {
			if hy, by := foldParts(y); hx == hy && bx == by {
				return true
			}
		}
	}
	return false
}

// foldParts is foldPinyin(p) cut in two, its first letter and the rest,
// without making the string: zh, ch, sh become z, c, s; l becomes n; a
// final -ng becomes -n.
func foldParts(p string) (head, body string) {
	switch {
	case len(p) >= 2 && (p[:2] == "zh" || p[:2] == "ch" || p[:2] == "sh"):
		head, body = p[:1], p[2:]
	case len(p) >= 1 && p[0] == 'l':
		head, body = "n", p[1:]
	case len(p) >= 1:
		head, body = p[:1], p[1:]
	}
	return head, strings.TrimSuffix(body, "g")
}

// foldPinyin folds a syllable as foldParts does, into one string (p
// itself when nothing folds).
func foldPinyin(p string) string {
	head, body := foldParts(p)
	if len(head)+len(body) == len(p) && head == p[:len(head)] {
		return p
	}
	return head + body
}

// Romanise returns the ways s may be written in pinyin without tones,
// spaces or apostrophes, in lower case (杜小刚 -> duxiaogang; 厦门 ->
// shamen and xiamen: every reading of a character with several), as people
// write Chinese names in English; at most maxRomanised forms, none if s has
// a rune that is not an ideograph.
func Romanise(s string) []string {
	forms := []string{""}
	for _, r := range s {
		if !isHan(r) {
			return nil
		}
		rs := dedupeReadings(readings(r))
		if len(rs) == 0 {
			return nil
		}
		next := make([]string, 0, len(forms)*len(rs))
		for _, f := range forms {
			for _, p := range rs {
				if len(next) < maxRomanised {
					next = append(next, f+p)
				}
			}
		}
		forms = next
	}
	return forms
}

// maxRomanised bounds the pinyin forms of one name.
const maxRomanised = 8

func dedupeReadings(ps []string) []string {
	out := ps[:0:0]
	for _, p := range ps {
		p = strings.ReplaceAll(p, "ü", "v")
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// RomanKey reduces a romanised name as a person types it (Du Xiaogang,
// Xiang'an, XIAMEN) to the form Romanise gives: lower-case letters only.
func RomanKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r == 'ü' || r == 'Ü':
			b.WriteRune('v')
		}
	}
	return b.String()
}

// syllableSet is every reading of the table (toneless pinyin syllables),
// made the first time it is needed.
var syllableSet = sync.OnceValue(func() map[string]bool {
	set := make(map[string]bool, 512) // some 400 syllables
	for r := range strings.FieldsSeq(readingsText) {
		set[r] = true
	}
	return set
})

// maxSyllable is the longest toneless pinyin syllable (zhuang, shuang).
const maxSyllable = 6

// SplitPinyin returns the ways key, a RomanKey, splits into exactly n
// pinyin syllables (xichuangtou, 3 -> [xi chuang tou]; xian, 2 -> [xi an]),
// at most maxSplits of them.
func SplitPinyin(key string, n int) [][]string {
	set := syllableSet()
	var out [][]string
	var walk func(rest string, got []string)
	walk = func(rest string, got []string) {
		if len(out) == maxSplits || len(got) > n {
			return
		}
		if rest == "" {
			if len(got) == n {
				out = append(out, slices.Clone(got))
			}
			return
		}
		for l := min(maxSyllable, len(rest)); l >= 1; l-- {
			if set[rest[:l]] {
				walk(rest[l:], append(got, rest[:l]))
			}
		}
	}
	walk(key, make([]string, 0, n))
	return out
}

// SpellsPinyin reports a RomanKey that splits into two to four pinyin
// syllables (gaoqi, xidong): a Chinese name written in romanisation, or
// one of the many short English words that spell pinyin too (media, data,
// line, gate, china); longer English words mostly do not (municipal,
// airlines, strait). A caller tells the two apart by the senses a word
// has.
func SpellsPinyin(key string) bool {
	for n := 2; n <= 4; n++ {
		if len(SplitPinyin(key, n)) > 0 {
			return true
		}
	}
	return false
}

// maxSplits bounds SplitPinyin's answers.
const maxSplits = 8

// FoldPinyin is the Sound of a syllable of toneless pinyin (chuang ->
// cuan): what Sound gives an ideograph that reads so.
func FoldPinyin(syllable string) string { return foldPinyin(syllable) }
