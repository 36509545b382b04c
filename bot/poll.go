package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// errFatal wraps the errors after which the bot cannot go on.
var errFatal = errors.New("fatal")

// poll is long polling with the offset kept in bbolt. Each getUpdates reply
// is one batch: its updates are handled (in parallel, a chat's in order),
// then its replies and the next offset are committed in one transaction,
// and only then is the next getUpdates sent, whose offset tells Telegram
// the batch is done. So an update is either before the stored offset with
// its replies in the outbox, or after it and fetched again by the next
// start: a restart neither loses nor repeats an answer.
func (b *Bot) poll(ctx context.Context) error {
	if err := b.api.deleteWebhook(ctx); err != nil {
		if classify(err) == errUnauthorized {
			return fmt.Errorf("%w: the Bot API no longer accepts the token: %v", errFatal, err)
		}
		if ctx.Err() != nil {
			return nil
		}
		b.log.Warn("deleteWebhook failed; polling anyway", "err", err)
	}
	offset, err := b.loadOffset()
	if err != nil {
		return err
	}
	b.log.Info("polling for updates", "offset", offset, "timeout", b.cfg.PollTimeout)
	failures := 0
	for ctx.Err() == nil {
		ups, bad, err := b.api.getUpdates(ctx, offset, b.cfg.PollLimit, b.cfg.PollTimeout)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			failures++
			wait := b.cfg.Limits.backoff(failures)
			switch classify(err) {
			case errUnauthorized:
				return fmt.Errorf("%w: the Bot API no longer accepts the token: %v", errFatal, err)
			case errConflict:
				b.log.Error("getUpdates conflict: another instance is polling with this token, or a webhook is set", "err", err, "wait", wait)
			case errFlood:
				var ae *apiError
				asAPIError(err, &ae)
				wait = time.Duration(max(ae.RetryAfter, 1)) * b.cfg.Limits.RetryAfterUnit
				b.log.Warn("getUpdates flood limit", "retry_after", ae.RetryAfter)
			default:
				b.log.Warn("getUpdates failed; retrying", "attempt", failures, "wait", wait, "err", err)
			}
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(wait):
			}
			continue
		}
		failures = 0
		received := time.Now()
		next := offset
		bt := &batch{}
		for i := range ups {
			id := ups[i].UpdateID
			if id < offset {
				continue // a server that ignores offset: already handled
			}
			next = max(next, id+1)
			u := convert(&ups[i], received)
			bt.wg.Add(1)
			b.pool.submit(shardKey(u), job{u: u, b: bt})
		}
		for _, id := range bad {
			b.log.Warn("update not decodable; skipped", "update_id", id)
			if id >= offset {
				next = max(next, id+1)
			}
		}
		bt.wg.Wait()
		if next == offset && len(bt.msgs) == 0 {
			continue
		}
		if err := b.commitRetry(bt.msgs, next); err != nil {
			return fmt.Errorf("storing the update offset: %w", err)
		}
		offset = next
	}
	return nil
}

// shardKey puts a chat's updates (or an inline user's) on one worker.
func shardKey(u *update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.ChatID
	case u.Inline != nil:
		return u.Inline.From.ID
	}
	return int64(u.ID)
}

func (b *Bot) loadOffset() (int, error) {
	data, err := b.store.GetState(keyOffset)
	if err != nil || len(data) == 0 {
		return 0, err
	}
	n, err := strconv.Atoi(string(data))
	if err != nil {
		return 0, fmt.Errorf("stored update offset %q: %w", data, err)
	}
	return n, nil
}
