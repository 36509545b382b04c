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
