package analysis

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var normalizeTests = []struct {
	name, in, want string
}{
	{"empty", "", ""},
	{"plain article text", "近日,市委书记杜小刚带队赴福州、厦门、杭州等地。", "近日,市委书记杜小刚带队赴福州、厦门、杭州等地。"},
	{"full-width letters and digits", "ＡＢＣ１２３", "abc123"},
	{"full-width punctuation", "（完）！？：，", "(完)!?:,"},
	{"full-width url", "ｈｔｔｐｓ：／／ｘ．ｃｏｍ", "https://x.com"},
	{"ideographic space", "杜小刚\u3000是谁", "杜小刚 是谁"},
	{"upper to lower", "Hello WORLD AI+", "hello world ai+"},
	{"non-ASCII upper to lower", "ÀÉÎ ΣΩ", "àéî σω"},
	{"emoji", "好👍呀", "好 呀"},
	{"emoji with skin tone", "赞👍🏽", "赞  "},
	{"ZWJ sequence", "家👨‍👩‍👧人", "家     人"},
	{"keycap", "第1️⃣名", "第1  名"},
	{"flag", "中国🇨🇳", "中国  "},
	{"symbols", "★☆✓", "   "},
	{"mention", "@visitbot 杜小刚是谁", "  杜小刚是谁"},
	{"mention inside", "问@Visit_Bot123你好", "问 你好"},
	{"bare at sign", "a @ b", "a @ b"},
	{"upper-case mention", "@VisitBot你好", " 你好"},
	{"a name begins with a letter", "@123 @_x", "@123 @_x"},
	{"full-width mention", "＠visitbot 你好", "  你好"},
	{"traditional", "楊珍是這篇文章的什麼人", "杨珍是这篇文章的什么人"},
	{"traditional place", "廈門大學在哪裡", "厦门大学在哪里"},
	{"traditional and full-width", "廈門大學ＸＭＵ", "厦门大学xmu"},
	{"simplified stays", "杨珍是这篇文章的什么人", "杨珍是这篇文章的什么人"},
	{"invalid UTF-8", "a\xffb\xe4\xb8c", "a b  c"}, // a space a byte
	{"NUL and controls", "a\x00b\tc\nd\re\x7f", "a b c d e "},
	{"replacement character", "a\uFFFDb", "a b"},
	{"numerals", "五百强", "500强"},
	{"separable verb", "跟他们聊完天", "跟他们聊天完"},
	{"separable verb, 了", "开了会,再说", "开会了,再说"},
	{"no separable verb", "看完了展览", "看完了展览"},
	{"separable verb before a function word", "聊完天吧", "聊天完吧"},
	{"an object that begins a longer word", "召开了会议", "召开了会议"},
	{"an object that begins a longer word, 出差错", "出了差错", "出了差错"},
	{"separable verb at the end", "他们见过面", "他们见面过"},
	{"standard Mandarin with 搁 stays", "不能耽搁哪怕一分钟", "不能耽搁哪怕一分钟"},
	{"separable verb parted by 的", "在哪儿见的面", "在哪儿见面的"},
	{"separable verb parted by 的, before punctuation", "大伙儿都咋表的态?", "大伙儿都咋表态的?"},
	{"的 before a longer word", "他们开的会议", "他们开的会议"},
	{"a modifier's 的: more follows the object", "他们开的会很长", "他们开的会很长"},
	{"a modifier's 的: more follows the object, 讲话", "他讲的话很重要", "他讲的话很重要"},
	{"a modifier's 的: the verb ends a longer word", "早上的班", "早上的班"},
	{"a modifier's 的: the verb ends a longer word, 线上", "线上的课。", "线上的课。"},
	{"numerals before 亿", "五亿元", "5亿元"},
	{"lone numerals stay", "一带一路", "一带一路"},
	{"Cantonese", "嗰間大學嘅校長係邊個", "那家大学的校长是谁"},
	{"Cantonese which before a noun", "總部設喺邊個城市", "总部设在哪个城市"},
	{"Cantonese pronouns", "佢哋去咗邊度睇展覽", "他们去了哪里看展览"},
	{"Cantonese in simplified", "佢哋有冇去厦门", "他们有没有去厦门"},
	{"Mandarin words across Cantonese phrases stay", "佢哋开完电话会议未,会议进行完未,去银行咗", "他们开完电话会议未,会议进行完未,去银行了"},
	{"Mandarin that looks Cantonese stays", "身边个别人在周边年轻人中重点解决", "身边个别人在周边年轻人中重点解决"},
	{"Mandarin words of Cantonese characters stay", "俾斯麦是谁?关系体系里唔的一声", "俾斯麦是谁?关系体系里唔的一声"},
	{"Southwestern Mandarin", "考察团好久去耍的,看了些啥子", "考察团什么时候去玩的,看了些什么"},
	{"Southwestern Mandarin's 好多 asks an amount", "雨果跨境做了好多年?咋个做的", "雨果跨境做了多少年?怎么做的"},
	{"Mandarin's 好多 and 没得 stay", "好多人没得到消息,好久没见", "好多人没得到消息,好久没见"},
	{"Northeastern Mandarin", "这事咋整,他们去嘎哈了", "这事怎么办,他们去干什么了"},
	{"Southern Min", "双基地是按怎回事,去叨位了", "双基地是怎么回事,去哪里了"},
	{"Mandarin's 伊 stays, even in Southern Min", "按怎去伊朗", "怎么去伊朗"},
	{"Southern Min's words of both kinds", "伊们去佗位,讲啥物", "他们去哪里,讲什么"},
	{"Southern Min's second kind stays in Mandarin", "工作伙伴有啥物资", "工作伙伴有啥物资"},
	{"Mandarin's 按…呢 and 囡囡 are no Southern Min", "这个按钮要怎么按呢?囡囡仔细听了", "这个按钮要怎么按呢?囡囡仔细听了"},
	{"a marked text keeps Mandarin's 随即马上 and 检查某些", "伊们随即马上检查某些", "他们随即马上检查某些"},
	{"Mandarin across two words stays", "大巴适合老人乘坐,好多游客选择它;切莫得意忘形;骨干哈尔滨", "大巴适合老人乘坐,好多游客选择它;切莫得意忘形;骨干哈尔滨"},
}

func TestNormalize(t *testing.T) {
	for _, tt := range normalizeTests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// idempotenceInputs are inputs whose first normalisation makes text that a
// second one could change again.
var idempotenceInputs = []string{
	"@ＡＢＣ",         // full-width name after an at sign
	"＠ＡＢＣ 你好",      // all of it full-width
	"@\u212Aelvin", // the Kelvin sign lowers to an ASCII k
	"@五百",          // numerals become digits after an at sign
	"@ 五百",
	"@@abc",
	"a@b.com",
	"乾隆五百年",
	"這乾隆",
	"@😀abc",
	"@\x00abc",
	"@\xffabc",
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, tt := range normalizeTests {
		checkNormalized(t, tt.in)
	}
	for _, in := range idempotenceInputs {
		checkNormalized(t, in)
	}
}

// checkNormalized checks what holds of any normalised text: valid UTF-8,
// normalising it again changes nothing, no upper-case ASCII, control
// characters, full-width ASCII, ideographic spaces or mentions are left.
func checkNormalized(t *testing.T, in string) {
	t.Helper()
	out := Normalize(in)
	if !utf8.ValidString(out) {
		t.Fatalf("Normalize(%q) = %q: not valid UTF-8", in, out)
	}
	if again := Normalize(out); again != out {
		t.Fatalf("Normalize(%q) = %q, but Normalize of that = %q", in, out, again)
	}
	for i, r := range out {
		switch {
		case 'A' <= r && r <= 'Z', unicode.IsControl(r), r >= 0xFF01 && r <= 0xFF5E, r == 0x3000, r == utf8.RuneError:
			t.Fatalf("Normalize(%q) = %q keeps %q", in, out, r)
		case r == '@' && i+1 < len(out) && 'a' <= out[i+1] && out[i+1] <= 'z':
			t.Fatalf("Normalize(%q) = %q keeps a mention", in, out)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, tt := range normalizeTests {
		f.Add(tt.in)
	}
	for _, in := range idempotenceInputs {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkNormalized(t, in)
	})
}

func TestNormalizeFillerKept(t *testing.T) {
	// Fillers are the analyzer's business, not Normalize's.
	if got := Normalize("请问杜小刚去哪了呀"); !strings.Contains(got, "请问") || !strings.Contains(got, "呀") {
		t.Errorf("Normalize dropped fillers: %q", got)
	}
}

func TestArabicNumerals(t *testing.T) {
	for in, want := range map[string]string{
		"五百":       "500",
		"二十":       "20",
		"四千五百":     "4500",
		"十万":       "10万",
		"五亿":       "5亿",
		"三十五万":     "35万",
		"一万二千":     "1万2000",
		"十":        "十",
		"三中全会":     "三中全会",
		"千行百业":     "千行百业",
		"一二":       "一二",
		"百十":       "百十",
		"万":        "万",
		"两百":       "200",
		"一百零五":     "105",
		"世界五百强":    "世界500强",
		"二〇二四年":    "2024年", // digit by digit
		"三八二零工程":   "3820工程",
		"一九九八年两千人": "1998年2000人",
		"七八个":      "七八个", // two digits: an approximation
		"三五成群":     "三五成群",
		"一二两":      "一二两", // 两 counts, it does not spell
		"五四三十":     "五四三十",
	} {
		if got := arabicNumerals(in); got != want {
			t.Errorf("arabicNumerals(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNormalizeEveryHan normalises every ideograph on its own and after a
// Traditional one (so that the whole text is converted): each must be
// normalised in one go. OpenCC converts some characters in steps (薴 -> 苧
// -> 苎).
func TestNormalizeEveryHan(t *testing.T) {
	if testing.Short() {
		t.Skip("converts every ideograph")
	}
	bad := 0
	for _, rt := range unicode.Han.R16 {
		for r := rune(rt.Lo); r <= rune(rt.Hi); r += rune(rt.Stride) {
			for _, in := range []string{string(r), "這" + string(r)} {
				out := Normalize(in)
				if again := Normalize(out); again != out {
					if bad++; bad <= 10 {
						t.Errorf("Normalize(%q) = %q, but Normalize of that = %q", in, out, again)
					}
				}
			}
		}
	}
	if bad > 10 {
		t.Errorf("... %d in all", bad)
	}
}

func TestRoundNumeral(t *testing.T) {
	for in, want := range map[string]string{"10": "十", "100": "百", "1000": "千", "10000": "万", "200": "", "1": ""} {
		if got, ok := RoundNumeral(in); got != want || ok != (want != "") {
			t.Errorf("RoundNumeral(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
