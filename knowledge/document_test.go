package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

// sharedArticle is the default article as the project keeps it outside the
// module, relative to this package's folder (CI has ../shared beside the
// checkout).
const sharedArticle = "../../shared/articles/wuxi-delegation-visit.txt"

func TestEmbeddedArticleMatchesShared(t *testing.T) {
	want, err := os.ReadFile(sharedArticle)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s does not exist: this checkout has no ../shared beside it, so the embedded copy cannot be compared with the original", sharedArticle)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(defaultArticle, want) {
		t.Errorf("articles/wuxi-delegation-visit.txt (embedded, %d bytes) differs from %s (%d bytes): copy it again", len(defaultArticle), sharedArticle, len(want))
	}
	src := DefaultSource()
	if !bytes.Equal(src.Text, want) || src.Name != "wuxi-delegation-visit" {
		t.Errorf("DefaultSource() = %q, %d bytes; want the shared article named wuxi-delegation-visit", src.Name, len(src.Text))
	}
}

func TestParseDefaultArticle(t *testing.T) {
	doc, err := Parse(DefaultSource())
	if err != nil {
		t.Fatal(err)
	}
	if doc.Name != "wuxi-delegation-visit" {
		t.Errorf("Name = %q", doc.Name)
	}
	if len(doc.Paragraphs) != 28 {
		t.Fatalf("%d paragraphs, want 28", len(doc.Paragraphs))
	}
	// The lines of the article, for checking the sentences verbatim.
	var lines []string
	for _, l := range strings.Split(string(defaultArticle), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) != 28 {
		t.Fatalf("the article has %d non-blank lines, want 28", len(lines))
	}
	headings := map[int]bool{2: true, 5: true, 11: true, 16: true, 19: true}
	meta := map[int]string{25: "来源", 26: "编辑", 27: "校对", 28: "责编"}
	sentences, section := 0, 0
	var gotHeadings []int
	for i, p := range doc.Paragraphs {
		if p.Number != i+1 {
			t.Errorf("paragraph %d has Number %d", i+1, p.Number)
		}
		sentences += len(p.Sentences)
		var whole strings.Builder
		for j, s := range p.Sentences {
			if s.Number != j+1 {
				t.Errorf("p%d sentence %d has Number %d", p.Number, j+1, s.Number)
			}
			if s.Text == "" || strings.TrimSpace(s.Text) != s.Text {
				t.Errorf("p%d.s%d = %q: empty or padded", p.Number, s.Number, s.Text)
			}
			whole.WriteString(s.Text)
		}
		if whole.String() != lines[i] {
			t.Errorf("p%d: sentences joined give\n%q\nwant the line\n%q", p.Number, whole.String(), lines[i])
		}
		switch {
		case headings[p.Number]:
			gotHeadings = append(gotHeadings, p.Number)
			if p.Kind != Heading || len(p.Sentences) != 1 {
				t.Errorf("p%d: kind %v, %d sentences; want a heading of one sentence", p.Number, p.Kind, len(p.Sentences))
			}
			section = p.Number
		case meta[p.Number] != "":
			if p.Kind != Meta {
				t.Errorf("p%d: kind %v, want meta", p.Number, p.Kind)
			}
			if k, _, ok := MetaField(p.Sentences[0].Text); !ok || k != meta[p.Number] {
				t.Errorf("p%d: MetaField = %q, %v; want %q", p.Number, k, ok, meta[p.Number])
			}
		default:
			if p.Kind != Body {
				t.Errorf("p%d: kind %v, want body", p.Number, p.Kind)
			}
		}
		wantSection := section
		if p.Kind == Meta {
			wantSection = 0 // the trailer belongs to no section
		}
		if p.Section != wantSection {
			t.Errorf("p%d: section %d, want %d", p.Number, p.Section, wantSection)
		}
	}
	if sentences != 41 {
		t.Errorf("%d sentences, want 41", sentences)
	}
	if !reflect.DeepEqual(gotHeadings, []int{2, 5, 11, 16, 19}) {
		t.Errorf("headings at %v", gotHeadings)
	}
	// A few sentences by their citation.
	for _, c := range []struct {
		p, s int
		text string
	}{
		{1, 2, "副市长周文栋,新吴区主要负责同志参加相关活动。"},
		{11, 1, "引入金融“活水”,浇灌产业之“花”。"},
		{14, 2, "目前锡创投正与国贸资本及海翼集团洽谈合作,计划设立首期规模5亿元的产业基金,重点投资无锡和长三角地区的优质硬科技项目。"},
		{26, 1, "编辑:颜霖"},
	} {
		if got := doc.Paragraphs[c.p-1].Sentences[c.s-1].Text; got != c.text {
			t.Errorf("p%d.s%d = %q, want %q", c.p, c.s, got, c.text)
		}
	}
}

// TestParseGolden keeps the whole parse of the default article in
// testdata/parse.golden.
func TestParseGolden(t *testing.T) {
	doc, err := Parse(DefaultSource())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "parse.golden", []byte(formatDocument(doc)))
}

func formatDocument(doc Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "document %s: %d paragraphs\n", doc.Name, len(doc.Paragraphs))
	for _, p := range doc.Paragraphs {
		fmt.Fprintf(&b, "p%d %s section=%d\n", p.Number, p.Kind, p.Section)
		for _, s := range p.Sentences {
			fmt.Fprintf(&b, "\tp%d.s%d %s\n", p.Number, s.Number, s.Text)
		}
	}
	return b.String()
}

func TestParse(t *testing.T) {
	// Each case is a source and its parse in formatDocument's form, less
	// the first line.
	tests := []struct {
		name, text, want string
	}{
		{"one short line is a body paragraph", "只有一句。", `
p1 body section=0
	p1.s1 只有一句。`},
		{"blank and white-space lines are skipped, numbers count the rest", "\n第一段。\n\n \t\u3000\n第二段,很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。第二句。\n\n", `
p1 body section=0
	p1.s1 第一段。
p2 body section=0
	p2.s1 第二段,很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。
	p2.s2 第二句。`},
		{"headings open sections", "导语。\n小标题一。\n正文一。正文一续。\n小标题二！\n正文二。再一句。", `
p1 body section=0
	p1.s1 导语。
p2 heading section=2
	p2.s1 小标题一。
p3 body section=2
	p3.s1 正文一。
	p3.s2 正文一续。
p4 heading section=4
	p4.s1 小标题二！
p5 body section=4
	p5.s1 正文二。
	p5.s2 再一句。`},
		{"a line of 41 characters is no heading", "导语。\n" + strings.Repeat("长", 40) + "。", `
p1 body section=0
	p1.s1 导语。
p2 body section=0
	p2.s1 ` + strings.Repeat("长", 40) + "。"},
		{"a line of 40 characters is a heading", "导语。\n" + strings.Repeat("长", 39) + "。\n正文。", `
p1 body section=0
	p1.s1 导语。
p2 heading section=2
	p2.s1 ` + strings.Repeat("长", 39) + `。
p3 body section=2
	p3.s1 正文。`},
		{"a short last line is body", "导语。\n标题。\n正文。第二句。\n结语。", `
p1 body section=0
	p1.s1 导语。
p2 heading section=2
	p2.s1 标题。
p3 body section=2
	p3.s1 正文。
	p3.s2 第二句。
p4 body section=2
	p4.s1 结语。`},
		{"a short line before the trailer is body", "导语。\n结语。\n来源:无锡日报\n编辑:颜霖", `
p1 body section=0
	p1.s1 导语。
p2 body section=0
	p2.s1 结语。
p3 meta section=0
	p3.s1 来源:无锡日报
p4 meta section=0
	p4.s1 编辑:颜霖`},
		{"of two short lines the second is the heading", "导语。\n短句。\n标题。\n正文。第二句。", `
p1 body section=0
	p1.s1 导语。
p2 body section=0
	p2.s1 短句。
p3 heading section=3
	p3.s1 标题。
p4 body section=3
	p4.s1 正文。
	p4.s2 第二句。`},
		{"CRLF, BOM and indentation", "\uFEFF\u3000\u3000导语。\r\n\r\n  标题。\r\n正文。又一句。\r\n编辑：颜霖\r\n", `
p1 body section=0
	p1.s1 导语。
p2 heading section=2
	p2.s1 标题。
p3 body section=2
	p3.s1 正文。
	p3.s2 又一句。
p4 meta section=0
	p4.s1 编辑：颜霖`},
		{"meta lines are one sentence even with terminators", "正文。\n来源:新华社。记者;张三\n校对 ： 张静", `
p1 body section=0
	p1.s1 正文。
p2 meta section=0
	p2.s1 来源:新华社。记者;张三
p3 meta section=0
	p3.s1 校对 ： 张静`},
		{"a short first line is body", "标题。\n正文。又一句。", `
p1 body section=0
	p1.s1 标题。
p2 body section=0
	p2.s1 正文。
	p2.s2 又一句。`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(Source{Name: "t", Path: "t.txt", Text: []byte(tt.text)})
			if err != nil {
				t.Fatal(err)
			}
			got := formatDocument(doc)
			want := fmt.Sprintf("document t: %d paragraphs", strings.Count(tt.want, "\np")) + tt.want + "\n"
			if got != want {
				t.Errorf("Parse(%q):\n%s\nwant:\n%s", tt.text, got, want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct {
		text string
		want error
	}{
		{"", ErrEmpty},
		{"\n \r\n\u3000\n", ErrEmpty},
		{"\uFEFF\n", ErrEmpty},
		{"a\x00b", ErrBinary},
		{"a\xffb", ErrUTF8},
	} {
		_, err := Parse(Source{Name: "x", Path: "/some/where/x.txt", Text: []byte(tt.text)})
		if !errors.Is(err, tt.want) || !strings.Contains(fmt.Sprint(err), "/some/where/x.txt") {
			t.Errorf("Parse(%q) = %v; want %v naming the path", tt.text, err, tt.want)
		}
	}
}

func TestMetaField(t *testing.T) {
	tests := []struct {
		line, key, value string
		ok               bool
	}{
		{"来源:无锡日报", "来源", "无锡日报", true},
		{"来源：无锡日报", "来源", "无锡日报", true},
		{"编辑:颜霖", "编辑", "颜霖", true},
		{"编辑：颜霖", "编辑", "颜霖", true},
		{"校对:张静", "校对", "张静", true},
		{"责编：杨珍", "责编", "杨珍", true},
		{"责任编辑：杨珍", "责任编辑", "杨珍", true},
		{"记者 : 张三", "记者", "张三", true},
		{"编辑\u3000：\u3000颜霖\u3000", "编辑", "颜霖", true},
		{"编辑:颜霖 张静", "编辑", "颜霖 张静", true},
		{"来源:" + strings.Repeat("字", 40), "来源", strings.Repeat("字", 40), true},
		{"来源:" + strings.Repeat("字", 41), "", "", false}, // too long for a trailer
		{"编辑:", "", "", false},
		{"编辑：  ", "", "", false},
		{"编辑颜霖", "", "", false},
		{"编辑部认为:要加强合作", "", "", false},
		{"主编:张三", "", "", false},
		{"大家表示:将结合贯彻", "", "", false},
		{"", "", "", false},
		{"来源", "", "", false},
	}
	for _, tt := range tests {
		key, value, ok := MetaField(tt.line)
		if key != tt.key || value != tt.value || ok != tt.ok {
			t.Errorf("MetaField(%q) = %q, %q, %v; want %q, %q, %v", tt.line, key, value, ok, tt.key, tt.value, tt.ok)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Body: "body", Heading: "heading", Meta: "meta"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

func TestChecksum(t *testing.T) {
	a := []Source{{Name: "a", Text: []byte("甲。")}, {Name: "b", Text: []byte("乙。")}}
	sum := Checksum(a, "x y")
	if len(sum) != 64 || Checksum(a, "x y") != sum {
		t.Fatalf("Checksum = %q, not a stable SHA-256", sum)
	}
	for name, other := range map[string]string{
		"aliases":      Checksum(a, "x z"),
		"order":        Checksum([]Source{a[1], a[0]}, "x y"),
		"name":         Checksum([]Source{{Name: "c", Text: a[0].Text}, a[1]}, "x y"),
		"text":         Checksum([]Source{{Name: "a", Text: []byte("甲!")}, a[1]}, "x y"),
		"name to text": Checksum([]Source{{Name: "a甲", Text: []byte("。")}, a[1]}, "x y"),
	} {
		if other == sum {
			t.Errorf("Checksum ignores a change of %s", name)
		}
	}
	// Where a source was read from does not matter.
	moved := []Source{{Name: "a", Path: "/elsewhere/a.txt", Text: a[0].Text}, a[1]}
	if Checksum(moved, "x y") != sum {
		t.Error("Checksum depends on the path")
	}
}
