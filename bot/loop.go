package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/qa"
)

// The improvement loop: what the bot could not answer, and what people
// thought of its answers, kept for the admins (/unanswered, /stats) so that
// they can teach it (/alias, uploads). Nothing here holds a user id.

// State keys of the loop.
const (
	prefixUnanswered = "unanswered/" // unanswered/<normalised question> -> JSON unansweredEntry
	prefixFeedback   = "feedback/"   // feedback/<question id> -> JSON feedbackEntry
)

// maxUnanswered bounds the declined questions remembered: beyond it, the
// least asked (then the longest ago) is forgotten.
const maxUnanswered = 500

// maxQuestionKey bounds a remembered question, in bytes.
const maxQuestionKey = 300

// unansweredEntry is a declined question, normalised: how often, in which
// kinds of chat, and when last.
type unansweredEntry struct {
	Question string           `json:"q"`
	Count    int64            `json:"n"`
	Types    map[string]int64 `json:"types"`
	Last     time.Time        `json:"last"`
	// Why the engine declined it, and what the text says it is about,
	// when last asked: they choose the hint /unanswered gives.
	Why   qa.Reason `json:"why,omitempty"`
	About string    `json:"about,omitempty"`
}

// feedbackEntry counts the 👍 and 👎 given to the answers of one question.
type feedbackEntry struct {
	Question string `json:"q"`
	Up       int64  `json:"up"`
	Down     int64  `json:"down"`
}

// loop holds the unanswered questions and the feedback in memory; changes
// are written with the next commit (takeDirty).
type loop struct {
	mu         sync.Mutex
	unanswered map[string]*unansweredEntry // by normalised question
	feedback   map[string]*feedbackEntry   // by question id
	dirty      map[string]bool             // state keys changed since the last commit
	voted      map[voteKey]bool            // this run's votes, one a person a message
}

type voteKey struct {
	user, chat int64
	msg        int
}

func newLoop() *loop {
	return &loop{unanswered: map[string]*unansweredEntry{}, feedback: map[string]*feedbackEntry{},
		dirty: map[string]bool{}, voted: map[voteKey]bool{}}
}

// load reads what a previous run stored.
func (l *loop) load(st State) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	err := st.Scan(prefixUnanswered, func(key string, val []byte) error {
		var e unansweredEntry
		if json.Unmarshal(val, &e) == nil && e.Count > 0 {
			l.unanswered[strings.TrimPrefix(key, prefixUnanswered)] = &e
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("unanswered questions: %w", err)
	}
	err = st.Scan(prefixFeedback, func(key string, val []byte) error {
		var e feedbackEntry
		if json.Unmarshal(val, &e) == nil {
			l.feedback[strings.TrimPrefix(key, prefixFeedback)] = &e
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	return nil
}

// normQuestion is the form a question is remembered in: normalised as the
// engine reads it, spaces and end punctuation trimmed, at most
// maxQuestionKey bytes.
func normQuestion(q string) string {
	s := strings.TrimFunc(analysis.Normalize(q), func(r rune) bool {
		return r == ' ' || r == '?' || r == '!' || r == '.' || r == '。' || r == '？' || r == '！' || r == '~'
	})
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxQuestionKey {
		cut := maxQuestionKey
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return s
}

// questionID names a question in callback data (Telegram allows 64 bytes).
func questionID(q string) string {
	h := fnv.New64a()
	h.Write([]byte(normQuestion(q)))
	return fmt.Sprintf("%016x", h.Sum64())
}

// declined reports whether an answer is the article not saying, as opposed
// to a message that held no question.
func declined(a qa.Answer) bool {
	if a.Answered {
		return false
	}
	switch a.Reason {
	case qa.ReasonEmpty, qa.ReasonTooLong, qa.ReasonNoKnowledge, qa.ReasonCancelled:
		return false
	}
	return strings.TrimSpace(a.Question) != ""
}

// remember notes the questions of a that the article did not answer.
func (l *loop) remember(chatType string, a qa.Answer, now time.Time) {
	qs := []qa.Answer{a}
	if len(a.Parts) > 0 {
		qs = a.Parts
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range qs {
		if !declined(p) {
			continue
		}
		k := normQuestion(p.Question)
		if k == "" {
			continue
		}
		e := l.unanswered[k]
		if e == nil {
			if len(l.unanswered) >= maxUnanswered {
				l.evictLocked()
			}
			e = &unansweredEntry{Question: k, Types: map[string]int64{}}
			l.unanswered[k] = e
		}
		e.Count++
		e.Types[chatType]++
		e.Why, e.About = p.Reason, p.About
		e.Last = now.UTC().Truncate(time.Second)
		l.dirty[prefixUnanswered+k] = true
	}
}

// evictLocked forgets the least asked unanswered question, the oldest
// among equals.
func (l *loop) evictLocked() {
	var worst string
	var we *unansweredEntry
	for k, e := range l.unanswered {
		if we == nil || e.Count < we.Count || e.Count == we.Count && (e.Last.Before(we.Last) || e.Last.Equal(we.Last) && k < worst) {
			worst, we = k, e
		}
	}
	if we != nil {
		delete(l.unanswered, worst)
		l.dirty[prefixUnanswered+worst] = true
	}
}

// top returns the n most asked unanswered questions, most recent first
// among equals.
func (l *loop) top(n int) []unansweredEntry {
	l.mu.Lock()
	out := make([]unansweredEntry, 0, len(l.unanswered))
	for _, e := range l.unanswered {
		out = append(out, *e)
	}
	l.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if !a.Last.Equal(b.Last) {
			return a.Last.After(b.Last)
		}
		return a.Question < b.Question
	})
	return out[:min(n, len(out))]
}

// resolve asks every remembered question again and forgets those now
// answered, returning them (most asked first).
func (l *loop) resolve(ctx context.Context, e *qa.Engine) []string {
	var done []string
	for _, u := range l.top(maxUnanswered) {
		if ctx.Err() != nil {
			break
		}
		if e.Ask(ctx, u.Question).Answered {
			done = append(done, u.Question)
		}
	}
	l.mu.Lock()
	for _, q := range done {
		delete(l.unanswered, q)
		l.dirty[prefixUnanswered+q] = true
	}
	l.mu.Unlock()
	return done
}

// vote counts a 👍 (up) or 👎 on the answer to question (id qid), once a
// person a message in this run; it reports false for a second vote.
func (l *loop) vote(qid, question string, up bool, k voteKey) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.voted[k] {
		return false
	}
	if len(l.voted) >= 100_000 {
		clear(l.voted)
	}
	l.voted[k] = true
	e := l.feedback[qid]
	if e == nil {
		e = &feedbackEntry{}
		l.feedback[qid] = e
	}
	if question != "" {
		e.Question = normQuestion(question)
	}
	if up {
		e.Up++
	} else {
		e.Down++
	}
	l.dirty[prefixFeedback+qid] = true
	return true
}

// feedbackSummary is the totals and the questions with the most 👎.
func (l *loop) feedbackSummary(n int) (up, down int64, worst []feedbackEntry) {
	l.mu.Lock()
	for _, e := range l.feedback {
		up += e.Up
		down += e.Down
		if e.Down > 0 {
			worst = append(worst, *e)
		}
	}
	l.mu.Unlock()
	sort.Slice(worst, func(i, j int) bool {
		if worst[i].Down != worst[j].Down {
			return worst[i].Down > worst[j].Down
		}
		return worst[i].Question < worst[j].Question
	})
	return up, down, worst[:min(n, len(worst))]
}

// takeDirty returns the state to write for the changes since the last
// call: puts, and keys to delete (entries forgotten).
func (l *loop) takeDirty() (put map[string][]byte, del []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.dirty) == 0 {
		return nil, nil
	}
	put = map[string][]byte{}
	for key := range l.dirty {
		var v any
		if q, ok := strings.CutPrefix(key, prefixUnanswered); ok {
			if e := l.unanswered[q]; e != nil {
				v = e
			}
		} else if id, ok := strings.CutPrefix(key, prefixFeedback); ok {
			if e := l.feedback[id]; e != nil {
				v = e
			}
		}
		if v == nil {
			del = append(del, key)
			continue
		}
		data, _ := json.Marshal(v)
		put[key] = data
	}
	clear(l.dirty)
	return put, del
}

// markDirty puts keys back to be written again (a commit failed).
func (l *loop) markDirty(put map[string][]byte, del []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for k := range put {
		l.dirty[k] = true
	}
	for _, k := range del {
		l.dirty[k] = true
	}
}
