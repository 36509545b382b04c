package qa

//go:generate go run ./internal/train -out decision.json

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
)

// The decide stage: whether the sentence the ranking leads with answers the
// question. It is a logistic regression over features of the ranking (how
// much of the question the sentence covers, of the names and of the rest,
// whether it holds the kind of answer asked for, how far it leads the
// runner-up, how heavy the heaviest thing it misses is, ...), trained
// offline on labelled questions (internal/train, `go generate ./qa`) and
// stored as data in decision.json. The engine answers when the predicted
// probability reaches the threshold chosen on out-of-fold predictions
// (five folds) of the training questions.

// Feature names, in the order of a feature vector. The model file names
// them too, and loading checks that they agree.
var featureNames = []string{
	"cov",          // share of the question's weight the sentence covers
	"ent_cov",      // share of the weight of the names it mentions
	"pred_cov",     // share of the rest
	"evidence",     // weight covered, over the weight of a word found nowhere
	"type_ok",      // holds the kind of answer asked for
	"strict_miss",  // a who/when/how-many/how-much question without that kind of answer
	"has_entity",   // the question names something of the text
	"margin",       // lead over the runner-up, as a share of the lead's rank
	"max_missing",  // the heaviest concept it misses, as a share of the question's weight
	"oov_share",    // share of the question's weight in concepts found nowhere in the text
	"oov_entity",   // a name-like concept is found nowhere in the text
	"concepts",     // number of concepts, over 8
	"expanded",     // share of the covered weight matched only through an alias or related word
	"english",      // share of the question's letters that are Latin
	"kind_who",     // the kind of question
	"kind_where",   // ...
	"kind_when",    // ...
	"kind_number",  // how many or how much
	"kind_why",     // why or how
	"kind_yesno",   // yes or no
	"kind_what",    // anything else
	"several",      // the answer is several sentences together
	"context_only", // the best match of some concept is only in the paragraph or section around it
	"oov_pred",     // the heaviest concept found nowhere in the text that names no entity, as a share of the question's weight
	"weak_pred",    // the least match of the concepts that name no entity (1 when there are none)
}

// featureCov is the index of "cov", which MinCover bounds.
const featureCov = 0

// numFeatures is the length of a feature vector.
var numFeatures = len(featureNames)

// DecisionModel is a trained logistic regression over a sentence's decision
// features: p = σ(bias + Σ w·(x-mean)/scale). Its JSON is decision.json;
// qa/internal/train writes it.
type DecisionModel struct {
	Features  []string  `json:"features"`
	Mean      []float64 `json:"mean"`
	Scale     []float64 `json:"scale"`
	Weights   []float64 `json:"weights"`
	Bias      float64   `json:"bias"`
	Threshold float64   `json:"threshold"`
	// MinCover is the least share of the question's weight (the feature
	// cov) a candidate must cover to have any probability: the model is
	// linear, and a question in English about things the text lacks (How
	// do I renew my passport?) reaches sentences through a weak related
	// word alone, so far from the questions it was fitted on that its
	// other features (expanded, english) carry it past the threshold.
	// Chosen by measurement: on every set, 0.30 declines 5 more questions
	// the text cannot answer and loses 2 it answered (README).
	MinCover float64 `json:"min_cover"`
	// Trained says what the model was trained and validated on, and how
	// well it did; it is for people, the engine ignores it.
	Trained json.RawMessage `json:"trained,omitempty"`
}

//go:embed decision.json
var decisionJSON []byte

// decision is the model in use, read from decision.json; New panics if
// it does not match the code (a build that forgot `go generate ./qa`), so
// that no engine runs on a model of other features.
var decision, decisionErr = parseDecision(decisionJSON)

// parseDecision reads a model and checks it against the features the code
// computes.
func parseDecision(data []byte) (*DecisionModel, error) {
	var d DecisionModel
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, err
	}
	if len(d.Features) != numFeatures || len(d.Mean) != numFeatures || len(d.Scale) != numFeatures || len(d.Weights) != numFeatures {
		return nil, fmt.Errorf("model has %d features, the code computes %d: run go generate ./qa", len(d.Features), numFeatures)
	}
	for i, f := range d.Features {
		if f != featureNames[i] {
			return nil, fmt.Errorf("feature %d is %q, the code computes %q: run go generate ./qa", i, f, featureNames[i])
		}
		if d.Scale[i] <= 0 {
			return nil, fmt.Errorf("feature %s: scale %v", f, d.Scale[i])
		}
	}
	return &d, nil
}

// Probability is the model's estimate that a sentence with features x
// (in the order of FeatureNames) answers the question: 0 below MinCover.
func (d *DecisionModel) Probability(x []float64) float64 {
	if x[featureCov] < d.MinCover {
		return 0
	}
	z := d.Bias
	for i, v := range x {
		z += d.Weights[i] * (v - d.Mean[i]) / d.Scale[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// features describes candidate c (one sentence, or several together) of
// question q among the ranked candidates.
func (m *asker) features(q query, c scored, ranked []scored, r ranking, several bool) []float64 {
	weights := r.weights
	x := make([]float64, numFeatures)
	total, oov, maxMissing, oovPred, weakPred := 0.0, 0.0, 0.0, 0.0, 1.0
	oovEntity := false
	for i, con := range q.concepts {
		w := weights[i]
		total += w
		if c.per != nil {
			maxMissing = math.Max(maxMissing, w*(1-c.per[i]))
			if !con.entity {
				weakPred = math.Min(weakPred, c.per[i])
			}
		}
		if i < len(r.found) && !r.found[i] {
			oov += w
			if con.entity || con.name {
				oovEntity = true
			} else {
				oovPred = math.Max(oovPred, w)
			}
		}
	}
	x[0], x[1], x[2] = c.cov, c.entCov, c.predCov
	if top := idf(0, m.n); top > 0 {
		x[3] = math.Min(c.evidence/top, 4)
	}
	x[4] = b2f(c.typeOK)
	x[5] = b2f(!c.typeOK && strict(q))
	for _, con := range q.concepts {
		if con.entity {
			x[6] = 1
			break
		}
	}
	x[7] = 1
	for _, r := range ranked {
		if r.id != c.id && c.rank > 0 {
			x[7] = math.Max(0, (c.rank-r.rank)/c.rank)
			break
		}
	}
	if total > 0 {
		x[8], x[9] = maxMissing/total, oov/total
	}
	x[10] = b2f(oovEntity)
	x[11] = float64(len(q.concepts)) / 8
	if c.evidence > 0 {
		x[12] = math.Min(1, c.expanded/c.evidence)
	}
	x[13] = q.latin
	switch q.kind {
	case KindWho:
		x[14] = 1
	case KindWhere, KindOrg:
		x[15] = 1
	case KindWhen:
		x[16] = 1
	case KindNumber, KindMoney:
		x[17] = 1
	case KindWhy:
		x[18] = 1
	case KindYesNo:
		x[19] = 1
	default:
		x[20] = 1
	}
	x[21] = b2f(several)
	x[22] = b2f(c.context)
	if total > 0 {
		x[23] = oovPred / total
	}
	x[24] = weakPred
	return x
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
