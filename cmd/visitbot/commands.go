package main

import (
	"bufio"
	"context"

	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/qa"
)

func (m *Main) runDefault(ctx context.Context, args []string) error {
	if m.Getenv("TELEGRAM_BOT_TOKEN") != "" || m.Getenv("TELEGRAM_BOT_TOKEN_FILE") != "" {
		return m.runServe(ctx, args)
	}
	return m.runChat(ctx, args)
}

func (m *Main) runIndex(ctx context.Context, args []string) error {
	fs := m.flags("index", "index [--db PATH] [--aliases FILE] [SOURCE...]", kbFlags)
	if err := m.parse(fs, args); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = m.Config.Sources
	}
	// Read and check the sources before touching the database, so that a
	// bad source leaves no file behind.
	srcs, aliases, err := m.readSources(paths)
	if err != nil {
		return err
	}
	lock, err := knowledge.LockForWrite(ctx, m.Config.DB, knowledge.LockOptions{Holder: holder("index"), Wait: lockWait})
	if err != nil {
		return err
	}
	defer lock.Unlock()
	in, err := m.buildReplace(ctx, lock, srcs, aliases)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "indexed %s, %s, %s, %s, %s into %s (version %d, %s)\n",
		count(in.Documents, "document"), count(in.Paragraphs, "paragraph"), count(in.Sentences, "sentence"),
		count(in.Terms, "term"), count(in.Words, "word"), m.Config.DB, in.Version, m.lastBuild)
	return nil
}

// count is "1 document", "2 documents".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func (m *Main) runAsk(ctx context.Context, args []string) error {
	fs := m.flags("ask", "ask [--json] [--explain] [QUESTION...]   (no QUESTION: one a line from stdin)", kbFlags)
	asJSON := fs.Bool("json", false, "write one JSON object a question, one a line")
	explain := fs.Bool("explain", false, "show on stderr how each question is read and the sentences are ranked")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	m.interruptible = true
	if err := m.open(ctx, "ask"); err != nil {
		return err
	}
	out := bufio.NewWriter(m.Stdout)
	defer out.Flush()
	answer := func(l line) error {
		a := tooLongAnswer(l)
		if !l.TooLong {
			if *explain {
				fmt.Fprintln(m.Stderr, m.Engine.Explain(l.Text))
			}
			a = m.Engine.Ask(ctx, l.Text)
			if a.Err != nil {
				return a.Err // a damaged base: an error, never a quote
			}
		}
		if *asJSON {
			js, err := a.JSON()
			if err != nil {
				return err
			}
			_, err = out.Write(js)
			return err
		}
		_, err := fmt.Fprintf(out, "%s\n\n", a.Text)
		return err
	}
	if qs := fs.Args(); len(qs) > 0 {
		for _, q := range qs {
			if err := answer(line{Text: q}); err != nil {
				return err
			}
		}
		return nil
	}
	prompt := func() {}
	if isTerminal(m.Stdin) {
		fmt.Fprintln(m.Stderr, "visitbot ask: type a question a line; Ctrl-D ends (questions may also be given as arguments)")
		prompt = func() { fmt.Fprint(m.Stderr, "> ") }
	}
	prompt()
	return eachLine(ctx, m.Stdin, func(l line) error {
		if err := answer(l); err != nil {
			return err
		}
		if l.More {
			return nil // the next question is here already: its answer follows at once
		}
		// Flushed whenever the input has no more yet: an asker waiting
		// for an answer gets it, and an interrupted run has written every
		// answer it gave (the deferred Flush).
		if err := out.Flush(); err != nil {
			return err
		}
		prompt()
		return nil
	})
}

// tooLongAnswer declines a line longer than maxLineBytes, naming only its
// start.
func tooLongAnswer(l line) qa.Answer {
	return qa.Answer{
		Question: strings.ToValidUTF8(l.Text, "") + "…",
		Text:     strings.Replace(qa.MsgTooLong, "%d", fmt.Sprint(qa.MaxQuestionRunes), 1),
		Reason:   qa.ReasonTooLong,
	}
}

// isTerminal says whether r is a terminal (not a pipe or a file).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (m *Main) runChat(ctx context.Context, args []string) error {
	fs := m.flags("chat", "chat", kbFlags)
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "visitbot chat: unexpected argument %q (ask questions in the conversation, or use visitbot ask)\n", fs.Arg(0))
		return errUsage
	}
	m.interruptible = true
	if err := m.open(ctx, "chat"); err != nil {
		return err
	}
	return chat(ctx, m.Engine, m.Store, m.Stdin, m.Stdout)
}
