package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"
)

// Update is an update as getUpdates returns it.
type Update struct {
	UpdateID      int            `json:"update_id"`
	Message       *Message       `json:"message,omitempty"`
	InlineQuery   *InlineQuery   `json:"inline_query,omitempty"`
	CallbackQuery *CallbackQuery `json:"callback_query,omitempty"`
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
	case u.CallbackQuery != nil:
		return "callback_query"
	}
	return "other"
}

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
	// Caption is a photo's or document's caption (Photo sends a photo).
	Caption string
	Photo   bool
	// SenderChat sends on behalf of a chat: the group (an anonymous
	// admin; From should be GroupAnonymousBot) or a channel (From
	// ChannelBot).
	SenderChat *Chat
	// ViaBot is the bot whose inline result the message is.
	ViaBot *User
	// Thread is the forum topic (message_thread_id) the message is in.
	Thread int
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
	if p.Caption != "" {
		m.Caption = p.Caption
		if !p.NoEntities {
			m.CaptionEntities = Entities(p.Caption)
		}
	}
	if p.Photo {
		m.Photo = json.RawMessage(`[{"file_id":"photo1","file_unique_id":"p1","width":90,"height":90}]`)
	}
	if p.SenderChat != nil {
		c := *p.SenderChat
		m.SenderChat = &c
	}
	if p.ViaBot != nil {
		v := *p.ViaBot
		m.ViaBot = &v
	}
	if p.Thread != 0 {
		m.MessageThreadID, m.IsTopicMessage = p.Thread, true
	}
	s.queueLocked(Update{Message: m})
	return m
}

// Migrate upgrades group old to the supergroup to, as Telegram does: a
// service message in each chat, and from then on a send to old gets 400
// with migrate_to_chat_id.
func (s *Server) Migrate(old, to Chat, by User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.newMessageLocked(old, &by)
	m.MigrateToChatID = to.ID
	s.queueLocked(Update{Message: m})
	n := s.newMessageLocked(to, &by)
	n.MigrateFromChatID = old.ID
	s.queueLocked(Update{Message: n})
	s.migrated[old.ID] = to.ID
}

// Press presses a button of the bot's message sent, as from; it returns
// the callback query's id (see CallbackAnswer).
func (s *Server) Press(from User, sent Sent, data string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := fmt.Sprintf("cb%d", s.nextUpd)
	var msg *Message
	if m := s.messages[sent.Chat][sent.MessageID]; m != nil {
		c := *m
		msg = &c
	}
	s.callbacks[id] = nil
	s.queueLocked(Update{CallbackQuery: &CallbackQuery{ID: id, From: from, Message: msg,
		ChatInstance: strconv.FormatInt(sent.Chat, 10), Data: data}})
	return id
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
