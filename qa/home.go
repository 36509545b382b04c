package qa

import (
	"iter"
	"slices"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/lang"
)

// A local paper's report leaves its own city unsaid: 市委书记 in a report
// of 无锡日报 is Wuxi's. Each document's lead sentence, which says who did
// what for the whole report, is taken to mention the place its source line
// (来源:无锡日报) names: its home.

// homeFactor credits a document's lead sentence for its home place.
const homeFactor = float32(0.7)

// home is a document's lead sentence and the place of its source line.
type home struct {
	lead  uint32
	place string
}

// homes returns the documents' homes, found once per model through the
// first question's view of the text.
func (m *asker) homes() []home {
	m.homesOnce.Do(func() {
		m.homeLeads = m.findHomes()
		m.homePlaces = map[string][]uint32{}
		for _, h := range m.homeLeads {
			m.homePlaces[h.place] = append(m.homePlaces[h.place], h.lead)
		}
		m.subjectLeads = m.findSubjects()
		m.leaderGroups = m.findLeaders()
	})
	return m.homeLeads
}

// docLead is a document with a lead sentence: the lead, the document's
// counts, and its sentences [first, end).
type docLead struct {
	lead       uint32
	doc        knowledge.DocCount
	first, end int
}

// docLeads yields the documents that have a lead, in order.
func (m *asker) docLeads() iter.Seq[docLead] {
	return func(yield func(docLead) bool) {
		first := 0
		for _, d := range m.base.Info.PerDoc {
			end := first + d.Sentences
			if lead, ok := m.leadIn(first, end); ok && !yield(docLead{lead, d, first, end}) {
				return
			}
			first = end
		}
	}
}

// findHomes reads each document's trailer lines (from its end) for the
// source line, and the place that begins a word of it.
func (m *asker) findHomes() []home {
	var out []home
	for dl := range m.docLeads() {
		for id := dl.end - 1; id >= dl.first && m.tables.Row(uint32(id)).Kind == knowledge.Meta; id-- {
			key, value, isMeta := knowledge.MetaField(m.text.sentence(uint32(id)).Norm)
			if !isMeta || key != sourceKey {
				continue
			}
			if place := m.placeIn(value); place != "" {
				out = append(out, home{lead: dl.lead, place: place})
			}
			break
		}
	}
	return out
}

// sourceKey is the key of the trailer line that names the publisher.
const sourceKey = "来源"

// leadIn returns the lead sentence among [first, end).
func (m *model) leadIn(first, end int) (uint32, bool) {
	i, _ := slices.BinarySearch(m.leads, uint32(first))
	if i < len(m.leads) && int(m.leads[i]) < end {
		return m.leads[i], true
	}
	return 0, false
}

// placeIn returns the longest place of the text that the publisher's name
// begins with (无锡 of 无锡日报), or "".
func (m *asker) placeIn(publisher string) string {
	toks := m.an.Tokens(publisher)
	if len(toks) == 0 {
		return ""
	}
	w := publisher[toks[0].Start:] // the publisher's name begins with its place
	for n := min(utf8.RuneCountInString(w), maxPlaceRunes); n >= 2; n-- {
		p := prefixRunes(w, n)
		if k, ok := m.tables.Kind(p); ok && k == knowledge.Place {
			return p
		}
	}
	return ""
}

// maxPlaceRunes is the longest place name placeIn looks for.
const maxPlaceRunes = 6

// prefixRunes returns the first n runes of s.
func prefixRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// homeMatches credits each lead sentence whose document's home is alt.
func (m *asker) homeMatches(sc *scratch, i int, alt string, f float32) {
	m.homes()
	for _, lead := range m.homePlaces[alt] {
		sc.match(i, lead, f*homeFactor, true)
	}
}

// A question about a report's group as a whole — one that names nothing
// but the group and the report's home (who led the Wuxi delegation, 考察团
// 是谁带头的) — is about the lead too: the lead sets the group out without
// naming it so (市委书记杜小刚带队赴…), while the body's sentences open with
// it. The group is the document's recurring subject, which the index finds
// (knowledge.DocCount.Subject); its lead is credited for it as fully as
// for the word itself (the group is the lead's subject, not a place it
// only implies), when the word is read at all (one too common to read,
// maxRead, is not looked up).

// findSubjects returns the leads of each document's recurring subject.
func (m *asker) findSubjects() map[string][]uint32 {
	out := map[string][]uint32{}
	for dl := range m.docLeads() {
		if s := dl.doc.Subject; s != "" {
			out[s] = append(out[s], dl.lead)
		}
	}
	return out
}

// The person a report's lead names as leading (市委书记杜小刚带队赴…) heads
// its recurring subject (考察团): what the group did (考察团一行参观…), the
// leader did, and a question that names the leader (杜书记在党校看了什么展)
// is answered by the group's sentences as well as by the lead.

// leaderFactor credits a sentence with the group its leader heads for the
// leader's name.
const leaderFactor = float32(0.6)

// ledGroup is the sentences of a document that name its recurring subject
// (考察团), where the name of the subject's leader stands for it.
type ledGroup []uint32

// findLeaders returns, by person, the groups of the documents whose lead
// names the person right before a verb of leading (lang.LeadVerbs).
func (m *asker) findLeaders() map[string][]ledGroup {
	out := map[string][]ledGroup{}
	for dl := range m.docLeads() {
		if dl.doc.Subject == "" {
			continue
		}
		norm := m.text.sentence(dl.lead).Norm
		for _, t := range m.an.Tokens(norm) {
			if !lang.LeadVerbs.Has(t.Text) {
				continue
			}
			if p := m.personEdge(norm[:t.Start], false); p != "" {
				out[p] = append(out[p], m.namingIn(dl.doc.Subject, dl.first, dl.end))
			}
		}
	}
	return out
}

// namingIn returns the sentences of [first, end) that hold word.
func (m *asker) namingIn(word string, first, end int) ledGroup {
	var out ledGroup
	words, _ := m.text.wordUpTo(word, maxRead)
	for _, p := range words {
		if int(p.ID) >= first && int(p.ID) < end {
			out = append(out, p.ID)
		}
	}
	return out
}

// leaderMatches credits, for a person who leads a document's group, the
// sentences of that document that name the group (found once, with the
// homes).
func (m *asker) leaderMatches(sc *scratch, i int, alt string, f float32) {
	m.homes()
	for _, g := range m.leaderGroups[alt] {
		for _, id := range g {
			sc.match(i, id, f*leaderFactor, true)
		}
	}
}

// subjectMatches credits each lead sentence whose document's recurring
// subject is alt.
func (m *asker) subjectMatches(sc *scratch, i int, alt string, f float32) {
	m.homes()
	for _, lead := range m.subjectLeads[alt] {
		sc.match(i, lead, f, true)
	}
}

// aboutReport reports a question that names nothing but what a report is
// about as a whole: no name other than a home place of the text's.
func (m *asker) aboutReport(q query) bool {
	m.homes()
	return !slices.ContainsFunc(q.concepts, func(c concept) bool {
		return c.entity && !slices.ContainsFunc(c.alts, func(a string) bool { return m.homePlaces[a] != nil })
	})
}
