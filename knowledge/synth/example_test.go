package synth_test

import (
	"fmt"
	"strings"

	"github.com/visitbot/visitbot/knowledge/synth"
)

// A synthetic article keeps the default article's structure, with other
// names and numbers; here its trailer and a heading.
func ExampleArticles() {
	src := synth.Articles(1, 1)[0]
	lines := strings.Split(strings.TrimSpace(string(src.Text)), "\n")
	fmt.Println(src.Name)
	fmt.Println(lines[1])
	for _, l := range lines[len(lines)-4:] {
		fmt.Println(l)
	}
	// Output:
	// synth-0001
	// 感受非凡成就,汲取奋进动力。
	// 来源:无锡日报
	// 编辑:龚秀
	// 校对:侯宇
	// 责编:贺洋
}
