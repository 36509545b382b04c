package analysis_test

import (
	"fmt"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

func ExampleNormalize() {
	fmt.Printf("%q\n", analysis.Normalize("@VisitBot 請問楊珍是這篇文章的什麼人？👍"))
	fmt.Printf("%q\n", analysis.Normalize("ＡＩ＋商业航天\u3000５亿元"))
	// Output:
	// "  请问杨珍是这篇文章的什么人? "
	// "ai+商业航天 5亿元"
}

func ExampleGrams() {
	analysis.Grams("宇树，ai+", func(g string) { fmt.Print(g, " ") })
	fmt.Println()
	// Output:
	// 宇 树 宇树 ai
}

// Sound folds the homophones people type by mistake together: 杜晓刚 for
// 杜小刚, 金荣 for 金融.
func ExampleSound() {
	for _, pair := range [][2]rune{{'晓', '小'}, {'荣', '融'}, {'杜', '王'}} {
		fmt.Println(analysis.Sound(pair[0]), analysis.Sound(pair[1]), analysis.Sound(pair[0]) == analysis.Sound(pair[1]))
	}
	// Output:
	// xiao xiao true
	// ron ron true
	// du wan false
}
