package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/qa"
)

// MaxMessageUnits is Telegram's limit on a message's text, in UTF-16 code
// units. The bot keeps the HTML it sends (tags and escapes included) within
// it, which is stricter than Telegram's count of the text after parsing.
const MaxMessageUnits = 4096

// escapeHTML escapes text for Telegram's HTML parse mode: every <, > and &
// that is not markup. Article sentences and users' words both go through it.
func escapeHTML(s string) string {
	if !strings.ContainsAny(s, "<>&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapedUnits is the UTF-16 length of escapeHTML(s).
func escapedUnits(s string) int {
	n := 0
	for _, r := range s {
		n += runeUnits(r)
	}
	return n
}

func runeUnits(r rune) int {
	switch {
	case r == '<' || r == '>':
		return 4
	case r == '&':
		return 5
	case r >= 0x10000:
		return 2
	}
	return 1
}

// block is a line of a reply: plain text, escaped when rendered, inside
// balanced markup. A block marked keep stays in one message with the
// block after it (a citation's place with its sentence).
type block struct {
	open, close string // "<b>", "</b>"; or empty
	text        string
	keep        bool
}

func (b block) render() string { return b.open + escapeHTML(b.text) + b.close }
func (b block) units() int     { return utf16Len(b.open) + utf16Len(b.close) + escapedUnits(b.text) }

func plain(s string) block { return block{text: s} }
func bold(s string) block  { return block{open: "<b>", close: "</b>", text: s, keep: true} }

// pack joins blocks with newlines into messages of at most max UTF-16
// units, breaking between blocks, never after a block marked keep. A block
// too long for one message is split at sentence ends (or, for a sentence
// that long, between characters). Blank lines at the start or end of a
// message are dropped.
func pack(blocks []block, max int) []string {
	var msgs []string
	var cur strings.Builder
	curUnits := 0
	flush := func() {
		s := strings.Trim(cur.String(), "\n")
		if s != "" {
			msgs = append(msgs, s)
		}
		cur.Reset()
		curUnits = 0
	}
	put := func(s string, units int) {
		if curUnits > 0 {
			cur.WriteByte('\n')
			curUnits++
		}
		cur.WriteString(s)
		curUnits += units
	}
	for i := 0; i < len(blocks); {
		// A group: blocks marked keep and the block that ends them.
		j := i
		for j < len(blocks)-1 && blocks[j].keep {
			j++
		}
		group := blocks[i : j+1]
		i = j + 1
		units := len(group) - 1
		for _, b := range group {
			units += b.units()
		}
		if curUnits > 0 && curUnits+1+units > max {
			flush()
		}
		if curUnits+units+1 <= max || curUnits == 0 && units <= max {
			for _, b := range group {
				put(b.render(), b.units())
			}
			continue
		}
		// Too long for a message of its own: the heads go first, and the
		// last block is split to fill this message and the next ones.
		for _, b := range group[:len(group)-1] {
			put(b.render(), b.units())
		}
		last := group[len(group)-1]
		markup := utf16Len(last.open) + utf16Len(last.close)
		rest := last.text
		for rest != "" {
			budget := max - markup
			if curUnits > 0 {
				budget -= curUnits + 1
			}
			chunk := firstChunk(rest, budget)
			if chunk == "" && curUnits > 0 {
				flush()
				continue
			}
			if chunk == "" { // cannot be with Telegram's limit; never loop
				_, n := utf8.DecodeRuneInString(rest)
				chunk = rest[:n]
			}
			rest = rest[len(chunk):]
			c := block{open: last.open, close: last.close, text: chunk}
			put(c.render(), c.units())
			if rest != "" {
				flush()
			}
		}
	}
	flush()
	return msgs
}

// sentenceEnd reports a rune after which a message may be cut: the end of
// a sentence as the knowledge base splits them, an ellipsis, a line end.
func sentenceEnd(r rune) bool {
	return knowledge.IsTerminator(r) || r == '…' || r == '\n'
}

// closer reports a closing quote or bracket, which stays with its sentence.
func closer(r rune) bool { return knowledge.IsCloser(r) }

// sentences cuts s after each sentence end (and the closing quotes that
// follow it); the pieces concatenate back to s.
func sentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if !sentenceEnd(r) {
			continue
		}
		for i < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[i:])
			if !closer(r2) && !sentenceEnd(r2) {
				break
			}
			i += n2
		}
		out = append(out, s[start:i])
		start = i
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// firstChunk returns the longest head of s whose escaped UTF-16 length is
// at most budget: whole sentences where at least one fits, else whole
// characters ("" when not even one character fits).
func firstChunk(s string, budget int) string {
	n, used := 0, 0
	for _, sent := range sentences(s) {
		u := escapedUnits(sent)
		if used+u > budget {
			break
		}
		n += len(sent)
		used += u
	}
	if n > 0 {
		return s[:n]
	}
	for i, r := range s {
		if used+runeUnits(r) > budget {
			return s[:i]
		}
		used += runeUnits(r)
	}
	return s
}

// answerBlocks lays out an answer as qa lays it out (qa.Answer.Blocks, the
// one layout of text, HTML and JSON), as blocks the packer can split
// between messages.
func answerBlocks(a qa.Answer) []block {
	qbs := a.Blocks()
	bs := make([]block, len(qbs))
	for i, b := range qbs {
		switch {
		case b.Strong == "":
			bs[i] = plain(b.Before)
		case b.Before == "" && b.After == "":
			bs[i] = bold(b.Strong)
		default:
			bs[i] = block{open: escapeHTML(b.Before) + "<b>", close: "</b>" + escapeHTML(b.After), text: b.Strong, keep: b.Keep}
		}
	}
	return bs
}

// formatAnswer renders an answer as HTML messages within Telegram's limit.
func formatAnswer(a qa.Answer) []string { return pack(answerBlocks(a), MaxMessageUnits) }

// formatText renders plain text (already worded for the user) as HTML
// messages within the limit.
func formatText(s string) []string {
	var bs []block
	for _, line := range strings.Split(s, "\n") {
		bs = append(bs, plain(line))
	}
	return pack(bs, MaxMessageUnits)
}

// truncateUnits cuts s to at most max UTF-16 units once escaped, marking a
// cut with "…".
func truncateUnits(s string, max int) string {
	if escapedUnits(s) <= max {
		return s
	}
	n := 0
	for i, r := range s {
		if n+runeUnits(r) > max-1 {
			return s[:i] + "…"
		}
		n += runeUnits(r)
	}
	return s
}

// inlineMessage is what choosing an inline result sends: the question and
// one cited sentence, in one message.
func inlineMessage(question string, c qa.Citation, withDoc bool) string {
	head := "问:" + escapeHTML(truncateUnits(question, 512)) + "\n文章<b>" + escapeHTML(c.Place(withDoc)) + "</b>写道:\n"
	return head + escapeHTML(qa.Quote(truncateUnits(strings.TrimSpace(c.Text), MaxMessageUnits-utf16Len(head)-8)))
}
