package telegramtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

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
	if to := s.migrated[chat.ID]; to != 0 {
		return nil, &apiErr{code: 400, desc: "Bad Request: group chat was upgraded to a supergroup chat", migrateTo: to}
	}
	raw, mode := p["text"], p["parse_mode"]
	text, ents, kb, aerr := parseBody(p)
	if aerr != nil {
		return nil, aerr
	}
	thread, err := intParam(p, "message_thread_id", 0)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	if thread != 0 && !chat.IsForum {
		return nil, badRequest("message thread not found")
	}
	var reply *Message
	asked, _ := strconv.Atoi(p["reply_to_message_id"])
	if asked != 0 {
		reply = s.messages[chat.ID][asked]
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
	m.MessageThreadID, m.IsTopicMessage = thread, thread != 0
	if kb != nil {
		m.ReplyMarkup = json.RawMessage(p["reply_markup"])
	}
	if reply != nil {
		c := *reply
		c.ReplyToMessage = nil
		m.ReplyToMessage = &c
	}
	rec := Sent{Chat: chat.ID, MessageID: m.MessageID, Text: text, Raw: raw, ParseMode: mode,
		ReplyAsked: asked, ThreadID: thread, Keyboard: kb, At: time.Now()}
	if reply != nil {
		rec.ReplyTo = reply.MessageID
	}
	s.sent = append(s.sent, rec)
	s.notifyLocked()
	return m, nil
}

// parseText reads a message text in parse mode mode as Telegram does: the
// text the user sees and its entities, or Telegram's 400.
// parseBody reads the text (in its parse mode) and the inline keyboard of
// a sendMessage or editMessageText request.
func parseBody(p map[string]string) (string, []Entity, [][]Button, *apiErr) {
	text, ents, aerr := parseText(p["text"], p["parse_mode"])
	if aerr != nil {
		return "", nil, nil, aerr
	}
	kb, aerr := parseKeyboard(p["reply_markup"])
	if aerr != nil {
		return "", nil, nil, aerr
	}
	return text, ents, kb, nil
}

func parseText(raw, mode string) (string, []Entity, *apiErr) {
	text, ents := raw, []Entity(nil)
	switch strings.ToLower(mode) {
	case "":
	case "html":
		t, e, err := ParseHTML(raw)
		if err != nil {
			return "", nil, badRequest("can't parse entities: %v", err)
		}
		text, ents = t, e
	default:
		return "", nil, badRequest("unsupported parse_mode")
	}
	if strings.TrimSpace(text) == "" {
		return "", nil, badRequest("message text is empty")
	}
	if utf16Len(text) > 4096 {
		return "", nil, badRequest("message is too long")
	}
	return text, ents, nil
}

// parseKeyboard reads a reply_markup that is an inline keyboard, checking
// what Telegram checks: a text on every button, callback_data of 1 to 64
// bytes.
func parseKeyboard(v string) ([][]Button, *apiErr) {
	if v == "" {
		return nil, nil
	}
	var mk struct {
		InlineKeyboard [][]Button `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(v), &mk); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	for _, row := range mk.InlineKeyboard {
		for _, b := range row {
			if b.Text == "" {
				return nil, badRequest("BUTTON_TEXT_EMPTY")
			}
			if n := len(b.CallbackData); n < 1 || n > 64 {
				return nil, badRequest("BUTTON_DATA_INVALID")
			}
		}
	}
	return mk.InlineKeyboard, nil
}

// editMessageText changes the text (and keyboard) of one of the bot's
// messages, as Telegram does: the message must be the bot's, and the edit
// must change something.
func (s *Server) editMessageText(p map[string]string) (any, *apiErr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, aerr := s.chatParam(p)
	if aerr != nil {
		return nil, aerr
	}
	id, _ := strconv.Atoi(p["message_id"])
	m := s.messages[chat.ID][id]
	if m == nil {
		return nil, badRequest("message to edit not found")
	}
	if m.From == nil || m.From.ID != s.Bot.ID {
		return nil, badRequest("message can't be edited")
	}
	raw, mode := p["text"], p["parse_mode"]
	text, ents, kb, aerr := parseBody(p)
	if aerr != nil {
		return nil, aerr
	}
	if text == m.Text && p["reply_markup"] == string(m.ReplyMarkup) {
		return nil, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	m.Text, m.Entities, m.ReplyMarkup = text, ents, json.RawMessage(p["reply_markup"])
	for i := range s.sent {
		r := &s.sent[i]
		if r.Chat == chat.ID && r.MessageID == id {
			r.Text, r.Raw, r.ParseMode, r.Keyboard = text, raw, mode, kb
			r.Edits++
		}
	}
	s.notifyLocked()
	return m, nil
}

// answerCallbackQuery answers a button press; a query is answered once.
func (s *Server) answerCallbackQuery(p map[string]string) (any, *apiErr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := p["callback_query_id"]
	a, ok := s.callbacks[id]
	if !ok || a != nil {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	if utf16Len(p["text"]) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	s.callbacks[id] = &CallbackAnswer{Text: p["text"], ShowAlert: p["show_alert"] == "true"}
	s.notifyLocked()
	return true, nil
}

// CallbackAnswer returns the bot's answer to callback query id.
func (s *Server) CallbackAnswer(id string) (CallbackAnswer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.callbacks[id]
	if a == nil {
		return CallbackAnswer{}, false
	}
	return *a, true
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
