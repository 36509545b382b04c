package qa

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/analysis"

	"github.com/visitbot/visitbot/knowledge"
)

// A report of a trip lists its stops in its lead (赴福州、厦门、杭州等地) and
// gives each a section; a section often leaves its stop unsaid, for the
// reader knows it by elimination: the other stops are named in the
// sections about them (福州市委党校, 厦门大学), and one section names none.
// A question about what happened at that stop (在杭州跟哪位院士聊了) is
// about that section, whose sentences never write 杭州.
//
// So a stop of a document's lead that no sentence of its body names is
// credited, at stopFactor, to the sentences of each section that names no
// other stop of the list. The index reads the stops from the lead
// (knowledge.DocCount.Stops): two or more places of the text in a row,
// joined by 、 only.

// stopFactor credits a stop its section leaves unsaid: below a name the
// sentence writes, above one written elsewhere in its section
// (entitySectionFactor).
const stopFactor = 0.85

// conceptPlaces returns the place of the text each concept names, or nil
// when none names one: carved from the question's buffers, not to be kept
// past it.
func (m *asker) conceptPlaces(cs []concept) []string {
	var out []string
	for i, c := range cs {
		if p := m.placeOf(c); p != "" {
			if out == nil {
				out = m.stringSlice(len(cs))[:len(cs)]
				clear(out)
			}
			out[i] = p
		}
	}
	return out
}

// stopMatch returns the credit of sentence id, in section sec, for the
// place concept i names (x.places): stopFactor when that place is a stop
// of the document's lead that the body never writes and the section,
// which is not the lead's, writes no other stop; else 0. It depends on
// the section only, and is memoised by concept and section.
func (x *rankContext) stopMatch(i int, id uint32, sec int32) float64 {
	if sec < 0 {
		return 0
	}
	key := [2]int32{int32(i), sec}
	if v, ok := x.sc.stopCredit[key]; ok {
		return v
	}
	v := x.m.stopCredit(x.places[i], id, sec)
	if x.sc.stopCredit == nil {
		x.sc.stopCredit = map[[2]int32]float64{}
	}
	x.sc.stopCredit[key] = v
	return v
}

// stopCredit is stopMatch for place, unmemoised.
func (m *asker) stopCredit(place string, id uint32, sec int32) float64 {
	doc, first, end := m.docRange(id)
	lead, ok := m.leadIn(int(first), int(end))
	if !ok || doc >= len(m.base.Info.PerDoc) {
		return 0
	}
	stops := m.base.Info.PerDoc[doc].Stops
	if !slices.Contains(stops, place) || m.writesIn(place, first, end, lead) {
		return 0 // not a stop, or one the body names
	}
	secFirst, secEnd, _ := m.tables.Section(int(sec))
	if lead >= secFirst && lead < secEnd {
		return 0 // the lead's section (a title before it) names every stop
	}
	for _, s := range stops {
		if s != place && m.writesIn(s, secFirst, secEnd, lead) {
			return 0 // the section is another stop's
		}
	}
	return stopFactor
}

// docRange returns sentence id's document and its sentence IDs [first,
// end).
func (m *model) docRange(id uint32) (doc int, first, end uint32) {
	i, found := slices.BinarySearch(m.docStarts, id)
	if !found {
		i--
	}
	doc = max(i, 0)
	first, end = m.docStarts[doc], uint32(m.n)
	if doc+1 < len(m.docStarts) {
		end = m.docStarts[doc+1]
	}
	return doc, first, end
}

// writesIn reports whether a sentence of [first, end) other than skip
// writes w, as a word or inside one (杭州市, 南京大学): the sentences that
// hold its first two ideographs are read (a Latin name: its word).
func (m *asker) writesIn(w string, first, end, skip uint32) bool {
	r, n := utf8.DecodeRuneInString(w)
	if !analysis.IsHan(r) {
		return postingIn(m.text.word(w), first, end, skip, nil) // the grams of Latin text are whole runs
	}
	pair := w
	if n < len(w) {
		_, n2 := utf8.DecodeRuneInString(w[n:])
		pair = w[:n+n2]
	}
	if pair == w {
		return postingIn(m.text.gram(pair), first, end, skip, nil)
	}
	return postingIn(m.text.gram(pair), first, end, skip, func(id uint32) bool { return strings.Contains(m.text.sentence(id).Norm, w) })
}

// postingIn reports whether postings ps (sorted by ID) hold a sentence of
// [first, end) other than skip that ok accepts (nil: any).
func postingIn(ps []knowledge.Posting, first, end, skip uint32, ok func(uint32) bool) bool {
	i, _ := slices.BinarySearchFunc(ps, first, func(p knowledge.Posting, id uint32) int { return cmp.Compare(p.ID, id) })
	for ; i < len(ps) && ps[i].ID < end; i++ {
		if ps[i].ID != skip && (ok == nil || ok(ps[i].ID)) {
			return true
		}
	}
	return false
}
