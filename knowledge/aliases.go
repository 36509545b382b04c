package knowledge

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lang"
)

//go:embed aliases.txt
var defaultAliases string

// DefaultAliases is the alias and synonym table embedded in the binary: the
// one used when none is configured, and the model for an admin's own.
func DefaultAliases() string { return defaultAliases }

// Aliases maps a normalised word to the words it can stand for. A group of
// the table makes each of its words stand for all the others.
type Aliases map[string][]string

// ParseAliases reads an alias table: one group a line, words separated by
// spaces, commas or "="; "#" starts a comment; "@" before a group marks it
// as the names of one particular thing (see AliasNames). Words are normalised (so a
// Traditional or full-width entry works). A group of fewer than two words
// is an error that names the line.
func ParseAliases(text string) (Aliases, error) {
	a, _, err := parseAliasTable(text)
	return a, err
}

// AliasNames returns the words of the table's name groups (lines that start
// with "@"), normalised: each names one particular person, organisation
// or place.
func AliasNames(text string) map[string]bool {
	_, names, _ := parseAliasTable(text)
	return names
}

func parseAliasTable(text string) (Aliases, map[string]bool, error) {
	a := Aliases{}
	names := map[string]bool{}
	for n, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		name := strings.HasPrefix(line, "@")
		line = strings.TrimPrefix(line, "@")
		fields := strings.FieldsFunc(line, func(r rune) bool {
			return r == ' ' || r == '\t' || r == ',' || r == '，' || r == '=' || r == '、' || r == '\r' || r == '\u3000'
		})
		if len(fields) == 0 {
			continue
		}
		if len(fields) < 2 {
			return nil, nil, fmt.Errorf("aliases line %d: a group needs two or more words, got %q", n+1, strings.TrimSpace(line))
		}
		group := make([]string, 0, len(fields))
		for _, f := range fields {
			w := strings.TrimSpace(analysis.Normalize(f))
			if w == "" || !utf8.ValidString(w) {
				return nil, nil, fmt.Errorf("aliases line %d: word %q has no letters", n+1, f)
			}
			group = append(group, w)
		}
		for _, w := range group {
			if name {
				names[w] = true
			}
			for _, o := range group {
				if o != w {
					a.add(w, o)
				}
			}
		}
	}
	return a, names, nil
}

func (a Aliases) add(from, to string) {
	for _, t := range a[from] {
		if t == to {
			return
		}
	}
	a[from] = append(a[from], to)
}

// sorted returns the aliases with each list sorted, for deterministic use.
func (a Aliases) sorted() Aliases {
	for k := range a {
		sort.Strings(a[k])
	}
	return a
}

// deriveAliases adds to a, and returns, the short names that people use for the knowledge
// base's organisations: the name without its generic suffix (宇树科技 ->
// 宇树) and, for a four-character name of two words, the first character
// of each (厦门大学 -> 厦大). A short name that is a place, or that occurs
// in the text other than inside the organisation's name, is not added.
// It adds too the shorter variants the text writes (nameVariants) and the
// names of places and organisations written with and without the place
// they begin with, both ways (placePrefixed): see deriveNames.
func deriveAliases(a Aliases, terms []Term, places map[string]bool, text string) Aliases {
	sn := newShortNames(terms, places, a)
	if sn != nil {
		sn.scan(text)
	}
	return deriveNames(sn, a, terms, places)
}

// deriveNames adds to a, and returns, the short names of sn (nil: none)
// never found on their own, the shorter variants of the organisations'
// names that the text writes (nameVariants), and each name that begins
// with a place of the text linked both ways with the rest when the rest
// is a name too (placePrefixed: 福州三坊七巷 and 三坊七巷).
func deriveNames(sn *shortNames, a Aliases, terms []Term, places map[string]bool) Aliases {
	derived := Aliases{}
	if sn != nil {
		derived = sn.derive(a)
	}
	for short, full := range nameVariants(terms) {
		a.add(short, full)
		derived.add(short, full)
	}
	for short, full := range placePrefixed(terms, places) {
		for _, p := range [][2]string{{short, full}, {full, short}} {
			a.add(p[0], p[1])
			derived.add(p[0], p[1])
		}
	}
	return derived.sorted()
}

// minPlacedRunes is the least length of the name left when a place is
// taken off the front of another (三坊七巷 of 福州三坊七巷).
const minPlacedRunes = 3

// placePrefixed returns the names of places and organisations that the
// text also writes without the place (of places: placeSet) they begin
// with, when the rest is a name of the text too (福州三坊七巷 and 三坊七巷):
// a news report names a thing with its city first, then without. Each
// short name maps to its full one; a short name of several full ones is
// left alone, as in nameVariants.
func placePrefixed(terms []Term, places map[string]bool) map[string]string {
	names := map[string]bool{}
	for _, t := range terms {
		if t.Kind == Place || t.Kind == Org {
			names[t.Text] = true
		}
	}
	out := map[string]string{}
	several := map[string]bool{}
	for _, full := range slices.Sorted(maps.Keys(names)) {
		for p := range places {
			rest, ok := strings.CutPrefix(full, p)
			if !ok || !names[rest] || utf8.RuneCountInString(rest) < minPlacedRunes {
				continue // (the place itself leaves no rest)
			}
			if other, seen := out[rest]; seen && other != full {
				several[rest] = true
			}
			out[rest] = full
		}
	}
	for s := range several {
		delete(out, s)
	}
	return out
}

// minVariantRunes is the least length of a name's shorter variant: with
// its first two and last two characters, at least one of the middle
// (厦门大学 is no variant of 厦门理工大学).
const minVariantRunes = 5

// nameVariants returns the organisations' names that the text writes
// shorter too, with words left out of the middle (厦门翔安机场 for
// 厦门翔安国际机场): the shorter keeps the longer's first two and last two
// characters, and the rest of its characters in order. A name with
// several longer ones is left alone: which one it stands for is not
// known.
func nameVariants(terms []Term) map[string]string {
	// Names by their first two and last two characters: only names of
	// one group can be variants of each other.
	groups := map[string][][]rune{}
	seen := map[string]bool{}
	for _, t := range terms {
		r := []rune(t.Text)
		if t.Kind != Org || len(r) < minVariantRunes || seen[t.Text] {
			continue
		}
		seen[t.Text] = true
		key := string(r[:2]) + string(r[len(r)-2:])
		groups[key] = append(groups[key], r)
	}
	out := map[string]string{}
	several := map[string]bool{}
	for _, names := range groups {
		for _, short := range names {
			for _, full := range names {
				if !variantOf(short, full) {
					continue
				}
				s := string(short)
				if _, ok := out[s]; ok {
					several[s] = true
				}
				out[s] = string(full)
			}
		}
	}
	for s := range several {
		delete(out, s)
	}
	return out
}

// variantOf reports whether short is full with characters left out of
// its middle: the same first two and last two, the rest in order.
func variantOf(short, full []rune) bool {
	n, m := len(short), len(full)
	if n < minVariantRunes || m <= n || !slices.Equal(short[:2], full[:2]) || !slices.Equal(short[n-2:], full[m-2:]) {
		return false
	}
	k := 2
	for _, r := range full[2 : m-2] {
		if k < n-2 && short[k] == r {
			k++
		}
	}
	return k == n-2
}

// shortNames finds the short names of the organisations among a knowledge
// base's terms (deriveAliases) over text given a piece at a time (scan,
// one paragraph or more, whole lines), so that a build need not hold all
// of it.
type shortNames struct {
	cands    map[string][]string // short name -> full names
	maxRunes int
	blank    *strings.Replacer // blanks out every organisation's name, longest first
	free     map[string]bool   // short names found outside the full names
}

// newShortNames returns the candidate short names of the organisations
// among terms, or nil when there are none.
func newShortNames(terms []Term, places map[string]bool, aliases Aliases) *shortNames {
	var orgs []string
	isOrg := map[string]bool{}
	for _, t := range terms {
		if t.Kind == Org {
			orgs = append(orgs, t.Text)
			isOrg[t.Text] = true
		}
	}
	sn := &shortNames{cands: map[string][]string{}, free: map[string]bool{}}
	// A name of the alias table for an organisation of the text (a group
	// with a word of its name: 硕放机场 of 无锡硕放机场) has a short name
	// too (苏南硕放国际机场 -> 苏南硕放), which stands for the whole group.
	for _, w := range slices.Sorted(maps.Keys(aliases)) {
		others := aliases[w]
		inOrg := func(o string) bool {
			return slices.ContainsFunc(orgs, func(org string) bool { return strings.Contains(org, o) })
		}
		if isOrg[w] || !slices.ContainsFunc(others, inOrg) {
			continue
		}
		core := coreName(w)
		if core == w || utf8.RuneCountInString(core) < 2 || places[core] || analysis.IsFunctionWord(core) || isOrg[core] || aliases[core] != nil {
			continue
		}
		sn.cands[core] = append(sn.cands[core], w)
		sn.cands[core] = append(sn.cands[core], others...)
		sn.maxRunes = max(sn.maxRunes, utf8.RuneCountInString(core))
	}
	for _, full := range orgs {
		var shorts []string
		if core := coreName(full); core != full && utf8.RuneCountInString(core) >= 2 {
			shorts = append(shorts, core)
		}
		if r := []rune(full); len(r) == 4 && hasTwoRuneSuffix(full) {
			shorts = append(shorts, string([]rune{r[0], r[2]}))
		}
		for _, sh := range shorts {
			if places[sh] || analysis.IsFunctionWord(sh) {
				continue
			}
			sn.cands[sh] = append(sn.cands[sh], full)
			sn.maxRunes = max(sn.maxRunes, utf8.RuneCountInString(sh))
		}
	}
	if len(sn.cands) == 0 {
		return nil
	}
	// The text with every organisation's name blanked out, longest first:
	// a short name found in it stands on its own somewhere, and is not
	// taken as a short name.
	sort.Slice(orgs, func(i, j int) bool { return len(orgs[i]) > len(orgs[j]) })
	pairs := make([]string, 0, 2*len(orgs))
	for _, o := range orgs {
		pairs = append(pairs, o, "\x00")
	}
	sn.blank = strings.NewReplacer(pairs...)
	return sn
}

// scan looks for the candidates in text, whole lines of the knowledge
// base (no name spans two lines, so the lines may come in any pieces).
func (sn *shortNames) scan(text string) { sn.markFree(sn.freeIn(text)) }

// markFree records short names found on their own (freeIn's).
func (sn *shortNames) markFree(found []string) {
	for _, w := range found {
		if !sn.free[w] {
			sn.free[strings.Clone(w)] = true
		}
	}
}

// freeIn returns the candidates found in text outside the organisations'
// names (with repeats). It changes nothing: goroutines may share it.
func (sn *shortNames) freeIn(text string) []string {
	rest := sn.blank.Replace(text)
	var found []string
	for i := 0; i < len(rest); {
		end := i
		for n := 1; n <= sn.maxRunes && end < len(rest); n++ {
			_, size := utf8.DecodeRuneInString(rest[end:])
			end += size
			if n >= 2 && sn.cands[rest[i:end]] != nil {
				found = append(found, rest[i:end])
			}
		}
		_, size := utf8.DecodeRuneInString(rest[i:])
		i += size
	}
	return found
}

// derive adds to a, and returns, the short names never found on their own.
func (sn *shortNames) derive(a Aliases) Aliases {
	derived := Aliases{}
	for sh, fulls := range sn.cands {
		if sn.free[sh] {
			continue
		}
		for _, full := range fulls {
			a.add(sh, full)
			derived.add(sh, full)
		}
	}
	return derived.sorted()
}

// normalParagraphs returns the normalised text of each paragraph of docs
// (its sentences joined by a space) and all of them a line each: what terms
// are found in and short names are checked against. Build and the store's
// loader share it, so that a loaded base derives the aliases it was built
// with.
func normalParagraphs(docs []Document) (paras []string, text string) {
	var all strings.Builder
	for _, d := range docs {
		for _, p := range d.Paragraphs {
			var line strings.Builder
			for i, s := range p.Sentences {
				if i > 0 {
					line.WriteByte(' ')
				}
				line.WriteString(analysis.Normalize(s.Text))
			}
			paras = append(paras, line.String())
			all.WriteString(line.String())
			all.WriteByte('\n')
		}
	}
	return paras, all.String()
}

// placeSet is the set of the place names among terms.
func placeSet(terms []Term) map[string]bool {
	places := map[string]bool{}
	for _, t := range terms {
		if t.Kind == Place {
			places[t.Text] = true
		}
	}
	return places
}

// hasTwoRuneSuffix reports a name that ends in an organisation's suffix of
// two characters (厦门大学: 大学): its first character and the suffix's make
// a short name people use (厦大).
func hasTwoRuneSuffix(name string) bool {
	s, ok := lang.OrgSuffixes.Suffix(name)
	return ok && utf8.RuneCountInString(s) == 2
}
