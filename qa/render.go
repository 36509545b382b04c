package qa

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
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
	l := layout{blocks: make([]Block, 0, a.blockCount())}
	l.answer(&a)
	return l.blocks
}

// blockCount is the number of blocks Blocks lays out (what its slice is
// made for: no block is appended twice).
func (a *Answer) blockCount() int {
	if len(a.Parts) > 0 {
		n := 0
		for i := range a.Parts {
			n += 2 + a.Parts[i].blockCount() // (a blank line, the question, its answer)
		}
		return n
	}
	if !a.Answered || len(a.Citations) == 0 {
		return 3 + 2*len(a.Related)
	}
	return 3 + 2*len(a.Citations)
}

// layout receives an answer's blocks, in order, as answer lays them out:
// Blocks makes them (blocks), render writes their text, one a line,
// straight into out, making none of their strings (the places, the
// quotations), or first only counts its bytes (n).
type layout struct {
	blocks   []Block
	text     bool // write or count the text; else make blocks
	counting bool // count the text's bytes, not write them
	out      strings.Builder
	n        int // the text's bytes written or counted
	lines    int // blocks laid out as text
}

// answer lays out a (Blocks' layout).
func (l *layout) answer(a *Answer) {
	if len(a.Parts) > 0 {
		for i := range a.Parts {
			if i > 0 {
				l.plain("", "", "")
			}
			l.asked(a.Parts[i].Question)
			l.answer(&a.Parts[i])
		}
		return
	}
	withDoc := a.Documents > 1
	if !a.Answered || len(a.Citations) == 0 {
		l.plain(a.Notice, "", "")
		if len(a.Related) > 0 {
			l.plain("", "", "")
			l.plain("文章里关于", a.About, "的内容:")
			l.numbered(a.Related, withDoc)
		}
		return
	}
	cs := a.Citations
	if len(cs) == 1 || !a.Multi {
		l.lead(&cs[0], withDoc)
		l.quote(cs[0].Text)
		if len(cs) > 1 {
			l.plain("", "", "")
			l.plain("相关的还有:", "", "")
			l.numbered(cs[1:], withDoc)
		}
		return
	}
	l.plain("文章有 ", strconv.Itoa(len(cs)), " 处说到:")
	l.numbered(cs, withDoc)
}

// numbered lays out citations numbered from 1, each its place, then its
// quotation.
func (l *layout) numbered(cs []Citation, withDoc bool) {
	for i := range cs {
		if !l.text {
			l.blocks = append(l.blocks, Strong(strconv.Itoa(i+1)+". "+cs[i].Place(withDoc)), Plain(Quote(cs[i].Text)))
			continue
		}
		l.line()
		var buf [20]byte
		l.writeBytes(strconv.AppendInt(buf[:0], int64(i+1), 10))
		l.write(". ")
		l.place(&cs[i], withDoc)
		l.quote(cs[i].Text)
	}
}

// plain lays out a plain block of a, b and c, joined.
func (l *layout) plain(a, b, c string) {
	if !l.text {
		l.blocks = append(l.blocks, Plain(a+b+c))
		return
	}
	l.line()
	l.write(a)
	l.write(b)
	l.write(c)
}

// asked lays out a question of a message of several, stressed.
func (l *layout) asked(question string) {
	if !l.text {
		l.blocks = append(l.blocks, Strong("问:"+question))
		return
	}
	l.line()
	l.write("问:")
	l.write(question)
}

// lead lays out the place of the citation an answer leads with.
func (l *layout) lead(c *Citation, withDoc bool) {
	if !l.text {
		l.blocks = append(l.blocks, Block{Before: "文章", Strong: c.Place(withDoc), After: "写道:", Keep: true})
		return
	}
	l.line()
	l.write("文章")
	l.place(c, withDoc)
	l.write("写道:")
}

// quote lays out a cited sentence as a plain block (Quote).
func (l *layout) quote(text string) {
	if !l.text {
		l.blocks = append(l.blocks, Plain(Quote(text)))
		return
	}
	l.line()
	l.write("“")
	l.write(strings.TrimSpace(text))
	l.write("”")
}

// place writes where c stands (Citation.Place) into the text.
func (l *layout) place(c *Citation, withDoc bool) {
	var buf [64]byte
	l.writeBytes(c.appendPlace(buf[:0], withDoc))
}

// line begins a block of the text: on a line of its own after the first.
func (l *layout) line() {
	if l.lines > 0 {
		l.write("\n")
	}
	l.lines++
}

// write adds s to the text, or counts it.
func (l *layout) write(s string) {
	if !l.counting {
		l.out.WriteString(s)
	}
	l.n += len(s)
}

// writeBytes is write of bytes, which it copies.
func (l *layout) writeBytes(b []byte) {
	if !l.counting {
		l.out.Write(b)
	}
	l.n += len(b)
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

// render sets the answer's Text from its layout (Blocks' blocks as plain
// text, one a line), written straight into one string of its length:
// the layout is counted first, then written.
func render(a *Answer) {
	l := layout{text: true, counting: true}
	l.answer(a)
	l.out.Grow(l.n) // one allocation, not one each time the text outgrows it
	l.counting, l.n, l.lines = false, 0, 0
	l.answer(a)
	a.Text = l.out.String()
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
// related citations. The line is what encoding/json writes of the Answer
// without HTML escaping (TestJSONLikeEncoding), written directly: ask
// writes one a question, and encoding/json's reflection costs a short run
// more than the rest of the rendering.
func (a Answer) JSON() ([]byte, error) {
	b := make([]byte, 0, 128+len(a.Question)+len(a.Text)+200*(len(a.Citations)+len(a.Related)))
	b = append(b, `{"question":`...)
	b = appendJSONString(b, a.Question)
	b = append(b, `,"answered":`...)
	b = strconv.AppendBool(b, a.Answered)
	b = append(b, `,"answer":`...)
	b = appendJSONString(b, a.Text)
	b = append(b, `,"citations":`...)
	b = appendCitations(b, a.Citations)
	if len(a.Related) > 0 {
		b = append(b, `,"related":`...)
		b = appendCitations(b, a.Related)
	}
	return append(b, "}\n"...), nil
}

// appendCitations appends a JSON array of citations ([] when there are
// none).
func appendCitations(b []byte, cs []Citation) []byte {
	b = append(b, '[')
	for i, c := range cs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"doc":`...)
		b = appendJSONString(b, c.Doc)
		b = append(b, `,"ref":`...)
		b = appendJSONString(b, c.Ref)
		b = append(b, `,"paragraph":`...)
		b = strconv.AppendInt(b, int64(c.Paragraph), 10)
		b = append(b, `,"sentence":`...)
		b = strconv.AppendInt(b, int64(c.Sentence), 10)
		b = append(b, `,"text":`...)
		b = appendJSONString(b, c.Text)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it without HTML escaping: quote, backslash and control
// characters; U+2028 and U+2029 (which end a line in JavaScript); each
// invalid byte as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0 // s[start:i] is still to append as it is
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, `\b`...)
			case '\f':
				b = append(b, `\f`...)
			case '\n':
				b = append(b, `\n`...)
			case '\r':
				b = append(b, `\r`...)
			case '\t':
				b = append(b, `\t`...)
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
