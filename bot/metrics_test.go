package bot

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestSendResult(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{nil, SendOK},
		{&apiError{Method: "sendMessage", Code: 429, RetryAfter: 3}, SendFlood},
		{&apiError{Method: "sendMessage", Code: 403, Desc: "Forbidden: bot was blocked by the user"}, SendForbidden},
		{&apiError{Method: "sendMessage", Code: 400, Desc: "Bad Request"}, SendClient},
		{&apiError{Method: "sendMessage", Code: 502}, SendServer},
		{&apiError{Method: "sendMessage", Desc: "dial tcp: connection refused"}, SendNetwork},
		{errors.New("EOF"), SendNetwork},
		{fmt.Errorf("sendMessage: %w", context.Canceled), SendCanceled},
		{fmt.Errorf("sendMessage: %w", context.DeadlineExceeded), SendCanceled},
	}
	for _, tt := range tests {
		if got := sendResult(tt.err); got != tt.want {
			t.Errorf("sendResult(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestUpdateKind(t *testing.T) {
	tests := []struct {
		u          update
		kind, chat string
	}{
		{update{Message: &message{ChatType: chatGroup}}, "message", chatGroup},
		{update{Inline: &inlineQuery{}}, "inline_query", ""},
		{update{Callback: &callback{ChatType: chatPrivate}}, "callback_query", chatPrivate},
		{update{}, "other", ""},
	}
	for _, tt := range tests {
		if k, c := updateKind(&tt.u); k != tt.kind || c != tt.chat {
			t.Errorf("updateKind(%+v) = %q, %q; want %q, %q", tt.u, k, c, tt.kind, tt.chat)
		}
	}
}
