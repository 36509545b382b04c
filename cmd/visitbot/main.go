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
//	visitbot backup OUT           copies the database consistently (also from a running serve)
//	visitbot restore FILE         checks a copy and puts it in place of the database
//	visitbot check                checks the database; non-zero on damage
//	visitbot version              the version, commit and knowledge base schema
//
// Flags may come before or after the arguments; "--" ends them. Run
// "visitbot COMMAND --help" for a command's flags. SIGINT and SIGTERM stop
// a command cleanly (ask and chat exit 130 and 143; serve delivers its
// queue and exits 0); a second signal exits at once.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	deferFirstCollection(startHeap)
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := cancelOnSignal(cancel)
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

// cancelOnSignal cancels with a signalError at the first SIGINT or SIGTERM,
// so that the command stops cleanly (serve delivers its queue, ask flushes
// its answers); a second signal exits at once. The returned function stops
// listening.
func cancelOnSignal(cancel context.CancelCauseFunc) (stop func()) {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		var first os.Signal
		for {
			select {
			case <-done:
				return
			case sig := <-sigs:
				s, _ := sig.(syscall.Signal)
				if first != nil {
					fmt.Fprintln(os.Stderr, "visitbot: second signal; exiting now")
					os.Exit(128 + int(s))
				}
				first = sig
				cancel(signalError{s})
			}
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}
