package qa

//go:generate go run ./internal/train -out decision.json -rerank-out rerank.json

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The decide stage: whether the sentence the ranking leads with answers the
// question. It is an ensemble of gradient-boosted regression trees over
// features of the ranking (how much of the question the sentence covers, of
// the names and of the rest, whether it holds the kind of answer asked for,
// how far it leads the runner-up, how heavy the heaviest thing it misses
// is, ...), trained offline on labelled questions (internal/train, `go
// generate ./qa`) and stored as data in decision.json. The engine answers
// when the predicted probability reaches the threshold chosen on
// out-of-fold predictions (five folds) of the training questions. Trees
// read the features' interactions that a linear model cannot (a low
// coverage is fine for a name asked about alone, not for a long question),
// so the features need no standardising.

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

// DecisionModel is a trained ensemble of regression trees over a
// sentence's decision features: p = σ(base + Σ tree(x)). Its JSON is
// decision.json; qa/internal/train writes it.
type DecisionModel struct {
	Features []string `json:"features"`
	Trees
	// Threshold is the least probability at which the engine answers.
	Threshold float64 `json:"threshold"`
	// MinCover is the least share of the question's weight (the feature
	// cov) a candidate must cover to have any probability: a question in
	// English about things the text lacks (How do I renew my passport?)
	// reaches sentences through a weak related word alone, far from the
	// questions the model was fitted on. Chosen by measurement: on every
	// set, 0.30 declines 5 more questions the text cannot answer and loses
	// 2 it answered (README).
	MinCover float64 `json:"min_cover"`
	// Trained says what the model was trained and validated on, and how
	// well it did; it is for people, the engine ignores it.
	Trained json.RawMessage `json:"trained,omitempty"`
}

// Trees is an ensemble of gradient-boosted regression trees: the log-odds
// Base plus the leaf each tree sends x to (Sum). Its JSON fields sit in
// the model that holds it.
type Trees struct {
	// Depth is every tree's depth: each has 2^Depth-1 tests and 2^Depth
	// leaves.
	Depth int `json:"depth"`
	// Base is the log-odds every prediction starts from.
	Base float64 `json:"base"`
	// Text holds the trees, each written as a string (FormatTree) so that
	// a process reads a model in well under a millisecond.
	Text []string `json:"trees"`

	// The trees of Text, read by read, laid out for Sum: tree t's tests
	// are nodes[t·T:(t+1)·T] and its leaves leaves[t·(T+1):(t+1)·(T+1)],
	// T = 2^Depth-1.
	nodes  []node
	leaves []float64
	// fast holds the trees again, one array each, when they are of depth
	// fastDepth over at most fastFeatures features (both models are):
	// Sum walks them without bounds checks.
	fast []fastTree
}

// fastDepth and fastFeatures bound the trees Sum walks from fastTree
// arrays; fastSlots is the length of each array, one more than a tree's
// tests.
const (
	fastDepth    = 4
	fastSlots    = 1 << fastDepth
	fastFeatures = 64
)

// fastTree is a tree of depth fastDepth as sumFast walks it: tests as in
// nodes (test i sends x to 2i+1 or 2i+2; the last slot is unused), and
// its leaves.
type fastTree struct {
	split   [fastSlots]float64
	leaves  [fastSlots]float64
	feature [fastSlots]uint8
}

// next is the test that test i sends x to, or past the last tests its
// leaf plus fastSlots-1. i is masked to the arrays, a no-op for any i the
// walk reaches, so the compiler checks no bounds.
func (t *fastTree) next(x *[fastFeatures]float64, i int) int {
	i &= fastSlots - 1
	right := 0
	if x[t.feature[i]&(fastFeatures-1)] > t.split[i] {
		right = 1 // (no branch: a flag set, which the processor need not guess)
	}
	return 2*i + 1 + right
}

// leaf is the leaf that next's last step, i, sends x to.
func (t *fastTree) leaf(i int) float64 { return t.leaves[(i-(fastSlots-1))&(fastSlots-1)] }

// fastTrees lays out trees of depth fastDepth (tests and leaves as read
// reads them) as fastTree arrays.
func fastTrees(nodes []node, leaves []float64) []fastTree {
	const tests = fastSlots - 1
	out := make([]fastTree, len(nodes)/tests)
	for t := range out {
		for i, n := range nodes[t*tests : (t+1)*tests] {
			out[t].split[i], out[t].feature[i] = n.split, uint8(n.feature)
		}
		copy(out[t].leaves[:], leaves[t*fastSlots:(t+1)*fastSlots])
	}
	return out
}

// node is a test: x[feature] <= split goes left. A tree's test i sends x
// to test 2i+1 or 2i+2; past its last tests, to leaf 2i+1-T or 2i+2-T
// (T tests). No test (-1 in Text) is feature 0 and a split of +Inf:
// every x goes left.
type node struct {
	split   float64
	feature int
}

// read reads the trees of Text, over features numbered below n.
func (ts *Trees) read(n int) error {
	if ts.Depth < 1 || ts.Depth > maxDepth || len(ts.Text) == 0 {
		return fmt.Errorf("model of depth %d and %d trees", ts.Depth, len(ts.Text))
	}
	var nodes []node
	var leaves []float64
	for i, s := range ts.Text {
		var err error
		if nodes, leaves, err = parseTree(nodes, leaves, s, ts.Depth, n); err != nil {
			return fmt.Errorf("tree %d: %w", i, err)
		}
	}
	var fast []fastTree
	if ts.Depth == fastDepth && n <= fastFeatures {
		fast = fastTrees(nodes, leaves)
	}
	ts.nodes, ts.leaves, ts.fast = nodes, leaves, fast // only now: a model in use is never half rewritten
	return nil
}

// Sum is the log-odds of x: Base and the leaf of every tree, added in the
// trees' order. Four trees are walked side by side: their tests do not
// wait on each other, so the processor overlaps them. Trees of depth
// fastDepth are walked from their fastTree arrays (sumFast).
func (ts *Trees) Sum(x []float64) float64 {
	if ts.fast != nil && len(x) <= fastFeatures {
		return ts.sumFast(x)
	}
	z := ts.Base
	tests, depth := 1<<ts.Depth-1, ts.Depth
	leaves := ts.leaves
	t, l := 0, 0
	for ; t+4*tests <= len(ts.nodes); t, l = t+4*tests, l+4*(tests+1) {
		a, b := ts.nodes[t:t+tests], ts.nodes[t+tests:t+2*tests]
		c, d := ts.nodes[t+2*tests:t+3*tests], ts.nodes[t+3*tests:t+4*tests]
		ia, ib, ic, id := 0, 0, 0, 0
		for range depth {
			ia = 2*ia + 1 + right(x, a[ia])
			ib = 2*ib + 1 + right(x, b[ib])
			ic = 2*ic + 1 + right(x, c[ic])
			id = 2*id + 1 + right(x, d[id])
		}
		z += leaves[l+ia-tests]
		z += leaves[l+tests+1+ib-tests]
		z += leaves[l+2*(tests+1)+ic-tests]
		z += leaves[l+3*(tests+1)+id-tests]
	}
	for ; t+tests <= len(ts.nodes); t, l = t+tests, l+tests+1 {
		nodes := ts.nodes[t : t+tests]
		i := 0
		for range depth {
			i = 2*i + 1 + right(x, nodes[i])
		}
		z += leaves[l+i-tests]
	}
	return z
}

// sumFast is Sum over the fast trees, four side by side, with x copied
// into an array the walk indexes without bounds checks: the same leaves,
// added in the same order.
func (ts *Trees) sumFast(xs []float64) float64 {
	var x [fastFeatures]float64
	copy(x[:], xs)
	z := ts.Base
	trees := ts.fast
	for ; len(trees) >= 4; trees = trees[4:] {
		a, b, c, d := &trees[0], &trees[1], &trees[2], &trees[3]
		ia, ib, ic, id := 0, 0, 0, 0
		for range fastDepth {
			ia, ib, ic, id = a.next(&x, ia), b.next(&x, ib), c.next(&x, ic), d.next(&x, id)
		}
		z += a.leaf(ia)
		z += b.leaf(ib)
		z += c.leaf(ic)
		z += d.leaf(id)
	}
	for k := range trees {
		i := 0
		for range fastDepth {
			i = trees[k].next(&x, i)
		}
		z += trees[k].leaf(i)
	}
	return z
}

// right is 1 when test n sends x right, else 0.
func right(x []float64, n node) int {
	if x[n.feature] > n.split {
		return 1
	}
	return 0
}

// FormatTree writes a tree as Trees.Text holds it: its tests as
// FEATURE:SPLIT (-1 for no test), then "|", then its leaves, separated by
// spaces: "3:0.415 -1 0:0.8 | 0.01 -0.02 0.03 0.04" is a tree of depth 2.
func FormatTree(feature []int, split, leaf []float64) string {
	var b strings.Builder
	for i, f := range feature {
		if f < 0 {
			b.WriteString("-1 ")
		} else {
			b.WriteString(strconv.Itoa(f) + ":" + strconv.FormatFloat(split[i], 'g', -1, 64) + " ")
		}
	}
	b.WriteString("|")
	for _, v := range leaf {
		b.WriteString(" " + strconv.FormatFloat(v, 'g', -1, 64))
	}
	return b.String()
}

// parseTree reads a tree that FormatTree wrote, of the given depth, over
// features numbered below n, and appends its tests to nodes and its leaves
// to leaves.
func parseTree(nodes []node, leaves []float64, s string, depth, n int) ([]node, []float64, error) {
	tests, ls, ok := strings.Cut(s, "|")
	if !ok {
		return nodes, leaves, fmt.Errorf("no | between tests and leaves")
	}
	fs, vs := strings.Fields(tests), strings.Fields(ls)
	if len(fs) != 1<<depth-1 || len(vs) != 1<<depth {
		return nodes, leaves, fmt.Errorf("%d tests and %d leaves, want %d and %d", len(fs), len(vs), 1<<depth-1, 1<<depth)
	}
	for _, f := range fs {
		if f == "-1" {
			nodes = append(nodes, node{split: math.Inf(1)})
			continue
		}
		name, at, ok := strings.Cut(f, ":")
		k, err := strconv.Atoi(name)
		if !ok || err != nil || k < 0 || k >= n {
			return nodes, leaves, fmt.Errorf("test %q", f)
		}
		v, err := strconv.ParseFloat(at, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nodes, leaves, fmt.Errorf("test %q: no finite split", f)
		}
		nodes = append(nodes, node{split: v, feature: k})
	}
	for _, l := range vs {
		v, err := strconv.ParseFloat(l, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nodes, leaves, fmt.Errorf("leaf %q", l)
		}
		leaves = append(leaves, v)
	}
	return nodes, leaves, nil
}

//go:embed decision.json
var decisionJSON []byte

// loadDecision reads decision.json once, when the first engine is made (a
// process that answers nothing, such as visitbot version, never reads it);
// New panics if it does not match the code (a build that forgot `go
// generate ./qa`), so that no engine runs on a model of other features.
var loadDecision = sync.OnceValues(func() (*DecisionModel, error) { return parseDecision(decisionJSON) })

// decisionModel returns the model in use: New has read it.
func decisionModel() *DecisionModel {
	d, _ := loadDecision()
	return d
}

// parseDecision reads a model and checks it against the features the code
// computes.
func parseDecision(data []byte) (*DecisionModel, error) { return readModel[DecisionModel](data) }

// readModel reads a model's JSON and checks it against the code (its
// Check).
func readModel[M any, PM interface {
	*M
	Check() error
}](data []byte) (*M, error) {
	var m M
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	if err := PM(&m).Check(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Check verifies that the model is of the features the code computes, in
// their order, and reads its trees: until it has succeeded, Probability
// is σ(Base) (or 0 below MinCover).
func (d *DecisionModel) Check() error {
	if err := checkFeatures(d.Features, featureNames); err != nil {
		return err
	}
	return d.read(numFeatures)
}

// checkFeatures reports a model's features that are not the code's, in
// its order.
func checkFeatures(model, code []string) error {
	if len(model) != len(code) {
		return fmt.Errorf("model has %d features, the code computes %d: run go generate ./qa", len(model), len(code))
	}
	for i, f := range model {
		if f != code[i] {
			return fmt.Errorf("feature %d is %q, the code computes %q: run go generate ./qa", i, f, code[i])
		}
	}
	return nil
}

// maxDepth bounds a model's trees: deeper ones would be data no engine
// needs.
const maxDepth = 8

// Probability is the model's estimate that a sentence with features x
// (in the order of FeatureNames) answers the question: 0 below MinCover.
// The model must have passed Check.
func (d *DecisionModel) Probability(x []float64) float64 {
	if x[featureCov] < d.MinCover {
		return 0
	}
	return 1 / (1 + math.Exp(-d.Sum(x)))
}

// features describes candidate c (one sentence, or several together) of
// question q among the ranked candidates.
func (m *asker) features(q query, c scored, ranked []scored, r ranking, several bool) []float64 {
	return m.appendFeatures(m.floatSlice(numFeatures), q, c, ranked, r, several)
}

// appendFeatures appends features' vector to dst: the reranker builds a
// candidate's features in one slice.
func (m *asker) appendFeatures(dst []float64, q query, c scored, ranked []scored, r ranking, several bool) []float64 {
	weights := r.weights
	n := len(dst)
	dst = slices.Grow(dst, numFeatures)[:n+numFeatures]
	x := dst[n:]
	clear(x)
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
	return dst
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
