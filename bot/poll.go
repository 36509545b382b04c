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
	if err := b.startCall(ctx, "deleteWebhook", b.api.deleteWebhook); err != nil {
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
	failures, idle := 0, 0
	ad := newAdaptive(b.cfg.PollLimit)
	for ctx.Err() == nil {
		limit := ad.limit()
		fetched := time.Now()
		ups, threads, bad, err := b.api.getUpdates(ctx, offset, limit, b.cfg.PollTimeout)
		if ctx.Err() == nil {
			b.cfg.Metrics.Receive(err == nil)
		}
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
		rtt := received.Sub(fetched)
		next := offset
		bt := &batch{}
		for i := range ups {
			id := ups[i].UpdateID
			if id < offset {
				continue // a server that ignores offset: already handled
			}
			next = max(next, id+1)
			u := convert(&ups[i], received, threads[id])
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
		handled := time.Now()
		if next == offset && len(bt.msgs) == 0 {
			// Nothing new. A long poll that comes back at once with
			// nothing is a server that ignores timeout (or offset):
			// do not spin on it.
			if rtt < b.cfg.PollTimeout/20 {
				idle++
				select {
				case <-ctx.Done():
					return nil
				case <-time.After(min(time.Duration(idle)*50*time.Millisecond, time.Second)):
				}
			}
			continue
		}
		idle = 0
		if err := b.commitRetry(ctx, bt.msgs, next); err != nil {
			if ctx.Err() != nil {
				return nil // stopping: the batch is fetched again at the next start
			}
			return fmt.Errorf("storing the update offset: %w", err)
		}
		offset = next
		ad.observe(len(ups), len(ups)+len(bad) >= limit, rtt, handled.Sub(received), time.Since(handled))
	}
	return nil
}

// adaptive chooses how many updates to ask getUpdates for. Each batch costs
// a round trip and a commit (a disk sync) whatever its size, and an update
// waits for those before it in its batch: so the batch is sized for its
// work to take about 3/5 of the round trip and the commit, which keeps the
// throughput above a third of the bot's top rate and an update's wait
// within a round trip. Against api.telegram.org (tens of milliseconds away)
// that is the full 100; against a local server, a few dozen. (Measured
// with BenchmarkUpdates: 1 gave 1.3 times the throughput and 2.3 times the
// p99 latency of 3/5.)
type adaptive struct {
	max      int
	perItem  time.Duration // handling time an update, smoothed
	overhead time.Duration // round trip and commit of a full batch, smoothed
}

// minPollLimit is the least batch asked for.
const minPollLimit = 16

func newAdaptive(max int) *adaptive {
	return &adaptive{max: max, perItem: 100 * time.Microsecond, overhead: 2 * time.Millisecond}
}

func (a *adaptive) limit() int {
	if a.max <= minPollLimit {
		return a.max
	}
	n := int(max(a.overhead, 2*time.Millisecond) * 3 / 5 / max(a.perItem, time.Microsecond))
	return min(max(n, minPollLimit), a.max)
}

// observe takes in a batch of n updates: its round trip (meaningful only
// when the batch was full, that is not a long poll's wait), its handling
// and its commit.
func (a *adaptive) observe(n int, full bool, rtt, handling, commit time.Duration) {
	if n == 0 {
		return
	}
	a.perItem = (3*a.perItem + handling/time.Duration(n)) / 4
	if full {
		a.overhead = (3*a.overhead + rtt + commit) / 4
	}
}

// shardKey puts a chat's updates (or an inline user's) on one worker.
func shardKey(u *update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.ChatID
	case u.Inline != nil:
		return u.Inline.From.ID
	case u.Callback != nil:
		return u.Callback.ChatID
	}
	return int64(u.ID)
}

func (b *Bot) loadOffset() (int, error) {
	data, err := b.state.Get(keyOffset)
	if err != nil || len(data) == 0 {
		return 0, err
	}
	n, err := strconv.Atoi(string(data))
	if err != nil {
		return 0, fmt.Errorf("stored update offset %q: %w", data, err)
	}
	return n, nil
}
