package analysis

import (
	"slices"
	"strings"
	"sync"

	"github.com/mozillazg/go-pinyin"
)

var pinyinArgs = pinyin.NewArgs() // Style Normal: no tones

// pinyinCache memoises Sound: go-pinyin splits and restyles on every call.
var pinyinCache sync.Map // rune -> string

// Sound returns a key for how an ideograph is pronounced, loose enough that
// the homophones people type by mistake share it: the first reading's
// pinyin without tone, with the initials and finals that many speakers do
// not tell apart folded together (zh/z, ch/c, sh/s, l/n, -ng/-n). It is ""
// for anything that is not an ideograph.
func Sound(r rune) string {
	if !isHan(r) {
		return ""
	}
	if v, ok := pinyinCache.Load(r); ok {
		return v.(string)
	}
	var s string
	if p := pinyin.SinglePinyin(r, pinyinArgs); len(p) > 0 {
		s = foldPinyin(p[0])
	}
	pinyinCache.Store(r, s)
	return s
}

func foldPinyin(p string) string {
	for _, pair := range [][2]string{{"zh", "z"}, {"ch", "c"}, {"sh", "s"}} {
		if strings.HasPrefix(p, pair[0]) {
			p = pair[1] + p[len(pair[0]):]
			break
		}
	}
	if strings.HasPrefix(p, "l") {
		p = "n" + p[1:]
	}
	p = strings.TrimSuffix(p, "g") // ang/eng/ing/ong -> an/en/in/on
	return p
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
		readings := dedupeReadings(pinyin.SinglePinyin(r, heteronymArgs))
		if len(readings) == 0 {
			return nil
		}
		next := make([]string, 0, len(forms)*len(readings))
		for _, f := range forms {
			for _, p := range readings {
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

var heteronymArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Heteronym = true
	return a
}()

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
