package lexicon

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// SenseKey reduces an English gloss to the sorted bag of the base forms of
// its content words, joined by spaces: "to lead a group" and "group leader"
// give "group lead" and "group leader"; "(coll.) boss" gives "boss".
// Parenthesised remarks, classifiers (CL:...) and references to other
// entries are dropped. It is "" when nothing is left or the gloss only
// points at another entry ("variant of X").
func SenseKey(gloss string) string {
	g := strings.ToLower(gloss)
	if strings.HasPrefix(g, "cl:") || strings.Contains(g, "variant of") || strings.HasPrefix(g, "see ") ||
		strings.HasPrefix(g, "abbr. for") || strings.HasPrefix(g, "surname") {
		return ""
	}
	g = dropBracketed(g)
	words := Words(g)
	if len(words) == 0 || len(words) > 4 {
		return "" // a long gloss is an explanation, not a sense to share
	}
	sort.Strings(words)
	words = dedupe(words)
	return strings.Join(words, " ")
}

// Words splits English text into the base forms of its content words:
// lower case, letters and digits only, function words dropped.
func Words(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'' || r >= 0x80)
	}) {
		f = strings.Trim(f, "'")
		if f == "" || stopwords[f] || f[0] >= 0x80 {
			continue
		}
		if b := Base(f); b != "" && !stopwords[b] {
			out = append(out, b)
		}
	}
	return out
}

// IsStopword reports whether a question's reading drops w (lower case):
// an English function word, a word that asks what a thing is (known,
// famous: english-ask.txt), or a hedge (exactly, according:
// english-hedges.txt). Sense keys drop only the function words.
func IsStopword(w string) bool {
	if w != "" && w[0] >= utf8.RuneSelf && englishOnly {
		return false // a Chinese word: no word of the lists
	}
	return stopwords[w] || questionOnly[w]
}

// englishOnly: every word of stopwords and questionOnly begins with an
// ASCII byte (the lists are English), so that IsStopword turns away a word
// that does not without reading them.
var englishOnly = func() bool {
	for _, set := range []map[string]bool{stopwords, questionOnly} {
		for w := range set {
			if w != "" && w[0] >= utf8.RuneSelf {
				return false
			}
		}
	}
	return true
}()

// Base reduces an English word (lower case) to a base form: irregular
// forms from english-irregular.txt, then the regular endings (-ies, -es,
// -s, -ing, -ed, 's), and the irregular forms again after them (founded
// -> found -> find, as the gloss "to found" is). Both sides of every
// comparison go through it, so it need only be consistent, not a
// linguist's lemma. It strips one ending, not every one (buildings ->
// building, building -> build).
func Base(w string) string {
	if b, ok := irregular[w]; ok {
		return b
	}
	b := regularBase(w)
	if i, ok := irregular[b]; ok {
		return i // founded -> found -> find, as the gloss "to found" is
	}
	return b
}

// regularBase strips a regular ending of w (see Base).
func regularBase(w string) string {
	w = strings.TrimSuffix(w, "'s")
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 4 && (strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes")):
		return w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	case n > 5 && strings.HasSuffix(w, "ing"):
		return undouble(w[:n-3])
	case n > 4 && strings.HasSuffix(w, "ied"):
		return w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "ed"):
		return undouble(w[:n-2])
	}
	return w
}

// Derived returns the words an English adverb, adjective or noun of an
// act may be derived from, nearest first: historically -> historic,
// historical, history; mainly -> main; historical -> history, historic;
// historic -> history; cooperation -> cooperate; development -> develop; Taiwanese ->
// Taiwan, Australian -> Australia. It is nil for
// other words. The words need not exist (famil of family): a caller looks
// each up and takes the first the dictionary has. Short words are left
// alone (early, apply: not ear, app).
func Derived(w string) []string {
	var out []string
	add := func(ws ...string) {
		for _, x := range ws {
			if len(x) >= 4 && x != w && !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	n := len(w)
	switch {
	case n > 8 && strings.HasSuffix(w, "ically"):
		add(w[:n-4], w[:n-2], w[:n-6]+"y")
	case n > 5 && strings.HasSuffix(w, "ly") && !strings.HasSuffix(w, "ily"):
		add(w[:n-2])
	case n > 7 && strings.HasSuffix(w, "ation"):
		// A noun of an act: its verb (cooperation -> cooperate,
		// exploration -> explore, transformation -> transform).
		add(w[:n-3]+"e", w[:n-5]+"e", w[:n-5])
	case n > 7 && strings.HasSuffix(w, "ment"):
		add(w[:n-4]) // development -> develop, investment -> invest
	case n > 6 && strings.HasSuffix(w, "ese"):
		add(w[:n-3]) // a people's or language's name: Taiwanese -> Taiwan
	case n > 6 && strings.HasSuffix(w, "ian"):
		add(w[:n-1], w[:n-3]+"a", w[:n-3]+"y") // Australian -> Australia, Canadian -> Canada, Italian -> Italy
	case n > 6 && strings.HasSuffix(w, "ic") && !strings.HasSuffix(w, "fic") && !strings.HasSuffix(w, "sic") && !strings.HasSuffix(w, "lic"):
		// historic -> history, strategic -> strategy, harmonic -> harmony
		// (not specific -> specify, pacific -> pacify, classic -> classy,
		// public -> puby)
		add(w[:n-2]+"y", w[:n-2]+"e")
	case n > 5 && strings.HasSuffix(w, "an") && !strings.HasSuffix(w, "ian"):
		add(w[:n-2] + "a") // American -> America, Korean -> Korea (not median -> media)
	}
	for _, a := range append([]string{w}, out...) {
		if k := len(a); k > 6 && strings.HasSuffix(a, "ical") {
			add(a[:k-4]+"y", a[:k-2])
		}
	}
	return out
}

// undouble drops a doubled final consonant (planned -> plann -> plan).
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

func dropBracketed(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, w := range sorted {
		if i == 0 || w != sorted[i-1] {
			out = append(out, w)
		}
	}
	return out
}

func wordSet(text string) map[string]bool {
	m := map[string]bool{}
	for _, line := range dataLines(text) {
		m[line] = true
	}
	return m
}

func wordPairs(text string) map[string]string {
	m := map[string]string{}
	for _, line := range dataLines(text) {
		if f := strings.Fields(line); len(f) == 2 {
			m[f[0]] = f[1]
		}
	}
	return m
}

// wordLists reads lines of a word and the words it stands for.
func wordLists(text string) map[string][]string {
	m := map[string][]string{}
	for _, line := range dataLines(text) {
		if f := strings.Fields(line); len(f) >= 2 {
			m[f[0]] = f[1:]
		}
	}
	return m
}

// Abbreviation returns the words an English abbreviation (lower case)
// stands for (ev: electric, vehicle), from english-abbreviations.txt, or
// nil. The lists are read at question time only: the lexicon table is
// keyed by the words, so the data sum need not cover them.
func Abbreviation(w string) []string { return abbreviations[w] }

// mergePairs returns the pairs of a and b together.
func mergePairs(a, b map[string]string) map[string]string {
	m := maps.Clone(a)
	maps.Copy(m, b)
	return m
}

// VerbForm reports whether w (lower case) is a form of a verb: its past,
// irregular (led) or regular (visited), or its -ing form (meeting). Such
// a word names an act, not the person or thing of a noun of the same
// root (led, not leader).
func VerbForm(w string) bool {
	if _, ok := pastForms[w]; ok {
		return true
	}
	return (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")) && Base(w) != w
}

// dataLines returns the lines of a data file that are not blank or
// comments.
func dataLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}
