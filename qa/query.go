package qa

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lexicon"
)

// Kind is what a question asks for.
type Kind uint8

const (
	KindWhat   Kind = iota // anything else
	KindWho                // 谁, 哪位, 叫什么名字
	KindWhere              // 哪里, 在哪, 什么地方, 哪些城市
	KindWhen               // 什么时候, 何时, 哪年
	KindNumber             // 多少, 几个, 多大
	KindMoney              // 多少钱, 价格
	KindWhy                // 为什么, 怎么, 如何
	KindYesNo              // 吗, 是不是, 有没有
	KindTitle              // 标题, 小标题: the heading of a section
	KindOrg                // 哪家, 哪个单位: an organisation
)

var kindNames = [...]string{"what", "who", "where", "when", "number", "money", "why/how", "yes/no", "title", "which org"}

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
	{KindWhat, []string{"哪些方面", "哪方面", "哪个方面", "哪些领域", "哪个领域", "哪些业务"}}, // 哪 of a topic, not of a place
	{KindMoney, []string{"多少钱", "价格", "售价", "价钱", "费用", "多少元", "花了多少", "卖多少", "几块钱"}},
	{KindWhen, []string{"什么时候", "啥时候", "啥时", "何时", "哪年", "哪一年", "哪天", "哪一天", "几月", "几号", "哪个月", "多久", "几点", "什么时间", "哪段时间", "什么日子"}},
	{KindWho, []string{"谁", "哪位", "什么人", "何人", "啥人", "哪个人", "姓名"}},
	{KindWhere, []string{"哪里", "哪儿", "在哪", "什么地方", "何地", "何处", "哪座", "哪个城市", "哪些城市", "哪些地方", "哪个省", "哪个国家", "哪些国家", "啥地方", "去哪", "到哪", "哪个区", "哪两个省", "哪些省", "哪几个地方", "哪几个城市", "哪几座", "哪几个省"}},
	{KindOrg, []string{"哪家", "哪两家", "哪几家", "哪些企业", "哪些公司", "哪个公司", "哪家公司", "哪个单位", "哪些单位", "哪两个单位", "什么单位", "哪个机构", "哪些机构", "什么机构", "哪所", "哪个集团", "哪个银行"}},
	{KindNumber, []string{"多少", "多大", "多长", "多高", "多远", "多重", "百分之几", "几成"}},
	{KindWhy, []string{"为什么", "为何", "为啥", "怎么", "如何", "怎样", "咋", "靠什么", "凭什么", "目的", "为了什么"}},
	{KindYesNo, []string{"吗", "是不是", "有没有", "是否", "能不能", "会不会", "对不对"}},
}

// multiCues ask for several things at once.
var multiCues = []string{"哪两", "哪几", "分别", "各是", "各自", "两家", "两个", "几家"}

// Cues besides the kinds', as bits of cueSet.scan's result above the kinds.
const (
	cueMulti   = 1 << 32
	cuePartner = 1 << 33 // 和谁: the answer may be an organisation
	cueYear    = 1 << 34 // 哪一年: the answer is a year
	cueName    = 1 << 35 // 叫什么, 名字, 身份: a person's name or role, if about a person
	cueDate    = 1 << 36 // 几月几号: the answer is a date
	cueSince   = 1 << 37 // 从什么时候: "since" answers it
)

// cueSet finds many cue strings in one pass: cues are grouped by their
// first rune.
type cueSet map[rune][]cueEntry

type cueEntry struct {
	text string
	bits uint64
}

func (cs cueSet) add(bits uint64, texts ...string) {
	for _, t := range texts {
		r, _ := utf8.DecodeRuneInString(t)
		cs[r] = append(cs[r], cueEntry{t, bits})
	}
}

// scan returns the bits of every cue that occurs in s.
func (cs cueSet) scan(s string) uint64 {
	var found uint64
	for i, r := range s {
		for _, c := range cs[r] {
			if strings.HasPrefix(s[i:], c.text) {
				found |= c.bits
			}
		}
	}
	return found
}

var cues = func() cueSet {
	cs := cueSet{}
	for k, kc := range kindCues {
		cs.add(1<<k, kc.cues...)
	}
	cs.add(cueMulti, multiCues...)
	cs.add(cuePartner, "和谁", "与谁", "跟谁", "同谁", "向谁", "给谁", "和哪", "与哪")
	cs.add(cueYear, "哪年", "哪一年", "年份", "几几年", "什么年")
	cs.add(cueName, "叫什么", "叫啥", "名字", "身份", "职务", "职位", "头衔", "角色")
	cs.add(cueDate, "几月几号", "几月几日", "几号", "哪天", "哪一天", "几月", "日期", "哪日")
	cs.add(cueSince, "从什么时候", "什么时候开始", "从何时", "何时起", "什么时候起")
	return cs
}()

// categoryCues precede a noun that names the kind of the answer rather than
// its content (哪些城市: the answer names cities; 什么样的交通枢纽).
var categoryCues = []string{"哪些", "哪个", "哪家", "哪所", "哪座", "哪类", "哪种", "哪两个", "哪两家", "哪几个", "什么样的", "什么样", "什么", "啥", "哪"}

// locatorWords point at a part of the text by what precedes them.
var locatorWords = []string{"那一站", "这一站", "那一部分", "这一部分", "那部分", "这部分", "那一段", "这一段", "那段", "这段", "那一节", "这一节", "那节", "那一块", "那块"}

// locatorClause returns the byte span of X in X那部分 (from the start of
// its clause), or an empty span.
func locatorClause(norm string) (from, to int) {
	for _, w := range locatorWords {
		if i := strings.Index(norm, w); i >= 0 {
			start := strings.LastIndexAny(norm[:i], ",，;；?？!！。") + 1
			return start, i
		}
	}
	return 0, 0
}

// exceptScale weighs what a question sets aside (除了X).
const exceptScale = 0.3

// exceptClause returns the byte span of X in 除了X以外/之外 or 除了X, (up to
// the next punctuation), or an empty span.
func exceptClause(norm string) (from, to int) {
	i := strings.Index(norm, "除了")
	if i < 0 {
		return 0, 0
	}
	from = i + len("除了")
	rest := norm[from:]
	end := len(rest)
	for _, stop := range []string{"以外", "之外", ",", "，", "、", "?", "？", "还"} {
		if j := strings.Index(rest, stop); j >= 0 && j < end {
			end = j
		}
	}
	return from, from + end
}

// maxConcepts bounds the concepts of one question (a long question's
// later words are dropped): each costs working memory over every sentence.
const maxConcepts = 32

// categoryScale weighs a category noun: the answer may not repeat it.
const categoryScale = 0.5

// titleWords name a section or its heading; in a title question they
// point at the heading and are not matched as content.
var titleWords = map[string]bool{
	"小标题": true, "标题": true, "题目": true, "大标题": true, "副标题": true, "部分": true, "段": true, "一段": true,
	"段落": true, "章节": true, "开头": true, "节": true, "一节": true, "章": true, "板块": true, "第": true, "个": true,
}

// ordinals of headings: 第一个小标题; the first in the question counts.
var ordinals = []struct {
	word string
	n    int
}{
	{"第一", 1}, {"第二", 2}, {"第三", 3}, {"第四", 4}, {"第五", 5}, {"第六", 6}, {"第七", 7}, {"第八", 8}, {"第九", 9},
	{"最后", -1}, {"末尾", -1},
}

// ordinal returns the heading a title question points at by position (第二个
// -> 2, 最后一个 -> -1, 第3个 -> 3), the earliest such word in the question,
// or 0.
func ordinal(norm string) int {
	best, at := 0, len(norm)
	for _, o := range ordinals {
		if i := strings.Index(norm, o.word); i >= 0 && i < at {
			best, at = o.n, i
		}
	}
	if i := strings.Index(norm, "第"); i >= 0 && i < at {
		j := i + len("第")
		k := j
		for k < len(norm) && norm[k] >= '0' && norm[k] <= '9' {
			k++
		}
		if n, err := strconv.Atoi(norm[j:k]); err == nil && n > 0 {
			best = n
		}
	}
	return best
}

// query is a parsed question.
type query struct {
	norm     string
	kind     Kind
	multi    bool
	partner  bool   // who questions: 和谁, 与谁 (a partner may be an organisation)
	ordinal  int    // title questions: which heading, 1-based; -1 the last; 0 none
	unit     string // number questions: the measure asked for (多少人 -> 人), if any
	concepts []concept
	words    int // tokens of any kind: 0 for emoji, punctuation or nothing
	// latin is the share of the question's letters and ideographs that
	// are Latin letters (an English or mixed question).
	latin float64
	// unknown lists the names the question mentions that the text does not
	// have (东湖大学, 合肥, Tsinghua): the article cannot answer about them.
	unknown []unknownName
	// minEvidence is the least weight an answer must cover: a share of
	// the weight of a concept found nowhere, so that it scales with the
	// size of the base.
	minEvidence float64
}

// concept is one thing the question mentions: a word or a run of words,
// with the words it can stand for in the text.
type concept struct {
	text string
	alts []string // text first, then its aliases and related words
	// altF is the credit of a match through each of alts (nil: 1 for the
	// text, aliasFactor for the rest); see factor.
	altF   []float32
	scale  float64 // weight factor: 1; less for category nouns and context
	entity bool    // names a person, organisation, place or other proper name of the text
	person bool    // names a person of the text
	// unknownRun: the concept is a run of single characters that no
	// dictionary joined (合肥 cut 合/肥): perhaps a name.
	unknownRun bool
	// name: the concept looks like a name (an organisation, a place, a
	// person), whether or not the text has it.
	name bool
	// locator: the concept only says where in the text the question looks
	// (X那部分): found in the section, it counts as found.
	locator bool
	// start, end are the concept's byte offsets in the normalised question.
	start, end int
}

// parse normalises, corrects and segments a question into concepts.
func (m *model) parse(question string) query {
	norm := analysis.Normalize(question)
	toks := m.tokens(norm)
	if fixed, ok := m.correct(norm, toks); ok {
		norm = fixed
		toks = m.tokens(norm)
	}
	q := query{norm: norm, kind: KindWhat, words: len(toks), minEvidence: minEvidence * idf(0, m.n),
		concepts: make([]concept, 0, len(toks))}
	q.latin = latinShare(norm)
	found := cues.scan(norm)
	for k := range kindCues {
		if found&(1<<k) != 0 {
			q.kind = kindCues[k].kind
			break
		}
	}
	if q.kind == KindWhat && q.latin > 0 {
		if k, year, ok := englishKind(latinWords(toks)); ok {
			q.kind = k
			if year {
				found |= cueYear
			}
		}
	}
	if q.kind == KindWhat && found&cueName != 0 && m.mentionsPerson(toks) {
		q.kind = KindWho // 校长叫什么名字: a person's name
	}
	q.multi = found&cueMulti != 0
	q.partner = found&cuePartner != 0
	if q.kind == KindTitle {
		q.ordinal = ordinal(norm)
	}
	if q.kind == KindWhat || q.kind == KindYesNo {
		// 几 and a measure word: 几颗, 几个.
		if u := askedUnit(norm); u != "" {
			q.kind = KindNumber
		}
	}
	switch q.kind {
	case KindNumber:
		q.unit = askedUnit(norm)
	case KindWhen:
		switch {
		case found&cueYear != 0:
			q.unit = "年份"
		case found&cueDate != 0:
			q.unit = "日期"
		case found&cueSince != 0:
			q.unit = "起始"
		}
	}
	for i := 0; i < len(toks); {
		t := toks[i]
		if m.auxiliaryGo(toks, i) {
			i++
			continue
		}
		// The longest run of up to four adjacent tokens that is an alias,
		// or a name of the text (硕放+机场 of 无锡硕放机场).
		best, bestJ, isAlias := "", -1, false
		contiguous := true
		for j, text := i, ""; j < len(toks) && j < i+4; j++ {
			if j > i && !adjacent(norm, toks[j-1], toks[j]) {
				break
			}
			if j > i && toks[j-1].End != toks[j].Start {
				contiguous = false
			}
			if contiguous {
				text = norm[t.Start:toks[j].End]
			} else {
				text += toks[j].Text
			}
			if _, ok := m.aliases[text]; ok && utf8.RuneCountInString(text) <= m.aliasMaxRunes {
				best, bestJ, isAlias = text, j, true
			} else if j > i && !toks[j].Function && !toks[i].Function && (m.nameOf(text) || m.trigrams[text]) {
				// Words that stand together in the text's names, or as a
				// run of three units of the text (副+市长), are one concept.
				best, bestJ, isAlias = text, j, false
			}
		}
		if q.kind == KindTitle && bestJ >= 0 && titleWords[best] {
			i = bestJ + 1
			continue
		}
		if bestJ >= 0 && (bestJ > i || !t.Function) {
			c := concept{text: best, alts: []string{best}, scale: 1, start: t.Start, end: toks[bestJ].End}
			if isAlias {
				c.alts = append(c.alts, m.aliases[best]...)
			}
			c.entity, c.person = m.isEntity(c), m.isPerson(c.text)
			q.concepts = append(q.concepts, m.categorise(c, norm, t.Start))
			i = bestJ + 1
			continue
		}
		if t.Function || q.kind == KindTitle && titleWords[t.Text] {
			i++
			continue
		}
		// A run of single characters that are not words of the text is
		// one unknown word (创始人, 门票), not several characters; a single
		// character with a function character after it that the text has
		// together (校+地 of 校地合作) is one word too.
		j := i + 1
		if isSingleHan(t.Text) {
			for j < len(toks) && isSingleHan(toks[j].Text) && toks[j].Start == toks[j-1].End {
				if toks[j].Function {
					if j == i+1 && m.base.Index.Grams[norm[t.Start:toks[j].End]] != nil {
						j++
					}
					break
				}
				j++
			}
		}
		text := norm[t.Start:toks[j-1].End]
		c := concept{text: text, alts: []string{text}, scale: 1, start: t.Start, end: toks[j-1].End, unknownRun: j > i+1}
		c.entity, c.person = m.isEntity(c), m.isPerson(c.text)
		q.concepts = append(q.concepts, m.categorise(c, norm, t.Start))
		i = j
	}
	q.concepts = m.joinAliases(q.concepts, norm)
	m.expand(&q, question)
	q.unknown = m.link(q.concepts, norm)
	// X那部分, 在X那一站: X locates the part of the text the question is
	// about; the answer is somewhere there, not necessarily about X.
	if from, to := locatorClause(norm); from < to {
		for i := range q.concepts {
			if c := &q.concepts[i]; c.start >= from && c.end <= to {
				c.entity, c.locator = false, true
			}
		}
	}
	// 除了X(以外), 还…: X is what the question sets aside; the answer is
	// about the rest, and may or may not mention X.
	if from, to := exceptClause(norm); from < to {
		for i := range q.concepts {
			if c := &q.concepts[i]; c.start >= from && c.end <= to {
				c.scale *= exceptScale
			}
		}
	}
	if len(q.concepts) > maxConcepts {
		q.concepts = q.concepts[:maxConcepts]
	}
	// A title (市长, 院士) says who a person is: with a person's name in the
	// question it is part of the name, without one it is what is asked.
	for _, c := range q.concepts {
		if c.person {
			for i := range q.concepts {
				if knowledge.IsTitle(q.concepts[i].text) {
					q.concepts[i].entity = true
				}
			}
			break
		}
	}
	return q
}

// joinAliases merges two neighbouring concepts, one of them unknown to the
// text, when an alias lies across them (搬+进去 holds 搬进, an alias of
// 入驻): the pair becomes one concept that stands for the alias's words.
func (m *model) joinAliases(cs []concept, norm string) []concept {
	for i := 0; i+1 < len(cs); i++ {
		a, b := cs[i], cs[i+1]
		if a.end != b.start || len(a.alts) > 1 || len(b.alts) > 1 || m.known(a.text) && m.known(b.text) {
			continue
		}
		joined := norm[a.start:b.end]
		alts := m.innerAliases(joined)
		if alts == nil || m.innerAliases(a.text) != nil || m.innerAliases(b.text) != nil {
			continue
		}
		c := concept{text: joined, alts: append([]string{joined}, alts...), scale: math.Min(a.scale, b.scale), start: a.start, end: b.end}
		c.entity = a.entity || b.entity
		cs = append(cs[:i], append([]concept{c}, cs[i+2:]...)...)
	}
	return cs
}

// known reports whether the text has s as a word or, for two characters,
// side by side.
func (m *model) known(s string) bool {
	return m.base.Index.Words[s] != nil || utf8.RuneCountInString(s) <= 2 && m.base.Index.Grams[s] != nil
}

// auxiliaryGo reports a 去 that only introduces what follows it (去落实: to
// carry out), not one that means going somewhere: 去 is a going when it
// ends the question, or comes before a function word (去了, 去哪) or a
// place (去福州).
func (m *model) auxiliaryGo(toks []analysis.Token, i int) bool {
	if toks[i].Text != "去" || i+1 == len(toks) {
		return false
	}
	next := toks[i+1]
	return !next.Function && m.termKind[next.Text] != knowledge.Place
}

// categorise lowers the weight of a noun that follows 哪些, 什么样的 and the
// like: it says what kind of thing the answer is, and the answer may name
// the thing without the noun.
func (m *model) categorise(c concept, norm string, start int) concept {
	before := norm[:start]
	for _, cue := range categoryCues {
		if strings.HasSuffix(before, cue) {
			c.scale *= categoryScale
			break
		}
	}
	return c
}

// adjacent reports whether token b follows a directly, or with only spaces
// or the joiners of Latin compounds between them (non-invasive, R&D).
func adjacent(norm string, a, b analysis.Token) bool {
	if a.End > b.Start {
		return false
	}
	return strings.Trim(norm[a.End:b.Start], " -&./_'") == ""
}

// nameOf reports whether s (two or more words run together) is, or is part
// of, one of the text's names: such a run is one concept.
func (m *model) nameOf(s string) bool { return m.nameParts[s] }

// isEntity reports whether a concept names a particular person,
// organisation, place or brand of the text.
func (m *model) isEntity(c concept) bool {
	if m.termKind[c.text] == knowledge.Person {
		return true
	}
	for _, a := range c.alts {
		if k, ok := m.termKind[a]; ok && k != knowledge.Quote && k != knowledge.Number || m.aliasNames[a] {
			return true
		}
	}
	return m.nameOf(c.text)
}

// mentionsPerson reports a token that is a title (校长) or 人.
func (m *model) mentionsPerson(toks []analysis.Token) bool {
	for _, t := range toks {
		if knowledge.IsTitle(t.Text) || t.Text == "人" || m.isPerson(t.Text) {
			return true
		}
	}
	return false
}

func (m *model) isPerson(s string) bool {
	k, ok := m.termKind[s]
	return ok && k == knowledge.Person
}

// askedUnit returns the measure word that follows 多少 or 几 (多少人 -> 人,
// 几家 -> 家), or "".
func askedUnit(norm string) string {
	for _, cue := range []string{"多少", "几"} {
		for from := 0; ; {
			i := strings.Index(norm[from:], cue)
			if i < 0 {
				break
			}
			i += from
			from = i + len(cue)
			if cue == "几" {
				// 哪几个, 那几家, 这几年, 好几个: which or some, not how many.
				if prev, _ := utf8.DecodeLastRuneInString(norm[:i]); strings.ContainsRune("哪那这好", prev) {
					continue
				}
			}
			rest := norm[from:]
			for _, u := range measureWords {
				if strings.HasPrefix(rest, u) {
					return u
				}
			}
		}
	}
	if strings.Contains(norm, "比例") || strings.Contains(norm, "百分之") || strings.Contains(norm, "占比") || strings.Contains(norm, "比重") {
		return "%"
	}
	for _, u := range []string{"面积", "多大", "多长", "多高", "多重", "多远"} {
		if strings.Contains(norm, u) {
			return u
		}
	}
	return ""
}

// measureWords are units a number question can ask for, longest first.
var measureWords = []string{"平方米", "人次", "公里", "万人", "亿元", "万元", "员工", "职工", "架次", "人", "名", "位", "家", "个", "种", "年", "天", "元", "吨", "艘", "次", "所", "项", "岁", "米", "亩", "倍", "批", "颗", "台", "辆", "只", "条", "座", "间", "张", "本", "部", "届", "款"}

// unitAnswers lists, for a unit asked for, the text that answers it: a
// number followed by one of these.
var unitAnswers = map[string][]string{
	"人": {"人", "名", "位", "人次"}, "员工": {"人", "名", "位"}, "职工": {"人", "名", "位"}, "万人": {"万人"},
	"名": {"名", "人", "位"}, "位": {"位", "名", "人"}, "人次": {"人次"},
	"元": {"元"}, "亿元": {"亿元"}, "万元": {"万元", "亿元"}, "次": {"次", "架次", "人次"},
	"面积": {"平方米", "平方公里", "亩", "公顷"}, "平方米": {"平方米"}, "多大": {"平方米", "亩", "公顷", "规模", "亿元", "万元"},
	"多长": {"米", "公里", "年", "天", "月"}, "多高": {"米"}, "多重": {"吨", "公斤", "千克"}, "多远": {"米", "公里"},
	"%": {"%", "成"}, "年份": {"年"}, "岁": {"岁"}, "亩": {"亩"}, "米": {"米"}, "公里": {"公里"}, "吨": {"吨"}, "架次": {"架次"},
}

func isSingleHan(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && analysis.IsHan(r)
}

// fixSpan is a correction of the question: its bytes start to end become text.
type fixSpan struct {
	start, end int
	text       string
}

// splitQuestions splits text that asks several questions (厦门大学校长是谁?
// 合作基金总规模多少?) at its question marks; one question gives one part.
func splitQuestions(norm string) []string {
	var parts []string
	start := 0
	for i, r := range norm {
		if r == '?' || r == '？' {
			if p := strings.TrimSpace(norm[start:i]); wordRunes(p) != "" {
				parts = append(parts, p)
			}
			start = i + utf8.RuneLen(r)
		}
	}
	if p := strings.TrimSpace(norm[start:]); wordRunes(p) != "" {
		parts = append(parts, p)
	}
	return parts
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

// latinShare is the share of the letters and ideographs of s that are
// Latin letters.
func latinShare(s string) float64 {
	latin, all := 0, 0
	for _, r := range s {
		switch {
		case r < 0x80 && (r|0x20 >= 'a' && r|0x20 <= 'z'):
			latin++
			all++
		case analysis.IsHan(r):
			all++
		}
	}
	if all == 0 {
		return 0
	}
	return float64(latin) / float64(all)
}

// tokens segments a normalised question; English function words (the,
// of, who) are function words like Chinese ones.
func (m *model) tokens(norm string) []analysis.Token {
	toks := m.an.Tokens(norm)
	for i := range toks {
		if !toks[i].Function && lexicon.IsStopword(toks[i].Text) {
			toks[i].Function = true
		}
	}
	return toks
}

// latinWords returns the question's tokens that are Latin words, in order
// (function words too: they are the English question's cues).
func latinWords(toks []analysis.Token) []string {
	var out []string
	for _, t := range toks {
		if isLatinWord(t.Text) {
			out = append(out, t.Text)
		}
	}
	return out
}
