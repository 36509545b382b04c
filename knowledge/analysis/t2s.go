package analysis

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"
)

// t2sText holds OpenCC's Traditional-to-Simplified tables, copied from the
// opencc module by internal/gentraditional: a [TSPhrases] section and a
// [TSCharacters] section of "key<TAB>value" lines. OpenCC's library builds
// a trie of each at its first use (several milliseconds); these are read
// into two maps (a tenth of that) the first time text needs converting.
//
//go:embed t2s.txt
var t2sText string

// converter converts Traditional to Simplified Chinese the way OpenCC's
// t2s conversion does for valid UTF-8 (normalize has replaced invalid
// bytes before): from each position, the longest phrase of at most
// maxWindow runes that begins there, else the character's own conversion,
// else the character as it is.
type converter struct {
	phrases   map[string]string
	chars     map[rune]string
	maxPhrase int // runes in the longest phrase that fits the window
}

// maxWindow is how many runes OpenCC looks at from a position.
const maxWindow = 10

var t2s = sync.OnceValue(func() *converter {
	n := strings.Count(t2sText, "\n")
	c := &converter{phrases: make(map[string]string, n/8), chars: make(map[rune]string, n)}
	section := ""
	for line := range strings.Lines(t2sText) {
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "" || line[0] == '#':
			continue
		case line[0] == '[':
			section = line
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		if !ok || k == "" || v == "" {
			panic("analysis: t2s.txt: bad line " + line)
		}
		n := utf8.RuneCountInString(k)
		switch {
		case section == "[TSPhrases]" && n <= maxWindow:
			c.phrases[k] = v
			c.maxPhrase = max(c.maxPhrase, n)
		case section == "[TSCharacters]" && n == 1:
			r, _ := utf8.DecodeRuneInString(k)
			c.chars[r] = v
		case section != "[TSPhrases]":
			panic("analysis: t2s.txt: bad line " + line)
		}
	}
	if len(c.chars) == 0 {
		panic("analysis: t2s.txt: no characters")
	}
	return c
})

// convert converts s once.
func (c *converter) convert(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if k, v := c.phrase(s[i:]); k > 0 {
			b.WriteString(v)
			i += k
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if v, ok := c.chars[r]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// phrase returns the byte length and conversion of the longest phrase s
// begins with, or 0.
func (c *converter) phrase(s string) (int, string) {
	var buf [maxWindow]int
	ends := buf[:0] // ends[j]: the byte length of the first j+1 runes
	for i := range s {
		if i > 0 {
			ends = append(ends, i)
		}
		if len(ends) == c.maxPhrase {
			break
		}
	}
	if len(ends) < c.maxPhrase {
		ends = append(ends, len(s))
	}
	for j := len(ends) - 1; j >= 0; j-- {
		if v, ok := c.phrases[s[:ends[j]]]; ok {
			return ends[j], v
		}
	}
	return 0, ""
}
