package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
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

// buildFrom makes a knowledge base from read sources, validates it and
// saves it into the store open for writing, which swaps it in; on any
// error the base in use stays.
// Built in a child process, the base is copied from the child's file
// record by record (knowledge.Store.SaveFrom), never loaded here whole.
func (m *Main) buildFrom(ctx context.Context, srcs []knowledge.Source, aliases string) (b *knowledge.Base, err error) {
	start := time.Now()
	db := m.Store.Path()
	if m.BuildInChild {
		m.kbLog().Info("building the knowledge base (a few seconds)", "db", db, "documents", len(srcs))
		tmp, _, err := m.buildFile(ctx, db, srcs, aliases, false)
		if err != nil {
			return nil, err
		}
		defer os.Remove(tmp)
		if b, err = m.Store.SaveFrom(tmp); err != nil {
			return nil, err
		}
	} else {
		if b, err = m.buildChecked(ctx, db, srcs, aliases); err != nil {
			return nil, err
		}
		if err := m.Store.Save(b); err != nil {
			return nil, err
		}
	}
	m.logBuilt(b.Info, db, start)
	return b, nil
}

// buildChecked builds a knowledge base for the store at db and validates it.
func (m *Main) buildChecked(ctx context.Context, db string, srcs []knowledge.Source, aliases string) (*knowledge.Base, error) {
	m.kbLog().Info("building the knowledge base (a few seconds)", "db", db, "documents", len(srcs))
	b, err := knowledge.Build(ctx, knowledge.BuildOptions{Sources: srcs, Aliases: aliases})
	if err == nil {
		err = validate(b, srcs)
	}
	return b, err
}

func (m *Main) logBuilt(info knowledge.Info, db string, start time.Time) {
	m.lastBuild = time.Since(start).Round(time.Millisecond)
	m.kbLog().Info("knowledge base built", "db", db, "version", info.Version,
		"documents", info.Documents, "sentences", info.Sentences, "terms", info.Terms,
		"duration", m.lastBuild)
}

// holder names this process for the messages of others who find the
// database locked.
func holder(cmd string) string { return fmt.Sprintf("visitbot %s (pid %d)", cmd, os.Getpid()) }

// lockWait is how long a build waits for another process's build of the
// same file to finish.
const lockWait = 2 * time.Minute

// open opens the store and makes sure it holds a current knowledge base:
// for writing when serving (m.uploads), else for reading, beside other
// readers.
func (m *Main) open(ctx context.Context, cmd string) error {
	if m.uploads {
		return m.openWriter(ctx, cmd)
	}
	return m.openReader(ctx, cmd)
}

// openWriter opens the store for writing and builds into it (one short
// transaction) when it needs a build.
func (m *Main) openWriter(ctx context.Context, cmd string) error {
	// Lean, as the readers: questions read the base from the file; a
	// reload's Save keeps the new current base lean.
	st, err := knowledge.OpenWith(m.Config.DB, knowledge.Options{Lean: true, Lock: knowledge.LockOptions{Holder: holder(cmd), Keep: true}})
	if err != nil {
		return err
	}
	m.Store = st
	m.servingStore.Store(st)
	srcs, aliases, err := m.needsBuild(st.Current())
	if err != nil {
		return err
	}
	if srcs != nil {
		if _, err := m.buildFrom(ctx, srcs, aliases); err != nil {
			return fmt.Errorf("build %s: %w", m.Config.DB, err)
		}
	}
	m.Engine = qa.New(m.Store)
	return nil
}

// openReader opens the store read-only. When it needs a build, it takes
// the writer's lock, builds aside and swaps the new file in, then opens
// that read-only.
func (m *Main) openReader(ctx context.Context, cmd string) error {
	for try := 0; ; try++ {
		// Lean: a question reads the base's sentences and postings from
		// the file; opening reads only what every question needs.
		st, err := knowledge.OpenWith(m.Config.DB, knowledge.Options{ReadOnly: true, Lean: true})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		var cur *knowledge.Base
		if st != nil {
			cur = st.Current()
		}
		srcs, aliases, err := m.needsBuild(cur)
		if err == nil && srcs == nil {
			m.Store, m.Engine = st, qa.New(st)
			return nil
		}
		if st != nil {
			st.Close()
		}
		if err != nil {
			return err
		}
		if try > 0 {
			return fmt.Errorf("open %s: the knowledge base still needs a build after one", m.Config.DB)
		}
		if err := m.replace(ctx, cmd, srcs, aliases); err != nil {
			return err
		}
	}
}

// replace builds a knowledge base and swaps it in as the file m.Config.DB
// (knowledge.WriteLock.Replace), unless another process did so while this
// one waited for the lock.
func (m *Main) replace(ctx context.Context, cmd string, srcs []knowledge.Source, aliases string) error {
	lock, err := knowledge.LockForWrite(ctx, m.Config.DB, knowledge.LockOptions{Holder: holder(cmd), Wait: lockWait})
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("%s needs a new knowledge base, and its folder cannot be written: build one elsewhere with 'visitbot index --db NEW.db' and use that (%w)", m.Config.DB, err)
	}
	if err != nil {
		return err
	}
	defer lock.Unlock()
	_, err = m.buildReplace(ctx, lock, srcs, aliases)
	return err
}

// buildReplace builds a knowledge base from srcs and swaps it in as the
// lock's file (knowledge.WriteLock.Replace). Built in a child process into
// a copy of the lock's file (knowledge.CopyForBuild), the child's file is
// renamed over it (Install); where there is no store of this schema to
// copy, it is copied in as it is (ReplaceFrom), never loaded here.
func (m *Main) buildReplace(ctx context.Context, lock *knowledge.WriteLock, srcs []knowledge.Source, aliases string) (knowledge.Info, error) {
	start := time.Now()
	db := lock.Path()
	if !m.BuildInChild {
		b, err := m.buildChecked(ctx, db, srcs, aliases)
		if err == nil {
			err = lock.Replace(b)
		}
		if err != nil {
			return knowledge.Info{}, err
		}
		m.logBuilt(b.Info, db, start)
		return b.Info, nil
	}
	m.kbLog().Info("building the knowledge base (a few seconds)", "db", db, "documents", len(srcs))
	tmp, carried, err := m.buildFile(ctx, db, srcs, aliases, true)
	if err != nil {
		return knowledge.Info{}, err
	}
	defer os.Remove(tmp)
	install := lock.ReplaceFrom
	if carried {
		install = lock.Install
	}
	info, err := install(tmp)
	if err != nil {
		return knowledge.Info{}, err
	}
	m.logBuilt(info, db, start)
	return info, nil
}

// needsBuild says what to build the store's base cur from: the configured
// sources when it has none or they differ from those it was built from;
// its own stored sources when it was indexed by another version of this
// program. nil sources mean no build is needed.
func (m *Main) needsBuild(cur *knowledge.Base) ([]knowledge.Source, string, error) {
	if cur != nil && len(m.Config.Sources) == 0 && m.Config.Aliases == "" {
		if cur.Stale() {
			m.kbLog().Info("knowledge base indexed by another version; rebuilding from its stored sources", "db", m.Config.DB, "version", cur.Info.Version)
			return cur.Sources(), cur.AliasText, nil
		}
		return nil, "", nil
	}
	srcs, aliases, err := m.readSources(m.Config.Sources)
	if err != nil || cur == nil {
		return srcs, aliases, err
	}
	if knowledge.Checksum(srcs, orDefault(aliases)) != cur.Info.Checksum {
		m.kbLog().Info("sources changed since the knowledge base was built; rebuilding", "db", m.Config.DB)
		return srcs, aliases, nil
	}
	if cur.Stale() {
		m.kbLog().Info("knowledge base indexed by another version; rebuilding", "db", m.Config.DB, "version", cur.Info.Version)
		return srcs, aliases, nil
	}
	return nil, "", nil
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
	if err := m.open(ctx, "eval"); err != nil {
		return err
	}
	r := qa.Evaluate(ctx, m.Engine, cases)
	if r.Err != nil {
		return r.Err
	}
	r.WriteText(m.Stdout, *verbose)
	return nil
}

// kbLog is the logger of building and opening knowledge bases.
func (m *Main) kbLog() *slog.Logger { return m.Logger.With("component", "knowledge") }
