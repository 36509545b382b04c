package bot

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// The bot works on its own small types, converted from the library's once,
// so that routing is a pure function that tests can feed directly.

// Chat types, as the Bot API names them.
const (
	chatPrivate    = "private"
	chatGroup      = "group"
	chatSupergroup = "supergroup"
	chatChannel    = "channel"
	chatInline     = "inline" // not a chat type: the bucket for inline answers in the stats
)

// update is one update the bot may act on.
type update struct {
	ID       int
	Received time.Time
	Message  *message     // a new message (nil for other updates)
	Inline   *inlineQuery // an inline query
	Callback *callback    // a press of a button under one of the bot's messages
}

// callback is a press of an inline keyboard button.
type callback struct {
	ID        string
	From      user
	ChatID    int64
	ChatType  string
	MessageID int // the bot's message the button is under
	Data      string
}

// message is a message in a chat.
type message struct {
	ChatID   int64
	ChatType string
	ID       int
	// From is the user who sent it. A message sent on behalf of a chat
	// (an anonymous group admin, a channel) has a zero From and
	// SenderChat set: it is a person speaking, but no user id is known,
	// so it has no admin rights.
	From       user
	SenderChat int64
	// Text is the text, or a photo's or document's caption; Entities
	// are its entities (caption_entities for a caption).
	Text      string
	Entities  []entity
	Caption   bool      // Text is a caption
	Reply     *replied  // the message it replies to
	Document  *document // a file sent as a document
	NonText   bool      // a sticker, a photo without caption, a service message (joins)...
	Forwarded bool
	ViaBot    int64 // the bot whose inline result this message is
	ThreadID  int   // the forum topic (message_thread_id), 0 outside forums
}

// senderKey is whom the message counts against in the per-user limit: the
// user, or the chat it was sent on behalf of.
func (m *message) senderKey() int64 {
	if m.SenderChat != 0 {
		return m.SenderChat
	}
	return m.From.ID
}

type user struct {
	ID       int64
	Username string
	IsBot    bool
}

// entity is a message entity; Offset and Length count UTF-16 code units, as
// the Bot API does.
type entity struct {
	Type           string
	Offset, Length int
	UserID         int64 // text_mention
}

// replied is the message a message replies to.
type replied struct {
	ID   int
	From user
	Text string
}

type document struct {
	FileID   string
	FileName string
	MimeType string
	Size     int64
}

type inlineQuery struct {
	ID    string
	From  user
	Query string
}

// chatTypeOf is the chat's type; a server that leaves the type out gets it
// from the id: users' chats are positive, supergroups -100..., groups
// other negatives.
func chatTypeOf(c *tgbotapi.Chat) string {
	if c == nil {
		return ""
	}
	if c.Type != "" {
		return c.Type
	}
	switch {
	case c.ID > 0:
		return chatPrivate
	case c.ID < -1000000000000:
		return chatSupergroup
	}
	return chatGroup
}

func userOf(u *tgbotapi.User) user {
	if u == nil {
		return user{}
	}
	return user{ID: u.ID, Username: u.UserName, IsBot: u.IsBot}
}

// convert turns a library update into the bot's; thread is the message's
// forum topic (which the library does not read: see topicThreads).
func convert(u *tgbotapi.Update, received time.Time, thread int) *update {
	out := &update{ID: u.UpdateID, Received: received}
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		out.Message = convertMessage(u.Message)
		out.Message.ThreadID = thread
	case u.InlineQuery != nil:
		q := u.InlineQuery
		out.Inline = &inlineQuery{ID: q.ID, From: userOf(q.From), Query: q.Query}
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		c := u.CallbackQuery
		out.Callback = &callback{ID: c.ID, From: userOf(c.From), ChatID: c.Message.Chat.ID,
			ChatType: chatTypeOf(c.Message.Chat), MessageID: c.Message.MessageID, Data: c.Data}
	}
	return out
}

func convertMessage(m *tgbotapi.Message) *message {
	out := &message{
		ChatID: m.Chat.ID, ChatType: chatTypeOf(m.Chat), ID: m.MessageID,
		From: userOf(m.From), Text: m.Text,
		Forwarded: m.ForwardFrom != nil || m.ForwardFromChat != nil || m.ForwardDate != 0,
	}
	if m.SenderChat != nil {
		// An anonymous group admin (from: GroupAnonymousBot, sender_chat:
		// the group) or someone posting as a channel (from: Channel_Bot):
		// a person, but not a user whose id could be an admin's.
		out.From = user{Username: m.SenderChat.UserName}
		out.SenderChat = m.SenderChat.ID
	}
	if m.ViaBot != nil {
		out.ViaBot = m.ViaBot.ID
	}
	ents := m.Entities
	if m.Text == "" && m.Caption != "" {
		out.Text, out.Caption, ents = m.Caption, true, m.CaptionEntities
	}
	for _, e := range ents {
		en := entity{Type: e.Type, Offset: e.Offset, Length: e.Length}
		if e.User != nil {
			en.UserID = e.User.ID
		}
		out.Entities = append(out.Entities, en)
	}
	if r := m.ReplyToMessage; r != nil {
		text := r.Text
		if text == "" {
			text = r.Caption
		}
		out.Reply = &replied{ID: r.MessageID, From: userOf(r.From), Text: text}
	}
	if d := m.Document; d != nil {
		out.Document = &document{FileID: d.FileID, FileName: d.FileName, MimeType: d.MimeType, Size: int64(d.FileSize)}
	}
	out.NonText = out.Text == "" && out.Document == nil
	return out
}

// utf16Slice returns the part of s that the UTF-16 offset and length
// select, or "" when they fall outside s.
func utf16Slice(s string, offset, length int) string {
	if offset < 0 || length <= 0 {
		return ""
	}
	u := utf16.Encode([]rune(s))
	if offset+length > len(u) {
		return ""
	}
	return string(utf16.Decode(u[offset : offset+length]))
}

// utf16Remove returns s without the UTF-16 ranges given (sorted or not).
func utf16Remove(s string, ranges [][2]int) string {
	if len(ranges) == 0 {
		return s
	}
	u := utf16.Encode([]rune(s))
	drop := make([]bool, len(u))
	for _, r := range ranges {
		for i := r[0]; i < r[0]+r[1] && i < len(u); i++ {
			if i >= 0 {
				drop[i] = true
			}
		}
	}
	kept := u[:0:0]
	for i, c := range u {
		if !drop[i] {
			kept = append(kept, c)
		}
	}
	return string(utf16.Decode(kept))
}

// utf16Len is the length of s in UTF-16 code units, as Telegram counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }

// topicFields are the fields of a message in a forum topic, which
// telegram-bot-api v5.5.1 does not have.
type topicFields struct {
	UpdateID int `json:"update_id"`
	Message  *struct {
		ThreadID int  `json:"message_thread_id"`
		IsTopic  bool `json:"is_topic_message"`
	} `json:"message"`
}

var threadKey = []byte(`"message_thread_id"`)

// topicThreads reads the forum topics of the messages in raw, a JSON array
// of updates: update id -> message_thread_id, for messages sent to a topic.
// Most replies have none, and cost only a scan for the key.
func topicThreads(raw []byte) map[int]int {
	if !bytes.Contains(raw, threadKey) {
		return nil
	}
	var ups []topicFields
	if json.Unmarshal(raw, &ups) != nil {
		// Some update is odd: read them one by one.
		var raws []json.RawMessage
		json.Unmarshal(raw, &raws)
		for _, r := range raws {
			var u topicFields
			if json.Unmarshal(r, &u) == nil {
				ups = append(ups, u)
			}
		}
	}
	out := map[int]int{}
	for _, u := range ups {
		if u.Message != nil && u.Message.IsTopic && u.Message.ThreadID != 0 {
			out[u.UpdateID] = u.Message.ThreadID
		}
	}
	return out
}

// topicThread is topicThreads for one update (a webhook request's body).
func topicThread(raw []byte) int {
	if !bytes.Contains(raw, threadKey) {
		return 0
	}
	var u topicFields
	if json.Unmarshal(raw, &u) != nil || u.Message == nil || !u.Message.IsTopic {
		return 0
	}
	return u.Message.ThreadID
}
