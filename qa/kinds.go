package qa

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/lang"
)

// Kind is what a question asks for.
type Kind uint8

const (
	KindWhat   Kind = iota // anything else
	KindWho                // 谁, 哪位, 叫什么名字
	KindWhere              // 哪里, 在哪, 什么地方, 哪些城市
	KindWhen               // 什么时候, 何时, 哪年
	KindNumber             // 多少, 几个, 多大
	KindMoney              // 多少钱, 价格
	KindWhy                // 为什么, 怎么, 如何
	KindYesNo              // 吗, 是不是, 有没有
	KindTitle              // 标题, 小标题: the heading of a section
	KindOrg                // 哪家, 哪个单位: an organisation
)

var kindNames = [...]string{"what", "who", "where", "when", "number", "money", "why/how", "yes/no", "title", "which org"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// TimeKind is what kind of time a when-question asks for.
type TimeKind uint8

const (
	TimeAny   TimeKind = iota // any time
	TimeYear                  // 哪一年: a year
	TimeDate                  // 几月几号: a day or month
	TimeSince                 // 从什么时候: since when
	TimePoint                 // 什么时候: a point in time, not a span (10年)
)

// kindTable lists the kinds a question's cues can give, in the order they
// are tried (the first kind with a cue in the question wins), with the
// section of lang's question-cues.txt that holds their cues. "topic" (哪些
// 方面) comes early so that its 哪 is not read as a place's.
var kindTable = []struct {
	kind    Kind
	section string
}{
	{KindTitle, "kind title"},
	{KindWhat, "kind topic"},
	{KindMoney, "kind money"},
	{KindWhen, "kind when"},
	{KindWho, "kind who"},
	{KindWhere, "kind where"},
	{KindOrg, "kind which org"},
	{KindNumber, "kind number"},
	{KindWhat, "kind what kind"}, // 怎样的: over 怎样 of why/how only
	{KindWhy, "kind why/how"},
	{KindYesNo, "kind yes/no"},
}

// Cues besides the kinds', as bits of cueSet.scan's result above the
// kinds' (every kind's bit is below cueMulti).
const (
	cueMulti   = 1 << 32
	cuePartner = 1 << 33 // 和谁: the answer may be an organisation
	cueYear    = 1 << 34 // 哪一年: the answer is a year
	cueName    = 1 << 35 // 叫什么, 名字, 身份: a person's name or role, if about a person
	cueDate    = 1 << 36 // 几月几号: the answer is a date
	cueSince   = 1 << 37 // 从什么时候: "since" answers it
	cuePoint   = 1 << 38 // 什么时候: a point in time, not a span, answers it
)

// questionCues is lang's question-cues.txt, read once.
var (
	questionCues   = mustCues("question-cues.txt")
	questionCuesEn = mustCues("question-cues-en.txt")
)

// mustCues returns the sections of a data file of lang (read once for
// this package and lang's own sets).
func mustCues(name string) map[string][]string {
	s, err := lang.File(name)
	if err != nil {
		panic("qa: " + err.Error())
	}
	return s
}

// cueSet finds many cue strings in one pass: cues are grouped by their
// first rune, and a rune that begins none is passed over on its bit.
type cueSet struct {
	first  runeBits
	byRune map[rune][]cueEntry
}

type cueEntry struct {
	text string
	bits uint64
}

func (cs *cueSet) add(bits uint64, texts ...string) {
	for _, t := range texts {
		r, _ := utf8.DecodeRuneInString(t)
		cs.byRune[r] = append(cs.byRune[r], cueEntry{t, bits})
		cs.first.add(r)
	}
}

// scan returns the bits of every cue that occurs in s; of the cues that
// begin at one place, the longest of the kinds' (谁家 asks which
// organisation, not 谁 who) and the longest of the other cues' (什么时候开始
// asks since when, not a point in time). The two compete apart: a longer
// cue of one (几月几日, a date) does not hide a kind's (几月, when).
func (cs *cueSet) scan(s string) uint64 {
	var found uint64
	for i, r := range s {
		if !cs.first.mayHave(r) {
			continue
		}
		var kinds, others uint64
		longestKind, longestOther := 0, 0
		for _, c := range cs.byRune[r] {
			bits, longest := &others, &longestOther
			if c.bits < cueMulti {
				bits, longest = &kinds, &longestKind
			}
			switch n := len(c.text); {
			case n < *longest || !strings.HasPrefix(s[i:], c.text):
			case n > *longest:
				*bits, *longest = c.bits, n
			default:
				*bits |= c.bits
			}
		}
		found |= kinds | others
	}
	return found
}

var cues = func() *cueSet {
	cs := &cueSet{byRune: map[rune][]cueEntry{}}
	for k, kc := range kindTable {
		cs.add(1<<k, questionCues[kc.section]...)
	}
	cs.add(cueMulti, questionCues["several"]...)
	cs.add(cuePartner, questionCues["partner"]...)
	cs.add(cueYear, questionCues["year"]...)
	cs.add(cueName, questionCues["name"]...)
	cs.add(cueDate, questionCues["date"]...)
	cs.add(cueSince, questionCues["since"]...)
	cs.add(cuePoint, questionCues["point"]...)
	return cs
}()

// The other sections of question-cues.txt.
var (
	// categoryCues precede a noun that names the kind of the answer
	// rather than its content (哪些城市: the answer names cities).
	categoryCues = questionCues["category"]
	// placeNouns are words for a place that, asked of a name with a
	// copula, ask what the named thing is (是个啥地方).
	placeNouns = questionCues["what place"]
	// afterMeasure may stand between the measure word of 哪几块 and the
	// rest of the question (哪几块搞合作, 哪几块儿合作).
	afterMeasureWords = questionCues["after measure"]
	afterMeasure      = lang.NewSet(afterMeasureWords...)
	// locatorWords point at a part of the text by what precedes them.
	locatorWords = questionCues["locator"]
	// headingWords name a section or its heading; in a title question
	// they point at the heading and are not matched as content.
	headingWords = lang.SectionSet("question-cues.txt", "heading")
	// measureWords are units a number question can ask for, longest
	// first.
	measureWords = longestFirst(questionCues["measure"])
	// plainWhereCues ask where with no noun after them (哪里, 什么地方).
	plainWhereCues = questionCues["where plain"]
	// ordinals of headings: 第一个小标题; the first in the question counts.
	ordinals = parsePairs(questionCues["ordinal"], func(f []string) ordinalWord {
		n, err := strconv.Atoi(f[1])
		if err != nil {
			panic("qa: question-cues.txt: ordinal " + strings.Join(f, " "))
		}
		return ordinalWord{f[0], n}
	})
	// exceptCues set aside what follows them (除了X), up to one of
	// exceptEnds.
	exceptCues = slices.Concat(questionCues["except"], questionCuesEn["except"])
	exceptEnds = slices.Concat(questionCues["except end"], questionCuesEn["except end"])
	// closedExceptCues set aside what follows them only up to one of
	// closedExceptEnds at the end of its clause (除X之外).
	closedExceptCues, closedExceptEnds = questionCues["except closed"], questionCues["except closing"]
	// howManyCues ask how many, of the measure word after them; after
	// one of notHowMany a one-character cue asks which (哪几个).
	howManyCues  = questionCues["how many"]
	howManyFirst = firstRunes(howManyCues)
	// moneyNouns are nouns for a sum of money (投资, 营收): how much of one
	// is asked is money.
	moneyNouns = lang.SectionSet("question-cues.txt", "money noun")
	// beforeAmount may stand between a noun and 多少 (是, 大概).
	beforeAmount = questionCues["before amount"]
	notHowMany   = lang.SectionSet("question-cues.txt", "not how many")
	// ratioCues ask for a percentage; sizeCues for a size.
	ratioCues = questionCues["ratio"]
	sizeCues  = questionCues["size"]
	// unitFirst holds the first runes of ratioCues and sizeCues.
	unitFirst = firstRunes(ratioCues, sizeCues)
	// placeCues introduce a place (在, 到, 赴): an unknown word after one
	// names a place the text does not have.
	placeCues = lang.SectionSet("question-cues.txt", "before place")
	// deicticTimes are times counted from the reader's today (明天).
	deicticTimes = lang.DeicticTimes
	// appositionCues stand between a noun and the word for its kind.
	appositionCues = questionCues["apposition"]
	// degreeAdverbs before a one-character adjective ask how much (多牛).
	degreeAdverbs = lang.SectionSet("question-cues.txt", "degree adverb")
	// topicFrames open and close the topic of a question (在X方面).
	topicFrames = parsePairs(questionCues["topic frame"], func(f []string) topicFrame { return topicFrame{f[0], f[1]} })
	// requestCues ask for the asker's own doing, which no report says.
	requestCues  = questionCues["personal request"]
	requestFirst = firstRunes(requestCues)
	// distributiveWords ask an amount for each, or one's share; totalWords
	// ask for the total all the same.
	distributiveWords = lang.SectionSet("question-cues.txt", "distributive")
	totalWords        = questionCues["total"]
	// vagueAmounts before a question word are fillers (学到点啥).
	vagueAmounts = parseKinds(questionCues["vague amount"])
	// visitCues are verbs of visiting someone (拜访).
	visitCues = lang.SectionSet("question-cues.txt", "visit")
	// companionCues introduce a person (跟, 和): personLike.
	companionCues = lang.SectionSet("question-cues.txt", "before person")
	// reasonCues ask what makes something so (牛在哪): why or how.
	reasonCues = newCueIndex(questionCues["reason"])
	// whichOneCues ask for someone by name (哪位); rankCues which in
	// order (第几), answered by firstWords before the unit (首批).
	whichOneCues = questionCues["which one"]
	rankCues     = questionCues["rank"]
	firstWords   = questionCues["first"]
	// calledCues ask what the word before them is called (叫什么, 名字).
	calledCues = questionCues["called"]
	// personWords ask about a person (besides titles and names).
	personWords = lang.SectionSet("question-cues.txt", "person")
	// goWords are 去: a going, or the introduction of a verb.
	goWords = lang.SectionSet("question-cues.txt", "go")
	// accompanyCues and accompanyEnds open and close the clause of the
	// one others went along with (跟着杜书记一块去).
	accompanyCues     = questionCues["accompany"]
	accompanyTogether = questionCues["accompany together"]
	accompanyEnds     = append(slices.Clone(accompanyTogether), questionCues["accompany end"]...)
	// cityWords are the words for a city as a kind of place asked for.
	cityWords = lang.SectionSet("question-cues.txt", "city")
	// goThen are the prepositions after which 去 only introduces a verb.
	goThen = lang.SectionSet("question-cues.txt", "go then")
	// spokenQuestions are the [spoken question] lines: a word, then the
	// question word it stands for.
	spokenQuestions = parsePairs(questionCues["spoken question"], func(f []string) [2]string { return [2]string{f[0], f[1]} })
	// askerPeople are the people of the asker's own life (儿子, 老师).
	askerPeople = lang.AskerPeople.Words()
	// askerFrames pass on a question after a person of the asker's life
	// who opens it (孩子问:…), longest first.
	askerFrames = longestFirst(questionCues["asker frame"])
	// spokenNotAsked follow a word of spokenQuestions that does not ask
	// (好多了, 好久不见).
	spokenNotAsked = questionCues["spoken not asked"]
	// memorialWords are lang.Memorials (故居, 纪念馆).
	memorialWords = lang.Memorials.Words()
	// copulas say what a thing is (是, 属于).
	copulas = lang.SectionSet("question-cues.txt", "copula")
	// modifierParticles end a modifier (的).
	modifierParticles = lang.SectionSet("question-cues.txt", "modifier particle")
	// countClassifiers answer a count asked with any of them.
	countClassifiers = questionCues["count classifiers"]
	// placeClassifiers are the measure words that count places (个, 座).
	placeClassifiers = lang.SectionSet("question-cues.txt", "place classifiers")
	// adjectiveClassifiers say how big what follows is (几大块).
	adjectiveClassifiers = lang.SectionSet("question-cues.txt", "adjective classifier")
	// degreeUnits ask a size or a degree: their questions do not need an
	// amount (strict).
	degreeUnits = lang.SectionSet("question-cues.txt", "degree")
	// unitAnswers lists, for a unit asked for, the units after a number
	// that answer it.
	unitAnswers = func() map[string][]string {
		m := map[string][]string{}
		for _, line := range questionCues["unit answers"] {
			f := strings.Fields(line)
			m[f[0]] = f[1:]
		}
		return m
	}()
)

type ordinalWord struct {
	word string
	n    int
}

// topicFrame is a [topic frame] line: the word that opens the frame in the
// clause and the word right after the topic that closes it.
type topicFrame struct{ open, close string }

func parsePairs[T any](lines []string, parse func([]string) T) []T {
	out := make([]T, 0, len(lines))
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) != 2 {
			panic("qa: question-cues.txt: want two fields: " + line)
		}
		out = append(out, parse(f))
	}
	return out
}

func longestFirst(ws []string) []string {
	out := slices.Clone(ws)
	slices.SortStableFunc(out, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return out
}
