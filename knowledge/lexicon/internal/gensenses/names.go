package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/lang"
)

// classesFile holds the gloss words that class a proper noun.
const classesFile = "name-classes.txt"

// propers writes names.txt.gz from CC-CEDICT (in), with the gloss words of
// classesPath: the proper nouns, each with its class ('p' a place, 'z' an
// organisation or another name, 'r' a person: the classes of
// lexicon.Table.Name). A headword is taken when every entry of it writes
// its pinyin capitalised, as CC-CEDICT does for names (深圳 [Shen1 zhen4],
// 大疆 [Da4 jiang1]; not 小米, which is also millet [xiao3 mi3]), it is two
// to four ideographs, it is more than a surname (欧阳 /two-character
// surname Ouyang/), no gloss makes it something a question would not ask
// about by name (an idiom, a township: [skip]), and its glosses class it
// (nameClasses.of: not 中国人, Chinese person). CC-CEDICT capitalises the
// name inside a word too (美金, 礼拜一): the build leaves out those gse tags
// as ordinary words (knowledge.analyzerDict).
func propers(classesPath, in, out string) error {
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
		if n := utf8.RuneCountInString(w); !e.proper || n < 2 || n > 4 || !allHan(w) || onlySurname(e.glosses) || classes.skipped(e.glosses) {
			continue
		}
		if class := classes.of(w, e.glosses); class != 0 {
			names[w] = string(class)
		}
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

// nameClasses are the gloss words of name-classes.txt, by section.
type nameClasses struct{ place, org, person, notPerson, skip map[string]bool }

// lifespan is a person's years in a gloss: Li Bai (701-762), (1893–1976).
var lifespan = regexp.MustCompile(`\((c\. )?\d{1,4}( BC)?\s*[-–]`)

// refersTo is a gloss that sends to another headword: see 宁德市, abbr. for
// 清华大学.
var refersTo = regexp.MustCompile(`(?:see|abbr\. for|short for) (?:[^ |\[]+\|)?(\p{Han}+)`)

// of classes a proper noun w by its glosses: by its own suffix first (江南
// 大学 is an organisation whatever province its gloss names), then by a
// lifespan (a person, unless the gloss speaks of a dynasty or a war), then
// by the headword a gloss refers to and its suffix, then by the first word
// of a class in the first gloss that has one. Anything else is no name a
// question asks about, 0: a people (满族), a war (一战), a word built on a
// name (中国人 Chinese person, 美金 US dollar).
func (c nameClasses) of(w string, glosses []string) byte {
	if class, ok := suffixClass(w); ok {
		return class
	}
	text := strings.Join(glosses, " / ")
	if lifespan.MatchString(text) && !slices.ContainsFunc(glossWords(text), func(w string) bool { return c.notPerson[w] }) {
		return 'r'
	}
	for _, m := range refersTo.FindAllStringSubmatch(text, -1) {
		if class, ok := suffixClass(m[1]); ok {
			return class
		}
	}
	for _, g := range glosses {
		for _, w := range glossWords(g) {
			switch {
			case c.place[w]:
				return 'p'
			case c.org[w]:
				return 'z'
			case c.person[w]:
				return 'r'
			}
		}
	}
	return 0
}

// suffixClass classes a word by its suffix: a place's (宁德市) or an
// organisation's (江南大学), when the word is more than the suffix.
func suffixClass(w string) (byte, bool) {
	if s, ok := lang.OrgSuffixes.Suffix(w); ok && len(s) < len(w) {
		return 'z', true
	}
	if s, ok := lang.PlaceSuffixes.Suffix(w); ok && len(s) < len(w) {
		return 'p', true
	}
	return 0, false
}

// glossWords returns the words of a gloss, in lower case.
func glossWords(g string) []string {
	return strings.FieldsFunc(strings.ToLower(g), func(r rune) bool { return !unicode.IsLetter(r) })
}

// skipped reports glosses that make the headword no name a question asks
// about (an idiom, a township: [skip]).
func (c nameClasses) skipped(glosses []string) bool {
	for _, g := range glosses {
		for _, w := range glossWords(g) {
			if c.skip[w] {
				return true
			}
		}
	}
	return false
}

// readClasses reads name-classes.txt's sections.
func readClasses(path string) (nameClasses, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nameClasses{}, err
	}
	c := nameClasses{place: map[string]bool{}, org: map[string]bool{}, person: map[string]bool{}, notPerson: map[string]bool{}, skip: map[string]bool{}}
	sections := map[string]map[string]bool{"[place]": c.place, "[organisation]": c.org, "[person]": c.person, "[not person]": c.notPerson, "[skip]": c.skip}
	var cur map[string]bool
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch set, isSection := sections[line]; {
		case line == "" || line[0] == '#':
		case isSection:
			cur = set
		case strings.HasPrefix(line, "["):
			return nameClasses{}, fmt.Errorf("%s:%d: unknown section %s", path, n+1, line)
		case cur == nil:
			return nameClasses{}, fmt.Errorf("%s:%d: a word before any section", path, n+1)
		default:
			cur[line] = true
		}
	}
	return c, nil
}
