package telegramtest

import (
	"encoding/json"
	"strings"
	"time"
)

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
