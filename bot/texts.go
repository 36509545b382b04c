package bot

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/visitbot/visitbot/knowledge"
)

// What the bot says, in plain text: every string is escaped on its way out
// (formatText), so none of them holds markup.

const (
	msgTimeout        = "抱歉,这个问题处理超时了,请再试一次。"
	msgFailed         = "抱歉,处理这条消息时出错了,请换个问法再试。"
	msgNotAdmin       = "抱歉,这个命令只有管理员可以使用。"
	msgUnknown        = "我不认识这个命令。直接发问题即可,/help 查看用法。"
	msgUploadNotAdmin = "只有管理员可以发文件添加来源。想问文章的内容,直接发问题即可。"
	msgNotTxt         = "只能添加 .txt 文本文件(UTF-8 编码,一行一段)。"
	msgNoReload       = "这个机器人没有配置重新加载。"
	msgSlowDownF      = "你发得太快了,请 %d 秒后再问(这期间的消息我不会回答)。"
)

// menu entries (setMyCommands).
var (
	menuDefault = []command{
		{"start", "开始:介绍和示例问题"},
		{"help", "用法:私聊、群组和内联模式"},
		{"ask", "提问,例如 /ask 杜小刚带队去了哪些地方?"},
		{"sources", "知识库里的文章"},
	}
	menuGroups = []command{
		{"ask", "提问,例如 /ask 杜小刚带队去了哪些地方?"},
		{"help", "在群组里怎么问我"},
		{"sources", "知识库里的文章"},
	}
	menuAdmin = append(append([]command(nil), menuDefault...),
		command{"reload", "管理员:从来源重新加载知识库"},
		command{"rollback", "管理员:回到上一版知识库"},
		command{"stats", "管理员:统计和反馈"},
		command{"unanswered", "管理员:没答上的问题"},
		command{"alias", "管理员:添加别名,例如 /alias 厦大=厦门大学"},
		command{"unalias", "管理员:删除一组别名"},
		command{"remove", "管理员:删除上传的来源"},
	)
)

// defaultExamples suit the embedded article.
var defaultExamples = []string{
	"杜小刚带队去了哪些地方?",
	"厦门大学无锡研究院什么时候可以入驻?",
	"宇树科技的创始人是谁?",
}

// examples returns three example questions for the knowledge base: the
// embedded article's own, or ones made from its most mentioned person,
// organisation and place.
func examples(b *knowledge.Base) []string {
	if b == nil {
		return defaultExamples
	}
	for _, d := range b.Docs {
		if d.Name == knowledge.DefaultSource().Name {
			return defaultExamples
		}
	}
	var out []string
	kinds := []struct {
		kind   knowledge.TermKind
		format string
	}{{knowledge.Person, "%s做了什么?"}, {knowledge.Org, "%s是什么机构?"}, {knowledge.Place, "在%s发生了什么?"}}
	for _, k := range kinds {
		if names := b.Tables.TopNames(k.kind); len(names) > 0 {
			out = append(out, fmt.Sprintf(k.format, names[0])) // the most mentioned
		}
	}
	for _, e := range []string{"这篇文章讲了什么?", "文章提到了哪些人?", "这篇的编辑是谁?"} {
		if len(out) >= 3 {
			break
		}
		out = append(out, e)
	}
	return out
}

func startText(b *knowledge.Base, username string) string {
	var s strings.Builder
	s.WriteString("你好!我回答关于新闻文章的问题:只用文章里的原句回答,并注明出自第几段第几句;文章没有说的,我会直说,不猜测。\n\n可以这样问:\n")
	for _, e := range examples(b) {
		s.WriteString("• " + e + "\n")
	}
	fmt.Fprintf(&s, "\n/help 群组和内联模式的用法   /sources 知识库里的文章")
	return s.String()
}

func helpText(username string, admin bool) string {
	s := fmt.Sprintf(`私聊:直接发问题,或者 /ask 问题。回复我的某条回答,可以接着追问(例如“那它在哪里?”)。

群组:我只回应点名的消息——
• /ask@%[1]s 问题(或 /ask 问题)
• 在消息里 @%[1]s 并写上问题
• 回复我的某条消息,接着追问
其他消息我不读,也不回应。

内联模式:在任何聊天的输入框里输入 @%[1]s 问题,从弹出的结果中选一句原文发出。

/sources 知识库里的文章   /start 示例问题`, username)
	if admin {
		s += "\n\n管理员:/reload 从来源重新加载知识库   /rollback 回到上一版(也撤销那一版的上传)   /stats 统计和反馈\n" +
			"/unanswered 没答上的问题   /alias 词=词 添加别名   /unalias 删除别名   /remove 名字 删除上传的来源\n" +
			"在私聊中发给我一个 .txt 文件,就把它加为新的来源并重新加载。"
	}
	return s
}

func promptText(kind, username string) string {
	if kind == "mention" {
		return fmt.Sprintf("请在 @%s 后面写上问题,例如:@%s 杜小刚带队去了哪些地方?", username, username)
	}
	return "请在 /ask 后面写上问题,例如:/ask 杜小刚带队去了哪些地方?"
}

func slowDownText(wait time.Duration) string {
	secs := int((wait + time.Second - 1) / time.Second)
	return fmt.Sprintf(msgSlowDownF, max(secs, 1))
}

func builtAt(info knowledge.Info) string {
	return info.BuiltAt.In(time.Local).Format("2006-01-02 15:04")
}

// SourcesText lists the documents of a knowledge base with their sizes and
// when it was built, as /sources (and the terminal's /sources) shows them.
func SourcesText(b *knowledge.Base) string {
	if b == nil {
		return "知识库是空的。"
	}
	var s strings.Builder
	fmt.Fprintf(&s, "知识库第 %d 版,建于 %s,共 %d 篇文章、%d 句:\n", b.Info.Version, builtAt(b.Info), len(b.Docs), b.Info.Sentences)
	for i, d := range b.Docs {
		if i < len(b.Info.PerDoc) {
			fmt.Fprintf(&s, "• 《%s》:%d 段,%d 句\n", d.Name, b.Info.PerDoc[i].Paragraphs, b.Info.PerDoc[i].Sentences)
		} else {
			fmt.Fprintf(&s, "• 《%s》\n", d.Name)
		}
	}
	return strings.TrimRight(s.String(), "\n")
}

func delta(a, b int) string {
	switch {
	case b > a:
		return fmt.Sprintf("%d → %d(+%d)", a, b, b-a)
	case b < a:
		return fmt.Sprintf("%d → %d(-%d)", a, b, a-b)
	}
	return fmt.Sprintf("%d(不变)", b)
}

// reloadText says what a reload changed.
func reloadText(old, nb *knowledge.Base, took time.Duration) string {
	if nb == nil {
		return "知识库是空的。"
	}
	if old != nil && nb.Info.Version == old.Info.Version {
		return fmt.Sprintf("来源没有变化,仍在使用第 %d 版知识库(%d 篇文章,%d 句)。用时 %s。",
			nb.Info.Version, nb.Info.Documents, nb.Info.Sentences, roundDur(took))
	}
	var o knowledge.Info
	if old != nil {
		o = old.Info
	}
	return fmt.Sprintf("知识库已重新加载:第 %d 版 → 第 %d 版,用时 %s。\n文章:%s\n句子:%s\n词条:%s",
		o.Version, nb.Info.Version, roundDur(took),
		delta(o.Documents, nb.Info.Documents), delta(o.Sentences, nb.Info.Sentences), delta(o.Terms, nb.Info.Terms))
}

func reloadFailedText(old *knowledge.Base, err error) string {
	v := "空的"
	if old != nil {
		v = fmt.Sprintf("第 %d 版", old.Info.Version)
	}
	return fmt.Sprintf("重新加载失败,仍在使用%s知识库。\n原因:%v", v, err)
}

func rollbackText(b *knowledge.Base, from uint64) string {
	return fmt.Sprintf("已从第 %d 版回到第 %d 版知识库(建于 %s):%d 篇文章,%d 句。",
		from, b.Info.Version, builtAt(b.Info), b.Info.Documents, b.Info.Sentences)
}

// sourceProblem words a source's failed check for the admin.
func sourceProblem(err error) string {
	switch {
	case errors.Is(err, knowledge.ErrEmpty):
		return "文件是空的,没有可以回答的文字。"
	case errors.Is(err, knowledge.ErrBinary):
		return "这不是文本文件(含有二进制数据)。"
	case errors.Is(err, knowledge.ErrUTF8):
		return "文件不是 UTF-8 编码的文本,请另存为 UTF-8 再发。"
	}
	return err.Error()
}

func roundDur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(time.Millisecond).String()
	}
	return d.String()
}

var chatTypeNames = map[string]string{
	chatPrivate: "私聊", chatGroup: "群组", chatSupergroup: "超级群组", chatInline: "内联",
}

func statsText(st *stats, uptime time.Duration, b *knowledge.Base, pending int) string {
	since, types, cs := st.snapshot()
	var s strings.Builder
	fmt.Fprintf(&s, "统计(自 %s 起):\n", since.In(time.Local).Format("2006-01-02 15:04"))
	var ta, tb int64
	for _, t := range types {
		name := chatTypeNames[t]
		if name == "" {
			name = t
		}
		c := cs[t]
		fmt.Fprintf(&s, "• %s:回答 %d,文章没说 %d\n", name, c.Answered, c.Abstained)
		ta += c.Answered
		tb += c.Abstained
	}
	if len(types) == 0 {
		s.WriteString("• 还没有人提问\n")
	}
	fmt.Fprintf(&s, "合计:回答 %d,文章没说 %d\n", ta, tb)
	fmt.Fprintf(&s, "运行时间:%s\n", uptime.Round(time.Second))
	if b != nil {
		fmt.Fprintf(&s, "知识库:第 %d 版,建于 %s,%d 篇文章,%d 句\n", b.Info.Version, builtAt(b.Info), b.Info.Documents, b.Info.Sentences)
	}
	fmt.Fprintf(&s, "待发送的消息:%d", pending)
	return s.String()
}

// feedbackText is /stats's part on the buttons under answers.
func feedbackText(l *loop) string {
	up, down, worst := l.feedbackSummary(5)
	var s strings.Builder
	fmt.Fprintf(&s, "\n反馈:👍 %d,👎 %d", up, down)
	for _, e := range worst {
		q := e.Question
		if q == "" {
			q = "(问题已不在记录中)"
		}
		fmt.Fprintf(&s, "\n• 👎 %d 👍 %d:%s", e.Down, e.Up, q)
	}
	return s.String()
}
