package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/visitbot/visitbot/bot/prom"
	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/qa"
)

// Main is the program: configuration, the open knowledge base and the
// streams. The end-to-end tests run it as main does, with their own
// streams and environment.
type Main struct {
	Config Config
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string

	Logger *slog.Logger
	Store  *knowledge.Store
	Engine *qa.Engine

	// BuildInChild builds knowledge bases in a child process (this
	// program, "build-kb"), so that the serving process never holds the
	// segmenter's full dictionary. main sets it; tests build in process.
	BuildInChild bool

	uploads bool // the sources include those admins uploaded (serve)
	// interruptible commands (ask, chat) end with 128+N on signal N even
	// when they stop cleanly; serve ends with 0 after a clean shutdown.
	interruptible bool
	lastBuild     time.Duration                   // how long the last build took, all told
	metrics       *prom.Metrics                   // serve with --metrics-addr
	servingStore  atomic.Pointer[knowledge.Store] // the store, for the metrics' scrapes
	adminsErr     error                           // VISITBOT_ADMINS could not be read

	mu     sync.Mutex
	cancel context.CancelFunc // ends Run
	done   chan struct{}      // closed when Run returns
}

// Config is what flags and the environment set.
type Config struct {
	DB          string   // --db, VISITBOT_DB
	Sources     []string // --sources, VISITBOT_SOURCES (comma-separated)
	Aliases     string   // --aliases, VISITBOT_ALIASES: alias table file
	Admins      []int64  // --admins, VISITBOT_ADMINS
	APIEndpoint string   // --api-endpoint, TELEGRAM_API_ENDPOINT
	Token       string   // TELEGRAM_BOT_TOKEN (never a flag: flags show in ps)
	TokenFile   string   // --token-file, TELEGRAM_BOT_TOKEN_FILE: a file holding the token
	MetricsAddr string   // --metrics-addr, VISITBOT_METRICS_ADDR: /metrics, /healthz, /readyz, /backup
	WebhookURL  string   // --webhook-url, VISITBOT_WEBHOOK_URL
	Listen      string   // --listen, VISITBOT_LISTEN
	Verbose     bool     // --verbose: debug logging
	LogFormat   string   // --log-format, VISITBOT_LOG_FORMAT: text or json
}

// NewMain returns a Main on the process's streams and environment.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, BuildInChild: true}
}

// Close stops Run (cancel, then wait for it to return) and releases what it
// opened.
func (m *Main) Close() error {
	m.mu.Lock()
	cancel, done := m.cancel, m.done
	m.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	if m.Store != nil {
		err := m.Store.Close()
		m.Store = nil
		return err
	}
	return nil
}

const usage = `visitbot answers Chinese questions about news articles with the articles' own
sentences, cited; when the article does not say, it says so.

Usage:
  visitbot [flags]                   Telegram bot if TELEGRAM_BOT_TOKEN is set, else the terminal conversation
  visitbot serve [flags]             the Telegram bot (long polling; webhook with --webhook-url)
  visitbot chat [flags]              the terminal conversation
  visitbot ask [--json] [QUESTION...]  answer the questions given, else one a line from stdin
  visitbot index [--db PATH] [SOURCE...]  build the knowledge base (no SOURCE: the embedded article)
  visitbot eval [-v] FILE.jsonl      score a question set
  visitbot aliases [--db PATH]       print the alias table in use: the configured one and the groups admins added
  visitbot backup [--from ADDR] OUT  copy the database consistently (also while serve runs)
  visitbot restore [--db PATH] FILE  check a copy and put it in place of the database
  visitbot check [--db PATH]         check the database's consistency and its knowledge bases
  visitbot healthcheck [--addr ADDR]  ask a running serve's /healthz (for containers)
  visitbot version                   the version, commit and knowledge base schema

Flags may come before or after the arguments; "--" ends them.
Run 'visitbot COMMAND --help' for the flags of a command.
`

// Run runs the command in args and returns the exit status: 0, 1 for an
// error, 2 for a wrong command line, 128+N when signal N (ctx's cause, a
// signalError) ended the command.
func (m *Main) Run(ctx context.Context, args []string) int {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	m.mu.Lock()
	m.cancel, m.done = cancel, done
	m.mu.Unlock()
	defer close(done)
	defer cancel()
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	if cmd == "" && len(args) > 0 {
		switch args[0] {
		case "-h", "-help", "--help":
			cmd = "help"
		case "-version", "--version":
			cmd = "version"
		}
	}
	run, ok := m.commands()[cmd]
	switch {
	case cmd == "help":
		fmt.Fprint(m.Stdout, usage)
		return 0
	case cmd == "version":
		readBuildInfo().write(m.Stdout)
		return 0
	case !ok:
		fmt.Fprintf(m.Stderr, "visitbot: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	return m.exitCode(ctx, run(ctx, args))
}

// commands maps each command's name to what runs it.
func (m *Main) commands() map[string]func(context.Context, []string) error {
	return map[string]func(context.Context, []string) error{
		"": m.runDefault, "serve": m.runServe, "chat": m.runChat, "ask": m.runAsk,
		"index": m.runIndex, "eval": m.runEval, "backup": m.runBackup,
		"restore": m.runRestore, "check": m.runCheck, "healthcheck": m.runHealthcheck,
		"aliases":      m.runAliases,
		buildKBCommand: m.runBuildKB,
	}
}

// exitCode reports err on stderr and returns the exit status for it.
func (m *Main) exitCode(ctx context.Context, err error) int {
	var sig signalError
	signalled := errors.As(context.Cause(ctx), &sig)
	switch {
	case err == nil && signalled && m.interruptible:
		return sig.code()
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, context.Canceled) || errors.Is(err, errInterrupted):
		fmt.Fprintln(m.Stderr, "visitbot: interrupted")
		if signalled {
			return sig.code()
		}
		return 130
	}
	fmt.Fprintln(m.Stderr, "visitbot:", dedupeOpen(err.Error()))
	return 1
}

// dedupeOpen removes a repeated "open PATH: " from an error message: the
// store wraps the file system's error, which names the file already.
func dedupeOpen(msg string) string {
	for i := 0; ; {
		j := strings.Index(msg[i:], "open ")
		if j < 0 {
			return msg
		}
		j += i
		k := strings.Index(msg[j:], ": ")
		if k < 0 {
			return msg
		}
		prefix := msg[j : j+k+2]
		if strings.HasPrefix(msg[j+len(prefix):], prefix) {
			msg = msg[:j] + msg[j+len(prefix):]
			continue
		}
		i = j + 1
	}
}

// errInterrupted is Ctrl-C read as a key (the chat's raw terminal), not
// received as a signal.
var errInterrupted = errors.New("interrupted")

// signalError is the cause of the context main cancels on SIGINT or
// SIGTERM.
type signalError struct{ sig syscall.Signal }

func (e signalError) Error() string { return "received " + e.sig.String() }

// code is the shell's exit status for a process the signal ended.
func (e signalError) code() int { return 128 + int(e.sig) }

// errUsage marks a command line that was wrong; the flag set has said why.
var errUsage = errors.New("usage")

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func parseAdmins(s string) ([]int64, error) {
	var out []int64
	for _, f := range splitList(s) {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("admin %q: not a Telegram user id (a number)", f)
		}
		out = append(out, id)
	}
	return out, nil
}

// readSources reads the configured sources and alias table.
func (m *Main) readSources(paths []string) ([]knowledge.Source, string, error) {
	srcs, err := knowledge.ReadSources(paths)
	if err != nil {
		return nil, "", err
	}
	if m.uploads && m.Store != nil {
		if srcs, err = withUploads(srcs, m.Store); err != nil {
			return nil, "", err
		}
	}
	aliases, err := m.readAliases()
	if err != nil {
		return nil, "", err
	}
	if m.uploads && m.Store != nil {
		// The groups admins added with /alias follow the configured table.
		if aliases, err = withAdminAliases(aliases, m.Store); err != nil {
			return nil, "", err
		}
	}
	return srcs, aliases, nil
}

// build makes a knowledge base from the sources at paths and saves it.
func (m *Main) build(ctx context.Context, paths []string) (*knowledge.Base, error) {
	srcs, aliases, err := m.readSources(paths)
	if err != nil {
		return nil, err
	}
	return m.buildFrom(ctx, srcs, aliases)
}

// buildFrom makes a knowledge base from read sources, validates it and
// saves it, which swaps it in; on any error the base in use stays.
func (m *Main) buildFrom(ctx context.Context, srcs []knowledge.Source, aliases string) (*knowledge.Base, error) {
	start := time.Now()
	m.kbLog().Info("building the knowledge base (a few seconds)", "db", m.Store.Path(), "documents", len(srcs))
	b, err := m.buildBase(ctx, srcs, aliases)
	if err == nil {
		err = validate(b, srcs)
	}
	if err != nil {
		return nil, err
	}
	if err := m.Store.Save(b); err != nil {
		return nil, err
	}
	m.lastBuild = time.Since(start).Round(time.Millisecond)
	m.kbLog().Info("knowledge base built", "db", m.Store.Path(), "version", b.Info.Version,
		"documents", b.Info.Documents, "sentences", b.Info.Sentences, "terms", b.Info.Terms,
		"duration", m.lastBuild)
	return b, nil
}

// open opens the store and makes sure it holds a knowledge base: built from
// the configured sources when it has none, or when sources were configured
// and differ from those it was built from.
func (m *Main) open(ctx context.Context) error {
	st, err := knowledge.Open(m.Config.DB)
	if err != nil {
		return err
	}
	m.Store = st
	m.servingStore.Store(st)
	cur := st.Current()
	rebuild := cur == nil
	if cur != nil && (len(m.Config.Sources) > 0 || m.Config.Aliases != "") {
		srcs, aliases, err := m.readSources(m.Config.Sources)
		if err != nil {
			return err
		}
		if a := aliases; knowledge.Checksum(srcs, orDefault(a)) != cur.Info.Checksum {
			m.kbLog().Info("sources changed since the knowledge base was built; rebuilding", "db", m.Config.DB)
			rebuild = true
		}
	}
	if !rebuild && cur.Stale() {
		// Indexed by an older version of this program: rebuild from the
		// sources stored with it.
		m.kbLog().Info("knowledge base indexed by another version; rebuilding from its stored sources", "db", m.Config.DB, "version", cur.Info.Version)
		if _, err := m.buildFrom(ctx, cur.Sources(), cur.AliasText); err != nil {
			return fmt.Errorf("rebuild %s: %w", m.Config.DB, err)
		}
	}
	if rebuild {
		if _, err := m.build(ctx, m.Config.Sources); err != nil {
			return err
		}
	}
	m.Engine = qa.New(m.Store)
	return nil
}

func orDefault(aliases string) string {
	if strings.TrimSpace(aliases) == "" {
		return knowledge.DefaultAliases()
	}
	return aliases
}

func (m *Main) runEval(ctx context.Context, args []string) error {
	fs := m.flags("eval", "eval [-v] FILE.jsonl", kbFlags)
	verbose := fs.Bool("v", false, "list the questions answered wrongly")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	cases, err := qa.ReadCases(f)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	if err := m.open(ctx); err != nil {
		return err
	}
	qa.Evaluate(ctx, m.Engine, cases).WriteText(m.Stdout, *verbose)
	return nil
}

// kbLog is the logger of building and opening knowledge bases.
func (m *Main) kbLog() *slog.Logger { return m.Logger.With("component", "knowledge") }
