package telegramtest

import (
	"net/http"
	"strings"
)

func (s *Server) getFile(p map[string]string) (any, *apiErr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := p["file_id"]
	data, ok := s.files[id]
	if !ok {
		return nil, badRequest("invalid file_id")
	}
	if len(data) > 20<<20 {
		return nil, badRequest("file is too big")
	}
	path := "documents/" + id + ".txt"
	s.filePaths[path] = id
	return map[string]any{"file_id": id, "file_unique_id": "u" + id, "file_size": len(data), "file_path": path}, nil
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/file/bot")
	token, path, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	id, ok := s.filePaths[path]
	data := s.files[id]
	s.mu.Unlock()
	if token != s.Token || !ok {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(data)
}
