package bot

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/visitbot/visitbot/bot/telegramtest"
	"github.com/visitbot/visitbot/qa"
)

// goldenAnswers are answers of each shape the engine gives, made up here so
// that the layout is tested apart from the ranking.
var goldenAnswers = []struct {
	name string
	a    qa.Answer
}{
	{"one sentence", qa.Answer{Answered: true, Documents: 1, Citations: []qa.Citation{
		{Doc: "wuxi", Ref: "p17.s1", Paragraph: 17, Sentence: 1, Text: "厦门大学无锡研究院预计4月底可入驻。"}}}},
	{"best and related", qa.Answer{Answered: true, Documents: 1, Citations: []qa.Citation{
		{Doc: "wuxi", Ref: "p1.s1", Paragraph: 1, Sentence: 1, Text: "市委书记杜小刚带队赴福州、厦门、杭州等地。"},
		{Doc: "wuxi", Ref: "p3.s1", Paragraph: 3, Sentence: 1, Text: "在福州市委党校,考察团一行参观了成就展。"}}}},
	{"several things asked", qa.Answer{Answered: true, Multi: true, Documents: 1, Citations: []qa.Citation{
		{Doc: "wuxi", Ref: "p7.s1", Paragraph: 7, Sentence: 1, Text: "宇树科技是全球首家公开零售高性能四足机器人的公司。"},
		{Doc: "wuxi", Ref: "p9.s2", Paragraph: 9, Sentence: 2, Text: "强脑科技构建了“产、学、研、赛”的人才培养模式。"}}}},
	{"several documents", qa.Answer{Answered: true, Documents: 2, Citations: []qa.Citation{
		{Doc: "宇树-简介", Ref: "p1.s1", Paragraph: 1, Sentence: 1, Text: "宇树科技总部位于杭州市滨江区。"}}}},
	{"markup in the article", qa.Answer{Answered: true, Documents: 1, Citations: []qa.Citation{
		{Doc: "wuxi", Ref: "p2.s1", Paragraph: 2, Sentence: 1, Text: "他说 <b>a&b</b> & “c<d”。"}}}},
	{"not in the article", qa.Answer{Notice: qa.MsgNotInText, Reason: qa.ReasonNotInText}},
	{"empty question", qa.Answer{Notice: qa.MsgEmpty, Reason: qa.ReasonEmpty}},
}

// TestAnswerGolden renders answers as the bot sends them; go test -run
// AnswerGolden -update rewrites testdata/answers.golden.
func TestAnswerGolden(t *testing.T) {
	var out bytes.Buffer
	for _, g := range goldenAnswers {
		fmt.Fprintf(&out, "=== %s\n", g.name)
		msgs := formatAnswer(g.a)
		checkMessages(t, msgs)
		for i, m := range msgs {
			if i > 0 {
				out.WriteString("--- next message\n")
			}
			out.WriteString(m)
			out.WriteString("\n")
		}
	}
	golden := filepath.Join("testdata", "answers.golden")
	if *updateGolden {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("answers differ from %s (run with -update if the change is meant):\n%s", golden, out.String())
	}
}

// checkMessages checks messages as Telegram would: each within the limit,
// each valid HTML; it returns the texts the user would see.
func checkMessages(t *testing.T, msgs []string) []string {
	t.Helper()
	var seen []string
	for i, m := range msgs {
		if n := utf16Len(m); n > MaxMessageUnits {
			t.Errorf("message %d: %d UTF-16 units", i, n)
		}
		text, _, err := telegramtest.ParseHTML(m)
		if err != nil {
			t.Errorf("message %d: Telegram would refuse it: %v\n%s", i, err, m)
		}
		if strings.TrimSpace(text) == "" {
			t.Errorf("message %d is empty", i)
		}
		seen = append(seen, text)
	}
	return seen
}

func TestFormatEscapes(t *testing.T) {
	nasty := `他说:<script>alert("x")</script> & AT&T 的 &amp; <b>不是粗体</b>。`
	a := qa.Answer{Answered: true, Documents: 2, Citations: []qa.Citation{
		{Doc: "a<b>&c", Ref: "p1.s1", Paragraph: 1, Sentence: 1, Text: nasty},
	}}
	msgs := formatAnswer(a)
	seen := checkMessages(t, msgs)
	if len(seen) != 1 || !strings.Contains(seen[0], nasty) || !strings.Contains(seen[0], "《a<b>&c》第1段第1句") {
		t.Errorf("the user would see:\n%s\nsent:\n%s", strings.Join(seen, "\n"), strings.Join(msgs, "\n"))
	}
	for _, s := range []string{"<script>", "<b>不是"} {
		if strings.Contains(msgs[0], s) {
			t.Errorf("unescaped %q in %s", s, msgs[0])
		}
	}
}

func TestFormatSplits(t *testing.T) {
	long := strings.Repeat("无锡考察团参观了企业&研究院，了解了<最新>进展。", 200) // ~ 5,000 runes, sentence ends
	noEnd := strings.Repeat("😀&字", 3000)                     // no sentence end; surrogate pairs and escapes
	var cs []qa.Citation
	for i := 1; i <= 40; i++ {
		cs = append(cs, qa.Citation{Doc: "d", Ref: fmt.Sprintf("p%d.s1", i), Paragraph: i, Sentence: 1, Text: fmt.Sprintf("第%d个句子,说的是一件事;", i) + strings.Repeat("内容", 60) + "。"})
	}
	cases := []struct {
		name string
		a    qa.Answer
		want []string // texts that must appear whole, in order
	}{
		{"one long sentence run", qa.Answer{Answered: true, Documents: 1, Citations: []qa.Citation{{Paragraph: 1, Sentence: 1, Text: long}}}, nil},
		{"no sentence end", qa.Answer{Answered: true, Documents: 1, Citations: []qa.Citation{{Paragraph: 2, Sentence: 1, Text: noEnd}}}, nil},
		{"many citations", qa.Answer{Answered: true, Multi: true, Documents: 1, Citations: cs}, nil},
	}
	for _, c := range cases {
		msgs := formatAnswer(c.a)
		seen := checkMessages(t, msgs)
		if len(msgs) < 2 {
			t.Errorf("%s: %d message(s); want it split", c.name, len(msgs))
		}
		all := strings.Join(seen, "")
		for _, ci := range c.a.Citations {
			if !strings.Contains(strings.ReplaceAll(all, "\n", ""), ci.Text) {
				t.Errorf("%s: the text of %s is not all there, in order", c.name, ci.Ref)
			}
		}
		for i, s := range seen {
			if !utf8.ValidString(s) {
				t.Errorf("%s: message %d splits a character", c.name, i)
			}
		}
		if c.name == "one long sentence run" {
			for i, s := range seen[:len(seen)-1] {
				if !strings.HasSuffix(s, "。") {
					t.Errorf("%s: message %d does not end at a sentence end: …%s", c.name, i, lastRunes(s, 10))
				}
			}
		}
		if c.name == "many citations" {
			for i, s := range seen {
				// A citation's place and its sentence stay in one message.
				if strings.HasSuffix(strings.TrimSpace(s), "句") {
					t.Errorf("%s: message %d ends with a place, its sentence in the next", c.name, i)
				}
			}
		}
	}
}

func lastRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[len(r)-n:])
}

func TestSentences(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"他说:“好。”然后走了!对吗?", []string{"他说:“好。”", "然后走了!", "对吗?"}},
		{"没有句号", []string{"没有句号"}},
		{"a;b；c……d", []string{"a;", "b；", "c……", "d"}},
	}
	for _, c := range cases {
		got := sentences(c.in)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("sentences(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	in := "文章<b>第1段第1句</b>写道:\n“a &lt;b&gt; &amp;amp;”"
	if got, want := htmlToText(in), "文章第1段第1句写道:\n“a <b> &amp;”"; got != want {
		t.Errorf("htmlToText = %q, want %q", got, want)
	}
}

func TestInlineMessage(t *testing.T) {
	c := qa.Citation{Doc: "d", Paragraph: 3, Sentence: 1, Text: strings.Repeat("长句&", 3000)}
	m := inlineMessage(strings.Repeat("问", 400), c, false)
	checkMessages(t, []string{m})
}
