package qa

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lang"
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
	if _, err := loadDecision(); err != nil {
		panic("qa: decision.json: " + err.Error())
	}
	if _, err := loadRerank(); err != nil {
		panic("qa: rerank.json: " + err.Error())
	}
	return &Engine{bases: bases}
}

// current returns the model of the current base, building it on first use.
func (e *Engine) current() *model {
	b := e.bases.Current()
	if b == nil || b.Stale() {
		return nil // none, or one indexed by another visitbot: it must be rebuilt first
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

// begin starts one question's reading of the current base: nil when
// there is none. The caller closes its Text (a.text.t.Close) when done.
// With lend, the asker and the memory of its question are lent from the
// model's pool (askBufs, which hold the asker): the caller gives them
// back (putBufs) when done, and reads the asker no more.
func (e *Engine) begin(lend bool) (*asker, error) {
	shared := e.current()
	if shared == nil {
		return nil, nil
	}
	t, err := shared.base.Text()
	if err != nil {
		return nil, err
	}
	if !lend {
		m := new(asker)
		*m = shared.askerOf(t, nil)
		return m, nil
	}
	b := shared.getBufs()
	b.asker = shared.askerOf(t, b)
	return &b.asker, nil
}

// askerOf is a question's reading of the model through t, with the memory
// bufs lends it (nil: it allocates).
func (m *model) askerOf(t knowledge.Text, bufs *askBufs) asker {
	return asker{model: m, text: view{t: t, mem: knowledge.InMemory(t)}, reranker: rerankModel(), bufs: bufs}
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

func (e *Engine) ask(ctx context.Context, question, previous string) (a Answer) {
	a = Answer{Question: question}
	if err := ctx.Err(); err != nil {
		a.decline(MsgCancelled, ReasonCancelled)
		return a
	}
	m, err := e.begin(true)
	switch {
	case err != nil:
		a.fail(err)
		return a
	case m == nil:
		a.decline(MsgNoKnowledge, ReasonNoKnowledge)
		return a
	}
	defer m.text.t.Close()
	defer m.putBufs(m.bufs)
	a.Documents = len(m.base.Docs)
	defer func() {
		m.text.fail(m.base.Err()) // a damaged part of the tables read as empty
		if m.text.err != nil {
			a = Answer{Question: question, Documents: a.Documents}
			a.fail(m.text.err)
		}
	}()
	if len(question) > 4*MaxQuestionRunes || utf8.RuneCountInString(question) > MaxQuestionRunes {
		a.decline(strings.Replace(MsgTooLong, "%d", strconv.Itoa(MaxQuestionRunes), 1), ReasonTooLong)
		return a
	}
	if strings.Count(question, "?")+strings.Count(question, "？") >= 2 {
		if parts := splitQuestions(analysis.Normalize(question)); len(parts) >= 2 {
			return m.answerParts(a, parts, previous)
		}
	}
	m.answer(&a, question, m.parse(question), previous)
	return a
}

// answerParts answers a message that asks several questions, each on its
// own, and joins the answers.
func (m *asker) answerParts(a Answer, parts []string, previous string) Answer {
	var cited citations
	named, namedAt := previous, -1 // the last question that names something, and its part
	for k, p := range parts {
		sub := Answer{Question: p, Documents: a.Documents}
		q := m.parse(p)
		switch {
		case namesEntity(q):
			m.answer(&sub, p, q, previous)
			named, namedAt = p, k
		case namedAt >= 0 && a.Parts[namedAt].Reason == ReasonUnknownName && bareFollowUp(q):
			// 华为有没有被拜访?谈了什么?: a bare follow-up of a question
			// about what the text does not name is about that too.
			sub.Kind, sub.Notice, sub.Reason = q.kind, a.Parts[namedAt].Notice, ReasonUnknownName
			render(&sub)
		default:
			// 宇树科技是哪年成立的?老板是谁?: a question without a name of
			// its own follows the last one that has one, as a reply would;
			// with none, the conversation's, or else the part before.
			context := named
			if context == "" && k > 0 {
				context = parts[k-1]
			}
			m.answer(&sub, p, q, context)
		}
		a.Parts = append(a.Parts, sub)
		if !sub.Answered {
			continue
		}
		a.Answered = true
		a.Score = math.Max(a.Score, sub.Score)
		for _, c := range sub.Citations {
			cited.add(&a.Citations, c)
		}
	}
	a.Multi = true
	if !a.Answered {
		a.Reason = ReasonNotInText
		relatedOfParts(&a)
	}
	render(&a)
	return a
}

// relatedOfParts gives a message whose every part was declined the
// related sentences of its parts, once each, up to maxRelated, about what
// the first part with some is about.
func relatedOfParts(a *Answer) {
	var related citations
	for _, p := range a.Parts {
		for _, c := range p.Related {
			if len(a.Related) == maxRelated {
				return
			}
			if related.add(&a.Related, c) && a.About == "" {
				a.About = p.About
			}
		}
	}
}

// citations is the set of sentences a joined answer quotes, each once.
type citations map[struct{ ref, doc string }]bool

// add appends c to list unless the set holds it already, and reports
// whether it did.
func (s *citations) add(list *[]Citation, c Citation) bool {
	k := struct{ ref, doc string }{c.Ref, c.Doc}
	if (*s)[k] {
		return false
	}
	if *s == nil {
		*s = citations{}
	}
	(*s)[k] = true
	*list = append(*list, c)
	return true
}

// namesEntity reports a question that names something of the text's or
// something the text lacks: it stands on its own.
func namesEntity(q query) bool {
	return len(q.unknown) > 0 || slices.ContainsFunc(q.concepts, func(c concept) bool { return c.entity })
}

// bareFollowUp reports a question of one concept at most, none a kind of
// place (谈了什么, 老板是谁; not 他们去了哪几个城市): it says nothing of its
// own of what it is about.
func bareFollowUp(q query) bool {
	return len(q.concepts) <= 1 && !slices.ContainsFunc(q.concepts, func(c concept) bool { return c.placeKind })
}

// answer answers one question, read as q, into a.
func (m *asker) answer(a *Answer, question string, q query, previous string) {
	if previous != "" && len(previous) <= 4*MaxQuestionRunes && q.words > 0 {
		seen := map[string]bool{}
		for _, c := range q.concepts {
			seen[c.text] = true
		}
		for _, c := range m.parse(previous).concepts {
			if !seen[c.text] {
				seen[c.text] = true
				c.scale, c.fromContext = contextScale, true
				q.concepts = append(q.concepts, c)
			}
		}
		q.pastPost = asksPastPost(q) // 他以前在哪工作: the person is the previous question's
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
	defer m.recycle(r)
	if len(r.cands) > 0 {
		a.Best = m.citation(int(r.cands[0].id))
	}
	if m.unreadable(q, r) {
		a.decline(MsgLanguage, ReasonLanguage)
		return
	}
	picked, multi, p := m.bareName(q, r), false, 1.0 // a name alone asks what the text says of it
	if len(picked) == 0 {
		picked, multi, p = m.pick(q, r, decisionModel())
	}
	a.Score = p
	if len(picked) == 0 {
		m.declineRelated(a, q, r)
		return
	}
	a.Answered, a.Multi = true, multi
	a.Citations = make([]Citation, 0, len(picked))
	for _, c := range picked {
		a.Citations = append(a.Citations, m.citation(int(c.id)))
	}
	render(a)
}

// screen returns why a question is declined before any sentence is
// ranked, or "": nothing to read, a sum or noise, a request for the
// asker's own doing, a name the text does not have. Answering and
// training (Samples) both screen with it.
func (m *asker) screen(q query, question string) Reason {
	switch {
	case len(q.concepts) == 0 && q.ordinal == 0:
		return ReasonEmpty
	case m.isArithmetic(q.norm) || !readable(question) || q.request:
		return ReasonNotInText
	case len(q.unknown) > 0:
		return ReasonUnknownName
	}
	return ""
}

func (m *asker) citation(id int) Citation {
	s := m.text.sentence(uint32(id))
	return Citation{
		Doc: m.text.t.DocName(s.Doc), Ref: knowledge.Ref(s.Paragraph, s.Number),
		Paragraph: s.Paragraph, Sentence: s.Number, Text: s.Text,
	}
}

// model is what answering needs of one knowledge base, derived once: a
// constant amount of work whatever the base's size (the alias table and
// the dictionary's proper nouns; the rest is read in place from the base's
// Tables and, per question, its Text).
type model struct {
	base   *knowledge.Base
	tables *knowledge.Tables
	an     *analysis.Analyzer
	n      int
	avgLen float64 // average content words a sentence
	// aliasMaxRunes bounds the length of alias keys (the tables'
	// aliases), to stop early.
	aliasMaxRunes    int
	aliasFirst       *runeBits       // the first runes of the tables' alias keys
	aliasLast        *runeBits       // the last runes of the tables' alias keys
	aliasNames       map[string]bool // words of the alias table's name groups (knowledge.AliasNames)
	scratch          *sync.Pool      // of *scratch: one question's working memory
	rankPool         sync.Pool       // of *rankBufs: one ranking's candidates
	bufs             sync.Pool       // of *askBufs: one question's memory
	headingsOnce     sync.Once
	headingIDs       []uint32 // headings()
	startsOnce       sync.Once
	namesBySoundOnce sync.Once
	namesBySoundMap  map[soundPair][]string // namesBySound()
	orgStartRunes    map[rune]int           // orgStarts()
	nameStartRunes   map[rune]int           // nameStarts()
	nameStartBits    runeBits               // nameStartRunes' runes, to test before the map
	// properPos marks the dictionary's proper nouns by their part of
	// speech: 'p' a place (ns), 'r' a person (nr), 'z' another proper noun
	// (nz) or an organisation (nt).
	properPos map[string]byte
	// leads are the lead sentences: each document's first ordinary
	// sentence, in order (see isLead).
	leads []uint32
	// docStarts are the documents' first sentences, in order.
	docStarts []uint32
	// homeLeads are the documents' leads and their home places (homes).
	homesOnce  sync.Once
	homeLeads  []home
	homePlaces map[string][]uint32 // the leads of each home place
	// subjectLeads are the leads of each document's recurring subject
	// (findSubjects), found with the homes.
	subjectLeads map[string][]uint32
	// leaderGroups are the groups each leader heads, one a document
	// (findLeaders), found with the homes.
	leaderGroups map[string][]ledGroup
	// places are the places each sentence names (textPlaces), found at
	// the first question that asks for a city.
	places sentencePlaces
	// longBySound are namesBySound's names of minSoundName runes or
	// more, the ones soundNames looks for; soundBegins and soundSeconds
	// mark the common ideographs their first and second runes may be by
	// their sound. All are found with namesBySound.
	longBySound               map[soundPair][]string
	soundBegins, soundSeconds hanBits
}

// findLeads finds each document's lead: its first ordinary sentence (not a
// heading or trailer line), within knowledge.LeadSkip of its start: the
// lead the index found each document's recurring subject after.
func (m *model) findLeads(b *knowledge.Base) {
	first := 0
	for _, d := range b.Info.PerDoc {
		m.docStarts = append(m.docStarts, uint32(first))
		for id := first; id < first+min(d.Sentences, knowledge.LeadSkip+1) && id < m.n; id++ {
			if knowledge.MayLead(id-first, m.tables.Row(uint32(id)).Kind) {
				m.leads = append(m.leads, uint32(id))
				break
			}
		}
		first += d.Sentences
	}
}

// docStart reports the first sentence of a document.
func (m *model) docStart(id uint32) bool {
	_, ok := slices.BinarySearch(m.docStarts, id)
	return ok
}

// refersBack reports whether sentence id opens with a word for the people
// or things of the sentence before it in its document (大家, 双方, 其).
func (m *model) refersBack(id uint32) bool {
	return id > 0 && !m.docStart(id) && m.tables.Row(id).Features&knowledge.RefersBack != 0
}

// isLead reports a document's lead sentence: in news the first sentence
// says who did what, where and when for the whole report (a feature of
// the reranker's).
func (m *model) isLead(id uint32) bool {
	_, ok := slices.BinarySearch(m.leads, id)
	return ok
}

func newModel(b *knowledge.Base) *model {
	m := &model{
		base: b, tables: &b.Tables, an: b.Analyzer(), n: b.Info.Sentences,
		aliasNames: map[string]bool{},
		properPos:  map[string]byte{},
		scratch:    &sync.Pool{},
	}
	for _, e := range b.Dict {
		if lang.NeverName(e.Word) {
			continue // 外国, 孙子: a dictionary's tag, but no name
		}
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
	m.avgLen = float64(b.Info.ContentWords) / float64(max(1, m.n))
	m.findLeads(b)
	return m
}

// asker is one question's reading of a model: the model, and the base's
// Text the question reads sentences and postings through.
type asker struct {
	*model
	text view
	// reranker chooses the lead among the ranking's first candidates
	// (nil: the ranking's own lead).
	reranker *RerankModel
	// bufs is the memory Ask lends the question (nil: it allocates).
	bufs *askBufs
}

// view is a knowledge.Text that keeps the first error it meets (a damaged
// record of the base's file) instead of returning it: what it then returns
// is empty, and the answer is an error, never a quote. For a base in
// memory it looks postings up in the index's maps itself (mem).
type view struct {
	t   knowledge.Text
	mem *knowledge.Index // t's index when t reads a base in memory, else nil
	err error
}

func (v *view) word(w string) []knowledge.Posting {
	if v.mem != nil {
		return v.mem.Words[w]
	}
	ps, err := v.t.Word(w)
	v.fail(err)
	return ps
}

func (v *view) gram(g string) []knowledge.Posting {
	if v.mem != nil {
		return v.mem.Grams[g]
	}
	ps, err := v.t.Gram(g)
	v.fail(err)
	return ps
}

func (v *view) wordCount(w string) int {
	if v.mem != nil {
		return len(v.mem.Words[w])
	}
	n, err := v.t.WordCount(w)
	v.fail(err)
	return n
}

func (v *view) gramCount(g string) int {
	if v.mem != nil {
		return len(v.mem.Grams[g])
	}
	n, err := v.t.GramCount(g)
	v.fail(err)
	return n
}

// hasWord reports whether the text has word w (of bytes, read without
// making a string of it for a base in memory).
func (v *view) hasWord(w []byte) bool {
	if v.mem != nil {
		return len(v.mem.Words[string(w)]) > 0
	}
	return v.wordCount(string(w)) > 0
}

// wordUpTo returns the postings of word w and their number n, or only n
// (nil postings) when there are more than limit: one look-up in memory,
// and a file's long list is counted, not read.
func (v *view) wordUpTo(w string, limit int) (ps []knowledge.Posting, n int) {
	if v.mem != nil {
		ps = v.mem.Words[w]
	} else if n = v.wordCount(w); n <= limit {
		ps = v.word(w)
	}
	return upTo(ps, n, limit)
}

// gramUpTo is wordUpTo of a unigram or bigram.
func (v *view) gramUpTo(g string, limit int) (ps []knowledge.Posting, n int) {
	if v.mem != nil {
		ps = v.mem.Grams[g]
	} else if n = v.gramCount(g); n <= limit {
		ps = v.gram(g)
	}
	return upTo(ps, n, limit)
}

// upTo is ps and its length (n, if ps was not read), ps only if that is
// at most limit.
func upTo(ps []knowledge.Posting, n, limit int) ([]knowledge.Posting, int) {
	n = max(n, len(ps))
	if n > limit {
		return nil, n
	}
	return ps, n
}

func (v *view) sentence(id uint32) knowledge.SentenceRecord {
	s, err := v.t.Sentence(id)
	v.fail(err)
	return s
}

func (v *view) fail(err error) {
	if err != nil && v.err == nil {
		v.err = err
	}
}

// addAliases notes the words of the alias table's name groups, how long
// the tables' alias keys run, and the runes they begin and end with.
func (m *model) addAliases() {
	for w := range knowledge.AliasNames(m.base.AliasText) {
		m.aliasNames[w] = true
		m.aliasNames[wordRunes(w)] = true
	}
	starts := m.tables.Starts() // stored at index time: no walk over the aliases
	m.aliasMaxRunes = starts.AliasRunes
	m.aliasFirst, m.aliasLast = &runeBits{}, &runeBits{}
	for r := range starts.AliasFirst {
		m.aliasFirst.add(r)
	}
	for r := range starts.AliasLast {
		m.aliasLast.add(r)
	}
}

// headings returns the sentences that head the sections, in order
// (found once, at the first question that asks for a title).
func (m *model) headings() []uint32 {
	m.headingsOnce.Do(func() {
		for sec := range m.tables.Sections() {
			if _, _, h := m.tables.Section(sec); h != knowledge.NoSentence {
				m.headingIDs = append(m.headingIDs, h)
			}
		}
	})
	return m.headingIDs
}

// termKind is the kind of a term of the text, 0 if s is none.
func (m *model) termKind(s string) knowledge.TermKind {
	k, _ := m.tables.Kind(s)
	return k
}

// wordRunes keeps only the letters, ideographs and digits of s.
func wordRunes(s string) string { return knowledge.AliasKey(s) }
