package knowledge

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

// TestGatedRegexp checks that a gate, or trying the top-level
// alternatives one by one, never changes whether a pattern matches: for the
// features' patterns and a few others, over the default article's
// sentences and random strings of the patterns' own runes, the gated
// regexp matches exactly what the regexp matches; and that the features'
// patterns have gates.
func TestGatedRegexp(t *testing.T) {
	re := featureRes()
	feats := map[string]gatedRegexp{"time": re.time, "number": re.number, "money": re.money, "title": re.title,
		"year": re.year, "date": re.date, "since": re.since, "point": re.point}
	others := map[string]string{"optional": `a?b*`, "class": `[a-z]+x`, "any": `.年`, "fold": `(?i)abc`,
		"alternation with an empty branch": `年|x*`, "repeat": `(ab){2,3}c`, "empty branch last": `今天|`,
		"nested alternation": `(a|b)c|\d+年|今天`, "bar in a class": `[|]x|y`, "escaped bar": `\|a|b`, "bracket first in a class": `[]|]z|今`,
		"flags over alternatives": `(?i)abc|def`, "quoted bar": `x\Q|y`, "quoted to the end": `x\Q|y\E|z`,
		"named class": `[[:digit:]|]x|y`, "replacement character": "\uFFFD|年"}
	for name, g := range feats {
		if g.gate == "" {
			t.Errorf("%s: no gate", name)
		}
	}
	for name, expr := range others {
		feats[name] = mustGated(expr)
	}
	var texts []string
	for _, p := range mustParse(t, DefaultSource()).Paragraphs {
		for _, s := range p.Sentences {
			texts = append(texts, analysis.Normalize(s.Text))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for name, g := range feats {
		letters := regexp.MustCompile(`[\\|()\[\]{}?*+^$.]`).ReplaceAllString(g.re.String(), "")
		pool := []rune(letters + strings.ToUpper(letters) + "的是ab ")
		random := make([]string, 0, 2000)
		for range 2000 {
			var b strings.Builder
			for range 1 + r.IntN(6) {
				if r.IntN(10) == 0 {
					b.WriteByte(0xff) // an invalid byte
					continue
				}
				b.WriteRune(pool[r.IntN(len(pool))])
			}
			random = append(random, b.String())
		}
		for _, s := range append(random, texts...) {
			if got, want := g.MatchString(s), g.re.MatchString(s); got != want {
				t.Errorf("%s (gate %q): %q gated %v, regexp %v", name, g.gate, s, got, want)
			}
		}
	}
}

func mustParse(t *testing.T, src Source) Document {
	t.Helper()
	d, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
