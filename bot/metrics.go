package bot

import (
	"context"
	"errors"
	"time"
)

// Metrics receives the bot's measurements. The bot owns this interface;
// the command wires an implementation (bot/prom exports them to
// Prometheus). Methods are called from many goroutines and must not block.
// The zero Config uses NoMetrics.
type Metrics interface {
	// Update is called for every update received: kind is "message",
	// "inline_query", "callback_query" (a button) or "other"; chatType is
	// the Bot API's chat type, or "" when the update has no chat.
	Update(kind, chatType string)
	// Question is called for every question answered or declined, with
	// how long the engine took.
	Question(answered bool, took time.Duration)
	// Send is called for every Bot API request that delivers a reply:
	// method ("sendMessage"), result (one of the Send* constants) and
	// how long it took.
	Send(method, result string, took time.Duration)
	// Receive is called after every getUpdates, and every webhook
	// delivery, with whether it succeeded.
	Receive(ok bool)
	// StoreError is called when a write to the store failed (op names
	// it: "commit"); the bot retries and loses nothing.
	StoreError(op string)
}

// Results of a send, for Metrics.Send.
const (
	SendOK        = "ok"
	SendFlood     = "429"
	SendForbidden = "403"
	SendServer    = "5xx"
	SendClient    = "4xx" // another 4xx: the request was wrong
	SendNetwork   = "network"
	SendCanceled  = "canceled"
)

// NoMetrics measures nothing.
type NoMetrics struct{}

func (NoMetrics) Update(string, string)              {}
func (NoMetrics) Question(bool, time.Duration)       {}
func (NoMetrics) Send(string, string, time.Duration) {}
func (NoMetrics) Receive(bool)                       {}
func (NoMetrics) StoreError(string)                  {}

// QueueDepth is the number of replies waiting to be sent.
func (b *Bot) QueueDepth() int { return b.lim.pending() }

// sendResult classifies a send's error for Metrics.Send.
func sendResult(err error) string {
	if err == nil {
		return SendOK
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return SendCanceled
	}
	var e *apiError
	if !errors.As(err, &e) || e.Code == 0 {
		return SendNetwork
	}
	switch {
	case e.Code == 429:
		return SendFlood
	case e.Code == 403:
		return SendForbidden
	case e.Code >= 500:
		return SendServer
	}
	return SendClient
}

// updateKind is the kind of update, for Metrics.Update.
func updateKind(u *update) (kind, chatType string) {
	switch {
	case u.Message != nil:
		return "message", u.Message.ChatType
	case u.Inline != nil:
		return "inline_query", ""
	case u.Callback != nil:
		return "callback_query", u.Callback.ChatType
	}
	return "other", ""
}
