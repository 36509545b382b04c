package telegramtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"time"
)

// Webhook returns the webhook URL set, and its secret token.
func (s *Server) Webhook() (string, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook, s.secret
}

var secretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (s *Server) setWebhook(p map[string]string) (any, *apiErr) {
	u := p["url"]
	if u == "" {
		return s.deleteWebhook(p)
	}
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return nil, badRequest("bad webhook: invalid URL")
	}
	secret := p["secret_token"]
	if secret != "" && !secretRe.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	s.mu.Lock()
	stop := s.stopWebhookLocked()
	s.mu.Unlock()
	if stop != nil {
		<-stop
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhook, s.secret = u, secret
	s.hookStop, s.hookDone = make(chan struct{}), make(chan struct{})
	go s.pushWebhook(u, secret, s.hookStop, s.hookDone)
	s.notifyLocked()
	return true, nil
}

func (s *Server) deleteWebhook(p map[string]string) (any, *apiErr) {
	s.mu.Lock()
	stop := s.stopWebhookLocked()
	if p["drop_pending_updates"] == "true" {
		s.updates = nil
	}
	s.notifyLocked()
	s.mu.Unlock()
	if stop != nil {
		<-stop
	}
	return true, nil
}

func (s *Server) stopWebhookLocked() chan struct{} {
	if s.hookStop == nil {
		return nil
	}
	close(s.hookStop)
	done := s.hookDone
	s.hookStop, s.hookDone, s.webhook, s.secret = nil, nil, "", ""
	return done
}

// pushWebhook delivers the updates to the webhook one at a time, in order;
// an update is gone once the bot answered 2xx, and delivered again
// otherwise.
func (s *Server) pushWebhook(u, secret string, stop, done chan struct{}) {
	defer close(done)
	client := &http.Client{Timeout: 30 * time.Second}
	for {
		s.mu.Lock()
		var next *Update
		if len(s.updates) > 0 {
			c := s.updates[0]
			next = &c
		}
		ch := s.changed
		s.mu.Unlock()
		if next == nil {
			select {
			case <-ch:
				continue
			case <-stop:
				return
			}
		}
		body, _ := json.Marshal(next)
		req, _ := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := client.Do(req)
		ok := err == nil && resp.StatusCode/100 == 2
		if resp != nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if ok {
			s.mu.Lock()
			if len(s.updates) > 0 && s.updates[0].UpdateID == next.UpdateID {
				s.updates = s.updates[1:]
			}
			s.notifyLocked()
			s.mu.Unlock()
			continue
		}
		select {
		case <-stop:
			return
		case <-time.After(s.opt.WebhookRetry):
		}
	}
}
