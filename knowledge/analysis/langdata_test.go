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
// never match.
func TestLangDataIsNormalised(t *testing.T) {
	for _, name := range lang.Files() {
		sections, err := lang.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for sec, lines := range sections {
			for _, line := range lines {
				words := strings.Fields(line)
				if name == "cantonese.txt" {
					words = words[1:] // what Normalize rewrites, to what it writes
				}
				for _, w := range words {
					if n := Normalize(w); n != w && !strings.ContainsAny(w, "\t") {
						t.Errorf("%s [%s]: %q normalises to %q", name, sec, w, n)
					}
				}
			}
		}
	}
}
