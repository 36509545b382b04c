package bot

import (
	"context"
	"slices"
	"strings"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/qa"
)

// Callback data of the buttons under an answer: a kind and the question's
// id (questionID), well within Telegram's 64 bytes.
const (
	cbUp   = "v+:" // 👍
	cbDown = "v-:" // 👎
	cbMore = "m:"  // 更多: the surrounding paragraph
)

// What pressing a button says (answerCallbackQuery, at most 200 characters).
const (
	msgThanks    = "谢谢反馈!"
	msgVoted     = "你已经评价过这条回答了。"
	msgTooOld    = "这条回答太久了,请重新提问。"
	msgNoMore    = "文章在这里没有更多内容了。"
	msgMoreFull  = "这条消息已到长度上限,请换个问法再问。"
	msgMoreFails = "暂时无法展开,请稍后再试。"
)

// answerButtons are the buttons under the last message of an answer: 👍
// and 👎, and 更多 when there is an answer to say more about.
func answerButtons(question string, answered, more bool) []button {
	id := questionID(question)
	bs := []button{{Text: "👍", Data: cbUp + id}, {Text: "👎", Data: cbDown + id}}
	if answered && more {
		bs = append(bs, button{Text: "更多", Data: cbMore + id})
	}
	return bs
}

// handleCallback answers a press of a button under one of the bot's
// answers: a vote is counted, 更多 edits the message to add the sentences
// around the answer. Every press is answered (answerCallbackQuery), so the
// user's client stops waiting.
func (b *Bot) handleCallback(ctx context.Context, c *callback) {
	notice := ""
	kind, qid, _ := strings.Cut(c.Data, ":")
	kind += ":"
	question := b.contexts.get(c.ChatID, c.MessageID)
	switch kind {
	case cbUp, cbDown:
		k := voteKey{user: c.From.ID, chat: c.ChatID, msg: c.MessageID}
		notice = msgThanks
		if !b.loop.vote(qid, lastLine(question), kind == cbUp, k) {
			notice = msgVoted
		}
	case cbMore:
		notice = b.more(ctx, c, question)
	default:
		b.log.Debug("unknown callback data", "data", c.Data)
	}
	if err := b.api.answerCallback(ctx, c.ID, notice); err != nil {
		b.log.Warn("answerCallbackQuery failed", "chat_id", c.ChatID, "err", err)
	}
}

// more edits the answer in message c.MessageID to add what the article
// says around it, within the message's 4096 units; it returns the notice
// for the user ("" when the message was edited).
func (b *Bot) more(ctx context.Context, c *callback, question string) string {
	if question == "" {
		return msgTooOld
	}
	var a qa.Answer
	if prev, q, ok := strings.Cut(question, "\n"); ok {
		a = b.engine.AskFollowUp(ctx, q, prev)
	} else {
		a = b.engine.Ask(ctx, question)
	}
	parts := formatAnswer(a)
	extra := moreBlocks(b.store.Current(), a)
	if len(parts) == 0 || len(extra) == 0 {
		return msgNoMore
	}
	last := parts[len(parts)-1]
	text, added := appendBlocks(last, extra, MaxMessageUnits)
	if added == 0 {
		return msgMoreFull
	}
	if err := b.api.editMessage(ctx, c.ChatID, c.MessageID, text, answerButtons(lastLine(question), true, false)); err != nil {
		b.log.Warn("editMessageText failed", "chat_id", c.ChatID, "message_id", c.MessageID, "err", err)
		return msgMoreFails
	}
	return ""
}

// moreBlocks lays out what the article says around an answer: the other
// sentences of the best citation's paragraph, or, when it has no others,
// the next paragraph. They are read through the base's Text (from the
// file, for a base opened lean); a base that cannot be read gives none.
func moreBlocks(kb *knowledge.Base, a qa.Answer) []block {
	if kb == nil || !a.Answered || len(a.Citations) == 0 {
		return nil
	}
	c := a.Citations[0]
	doc := slices.IndexFunc(kb.Docs, func(d knowledge.Document) bool { return d.Name == c.Doc })
	if doc < 0 {
		return nil
	}
	text, err := kb.Text()
	if err != nil {
		return nil
	}
	defer text.Close()
	cited := map[[2]int]bool{}
	for _, x := range a.Citations {
		if x.Doc == c.Doc {
			cited[[2]int{x.Paragraph, x.Sentence}] = true
		}
	}
	withDoc := a.Documents > 1
	for i, head := range []string{"同一段还写道:", "下一段写道:"} {
		p := c.Paragraph + i
		sentences, err := kb.Paragraph(text, doc, p)
		if err != nil {
			return nil
		}
		var bs []block
		for _, s := range sentences {
			if cited[[2]int{p, s.Number}] || strings.TrimSpace(s.Text) == "" {
				continue
			}
			place := qa.Citation{Doc: c.Doc, Paragraph: p, Sentence: s.Number}.Place(withDoc)
			bs = append(bs, bold(place), plain(qa.Quote(s.Text)))
		}
		if len(bs) > 0 {
			return append([]block{plain(""), plain(head)}, bs...)
		}
	}
	return nil
}

// appendBlocks adds to html (a message as formatAnswer made it) the
// citations of extra that fit within max UTF-16 units, whole: a place
// with its sentence. It returns the new message and how many citations
// it added.
func appendBlocks(html string, extra []block, max int) (string, int) {
	var sb strings.Builder
	sb.WriteString(html)
	units := utf16Len(html)
	added := 0
	// extra is two heading blocks, then (place, sentence) pairs.
	head := extra[:2]
	headUnits := 0
	for _, h := range head {
		headUnits += 1 + h.units()
	}
	for i := 2; i+1 < len(extra); i += 2 {
		pair := extra[i : i+2]
		need := 2 + pair[0].units() + pair[1].units()
		if added == 0 {
			need += headUnits
		}
		if units+need > max {
			break
		}
		if added == 0 {
			for _, h := range head {
				sb.WriteString("\n" + h.render())
			}
		}
		sb.WriteString("\n" + pair[0].render() + "\n" + pair[1].render())
		units += need
		added++
	}
	return sb.String(), added
}
