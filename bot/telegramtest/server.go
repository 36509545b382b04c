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
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// User is a Telegram user (or bot).
type User struct {
	ID        int64  `json:"id"`
	IsBot     bool   `json:"is_bot"`
	FirstName string `json:"first_name"`
	Username  string `json:"username,omitempty"`
}

// Chat is a Telegram chat.
type Chat struct {
	ID    int64  `json:"id"`
	Type  string `json:"type"`
	Title string `json:"title,omitempty"`
	// for private chats
	FirstName string `json:"first_name,omitempty"`
	Username  string `json:"username,omitempty"`
}

// Entity is a message entity; offsets in UTF-16 code units.
type Entity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
	URL    string `json:"url,omitempty"`
	User   *User  `json:"user,omitempty"`
}

// Document is a file sent as a document.
type Document struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileName     string `json:"file_name,omitempty"`
	MimeType     string `json:"mime_type,omitempty"`
	FileSize     int    `json:"file_size,omitempty"`
}

// Message is a message as the Bot API sends it.
type Message struct {
	MessageID      int             `json:"message_id"`
	From           *User           `json:"from,omitempty"`
	Date           int64           `json:"date"`
	Chat           Chat            `json:"chat"`
	Text           string          `json:"text,omitempty"`
	Entities       []Entity        `json:"entities,omitempty"`
	ReplyToMessage *Message        `json:"reply_to_message,omitempty"`
	Document       *Document       `json:"document,omitempty"`
	Sticker        json.RawMessage `json:"sticker,omitempty"`
	NewChatMembers []User          `json:"new_chat_members,omitempty"`
	Caption        string          `json:"caption,omitempty"`
}

// InlineQuery is an inline query.
type InlineQuery struct {
	ID       string `json:"id"`
	From     User   `json:"from"`
	Query    string `json:"query"`
	Offset   string `json:"offset"`
	ChatType string `json:"chat_type,omitempty"`
}

// Update is an update as getUpdates returns it.
type Update struct {
	UpdateID    int          `json:"update_id"`
	Message     *Message     `json:"message,omitempty"`
	InlineQuery *InlineQuery `json:"inline_query,omitempty"`
	// raw, when set, is sent instead (with update_id): an update of a
	// shape the bot may not expect.
	raw map[string]any
}

// MarshalJSON writes raw updates as they are.
func (u Update) MarshalJSON() ([]byte, error) {
	if u.raw != nil {
		m := map[string]any{"update_id": u.UpdateID}
		for k, v := range u.raw {
			m[k] = v
		}
		return json.Marshal(m)
	}
	type plain Update
	return json.Marshal(plain(u))
}

// Raw queues an update made of fields (update_id is added): for updates
// of other kinds or of unexpected shapes.
func (s *Server) Raw(fields map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queueLocked(Update{raw: fields})
}

func (u *Update) kind() string {
	for k := range u.raw {
		if k != "update_id" {
			return k
		}
	}
	switch {
	case u.Message != nil:
		return "message"
	case u.InlineQuery != nil:
		return "inline_query"
	}
	return "other"
}

// Sent is a message the bot sent that the server accepted.
type Sent struct {
	Chat      int64
	MessageID int
	Text      string // as the user sees it
	Raw       string // the text parameter as sent (HTML)
	ParseMode string
	ReplyTo   int // the message it replies to, 0 if none
	At        time.Time
}

// InlineAnswer is the bot's answer to an inline query.
type InlineAnswer struct {
	QueryID string
	Results []InlineResult
	At      time.Time
}

// InlineResult is an article result, with the message it would send as the
// user would see it.
type InlineResult struct {
	Type, ID, Title, Description string
	MessageText                  string // parsed
	RawMessageText               string
}

// Command is an entry of setMyCommands.
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

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
	files     map[string][]byte // file_id -> content
	filePaths map[string]string // file_path -> file_id
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

type fault struct {
	method     string
	n          int
	code       int
	retryAfter int
}

type limitRec struct {
	chat  int64
	group bool
	at    time.Time
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

// Private returns u's private chat with the bot.
func Private(u User) Chat {
	return Chat{ID: u.ID, Type: "private", FirstName: u.FirstName, Username: u.Username}
}

// Group returns a group chat (id should be negative).
func Group(id int64, title string) Chat { return Chat{ID: id, Type: "group", Title: title} }

// Supergroup returns a supergroup (id should be -100...).
func Supergroup(id int64, title string) Chat { return Chat{ID: id, Type: "supergroup", Title: title} }

// Post is a message a user sends.
type Post struct {
	From     User
	Chat     Chat
	Text     string
	ReplyTo  int    // id of a message of the chat it replies to
	File     string // a document's file name (with FileData)
	FileData []byte
	Sticker  bool
	Joined   []User // a service message: members joined
	// NoEntities sends the text without computed entities.
	NoEntities bool
}

var (
	commandRe = regexp.MustCompile(`/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?`)
	mentionRe = regexp.MustCompile(`@[A-Za-z0-9_]{5,32}`)
)

// Entities computes the bot_command and mention entities of text as
// Telegram does, with UTF-16 offsets.
func Entities(text string) []Entity {
	var out []Entity
	mark := func(re *regexp.Regexp, typ string) {
		for _, loc := range re.FindAllStringIndex(text, -1) {
			if loc[0] > 0 && isWordByte(text[loc[0]-1]) {
				continue
			}
			if loc[1] < len(text) && isWordByte(text[loc[1]]) {
				continue
			}
			if typ == "bot_command" && loc[0] > 0 && !isSpaceByte(text[loc[0]-1]) {
				continue
			}
			out = append(out, Entity{Type: typ, Offset: utf16Len(text[:loc[0]]), Length: utf16Len(text[loc[0]:loc[1]])})
		}
	}
	mark(commandRe, "bot_command")
	mark(mentionRe, "mention")
	sort.Slice(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '@'
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }

// Send posts a user's message and queues its update; it returns the
// message (with its id).
func (s *Server) Send(p Post) *Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.newMessageLocked(p.Chat, &p.From)
	m.Text = p.Text
	if p.Text != "" && !p.NoEntities {
		m.Entities = Entities(p.Text)
	}
	if p.ReplyTo != 0 {
		if r := s.messages[p.Chat.ID][p.ReplyTo]; r != nil {
			c := *r
			c.ReplyToMessage = nil
			m.ReplyToMessage = &c
		}
	}
	if p.File != "" {
		id := fmt.Sprintf("file-%d-%d", p.Chat.ID, m.MessageID)
		s.files[id] = p.FileData
		m.Document = &Document{FileID: id, FileUniqueID: "u" + id, FileName: p.File, MimeType: "text/plain", FileSize: len(p.FileData)}
	}
	if p.Sticker {
		m.Sticker = json.RawMessage(`{"file_id":"sticker1","file_unique_id":"s1","width":512,"height":512,"is_animated":false}`)
	}
	m.NewChatMembers = p.Joined
	s.queueLocked(Update{Message: m})
	return m
}

// Text posts a text message (a shorthand for Send).
func (s *Server) Text(from User, chat Chat, text string) *Message {
	return s.Send(Post{From: from, Chat: chat, Text: text})
}

// Reply posts a text message that replies to message replyTo.
func (s *Server) Reply(from User, chat Chat, text string, replyTo int) *Message {
	return s.Send(Post{From: from, Chat: chat, Text: text, ReplyTo: replyTo})
}

// Inline sends an inline query and returns its id.
func (s *Server) Inline(from User, query string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := fmt.Sprintf("iq%d", s.nextUpd)
	s.queries[id] = true
	s.queueLocked(Update{InlineQuery: &InlineQuery{ID: id, From: from, Query: query, ChatType: "sender"}})
	return id
}

func (s *Server) newMessageLocked(chat Chat, from *User) *Message {
	s.chats[chat.ID] = chat
	s.nextMsg[chat.ID]++
	m := &Message{MessageID: s.nextMsg[chat.ID], From: from, Date: time.Now().Unix(), Chat: chat}
	if s.messages[chat.ID] == nil {
		s.messages[chat.ID] = map[int]*Message{}
	}
	s.messages[chat.ID][m.MessageID] = m
	return m
}

func (s *Server) queueLocked(u Update) {
	s.nextUpd++
	u.UpdateID = s.nextUpd
	s.updates = append(s.updates, u)
	s.notifyLocked()
}

// Fail makes the next n calls of method fail with code (429 carries
// retryAfter; 502 comes as a proxy's HTML page, not JSON).
func (s *Server) Fail(method string, n, code, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{method: strings.ToLower(method), n: n, code: code, retryAfter: retryAfter})
}

// Sent returns the messages the bot sent to chat (all chats when chat is 0).
func (s *Server) Sent(chat int64) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Sent
	for _, m := range s.sent {
		if chat == 0 || m.Chat == chat {
			out = append(out, m)
		}
	}
	return out
}

// SentCount is the number of messages the bot sent, all chats.
func (s *Server) SentCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

// InlineAnswer returns the answer to inline query id.
func (s *Server) InlineAnswer(id string) (InlineAnswer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.inline[id]
	if !ok {
		return InlineAnswer{}, false
	}
	return *a, true
}

// Commands returns the command menu set for a scope ("default",
// "all_group_chats", "chat:ID").
func (s *Server) Commands(scope string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.commands[scope]...)
}

// Calls is how many times method was called.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[strings.ToLower(method)]
}

// LastUpdateID is the id of the last update queued (0 before any).
func (s *Server) LastUpdateID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.nextUpd == 100000 {
		return 0
	}
	return s.nextUpd
}

// Pending is the number of updates not yet confirmed by getUpdates.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
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

// Webhook returns the webhook URL set, and its secret token.
func (s *Server) Webhook() (string, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook, s.secret
}

// apiErr is an error reply.
type apiErr struct {
	code       int
	desc       string
	retryAfter int
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
	if e.retryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": e.retryAfter}
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

func intParam(p map[string]string, k string, def int) (int, error) {
	v, ok := p[k]
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("invalid %s", k)
	}
	return n, nil
}

func (s *Server) getUpdates(ctx context.Context, p map[string]string) (any, *apiErr) {
	offset, err := intParam(p, "offset", 0)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	limit, err := intParam(p, "limit", 100)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	if limit < 1 || limit > 100 {
		limit = 100
	}
	timeout, err := intParam(p, "timeout", 0)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	var allowed []string
	if a := p["allowed_updates"]; a != "" {
		json.Unmarshal([]byte(a), &allowed)
	}
	s.mu.Lock()
	if s.webhook != "" {
		s.mu.Unlock()
		return nil, &apiErr{code: 409, desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	s.pollGen++
	gen := s.pollGen
	s.notifyLocked() // ends an older long poll
	// Confirm what is below offset.
	if offset > 0 {
		kept := s.updates[:0]
		for _, u := range s.updates {
			if u.UpdateID >= offset {
				kept = append(kept, u)
			}
		}
		s.updates = kept
	} else if offset < 0 && -offset < len(s.updates) {
		s.updates = s.updates[len(s.updates)+offset:]
	}
	s.mu.Unlock()
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if s.pollGen != gen {
			s.mu.Unlock()
			return nil, &apiErr{code: 409, desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		}
		var out []Update
		for _, u := range s.updates {
			if len(allowed) > 0 && !contains(allowed, u.kind()) {
				continue
			}
			out = append(out, u)
			if len(out) == limit {
				break
			}
		}
		ch := s.changed
		s.mu.Unlock()
		if len(out) > 0 || timeout <= 0 {
			if out == nil {
				out = []Update{}
			}
			return out, nil
		}
		select {
		case <-ch:
		case <-deadline.C:
			timeout = 0
		case <-ctx.Done():
			return []Update{}, nil
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Server) chatParam(p map[string]string) (Chat, *apiErr) {
	v := p["chat_id"]
	if v == "" {
		return Chat{}, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return Chat{}, badRequest("chat not found")
	}
	c, ok := s.chats[id]
	if !ok {
		return Chat{}, badRequest("chat not found")
	}
	return c, nil
}

func (s *Server) sendMessage(p map[string]string) (any, *apiErr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, aerr := s.chatParam(p)
	if aerr != nil {
		return nil, aerr
	}
	raw := p["text"]
	text, ents := raw, []Entity(nil)
	mode := p["parse_mode"]
	switch strings.ToLower(mode) {
	case "":
	case "html":
		t, e, err := ParseHTML(raw)
		if err != nil {
			return nil, badRequest("can't parse entities: %v", err)
		}
		text, ents = t, e
	default:
		return nil, badRequest("unsupported parse_mode")
	}
	if strings.TrimSpace(text) == "" {
		return nil, badRequest("message text is empty")
	}
	if utf16Len(text) > 4096 {
		return nil, badRequest("message is too long")
	}
	var reply *Message
	if v := p["reply_to_message_id"]; v != "" && v != "0" {
		id, _ := strconv.Atoi(v)
		reply = s.messages[chat.ID][id]
		if reply == nil && p["allow_sending_without_reply"] != "true" {
			return nil, badRequest("message to be replied not found")
		}
	}
	if e := s.checkLimitsLocked(chat); e != nil {
		return nil, e
	}
	bot := s.Bot
	m := s.newMessageLocked(chat, &bot)
	m.Text, m.Entities = text, ents
	if reply != nil {
		c := *reply
		c.ReplyToMessage = nil
		m.ReplyToMessage = &c
	}
	rec := Sent{Chat: chat.ID, MessageID: m.MessageID, Text: text, Raw: raw, ParseMode: mode, At: time.Now()}
	if reply != nil {
		rec.ReplyTo = reply.MessageID
	}
	s.sent = append(s.sent, rec)
	s.notifyLocked()
	return m, nil
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

type resultJSON struct {
	Type                string `json:"type"`
	ID                  string `json:"id"`
	Title               string `json:"title"`
	Description         string `json:"description"`
	InputMessageContent *struct {
		MessageText string `json:"message_text"`
		ParseMode   string `json:"parse_mode"`
	} `json:"input_message_content"`
}

func (s *Server) answerInlineQuery(p map[string]string) (any, *apiErr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := p["inline_query_id"]
	if !s.queries[id] {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	var results []resultJSON
	if err := json.Unmarshal([]byte(p["results"]), &results); err != nil {
		return nil, badRequest("can't parse inline query results JSON object")
	}
	if len(results) > 50 {
		return nil, badRequest("RESULTS_TOO_MUCH")
	}
	ans := &InlineAnswer{QueryID: id, At: time.Now()}
	seen := map[string]bool{}
	for _, r := range results {
		if r.ID == "" || len(r.ID) > 64 {
			return nil, badRequest("RESULT_ID_INVALID")
		}
		if seen[r.ID] {
			return nil, badRequest("RESULT_ID_DUPLICATE")
		}
		seen[r.ID] = true
		if r.Type != "article" {
			return nil, badRequest("unsupported result type %q", r.Type)
		}
		if r.Title == "" {
			return nil, badRequest("RESULT_TITLE_EMPTY")
		}
		if r.InputMessageContent == nil || strings.TrimSpace(r.InputMessageContent.MessageText) == "" {
			return nil, badRequest("MESSAGE_EMPTY")
		}
		text := r.InputMessageContent.MessageText
		if strings.EqualFold(r.InputMessageContent.ParseMode, "html") {
			t, _, err := ParseHTML(text)
			if err != nil {
				return nil, badRequest("can't parse entities: %v", err)
			}
			text = t
		}
		if utf16Len(text) > 4096 {
			return nil, badRequest("MESSAGE_TOO_LONG")
		}
		ans.Results = append(ans.Results, InlineResult{Type: r.Type, ID: r.ID, Title: r.Title, Description: r.Description,
			MessageText: text, RawMessageText: r.InputMessageContent.MessageText})
	}
	delete(s.queries, id) // answered: the id is spent
	s.inline[id] = ans
	s.notifyLocked()
	return true, nil
}

var commandNameRe = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func (s *Server) setMyCommands(p map[string]string) (any, *apiErr) {
	var cmds []Command
	if err := json.Unmarshal([]byte(p["commands"]), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands")
	}
	for _, c := range cmds {
		if !commandNameRe.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf16Len(c.Description); n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	scope := "default"
	if sc := p["scope"]; sc != "" {
		var v struct {
			Type   string `json:"type"`
			ChatID int64  `json:"chat_id"`
		}
		if err := json.Unmarshal([]byte(sc), &v); err != nil {
			return nil, badRequest("can't parse BotCommandScope JSON object")
		}
		switch v.Type {
		case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
			scope = v.Type
		case "chat", "chat_administrators":
			s.mu.Lock()
			_, ok := s.chats[v.ChatID]
			s.mu.Unlock()
			if !ok {
				return nil, badRequest("chat not found")
			}
			scope = fmt.Sprintf("%s:%d", v.Type, v.ChatID)
		default:
			return nil, badRequest("wrong BotCommandScope type")
		}
	}
	s.mu.Lock()
	s.commands[scope] = cmds
	s.notifyLocked()
	s.mu.Unlock()
	return true, nil
}

func (s *Server) getFile(p map[string]string) (any, *apiErr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := p["file_id"]
	data, ok := s.files[id]
	if !ok {
		return nil, badRequest("invalid file_id")
	}
	if len(data) > 20<<20 {
		return nil, badRequest("file is too big")
	}
	path := "documents/" + id + ".txt"
	s.filePaths[path] = id
	return map[string]any{"file_id": id, "file_unique_id": "u" + id, "file_size": len(data), "file_path": path}, nil
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/file/bot")
	token, path, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	id, ok := s.filePaths[path]
	data := s.files[id]
	s.mu.Unlock()
	if token != s.Token || !ok {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(data)
}

var secretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (s *Server) setWebhook(p map[string]string) (any, *apiErr) {
	u := p["url"]
	if u == "" {
		return s.deleteWebhook(p)
	}
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return nil, badRequest("bad webhook: invalid URL")
	}
	secret := p["secret_token"]
	if secret != "" && !secretRe.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	s.mu.Lock()
	stop := s.stopWebhookLocked()
	s.mu.Unlock()
	if stop != nil {
		<-stop
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhook, s.secret = u, secret
	s.hookStop, s.hookDone = make(chan struct{}), make(chan struct{})
	go s.pushWebhook(u, secret, s.hookStop, s.hookDone)
	s.notifyLocked()
	return true, nil
}

func (s *Server) deleteWebhook(p map[string]string) (any, *apiErr) {
	s.mu.Lock()
	stop := s.stopWebhookLocked()
	if p["drop_pending_updates"] == "true" {
		s.updates = nil
	}
	s.notifyLocked()
	s.mu.Unlock()
	if stop != nil {
		<-stop
	}
	return true, nil
}

func (s *Server) stopWebhookLocked() chan struct{} {
	if s.hookStop == nil {
		return nil
	}
	close(s.hookStop)
	done := s.hookDone
	s.hookStop, s.hookDone, s.webhook, s.secret = nil, nil, "", ""
	return done
}

// pushWebhook delivers the updates to the webhook one at a time, in order;
// an update is gone once the bot answered 2xx, and delivered again
// otherwise.
func (s *Server) pushWebhook(u, secret string, stop, done chan struct{}) {
	defer close(done)
	client := &http.Client{Timeout: 30 * time.Second}
	for {
		s.mu.Lock()
		var next *Update
		if len(s.updates) > 0 {
			c := s.updates[0]
			next = &c
		}
		ch := s.changed
		s.mu.Unlock()
		if next == nil {
			select {
			case <-ch:
				continue
			case <-stop:
				return
			}
		}
		body, _ := json.Marshal(next)
		req, _ := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := client.Do(req)
		ok := err == nil && resp.StatusCode/100 == 2
		if resp != nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if ok {
			s.mu.Lock()
			if len(s.updates) > 0 && s.updates[0].UpdateID == next.UpdateID {
				s.updates = s.updates[1:]
			}
			s.notifyLocked()
			s.mu.Unlock()
			continue
		}
		select {
		case <-stop:
			return
		case <-time.After(s.opt.WebhookRetry):
		}
	}
}

// Units is the UTF-16 length of s, as Telegram counts.
func Units(s string) int { return len(utf16.Encode([]rune(s))) }
