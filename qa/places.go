package qa

import (
	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/lang"
)

// Places asked for by their kind: 三坊七巷在哪个城市 is answered by the
// sentence that names 福州 beside it, 考察团去了哪些城市 by the one that names
// 福州、厦门、杭州, though neither says 城市. A word for a kind of place asked
// for (concept.placeKind) is met in a sentence that names places of the
// text other than the question's own: one for which one, two for which.

// placeKindFactor credits a kind of place met by the places a sentence
// names, below the word itself.
const placeKindFactor = 0.9

// placeCounts returns, for each sentence, how many distinct places of the
// text it names (at most 255), counted once per model through the first
// question's view of the text.
func (m *asker) placeCounts() []uint8 {
	m.placesOnce.Do(func() {
		counts := make([]uint8, m.n)
		m.tables.Terms(func(term string, kind knowledge.TermKind) bool {
			if kind != knowledge.Place || lang.GenericPlaces.Has(term) {
				return true
			}
			last := uint32(1<<32 - 1)
			for _, p := range m.text.word(term) {
				if p.ID != last && int(p.ID) < len(counts) && counts[p.ID] < 255 {
					counts[p.ID]++
				}
				last = p.ID
			}
			return true
		})
		m.placesIn = counts
	})
	return m.placesIn
}

// placeMatch is the match of concept i, a kind of place asked for, in
// sentence id: placeKindFactor when the sentence names enough places
// besides those of the question it names itself.
func (x *rankContext) placeMatch(i int, id uint32) float64 {
	m, q := x.m, x.q
	counts := m.placeCounts()
	if int(id) >= len(counts) {
		return 0
	}
	own := 0
	for j, c := range q.concepts {
		if j != i && x.sc.direct[j][id] >= 0.9 && m.isPlace(c) {
			own++
		}
	}
	need := 1
	if q.multi || q.concepts[i].placesAsked {
		need = 2
	}
	if int(counts[id])-own >= need {
		return placeKindFactor
	}
	return 0
}
