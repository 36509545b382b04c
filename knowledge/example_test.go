package knowledge_test

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/visitbot/visitbot/knowledge"
)

func ExampleSplitSentences() {
	for _, s := range knowledge.SplitSentences("他说：“好！”然后走了。真的吗？！ 是的") {
		fmt.Println(s)
	}
	// Output:
	// 他说：“好！”
	// 然后走了。
	// 真的吗？！
	// 是的
}

// ScanSentences is a bufio.SplitFunc: it reads sentences from a stream, here
// one line of the default article.
func ExampleScanSentences() {
	line := "考察团一行参观企业展厅,与企业负责人座谈交流。双方表示,将认真落实中央金融工作会议部署。"
	sc := bufio.NewScanner(strings.NewReader(line))
	sc.Split(knowledge.ScanSentences)
	for n := 1; sc.Scan(); n++ {
		fmt.Printf("s%d %s\n", n, sc.Text())
	}
	// Output:
	// s1 考察团一行参观企业展厅,与企业负责人座谈交流。
	// s2 双方表示,将认真落实中央金融工作会议部署。
}

func ExampleMetaField() {
	for _, line := range []string{"编辑:颜霖", "责编：杨珍", "编辑部认为:好"} {
		key, value, ok := knowledge.MetaField(line)
		fmt.Printf("%q %q %v\n", key, value, ok)
	}
	// Output:
	// "编辑" "颜霖" true
	// "责编" "杨珍" true
	// "" "" false
}

func ExampleParse() {
	doc, err := knowledge.Parse(knowledge.Source{Name: "demo", Path: "demo.txt", Text: []byte(
		"近日,考察团赴厦门。参观了厦门大学。\n建好对外开放平台。\n双方表示,将加强合作。\n编辑:颜霖\n")})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range doc.Paragraphs {
		for _, s := range p.Sentences {
			fmt.Printf("p%d.s%d %-7s section %d: %s\n", p.Number, s.Number, p.Kind, p.Section, s.Text)
		}
	}
	// Output:
	// p1.s1 body    section 0: 近日,考察团赴厦门。
	// p1.s2 body    section 0: 参观了厦门大学。
	// p2.s1 heading section 2: 建好对外开放平台。
	// p3.s1 body    section 2: 双方表示,将加强合作。
	// p4.s1 meta    section 0: 编辑:颜霖
}
