package telegramtest

import (
	"encoding/json"
	"time"
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
	// for private chats (and a channel's public username)
	FirstName string `json:"first_name,omitempty"`
	Username  string `json:"username,omitempty"`
	// IsForum: a supergroup with topics.
	IsForum bool `json:"is_forum,omitempty"`
}

// Telegram's service accounts (Bot API: Message.from).
var (
	// GroupAnonymousBot is the sender of an anonymous group admin's
	// messages; sender_chat is the group.
	GroupAnonymousBot = User{ID: 1087968824, IsBot: true, FirstName: "Group", Username: "GroupAnonymousBot"}
	// ChannelBot is the sender of messages posted on behalf of a
	// channel; sender_chat is the channel.
	ChannelBot = User{ID: 136817688, IsBot: true, FirstName: "Channel", Username: "Channel_Bot"}
)

// Channel returns a channel chat (id -100...).
func Channel(id int64, title, username string) Chat {
	return Chat{ID: id, Type: "channel", Title: title, Username: username}
}

// Forum returns a supergroup with topics.
func Forum(id int64, title string) Chat {
	return Chat{ID: id, Type: "supergroup", Title: title, IsForum: true}
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
	// CaptionEntities are the caption's entities (UTF-16 offsets).
	CaptionEntities []Entity        `json:"caption_entities,omitempty"`
	Photo           json.RawMessage `json:"photo,omitempty"`
	SenderChat      *Chat           `json:"sender_chat,omitempty"`
	ViaBot          *User           `json:"via_bot,omitempty"`
	// MessageThreadID is the forum topic the message belongs to.
	MessageThreadID int  `json:"message_thread_id,omitempty"`
	IsTopicMessage  bool `json:"is_topic_message,omitempty"`
	// service messages of a group upgraded to a supergroup
	MigrateToChatID   int64           `json:"migrate_to_chat_id,omitempty"`
	MigrateFromChatID int64           `json:"migrate_from_chat_id,omitempty"`
	ReplyMarkup       json.RawMessage `json:"reply_markup,omitempty"`
}

// CallbackQuery is a press of an inline keyboard button.
type CallbackQuery struct {
	ID           string   `json:"id"`
	From         User     `json:"from"`
	Message      *Message `json:"message,omitempty"`
	ChatInstance string   `json:"chat_instance"`
	Data         string   `json:"data,omitempty"`
}

// Button is an inline keyboard button with callback data.
type Button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
}

// CallbackAnswer is the bot's answerCallbackQuery.
type CallbackAnswer struct {
	Text      string
	ShowAlert bool
}

// InlineQuery is an inline query.
type InlineQuery struct {
	ID       string `json:"id"`
	From     User   `json:"from"`
	Query    string `json:"query"`
	Offset   string `json:"offset"`
	ChatType string `json:"chat_type,omitempty"`
}

// Sent is a message the bot sent that the server accepted.
type Sent struct {
	Chat      int64
	MessageID int
	Text      string // as the user sees it
	Raw       string // the text parameter as sent (HTML)
	ParseMode string
	ReplyTo   int // the message it replies to, 0 if none
	// ReplyAsked is the reply_to_message_id the bot asked for (ReplyTo is
	// 0 when it named no message of the chat and the send went ahead).
	ReplyAsked int
	ThreadID   int        // message_thread_id
	Keyboard   [][]Button // the inline keyboard under it
	Edits      int        // times editMessageText changed it
	At         time.Time
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

// Private returns u's private chat with the bot.
func Private(u User) Chat {
	return Chat{ID: u.ID, Type: "private", FirstName: u.FirstName, Username: u.Username}
}

// Group returns a group chat (id should be negative).
func Group(id int64, title string) Chat { return Chat{ID: id, Type: "group", Title: title} }

// Supergroup returns a supergroup (id should be -100...).
func Supergroup(id int64, title string) Chat { return Chat{ID: id, Type: "supergroup", Title: title} }
