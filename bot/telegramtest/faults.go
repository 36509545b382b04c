package telegramtest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Limits makes the server enforce Telegram's flood limits on sendMessage:
// a send over them gets 429 with RetryAfter, and is counted as a violation.
type Limits struct {
	ChatInterval   time.Duration // least time between two messages to a chat
	GroupMessages  int           // per GroupWindow to one group
	GroupWindow    time.Duration
	GlobalMessages int // per GlobalWindow in all
	GlobalWindow   time.Duration
	RetryAfter     int // what the 429 says
}

type fault struct {
	method     string
	n          int
	code       int
	retryAfter int
	delay      time.Duration // a hang: served normally after delay
}

type limitRec struct {
	chat  int64
	group bool
	at    time.Time
}

// Fail makes the next n calls of method fail with code (429 carries
// retryAfter; 502 comes as a proxy's HTML page, not JSON).
func (s *Server) Fail(method string, n, code, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{method: strings.ToLower(method), n: n, code: code, retryAfter: retryAfter})
}

// Hang makes the next n calls of method wait d before they are served
// (a client that gives up first gets nothing).
func (s *Server) Hang(method string, n int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{method: strings.ToLower(method), n: n, delay: d})
}

// Violations lists the sends that broke the Limits (accepted or not).
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violation...)
}

// Flooded is how many sends got 429 for breaking the Limits.
func (s *Server) Flooded() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.flooded
}

// checkLimitsLocked applies the Limits to a send to chat now: a send over
// them is a violation and gets 429.
func (s *Server) checkLimitsLocked(chat Chat) *apiErr {
	l := s.opt.Limits
	if l == nil {
		return nil
	}
	now := time.Now()
	group := chat.Type == "group" || chat.Type == "supergroup"
	var inChat, inGroup, inGlobal int
	var last time.Time
	for _, r := range s.limitLog {
		if r.chat == chat.ID && r.at.After(last) {
			last = r.at
		}
		if group && r.chat == chat.ID && now.Sub(r.at) < l.GroupWindow {
			inGroup++
		}
		if now.Sub(r.at) < l.GlobalWindow {
			inGlobal++
		}
	}
	_ = inChat
	var why string
	switch {
	case !last.IsZero() && now.Sub(last) < l.ChatInterval:
		why = fmt.Sprintf("chat %d: %v since the last message (limit %v)", chat.ID, now.Sub(last), l.ChatInterval)
	case group && l.GroupMessages > 0 && inGroup >= l.GroupMessages:
		why = fmt.Sprintf("group %d: %d messages in %v", chat.ID, inGroup+1, l.GroupWindow)
	case l.GlobalMessages > 0 && inGlobal >= l.GlobalMessages:
		why = fmt.Sprintf("global: %d messages in %v", inGlobal+1, l.GlobalWindow)
	}
	if why != "" {
		s.violation = append(s.violation, why)
		s.flooded++
		ra := max(l.RetryAfter, 1)
		return &apiErr{code: 429, desc: fmt.Sprintf("Too Many Requests: retry after %d", ra), retryAfter: ra}
	}
	s.limitLog = append(s.limitLog, limitRec{chat: chat.ID, group: group, at: now})
	// Forget what no window can see any more.
	horizon := max(l.GroupWindow, l.GlobalWindow, l.ChatInterval)
	i := 0
	for i < len(s.limitLog) && now.Sub(s.limitLog[i].at) > horizon {
		i++
	}
	s.limitLog = s.limitLog[i:]
	return nil
}

// serveFault counts a call of method and, when a scripted fault is due for
// it, writes the fault and reports true.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, method string) bool {
	s.mu.Lock()
	s.calls[method]++
	var f *fault
	for _, ft := range s.faults {
		if ft.method == method && ft.n > 0 {
			ft.n--
			f = ft
			break
		}
	}
	s.mu.Unlock()
	if f != nil && f.delay > 0 {
		// A hang: the call is served normally, late (or not at all
		// when the client gives up first).
		select {
		case <-time.After(f.delay):
		case <-r.Context().Done():
		}
		return r.Context().Err() != nil
	}
	if f != nil {
		switch {
		case f.code == 502:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
		case f.code == 429:
			writeErr(w, &apiErr{code: 429, desc: fmt.Sprintf("Too Many Requests: retry after %d", f.retryAfter), retryAfter: f.retryAfter})
		case f.code >= 500:
			writeErr(w, &apiErr{code: f.code, desc: "Internal Server Error"})
		default:
			writeErr(w, &apiErr{code: f.code, desc: "Bad Request: scripted fault"})
		}
		s.mu.Lock()
		s.notifyLocked()
		s.mu.Unlock()
		return true
	}
	return false
}
