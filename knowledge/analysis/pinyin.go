package analysis

import (
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
