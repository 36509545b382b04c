package qa_test

import (
	"context"
	"fmt"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/qa"
)

// An engine answers from a knowledge base: here the embedded default
// article, built in process (a second or two: it loads gse's dictionary).
// The answer cites the sentence it quotes; a question the article does not
// answer is declined, not guessed.
func ExampleEngine_Ask() {
	base, err := knowledge.Build(context.Background(), knowledge.BuildOptions{})
	if err != nil {
		panic(err)
	}
	e := qa.New(qa.Fixed(base))

	a := e.Ask(context.Background(), "厦门大学无锡研究院预计什么时候可以入驻?")
	fmt.Println(a.Answered, a.Citations[0].Ref)

	a = e.Ask(context.Background(), "杜晓刚带队去了哪些城市?") // a homophone typo of 杜小刚
	fmt.Println(a.Answered, a.Citations[0].Ref)

	// Declined, with what the article does say of the company as related.
	a = e.Ask(context.Background(), "宇树科技的创始人是谁?")
	fmt.Println(a.Answered, a.Reason, a.Related[0].Ref)

	// A name the article never mentions is said to be missing, never
	// answered with another name.
	a = e.Ask(context.Background(), "东湖大学的校长是谁?")
	fmt.Println(a.Answered, a.Text)

	// English, through CC-CEDICT and the romanised names.
	a = e.Ask(context.Background(), "Where did Du Xiaogang lead the delegation?")
	fmt.Println(a.Answered, a.Citations[0].Ref)
	// Output:
	// true p17.s1
	// true p1.s1
	// false not in article p7.s1
	// false 文章没有提到东湖大学。文章里提到的大学有厦门大学。我不猜测。
	// true p1.s1
}
