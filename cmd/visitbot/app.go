package main

import (
	"bufio"
	"context"
	"encoding/json"
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
	"time"

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

	uploads   bool  // the sources include those admins uploaded (serve)
	adminsErr error // VISITBOT_ADMINS could not be read

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
	WebhookURL  string   // --webhook-url, VISITBOT_WEBHOOK_URL
	Listen      string   // --listen, VISITBOT_LISTEN
	Verbose     bool     // --verbose: debug logging
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

Run 'visitbot COMMAND --help' for the flags of a command.
`

// Run runs the command in args and returns the exit status.
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
	if cmd == "" && len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		cmd = "help"
	}
	var err error
	switch cmd {
	case "":
		err = m.runDefault(ctx, args)
	case "serve":
		err = m.runServe(ctx, args)
	case "chat":
		err = m.runChat(ctx, args)
	case "ask":
		err = m.runAsk(ctx, args)
	case "index":
		err = m.runIndex(ctx, args)
	case "eval":
		err = m.runEval(ctx, args)
	case "aliases":
		err = m.runAliases(ctx, args)
	case buildKBCommand:
		err = m.runBuildKB(ctx, args)
	case "help":
		fmt.Fprint(m.Stdout, usage)
		return 0
	default:
		fmt.Fprintf(m.Stderr, "visitbot: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(m.Stderr, "visitbot: interrupted")
		return 130
	}
	fmt.Fprintln(m.Stderr, "visitbot:", err)
	return 1
}

// errUsage marks a command line that was wrong; the flag set has said why.
var errUsage = errors.New("usage")

// flags returns a flag set with the flags every command shares, defaults
// taken from the environment.
func (m *Main) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	env := m.env
	fs.StringVar(&m.Config.DB, "db", env("VISITBOT_DB", "visitbot.db"), "bbolt `file` of the knowledge base and the bot's state (VISITBOT_DB); built from the sources when missing")
	fs.Func("sources", "comma-separated source `files or folders` (VISITBOT_SOURCES); default: the embedded article", func(s string) error {
		m.Config.Sources = splitList(s)
		return nil
	})
	m.Config.Sources = splitList(env("VISITBOT_SOURCES", ""))
	fs.StringVar(&m.Config.Aliases, "aliases", env("VISITBOT_ALIASES", ""), "alias and synonym table `file` (VISITBOT_ALIASES); default: the embedded one")
	fs.Func("admins", "comma-separated Telegram user `ids` of the bot's admins (VISITBOT_ADMINS)", func(s string) error {
		ids, err := parseAdmins(s)
		m.Config.Admins, m.adminsErr = ids, nil // the flag overrides the environment
		return err
	})
	m.Config.Admins = nil
	if ids, err := parseAdmins(env("VISITBOT_ADMINS", "")); err == nil {
		m.Config.Admins = ids
	} else {
		m.adminsErr = fmt.Errorf("VISITBOT_ADMINS: %w", err)
	}
	fs.StringVar(&m.Config.APIEndpoint, "api-endpoint", env("TELEGRAM_API_ENDPOINT", defaultAPIEndpoint), "the Bot API `endpoint`, in the form http://host:port/bot%s/%s (TELEGRAM_API_ENDPOINT); for a local Bot API server")
	fs.BoolVar(&m.Config.Verbose, "verbose", false, "log debug messages")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: visitbot %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// env returns the environment variable k, or def when it is unset or empty.
func (m *Main) env(k, def string) string {
	if v := m.Getenv(k); v != "" {
		return v
	}
	return def
}

func (m *Main) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	level := slog.LevelInfo
	if m.Config.Verbose {
		level = slog.LevelDebug
	}
	m.Logger = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: level}))
	return nil
}

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
func (m *Main) buildFrom(ctx context.Context, srcs []knowledge.Source, aliases string) (*knowledge.Base, error) {
	start := time.Now()
	b, err := m.buildChecked(ctx, m.Store.Path(), srcs, aliases)
	if err != nil {
		return nil, err
	}
	if err := m.Store.Save(b); err != nil {
		return nil, err
	}
	m.logBuilt(b.Info, m.Store.Path(), start)
	return b, nil
}

// buildChecked builds a knowledge base for the store at db and validates it.
func (m *Main) buildChecked(ctx context.Context, db string, srcs []knowledge.Source, aliases string) (*knowledge.Base, error) {
	m.Logger.Info("building the knowledge base (a few seconds)", "db", db, "documents", len(srcs))
	b, err := m.buildBase(ctx, db, srcs, aliases)
	if err == nil {
		err = validate(b, srcs)
	}
	return b, err
}

func (m *Main) logBuilt(info knowledge.Info, db string, start time.Time) {
	m.Logger.Info("knowledge base built", "db", db, "version", info.Version,
		"documents", info.Documents, "sentences", info.Sentences, "terms", info.Terms,
		"duration", time.Since(start).Round(time.Millisecond))
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
	st, err := knowledge.OpenWith(m.Config.DB, knowledge.Options{Lock: knowledge.LockOptions{Holder: holder(cmd), Keep: true}})
	if err != nil {
		return err
	}
	m.Store = st
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
		st, err := knowledge.OpenReadOnly(m.Config.DB)
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
// lock's file (knowledge.WriteLock.Replace). Built in a child process, the
// child's file is copied in as it is (ReplaceFrom), never loaded here.
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
	m.Logger.Info("building the knowledge base (a few seconds)", "db", db, "documents", len(srcs))
	tmp, err := m.buildFile(ctx, db, srcs, aliases)
	if err != nil {
		return knowledge.Info{}, err
	}
	defer os.Remove(tmp)
	info, err := lock.ReplaceFrom(tmp)
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
			m.Logger.Info("knowledge base indexed by another version; rebuilding from its stored sources", "db", m.Config.DB, "version", cur.Info.Version)
			return cur.Sources(), cur.AliasText, nil
		}
		return nil, "", nil
	}
	srcs, aliases, err := m.readSources(m.Config.Sources)
	if err != nil || cur == nil {
		return srcs, aliases, err
	}
	if knowledge.Checksum(srcs, orDefault(aliases)) != cur.Info.Checksum {
		m.Logger.Info("sources changed since the knowledge base was built; rebuilding", "db", m.Config.DB)
		return srcs, aliases, nil
	}
	if cur.Stale() {
		m.Logger.Info("knowledge base indexed by another version; rebuilding", "db", m.Config.DB, "version", cur.Info.Version)
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

func (m *Main) runDefault(ctx context.Context, args []string) error {
	if m.Getenv("TELEGRAM_BOT_TOKEN") != "" {
		return m.runServe(ctx, args)
	}
	return m.runChat(ctx, args)
}

func (m *Main) runIndex(ctx context.Context, args []string) error {
	fs := m.flags("index", "index [--db PATH] [--aliases FILE] [SOURCE...]")
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
	info, err := m.buildReplace(ctx, lock, srcs, aliases)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "indexed %d documents, %d paragraphs, %d sentences, %d terms, %d words into %s (version %d, %s)\n",
		info.Documents, info.Paragraphs, info.Sentences, info.Terms, info.Words, m.Config.DB, info.Version, info.BuildTime)
	return nil
}

func (m *Main) runAsk(ctx context.Context, args []string) error {
	fs := m.flags("ask", "ask [--json] [QUESTION...]")
	asJSON := fs.Bool("json", false, "write one JSON object a question, one a line")
	explain := fs.Bool("explain", false, "show on stderr how each question is read and the sentences are ranked")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if err := m.open(ctx, "ask"); err != nil {
		return err
	}
	out := bufio.NewWriter(m.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	answer := func(q string) error {
		if *explain {
			fmt.Fprintln(m.Stderr, m.Engine.Explain(q))
		}
		a := m.Engine.Ask(ctx, q)
		if *asJSON {
			if a.Citations == nil {
				a.Citations = []qa.Citation{}
			}
			return enc.Encode(a)
		}
		_, err := fmt.Fprintf(out, "%s\n\n", a.Text)
		return err
	}
	if qs := fs.Args(); len(qs) > 0 {
		for _, q := range qs {
			if err := answer(q); err != nil {
				return err
			}
		}
		return nil
	}
	return eachLine(ctx, m.Stdin, func(line string) error {
		if err := answer(line); err != nil {
			return err
		}
		return out.Flush()
	})
}

// eachLine calls fn with every line of r, without its line ending, however
// long the line is.
//
// It returns ctx's error as soon as ctx is done (Ctrl-C), even while a read
// is waiting; the reading goroutine then ends with the input.
func eachLine(ctx context.Context, r io.Reader, fn func(string) error) error {
	ctx, cancel := context.WithCancel(ctx) // ends the reader when we return
	defer cancel()
	type read struct {
		line string
		err  error
	}
	lines := make(chan read)
	next := make(chan struct{})
	go func() {
		defer close(lines)
		br := bufio.NewReaderSize(r, 64<<10)
		for {
			line, err := br.ReadString('\n')
			select {
			case lines <- read{line, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
			select {
			case <-next:
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		var rd read
		select {
		case <-ctx.Done():
			return ctx.Err()
		case rd = <-lines:
		}
		if len(rd.line) > 0 {
			if err := fn(strings.TrimRight(rd.line, "\r\n")); err != nil {
				return err
			}
		}
		if rd.err == io.EOF {
			return nil
		}
		if rd.err != nil {
			return fmt.Errorf("read questions: %w", rd.err)
		}
		next <- struct{}{}
	}
}

func (m *Main) runEval(ctx context.Context, args []string) error {
	fs := m.flags("eval", "eval [-v] FILE.jsonl")
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
	qa.Evaluate(ctx, m.Engine, cases).WriteText(m.Stdout, *verbose)
	return nil
}

func (m *Main) runChat(ctx context.Context, args []string) error {
	fs := m.flags("chat", "chat")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if err := m.open(ctx, "chat"); err != nil {
		return err
	}
	return chat(ctx, m.Engine, m.Store, m.Stdin, m.Stdout)
}
