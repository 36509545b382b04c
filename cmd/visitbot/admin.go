package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/visitbot/visitbot/bot/prom"
	"github.com/visitbot/visitbot/knowledge"
)

// readyWithin is how recent the last successful getUpdates must be for
// /readyz (a long poll returns at least every 30 s).
const readyWithin = 2 * time.Minute

// adminServer is the listener of --metrics-addr: /metrics (Prometheus),
// /healthz (alive), /readyz (a knowledge base is loaded and updates arrive)
// and /backup (a consistent copy of the database, to loopback clients
// only: visitbot backup uses it while serve holds the file).
type adminServer struct {
	metrics *prom.Metrics
	log     *slog.Logger
	webhook bool
	store   atomic.Pointer[knowledge.Store] // set once the store is open
	running atomic.Bool                     // the bot takes updates
	srv     *http.Server
	ln      net.Listener
	done    chan struct{}
}

// startAdmin listens on addr and serves until stop.
func startAdmin(addr string, metrics *prom.Metrics, webhook bool, log *slog.Logger) (*adminServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics address: %w", err)
	}
	a := &adminServer{metrics: metrics, log: log, webhook: webhook, ln: ln, done: make(chan struct{})}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /readyz", a.readyz)
	mux.HandleFunc("GET /backup", a.backup)
	a.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(a.done)
		if err := a.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("admin listener failed", "err", err)
		}
	}()
	log.Info("serving /metrics, /healthz, /readyz and /backup", "addr", ln.Addr().String())
	return a, nil
}

// stop closes the listener, letting requests in flight (a backup) finish
// within a few seconds.
func (a *adminServer) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.srv.Shutdown(ctx); err != nil {
		a.srv.Close()
	}
	<-a.done
}

// notReady is why the bot is not ready, or "".
func (a *adminServer) notReady(now time.Time) string {
	st := a.store.Load()
	switch {
	case st == nil || st.Current() == nil:
		return "no knowledge base loaded"
	case !a.running.Load():
		return "not taking updates yet"
	case a.webhook:
		return "" // deliveries come when people write: silence is not a fault
	}
	ok, failed := a.metrics.LastReceive()
	switch {
	case ok.IsZero() && !failed.IsZero():
		return "getUpdates has not succeeded yet (last failure " + ago(now, failed) + ")"
	case ok.IsZero():
		return "" // the first long poll is under way
	case now.Sub(ok) > readyWithin:
		return "the last successful getUpdates was " + ago(now, ok)
	}
	return ""
}

func ago(now, t time.Time) string { return now.Sub(t).Round(time.Second).String() + " ago" }

func (a *adminServer) readyz(w http.ResponseWriter, r *http.Request) {
	if why := a.notReady(time.Now()); why != "" {
		http.Error(w, "not ready: "+why, http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ready")
}

func (a *adminServer) backup(w http.ResponseWriter, r *http.Request) {
	if !isLoopback(r.RemoteAddr) {
		http.Error(w, "backups are served to loopback clients only", http.StatusForbidden)
		return
	}
	st := a.store.Load()
	if st == nil {
		http.Error(w, "the database is not open yet", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	start := time.Now()
	n, err := st.WriteTo(w)
	if err != nil {
		a.log.Error("backup failed", "err", err, "bytes", n)
		return // the client sees a short body and checks the copy
	}
	a.log.Info("backup served", "bytes", n, "duration", time.Since(start).Round(time.Millisecond))
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// runHealthcheck asks a running serve's /healthz (the container's
// HEALTHCHECK: the image has no curl). It exits 0 when it answers 200.
func (m *Main) runHealthcheck(ctx context.Context, args []string) error {
	fs := m.flags("healthcheck", "healthcheck [--addr ADDR]", 0)
	addr := fs.String("addr", m.env("VISITBOT_METRICS_ADDR", "127.0.0.1:9090"), "the `address` of serve's --metrics-addr (VISITBOT_METRICS_ADDR)")
	path := fs.String("path", "/healthz", "the `path` to ask: /healthz or /readyz")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+*addr+*path, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	fmt.Fprint(m.Stdout, string(body))
	return nil
}
