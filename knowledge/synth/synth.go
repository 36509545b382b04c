// Package synth makes synthetic knowledge sources from the default article,
// for benchmarks and tests at scale: a knowledge base of a thousand articles
// that read like the real one without being copies of it.
//
// Each article keeps the default article's structure, so that it parses to
// the same paragraphs of the same kinds: the lead paragraph first, every
// section heading in its place, the trailer (来源:, 编辑:, ...) last. Within
// that structure it shuffles the sentences of each paragraph and the body
// paragraphs of each section, gives the people and the organisations other
// names (the people's from lists of surnames and given names), and replaces
// every number with another of as many digits. The output depends only on
// n and the seed.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
)

// People are the default article's people that a synthetic article renames.
// 习近平 is kept: the article quotes him, it does not report on him.
var People = []string{"杜小刚", "周文栋", "王坚", "张宗益", "尤延铖", "颜霖", "张静", "杨珍"}

// Orgs are the distinctive stems of the default article's organisations
// (宇树 of 宇树科技), longest first so that no stem is replaced inside a
// longer one. A synthetic article gives each stem another.
var Orgs = []string{
	"海天丝路", "昊盛", "宇树", "强脑", "之江", "兴业", "金圆", "国贸", "海翼", "锡创",
	"雨果", "统一", "翔安", "硕放",
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏建红云飞晨宇浩然子涵思雨欣怡博文俊凯嘉琪梓轩瑞雪佳慧亮志国庆海波春梅立新永辉晓东振宏")
	// stemChars make organisation stems that read like brand names.
	stemChars = []rune("华瑞泰鑫恒嘉联创云智远航星辰锦润达康源盛融汇通宏信腾蓝海峰启元卓越天力明诚鼎丰银河坤博")
)

// Articles returns n synthetic sources made from the default article, named
// synth-0001, synth-0002, ...; the same n and seed give the same sources.
func Articles(n int, seed int64) []knowledge.Source {
	base := knowledge.DefaultSource()
	doc, err := knowledge.Parse(base)
	if err != nil {
		panic("synth: the default article does not parse: " + err.Error())
	}
	out := make([]knowledge.Source, 0, n)
	for i := 0; i < n; i++ {
		r := rand.New(rand.NewPCG(uint64(seed), uint64(i)))
		name := fmt.Sprintf("synth-%04d", i+1)
		out = append(out, knowledge.Source{
			Name: name,
			Path: "synth:" + name + ".txt",
			Text: []byte(article(doc, r)),
		})
	}
	return out
}

// article renders one variant of doc.
func article(doc knowledge.Document, r *rand.Rand) string {
	rep := strings.NewReplacer(renames(r)...)
	paras := shuffleParagraphs(doc.Paragraphs, r)
	var b strings.Builder
	for _, p := range paras {
		sents := make([]string, len(p.Sentences))
		for i, s := range p.Sentences {
			sents[i] = s.Text
		}
		if p.Kind == knowledge.Body {
			r.Shuffle(len(sents), func(i, j int) { sents[i], sents[j] = sents[j], sents[i] })
		}
		for i, s := range sents {
			s = varyNumbers(rep.Replace(s), r)
			// A sentence that ended its line without a terminator must
			// not run into the next one.
			if i < len(sents)-1 && !endsSentence(s) {
				s += "。"
			}
			b.WriteString(s)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// shuffleParagraphs shuffles each run of body paragraphs of one section,
// leaving the lead (the paragraphs before the first heading), headings and
// trailer lines where they are.
func shuffleParagraphs(ps []knowledge.Paragraph, r *rand.Rand) []knowledge.Paragraph {
	out := append([]knowledge.Paragraph(nil), ps...)
	for i := 0; i < len(out); {
		j := i
		for j < len(out) && out[j].Kind == knowledge.Body && out[j].Section == out[i].Section {
			j++
		}
		if j == i {
			i++
			continue
		}
		if out[i].Section > 0 {
			run := out[i:j]
			r.Shuffle(len(run), func(a, b int) { run[a], run[b] = run[b], run[a] })
		}
		i = j
	}
	return out
}

// renames returns the old, new pairs that rename the people and
// organisations of the default article; each new name has as many
// characters as the old.
func renames(r *rand.Rand) []string {
	var pairs []string
	used := map[string]bool{}
	for _, p := range People {
		var name string
		for name == "" || used[name] {
			name = personName(r, utf8.RuneCountInString(p))
		}
		used[name] = true
		pairs = append(pairs, p, name)
	}
	for _, o := range Orgs {
		var stem string
		for stem == "" || used[stem] {
			rs := make([]rune, utf8.RuneCountInString(o))
			for i := range rs {
				rs[i] = pick(r, stemChars)
			}
			stem = string(rs)
		}
		used[stem] = true
		pairs = append(pairs, o, stem)
	}
	return pairs
}

// personName makes a name of runes characters (two or three).
func personName(r *rand.Rand, runes int) string {
	rs := []rune{pick(r, surnames)}
	for len(rs) < max(runes, 2) {
		rs = append(rs, pick(r, given))
	}
	return string(rs)
}

func pick(r *rand.Rand, rs []rune) rune { return rs[r.IntN(len(rs))] }

// varyNumbers replaces every run of ASCII digits with a random number of as
// many digits (no leading zero unless the run is one digit).
func varyNumbers(s string, r *rand.Rand) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			b.WriteByte(c)
			continue
		}
		first := i == 0 || s[i-1] < '0' || s[i-1] > '9'
		if first && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			b.WriteByte(byte('1' + r.IntN(9)))
		} else {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
	}
	return b.String()
}

func endsSentence(s string) bool {
	for s != "" {
		c, n := utf8.DecodeLastRuneInString(s)
		switch c {
		case '。', '！', '？', '!', '?', '；', ';':
			return true
		case '”', '’', '"', '\'', '」', '』', '）', ')', '】', '》', '〉', ']', '}':
			s = s[:len(s)-n]
			continue
		}
		return false
	}
	return false
}
