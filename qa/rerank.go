package qa

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/visitbot/visitbot/knowledge"
)

// The rerank stage: which of the ranking's first candidates to lead with.
// The ranking scores each sentence by hand-set rules (coverage, the kind of
// answer, length); the reranker, boosted trees trained offline on the
// read sets' questions (internal/train, `go generate ./qa`), scores the
// first sentence and those of the first RerankModel.Candidates that rank
// within RerankMinShare of it, from each one's place in the ranking, its
// measures and its decision features, and the best leads. The decision
// then judges that lead.

// rerankNames are the rerank features, in order: the candidate's place and
// measures, then its decision features (featureNames).
var rerankNames = slices.Concat([]string{
	"position",   // its place in the ranking, 0 first
	"score",      // its score (coverage, less when it lacks the kind of answer)
	"rank",       // its rank (the score, less for a long sentence)
	"rank_share", // its rank over the first candidate's
	"is_lead",    // it is a document's lead sentence
	"context",    // some concept's best match is only around it
	"length",     // its content words
	"doc_pos",    // sentences since its document's lead, at most 40
	"full_share", // share of the question's weight it matches fully (0.9 or more)
	"refers",     // it opens referring to the sentence before (大家表示)
	"has_person", // it names a person or a title
	"has_org",    // it names an organisation
	"has_place",  // it names a place
	"has_number", // it holds a number
	"has_time",   // it holds a time
}, featureNames)

// RerankModel is the trained reranker; its JSON is rerank.json.
type RerankModel struct {
	Features []string `json:"features"`
	Trees
	// Candidates is how many of the ranking's first candidates it looks
	// at: it scores the first and those near it (RerankMinShare).
	Candidates int `json:"candidates"`
	// Trained says what it was trained on and how it did.
	Trained json.RawMessage `json:"trained,omitempty"`
}

// Check verifies the model against the code's rerank features and reads
// its trees.
func (rr *RerankModel) Check() error {
	if err := checkFeatures(rr.Features, rerankNames); err != nil {
		return err
	}
	if rr.Candidates < 1 {
		return fmt.Errorf("rerank model of %d candidates", rr.Candidates)
	}
	return rr.read(len(rerankNames))
}

// RerankNames lists the rerank features in the order of the Features of
// RerankSamples' samples.
func RerankNames() []string { return slices.Clone(rerankNames) }

//go:embed rerank.json
var rerankJSON []byte

// loadRerank reads rerank.json once, as loadDecision does.
var loadRerank = sync.OnceValues(func() (*RerankModel, error) { return readModel[RerankModel](rerankJSON) })

// rerankModel returns the reranker in use: New has read it.
func rerankModel() *RerankModel {
	rr, _ := loadRerank()
	return rr
}

// rerankFeatures describes ranked[k] for the reranker.
func (m *asker) rerankFeatures(q query, ranked []scored, k int, r ranking) []float64 {
	c := ranked[k]
	share := 0.0
	if ranked[0].rank > 0 {
		share = c.rank / ranked[0].rank
	}
	row := m.tables.Row(c.id)
	docPos := 40.0
	if i, _ := slices.BinarySearch(m.leads, c.id+1); i > 0 {
		docPos = min(40, float64(c.id-m.leads[i-1]))
	}
	full, total := 0.0, 0.0
	for i, w := range r.weights {
		total += w
		if c.per != nil && c.per[i] >= 0.9 {
			full += w
		}
	}
	if total > 0 {
		full /= total
	}
	f := row.Features
	x := m.floatSlice(len(rerankNames))
	x = append(x, float64(k), c.score, c.rank, share, b2f(m.isLead(c.id)), b2f(c.context), float64(row.Length),
		docPos, full, b2f(f&knowledge.RefersBack != 0), b2f(f&knowledge.HasPerson != 0), b2f(f&knowledge.HasOrg != 0),
		b2f(f&knowledge.HasPlace != 0), b2f(f&knowledge.HasNumber != 0), b2f(f&knowledge.HasTime != 0))
	return m.appendFeatures(x, q, c, ranked, r, false)
}

// rerankHead is how many rerank features come before the decision
// features.
var rerankHead = len(rerankNames) - numFeatures

// RerankMinShare is the least share of the first candidate's rank another
// must reach to be scored: the reranker chooses among near ties. On the
// sets never read (their aggregate figures) no candidate below 0.7 was
// its choice, and two in three candidates are below it.
const RerankMinShare = 0.7

// rerank returns the one of ranked's first candidates that the reranker
// scores highest, of those that rank within RerankMinShare of the first,
// and ranked with it first; ranked as it is without a reranker or such a
// candidate. When the first stays first and was scored, it returns its
// decision features too (features would compute them again); else nil.
func (m *asker) rerank(q query, ranked []scored, r ranking) (scored, []scored, []float64) {
	rr := m.reranker
	if rr == nil || ranked[0].rank <= 0 {
		// (A first of rank 0 has no near tie: rank_share is 0, as trained.)
		return ranked[0], ranked, nil
	}
	n := min(rr.Candidates, len(ranked))
	near := func(c scored) bool { return c.rank >= RerankMinShare*ranked[0].rank }
	if !slices.ContainsFunc(ranked[1:n], near) {
		return ranked[0], ranked, nil // the first has no near tie
	}
	best, at := math.Inf(-1), 0
	var first []float64
	for k := range n {
		if k > 0 && !near(ranked[k]) {
			continue
		}
		x := m.rerankFeatures(q, ranked, k, r)
		if k == 0 {
			first = x[rerankHead:]
		}
		if s := rr.Sum(x); s > best {
			best, at = s, k
		}
	}
	if at == 0 {
		return ranked[0], ranked, first
	}
	return ranked[at], toFront(ranked, at), nil
}
