package knowledge

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// gatedRegexp is a regexp with cheap tests in front: every match of re
// holds one of the runes of gate (found from the pattern's syntax by
// requiredRunes), so text without any of them is no match and the regexp
// need not run. Most sentences hold none of the runes a feature's pattern
// needs (年, 元, a digit), and strings.ContainsAny is far cheaper than
// Go's regexp: it was a third of a build. Past the gate, the pattern's
// top-level alternatives are tried one by one: plain text with
// strings.Contains, the others as regexps with gates of their own. Go's
// regexp runs an alternation of many words (the titles), or of words and
// patterns (今天|\d+月), by backtracking through every alternative at
// every position; that was a sixth of a build.
type gatedRegexp struct {
	re    *regexp.Regexp // the whole pattern: MatchString reports whether it matches
	gate  string         // "" when the pattern needs no rune in particular
	lits  []string       // the top-level alternatives that are plain text
	parts []gatedPart    // the other top-level alternatives
}

// gatedPart is one alternative of a gatedRegexp that is not plain text.
type gatedPart struct {
	re   *regexp.Regexp
	gate string
}

// mustGated compiles expr and finds its gates.
func mustGated(expr string) gatedRegexp {
	g := gatedRegexp{re: regexp.MustCompile(expr), gate: gateOf(expr)}
	for _, alt := range topAlternatives(expr) {
		// Plain text, matched as strings.Contains does (not U+FFFD, which
		// a regexp matches against any invalid byte).
		if regexp.QuoteMeta(alt) == alt && alt != "" && !strings.ContainsRune(alt, utf8.RuneError) {
			g.lits = append(g.lits, alt)
			continue
		}
		g.parts = append(g.parts, gatedPart{re: regexp.MustCompile(alt), gate: gateOf(alt)})
	}
	return g
}

// gateOf returns the runes of which every match of expr holds one, or "".
func gateOf(expr string) string {
	if parsed, err := syntax.Parse(expr, syntax.Perl); err == nil {
		if rs, ok := requiredRunes(parsed.Simplify()); ok {
			return string(rs)
		}
	}
	return ""
}

// topAlternatives cuts expr at each | outside parentheses and brackets
// (a match of expr is a match of one of them). A pattern with flags or
// other (?...) groups is left whole ((?i) at its start would otherwise
// fold only the first alternative), and so is one with \Q…\E quoting or
// a named class ([[:alpha:]]), whose | may be a literal.
func topAlternatives(expr string) []string {
	if strings.Contains(expr, "(?") || strings.Contains(expr, `\Q`) || strings.Contains(expr, "[:") {
		return []string{expr}
	}
	var out []string
	depth, class, start := 0, false, 0
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; {
		case c == '\\':
			i++ // the escaped byte; an escaped multibyte rune's other bytes are no metacharacters
		case class:
			class = c != ']'
		case c == '[':
			class = true
			if strings.HasPrefix(expr[i+1:], "]") || strings.HasPrefix(expr[i+1:], "^]") {
				i += strings.Index(expr[i+1:], "]") + 1 // a ] first in a class is a member
			}
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			out = append(out, expr[start:i])
			start = i + 1
		}
	}
	return append(out, expr[start:])
}

// MatchString is re.MatchString.
func (g gatedRegexp) MatchString(s string) bool {
	if g.gate != "" && !strings.ContainsAny(s, g.gate) {
		return false
	}
	for _, l := range g.lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	for _, p := range g.parts {
		if (p.gate == "" || strings.ContainsAny(s, p.gate)) && p.re.MatchString(s) {
			return true
		}
	}
	return false
}

// maxGateRunes bounds the runes of a character class a gate lists.
const maxGateRunes = 64

// requiredRunes returns runes of which every match of re holds at least
// one, and whether it found such a set.
func requiredRunes(re *syntax.Regexp) ([]rune, bool) {
	if re.Flags&syntax.FoldCase != 0 {
		return nil, false
	}
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return nil, false
		}
		return re.Rune[len(re.Rune)-1:], true
	case syntax.OpCharClass:
		var out []rune
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if out = append(out, r); len(out) > maxGateRunes {
					return nil, false
				}
			}
		}
		return out, len(out) > 0
	case syntax.OpCapture, syntax.OpPlus:
		return requiredRunes(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil, false
		}
		return requiredRunes(re.Sub[0])
	case syntax.OpConcat:
		// Every part matches: the smallest set of any part will do.
		var best []rune
		found := false
		for _, sub := range re.Sub {
			if rs, ok := requiredRunes(sub); ok && (!found || len(rs) < len(best)) {
				best, found = rs, true
			}
		}
		return best, found
	case syntax.OpAlternate:
		// One of the alternatives matches: all their sets together.
		var out []rune
		for _, sub := range re.Sub {
			rs, ok := requiredRunes(sub)
			if !ok {
				return nil, false
			}
			out = append(out, rs...)
		}
		return out, true
	}
	return nil, false
}
