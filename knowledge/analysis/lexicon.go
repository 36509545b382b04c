package analysis

import "sort"

// The lexicon holds the closed classes of Chinese words that carry no content
// of an article: particles and fillers, pronouns and demonstratives,
// prepositions and conjunctions, auxiliaries, and the question words. These
// are general Chinese grammar, not facts of any article.
var (
	fillerWords = []string{
		"请问", "请", "麻烦", "问一下", "想问", "想知道", "我想知道", "能不能", "可以",
		"告诉", "告诉我", "说说", "讲讲", "一下", "下",
		"呀", "嘛", "啊", "呢", "吧", "哈", "哦", "噢", "啦", "嗯", "呗", "哇", "诶", "欸",
		"咯", "耶", "喔", "哎", "唉", "嘞", "么", "捏", "滴", "哈哈", "谢谢", "多谢", "你好", "您好",
	}
	pronounWords = []string{
		"我", "你", "您", "他", "她", "它", "我们", "你们", "他们", "她们", "它们", "咱", "咱们",
		"这", "那", "这个", "那个", "这些", "那些", "这里", "那里", "这儿", "那儿",
		"这篇", "那篇", "这次", "那次", "本次", "这趟", "那趟", "这一", "那一", "这位", "那位",
		"这家", "那家", "这种", "那种", "其", "之", "其中", "自己", "大概", "具体",
		"文中", "文章", "文章里", "文里", "稿子", "报道", "新闻", "里面", "里", "中", "上", "提到", "提及", "说", "讲", "写",
	}
	grammarWords = []string{
		"的", "地", "得", "了", "着", "过", "是", "在", "有", "和", "与", "及", "以及", "跟", "同",
		"把", "被", "对", "对于", "从", "向", "往", "为", "给", "也", "都", "还", "就", "又", "才",
		"而", "并", "并且", "或", "或者", "还是", "等", "等等", "所", "要", "会", "能", "可", "想",
		"来", "到", "让", "使", "由", "用", "又是", "就是", "不", "没", "没有", "吗", "么",
		"一个", "一家", "一种", "个", "些", "位", "家", "种", "次", "之后", "然后", "以后",
		"已经", "曾经", "正在", "将要", "将", "到底", "究竟", "呢", "其实", "一共", "总共",
		"分别", "各自", "主要", "都有", "有关", "关于", "方面",
		"以", "经", "于", "已", "均", "即", "则", "且", "若", "该", "此", "各", "每", "某", "及其",
		"事", "事情", "东西", "内容", "回事", "啥事", "情况如何", "指", "是指", "指的是", "意思",
		// adverbs and light verbs that frame a question rather than carry it
		"最终", "最后", "终于", "一直", "总是", "经常", "马上", "仍然", "也许", "可能", "究竟",
		"一起", "一块", "一同", "帮", "帮着", "做", "搞", "弄", "干", "打算", "准备", "希望", "能够",
		"应该", "需要", "得到", "到了", "起来", "出来", "下来", "一趟", "这一趟", "那一站", "一站",
		"两地", "两家", "两者", "二者", "两边", "大家伙", "还有", "那边", "这边", "那头", "这头", "这些年", "这几年", "那些年", "近些年",
		"扮演", "充当", "觉得", "认为", "此行", "这次出行", "除了", "以外", "之外", "另外", "此外", "还要", "还会", "还能", "也要", "也会", "都要",
		"那部分", "这部分", "那一部分", "这一部分", "那段", "这段", "那一段", "这一段", "那一节", "这一节", "那节", "这节",
	}
	// QuestionWords ask for something; the question's kind comes from them.
	questionWords = []string{
		"谁", "什么", "什么样", "啥", "啥样", "哪", "哪里", "哪儿", "哪些", "哪个", "哪家", "哪位",
		"哪两", "哪两个", "哪两家", "哪几", "哪几个", "哪所", "哪座", "哪座城市", "哪年", "哪天",
		"哪一", "哪方面", "哪些方面", "何", "何时", "何地", "何处", "几", "几个", "几家", "几年",
		"多少", "多大", "多久", "多长", "多高", "多远", "多少钱", "几时", "什么时候", "啥时候", "啥时",
		"为什么", "为啥", "为何", "怎么", "怎样", "怎么样", "如何", "咋", "咋样", "咋写", "干嘛", "干啥",
		"是否", "是不是", "有没有", "能否", "可否", "是何", "什么人", "什么地方", "啥地方",
		"哪类", "哪种", "什么类型", "叫", "叫做", "名字", "姓名", "称呼", "叫什么", "叫啥",
		"哪年", "哪一年", "几月", "几号", "哪天", "哪一天", "哪个月", "什么时间", "几点", "年份",
		"身份", "职务", "职位", "头衔", "角色", "来头",
	}
)

var functionSet = func() map[string]bool {
	m := make(map[string]bool)
	for _, list := range [][]string{fillerWords, pronounWords, grammarWords, questionWords} {
		for _, w := range list {
			m[w] = true
		}
	}
	return m
}()

// IsFunctionWord reports whether w is a function, filler or question word.
func IsFunctionWord(w string) bool { return functionSet[w] }

// LexiconWords lists the lexicon's words, sorted: they are added to every
// analyzer's dictionary so that they segment as units.
func LexiconWords() []string {
	out := make([]string, 0, len(functionSet))
	for w := range functionSet {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}
