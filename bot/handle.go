package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/visitbot/visitbot/qa"
)

// handle turns one update (a message: inline queries and button presses
// take goAside) into the messages that answer it.
func (b *Bot) handle(ctx context.Context, u *update) []*outgoing {
	if u.Message != nil {
		return b.handleMessage(ctx, u, u.Message)
	}
	return nil
}

func (b *Bot) isAdmin(id int64) bool { return id != 0 && b.admins[id] }

func (b *Bot) handleMessage(ctx context.Context, u *update, m *message) []*outgoing {
	r := routeMessage(b.me, m)
	if r.Action == actIgnore {
		return nil
	}
	// Admins' commands and uploads are never limited; anyone else's
	// messages, uploads included, are.
	admin := b.isAdmin(m.From.ID)
	if r.Action == actUpload && !admin {
		// Not an admin: a caption is a question; a bare document gets
		// told who may add sources.
		doc := *m
		doc.Document = nil
		if r = routePrivate(b.me, &doc); r.Action == actIgnore {
			b.log.Warn("upload refused: not an admin", "user_id", m.From.ID, "username", m.From.Username, "chat_id", m.ChatID)
			return b.reply(u, m, formatText(msgUploadNotAdmin), "")
		}
	}
	adminCmd := (r.Action == actCommand && adminCommands[r.Command] || r.Action == actUpload) && admin
	if !adminCmd {
		if ok, notice, wait := b.users.allow(m.senderKey(), time.Now()); !ok {
			b.log.Debug("user over the rate limit", "user_id", m.From.ID, "chat_id", m.ChatID, "notice", notice)
			if notice {
				return b.reply(u, m, formatText(slowDownText(wait)), "")
			}
			return nil
		}
	}
	switch r.Action {
	case actQuestion:
		return b.answer(ctx, u, m, r)
	case actPrompt:
		return b.reply(u, m, formatText(promptText(r.Command, b.me.Username)), "")
	case actUpload:
		return b.handleUpload(u, m)
	case actCommand:
		return b.handleCommand(ctx, u, m, r)
	}
	return nil
}

// adminCommands need the sender to be an admin.
var adminCommands = map[string]bool{
	"reload": true, "rollback": true, "stats": true,
	"unanswered": true, "alias": true, "unalias": true, "remove": true,
}

func (b *Bot) handleCommand(ctx context.Context, u *update, m *message, r route) []*outgoing {
	if adminCommands[r.Command] && !b.isAdmin(m.From.ID) {
		b.log.Warn("admin command refused: not an admin", "command", r.Command, "user_id", m.From.ID,
			"username", m.From.Username, "chat_id", m.ChatID)
		return b.reply(u, m, formatText(msgNotAdmin), "")
	}
	text := ""
	switch r.Command {
	case "start":
		text = startText(b.store.Current(), b.me.Username)
	case "help":
		text = helpText(b.me.Username, b.isAdmin(m.From.ID))
	case "sources":
		text = b.sourcesText()
	case "stats":
		text = statsText(b.stats, time.Since(b.started), b.store.Current(), b.lim.pending()) + feedbackText(b.loop)
	case "unanswered":
		text = unansweredText(b.loop.top(unansweredShown))
	case "alias", "unalias", "remove":
		b.log.Info("admin command", "command", r.Command, "user_id", m.From.ID, "chat_id", m.ChatID)
		run := map[string]func(context.Context, string) string{"alias": b.alias, "unalias": b.unalias, "remove": b.removeSource}[r.Command]
		b.goJob(r.Command, func(ctx context.Context) []*outgoing {
			return b.reply(u, m, formatText(run(ctx, r.Text)), "")
		})
		return nil
	case "reload":
		b.log.Info("reload requested", "user_id", m.From.ID, "chat_id", m.ChatID)
		b.goJob("reload", func(ctx context.Context) []*outgoing {
			return b.reply(u, m, formatText(b.reload(ctx)), "")
		})
		return nil
	case "rollback":
		b.log.Info("rollback requested", "user_id", m.From.ID, "chat_id", m.ChatID)
		b.goJob("rollback", func(ctx context.Context) []*outgoing {
			return b.reply(u, m, formatText(b.rollback(ctx)), "")
		})
		return nil
	default:
		if m.ChatType != chatPrivate {
			return nil
		}
		text = msgUnknown
	}
	return b.reply(u, m, formatText(text), "")
}

// answer answers a question from the knowledge base; a follow-up (a reply
// to one of the bot's answers) is read with the question that answer
// answered, or failing that, with the answer's text.
func (b *Bot) answer(ctx context.Context, u *update, m *message, r route) []*outgoing {
	prev, known := "", false
	if r.FollowUp {
		if prev = b.contexts.get(m.ChatID, r.PreviousID); prev != "" {
			known = true
		} else {
			prev = r.Previous
		}
	}
	var a qa.Answer
	start := time.Now()
	if prev != "" {
		a = b.engine.AskFollowUp(ctx, r.Text, prev)
	} else {
		a = b.engine.Ask(ctx, r.Text)
	}
	b.cfg.Metrics.Question(a.Answered, time.Since(start))
	b.stats.count(m.ChatType, a.Answered)
	b.loop.remember(m.ChatType, a, time.Now())
	ctxText := r.Text
	if known {
		ctxText = lastLine(prev) + "\n" + r.Text
	}
	out := b.reply(u, m, formatAnswer(a), ctxText)
	if len(out) > 0 {
		out[len(out)-1].Buttons = answerButtons(r.Text, a.Answered, true)
	}
	return out
}

func lastLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// inlineLimit bounds inline queries a user: clients send one as the user
// types, so it is looser than the question limit, and it has no notice.
var inlineLimit = UserLimit{Burst: 30, Every: 300 * time.Millisecond}

// inlineTimeout bounds answering one inline query: Telegram gives up on an
// inline query's answer after about 10 seconds.
const inlineTimeout = 10 * time.Second

// maxInlineInFlight bounds the inline answers being worked on at once; a
// query beyond it is dropped (the client asks again as the user types).
const maxInlineInFlight = 64

// goAside answers an inline query or a button press on its own goroutine,
// within inlineTimeout, so that it holds up no other update.
func (b *Bot) goAside(u *update) {
	select {
	case b.inlineSem <- struct{}{}:
	default:
		b.log.Warn("inline query or button press dropped: too many in flight", "update_id", u.ID)
		return
	}
	b.inlineWG.Add(1)
	go func() {
		defer b.inlineWG.Done()
		defer func() { <-b.inlineSem }()
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("panic answering an inline query", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			}
		}()
		ctx, cancel := context.WithTimeout(b.inlineCtx, inlineTimeout)
		defer cancel()
		if u.Inline != nil {
			b.answerInline(ctx, u.Inline)
		} else {
			b.handleCallback(ctx, u.Callback)
		}
	}()
}

// answerInline offers up to three cited sentences, or one result that
// explains the article does not say. It retries a 429 or a transient
// failure only while the query can still be answered (ctx).
func (b *Bot) answerInline(ctx context.Context, q *inlineQuery) {
	text := strings.TrimSpace(q.Query)
	results := []inlineResult{}
	if text != "" {
		if ok, _, _ := b.inline().allow(q.From.ID, time.Now()); !ok {
			return
		}
		a := b.engine.Ask(ctx, text)
		b.stats.count(chatInline, a.Answered)
		results = inlineResults(a)
	}
	for attempt := 1; ; attempt++ {
		err := b.api.answerInline(ctx, q.ID, results, 60)
		if err == nil {
			return
		}
		var wait time.Duration
		switch classify(err) {
		case errFlood:
			var ae *apiError
			asAPIError(err, &ae)
			wait = time.Duration(max(ae.RetryAfter, 1)) * b.cfg.Limits.RetryAfterUnit
		case errTransient:
			wait = b.cfg.Limits.backoff(attempt)
		}
		deadline, _ := ctx.Deadline()
		if wait == 0 || attempt >= 3 || time.Now().Add(wait).After(deadline) {
			// Past the query's life, an answer is of no use to anyone.
			b.log.Warn("answerInlineQuery failed; not retried", "user_id", q.From.ID, "attempt", attempt, "wait", wait, "err", err)
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

func (b *Bot) inline() *userLimiter {
	b.inlineOnce.Do(func() { b.inlineUsers = newUserLimiter(inlineLimit) })
	return b.inlineUsers
}

// maxInlineResults is how many cited sentences inline mode offers.
const maxInlineResults = 3

func inlineResults(a qa.Answer) []inlineResult {
	q := a.Question
	if !a.Answered || len(a.Citations) == 0 {
		return []inlineResult{{
			ID: "none", Title: "文章没有说", Description: a.Text,
			HTML: "问:" + escapeHTML(truncateUnits(q, 512)) + "\n" + escapeHTML(a.Text),
		}}
	}
	withDoc := a.Documents > 1
	var out []inlineResult
	for i, c := range a.Citations {
		if i == maxInlineResults {
			break
		}
		out = append(out, inlineResult{
			ID:          fmt.Sprintf("%d-%s", i+1, c.Ref),
			Title:       "文章" + c.Place(withDoc),
			Description: truncateRunes(strings.TrimSpace(c.Text), 200),
			HTML:        inlineMessage(q, c, withDoc),
		})
	}
	return out
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n-1 {
			return s[:j] + "…"
		}
		i++
	}
	return s
}
