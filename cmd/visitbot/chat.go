package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/peterh/liner"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/qa"
)

const chatGreeting = `visitbot: 问我关于文章的问题,我用文章原句回答并注明出处;文章没说的,我会直说。
例如:  杜小刚带队去了哪些地方?
        厦门大学无锡研究院什么时候可以入驻?
        宇树科技的创始人是谁?
` + chatCommands

const chatCommands = `命令:  /sources 知识库里的文章   /help 说明   /exit 退出(也可以 /quit 或 Ctrl-D)
`

// chat is the terminal conversation: a question a line, an answer a block.
// At a terminal it edits lines (arrow keys, history); otherwise it reads
// lines from in. It returns errInterrupted for Ctrl-C typed at the
// terminal, ctx's error when ctx ends, and nil at /exit or the end of input.
func chat(ctx context.Context, e *qa.Engine, st *knowledge.Store, in io.Reader, out io.Writer) error {
	w := bufio.NewWriter(out)
	defer w.Flush()
	fmt.Fprint(w, chatGreeting)
	turn := func(text string) error {
		reply, quit := chatReply(ctx, e, st, text)
		if quit {
			return io.EOF
		}
		fmt.Fprint(w, reply)
		return w.Flush()
	}
	var err error
	if isTerminal(in) && isTerminalWriter(out) {
		w.Flush()
		err = chatTerminal(ctx, turn)
	} else {
		prompt := func() { fmt.Fprint(w, "\n> "); w.Flush() }
		prompt()
		err = eachLine(ctx, in, func(l line) error {
			if l.TooLong {
				fmt.Fprintln(w, tooLongAnswer(l).Text)
			} else if err := turn(l.Text); err != nil {
				return err
			}
			prompt()
			return nil
		})
	}
	fmt.Fprintln(w)
	if err == io.EOF {
		return nil // /exit or Ctrl-D: the conversation is over
	}
	return err
}

// chatReply is the reply to one line of the conversation, and whether the
// line ends it.
func chatReply(ctx context.Context, e *qa.Engine, st *knowledge.Store, text string) (reply string, quit bool) {
	text = strings.TrimSpace(text)
	cmd, _, _ := strings.Cut(text, " ")
	switch {
	case text == "":
		return "", false
	case cmd == "/quit" || cmd == "/exit" || cmd == "/q":
		return "", true
	case cmd == "/help" || cmd == "/start":
		return chatGreeting, false
	case cmd == "/sources":
		var sb strings.Builder
		writeSources(&sb, st.Current())
		return sb.String(), false
	case strings.HasPrefix(text, "/") && len(cmd) > 1 && isCommandName(cmd[1:]):
		return fmt.Sprintf("没有 %s 这个命令。\n%s", cmd, chatCommands), false
	}
	a := e.Ask(ctx, text)
	if a.Err != nil {
		return a.Err.Error() + "\n", false
	}
	return a.Text + "\n", false
}

// isCommandName says whether s looks like a command's name (ASCII letters,
// digits, _), so that "/" followed by a question is still a question.
func isCommandName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return s != ""
}

// chatTerminal reads lines at a terminal with line editing and history
// (peterh/liner), calling turn with each. The terminal is put back as it
// was when it returns.
func chatTerminal(ctx context.Context, turn func(string) error) error {
	ln := liner.NewLiner()
	defer ln.Close()
	ln.SetCtrlCAborts(true)
	type read struct {
		text string
		err  error
	}
	for {
		fmt.Println()
		got := make(chan read, 1)
		go func() {
			text, err := ln.Prompt("> ")
			got <- read{text, err}
		}()
		var rd read
		select {
		case <-ctx.Done():
			return ctx.Err()
		case rd = <-got:
		}
		switch {
		case errors.Is(rd.err, liner.ErrPromptAborted):
			return errInterrupted
		case rd.err != nil:
			return rd.err // io.EOF: Ctrl-D
		}
		if strings.TrimSpace(rd.text) != "" {
			ln.AppendHistory(rd.text)
		}
		if err := turn(rd.text); err != nil {
			return err
		}
	}
}

func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isTerminal(f)
}

// writeSources lists the documents of the knowledge base, as /sources.
func writeSources(w io.Writer, b *knowledge.Base) {
	if b == nil {
		fmt.Fprintln(w, "知识库是空的。")
		return
	}
	fmt.Fprintf(w, "知识库第 %d 版,建于 %s,共 %d 篇文章、%d 句:\n", b.Info.Version,
		b.Info.BuiltAt.In(time.Local).Format("2006-01-02 15:04"), len(b.Docs), b.Info.Sentences)
	for i, d := range b.Docs {
		from := ""
		if i < len(b.Info.Sources) {
			from = "  " + b.Info.Sources[i]
		}
		if i < len(b.Info.PerDoc) {
			fmt.Fprintf(w, "• 《%s》:%d 段,%d 句%s\n", d.Name, b.Info.PerDoc[i].Paragraphs, b.Info.PerDoc[i].Sentences, from)
		} else {
			fmt.Fprintf(w, "• 《%s》%s\n", d.Name, from)
		}
	}
}
