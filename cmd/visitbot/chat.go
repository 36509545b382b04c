package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/qa"
)

const chatGreeting = `visitbot: 问我关于文章的问题,我用文章原句回答并注明出处;文章没说的,我会直说。
例如:  杜小刚带队去了哪些地方?
        厦门大学无锡研究院什么时候可以入驻?
        宇树科技的创始人是谁?
命令:  /sources 知识库里的文章   /help 说明   /quit 退出(或 Ctrl-D)
`

// chat is the terminal conversation: a question a line, an answer a block.
func chat(ctx context.Context, e *qa.Engine, st *knowledge.Store, in io.Reader, out io.Writer) error {
	w := bufio.NewWriter(out)
	defer w.Flush()
	fmt.Fprint(w, chatGreeting)
	prompt := func() { fmt.Fprint(w, "\n> "); w.Flush() }
	prompt()
	err := eachLine(ctx, in, func(line string) error {
		switch strings.TrimSpace(line) {
		case "":
		case "/quit", "/exit", "/q":
			return io.EOF
		case "/help", "/start":
			fmt.Fprint(w, chatGreeting)
		case "/sources":
			writeSources(w, st.Current())
		default:
			fmt.Fprintln(w, e.Ask(ctx, line).Text)
		}
		prompt()
		return nil
	})
	fmt.Fprintln(w)
	if err == io.EOF || errors.Is(err, context.Canceled) {
		return nil // /quit, Ctrl-D or Ctrl-C: the conversation is over
	}
	return err
}

// writeSources lists the documents of the knowledge base, as /sources.
func writeSources(w io.Writer, b *knowledge.Base) {
	if b == nil {
		fmt.Fprintln(w, "知识库是空的。")
		return
	}
	counts := make([]int, len(b.Docs))
	for _, s := range b.Sentences {
		counts[s.Doc]++
	}
	fmt.Fprintf(w, "知识库第 %d 版,建于 %s,共 %d 篇文章、%d 句:\n", b.Info.Version,
		b.Info.BuiltAt.In(time.Local).Format("2006-01-02 15:04"), len(b.Docs), b.Info.Sentences)
	srcs := b.Sources()
	for i, d := range b.Docs {
		from := ""
		if i < len(srcs) {
			from = "  " + srcs[i].Path
		}
		fmt.Fprintf(w, "• 《%s》:%d 段,%d 句%s\n", d.Name, len(d.Paragraphs), counts[i], from)
	}
}
