package telegramtest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

type reply struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

func call(t *testing.T, s *Server, method string, params url.Values) (int, reply) {
	t.Helper()
	resp, err := http.PostForm(s.URL+"/bot"+s.Token+"/"+method, params)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r reply
	json.NewDecoder(resp.Body).Decode(&r)
	return resp.StatusCode, r
}

func TestSendMessageErrors(t *testing.T) {
	s := New(t, Options{})
	u := User{ID: 7, FirstName: "A"}
	m := s.Text(u, Private(u), "hi")
	cases := []struct {
		name   string
		params url.Values
		want   string // "" for success
	}{
		{"ok", url.Values{"chat_id": {"7"}, "text": {"<b>a</b> &amp; b"}, "parse_mode": {"HTML"}}, ""},
		{"no chat", url.Values{"text": {"x"}}, "Bad Request: chat_id is empty"},
		{"unknown chat", url.Values{"chat_id": {"8"}, "text": {"x"}}, "Bad Request: chat not found"},
		{"empty text", url.Values{"chat_id": {"7"}, "text": {""}}, "Bad Request: message text is empty"},
		{"only tags", url.Values{"chat_id": {"7"}, "text": {"<b> </b>"}, "parse_mode": {"HTML"}}, "Bad Request: message text is empty"},
		{"too long", url.Values{"chat_id": {"7"}, "text": {strings.Repeat("字", 4097)}}, "Bad Request: message is too long"},
		{"4096 units with tags", url.Values{"chat_id": {"7"}, "text": {"<b>" + strings.Repeat("字", 4096) + "</b>"}, "parse_mode": {"HTML"}}, ""},
		{"surrogate pairs count twice", url.Values{"chat_id": {"7"}, "text": {strings.Repeat("😀", 2049)}}, "Bad Request: message is too long"},
		{"unknown tag", url.Values{"chat_id": {"7"}, "text": {"<script>x</script>"}, "parse_mode": {"HTML"}}, `can't parse entities: Unsupported start tag "script"`},
		{"unclosed", url.Values{"chat_id": {"7"}, "text": {"<b>x"}, "parse_mode": {"HTML"}}, "can't parse entities: Can't find end tag"},
		{"bare <", url.Values{"chat_id": {"7"}, "text": {"a < b"}, "parse_mode": {"HTML"}}, "can't parse entities"},
		{"bare & is text", url.Values{"chat_id": {"7"}, "text": {"AT&T"}, "parse_mode": {"HTML"}}, ""},
		{"reply not found", url.Values{"chat_id": {"7"}, "text": {"x"}, "reply_to_message_id": {"99"}}, "Bad Request: message to be replied not found"},
		{"reply not found, allowed", url.Values{"chat_id": {"7"}, "text": {"x"}, "reply_to_message_id": {"99"}, "allow_sending_without_reply": {"true"}}, ""},
		{"reply", url.Values{"chat_id": {"7"}, "text": {"x"}, "reply_to_message_id": {"1"}}, ""},
	}
	for _, c := range cases {
		code, r := call(t, s, "sendMessage", c.params)
		if c.want == "" {
			if !r.OK || code != 200 {
				t.Errorf("%s: %d %s", c.name, code, r.Description)
			}
			continue
		}
		if r.OK || code != 400 || !strings.Contains(r.Description, c.want) {
			t.Errorf("%s: %d %q, want 400 %q", c.name, code, r.Description, c.want)
		}
	}
	if sent := s.Sent(7); sent[len(sent)-1].ReplyTo != m.MessageID {
		t.Errorf("reply_to not recorded: %+v", sent[len(sent)-1])
	}
	if code, r := call(t, s, "getMe", nil); code != 200 || !strings.Contains(string(r.Result), `"is_bot":true`) {
		t.Errorf("getMe: %d %s", code, r.Result)
	}
	resp, err := http.Get(s.URL + "/botWRONG/getMe")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("a wrong token: HTTP %d, want 401", resp.StatusCode)
	}
}

func TestGetUpdates(t *testing.T) {
	s := New(t, Options{})
	u := User{ID: 7, FirstName: "A"}
	for i := 0; i < 5; i++ {
		s.Text(u, Private(u), "q")
	}
	ids := func(r reply) []int {
		var ups []Update
		json.Unmarshal(r.Result, &ups)
		var out []int
		for _, u := range ups {
			out = append(out, u.UpdateID)
		}
		return out
	}
	_, r := call(t, s, "getUpdates", url.Values{"limit": {"2"}})
	got := ids(r)
	if len(got) != 2 {
		t.Fatalf("limit 2 gave %v", got)
	}
	// Without a higher offset nothing is confirmed.
	if _, r = call(t, s, "getUpdates", nil); len(ids(r)) != 5 {
		t.Errorf("updates were confirmed without an offset: %v", ids(r))
	}
	_, r = call(t, s, "getUpdates", url.Values{"offset": {itoa(got[1] + 1)}})
	if g := ids(r); len(g) != 3 || g[0] != got[1]+1 || s.Pending() != 3 {
		t.Errorf("offset past 2: %v, %d pending", g, s.Pending())
	}
	// A long poll waits for the next update.
	s.mu.Lock()
	last := s.nextUpd
	s.mu.Unlock()
	done := make(chan []int)
	go func() {
		_, r := call(t, s, "getUpdates", url.Values{"offset": {itoa(last + 1)}, "timeout": {"10"}})
		done <- ids(r)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.WaitFor(ctx, func() bool { return s.Pending() == 0 }) // the poll confirmed the rest
	s.Text(u, Private(u), "late")
	if g := <-done; len(g) != 1 || g[0] != last+1 {
		t.Errorf("long poll returned %v, want [%d]", g, last+1)
	}
}

func TestEntities(t *testing.T) {
	got := Entities("😀 /ask@VisitBot 问 @alice_w 和 a@b.cc /start")
	want := []Entity{{Type: "bot_command", Offset: 3, Length: 13}, {Type: "mention", Offset: 19, Length: 8}, {Type: "bot_command", Offset: 37, Length: 6}}
	if len(got) != len(want) {
		t.Fatalf("entities %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entity %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestFaultsAndInline(t *testing.T) {
	s := New(t, Options{})
	u := User{ID: 7, FirstName: "A"}
	s.Text(u, Private(u), "q")
	s.Fail("sendMessage", 1, 429, 3)
	code, r := call(t, s, "sendMessage", url.Values{"chat_id": {"7"}, "text": {"x"}})
	if code != 429 || r.Parameters.RetryAfter != 3 {
		t.Errorf("scripted 429: %d %+v", code, r)
	}
	if code, _ := call(t, s, "sendMessage", url.Values{"chat_id": {"7"}, "text": {"x"}}); code != 200 {
		t.Errorf("after the fault: %d", code)
	}
	id := s.Inline(u, "q")
	results := `[{"type":"article","id":"1","title":"t","input_message_content":{"message_text":"<b>m</b>","parse_mode":"HTML"}}]`
	if code, r := call(t, s, "answerInlineQuery", url.Values{"inline_query_id": {id}, "results": {results}}); code != 200 {
		t.Errorf("answerInlineQuery: %d %s", code, r.Description)
	}
	if code, r := call(t, s, "answerInlineQuery", url.Values{"inline_query_id": {id}, "results": {results}}); code != 400 || !strings.Contains(r.Description, "query is too old") {
		t.Errorf("answering twice: %d %s", code, r.Description)
	}
	if a, ok := s.InlineAnswer(id); !ok || a.Results[0].MessageText != "m" {
		t.Errorf("inline answer %+v", a)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
