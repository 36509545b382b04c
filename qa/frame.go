package qa

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
)

// A question may be framed so that only a sentence of a certain shape
// answers it, whatever else the sentence matches: one of a person's post
// before now needs a sentence that states a past, one of an address a
// sentence that gives one, one of a person's view a sentence where that
// person states one. parse notes them (query.pastPost, .address,
// .opinionOf), and strict holds such questions to it, as it holds a who
// to a name.

// opinionCues ask a person's view (作何评价, 怎么看), unless receivedCues say
// it is received (获得); opinionMarks state one (表示, 认为). pastCues set
// a question before now (以前, 之前); pastPostWords are of a
// person's work or post (工作, 任职); pastMarks are the words of a
// sentence that state a past (曾任, 此前, 毕业). addressCues ask an
// address (哪条路, 门牌); streetWords end the name of a street (路, 街).
var (
	opinionCues   = questionCues["opinion"]
	opinionMarks  = questionCues["opinion marks"]
	receivedCues  = questionCues["opinion received"]
	pastCues      = questionCues["past"]
	pastPostWords = questionCues["past post"]
	pastMarks     = questionCues["past marks"]
	addressCues   = questionCues["address"]
	streetWords   = questionCues["street"]
)

// The cueLists of the cues above that are looked for in a whole question.
var (
	opinionList  = newCueList(opinionCues)
	pastList     = newCueList(pastCues)
	pastPostList = newCueList(pastPostWords)
	addressList  = newCueList(addressCues)
)

// asksPastPost reports a question of a person's work or post before now
// (王坚以前在哪家公司工作, 张宗益当校长之前在哪里任职): a person or a title
// among its concepts, a cue of the past and a word of work or a post.
func asksPastPost(q query) bool {
	if !q.holds(pastList) || !q.holds(pastPostList) {
		return false
	}
	return slices.ContainsFunc(q.concepts, func(c concept) bool { return c.person || knowledge.IsTitle(c.text) })
}

// opinionOf returns the words for the person whose view the question
// asks (杜小刚 of 杜小刚对宇树科技的机器狗作何评价), or nil: the last person
// among its concepts before a cue of a view, but not one right after 对
// (大家对杜小刚有什么评价: the one judged), and none when the view is
// received (杜小刚获得了什么评价).
func opinionOf(q query) []string {
	if !q.mayHold(opinionList) {
		return nil // (most questions)
	}
	at, _ := firstCue(q.norm, opinionCues)
	if at < 0 || containsAny(q.norm[:at], receivedCues) {
		return nil
	}
	var alts []string
	for _, c := range q.concepts {
		if c.person && c.end <= at && !strings.HasSuffix(strings.TrimSpace(q.norm[:c.start]), "对") {
			alts = c.alts
		}
	}
	return alts
}

// statesView reports a sentence norm that states the view of the person
// a question asks (opinion: the words for them): a word that states a
// view, and the person named. 大家均表示 after a sentence that names the
// person says what all said, not what the person thought of the thing
// asked (王坚对无锡的营商环境作何评价).
func statesView(norm string, opinion []string) bool {
	return containsAny(norm, opinionMarks) && containsAny(norm, opinion)
}

// asksAddress reports a question of an address (在高新区哪条路上, 地址在哪).
func asksAddress(q query) bool { return q.holds(addressList) }

// hasAddress reports a sentence that gives an address: a street word right
// before a number (长江路18号, 菱湖大道111号), or the word 地址.
func hasAddress(norm string) bool {
	if strings.Contains(norm, "地址") {
		return true
	}
	for _, w := range streetWords {
		for rest := norm; ; {
			i := indexText(rest, w)
			if i < 0 {
				break
			}
			rest = rest[i+len(w):]
			if r, _ := utf8.DecodeRuneInString(rest); r >= '0' && r <= '9' {
				return true
			}
		}
	}
	return false
}

// frameTest returns the test of a sentence for the kind asked (test, or,
// when nil, the features need) that, for a question framed as above, also
// needs the sentence's shape: a word that states a past for a question of
// a person's past post (a sentence that gives the person's present post,
// 之江实验室主任王坚, does not say where they worked before), an address
// for a question of one, the person's stated view for a question of it
// (statesView).
func (m *asker) frameTest(q query, test func(id uint32) bool, need knowledge.Features) func(id uint32) bool {
	past, address, opinion := q.pastPost, q.address, q.opinionOf
	if !past && !address && opinion == nil {
		return test
	}
	return func(id uint32) bool {
		if !m.holdsKind(test, need, id) {
			return false
		}
		norm := m.text.sentence(id).Norm
		return (!past || containsAny(norm, pastMarks)) && (!address || hasAddress(norm)) &&
			(opinion == nil || statesView(norm, opinion))
	}
}
