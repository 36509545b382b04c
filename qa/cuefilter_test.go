package qa

import (
	"testing"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

// TestCueListsIn holds the cue filter to what it stands for: a question
// holds a cue of a list (containsAny) only where its mask says it may.
func TestCueListsIn(t *testing.T) {
	lists := []*cueList{opinionList, pastList, pastPostList, addressList, titleList, headList,
		rankList, calledList, whichOneList, locatorList, exceptList, accompanyList}
	qs := append(questions(t, heldoutQuestions, heldOut(2), heldOut(3)), "王坚以前在哪家公司工作", "除了书记,还有哪位领导", "besides AI, what else")
	passed := 0
	for _, question := range qs {
		q := query{norm: analysis.Normalize(question)}
		q.cues = cueListsIn(q.norm)
		for _, l := range lists {
			if containsAny(q.norm, l.words) && !q.mayHold(l) {
				t.Errorf("%s: holds a cue of %v, but its mask says none", q.norm, l.words)
			}
			if !q.mayHold(l) {
				passed++
			}
		}
	}
	if passed == 0 {
		t.Error("the mask passes over no list of any question")
	}
	if q := (query{norm: "哪条路"}); !q.mayHold(addressList) {
		t.Error("a query without a mask may hold every list")
	}
}
