package bot

import (
	"context"
	"time"
)

// startCallTimeout bounds one attempt of a Bot API call made at start-up.
const startCallTimeout = 15 * time.Second

// defaultStartRetry is how long start-up calls keep trying a Bot API that
// cannot be reached (Config.StartRetry).
const defaultStartRetry = 5 * time.Minute

// startCall makes a Bot API call of the start-up (getMe, deleteWebhook,
// setWebhook, setMyCommands): each attempt within startCallTimeout; a
// network error, a timeout, a 5xx or a 429 is retried with capped backoff
// (Limits.BackoffMin doubling up to BackoffMax, or retry_after), each
// attempt logged, for up to Config.StartRetry. An answer that retrying
// cannot change (401: the token is rejected; another 4xx) is returned at
// once, as is ctx's end.
func (b *Bot) startCall(ctx context.Context, method string, call func(context.Context) error) error {
	giveUp := time.Now().Add(b.cfg.StartRetry)
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, startCallTimeout)
		err := call(actx)
		cancel()
		if err == nil || ctx.Err() != nil {
			return err
		}
		var wait time.Duration
		switch classify(err) {
		case errTransient:
			wait = b.cfg.Limits.backoff(attempt)
		case errFlood:
			var ae *apiError
			asAPIError(err, &ae)
			wait = time.Duration(max(ae.RetryAfter, 1)) * b.cfg.Limits.RetryAfterUnit
		default:
			return err
		}
		if time.Now().Add(wait).After(giveUp) {
			b.log.Error("Bot API call failed at start-up; giving up", "method", method, "attempts", attempt, "err", err)
			return err
		}
		b.log.Warn("Bot API call failed at start-up; retrying", "method", method, "attempt", attempt, "wait", wait, "err", err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}
