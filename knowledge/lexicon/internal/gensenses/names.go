package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/lang"
)

// classesFile holds the gloss words that class a proper noun.
const classesFile = "name-classes.txt"

// propers writes names.txt.gz: the proper nouns of CC-CEDICT, each with
// its class ('p' a place, 'z' an organisation or another name, 'r' a
// person: the classes of lexicon.Table.Name). A headword is a proper noun
// when every entry of it writes its pinyin capitalised, as CC-CEDICT does
// for names (深圳 [Shen1 zhen4], 大疆 [Da4 jiang1]; not 小米, which is
// also millet [xiao3 mi3]), it is two to four ideographs, and it is more
// than a surname (欧阳 /two-character surname Ouyang/).
func propers(in, out string) error { return propersFrom(classesFile)(in, out) }

// propersFrom is propers with the classes read from classesPath.
func propersFrom(classesPath string) func(in, out string) error {
	return func(in, out string) error { return writePropers(classesPath, in, out) }
}

func writePropers(classesPath, in, out string) error {
	classes, err := readClasses(classesPath)
	if err != nil {
		return err
	}
	zr, closeIn, err := openGz(in)
	if err != nil {
		return err
	}
	defer closeIn()
	type entry struct {
		proper  bool
		glosses []string
	}
	entries := map[string]*entry{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		m := cedictLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		word, pinyin, glosses := m[1], m[2], m[3]
		e := entries[word]
		if e == nil {
			e = &entry{proper: true}
			entries[word] = e
		}
		r, _ := utf8.DecodeRuneInString(pinyin)
		e.proper = e.proper && unicode.IsUpper(r)
		e.glosses = append(e.glosses, strings.Split(glosses, "/")...)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", in, err)
	}
	names := map[string]string{}
	for w, e := range entries {
		if n := utf8.RuneCountInString(w); !e.proper || n < 2 || n > 4 || !allHan(w) || onlySurname(e.glosses) {
			continue
		}
		names[w] = string(classes.of(e.glosses))
	}
	words := make([]string, 0, len(names))
	for w := range names {
		words = append(words, w)
	}
	sort.Strings(words)
	return writeGz(out, func(bw *bufio.Writer) {
		fmt.Fprintln(bw, "# Derived from CC-CEDICT (CC BY-SA 4.0, MDBG; see cedict.u8.gz) by internal/gensenses:")
		fmt.Fprintln(bw, "# WORD<TAB>CLASS, the proper nouns (every entry's pinyin capitalised): p a place, z an organisation or another name, r a person")
		for _, w := range words {
			fmt.Fprintf(bw, "%s\t%s\n", w, names[w])
		}
	})
}

// cedictLine is an entry: TRADITIONAL SIMPLIFIED [PINYIN] /GLOSS/.../.
var cedictLine = regexp.MustCompile(`^\S+ (\S+) \[([^\]]*)\] /(.*)/\s*$`)

// onlySurname reports glosses that give nothing but a surname.
func onlySurname(glosses []string) bool {
	for _, g := range glosses {
		if g = strings.TrimSpace(g); g != "" && !strings.Contains(strings.ToLower(g), "surname") {
			return false
		}
	}
	return true
}

// nameClasses are the gloss words of each class (name-classes.txt).
type nameClasses struct{ place, org, person map[string]bool }

// lifespan is a person's years in a gloss: Li Bai (701-762), (1893–1976).
var lifespan = regexp.MustCompile(`\((c\. )?\d{1,4}( BC)?\s*[-–]`)

// refersTo is a gloss that sends to another headword: see 宁德市, abbr. for
// 清华大学.
var refersTo = regexp.MustCompile(`(?:see|abbr\. for|short for) (?:[^ |\[]+\|)?(\p{Han}+)`)

// of classes a proper noun by its glosses: a lifespan or a person's word
// makes a person, a place's word or a headword it refers to that ends
// with a place's suffix a place, an organisation's word or suffix an
// organisation; anything else is another name ('z').
func (c nameClasses) of(glosses []string) byte {
	text := strings.Join(glosses, " / ")
	if lifespan.MatchString(text) {
		return 'r'
	}
	for _, m := range refersTo.FindAllStringSubmatch(text, -1) {
		if s, ok := lang.PlaceSuffixes.Suffix(m[1]); ok && len(s) < len(m[1]) {
			return 'p'
		}
		if s, ok := lang.OrgSuffixes.Suffix(m[1]); ok && len(s) < len(m[1]) {
			return 'z'
		}
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) })
	for _, cl := range []struct {
		set   map[string]bool
		class byte
	}{{c.person, 'r'}, {c.place, 'p'}, {c.org, 'z'}} {
		for _, w := range words {
			if cl.set[w] {
				return cl.class
			}
		}
	}
	return 'z'
}

// readClasses reads name-classes.txt's three sections.
func readClasses(path string) (nameClasses, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nameClasses{}, err
	}
	c := nameClasses{place: map[string]bool{}, org: map[string]bool{}, person: map[string]bool{}}
	var cur map[string]bool
	for n, line := range strings.Split(string(data), "\n") {
		switch line = strings.TrimSpace(line); {
		case line == "" || line[0] == '#':
		case line == "[place]":
			cur = c.place
		case line == "[organisation]":
			cur = c.org
		case line == "[person]":
			cur = c.person
		case cur == nil:
			return nameClasses{}, fmt.Errorf("%s:%d: a word before any section", path, n+1)
		default:
			cur[line] = true
		}
	}
	return c, nil
}
