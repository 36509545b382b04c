package bot

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf16"
)

// action is what a message asks the bot to do.
type action uint8

const (
	actIgnore   action = iota // not addressed to the bot, or nothing to act on
	actQuestion               // answer Text (a follow-up when FollowUp is set)
	actCommand                // run Command with the arguments in Text
	actUpload                 // a document in a private chat: an admin adding a source
	actPrompt                 // addressed, but with no question: say how to ask
)

func (a action) String() string {
	return [...]string{"ignore", "question", "command", "upload", "prompt"}[a]
}

// route is what routeMessage decided.
type route struct {
	Action   action
	Command  string // lower case, without the slash and @botname
	Text     string // the question, or the command's arguments
	FollowUp bool   // the message replies to one of the bot's messages
	// Previous is the text of the bot's message replied to (the earlier
	// answer), and PreviousID its id, for reading a follow-up in context.
	Previous   string
	PreviousID int
}

// commands the bot knows. Others are ignored in groups (they may be another
// bot's) and get a hint in private chats.
var knownCommands = map[string]bool{
	"start": true, "help": true, "ask": true, "sources": true,
	"reload": true, "rollback": true, "stats": true,
	"unanswered": true, "alias": true, "unalias": true, "remove": true,
}

// commandRe is a command at the start of a message, for servers that send
// no entities: "/name" or "/name@botname", as Telegram's bot_command.
// It is compiled at its first use, not at every start of the program
// (ask and eval never need it).
var commandRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,32}))?`)
})

// parseCommand returns the command a message starts with: its name, the bot
// it names ("" if none), and the rest of the text. It reads the bot_command
// entity at offset 0 when there is one, else the text.
func parseCommand(m *message) (name, target, args string, ok bool) {
	if !strings.HasPrefix(m.Text, "/") {
		return "", "", "", false
	}
	prefix := ""
	for _, e := range m.Entities {
		if e.Type == "bot_command" && e.Offset == 0 {
			prefix = utf16Slice(m.Text, 0, e.Length)
			break
		}
	}
	if prefix == "" || !strings.HasPrefix(m.Text, prefix) {
		prefix = commandRe().FindString(m.Text)
	}
	sm := commandRe().FindStringSubmatch(prefix)
	if sm == nil || sm[0] != prefix {
		return "", "", "", false
	}
	return strings.ToLower(sm[1]), sm[2], strings.TrimSpace(m.Text[len(prefix):]), true
}

// mentionRanges returns the UTF-16 ranges of the message that address the
// bot: "@botname" (whether or not the server marked it as a mention entity)
// and text_mention entities of the bot's user.
func mentionRanges(me self, m *message) [][2]int {
	var out [][2]int
	for _, e := range m.Entities {
		if e.Type == "text_mention" && e.UserID == me.ID && me.ID != 0 {
			out = append(out, [2]int{e.Offset, e.Length})
		}
	}
	if me.Username == "" || !containsMention(m.Text, me.Username) {
		return out
	}
	at := "@" + me.Username
	u := utf16.Encode([]rune(m.Text))
	n := utf16Len(at)
	lower := strings.ToLower(at)
	for i := 0; i+n <= len(u); i++ {
		if u[i] != '@' {
			continue
		}
		if i > 0 && isUsernameUnit(u[i-1]) {
			continue
		}
		if i+n < len(u) && isUsernameUnit(u[i+n]) {
			continue
		}
		if strings.ToLower(string(utf16.Decode(u[i:i+n]))) == lower {
			out = append(out, [2]int{i, n})
		}
	}
	return out
}

// containsMention is a quick test for "@username" in s, in any case.
func containsMention(s, username string) bool {
	n := len(username)
	for i := strings.IndexByte(s, '@'); i >= 0 && i+1+n <= len(s); {
		if strings.EqualFold(s[i+1:i+1+n], username) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '@')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isUsernameUnit(c uint16) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// repliesToMe reports whether m replies to one of the bot's own messages.
func repliesToMe(me self, m *message) bool {
	r := m.Reply
	if r == nil {
		return false
	}
	if r.From.ID != 0 {
		return r.From.ID == me.ID
	}
	return r.From.Username != "" && equalFold(r.From.Username, me.Username)
}

// cleanQuestion trims what is left around a question once the command or
// mention is taken out of it.
func cleanQuestion(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', ',', '，', ':', '：', '、':
			return true
		}
		return false
	})
}

// routeMessage decides what to do with a message: the addressed-or-not
// rules of DESIGN.md's "Telegram behaviour". It is a pure function of the
// bot's identity and the message; who may run admin commands is decided
// later.
func routeMessage(me self, m *message) route {
	if m == nil || m.ViaBot != 0 && m.ViaBot == me.ID {
		// The bot's own inline result, posted by a user: an answer,
		// not a question.
		return route{}
	}
	switch m.ChatType {
	case chatPrivate:
		return routePrivate(me, m)
	case chatGroup, chatSupergroup:
		return routeGroup(me, m)
	}
	return route{} // channels, and chat types not known
}

// baseRoute is the route of a message before its command or mention is
// read: a follow-up when it replies to one of the bot's messages, with the
// text it replies to.
func baseRoute(me self, m *message) route {
	r := route{FollowUp: repliesToMe(me, m)}
	if r.FollowUp {
		r.Previous, r.PreviousID = m.Reply.Text, m.Reply.ID
	}
	return r
}

func routePrivate(me self, m *message) route {
	switch {
	case m.Document != nil:
		// An admin adding a source; the caption, if any, is read as a
		// question when the sender is not an admin (handleMessage).
		return route{Action: actUpload, Text: m.Text}
	case m.NonText || strings.TrimSpace(m.Text) == "":
		return route{}
	}
	r := baseRoute(me, m)
	if name, target, args, ok := parseCommand(m); ok {
		if target != "" && !equalFold(target, me.Username) {
			return route{}
		}
		if name == "ask" {
			return askRoute(r, args, m)
		}
		r.Action, r.Command, r.Text = actCommand, name, args
		return r
	}
	r.Action, r.Text = actQuestion, cleanQuestion(m.Text)
	return r
}

// askRoute is /ask with args: the question, or, for a bare /ask that replies
// to someone's message, that message's text.
func askRoute(r route, args string, m *message) route {
	r.Action, r.Text = actQuestion, cleanQuestion(args)
	if r.Text == "" && m.Reply != nil && !r.FollowUp && strings.TrimSpace(m.Reply.Text) != "" {
		r.Text = cleanQuestion(m.Reply.Text)
	}
	if r.Text == "" {
		r.Action, r.Command = actPrompt, "ask"
	}
	return r
}

func routeGroup(me self, m *message) route {
	if m.NonText || strings.TrimSpace(m.Text) == "" {
		return route{} // a document or photo is read by its caption
	}
	if m.From.IsBot && m.From.ID != me.ID && m.SenderChat == 0 {
		// Other bots: never answer, no loops. A message sent on behalf
		// of a chat comes "from" GroupAnonymousBot or Channel_Bot: a
		// person, answered.
		return route{}
	}
	r := baseRoute(me, m)
	followUp := r.FollowUp
	if name, target, args, ok := parseCommand(m); ok {
		if target != "" && !equalFold(target, me.Username) {
			return route{} // meant for another bot
		}
		if !knownCommands[name] {
			return route{} // perhaps another bot's, sent without @name
		}
		if name == "ask" {
			return askRoute(r, args, m)
		}
		r.Action, r.Command, r.Text = actCommand, name, args
		return r
	}
	if ranges := mentionRanges(me, m); len(ranges) > 0 {
		r.Action, r.Text = actQuestion, cleanQuestion(utf16Remove(m.Text, ranges))
		if r.Text == "" && m.Reply != nil && !followUp && strings.TrimSpace(m.Reply.Text) != "" {
			r.Text = cleanQuestion(m.Reply.Text) // "@bot" in reply to someone's question
		}
		if r.Text == "" {
			r.Action, r.Command = actPrompt, "mention"
		}
		return r
	}
	if followUp {
		r.Action, r.Text = actQuestion, cleanQuestion(m.Text)
		return r
	}
	return route{}
}
