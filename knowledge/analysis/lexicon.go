package analysis

import (
	"sort"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/lang"
)

// The lexicon holds the closed classes of Chinese words that carry no content
// of an article: particles and fillers, pronouns and demonstratives,
// prepositions and conjunctions, auxiliaries, and the question words. These
// are general Chinese grammar, not facts of any article.
var functionSet = func() lang.Set {
	words, err := lang.File("function-words.txt")
	if err != nil {
		panic("analysis: " + err.Error())
	}
	var all []string
	for _, list := range words {
		all = append(all, list...)
	}
	return lang.NewSet(all...)
}()

// IsFunctionWord reports whether w is a function, filler or question word.
func IsFunctionWord(w string) bool { return functionSet.Has(w) }

// LexiconWords lists the lexicon's words, sorted: they are added to every
// analyzer's dictionary so that they segment as units. They are the
// function words and the words of everyday speech of two characters or
// more that lang.Colloquial relates to written ones (出差, 老街), so that a
// question in speech segments into words the expand stage knows, the
// words of the asker's own life (lang.AskerContext: 儿子, 作业; and the
// verbs of its tasks, lang.AskerTaskVerbs: 布置), and the
// times counted from the reader's today (lang.DeicticTimes).
func LexiconWords() []string {
	out := make([]string, 0, functionSet.Len()+len(lang.Colloquial))
	out = append(out, functionSet.Words()...)
	for w := range lang.Colloquial {
		if !functionSet.Has(w) && utf8.RuneCountInString(w) > 1 {
			out = append(out, w)
		}
	}
	for _, w := range append(lang.AskerContext.Words(), lang.AskerTaskVerbs.Words()...) {
		if !functionSet.Has(w) && lang.Colloquial[w] == nil && utf8.RuneCountInString(w) > 1 {
			out = append(out, w) // 儿子, read whole (not 儿+子问)
		}
	}
	for _, w := range lang.DeicticTimes.Words() {
		if !functionSet.Has(w) && lang.Colloquial[w] == nil {
			out = append(out, w) // 明天, read whole (明天厂 is not one word)
		}
	}
	sort.Strings(out)
	return out
}
