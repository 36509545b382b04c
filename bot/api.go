package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// api is the Bot API client. The library encodes the requests and decodes
// the replies; api adds a context to every call (the library has none),
// decodes updates one by one (so that one odd update cannot block the
// queue), turns the library's errors into apiError and keeps the token out
// of every error message.
type api struct {
	lib      tgbotapi.BotAPI // a template: each call copies it with its own context
	http     *http.Client
	token    string
	endpoint string // "https://api.telegram.org/bot%s/%s"
	fileURL  string // "https://api.telegram.org/file/bot%s/%s"
}

func newAPI(token, endpoint string, client *http.Client) (*api, error) {
	if strings.TrimSpace(token) == "" {
		return nil, errors.New("no bot token: set TELEGRAM_BOT_TOKEN to the token @BotFather gave you")
	}
	if strings.ContainsAny(token, " \t\r\n/?#") {
		return nil, errors.New("the bot token has spaces or URL characters in it: copy it again from @BotFather")
	}
	if endpoint == "" {
		endpoint = tgbotapi.APIEndpoint
	}
	if strings.Count(endpoint, "%s") != 2 || strings.Count(endpoint, "%") != 2 {
		return nil, fmt.Errorf("API endpoint %q: want the form http://host:port/bot%%s/%%s (token, then method)", endpoint)
	}
	u, err := url.Parse(fmt.Sprintf(endpoint, "TOKEN", "getMe"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("API endpoint %q: not an http(s) URL", endpoint)
	}
	fileURL := tgbotapi.FileEndpoint
	if i := strings.LastIndex(endpoint, "/bot%s/%s"); i >= 0 {
		fileURL = endpoint[:i] + "/file/bot%s/%s"
	}
	if client == nil {
		client = newHTTPClient()
	}
	a := &api{http: client, token: token, endpoint: endpoint, fileURL: fileURL}
	a.lib = tgbotapi.BotAPI{Token: token, Buffer: 100}
	a.lib.SetAPIEndpoint(endpoint)
	return a, nil
}

// newHTTPClient keeps enough idle connections for the sender's concurrency:
// the default of two per host would open and close a connection a message.
func newHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = 128
	tr.MaxIdleConnsPerHost = 64
	tr.IdleConnTimeout = 90 * time.Second
	return &http.Client{Transport: tr}
}

// call returns a copy of the library client whose requests carry ctx.
func (a *api) call(ctx context.Context) *tgbotapi.BotAPI {
	lib := a.lib
	lib.Client = ctxDoer{ctx: ctx, c: a.http}
	return &lib
}

// ctxDoer adds a context to the library's requests, and turns a reply that
// is not JSON (a proxy's error page) into an httpStatusError instead of a
// JSON syntax error.
type ctxDoer struct {
	ctx context.Context
	c   *http.Client
}

func (d ctxDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(req.WithContext(d.ctx))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		if mt != "application/json" {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
			resp.Body.Close()
			return nil, &httpStatusError{code: resp.StatusCode, status: resp.Status}
		}
	}
	return resp, nil
}

type httpStatusError struct {
	code   int
	status string
}

func (e *httpStatusError) Error() string { return "HTTP " + e.status + " (not a Bot API reply)" }

// apiError is an error reply of the Bot API, or a failure to reach it.
type apiError struct {
	Method     string
	Code       int    // error_code, or the HTTP status; 0 when the API was not reached
	Desc       string // description, or the network error (token removed)
	RetryAfter int    // seconds, for 429
	MigrateTo  int64  // the supergroup a group became
}

func (e *apiError) Error() string {
	if e.Code == 0 {
		return e.Method + ": " + e.Desc
	}
	return fmt.Sprintf("%s: %d %s", e.Method, e.Code, e.Desc)
}

// errClass says what to do about an error.
type errClass uint8

const (
	errTransient    errClass = iota // network, 5xx, undecodable reply: retry with backoff
	errFlood                        // 429: wait retry_after, then retry
	errPermanent                    // 4xx: retrying cannot help
	errUnauthorized                 // the token is wrong or revoked
	errConflict                     // 409: another getUpdates or a webhook
	errCanceled                     // our own context ended
)

func classify(err error) errClass {
	if errors.Is(err, context.Canceled) {
		return errCanceled
	}
	var e *apiError
	if !errors.As(err, &e) {
		return errTransient
	}
	switch {
	case e.Code == 0:
		return errTransient
	case e.Code == http.StatusTooManyRequests:
		return errFlood
	case e.Code == http.StatusUnauthorized:
		return errUnauthorized
	case e.Code == http.StatusConflict:
		return errConflict
	case e.Code >= 500:
		return errTransient
	}
	return errPermanent
}

// wrap turns an error of the library or the network into an *apiError
// without the token in it; ctx's own end becomes ctx.Err().
func (a *api) wrap(ctx context.Context, method string, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && !isAPIReply(err) {
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		return &apiError{Method: method, Code: te.Code, Desc: a.redact(te.Message),
			RetryAfter: te.RetryAfter, MigrateTo: te.MigrateToChatID}
	}
	var se *httpStatusError
	if errors.As(err, &se) {
		return &apiError{Method: method, Code: se.code, Desc: se.Error()}
	}
	return &apiError{Method: method, Desc: a.redact(err.Error())}
}

func isAPIReply(err error) bool {
	var te *tgbotapi.Error
	return errors.As(err, &te)
}

// redact removes the token from s: the library's errors carry the request
// URL, which carries the token.
func (a *api) redact(s string) string {
	if a.token == "" {
		return s
	}
	return strings.ReplaceAll(s, a.token, "<token>")
}

// self is the bot's own account, from getMe.
type self struct {
	ID       int64
	Username string
	Name     string
}

func (a *api) getMe(ctx context.Context) (self, error) {
	resp, err := a.call(ctx).MakeRequest("getMe", nil)
	if err != nil {
		return self{}, a.wrap(ctx, "getMe", err)
	}
	var u tgbotapi.User
	if err := json.Unmarshal(resp.Result, &u); err != nil {
		return self{}, &apiError{Method: "getMe", Desc: "undecodable reply: " + err.Error()}
	}
	if u.ID == 0 && u.UserName == "" {
		return self{}, &apiError{Method: "getMe", Desc: "the reply has neither the bot's id nor its username"}
	}
	return self{ID: u.ID, Username: u.UserName, Name: u.FirstName}, nil
}

// rawUpdate is an update that could not be decoded: only its id is known.
type rawUpdate struct {
	UpdateID int `json:"update_id"`
}

// getUpdates long-polls for updates from offset. Each update is decoded on
// its own: one the library cannot read comes back with only its id (and
// err set in bad), so that the offset still moves past it.
//
// threads maps the ids of updates whose message is in a forum topic to the
// topic's message_thread_id.
func (a *api) getUpdates(ctx context.Context, offset, limit int, timeout time.Duration) (ups []tgbotapi.Update, threads map[int]int, bad []int, err error) {
	secs := int(timeout / time.Second)
	ctx, cancel := context.WithTimeout(ctx, timeout+30*time.Second)
	defer cancel()
	cfg := tgbotapi.UpdateConfig{Offset: offset, Limit: limit, Timeout: secs,
		AllowedUpdates: allowedUpdates}
	resp, err := a.call(ctx).Request(cfg)
	if err != nil {
		return nil, nil, nil, a.wrap(ctx, "getUpdates", err)
	}
	threads = topicThreads(resp.Result)
	if err := json.Unmarshal(resp.Result, &ups); err == nil {
		return ups, threads, nil, nil // the usual case: all decode
	}
	ups = nil
	var raws []json.RawMessage
	if err := json.Unmarshal(resp.Result, &raws); err != nil {
		return nil, nil, nil, &apiError{Method: "getUpdates", Desc: "undecodable reply: " + err.Error()}
	}
	for _, r := range raws {
		var u tgbotapi.Update
		if err := json.Unmarshal(r, &u); err != nil {
			var id rawUpdate
			if json.Unmarshal(r, &id) == nil && id.UpdateID != 0 {
				bad = append(bad, id.UpdateID)
			}
			continue
		}
		ups = append(ups, u)
	}
	return ups, threads, bad, nil
}

// allowedUpdates are the kinds of update the bot asks for.
var allowedUpdates = []string{"message", "inline_query", "callback_query"}

// sendMessage sends one HTML message and returns its message id. The
// parameters are written here and sent through the library's own request
// path (MakeRequest): its MessageConfig predates forum topics
// (message_thread_id).
func (a *api) sendMessage(ctx context.Context, m *outgoing) (int, error) {
	p := tgbotapi.Params{}
	p.AddNonZero64("chat_id", m.ChatID)
	p["text"] = m.Text
	if !m.Plain {
		p["parse_mode"] = tgbotapi.ModeHTML
	}
	p.AddBool("disable_web_page_preview", true)
	p.AddNonZero("message_thread_id", m.Thread)
	p.AddNonZero("reply_to_message_id", m.ReplyTo)
	p.AddBool("allow_sending_without_reply", m.ReplyTo != 0)
	if len(m.Buttons) > 0 {
		if err := p.AddInterface("reply_markup", keyboard(m.Buttons)); err != nil {
			return 0, fmt.Errorf("sendMessage: %w", err)
		}
	}
	resp, err := a.call(ctx).MakeRequest("sendMessage", p)
	if err != nil {
		return 0, a.wrap(ctx, "sendMessage", err)
	}
	var id tgbotapi.MessageID
	json.Unmarshal(resp.Result, &id) // a reply without an id is still a delivery
	return id.MessageID, nil
}

// button is an inline keyboard button: its label and its callback data
// (at most 64 bytes, Telegram's limit).
type button struct {
	Text string `json:"t"`
	Data string `json:"d"`
}

// keyboard is one row of buttons, as the library writes reply_markup.
func keyboard(bs []button) tgbotapi.InlineKeyboardMarkup {
	row := make([]tgbotapi.InlineKeyboardButton, 0, len(bs))
	for _, b := range bs {
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(b.Text, b.Data))
	}
	return tgbotapi.NewInlineKeyboardMarkup(row)
}

// editMessage replaces the text and buttons of one of the bot's messages.
func (a *api) editMessage(ctx context.Context, chatID int64, msgID int, html string, buttons []button) error {
	cfg := tgbotapi.NewEditMessageText(chatID, msgID, html)
	cfg.ParseMode = tgbotapi.ModeHTML
	cfg.DisableWebPagePreview = true
	if len(buttons) > 0 {
		kb := keyboard(buttons)
		cfg.ReplyMarkup = &kb
	}
	_, err := a.call(ctx).Request(cfg)
	return a.wrap(ctx, "editMessageText", err)
}

// answerCallback answers a button press with a short notice (may be "").
func (a *api) answerCallback(ctx context.Context, id, text string) error {
	_, err := a.call(ctx).Request(tgbotapi.NewCallback(id, text))
	return a.wrap(ctx, "answerCallbackQuery", err)
}

// inlineResult is one answer offered in inline mode.
type inlineResult struct {
	ID, Title, Description, HTML string
}

func (a *api) answerInline(ctx context.Context, queryID string, results []inlineResult, cacheSeconds int) error {
	cfg := tgbotapi.InlineConfig{InlineQueryID: queryID, CacheTime: cacheSeconds, Results: []interface{}{}}
	for _, r := range results {
		art := tgbotapi.NewInlineQueryResultArticleHTML(r.ID, r.Title, r.HTML)
		art.Description = r.Description
		cfg.Results = append(cfg.Results, art)
	}
	_, err := a.call(ctx).Request(cfg)
	return a.wrap(ctx, "answerInlineQuery", err)
}

// command is an entry of the bot's command menu.
type command struct{ Name, Description string }

func (a *api) setMyCommands(ctx context.Context, cmds []command, scope string, chatID int64) error {
	var list []tgbotapi.BotCommand
	for _, c := range cmds {
		list = append(list, tgbotapi.BotCommand{Command: c.Name, Description: c.Description})
	}
	cfg := tgbotapi.NewSetMyCommands(list...)
	if scope != "" {
		cfg.Scope = &tgbotapi.BotCommandScope{Type: scope, ChatID: chatID}
	}
	_, err := a.call(ctx).Request(cfg)
	return a.wrap(ctx, "setMyCommands", err)
}

func (a *api) deleteWebhook(ctx context.Context) error {
	_, err := a.call(ctx).Request(tgbotapi.DeleteWebhookConfig{})
	return a.wrap(ctx, "deleteWebhook", err)
}

// setWebhook registers url with a secret token; the library's WebhookConfig
// predates secret_token, so the parameters are written here.
func (a *api) setWebhook(ctx context.Context, hookURL, secret string, maxConns int) error {
	allowed, _ := json.Marshal(allowedUpdates)
	p := tgbotapi.Params{"url": hookURL, "secret_token": secret, "allowed_updates": string(allowed)}
	p.AddNonZero("max_connections", maxConns)
	_, err := a.call(ctx).MakeRequest("setWebhook", p)
	return a.wrap(ctx, "setWebhook", err)
}

// errTooLarge is returned by download for a file over the limit.
var errTooLarge = errors.New("file too large")

// download fetches a file the users sent, at most max bytes: getFile, then
// the file endpoint (or, from a local Bot API server that gives an absolute
// path, the file system).
func (a *api) download(ctx context.Context, fileID string, max int64) ([]byte, error) {
	resp, err := a.call(ctx).Request(tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		return nil, a.wrap(ctx, "getFile", err)
	}
	var f tgbotapi.File
	if err := json.Unmarshal(resp.Result, &f); err != nil || f.FilePath == "" {
		return nil, &apiError{Method: "getFile", Desc: "the reply has no file_path"}
	}
	if f.FileSize > 0 && int64(f.FileSize) > max {
		return nil, errTooLarge
	}
	var body io.ReadCloser
	if filepath.IsAbs(f.FilePath) && !strings.HasPrefix(a.fileURL, "https://api.telegram.org/") {
		fh, err := os.Open(f.FilePath)
		if err != nil {
			return nil, fmt.Errorf("local Bot API file: %w", err)
		}
		body = fh
	} else {
		u := fmt.Sprintf(a.fileURL, a.token, strings.TrimPrefix(f.FilePath, "/"))
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, &apiError{Method: "download", Desc: a.redact(err.Error())}
		}
		r, err := a.http.Do(req)
		if err != nil {
			return nil, a.wrap(ctx, "download", err)
		}
		if r.StatusCode != http.StatusOK {
			r.Body.Close()
			return nil, &apiError{Method: "download", Code: r.StatusCode, Desc: r.Status}
		}
		body = r.Body
	}
	defer body.Close()
	data, err := io.ReadAll(io.LimitReader(body, max+1))
	if err != nil {
		return nil, a.wrap(ctx, "download", err)
	}
	if int64(len(data)) > max {
		return nil, errTooLarge
	}
	return data, nil
}
