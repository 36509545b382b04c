package qa

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/lang"
)

// Places asked for by their kind: 三坊七巷在哪个城市 is answered by the
// sentence that names 福州 beside it, 考察团去了哪些城市 by the one that names
// 福州、厦门、杭州, though neither says 城市. A word for a kind of place asked
// for (concept.placeKind) is met in a sentence that names places of the
// text other than the question's own: one for which one, two for which.
// How many distinct places a sentence names (up to three) is a feature the
// build finds (knowledge.HasNamedPlace, HasPlaces2, HasPlaces3); a
// generic place word (城市, 国内) is none. Several asked
// for are met in full only by a sentence that lists places (赴福州、厦门、杭州
// 等地: knowledge.HasPlaceList), less by one that names several in passing.

// placeKindFactor credits a kind of place met by the places a sentence
// names, below the word itself.
const placeKindFactor = 0.9

// placesIn is how many distinct places features say a sentence names, up
// to three.
func placesIn(f knowledge.Features) int {
	switch {
	case f&knowledge.HasPlaces3 != 0:
		return 3
	case f&knowledge.HasPlaces2 != 0:
		return 2
	case f&knowledge.HasNamedPlace != 0:
		return 1
	}
	return 0
}

// placeMatch is the match of concept i, a kind of place asked for, in
// sentence id: placeKindFactor when the sentence names enough places
// besides those of the question it names itself.
func (x *rankContext) placeMatch(i int, id uint32) float64 {
	m, q := x.m, x.q
	own := 0
	for j := range q.concepts {
		if j != i && x.sc.direct[j][id] >= 0.9 && x.plans[j].place {
			own++
		}
	}
	need := 1
	if q.multi || q.concepts[i].placesAsked {
		need = 2
	}
	have := placesIn(m.tables.Row(id).Features) - own
	if have >= need && x.plans[i].city && m.nameStarts() != nil {
		have = m.citiesIn(id, q) // 新加坡、马来西亚等国家 names no city
	}
	if have >= need {
		if need == 2 && m.tables.Row(id).Features&knowledge.HasPlaceList == 0 {
			return placeKindFactor * unlistedFactor
		}
		return placeKindFactor
	}
	return 0
}

// unlistedFactor scales the credit of a sentence that names several places
// without listing them (中国现存…福州三坊七巷) for a question that asks for
// several (去了哪些城市): a list (赴福州、厦门、杭州等地) answers it.
const unlistedFactor = 0.7

// asksCity reports a kind of place asked for that is a city (哪个城市,
// which cities: a word of [city] in question-cues.txt among its words): a
// country does not answer it.
func asksCity(c concept) bool { return slices.ContainsFunc(c.alts, cityWords.Has) }

// placeWordFactor bounds the credit of the word for a city asked for met
// as a word of the sentence (城市 of 智慧城市 names no city).
const placeWordFactor = 0.5

// citiesIn counts, up to three, the distinct places of the text sentence id
// names that are no country (lang.Countries), no generic place word and no
// name of the question q.
func (m *asker) citiesIn(id uint32, q query) int {
	n := 0
	for _, w := range m.textPlaces(id) {
		if n == 3 {
			break
		}
		if !slices.ContainsFunc(q.concepts, func(c concept) bool { return c.entity && slices.Contains(c.alts, w) }) {
			n++
		}
	}
	return n
}

// sentencePlaces keeps what textPlaces finds of each sentence.
type sentencePlaces struct {
	once sync.Once
	of   []atomic.Pointer[[]string] // by sentence; nil until found
}

// textPlaces returns the places of the text that sentence id names, each
// once, in the order namesIn meets them, without countries and generic
// places (城市): those citiesIn counts, but for the question's own. They
// depend on the text alone, and are found once a sentence and kept (not
// when the sentence could not be read).
func (m *asker) textPlaces(id uint32) []string {
	if m.nameStarts() == nil {
		return m.findPlaces(id) // a base too large for the walk: none to keep
	}
	m.places.once.Do(func() { m.places.of = make([]atomic.Pointer[[]string], m.n) })
	if int(id) >= len(m.places.of) {
		return m.findPlaces(id)
	}
	if p := m.places.of[id].Load(); p != nil {
		return *p
	}
	ps := m.findPlaces(id)
	if m.text.err == nil {
		if len(ps) == 0 {
			m.places.of[id].Store(&noPlaces)
		} else {
			for i, w := range ps {
				ps[i] = strings.Clone(w) // not the sentence's text, kept whole by a slice of it
			}
			m.places.of[id].Store(&ps)
		}
	}
	return ps
}

// noPlaces is what textPlaces keeps for every sentence that names none.
var noPlaces []string

// findPlaces finds textPlaces.
func (m *asker) findPlaces(id uint32) []string {
	var out []string
	for w := range namesIn(m.text.sentence(id).Norm, m.nameStarts()) {
		if slices.Contains(out, w) {
			continue
		}
		if k, ok := m.tables.Kind(w); ok && k == knowledge.Place && !lang.Countries.Has(w) && !lang.GenericPlaces.Has(w) {
			out = append(out, w)
		}
	}
	return out
}
