// Package telegramtest is an in-process fake of the Telegram Bot API for
// tests, on loopback. It behaves like Telegram, not like a bot would like it
// to: getUpdates confirms by offset and long-polls for real, a second
// getUpdates ends the first with 409, sendMessage refuses empty text, text
// over 4096 UTF-16 units and broken HTML with Telegram's 400 errors,
// replies must name a message of the chat, inline query ids expire once
// answered, and the entities of users' messages (bot_command, mention) are
// computed from the text with UTF-16 offsets. Faults (429 with
// retry_after, 5xx, a proxy's error page) can be scripted, and rate limits
// enforced with 429 as Telegram does.
//
// It does not import the bot's Telegram library: it speaks the wire format.
package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// Options configure a Server.
type Options struct {
	Token       string // default "123456:TEST-token"
	BotID       int64  // default 4242
	BotUsername string // default "VisitTestBot"
	// OmitOptional leaves optional fields (is_bot, can_join_groups, ...)
	// out of replies, as some emulators do.
	OmitOptional bool
	Limits       *Limits
	// WebhookRetry is the wait before delivering an update again after
	// the webhook failed (default 20ms).
	WebhookRetry time.Duration
}

// Server is the fake Bot API.
type Server struct {
	URL   string
	Token string
	Bot   User
	opt   Options
	srv   *httptest.Server

	mu        sync.Mutex
	changed   chan struct{}
	updates   []Update // not yet confirmed
	nextUpd   int
	pollGen   int
	chats     map[int64]Chat
	messages  map[int64]map[int]*Message
	nextMsg   map[int64]int
	sent      []Sent
	inline    map[string]*InlineAnswer
	queries   map[string]bool // open inline queries
	commands  map[string][]Command
	files     map[string][]byte          // file_id -> content
	migrated  map[int64]int64            // group -> the supergroup it became
	callbacks map[string]*CallbackAnswer // open (nil) or answered
	filePaths map[string]string          // file_path -> file_id
	faults    []*fault
	calls     map[string]int
	limitLog  []limitRec
	violation []string
	flooded   int
	webhook   string
	secret    string
	hookStop  chan struct{}
	hookDone  chan struct{}
}

// New starts a server on loopback; it closes when the test ends.
func New(t testing.TB, opt Options) *Server {
	s := newServer(opt, nil)
	if t != nil {
		t.Cleanup(s.Close)
	}
	return s
}

// NewAt starts a server listening on addr ("127.0.0.1:8081"), to run the
// visitbot binary against by hand; Close stops it.
func NewAt(addr string, opt Options) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return newServer(opt, ln), nil
}

func newServer(opt Options, ln net.Listener) *Server {
	if opt.Token == "" {
		opt.Token = "123456:TEST-token"
	}
	if opt.BotID == 0 {
		opt.BotID = 4242
	}
	if opt.BotUsername == "" {
		opt.BotUsername = "VisitTestBot"
	}
	if opt.WebhookRetry == 0 {
		opt.WebhookRetry = 20 * time.Millisecond
	}
	s := &Server{
		Token: opt.Token, opt: opt,
		Bot:     User{ID: opt.BotID, IsBot: true, FirstName: "Visit Bot", Username: opt.BotUsername},
		changed: make(chan struct{}), nextUpd: 100000,
		chats: map[int64]Chat{}, messages: map[int64]map[int]*Message{}, nextMsg: map[int64]int{},
		inline: map[string]*InlineAnswer{}, queries: map[string]bool{}, commands: map[string][]Command{},
		files: map[string][]byte{}, filePaths: map[string]string{}, calls: map[string]int{},
		migrated: map[int64]int64{}, callbacks: map[string]*CallbackAnswer{},
	}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	if ln != nil {
		s.srv.Listener.Close()
		s.srv.Listener = ln
	}
	s.srv.Start()
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	stop := s.stopWebhookLocked()
	s.mu.Unlock()
	if stop != nil {
		<-stop
	}
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Endpoint is the API endpoint in the library's form: URL/bot%s/%s.
func (s *Server) Endpoint() string { return s.URL + "/bot%s/%s" }

func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// WaitFor waits until cond holds or ctx ends. cond is checked after every
// change of the server's state, and every few milliseconds for conditions
// on state outside the server; it may call the Server's methods.
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-tick.C:
		case <-ctx.Done():
			return fmt.Errorf("telegramtest: condition not met: %w", ctx.Err())
		}
	}
}

// apiErr is an error reply.
type apiErr struct {
	code       int
	desc       string
	retryAfter int
	migrateTo  int64
}

func badRequest(format string, args ...any) *apiErr {
	return &apiErr{code: 400, desc: "Bad Request: " + fmt.Sprintf(format, args...)}
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if strings.HasPrefix(path, "/file/bot") {
		s.serveFile(w, r)
		return
	}
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		writeJSON(w, 404, map[string]any{"ok": false, "error_code": 404, "description": "Not Found"})
		return
	}
	token, method, ok := strings.Cut(rest, "/")
	if !ok || token == "" {
		writeJSON(w, 404, map[string]any{"ok": false, "error_code": 404, "description": "Not Found"})
		return
	}
	if token != s.Token {
		writeJSON(w, 401, map[string]any{"ok": false, "error_code": 401, "description": "Unauthorized"})
		return
	}
	params, err := readParams(r)
	if err != nil {
		writeJSON(w, 400, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: " + err.Error()})
		return
	}
	method = strings.ToLower(method)
	if s.serveFault(w, r, method) {
		return
	}
	var result any
	var aerr *apiErr
	switch method {
	case "getme":
		result = s.getMe()
	case "getupdates":
		result, aerr = s.getUpdates(r.Context(), params)
	case "sendmessage":
		result, aerr = s.sendMessage(params)
	case "editmessagetext":
		result, aerr = s.editMessageText(params)
	case "answercallbackquery":
		result, aerr = s.answerCallbackQuery(params)
	case "answerinlinequery":
		result, aerr = s.answerInlineQuery(params)
	case "setmycommands":
		result, aerr = s.setMyCommands(params)
	case "getfile":
		result, aerr = s.getFile(params)
	case "setwebhook":
		result, aerr = s.setWebhook(params)
	case "deletewebhook":
		result, aerr = s.deleteWebhook(params)
	case "getwebhookinfo":
		s.mu.Lock()
		result = map[string]any{"url": s.webhook, "has_custom_certificate": false, "pending_update_count": len(s.updates)}
		s.mu.Unlock()
	default:
		aerr = &apiErr{code: 404, desc: "Not Found"}
	}
	if aerr != nil {
		writeErr(w, aerr)
		return
	}
	writeJSON(w, 200, map[string]any{"ok": true, "result": result})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, e *apiErr) {
	body := map[string]any{"ok": false, "error_code": e.code, "description": e.desc}
	switch {
	case e.retryAfter > 0:
		body["parameters"] = map[string]any{"retry_after": e.retryAfter}
	case e.migrateTo != 0:
		body["parameters"] = map[string]any{"migrate_to_chat_id": e.migrateTo}
	}
	writeJSON(w, e.code, body)
}

// readParams reads a request's parameters as the Bot API accepts them: query
// string, form (urlencoded or multipart) or JSON body.
func readParams(r *http.Request) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range r.URL.Query() {
		out[k] = v[0]
	}
	if r.Method != http.MethodPost {
		return out, nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/json":
		var m map[string]json.RawMessage
		body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(body)) == 0 {
			return out, nil
		}
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, errors.New("can't parse JSON body")
		}
		for k, v := range m {
			var s string
			if json.Unmarshal(v, &s) == nil {
				out[k] = s
			} else {
				out[k] = string(v)
			}
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(10 << 20); err != nil {
			return nil, err
		}
		for k, v := range r.MultipartForm.Value {
			out[k] = v[0]
		}
	default:
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		for k, v := range r.PostForm {
			out[k] = v[0]
		}
	}
	return out, nil
}

func (s *Server) getMe() any {
	if s.opt.OmitOptional {
		return map[string]any{"id": s.Bot.ID, "first_name": s.Bot.FirstName, "username": s.Bot.Username}
	}
	return map[string]any{"id": s.Bot.ID, "is_bot": true, "first_name": s.Bot.FirstName, "username": s.Bot.Username,
		"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": true}
}

// Units is the UTF-16 length of s, as Telegram counts.
func Units(s string) int { return len(utf16.Encode([]rune(s))) }
