package qa

import (
	"slices"

	"github.com/visitbot/visitbot/knowledge"
)

// pastCues set a question before now (以前, 之前); pastPostWords are of a
// person's work or post (工作, 任职); pastMarks are the words of a
// sentence that state a past (曾任, 此前, 毕业).
var (
	pastCues      = questionCues["past"]
	pastPostWords = questionCues["past post"]
	pastMarks     = questionCues["past marks"]
)

// asksPastPost reports a question of a person's work or post before now
// (王坚以前在哪家公司工作, 张宗益当校长之前在哪里任职): a person or a title
// among its concepts, a cue of the past and a word of work or a post.
func asksPastPost(q query) bool {
	if !containsAny(q.norm, pastCues) || !containsAny(q.norm, pastPostWords) {
		return false
	}
	return slices.ContainsFunc(q.concepts, func(c concept) bool { return c.person || knowledge.IsTitle(c.text) })
}

// pastTest returns the test of a sentence for the kind asked (test, or,
// when nil, the features need) that, for a question of a person's past
// post (asksPastPost), also needs a word that states a past: a sentence
// that gives the person's present post (之江实验室主任王坚) does not say
// where they worked before.
func (m *asker) pastTest(q query, test func(id uint32) bool, need knowledge.Features) func(id uint32) bool {
	if !asksPastPost(q) {
		return test
	}
	return func(id uint32) bool {
		if test != nil && !test(id) || test == nil && need != 0 && m.tables.Row(id).Features&need == 0 {
			return false
		}
		return containsAny(m.text.sentence(id).Norm, pastMarks)
	}
}
