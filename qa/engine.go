package qa

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
)

// Bases gives the knowledge base in use; *knowledge.Store is one. Current
// may return a different base from one call to the next (after a reload);
// each question is answered from one base, whole.
type Bases interface {
	Current() *knowledge.Base
}

// Fixed returns a Bases that always gives b.
func Fixed(b *knowledge.Base) Bases { return fixed{b} }

type fixed struct{ b *knowledge.Base }

func (f fixed) Current() *knowledge.Base { return f.b }

// MaxQuestionRunes bounds a question; a longer one is declined politely.
const MaxQuestionRunes = 300

// Engine answers questions. It is safe for concurrent use.
type Engine struct {
	bases Bases
	mu    sync.Mutex // serialises building a model for a new base
	model atomic.Pointer[model]
}

// New returns an engine that answers from the bases' current knowledge base.
func New(bases Bases) *Engine {
	if decisionErr != nil {
		panic("qa: decision.json: " + decisionErr.Error())
	}
	return &Engine{bases: bases}
}

// current returns the model of the current base, building it on first use.
func (e *Engine) current() *model {
	b := e.bases.Current()
	if b == nil {
		return nil
	}
	if m := e.model.Load(); m != nil && m.base == b {
		return m
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if m := e.model.Load(); m != nil && m.base == b {
		return m
	}
	m := newModel(b)
	e.model.Store(m)
	return m
}

// Ask answers one question. It never fails: a question that is empty, too
// long or not about the article gets an Answer with Answered false and a
// polite Text.
func (e *Engine) Ask(ctx context.Context, question string) Answer { return e.ask(ctx, question, "") }

// contextScale weighs what a follow-up question takes from its context.
const contextScale = 0.5

// AskFollowUp answers a question that follows another (a reply to an
// answer: "那它在哪里?"). The concepts of previous (the earlier question, or
// the answer's text) that the question does not mention count too, at
// half weight, so that "它" is read as the earlier subject.
func (e *Engine) AskFollowUp(ctx context.Context, question, previous string) Answer {
	return e.ask(ctx, question, previous)
}

func (e *Engine) ask(ctx context.Context, question, previous string) Answer {
	a := Answer{Question: question}
	if err := ctx.Err(); err != nil {
		a.decline(MsgCancelled, ReasonCancelled)
		return a
	}
	m := e.current()
	if m == nil {
		a.decline(MsgNoKnowledge, ReasonNoKnowledge)
		return a
	}
	a.Documents = len(m.base.Docs)
	if len(question) > 4*MaxQuestionRunes || utf8.RuneCountInString(question) > MaxQuestionRunes {
		a.decline(strings.Replace(MsgTooLong, "%d", itoa(MaxQuestionRunes), 1), ReasonTooLong)
		return a
	}
	if strings.Count(question, "?")+strings.Count(question, "？") >= 2 {
		if parts := splitQuestions(analysis.Normalize(question)); len(parts) >= 2 {
			return m.answerParts(a, parts, previous)
		}
	}
	m.answer(&a, question, previous)
	return a
}

// answerParts answers a message that asks several questions, each on its
// own, and joins the answers.
func (m *model) answerParts(a Answer, parts []string, previous string) Answer {
	seen := map[string]bool{}
	for _, p := range parts {
		sub := Answer{Question: p, Documents: a.Documents}
		m.answer(&sub, p, previous)
		a.Parts = append(a.Parts, sub)
		if !sub.Answered {
			continue
		}
		a.Answered = true
		a.Score = math.Max(a.Score, sub.Score)
		for _, c := range sub.Citations {
			if !seen[c.Ref+c.Doc] {
				seen[c.Ref+c.Doc] = true
				a.Citations = append(a.Citations, c)
			}
		}
	}
	a.Multi = true
	if !a.Answered {
		a.Reason = ReasonNotInText
	}
	render(&a)
	return a
}

// answer answers one question into a.
func (m *model) answer(a *Answer, question, previous string) {
	q := m.parse(question)
	if previous != "" && len(previous) <= 4*MaxQuestionRunes && q.words > 0 {
		seen := map[string]bool{}
		for _, c := range q.concepts {
			seen[c.text] = true
		}
		for _, c := range m.parse(previous).concepts {
			if !seen[c.text] {
				seen[c.text] = true
				c.scale = contextScale
				q.concepts = append(q.concepts, c)
			}
		}
	}
	a.Kind = q.kind
	if why := m.screen(q, question); why != "" {
		switch why {
		case ReasonEmpty:
			a.decline(MsgEmpty, why)
		case ReasonUnknownName:
			m.declineUnknown(a, q.unknown)
		default:
			a.decline(MsgNotInText, why)
		}
		return
	}
	r := m.rank(q)
	if len(r.cands) > 0 {
		a.Best = m.citation(int(r.cands[0].id))
	}
	if m.unreadable(q, r) {
		a.decline(MsgLanguage, ReasonLanguage)
		return
	}
	picked, multi, p := m.bareName(q, r), false, 1.0 // a name alone asks what the text says of it
	if len(picked) == 0 {
		picked, multi, p = m.pick(q, r, decision)
	}
	a.Score = p
	if len(picked) == 0 {
		m.declineRelated(a, q, r)
		return
	}
	a.Answered, a.Multi = true, multi
	for _, c := range picked {
		a.Citations = append(a.Citations, m.citation(int(c.id)))
	}
	render(a)
}

// screen returns why a question is declined before any sentence is
// ranked, or "": nothing to read, a sum or noise, a name the text does not
// have. Answering and training (Samples) both screen with it.
func (m *model) screen(q query, question string) Reason {
	switch {
	case len(q.concepts) == 0 && q.ordinal == 0:
		return ReasonEmpty
	case m.isArithmetic(q.norm) || !readable(question):
		return ReasonNotInText
	case len(q.unknown) > 0:
		return ReasonUnknownName
	}
	return ""
}

func (m *model) citation(id int) Citation {
	s := m.base.Sentences[id]
	return Citation{
		Doc: m.base.DocName(id), Ref: m.base.Ref(id),
		Paragraph: s.Paragraph, Sentence: s.Number, Text: s.Text,
	}
}

func itoa(n int) string {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(buf[i:])
		}
	}
}

// model is what answering needs of one knowledge base, derived once.
type model struct {
	base    *knowledge.Base
	an      *analysis.Analyzer
	n       int
	avgLen  float64             // average content words a sentence
	aliases map[string][]string // key: the alias with non-word runes removed
	// aliasMaxRunes bounds the length of alias keys, to stop early.
	aliasMaxRunes int
	termKind      map[string]knowledge.TermKind
	aliasNames    map[string]bool     // words of the alias table's name groups (knowledge.AliasNames)
	nameParts     map[string]bool     // every run of 3+ characters inside a name (person, organisation, place, quoted phrase)
	nameMasks     map[string][]string // every run of four characters inside a name, with one masked (maskRune) -> the runs
	trigrams      map[string]bool     // every run of three units (ideographs, digit or letter runs) in the text
	fourgrams     map[string]bool     // every run of four units
	sounds        map[uint64][]string // sound key of three units -> trigrams
	sounds2       map[uint64][]string // sound key of a rare two-character word of the text -> the words
	soundIDs      map[string]uint64   // sound of a unit (analysis.Sound, or the unit) -> small number
	runeSounds    map[rune]uint64     // each ideograph of the text -> the number of its sound
	// cjkSounds caches, for the common ideographs (U+4E00-U+9FFF), the
	// number of the sound of any ideograph a question may hold: 0 not yet
	// known, 1 no sound of the text, id+1 otherwise.
	cjkSounds []atomic.Uint32
	section   []int32         // sentence -> section number (unique over documents), -1 for none
	nsec      int             // number of sections
	secFirst  []uint32        // section -> its first sentence
	secEnd    []uint32        // section -> one past its last sentence
	scratch   sync.Pool       // of *scratch: one question's working memory
	heading   map[int32]int32 // section number -> heading sentence
	headings  []int32         // heading sentences in order
	// properPos marks the dictionary's proper nouns by their part of
	// speech: 'p' a place (ns), 'r' a person (nr), 'z' another proper noun
	// (nz) or an organisation (nt).
	properPos map[string]byte
}

func newModel(b *knowledge.Base) *model {
	m := &model{
		base: b, an: b.Analyzer(), n: len(b.Sentences),
		aliases:    map[string][]string{},
		termKind:   map[string]knowledge.TermKind{},
		aliasNames: map[string]bool{},
		nameParts:  map[string]bool{},
		nameMasks:  map[string][]string{},
		trigrams:   map[string]bool{},
		fourgrams:  map[string]bool{},
		sounds:     map[uint64][]string{},
		sounds2:    map[uint64][]string{},
		soundIDs:   map[string]uint64{},
		runeSounds: map[rune]uint64{},
		section:    make([]int32, len(b.Sentences)),
		heading:    map[int32]int32{},
		properPos:  map[string]byte{},
		cjkSounds:  make([]atomic.Uint32, 0x9FFF-0x4E00+1),
	}
	for _, e := range b.Dict {
		switch e.Pos {
		case "ns":
			m.properPos[e.Word] = 'p'
		case "nr":
			m.properPos[e.Word] = 'r'
		case "nz", "nt":
			m.properPos[e.Word] = 'z'
		}
	}
	m.addAliases()
	m.addNames()
	for _, l := range b.Index.Lengths {
		m.avgLen += float64(l)
	}
	m.avgLen /= float64(max(1, len(b.Index.Lengths)))
	m.addSections()
	for _, s := range b.Sentences {
		m.addRuns(s.Norm)
	}
	m.addRareWords() // after the sentences, so that every sound of the text has its number
	return m
}

// addAliases keys the alias table by its words' letters, ideographs and
// digits.
func (m *model) addAliases() {
	for w := range knowledge.AliasNames(m.base.AliasText) {
		m.aliasNames[w] = true
		m.aliasNames[wordRunes(w)] = true
	}
	for k, v := range m.base.Aliases {
		key := wordRunes(k)
		if key == "" {
			continue
		}
		m.aliases[key] = append(m.aliases[key], v...)
		if n := utf8.RuneCountInString(key); n > m.aliasMaxRunes {
			m.aliasMaxRunes = n
		}
	}
}

// addNames records the terms' kinds, and every run of three or more
// characters of a name, and every run of four with one masked.
func (m *model) addNames() {
	for _, t := range m.base.Terms {
		if k, ok := m.termKind[t.Text]; !ok || t.Kind > k {
			m.termKind[t.Text] = t.Kind
		}
		switch t.Kind {
		case knowledge.Org, knowledge.Person, knowledge.Place, knowledge.Proper, knowledge.Quote:
			rs := []rune(t.Text)
			for i := 0; i+3 <= len(rs); i++ {
				for j := i + 3; j <= len(rs); j++ {
					m.nameParts[string(rs[i:j])] = true
				}
			}
			for i := 0; i+4 <= len(rs); i++ {
				four := string(rs[i : i+4])
				for k := 0; k < 4; k++ {
					key := maskRune(rs[i:i+4], k)
					if !slices.Contains(m.nameMasks[key], four) {
						m.nameMasks[key] = append(m.nameMasks[key], four)
					}
				}
			}
		}
	}
}

// addSections numbers the sections over all documents and finds their
// sentences and headings.
func (m *model) addSections() {
	secIDs := map[[2]int]int32{}
	for id, s := range m.base.Sentences {
		m.section[id] = -1
		if s.Section == 0 {
			continue
		}
		key := [2]int{s.Doc, s.Section}
		sec, ok := secIDs[key]
		if !ok {
			sec = int32(len(secIDs))
			secIDs[key] = sec
		}
		m.section[id] = sec
		if int(sec) == len(m.secFirst) {
			m.secFirst = append(m.secFirst, uint32(id))
			m.secEnd = append(m.secEnd, uint32(id))
		}
		m.secEnd[sec] = uint32(id) + 1
		if s.Kind == knowledge.Heading {
			m.heading[sec] = int32(id)
			m.headings = append(m.headings, int32(id))
		}
	}
	m.nsec = len(secIDs)
}

// addRuns records the runs of three and four units of a sentence, and
// the sounds of the runs of three.
func (m *model) addRuns(norm string) {
	var run []analysis.Unit
	flush := func() {
		for i := 0; i+4 <= len(run); i++ {
			m.fourgrams[norm[run[i].Start:run[i+3].End]] = true
		}
		for i := 0; i+3 <= len(run); i++ {
			t := norm[run[i].Start:run[i+2].End]
			if m.trigrams[t] {
				continue
			}
			m.trigrams[t] = true
			m.addSounds(norm, run[i:i+3])
			key, _ := m.soundKey(norm, run[i:i+3])
			m.sounds[key] = append(m.sounds[key], t)
		}
		run = run[:0]
	}
	analysis.Units(norm, func(u analysis.Unit, gap bool) {
		if gap {
			flush()
		}
		run = append(run, u)
	})
	flush()
}

// addRareWords records the rare two-character words of the text by their
// sound (效对 -> 校对).
func (m *model) addRareWords() {
	for w, ps := range m.base.Index.Words {
		rs := []rune(w)
		if len(rs) != 2 || len(ps) > rareWord || !analysis.IsHan(rs[0]) || !analysis.IsHan(rs[1]) {
			continue
		}
		s0, s1 := m.runeSounds[rs[0]], m.runeSounds[rs[1]]
		if s0 != 0 && s1 != 0 {
			m.sounds2[s0<<21|s1] = append(m.sounds2[s0<<21|s1], w)
		}
	}
	for _, ws := range m.sounds2 {
		slices.Sort(ws)
	}
}

// rareWord is the most sentences a two-character word may be in for a
// homophone to be read as it.
const rareWord = 3

// unitSound is how one unit sounds: the Sound of an ideograph, any other
// unit as it is.
func unitSound(text string, u analysis.Unit) string {
	w := text[u.Start:u.End]
	if r, n := utf8.DecodeRuneInString(w); n == len(w) && analysis.IsHan(r) {
		return analysis.Sound(r)
	}
	return w
}

// addSounds numbers the sounds of units of the text.
func (m *model) addSounds(text string, units []analysis.Unit) {
	for _, u := range units {
		snd := unitSound(text, u)
		id, ok := m.soundIDs[snd]
		if !ok {
			id = uint64(len(m.soundIDs) + 1)
			m.soundIDs[snd] = id
		}
		if r, n := utf8.DecodeRuneInString(text[u.Start:u.End]); n == u.End-u.Start && analysis.IsHan(r) {
			m.runeSounds[r] = id
		}
	}
}

// unitSoundID is the number of the sound of a unit of a question, or 0 if
// nothing in the text sounds so. An ideograph of the text is looked up
// directly; another is asked its sound.
func (m *model) unitSoundID(text string, u analysis.Unit) uint64 {
	r, n := utf8.DecodeRuneInString(text[u.Start:u.End])
	if n != u.End-u.Start || r < 0x4E00 || r > 0x9FFF {
		if id, ok := m.runeSounds[r]; ok && n == u.End-u.Start {
			return id
		}
		return m.soundIDs[unitSound(text, u)]
	}
	slot := &m.cjkSounds[r-0x4E00]
	if v := slot.Load(); v != 0 {
		return uint64(v - 1)
	}
	id, ok := m.runeSounds[r]
	if !ok {
		id = m.soundIDs[analysis.Sound(r)]
	}
	slot.Store(uint32(id + 1))
	return id
}

// soundKey is how three units sound, as one number; false if a unit sounds
// like nothing in the text.
func (m *model) soundKey(text string, units []analysis.Unit) (uint64, bool) {
	var key uint64
	for _, u := range units {
		id, ok := m.soundIDs[unitSound(text, u)]
		if !ok {
			return 0, false
		}
		key = key<<21 | id
	}
	return key, true
}

// wordRunes keeps only the letters, ideographs and digits of s.
func wordRunes(s string) string {
	var b strings.Builder
	for _, r := range s {
		if analysis.IsWordRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
