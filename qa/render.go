package qa

import (
	"encoding/json"
	"html"
	"strconv"
	"strings"
)

// The one renderer: an Answer is laid out once as blocks (Blocks), which
// become terminal text (the Answer's Text), Telegram HTML (HTML; the bot
// packs the blocks into messages within Telegram's limit) or a JSON line
// (JSON, the ask --json contract).

// Block is one line of an answer's layout: text, with an optional part to
// stress (a place, a question) between Before and After.
type Block struct {
	Before, Strong, After string
	// Keep marks a block that must not be split across messages.
	Keep bool
}

// Plain returns a block of plain text.
func Plain(s string) Block { return Block{Before: s} }

// Strong returns a block stressed whole.
func Strong(s string) Block { return Block{Strong: s, Keep: true} }

// Text is the block as plain text.
func (b Block) Text() string { return b.Before + b.Strong + b.After }

// HTML is the block in Telegram's HTML: everything escaped, the stressed
// part in <b>.
func (b Block) HTML() string {
	if b.Strong == "" {
		return html.EscapeString(b.Before)
	}
	return html.EscapeString(b.Before) + "<b>" + html.EscapeString(b.Strong) + "</b>" + html.EscapeString(b.After)
}

// Blocks lays out an answer: the cited sentences verbatim, each with its
// place (and document, when the knowledge base has several); or, when the
// article does not say, the engine's statement of that, with what it does
// say about the question's subject as related; for a message of several
// questions, each question with its own answer.
func (a Answer) Blocks() []Block {
	if len(a.Parts) > 0 {
		var bs []Block
		for i, p := range a.Parts {
			if i > 0 {
				bs = append(bs, Plain(""))
			}
			bs = append(bs, Strong("问:"+p.Question))
			bs = append(bs, p.Blocks()...)
		}
		return bs
	}
	withDoc := a.Documents > 1
	if !a.Answered || len(a.Citations) == 0 {
		bs := []Block{Plain(a.Notice)}
		if len(a.Related) > 0 {
			bs = append(bs, Plain(""), Plain("文章里关于"+a.About+"的内容:"))
			bs = appendNumbered(bs, a.Related, withDoc)
		}
		return bs
	}
	cs := a.Citations
	if len(cs) == 1 || !a.Multi {
		bs := []Block{{Before: "文章", Strong: cs[0].Place(withDoc), After: "写道:", Keep: true}, Plain(Quote(cs[0].Text))}
		if len(cs) > 1 {
			bs = append(bs, Plain(""), Plain("相关的还有:"))
			bs = appendNumbered(bs, cs[1:], withDoc)
		}
		return bs
	}
	bs := []Block{Plain("文章有 " + strconv.Itoa(len(cs)) + " 处说到:")}
	return appendNumbered(bs, cs, withDoc)
}

func appendNumbered(bs []Block, cs []Citation, withDoc bool) []Block {
	for i, c := range cs {
		bs = append(bs, Strong(strconv.Itoa(i+1)+". "+c.Place(withDoc)), Plain(Quote(c.Text)))
	}
	return bs
}

// Quote puts a cited sentence in Chinese quotation marks, as every
// rendering quotes it.
func Quote(s string) string { return "“" + strings.TrimSpace(s) + "”" }

// decline sets the answer to a statement that it does not answer, and why.
func (a *Answer) decline(notice string, why Reason) {
	a.Notice, a.Reason = notice, why
	render(a)
}

// fail makes a an answer that could not be read from the knowledge base.
func (a *Answer) fail(err error) {
	a.Err = err
	a.decline(MsgDamaged, ReasonDamaged)
}

// render sets the answer's Text from its layout.
func render(a *Answer) {
	bs := a.Blocks()
	n := len(bs)
	for _, bl := range bs {
		n += len(bl.Before) + len(bl.Strong) + len(bl.After)
	}
	var b strings.Builder
	b.Grow(n) // one allocation, not one each time the text outgrows it
	for i, bl := range bs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(bl.Before)
		b.WriteString(bl.Strong)
		b.WriteString(bl.After)
	}
	a.Text = b.String()
}

// HTML renders the answer in Telegram's HTML, one block a line, without
// regard to message size (the bot splits by blocks).
func (a Answer) HTML() string {
	bs := a.Blocks()
	lines := make([]string, len(bs))
	for i, b := range bs {
		lines[i] = b.HTML()
	}
	return strings.Join(lines, "\n")
}

// JSON renders the answer as one line of ask --json: question, answered,
// the answer as people read it, citations (never null) and, when declined,
// related citations.
func (a Answer) JSON() ([]byte, error) {
	if a.Citations == nil {
		a.Citations = []Citation{}
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}
