package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/qa"
)

// Admins teach the bot from Telegram: /unanswered shows what it could not
// answer, /alias adds words that stand for each other, /unalias takes a
// group back. The alias groups admins add are plain text in the state
// (keyAliases), one group a line in the alias table's own format; the
// command's Config.Reload builds with them after the configured table
// (AdminAliases), and `visitbot aliases` prints the whole table.

// keyAliases holds the alias groups admins added, one a line.
const keyAliases = "aliases"

// unansweredShown is how many questions /unanswered lists.
const unansweredShown = 10

// AdminAliases returns the alias groups admins added with /alias, one a
// line in the alias table's format ("" when none).
func AdminAliases(st State) (string, error) {
	data, err := st.Get(keyAliases)
	if err != nil {
		return "", fmt.Errorf("admin aliases: %w", err)
	}
	return string(data), nil
}

// aliasLines returns the admin's alias groups, one a line, without blanks.
func (b *Bot) aliasLines() ([]string, error) {
	text, err := AdminAliases(b.state)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out, nil
}

func unansweredText(es []unansweredEntry) string {
	if len(es) == 0 {
		return "没有记下的未回答问题。"
	}
	var s strings.Builder
	fmt.Fprintf(&s, "问得最多的 %d 个未回答问题:\n", len(es))
	for i, e := range es {
		var types []string
		for _, t := range []string{chatPrivate, chatGroup, chatSupergroup} {
			if e.Types[t] > 0 {
				types = append(types, chatTypeNames[t])
			}
		}
		fmt.Fprintf(&s, "%d. %s(%d 次,%s,最近 %s)\n   教:%s\n", i+1, e.Question, e.Count, strings.Join(types, "/"),
			e.Last.In(time.Local).Format("01-02 15:04"), teachHint(e))
	}
	s.WriteString("\n/alias 问题里的词=文章里的词 让两个说法互相代表(例如 /alias 创办人=创始人);文章没写的内容,可以在私聊中发 .txt 文件补充来源。")
	return s.String()
}

// teachHint says how an admin could teach the bot to answer e.
func teachHint(e unansweredEntry) string {
	switch {
	case e.Why == qa.ReasonUnknownName:
		return "问到了文章里没有的名字;若是文章里某个名字的别称,/alias 别称=文章里的名字"
	case e.About != "":
		return "文章说到了" + e.About + ",但没有说这一点;可以发 .txt 补充来源"
	}
	return "/alias 问题里的词=文章里的词,或发 .txt 补充来源"
}

// alias runs /alias: with no argument it lists the admins' groups; with
// "A=B[=C…]" it adds a group, rebuilds, and says which remembered
// questions are now answered. On any failure nothing changes.
func (b *Bot) alias(ctx context.Context, arg string) string {
	b.adminMu.Lock()
	defer b.adminMu.Unlock()
	lines, err := b.aliasLines()
	if err != nil {
		return "读取别名失败:" + err.Error()
	}
	arg = strings.TrimSpace(arg)
	if arg == "" {
		if len(lines) == 0 {
			return "管理员还没有添加别名。用法:/alias 厦大=厦门大学(同一组的词互相代表)。"
		}
		var s strings.Builder
		s.WriteString("管理员添加的别名组:\n")
		for i, l := range lines {
			fmt.Fprintf(&s, "%d. %s\n", i+1, l)
		}
		s.WriteString("用 /unalias 编号 或 /unalias 词 删除一组。")
		return s.String()
	}
	group, err := aliasGroup(arg)
	if err != nil {
		return err.Error()
	}
	for _, l := range lines {
		if l == group {
			return "这组别名已经有了:" + group
		}
	}
	res, err := b.changeAliases(ctx, append(lines, group))
	if err != nil {
		return "添加别名失败,别名表没有变化。\n" + err.Error()
	}
	return "已添加别名组:" + group + "\n" + res
}

// aliasGroup checks an /alias argument and returns it as a line of the
// table: the words joined by " = ".
func aliasGroup(arg string) (string, error) {
	if strings.ContainsAny(arg, "#\n@") {
		return "", fmt.Errorf("别名里不能有 #、@ 或换行。用法:/alias 厦大=厦门大学")
	}
	fields := strings.FieldsFunc(arg, func(r rune) bool {
		return r == '=' || r == ' ' || r == ',' || r == '，' || r == '、' || r == '\u3000' || r == '＝'
	})
	line := strings.Join(fields, " = ")
	if _, err := knowledge.ParseAliases(line); err != nil || len(fields) < 2 {
		return "", fmt.Errorf("一组别名至少要两个词,用 = 分开,例如 /alias 厦大=厦门大学")
	}
	return line, nil
}

// unalias runs /unalias N or /unalias WORD: the group goes, and the base
// is rebuilt.
func (b *Bot) unalias(ctx context.Context, arg string) string {
	b.adminMu.Lock()
	defer b.adminMu.Unlock()
	lines, err := b.aliasLines()
	if err != nil {
		return "读取别名失败:" + err.Error()
	}
	arg = strings.TrimSpace(arg)
	idx := -1
	if n, err := strconv.Atoi(arg); err == nil && n >= 1 && n <= len(lines) {
		idx = n - 1
	} else if arg != "" {
		for i, l := range lines {
			for _, w := range strings.Split(l, " = ") {
				if w == arg {
					idx = i
				}
			}
		}
	}
	if idx < 0 {
		return "没有找到这组别名。/alias 列出管理员添加的别名组。"
	}
	removed := lines[idx]
	kept := append(lines[:idx:idx], lines[idx+1:]...)
	res, err := b.changeAliases(ctx, kept)
	if err != nil {
		return "删除别名失败,别名表没有变化。\n" + err.Error()
	}
	return "已删除别名组:" + removed + "\n" + res
}

// changeAliases stores the admins' alias groups and reloads; when the
// reload fails, the groups are put back as they were.
func (b *Bot) changeAliases(ctx context.Context, lines []string) (string, error) {
	if b.cfg.Reload == nil {
		return "", fmt.Errorf("%s", msgNoReload)
	}
	prev, err := b.state.Get(keyAliases)
	if err != nil {
		return "", err
	}
	text := strings.Join(lines, "\n")
	if text != "" {
		text += "\n"
	}
	if err := b.state.Write(map[string][]byte{keyAliases: []byte(text)}, nil); err != nil {
		return "", err
	}
	old := b.store.Current()
	start := time.Now()
	nb, err := b.cfg.Reload(ctx)
	if err != nil {
		if rerr := b.state.Write(map[string][]byte{keyAliases: prev}, nil); rerr != nil {
			b.log.Error("alias: restoring the alias groups", "err", rerr)
		}
		b.log.Error("alias: reload failed; keeping the knowledge base in use", "err", err)
		return "", fmt.Errorf("%s", reloadFailedText(old, err))
	}
	b.log.Info("admin aliases changed", "groups", len(lines), "version", versionOf(nb))
	return reloadText(old, nb, time.Since(start)) + b.resolved(ctx, old, nb), nil
}

// resolved asks the remembered unanswered questions again after the base
// changed from old to nb, forgets those now answered, and lists them.
func (b *Bot) resolved(ctx context.Context, old, nb *knowledge.Base) string {
	if nb == nil || old != nil && nb.Info.Version == old.Info.Version {
		return ""
	}
	done := b.loop.resolve(ctx, b.engine)
	if len(done) == 0 {
		return ""
	}
	var s strings.Builder
	fmt.Fprintf(&s, "\n现在能回答之前没答上的 %d 个问题:", len(done))
	for i, q := range done {
		if i == unansweredShown {
			fmt.Fprintf(&s, "\n……等 %d 个", len(done))
			break
		}
		s.WriteString("\n• " + q)
	}
	return s.String()
}
