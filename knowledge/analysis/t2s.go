package analysis

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// t2sText holds OpenCC's Traditional-to-Simplified tables, copied from the
// opencc module by internal/gentraditional: a [TSPhrases] section and a
// [TSCharacters] section of "key<TAB>value" lines, each sorted by key.
// OpenCC's library builds a trie of each at its first use (several
// milliseconds); here the phrases are read into a map and the characters
// are looked up where they lie, by binary search, the first time text
// needs converting.
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
	firsts    map[rune]bool // the first runes of the phrases
	maxPhrase int           // runes in the longest phrase that fits the window
	// chars is the [TSCharacters] section, one "character<TAB>conversion"
	// line a character, sorted by character; lines are where its lines
	// begin.
	chars string
	lines []uint32
}

// maxWindow is how many runes OpenCC looks at from a position.
const maxWindow = 10

const charsSection = "[TSCharacters]\n"

var t2s = sync.OnceValue(func() *converter {
	phrases, chars, ok := strings.Cut(t2sText, charsSection)
	if !ok {
		panic("analysis: t2s.txt: no " + charsSection)
	}
	c := &converter{phrases: map[string]string{}, firsts: map[rune]bool{}, chars: chars}
	section := ""
	for line := range strings.Lines(phrases) {
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "" || line[0] == '#':
			continue
		case line[0] == '[':
			section = line
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		if !ok || k == "" || v == "" || section != "[TSPhrases]" {
			panic("analysis: t2s.txt: bad line " + line)
		}
		if n := utf8.RuneCountInString(k); n <= maxWindow {
			c.phrases[k] = v
			r, _ := utf8.DecodeRuneInString(k)
			c.firsts[r] = true
			c.maxPhrase = max(c.maxPhrase, n)
		}
	}
	c.lines = charLines(chars)
	return c
})

// charLines returns where the lines of the [TSCharacters] section begin,
// checking that each is one character, a tab and its conversion, in
// order: the binary search of char relies on it.
func charLines(chars string) []uint32 {
	lines := make([]uint32, 0, strings.Count(chars, "\n"))
	prev := rune(-1)
	for i := 0; i < len(chars); {
		end := strings.IndexByte(chars[i:], '\n')
		if end < 0 {
			end = len(chars) - i
		}
		line := chars[i : i+end]
		r, size := utf8.DecodeRuneInString(line)
		if len(line) < size+2 || line[size] != '\t' || r <= prev || r == utf8.RuneError {
			panic("analysis: t2s.txt: bad or unsorted line " + line)
		}
		lines = append(lines, uint32(i))
		prev = r
		i += end + 1
	}
	if len(lines) == 0 {
		panic("analysis: t2s.txt: no characters")
	}
	return lines
}

// char returns the conversion of character r, if it has one.
func (c *converter) char(r rune) (string, bool) {
	i := sort.Search(len(c.lines), func(i int) bool {
		k, _ := utf8.DecodeRuneInString(c.chars[c.lines[i]:])
		return k >= r
	})
	if i == len(c.lines) {
		return "", false
	}
	line := c.chars[c.lines[i]:]
	if k, size := utf8.DecodeRuneInString(line); k == r {
		v := line[size+1:]
		if end := strings.IndexByte(v, '\n'); end >= 0 {
			v = v[:end]
		}
		return v, true
	}
	return "", false
}

// convert converts s once.
func (c *converter) convert(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if c.firsts[r] {
			if k, v := c.phrase(s[i:]); k > 0 {
				b.WriteString(v)
				i += k
				continue
			}
		}
		v, ok := "", false
		if changes(r) {
			v, ok = c.char(r)
		}
		if !ok {
			v = s[i : i+size]
		}
		b.WriteString(v)
		i += size
	}
	return b.String()
}

// changes reports whether r may have a conversion of its own other than
// itself: false for a rune of the Basic Multilingual Plane whose bit in
// traditionalBits is clear, without searching the table.
func changes(r rune) bool {
	bit, ok := traditionalBit(r)
	return bit || !ok
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
