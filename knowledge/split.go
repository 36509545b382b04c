package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsTerminator reports the runes that end a sentence: 。！？!?；;.
func IsTerminator(r rune) bool { return isTerminator(r) }

// IsCloser reports the closing quotes and brackets that stay with the
// sentence they end (”’」』）)】》〉]} and an ASCII quote that closes).
func IsCloser(r rune) bool { return isCloser(r) }

// isTerminator reports the runes that end a sentence.
func isTerminator(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '；', ';':
		return true
	}
	return false
}

// isCloser reports closing quotes and brackets, which stay with the
// sentence they close.
func isCloser(r rune) bool {
	switch r {
	case '”', '’', '"', '\'', '」', '』', '）', ')', '】', '》', '〉', ']', '}':
		return true
	}
	return false
}

// ScanSentences is a bufio.SplitFunc that splits one paragraph into
// sentences. A sentence ends at 。！？!?；; (a run of them counts as one end)
// and at the end of the input; closing quotes and brackets after the end
// stay with the sentence. Leading and trailing white space is not part of
// a token; a token is never empty.
func ScanSentences(data []byte, atEOF bool) (advance int, token []byte, err error) {
	// Skip leading white space.
	start := 0
	for start < len(data) {
		r, n := utf8.DecodeRune(data[start:])
		if !unicode.IsSpace(r) {
			break
		}
		start += n
	}
	for i := start; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 && !atEOF && !utf8.FullRune(data[i:]) {
			return start, nil, nil // need more data to decode
		}
		i += n
		if !isTerminator(r) {
			continue
		}
		// Take the rest of a run of terminators and closers. An ASCII
		// quote closes only if the sentence left one open: after 。 in
		// 开始。"新质生产力" it opens the next sentence.
		open := openASCIIQuotes(data[start:i])
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 && !atEOF && !utf8.FullRune(data[i:]) {
				return start, nil, nil // a closer may be cut in the middle
			}
			if !isTerminator(r) && !isCloser(r) {
				break
			}
			if r == '"' || r == '\'' {
				if open&quoteBit(r) == 0 {
					break
				}
				open &^= quoteBit(r)
			}
			i += n
		}
		if i == len(data) && !atEOF {
			return start, nil, nil // a closer may follow
		}
		return i, trimSpace(data[start:i]), nil
	}
	if atEOF && start < len(data) {
		return len(data), trimSpace(data[start:]), nil
	}
	if atEOF {
		return len(data), nil, nil
	}
	return start, nil, nil
}

// quoteBit is the bit of an ASCII quote in openASCIIQuotes' result.
func quoteBit(r rune) int {
	if r == '"' {
		return 1
	}
	return 2
}

// openASCIIQuotes reports which ASCII quotes (" and ') occur an odd number
// of times in b, as quoteBit bits: those a closer would close.
func openASCIIQuotes(b []byte) int {
	open := 0
	for _, c := range b {
		switch c {
		case '"':
			open ^= 1
		case '\'':
			open ^= 2
		}
	}
	return open
}

func trimSpace(b []byte) []byte {
	s := strings.TrimRightFunc(string(b), unicode.IsSpace)
	return b[:len(s)]
}

// SplitSentences splits a paragraph with ScanSentences.
func SplitSentences(paragraph string) []string {
	var out []string
	data := []byte(paragraph)
	for len(data) > 0 {
		adv, tok, _ := ScanSentences(data, true)
		if adv == 0 {
			break
		}
		data = data[adv:]
		if len(tok) > 0 {
			out = append(out, string(tok))
		}
	}
	return out
}
