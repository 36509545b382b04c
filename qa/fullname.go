package qa

import (
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lang"
)

// The full-name pass of the read stage: a person named by surname and
// title, as news and its readers name officials (杜书记, 王院士, 张校长),
// is the person of the text with that surname and, if several have it,
// the one the text gives that title.

// maxNamesakes is the most people of one surname fullNames weighs.
const maxNamesakes = 8

// fullNames writes out the full name of each surname followed by a title
// (杜书记 -> 杜小刚书记) when one person of the text has that surname, or
// when of several just one is given the title in a sentence of the text
// (张校长: 张宗益, not 张静); else it leaves the question as it is. It
// reports whether it changed anything.
func (m *asker) fullNames(norm string, toks []analysis.Token) (string, bool) {
	var b strings.Builder
	last := 0
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		if !isSingleHan(t.Text) || !lang.Surnames.Has(t.Text) {
			continue
		}
		title, ok := titleAt(norm[t.End:])
		if !ok {
			continue
		}
		var names []string
		m.tables.TermsWithPrefix(t.Text, knowledge.Person, func(name string) bool {
			if name != t.Text {
				names = append(names, name)
			}
			return len(names) <= maxNamesakes
		})
		full, ok := m.titled(names, title)
		if !ok {
			continue
		}
		b.WriteString(norm[last:t.Start])
		b.WriteString(full)
		last = t.End
	}
	if last == 0 {
		return norm, false
	}
	b.WriteString(norm[last:])
	return b.String(), true
}

// titled picks of names the one person meant: the only one, or the only
// one with the title in a sentence of the text.
func (m *asker) titled(names []string, title string) (string, bool) {
	switch {
	case len(names) == 1:
		return names[0], true
	case len(names) == 0 || len(names) > maxNamesakes:
		return "", false
	}
	found, n := "", 0
	for _, name := range names {
		for _, p := range m.text.word(name) {
			if strings.Contains(m.text.sentence(p.ID).Norm, title) {
				found, n = name, n+1
				break
			}
		}
	}
	return found, n == 1
}

// maxTitleRunes is the longest title titleAt looks for.
const maxTitleRunes = 4

// titleAt returns the title text begins with, after 副 (deputy) if any:
// 书记, 院士, 市长 of 副市长.
func titleAt(s string) (string, bool) {
	s = strings.TrimPrefix(s, "副")
	end, n := 0, 0
	for _, r := range s {
		end += utf8.RuneLen(r)
		if n++; n > maxTitleRunes {
			break
		}
		if n > 1 && lang.Titles.Has(s[:end]) {
			return s[:end], true
		}
	}
	return "", false
}
