package knowledge

import (
	"maps"
	"slices"
	"testing"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

// TestSubjectCounter: the recurring subject opens minSubjectOpenings body
// sentences after the lead at least, more than any other word, is not
// written by the lead, and is read after an opening clause of place.
func TestSubjectCounter(t *testing.T) {
	a, err := analysis.New([]analysis.Entry{
		{Word: "考察团", Freq: 1000}, {Word: "一行", Freq: 1000}, {Word: "参观", Freq: 1000},
		{Word: "代表团", Freq: 1000}, {Word: "福州", Freq: 1000}, {Word: "党校", Freq: 1000},
	})
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		k    Kind
		text string
	}
	body := func(n int, text string) []line {
		out := make([]line, n)
		for i := range out {
			out[i] = line{Body, text}
		}
		return out
	}
	cat := func(parts ...[]line) []line {
		var out []line
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	lead := []line{{Heading, "标题"}, {Body, "市委书记带队赴福州考察"}}
	for _, tt := range []struct {
		name  string
		lines []line
		want  string
	}{
		{"four openings", cat(lead, body(4, "考察团一行参观")), "考察团"},
		{"after a clause of place", cat(lead, body(4, "在福州党校,考察团一行参观")), "考察团"},
		{"three are too few", cat(lead, body(3, "考察团一行参观")), ""},
		{"a tie", cat(lead, body(4, "考察团一行参观"), body(4, "代表团参观")), ""},
		{"the lead writes it", cat([]line{{Body, "考察团赴福州"}}, body(5, "考察团一行参观")), ""},
		{"no lead within LeadSkip", cat(body(0, ""), []line{{Heading, "一"}, {Heading, "二"}, {Heading, "三"}, {Heading, "四"}, {Heading, "五"}}, body(6, "考察团一行参观")), ""},
		{"only the first maxSubjectScan are read", cat(lead, body(maxSubjectScan, "考察团一行参观"), body(2*maxSubjectScan, "代表团参观")), "考察团"},
		{"headings do not count", cat(lead, body(3, "考察团一行参观"), []line{{Heading, "考察团参观"}}), ""},
	} {
		c := subjectCounter{a: a}
		for _, l := range tt.lines {
			c.add(l.k, analysis.Normalize(l.text))
		}
		if got := c.subject(); got != tt.want {
			t.Errorf("%s: subject %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestCountedSuffix: one numeral before a suffix is a count; a name may
// begin with numerals (三一集团, 六一村).
func TestCountedSuffix(t *testing.T) {
	for before, want := range map[string]bool{"一": true, "三": true, "三一": false, "六一": false, "": false, "厦门": false} {
		if got := countedSuffix(before); got != want {
			t.Errorf("countedSuffix(%q) = %v, want %v", before, got, want)
		}
	}
}

// TestLeadStops: a lead's stops are the places it lists in a row joined
// by 、; a place alone, or joined otherwise, is none.
func TestLeadStops(t *testing.T) {
	kinds := map[string]TermKind{"福州": Place, "厦门": Place, "杭州": Place, "江苏": Place, "杜小刚": Person}
	var dict []analysis.Entry
	for _, w := range slices.Sorted(maps.Keys(kinds)) {
		dict = append(dict, analysis.Entry{Word: w, Freq: 100, Pos: "n"})
	}
	a, err := analysis.New(dict)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lead string
		want []string
	}{
		{"近日,市委书记杜小刚带队赴福州、厦门、杭州等地,深入贯彻对江苏工作重要讲话精神", []string{"福州", "厦门", "杭州"}},
		{"近日,杜小刚带队赴福州考察,深入贯彻对江苏工作重要讲话精神", nil},
		{"杜小刚赴福州和厦门考察", nil},
	} {
		norm := analysis.Normalize(tt.lead)
		if got := leadStops(norm, a.Tokens(norm), kinds); !slices.Equal(got, tt.want) {
			t.Errorf("%s: stops %v, want %v", tt.lead, got, tt.want)
		}
	}
}
