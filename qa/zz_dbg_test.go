package qa

import "testing"

func TestZZDbg(t *testing.T) {
	m := testAsker(t)
	for _, s := range []string{"董事长", "总经理", "院长", "董事", "首席执行官", "创始人", "行长", "总裁", "市长"} {
		var out []string
		for _, tk := range m.base.Analyzer().Tokens(s) {
			out = append(out, tk.Text)
		}
		t.Log(out, m.base.Lexicon.Common(s))
	}
}
