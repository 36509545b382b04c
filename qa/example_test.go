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

	a = e.Ask(context.Background(), "宇树科技的创始人是谁?")
	fmt.Println(a.Answered, a.Text)
	// Output:
	// true p17.s1
	// true p1.s1
	// false 文章没有提到这一点,我不猜测。可以换个问法,或者问问文章里的人物、机构、数字和活动。
}
