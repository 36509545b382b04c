package analysis

import (
	"strings"
	"testing"

	"github.com/visitbot/visitbot/knowledge/lang"
)

// TestLangDataIsNormalised: questions are matched against the words of
// lang's data files after Normalize, so every word there must be written
// as Normalize writes it (Simplified, as OpenCC converts it: 嗰 is 𠮶;
// half-width, lower case; Cantonese 嘅 is 的). A word in another form can
// never match. The dialects' words that Normalize rewrites are checked in
// the form the steps before the rewriting give (嗰 as 𠮶).
func TestLangDataIsNormalised(t *testing.T) {
	for _, name := range lang.Files() {
		sections, err := lang.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for sec, lines := range sections {
			for _, line := range lines {
				for i, w := range strings.Fields(line) {
					n := Normalize(w)
					if isDialect(name) && i == 0 {
						n = normalize(w, false) // what Normalize rewrites, as the steps before give it
					}
					if n != w {
						t.Errorf("%s [%s]: %q normalises to %q", name, sec, w, n)
					}
				}
			}
		}
	}
}

// isDialect reports a data file of lang.Dialects.
func isDialect(name string) bool {
	for _, d := range lang.Dialects {
		if d.Name+".txt" == name {
			return true
		}
	}
	return false
}
