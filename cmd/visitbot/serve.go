package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/visitbot/visitbot/bot"
	"github.com/visitbot/visitbot/bot/prom"
	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/botstate"
)

const defaultAPIEndpoint = "https://api.telegram.org/bot%s/%s"

// runServe runs the Telegram bot until ctx ends (SIGINT, SIGTERM), then
// shuts it down cleanly and returns nil. SIGHUP reloads the knowledge base.
func (m *Main) runServe(ctx context.Context, args []string) error {
	fs := m.flags("serve", "serve [--admins IDS] [--api-endpoint URL] [--webhook-url URL --listen ADDR] [--metrics-addr ADDR] [--db PATH] [--sources PATHS]", kbFlags|telegramFlags)
	env := m.env
	fs.StringVar(&m.Config.WebhookURL, "webhook-url", env("VISITBOT_WEBHOOK_URL", ""), "receive updates by webhook at this public https `URL` (VISITBOT_WEBHOOK_URL); default: long polling")
	fs.StringVar(&m.Config.Listen, "listen", env("VISITBOT_LISTEN", ":8443"), "`address` the webhook server listens on (VISITBOT_LISTEN), behind a TLS-terminating proxy")
	fs.StringVar(&m.Config.MetricsAddr, "metrics-addr", env("VISITBOT_METRICS_ADDR", ""), "serve /metrics, /healthz, /readyz and /backup on this `address` (VISITBOT_METRICS_ADDR), e.g. 127.0.0.1:9090; default: off")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "visitbot serve: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	tok, err := m.readToken()
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	m.Config.Token = tok
	if m.adminsErr != nil {
		return fmt.Errorf("serve: %w", m.adminsErr)
	}
	// The token first: a wrong one fails in a second, before any build.
	if _, err := bot.CheckToken(ctx, m.Config.Token, m.Config.APIEndpoint, m.Logger); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log := m.Logger.With("component", "serve")
	if len(m.Config.Admins) == 0 {
		log.Warn("no admins: /reload, /rollback, /stats and uploads are refused to everyone (set --admins or VISITBOT_ADMINS to Telegram user ids)")
	}
	var adm *adminServer
	if m.Config.MetricsAddr != "" {
		bi := readBuildInfo()
		m.metrics = prom.New(prom.Build{Version: bi.Version, Commit: bi.Commit, GoVersion: bi.GoVersion, Schema: bi.Schema}, m.baseGauge)
		if adm, err = startAdmin(m.Config.MetricsAddr, m.metrics, m.Config.WebhookURL != "", m.Logger.With("component", "admin")); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer adm.stop()
	}
	m.uploads = true
	if err := m.open(ctx, "serve"); err != nil {
		return err
	}
	cfg := bot.Config{
		Token: m.Config.Token, APIEndpoint: m.Config.APIEndpoint, Admins: m.Config.Admins,
		Store: m.Store, State: botstate.New(m.Store), Engine: m.Engine, Reload: m.reload,
		WebhookURL: m.Config.WebhookURL, Listen: m.Config.Listen,
		WebhookSecret: m.Getenv("VISITBOT_WEBHOOK_SECRET"),
		Logger:        m.Logger.With("component", "bot"),
	}
	if m.metrics != nil {
		cfg.Metrics = m.metrics
	}
	b, err := bot.New(ctx, cfg)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if adm != nil {
		m.metrics.SetQueue(b.QueueDepth)
		adm.store.Store(m.Store)
		adm.running.Store(true)
		defer adm.running.Store(false)
	}
	stopHUP := m.reloadOnHUP(ctx, b, log)
	err = b.Run(ctx)
	// A reload the signal started ends before the store can be closed.
	stopHUP()
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// reloadOnHUP reloads the knowledge base at each SIGHUP until the returned
// function is called; that function waits for a reload under way.
func (m *Main) reloadOnHUP(ctx context.Context, b *bot.Bot, log *slog.Logger) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	hupDone := make(chan struct{})
	hctx, cancel := context.WithCancel(ctx)
	go func() {
		defer close(hupDone)
		for {
			select {
			case <-hctx.Done():
				return
			case <-hup:
				log.Info("SIGHUP: reloading the knowledge base")
				log.Info("SIGHUP reload done", "result", b.Reload(hctx))
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		cancel()
		<-hupDone
	}
}

// baseGauge reports the knowledge base in use to the metrics.
func (m *Main) baseGauge() (version uint64, documents, sentences int, ok bool) {
	st := m.servingStore.Load()
	if st == nil {
		return 0, 0, 0, false
	}
	b := st.Current()
	if b == nil {
		return 0, 0, 0, false
	}
	return b.Info.Version, b.Info.Documents, b.Info.Sentences, true
}

// reload is the bot's /reload: the configured and uploaded sources, read
// and checked again, built (unless unchanged), validated, saved and swapped
// in; on any error the base in use stays. It is measured when metrics are on.
func (m *Main) reload(ctx context.Context) (*knowledge.Base, error) {
	start := time.Now()
	b, unchanged, err := m.rebuild(ctx)
	if m.metrics != nil {
		result := "ok"
		switch {
		case err != nil:
			result = "error"
		case unchanged:
			result = "unchanged"
		}
		m.metrics.Reload(result, time.Since(start))
	}
	return b, err
}

func (m *Main) rebuild(ctx context.Context) (b *knowledge.Base, unchanged bool, err error) {
	srcs, aliases, err := m.readSources(m.Config.Sources)
	if err != nil {
		return nil, false, err
	}
	cur := m.Store.Current()
	if cur != nil && !cur.Stale() && knowledge.Checksum(srcs, orDefault(aliases)) == cur.Info.Checksum {
		return cur, true, nil
	}
	b, err = m.buildFrom(ctx, srcs, aliases)
	return b, false, err
}

// validate checks a new knowledge base before it replaces the one in use.
func validate(b *knowledge.Base, srcs []knowledge.Source) error {
	switch {
	case b == nil:
		return errors.New("the build gave no knowledge base")
	case b.Info.Documents != len(srcs):
		return fmt.Errorf("the build has %d documents, the sources %d", b.Info.Documents, len(srcs))
	case b.Info.Sentences == 0:
		return errors.New("the sources hold no sentences")
	}
	for i, d := range b.Docs {
		n := 0
		for _, p := range d.Paragraphs {
			n += len(p.Sentences)
		}
		if n == 0 {
			return fmt.Errorf("document %s (%s) has no sentences", d.Name, srcs[i].Path)
		}
	}
	return nil
}

// withUploads adds to srcs the sources admins uploaded to the bot; a name
// used twice is an error.
func withUploads(srcs []knowledge.Source, st *knowledge.Store) ([]knowledge.Source, error) {
	up, err := bot.UploadedSources(botstate.New(st))
	if err != nil {
		return nil, err
	}
	seen := map[string]string{}
	for _, s := range srcs {
		seen[s.Name] = s.Path
	}
	for _, u := range up {
		if p, dup := seen[u.Name]; dup {
			return nil, fmt.Errorf("uploaded source %s: document name %q is also used by %s", u.Path, u.Name, p)
		}
		seen[u.Name] = u.Path
		srcs = append(srcs, u)
	}
	return srcs, nil
}

// buildKBCommand is the hidden command a child process builds with.
const buildKBCommand = "build-kb"

// buildRequest heads what the parent sends the child on stdin: this JSON
// object, then Sources JSON objects, each a knowledge.Source, one a line.
// The child reads, and the parent encodes, one source at a time.
type buildRequest struct {
	Sources int    `json:"sources"`
	Aliases string `json:"aliases"`
}

// buildMemoryLimit is the build child's soft memory limit
// (debug.SetMemoryLimit; GOMEMLIMIT in the environment overrides it). Its
// live heap is gse's full dictionary (about 200 MB) and what grows with
// the sources (the postings, the documents record), under 300 MB for 50 MB
// of sources; without a limit Go lets the heap grow to twice that before
// it collects. A larger build only makes the collector work harder.
const buildMemoryLimit = 384 << 20

// requestReader encodes the request for srcs a part at a time, as the
// child reads it.
type requestReader struct {
	srcs    []knowledge.Source
	aliases string
	next    int // -1: the head
	cur     []byte
}

func newRequestReader(srcs []knowledge.Source, aliases string) *requestReader {
	return &requestReader{srcs: srcs, aliases: aliases, next: -1}
}

func (r *requestReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		var v any
		switch {
		case r.next == -1:
			v = buildRequest{Sources: len(r.srcs), Aliases: r.aliases}
		case r.next < len(r.srcs):
			v = r.srcs[r.next]
		default:
			return 0, io.EOF
		}
		data, err := json.Marshal(v)
		if err != nil {
			return 0, fmt.Errorf("build request: %w", err)
		}
		r.cur = append(data, '\n')
		r.next++
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// buildFile runs this program as "build-kb", which builds and validates a
// knowledge base and writes it into a temporary store beside db
// (knowledge.CreateTemp: the next writer removes it if this process is
// killed). It returns the file's name; the caller removes it. The child
// dies with this process (setDeathSignal). With carry, the temporary
// store starts as a copy of db when db is a store of this schema
// (knowledge.CopyForBuild; carried says so), and the child adds the new
// version to it: the caller installs it (WriteLock.Install) instead of
// copying it into yet another file (ReplaceFrom).
func (m *Main) buildFile(ctx context.Context, db string, srcs []knowledge.Source, aliases string, carry bool) (tmp string, carried bool, err error) {
	exe, err := os.Executable()
	if err != nil {
		return "", false, fmt.Errorf("build: %w", err)
	}
	if tmp, err = knowledge.CreateTemp(db); err != nil {
		return "", false, fmt.Errorf("build: %w", err)
	}
	if carry {
		if carried, err = knowledge.CopyForBuild(db, tmp); err != nil {
			os.Remove(tmp)
			return "", false, fmt.Errorf("build: %w", err)
		}
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, exe, buildKBCommand, "--db", tmp)
	cmd.Stdin = newRequestReader(srcs, aliases)
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	cmd.Env = childEnv()
	setDeathSignal(cmd)
	if err := runChild(cmd); err != nil {
		os.Remove(tmp)
		msg := childMessage(stderr.String())
		if ctx.Err() != nil {
			return "", false, ctx.Err()
		}
		return "", false, fmt.Errorf("build: %s (%v)", strings.TrimPrefix(msg, "visitbot: "), err)
	}
	return tmp, carried, nil
}

// childMessage returns what a failed child wrote that says why: the line
// of a Go runtime crash (panic: …, fatal error: …), whose stack follows
// it, else its last line (its own error).
func childMessage(stderr string) string {
	msg := strings.TrimSpace(stderr)
	for line := range strings.Lines(msg) {
		if strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ") {
			return strings.TrimSpace(line)
		}
	}
	if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
		msg = msg[i+1:]
	}
	return msg
}

// childEnv is the environment without the bot token: the child has no use
// for it.
func childEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TELEGRAM_BOT_TOKEN=") {
			out = append(out, kv)
		}
	}
	return out
}

func (m *Main) runBuildKB(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet(buildKBCommand, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := fs.String("db", "", "the store to build into")
	if err := fs.Parse(args); err != nil || *db == "" {
		return errUsage
	}
	if m.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(buildMemoryLimit)
	}
	dec := json.NewDecoder(m.Stdin)
	var req buildRequest
	if err := dec.Decode(&req); err != nil {
		return fmt.Errorf("build-kb: reading the request: %w", err)
	}
	if req.Sources < 1 {
		return errors.New("build-kb: the request names no sources")
	}
	srcs := func(yield func(knowledge.Source, error) bool) {
		for i := range req.Sources {
			var src knowledge.Source
			if err := dec.Decode(&src); err != nil {
				yield(src, fmt.Errorf("build-kb: reading source %d of %d of the request: %w", i+1, req.Sources, err))
				return
			}
			if !yield(src, nil) {
				return
			}
		}
	}
	info, err := knowledge.BuildFile(ctx, *db, knowledge.StreamOptions{Sources: srcs, Aliases: req.Aliases})
	if err != nil {
		return err
	}
	return validateInfo(info, req.Sources)
}

// validateInfo checks the counts of a base built from n sources (each
// document has sentences, or it would not have parsed).
func validateInfo(info knowledge.Info, n int) error {
	switch {
	case info.Documents != n:
		return fmt.Errorf("the build has %d documents, the sources %d", info.Documents, n)
	case info.Sentences == 0:
		return errors.New("the sources hold no sentences")
	}
	return nil
}
