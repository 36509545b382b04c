package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/visitbot/visitbot/knowledge"
)

// Reload rebuilds the knowledge base as /reload does (for SIGHUP) and
// returns what happened, in the words /reload replies with.
func (b *Bot) Reload(ctx context.Context) string { return b.reload(ctx) }

// reload runs Config.Reload: the new base is swapped in whole, or on error
// the old one stays; answering goes on meanwhile (the engine takes the
// current base per question).
func (b *Bot) reload(ctx context.Context) string {
	b.adminMu.Lock()
	defer b.adminMu.Unlock()
	if b.cfg.Reload == nil {
		return msgNoReload
	}
	old := b.store.Current()
	start := time.Now()
	nb, err := b.cfg.Reload(ctx)
	took := time.Since(start)
	if err != nil {
		b.log.Error("reload failed; keeping the knowledge base in use", "version", versionOf(old), "err", err)
		return reloadFailedText(old, err)
	}
	b.log.Info("reloaded", "from_version", versionOf(old), "version", versionOf(nb), "duration", took)
	return reloadText(old, nb, took) + b.resolved(ctx, old, nb)
}

func versionOf(b *knowledge.Base) uint64 {
	if b == nil {
		return 0
	}
	return b.Info.Version
}

func (b *Bot) rollback(ctx context.Context) string {
	b.adminMu.Lock()
	defer b.adminMu.Unlock()
	from := versionOf(b.store.Current())
	nb, err := b.store.Rollback()
	if errors.Is(err, knowledge.ErrNoPrevious) {
		return "没有更早的版本可以回退。"
	}
	if err != nil {
		b.log.Error("rollback failed", "err", err)
		return fmt.Sprintf("回退失败,仍在使用第 %d 版知识库。\n原因:%v", from, err)
	}
	b.log.Info("rolled back", "from_version", from, "version", nb.Info.Version)
	undone, err := b.matchUploads(nb)
	if err != nil {
		b.log.Error("rollback: restoring the uploaded sources of the version", "err", err)
		return rollbackText(nb, from) + "\n但上传来源的记录没能跟着回退:" + err.Error()
	}
	return rollbackText(nb, from) + undone + b.resolved(ctx, nil, nb)
}

// matchUploads makes the uploaded sources those the base nb was built
// from (a rollback's): an upload that made a later version is undone, one
// removed since is back. It returns what changed, in words.
func (b *Bot) matchUploads(nb *knowledge.Base) (string, error) {
	srcs, err := nb.LoadSources()
	if err != nil {
		return "", err
	}
	want := map[string]knowledge.Source{}
	for _, s := range srcs {
		if strings.HasPrefix(s.Path, uploadPathPrefix) {
			want[s.Name] = s
		}
	}
	have, err := b.uploads()
	if err != nil {
		return "", err
	}
	put := map[string][]byte{}
	var del []string
	var words []string
	for name, rec := range have {
		if w, ok := want[name]; !ok {
			del = append(del, prefixUpload+name)
			words = append(words, "撤销了上传的《"+name+"》")
		} else if string(w.Text) != string(rec.Text) {
			rec.Source = w
			put[prefixUpload+name], _ = json.Marshal(rec)
			words = append(words, "《"+name+"》回到了那一版的内容")
		}
	}
	for name, w := range want {
		if _, ok := have[name]; !ok {
			put[prefixUpload+name], _ = json.Marshal(uploadRecord{Source: w})
			words = append(words, "恢复了上传的《"+name+"》")
		}
	}
	if len(put)+len(del) == 0 {
		return "", nil
	}
	if err := b.state.Write(put, del); err != nil {
		return "", err
	}
	sort.Strings(words)
	return "\n" + strings.Join(words, ";") + "。", nil
}

// uploadPathPrefix marks the path of a source an admin uploaded.
const uploadPathPrefix = "telegram:"

// uploadRecord is an uploaded source as the state keeps it: the source,
// and who uploaded it when (zero for one a rollback brought back).
type uploadRecord struct {
	knowledge.Source
	By     int64     `json:"by,omitempty"`
	ByName string    `json:"by_name,omitempty"`
	At     time.Time `json:"at,omitzero"`
}

// uploads returns the uploaded sources by document name.
func (b *Bot) uploads() (map[string]uploadRecord, error) {
	out := map[string]uploadRecord{}
	err := b.state.Scan(prefixUpload, func(key string, val []byte) error {
		var r uploadRecord
		if err := json.Unmarshal(val, &r); err != nil {
			return fmt.Errorf("uploaded source %s: %w", strings.TrimPrefix(key, prefixUpload), err)
		}
		out[strings.TrimPrefix(key, prefixUpload)] = r
		return nil
	})
	return out, err
}

// removeSource runs /remove NAME: an uploaded source goes, and the base is
// rebuilt without it; when the rebuild fails, the source stays.
func (b *Bot) removeSource(ctx context.Context, name string) string {
	b.adminMu.Lock()
	defer b.adminMu.Unlock()
	name = strings.Trim(strings.TrimSpace(name), "《》")
	ups, err := b.uploads()
	if err != nil {
		return "读取上传的来源失败:" + err.Error()
	}
	rec, ok := ups[name]
	if !ok {
		var names []string
		for n := range ups {
			names = append(names, "《"+n+"》")
		}
		sort.Strings(names)
		if len(names) == 0 {
			return "没有上传的来源可以删除(配置的来源要在服务器上改)。"
		}
		return "《" + name + "》不是上传的来源。上传的有:" + strings.Join(names, "、") + "。"
	}
	if b.cfg.Reload == nil {
		return msgNoReload
	}
	key := prefixUpload + name
	if err := b.state.Write(nil, []string{key}); err != nil {
		return "删除失败:" + err.Error()
	}
	old := b.store.Current()
	start := time.Now()
	nb, err := b.cfg.Reload(ctx)
	if err != nil {
		val, _ := json.Marshal(rec)
		if rerr := b.state.Write(map[string][]byte{key: val}, nil); rerr != nil {
			b.log.Error("remove: restoring the source", "document", name, "err", rerr)
		}
		b.log.Error("remove: reload failed; keeping the knowledge base in use", "document", name, "err", err)
		return "删除《" + name + "》失败:" + reloadFailedText(old, err)
	}
	b.log.Info("remove: uploaded source removed", "document", name, "version", versionOf(nb))
	return "已删除上传的《" + name + "》。\n" + reloadText(old, nb, time.Since(start))
}

// sourcesText is /sources: the documents, and for each whether it is a
// configured source or was uploaded, by whom and when.
func (b *Bot) sourcesText() string {
	kb := b.store.Current()
	s := SourcesText(kb)
	if kb == nil {
		return s
	}
	ups, err := b.uploads()
	if err != nil {
		return s
	}
	srcs, err := kb.LoadSources()
	if err != nil {
		b.log.Error("sources: reading the knowledge base's sources", "err", err)
		return s
	}
	var conf, up []string
	for _, src := range srcs {
		if !strings.HasPrefix(src.Path, uploadPathPrefix) {
			conf = append(conf, "《"+src.Name+"》")
			continue
		}
		line := "《" + src.Name + "》"
		if r, ok := ups[src.Name]; ok && !r.At.IsZero() {
			who := "@" + r.ByName
			if r.ByName == "" {
				who = fmt.Sprintf("用户 %d", r.By)
			}
			line += fmt.Sprintf(":%s 于 %s 上传", who, r.At.In(time.Local).Format("2006-01-02 15:04"))
		}
		up = append(up, line)
	}
	if len(conf) > 0 {
		s += "\n配置的来源:" + strings.Join(conf, "、")
	}
	if len(up) > 0 {
		s += "\n上传的来源:\n• " + strings.Join(up, "\n• ")
	}
	return s
}

// handleUpload is an admin's .txt document in a private chat: download it,
// check it, add it to the sources and reload; on failure, the sources and
// the knowledge base stay as they were.
func (b *Bot) handleUpload(u *update, m *message) []*outgoing {
	d := m.Document
	ext := filepath.Ext(d.FileName)
	if !strings.EqualFold(ext, ".txt") {
		return b.reply(u, m, formatText(msgNotTxt), "")
	}
	if d.Size > b.cfg.MaxUploadBytes {
		return b.reply(u, m, formatText(tooLargeText(d.Size, b.cfg.MaxUploadBytes)), "")
	}
	name := documentName(strings.TrimSuffix(d.FileName, ext))
	if name == "" {
		return b.reply(u, m, formatText("文件名不能用作文章名,请改一个名字(字母、数字、汉字)再发。"), "")
	}
	b.log.Info("source upload", "user_id", m.From.ID, "document", name, "bytes", d.Size)
	b.goJob("upload", func(ctx context.Context) []*outgoing {
		return b.reply(u, m, formatText(b.addSource(ctx, d, name, m.From)), "")
	})
	return nil
}

func tooLargeText(size, limit int64) string {
	return fmt.Sprintf("文件太大了(%d 字节),最多 %d 字节。", size, limit)
}

// documentName makes a document name of a file name: letters, digits,
// Han characters, '-', '_' and '.'; nothing that could be a path.
func documentName(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.':
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteRune('-')
		}
	}
	out := strings.Trim(b.String(), ".-")
	if rs := []rune(out); len(rs) > 64 {
		out = string(rs[:64])
	}
	return out
}

// uploadTimeout bounds downloading and reloading an uploaded source.
const uploadTimeout = 3 * time.Minute

func (b *Bot) addSource(ctx context.Context, d *document, name string, by user) string {
	b.adminMu.Lock()
	defer b.adminMu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, uploadTimeout)
	defer cancel()
	data, err := b.api.download(ctx, d.FileID, b.cfg.MaxUploadBytes)
	if errors.Is(err, errTooLarge) {
		return fmt.Sprintf("文件太大了,最多 %d 字节。", b.cfg.MaxUploadBytes)
	}
	if err != nil {
		b.log.Error("upload: download failed", "document", name, "err", err)
		return fmt.Sprintf("下载文件失败,知识库没有变化。\n原因:%v", err)
	}
	src := knowledge.Source{Name: name, Path: uploadPathPrefix + d.FileName, Text: data}
	if err := src.Check(); err != nil {
		return "文件不能用作来源:" + sourceProblem(err) + "\n知识库没有变化。"
	}
	doc, err := knowledge.Parse(src)
	if err != nil {
		return "文件不能用作来源:" + err.Error() + "\n知识库没有变化。"
	}
	if b.cfg.Reload == nil {
		return msgNoReload
	}
	key := prefixUpload + name
	prevVal, err := b.state.Get(key)
	if err != nil {
		return fmt.Sprintf("添加失败:%v", err)
	}
	val, _ := json.Marshal(uploadRecord{Source: src, By: by.ID, ByName: by.Username, At: time.Now().UTC().Truncate(time.Second)})
	if err := b.state.Write(map[string][]byte{key: val}, nil); err != nil {
		return fmt.Sprintf("添加失败:%v", err)
	}
	old := b.store.Current()
	start := time.Now()
	nb, err := b.cfg.Reload(ctx)
	if err != nil {
		// Put the sources back as they were.
		var rerr error
		if prevVal != nil {
			rerr = b.state.Write(map[string][]byte{key: prevVal}, nil)
		} else {
			rerr = b.state.Write(nil, []string{key})
		}
		if rerr != nil {
			b.log.Error("upload: restoring the sources", "document", name, "err", rerr)
		}
		b.log.Error("upload: reload failed; keeping the knowledge base in use", "document", name, "err", err)
		return "添加《" + name + "》失败:" + reloadFailedText(old, err)
	}
	sentences := 0
	for _, p := range doc.Paragraphs {
		sentences += len(p.Sentences)
	}
	verb := "已添加"
	if prevVal != nil {
		verb = "已更新"
	}
	b.log.Info("upload: source added", "document", name, "version", versionOf(nb))
	return fmt.Sprintf("%s《%s》(%d 段,%d 句)。\n%s", verb, name, len(doc.Paragraphs), sentences, reloadText(old, nb, time.Since(start))) +
		b.resolved(ctx, old, nb)
}

// UploadedSources returns the sources admins added by sending documents to
// the bot, kept in the store's state, by name. Config.Reload builds from
// these as well as from the configured sources.
func UploadedSources(st State) ([]knowledge.Source, error) {
	var out []knowledge.Source
	err := st.Scan(prefixUpload, func(key string, val []byte) error {
		var src knowledge.Source
		if err := json.Unmarshal(val, &src); err != nil {
			return fmt.Errorf("uploaded source %s: %w", strings.TrimPrefix(key, prefixUpload), err)
		}
		out = append(out, src)
		return nil
	})
	return out, err
}
