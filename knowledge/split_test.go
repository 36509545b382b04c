package knowledge

import (
	"bufio"
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unicode"
	"unicode/utf8"
)

// splitCases are paragraphs and the sentences they split into. They are run
// through SplitSentences and through a bufio.Scanner fed in pieces.
var splitCases = []struct {
	name string
	in   string
	want []string
}{
	{"empty", "", nil},
	{"only spaces", " \t\u3000 ", nil},
	{"no terminator", "无锡市委书记杜小刚", []string{"无锡市委书记杜小刚"}},
	{"no terminator padded", "  \u3000无锡 市委 \t", []string{"无锡 市委"}},
	{"one sentence", "感受非凡成就,汲取奋进动力。", []string{"感受非凡成就,汲取奋进动力。"}},
	{"two sentences", "甲乙。丙丁。", []string{"甲乙。", "丙丁。"}},
	{"ASCII quote that opens the next sentence", `会议开始。"新质生产力"是关键词。`, []string{"会议开始。", `"新质生产力"是关键词。`}},
	{"ASCII quote that closes", `他说:"好!"然后走了。`, []string{`他说:"好!"`, "然后走了。"}},
	{"every terminator", "一。二！三？四!五?六；七;八", []string{"一。", "二！", "三？", "四!", "五?", "六；", "七;", "八"}},
	{"run of terminators", "真的吗？！是的。。。好!!!", []string{"真的吗？！", "是的。。。", "好!!!"}},
	{"mixed run", "什么?!。；下一句", []string{"什么?!。；", "下一句"}},
	{"closing double quote", "他说：“好。”然后走了。", []string{"他说：“好。”", "然后走了。"}},
	{"closing bracket", "（见附件。）正文。", []string{"（见附件。）", "正文。"}},
	{"corner brackets", "「好。」『行！』", []string{"「好。」", "『行！』"}},
	{"title mark", "他读了《论语。》再读。", []string{"他读了《论语。》", "再读。"}},
	{"closers after run", "“真的？！”）下一句", []string{"“真的？！”）", "下一句"}},
	{"ascii closers", `He said "yes!" (really?) Then left.`, []string{`He said "yes!"`, "(really?)", "Then left."}},
	{"ascii period is not a terminator", "Mr. Du. 3.5", []string{"Mr. Du. 3.5"}},
	{"closer then terminator", "“好。”。后", []string{"“好。”。", "后"}},
	{"opening quote not a closer", "好。“下一句”", []string{"好。", "“下一句”"}},
	{"space inside kept", "甲 乙。 丙  丁。", []string{"甲 乙。", "丙  丁。"}},
	{"space before closer ends", "好。 ”", []string{"好。", "”"}},
	{"leading and trailing space", "\t 甲。 \u3000乙。\u3000 ", []string{"甲。", "乙。"}},
	{"newline inside", "甲。\n乙", []string{"甲。", "乙"}},
	{"terminator only", "。", []string{"。"}},
	{"decimal is not a terminator", "增长3.5%。", []string{"增长3.5%。"}},
	{"comma is not a terminator", "福州、厦门,杭州，苏州", []string{"福州、厦门,杭州，苏州"}},
	{"article heading", "引入金融“活水”,浇灌产业之“花”。", []string{"引入金融“活水”,浇灌产业之“花”。"}},
	{"semicolon clause", "一方面,加力发展;另一方面,抢抓机遇。", []string{"一方面,加力发展;", "另一方面,抢抓机遇。"}},
	{"invalid utf8 kept", "a\xffb。c", []string{"a\xffb。", "c"}},
}

func TestSplitSentences(t *testing.T) {
	for _, tc := range splitCases {
		t.Run(tc.name, func(t *testing.T) {
			got := SplitSentences(tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// scanAll runs ScanSentences over r with a bufio.Scanner whose buffer starts
// at bufSize bytes.
func scanAll(t *testing.T, r io.Reader, bufSize int) []string {
	t.Helper()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, bufSize), 1<<20)
	sc.Split(ScanSentences)
	var out []string
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("scan: %v", err)
	}
	return out
}

// TestScanSentencesPieces feeds the scanner one byte at a time, and in
// pieces of every small size, so that tokens, multi-byte runes, runs of
// terminators and closers are all cut at buffer and read boundaries.
func TestScanSentencesPieces(t *testing.T) {
	for _, tc := range splitCases {
		for _, bufSize := range []int{1, 2, 3, 4, 5, 7, 16, 4096} {
			got := scanAll(t, iotest.OneByteReader(strings.NewReader(tc.in)), bufSize)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: one byte at a time, buffer %d:\n got %q\nwant %q", tc.name, bufSize, got, tc.want)
			}
			for piece := 2; piece <= 7; piece++ {
				got := scanAll(t, &chunkReader{data: []byte(tc.in), n: piece}, bufSize)
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("%s: pieces of %d, buffer %d:\n got %q\nwant %q", tc.name, piece, bufSize, got, tc.want)
				}
			}
		}
	}
}

// chunkReader returns its data n bytes a Read.
type chunkReader struct {
	data []byte
	n    int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := min(r.n, len(r.data), len(p))
	copy(p, r.data[:n])
	r.data = r.data[n:]
	return n, nil
}

// TestScanSentencesCutRune calls the split function directly with a closer
// or terminator cut in the middle: before EOF it must ask for more data, not
// end the sentence without its closer.
func TestScanSentencesCutRune(t *testing.T) {
	full := []byte("他说：“好。”然后")
	for cut := 1; cut < len(full); cut++ {
		data := full[:cut]
		adv, tok, err := ScanSentences(data, false)
		if err != nil {
			t.Fatalf("cut %d: %v", cut, err)
		}
		if tok == nil {
			if adv < 0 || adv > cut {
				t.Errorf("cut %d: advance %d out of range", cut, adv)
			}
			continue
		}
		// A token before EOF is a whole sentence with its closer.
		if string(tok) != "他说：“好。”" {
			t.Errorf("ScanSentences(%q, false) = %d, %q; want a request for more data or the whole first sentence", data, adv, tok)
		}
	}
}

func TestScanSentencesAtEOF(t *testing.T) {
	tests := []struct {
		data    string
		atEOF   bool
		adv     int
		tok     string
		wantTok bool
	}{
		{"", true, 0, "", false},
		{"   ", true, 3, "", false},
		{"   ", false, 3, "", false},  // the white space is consumed
		{"甲乙", false, 0, "", false},   // no end yet
		{" 甲乙", false, 1, "", false},  // skips the space, waits for more
		{"甲。", false, 0, "", false},   // a closer may follow
		{"甲。乙", false, 6, "甲。", true}, // the next rune is no closer
		{"甲。", true, 6, "甲。", true},
		{"甲乙 ", true, 7, "甲乙", true},
		{"甲\xe2\x80", false, 0, "", false}, // a rune cut in the middle
	}
	for _, tt := range tests {
		adv, tok, err := ScanSentences([]byte(tt.data), tt.atEOF)
		if err != nil || adv != tt.adv || (tok != nil) != tt.wantTok || string(tok) != tt.tok {
			t.Errorf("ScanSentences(%q, %v) = %d, %q, %v; want %d, %q (token %v)", tt.data, tt.atEOF, adv, tok, err, tt.adv, tt.tok, tt.wantTok)
		}
	}
}

// checkTokens checks what must hold for any input: the tokens are non-empty
// pieces of the input, in order, with nothing but white space around and
// between them; none starts or ends with white space; and every token but
// the last ends at a terminator or a closer.
func checkTokens(t *testing.T, in []byte, toks []string) {
	t.Helper()
	pos := 0
	skipSpace := func() {
		for pos < len(in) {
			r, n := utf8.DecodeRune(in[pos:])
			if !unicode.IsSpace(r) {
				return
			}
			pos += n
		}
	}
	for i, tok := range toks {
		if tok == "" {
			t.Fatalf("token %d of %q is empty", i, in)
		}
		if r, _ := utf8.DecodeRuneInString(tok); unicode.IsSpace(r) {
			t.Fatalf("token %q of %q starts with white space", tok, in)
		}
		if r, _ := utf8.DecodeLastRuneInString(tok); unicode.IsSpace(r) {
			t.Fatalf("token %q of %q ends with white space", tok, in)
		}
		skipSpace()
		if !bytes.HasPrefix(in[pos:], []byte(tok)) {
			t.Fatalf("token %d %q is not the next piece of %q after %d bytes", i, tok, in, pos)
		}
		pos += len(tok)
		if i < len(toks)-1 {
			r, _ := utf8.DecodeLastRuneInString(tok)
			if !isTerminator(r) && !isCloser(r) {
				t.Fatalf("token %q of %q ends a sentence at %q", tok, in, r)
			}
		}
	}
	skipSpace()
	if pos != len(in) {
		t.Fatalf("tokens %q of %q leave out %q", toks, in, in[pos:])
	}
}

func TestSplitSentencesCoverInput(t *testing.T) {
	for _, tc := range splitCases {
		checkTokens(t, []byte(tc.in), SplitSentences(tc.in))
	}
	for _, line := range strings.Split(string(defaultArticle), "\n") {
		checkTokens(t, []byte(line), SplitSentences(line))
	}
}

func FuzzScanSentences(f *testing.F) {
	for _, tc := range splitCases {
		f.Add([]byte(tc.in), uint8(3))
	}
	f.Add(defaultArticle[:300], uint8(1))
	f.Add([]byte("好。\xe2\x80\x9d后"), uint8(4))
	f.Fuzz(func(t *testing.T, in []byte, piece uint8) {
		toks := SplitSentences(string(in))
		checkTokens(t, in, toks)
		// A scanner fed in small pieces through a small buffer splits the
		// same way as SplitSentences on the whole.
		n := int(piece%8) + 1
		got := scanAll(t, &chunkReader{data: in, n: n}, n)
		if !reflect.DeepEqual(got, toks) {
			t.Fatalf("scanner with pieces of %d: %q\nSplitSentences: %q", n, got, toks)
		}
	})
}
