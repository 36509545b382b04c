package bot

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// secretHeader carries the webhook's secret token on Telegram's requests.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxUpdateBytes bounds a webhook request's body.
const maxUpdateBytes = 1 << 20

// webhookTimeouts are the webhook server's limits on its clients. Telegram
// sends a small update in one request and waits for the answer; anyone
// else who opens a connection and stalls is cut off by them.
type webhookTimeouts struct {
	ReadHeader time.Duration // headers read within this
	Read       time.Duration // the whole request read within this
	Idle       time.Duration // an idle keep-alive connection closed after this
	// Shutdown is how long a stop waits for requests in hand before it
	// closes every connection, whatever the clients do.
	Shutdown time.Duration
}

var defaultWebhookTimeouts = webhookTimeouts{
	ReadHeader: 5 * time.Second, Read: 10 * time.Second, Idle: 60 * time.Second, Shutdown: 3 * time.Second,
}

// serveWebhook serves the webhook until ctx ends. Each request is one
// update: it is handled and its replies committed to the outbox before the
// request is answered 200, so Telegram delivers it again if the bot dies
// first. At shutdown the server stops taking requests and lets those in
// hand finish.
func (b *Bot) serveWebhook(ctx context.Context) error {
	u, _ := url.Parse(b.cfg.WebhookURL)
	path := u.Path
	if path == "" {
		path = "/"
	}
	secret := b.cfg.WebhookSecret
	if secret == "" {
		var buf [32]byte
		rand.Read(buf[:])
		secret = hex.EncodeToString(buf[:])
	}
	ln := b.cfg.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", b.cfg.Listen); err != nil {
			return fmt.Errorf("%w: webhook: %v", errFatal, err)
		}
	}
	mux := http.NewServeMux()
	mux.Handle(path, b.webhookHandler(secret))
	to := b.hookTimeouts
	if to == (webhookTimeouts{}) {
		to = defaultWebhookTimeouts
	}
	srv := &http.Server{
		Handler: mux, ReadHeaderTimeout: to.ReadHeader, ReadTimeout: to.Read,
		// The answer is written once the update is handled.
		WriteTimeout: to.Read + b.cfg.UpdateTimeout + 5*time.Second,
		IdleTimeout:  to.Idle, MaxHeaderBytes: 16 << 10,
		ErrorLog: slog.NewLogLogger(b.log.Handler(), slog.LevelDebug),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	b.log.Info("webhook listening", "addr", ln.Addr().String()) // not the path: it may hold the token

	err := b.startCall(ctx, "setWebhook", func(ctx context.Context) error {
		return b.api.setWebhook(ctx, b.cfg.WebhookURL, secret, 40)
	})
	if err != nil {
		srv.Close()
		<-served
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("%w: setWebhook: %v", errFatal, err)
	}
	b.log.Info("webhook set", "host", u.Host)
	select {
	case <-ctx.Done():
	case err := <-served:
		return fmt.Errorf("%w: webhook server: %v", errFatal, err)
	}
	// Requests in hand may finish within the grace; a client that
	// stalls is then cut off. (An update cut short is delivered again by
	// Telegram, which never got its 200.)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), to.Shutdown)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		b.log.Warn("webhook shutdown: closing the connections still open", "err", err)
		srv.Close()
	}
	<-served
	return nil
}

func (b *Bot) webhookHandler(secret string) http.Handler {
	want := []byte(secret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get(secretHeader))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			b.log.Warn("webhook request with a wrong secret token", "remote", r.RemoteAddr)
			http.Error(w, "forbidden", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBytes))
		var tooLarge *http.MaxBytesError
		if err != nil && !errors.As(err, &tooLarge) {
			http.Error(w, "read error", http.StatusBadRequest)
			return
		}
		b.cfg.Metrics.Receive(true)
		var tu tgbotapi.Update
		if tooLarge != nil || json.Unmarshal(body, &tu) != nil {
			// Telegram would deliver it again and again: take it and
			// say so in the log.
			var id rawUpdate
			json.Unmarshal(body, &id)
			b.log.Warn("webhook: update not decodable; skipped", "update_id", id.UpdateID, "bytes", len(body))
			w.WriteHeader(http.StatusOK)
			return
		}
		if !b.seen.add(tu.UpdateID) {
			w.WriteHeader(http.StatusOK) // delivered again: answered already
			return
		}
		u := convert(&tu, time.Now(), topicThread(body))
		bt := &batch{}
		bt.wg.Add(1)
		b.pool.submit(shardKey(u), job{u: u, b: bt})
		bt.wg.Wait()
		if err := b.commit(bt.msgs, 0); err != nil {
			b.lim.discard(bt.msgs)
			b.seen.remove(tu.UpdateID)
			b.cfg.Metrics.StoreError("commit")
			b.log.Error("webhook: commit failed; Telegram will deliver the update again", "update_id", tu.UpdateID, "err", err)
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
