package qa

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestJSONLikeEncoding: Answer.JSON writes what encoding/json writes of the
// answer without HTML escaping, for answers with and without citations
// and related sentences, and for text with every ASCII byte, invalid
// UTF-8, U+2028/U+2029 and HTML's characters.
func TestJSONLikeEncoding(t *testing.T) {
	var ascii []byte
	for c := range 0x80 {
		ascii = append(ascii, byte(c))
	}
	texts := []string{"", "文章第17段第1句写道:\n“…”", string(ascii), "a\xffb\xe4\xb8", "\u2028x\u2029", "<b>&amp;</b>", "\U0001F600 \ufffd"}
	cite := func(s string) Citation { return Citation{Doc: s, Ref: "p3.s1", Paragraph: 3, Sentence: -1, Text: s} }
	var answers []Answer
	for _, s := range texts {
		answers = append(answers,
			Answer{Question: s, Text: s},
			Answer{Question: s, Answered: true, Text: s, Citations: []Citation{cite(s), cite("甲")}},
			Answer{Question: s, Text: s, Citations: []Citation{}, Related: []Citation{cite(s)}, Kind: KindWho, Score: 0.5})
	}
	for _, a := range answers {
		got, err := a.JSON()
		if err != nil {
			t.Fatal(err)
		}
		want := encodingJSON(t, a)
		if !bytes.Equal(got, want) {
			t.Errorf("JSON:\n%q\nencoding/json:\n%q", got, want)
		}
	}
}

// encodingJSON is the ask --json line as encoding/json writes it.
func encodingJSON(t *testing.T, a Answer) []byte {
	if a.Citations == nil {
		a.Citations = []Citation{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func BenchmarkJSON(b *testing.B) {
	a := Answer{Question: "厦门大学无锡研究院预计什么时候可以入驻?", Answered: true, Text: "文章第17段第1句写道:\n“厦门大学无锡研究院……”",
		Citations: []Citation{{Ref: "p17.s1", Paragraph: 17, Sentence: 1, Text: "厦门大学无锡研究院预计明年可以入驻。"}}}
	for b.Loop() {
		a.JSON()
	}
}
