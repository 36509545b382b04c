package qa

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lexicon"
)

// The compose stage for declines: say plainly what the text does not say,
// and show what it does say about what the question names.

// maxRelated bounds the related sentences shown with a decline.
const maxRelated = 3

// declineUnknown declines a question about names the text does not have,
// naming them, and the text's names of the same kind.
func (m *asker) declineUnknown(a *Answer, unknown []unknownName) {
	a.Reason = ReasonUnknownName
	var b strings.Builder
	names := make([]string, len(unknown))
	for i, u := range unknown {
		names[i] = u.text
	}
	b.WriteString("文章没有提到" + strings.Join(names, "、") + "。")
	u := unknown[0]
	if similar := m.similarNames(u); len(similar) > 0 {
		what := "名称"
		switch u.class {
		case classOrg:
			what = u.suffix
		case classPlace:
			what = "地方"
		case classPerson:
			what = "人物"
		}
		b.WriteString("文章里提到的" + what + "有" + strings.Join(similar, "、") + "。")
	}
	b.WriteString("我不猜测。")
	a.Notice = b.String()
	render(a)
}

// declineRelated declines a question the text does not answer; when the
// question names something the text talks about, it says what the text
// does not say of it and shows the sentences about it.
func (m *asker) declineRelated(a *Answer, q query, r ranking) {
	a.Notice, a.Reason = MsgNotInText, ReasonNotInText
	defer render(a)
	subject, at, missing := m.subjectAndMissing(q, r)
	if subject == "" {
		return
	}
	related := func(k int) bool { // (met in its paragraph will do)
		c := &r.cands[k]
		return c.entCov >= 0.5 && (q.concepts[at].entity || c.per[at] >= paraFactor)
	}
	n := 0
	for k := 0; k < len(r.cands) && n < maxRelated; k++ {
		if related(k) {
			n++
		}
	}
	if n == 0 {
		return
	}
	a.Related = make([]Citation, 0, n) // (counted first: one allocation)
	for k := 0; len(a.Related) < n; k++ {
		if related(k) {
			a.Related = append(a.Related, m.citation(int(r.cands[k].id)))
		}
	}
	a.About = subject
	if q.opinionOf != nil {
		// 杜小刚对宇树的机器狗作何评价: the text tells of 宇树, not of his view
		// (a concept's first alternative is its own text).
		a.Notice = "文章没有提到" + q.opinionOf[0] + "的看法,我不猜测。"
	} else if missing != "" {
		a.Notice = "文章没有提到" + subject + "的" + missing + ",我不猜测。"
	} else {
		a.Notice = MsgNoDirect
	}
}

// subjectAndMissing returns what the question is about (its weightiest
// name the text has, else a word for a report's recurring subject) and its
// concept's index, and the weightiest thing it asks that the text lacks
// near it, or "".
func (m *asker) subjectAndMissing(q query, r ranking) (subject string, at int, missing string) {
	bestEnt, bestMiss := 0.0, 0.0
	report := -1 // a concept for a report's recurring subject (考察团)
	for i, c := range q.concepts {
		w := r.weights[i]
		if deicticTimes.Has(c.text) {
			w /= 2 // 去年 of 宇树科技去年营收多少: the revenue is what is missing
		}
		switch {
		case c.entity && r.found[i] && w > bestEnt:
			subject, at, bestEnt = c.text, i, w
		case report < 0 && r.found[i] && m.standsForSubject(c):
			report = i
		case !c.entity && !c.locator && !c.fromContext && w > bestMiss && !(q.kind == KindNumber && slices.Contains(measureWords, c.text)) &&
			(i >= len(r.found) || !r.found[i] || len(r.cands) > 0 && r.cands[0].per[i] < paraFactor) && m.namesAttribute(c.text):
			// What this question asks and the lead does not meet even in
			// its paragraph, not what the question it follows
			// asked (老板是谁 after 宇树科技是哪一年成立的: not 成立), nor
			// the unit it counts in (天 of 几天), nor a piece of a word.
			missing, bestMiss = c.text, w
		}
	}
	if subject == "" && report >= 0 {
		// Nothing named but what a report is about (考察团具体哪天出发):
		// the report talks about it throughout.
		subject, at = q.concepts[report].text, report
	}
	return subject, at, missing
}

// namesAttribute reports whether w can name, in a notice, what the text
// does not say: a word of two to four ideographs (isWord), or two such
// words of two ideographs each (一年+营收); an English word of five
// letters or more that is no past or -ing form (revenue, founder; not
// led, visited: lexicon.VerbForm). A piece the segmenter cut off a word
// the analyzer lacks (董 of 董事长, 正式投 of 正式投用, 恃者) names nothing:
// the notice then says only that the text does not answer.
func (m *asker) namesAttribute(w string) bool {
	if !analysis.AllHan(w) {
		return len(w) >= 5 && isLatinWord(w) && !lexicon.VerbForm(w)
	}
	switch n := utf8.RuneCountInString(w); {
	case n < 2 || n > 4:
		return false
	case m.isWord(w):
		return true
	case n == 4:
		_, size := utf8.DecodeRuneInString(w)
		_, size2 := utf8.DecodeRuneInString(w[size:])
		return m.isWord(w[:size+size2]) && m.isWord(w[size+size2:])
	}
	return false
}

// isWord reports a word of the text, of the segmenter's dictionary, or of
// the lexical resource's that relates to a word of the text (营收).
func (m *asker) isWord(w string) bool {
	return m.text.wordCount(w) > 0 || m.base.Lexicon.Word(w) || len(m.base.Lexicon.Related(w)) > 0
}

// standsForSubject reports a concept that stands for a report's recurring
// subject (考察团, which opens most of its body's sentences), or for what
// the subject is named after (考察 of 考察团: the trip the group makes).
func (m *asker) standsForSubject(c concept) bool {
	m.homes()
	for subject := range m.subjectLeads {
		if slices.ContainsFunc(c.alts, func(a string) bool {
			return a == subject || utf8.RuneCountInString(a) >= 2 && strings.HasPrefix(subject, a)
		}) {
			return true
		}
	}
	return false
}

// bareName returns the sentences about the one name a question consists of
// (无锡, 宇树科技, 厦大是啥来头), perhaps with the kind of thing it is asked
// (之江实验室是个啥单位: kindOfName): asked alone, a name asks what the text
// says of it, and first what it is: a sentence that says the name is something
// (厦门大学是中国近代教育史上第一所华侨创办的大学) leads.
func (m *asker) bareName(q query, r ranking) []scored {
	name := -1
	for i, c := range q.concepts {
		switch {
		case c.kindOfName:
		case name >= 0 || !c.entity || !r.found[i]:
			return nil
		default:
			name = i
		}
	}
	if name < 0 || q.kind != KindWhat {
		return nil
	}
	var out []scored
	for _, c := range r.cands {
		if len(out) == maxRelated {
			break
		}
		if c.per[name] >= 0.9 { // the name itself, not its paragraph's (paraFactor)
			out = append(out, c)
		}
	}
	// Sentences that say what the name is first, the rest after, each in
	// rank.
	says := out[:0:0]
	var rest []scored
	for _, c := range out {
		if m.says(q.concepts[name], c.id) {
			says = append(says, c)
		} else {
			rest = append(rest, c)
		}
	}
	out = append(says, rest...)
	return out
}

// says reports a sentence in which a word the concept stands for is
// followed by 是: it says what the name is.
func (m *asker) says(c concept, id uint32) bool {
	norm := m.text.sentence(id).Norm
	for _, a := range c.alts {
		if strings.Contains(norm, a+"是") {
			return true
		}
	}
	return false
}

// unreadable reports a question mostly in Latin letters of which nothing
// was read: no word found in the text, and none that stands for a word of
// the text or of the alias table (newspaper -> 报纸 -> 来源): a language the
// engine cannot read, or words it does not know.
func (m *asker) unreadable(q query, r ranking) bool {
	if q.latin < 0.5 {
		return false
	}
	for i, f := range r.found {
		if f || len(q.concepts[i].alts) > 1 {
			return false
		}
	}
	return true
}
