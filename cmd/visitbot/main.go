// Command visitbot answers Chinese questions about news articles with the
// articles' own sentences, cited, in Telegram or in the terminal.
//
// Usage:
//
//	visitbot                      the Telegram bot if TELEGRAM_BOT_TOKEN is set, else the terminal conversation
//	visitbot serve                the Telegram bot (long polling; webhook with --webhook-url)
//	visitbot chat                 the terminal conversation
//	visitbot ask [--json] [Q...]  answers the questions given, else one a line from stdin
//	visitbot index SOURCE...      builds the knowledge base from files or folders
//	visitbot eval FILE.jsonl      scores a question set
//
// Run "visitbot COMMAND --help" for a command's flags.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	stop()
	if err := m.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "visitbot:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}
