// Package qa answers questions about the knowledge base: a question is
// normalised, corrected, segmented and expanded into concepts; sentences are
// ranked by how much of the question they cover; the answer quotes the best
// of them with their place, or abstains when the article does not say.
//
// It imports no Telegram code: the command line and the tests use it alone.
package qa

import (
	"strconv"
)

// Citation points at one sentence of the knowledge base.
type Citation struct {
	Doc       string `json:"doc"`
	Ref       string `json:"ref"` // "p3.s1"
	Paragraph int    `json:"paragraph"`
	Sentence  int    `json:"sentence"`
	Text      string `json:"text"` // verbatim
}

// Answer is the reply to one question.
type Answer struct {
	Question string `json:"question"`
	// Answered is false when the article does not say (or the question was
	// not a question); Text then says so.
	Answered  bool       `json:"answered"`
	Text      string     `json:"answer"`
	Citations []Citation `json:"citations"` // best first
	// Kind is what the question asks for (who, when, ...).
	Kind Kind `json:"-"`
	// Reason says why the engine declined; "" when it answered.
	Reason Reason `json:"-"`
	// Related, when the engine declines a question about something the
	// text talks about, holds what the text says of it, best first: shown
	// as related, never as the answer.
	Related []Citation `json:"related,omitempty"`
	// Score is the decision's estimate that the lead sentence answers the
	// question (0 to 1), for diagnostics.
	Score float64 `json:"-"`
	// Multi is set when the question asked for several things.
	Multi bool `json:"-"`
	// Documents is how many documents the knowledge base holds: citations
	// name the document only when there are several.
	Documents int `json:"-"`
	// Best is the sentence the ranking put first, answered or not: what
	// the engine would quote if it had to answer (for evaluation); zero
	// when nothing was ranked.
	Best Citation `json:"-"`
	// Notice is the engine's own statement when it declines (文章没有提到…);
	// About names what Related is about. Text renders them with the rest.
	Notice string `json:"-"`
	About  string `json:"-"`
	// Parts are the answers to each question of a message that asks
	// several (each answered or not on its own); Citations then holds
	// theirs in order, and Text all of them.
	Parts []Answer `json:"-"`
	// Err is set when the knowledge base could not be read (Reason
	// ReasonDamaged): its file is damaged, and the answer quotes nothing.
	// A program should report it as an error.
	Err error `json:"-"`
}

// Place renders where a citation stands, in Chinese: "第3段第1句", with the
// document's name when the knowledge base has several.
func (c Citation) Place(withDoc bool) string {
	var buf [64]byte
	return string(c.appendPlace(buf[:0], withDoc))
}

// appendPlace appends Place(withDoc) to b.
func (c Citation) appendPlace(b []byte, withDoc bool) []byte {
	if withDoc {
		b = append(append(append(b, "《"...), c.Doc...), "》"...)
	}
	b = strconv.AppendInt(append(b, "第"...), int64(c.Paragraph), 10)
	b = strconv.AppendInt(append(b, "段第"...), int64(c.Sentence), 10)
	return append(b, "句"...)
}

// Reason is why the engine declined a question.
type Reason string

// The reasons for declining.
const (
	ReasonEmpty       Reason = "empty"             // nothing to read: emoji, punctuation, filler
	ReasonTooLong     Reason = "too long"          // longer than MaxQuestionRunes
	ReasonNotInText   Reason = "not in article"    // the text does not say
	ReasonUnknownName Reason = "unknown name"      // it names something the text does not have
	ReasonLanguage    Reason = "language"          // a question in a language the engine cannot read
	ReasonNoKnowledge Reason = "no knowledge base" // nothing to answer from
	ReasonCancelled   Reason = "cancelled"         // the caller gave up
	ReasonDamaged     Reason = "damaged"           // the knowledge base's file is damaged (Answer.Err)
)

// Messages the engine replies with when it does not answer from the article.
const (
	MsgEmpty       = "请发一个关于文章内容的问题,例如:“杜小刚带队去了哪些地方?”"
	MsgTooLong     = "这个问题太长了(最多 %d 个字),请精简后再问。"
	MsgNotInText   = "文章没有提到这一点,我不猜测。可以换个问法,或者问问文章里的人物、机构、数字和活动。"
	MsgNoDirect    = "文章没有直接回答这个问题,我不猜测。" // with related sentences, when no word of the question names what the text lacks
	MsgNoKnowledge = "知识库还是空的,请管理员先建立知识库。"
	MsgLanguage    = "我能读中文的问题,也能读简单的英文问题,但没读懂这一句。请用中文再问一次,例如:“杜小刚带队去了哪些地方?” (I read questions in Chinese, and simple ones in English; please ask again, in Chinese if you can.)"
	MsgCancelled   = "这个问题没来得及回答,请再问一次。"
	MsgDamaged     = "知识库文件已损坏,暂时无法回答,请管理员重建知识库。"
)
