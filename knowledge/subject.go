package knowledge

import (
	"strings"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

// A report's sentences mostly open with whom they are about (考察团一行参观…,
// 考察团一行还来到…), while its lead sentence, which sets that group out,
// does not name it so (市委书记杜小刚带队赴…). A document's recurring subject
// is the content word that opens most of its body sentences after the
// lead (after an opening clause of place: 在福州市委党校,考察团…),
// minSubjectOpenings of them at least and more than any other, and that
// the lead itself does not write. It is found while the document is
// indexed and stored in Info.PerDoc, so that answering never reads a
// document whole to find it: a question about the group as a whole is
// about the lead too (see qa).

// LeadSkip is the most headings and trailer lines before a document's
// first ordinary sentence, its lead: the lead is the first body sentence
// among the document's first LeadSkip+1 (MayLead).
const LeadSkip = 4

// MayLead reports whether the sentence at position pos (from 0) of its
// document, of paragraph kind k, may be the document's lead: the first
// that may is.
func MayLead(pos int, k Kind) bool { return pos <= LeadSkip && k == Body }

// minSubjectOpenings is the fewest body sentences a recurring subject
// opens; maxSubjectScan the most body sentences after the lead that are
// read for it (a report's subject shows early; a long document is not read
// whole for it).
const (
	minSubjectOpenings = 4
	maxSubjectScan     = 64
)

// subjectCounter finds a document's recurring subject from its sentences,
// fed in order with add.
type subjectCounter struct {
	a     *analysis.Analyzer
	n     int    // sentences fed
	lead  string // the lead's normalised text
	found bool   // the lead is found
	body  int    // body sentences read after the lead
	opens map[string]int
}

// add feeds the document's next sentence, of paragraph kind k.
func (c *subjectCounter) add(k Kind, norm string) {
	c.n++
	if !c.found {
		if MayLead(c.n-1, k) {
			c.found, c.lead = true, norm
		}
		return
	}
	if k != Body || c.body >= maxSubjectScan {
		return
	}
	c.body++
	if w := openingWord(c.a, norm); w != "" {
		if c.opens == nil {
			c.opens = map[string]int{}
		}
		c.opens[w]++
	}
}

// subject returns the document's recurring subject, or "".
func (c *subjectCounter) subject() string {
	best, n, second := "", 0, 0
	for w, k := range c.opens {
		switch {
		case k > n || k == n && w < best:
			best, n, second = w, k, max(second, n)
		case k > second:
			second = k
		}
	}
	if n < minSubjectOpenings || second == n || strings.Contains(c.lead, best) {
		return ""
	}
	return best
}

// openingWord returns the first content word of a sentence, or of its
// second clause when the first sets a place (在福州市委党校,…).
func openingWord(a *analysis.Analyzer, norm string) string {
	clause, rest, _ := strings.Cut(norm, ",")
	if strings.HasPrefix(clause, "在") && rest != "" {
		clause, _, _ = strings.Cut(rest, ",")
	}
	for _, t := range a.Tokens(clause) {
		if !t.Function {
			return t.Text
		}
	}
	return ""
}
