package qa

import (
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

// Kind is what a question asks for.
type Kind uint8

const (
	KindWhat   Kind = iota // anything else
	KindWho                // 谁, 哪位, 什么人
	KindWhere              // 哪里, 在哪, 什么地方
	KindWhen               // 什么时候, 何时, 哪年
	KindNumber             // 多少, 几个, 多大
	KindMoney              // 多少钱, 价格
	KindWhy                // 为什么, 怎么, 如何
	KindYesNo              // 吗, 是不是, 有没有
	KindTitle              // 标题, 小标题: the heading of a section
)

var kindNames = [...]string{"what", "who", "where", "when", "number", "money", "why/how", "yes/no", "title"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// kindCues are checked in order; the first kind with a cue in the question
// wins. They are the question words of Chinese grammar.
var kindCues = []struct {
	kind Kind
	cues []string
}{
	{KindTitle, []string{"小标题", "标题", "题目"}},
	{KindMoney, []string{"多少钱", "价格", "售价", "价钱", "费用", "多少元", "花了多少", "卖多少"}},
	{KindWhen, []string{"什么时候", "啥时候", "啥时", "何时", "哪年", "哪一年", "哪天", "哪一天", "几月", "几号", "哪个月", "多久", "几点", "什么时间", "哪段时间"}},
	{KindWho, []string{"谁", "哪位", "什么人", "何人", "哪些人", "啥人", "哪个人"}},
	{KindWhere, []string{"哪里", "哪儿", "在哪", "什么地方", "何地", "何处", "哪座", "哪个城市", "哪个省", "哪个国家", "啥地方", "去哪", "到哪"}},
	{KindNumber, []string{"多少", "几个", "几家", "几种", "几年", "几项", "几所", "几位", "几名", "多大", "多长", "多高", "多远", "多重", "百分之几", "几成"}},
	{KindWhy, []string{"为什么", "为何", "为啥", "怎么", "如何", "怎样", "咋", "靠什么", "凭什么", "目的"}},
	{KindYesNo, []string{"吗", "是不是", "有没有", "是否", "能不能", "会不会", "对不对"}},
}

// multiCues ask for several things at once.
var multiCues = []string{"哪两", "哪几", "分别", "各是", "各自", "两家", "两个", "几家", "哪些"}

// titleWords name a section or its heading; in a title question they
// point at the heading and are not matched as content.
var titleWords = map[string]bool{"小标题": true, "标题": true, "题目": true, "大标题": true, "部分": true, "段": true, "一段": true, "段落": true, "章节": true, "开头": true}

// query is a parsed question.
type query struct {
	norm     string
	kind     Kind
	multi    bool
	concepts []concept
	words    int // tokens of any kind: 0 for emoji, punctuation or nothing
}

// concept is one thing the question mentions: a word or a run of words,
// with the words it can stand for in the text.
type concept struct {
	text  string
	alts  []string // text first, then its aliases
	scale float64  // weight factor: 1, less for concepts carried from context
}

// parse normalises, corrects and segments a question into concepts.
func (m *model) parse(question string) query {
	norm := analysis.Normalize(question)
	toks := m.an.Tokens(norm)
	if fixed, ok := m.correct(norm, toks); ok {
		norm = fixed
		toks = m.an.Tokens(norm)
	}
	q := query{norm: norm, kind: KindWhat, words: len(toks)}
	for _, kc := range kindCues {
		if containsAny(norm, kc.cues) {
			q.kind = kc.kind
			break
		}
	}
	q.multi = containsAny(norm, multiCues)
	for i := 0; i < len(toks); {
		t := toks[i]
		// The longest run of up to four adjacent tokens that is an alias.
		best, bestJ := "", -1
		for j, text := i, ""; j < len(toks) && j < i+4; j++ {
			if j > i && toks[j-1].End != toks[j].Start && !isSpaceBetween(norm, toks[j-1].End, toks[j].Start) {
				break
			}
			text += toks[j].Text
			if utf8.RuneCountInString(text) > m.aliasMaxRunes {
				break
			}
			if _, ok := m.aliases[text]; ok {
				best, bestJ = text, j
			}
		}
		if bestJ >= 0 && (bestJ > i || !t.Function) {
			alts := append([]string{norm[t.Start:toks[bestJ].End]}, m.aliases[best]...)
			alts[0] = best
			q.concepts = append(q.concepts, concept{text: best, alts: alts, scale: 1})
			i = bestJ + 1
			continue
		}
		if t.Function || q.kind == KindTitle && titleWords[t.Text] {
			i++
			continue
		}
		// A run of single characters that are not words of the text is
		// one unknown word (创始人, 门票), not several characters.
		j := i + 1
		if isSingleHan(t.Text) {
			for j < len(toks) && isSingleHan(toks[j].Text) && !toks[j].Function && toks[j].Start == toks[j-1].End {
				j++
			}
		}
		text := norm[t.Start:toks[j-1].End]
		q.concepts = append(q.concepts, concept{text: text, alts: []string{text}, scale: 1})
		i = j
	}
	return q
}

func isSpaceBetween(s string, from, to int) bool {
	return from <= to && strings.TrimSpace(s[from:to]) == "" || from <= to && wordRunes(s[from:to]) == ""
}

func isSingleHan(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && analysis.IsHan(r)
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// correct fixes one-character typos and homophones: a run of three
// ideographs that the text does not have, but that sounds like exactly one
// run of the text differing in one character, is replaced by it (杜晓刚 ->
// 杜小刚, 金荣机构 -> 金融机构). Function and question words are left alone.
func (m *model) correct(norm string, toks []analysis.Token) (string, bool) {
	// content marks the bytes covered by content tokens.
	inContent := func(start, end int) bool {
		for _, t := range toks {
			if t.End <= start || t.Start >= end {
				continue
			}
			if t.Function {
				return false
			}
		}
		return true
	}
	type span struct {
		start, end int
		text       string
	}
	var fixes []span
	var run []rune
	var pos []int // byte offset of each rune of run
	flush := func(end int) {
		pos = append(pos, end)
		for i := 0; i+3 <= len(run); i++ {
			if len(fixes) > 0 && fixes[len(fixes)-1].end > pos[i] {
				continue // overlaps the previous fix
			}
			w := string(run[i : i+3])
			if m.trigrams[w] || !inContent(pos[i], pos[i+3]) {
				continue
			}
			var found string
			unique := true
			for _, c := range m.sounds[soundKey(run[i:i+3])] {
				if diff1(w, c) {
					if found != "" && found != c {
						unique = false
					}
					found = c
				}
			}
			if found != "" && unique {
				fixes = append(fixes, span{pos[i], pos[i+3], found})
			}
		}
		run, pos = run[:0], pos[:0]
	}
	for i, r := range norm {
		if analysis.IsHan(r) {
			run = append(run, r)
			pos = append(pos, i)
		} else if len(run) > 0 {
			flush(i)
		}
	}
	if len(run) > 0 {
		flush(len(norm))
	}
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

// diff1 reports whether a and b, of three runes each, differ in exactly one.
func diff1(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	d := 0
	for i := range ra {
		if ra[i] != rb[i] {
			d++
		}
	}
	return d == 1
}
