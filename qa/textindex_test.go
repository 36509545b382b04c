package qa

import (
	"strings"
	"testing"
)

// TestIndexText: indexText finds what strings.Index finds, from every
// offset of Chinese, Latin and mixed text, for needles of every length.
func TestIndexText(t *testing.T) {
	texts := []string{
		"杜小刚带队赴杭州考察,与之江实验室主任王坚座谈交流。",
		"aaa aab abc abcabc 无锡AI+商业航天, R&D 负责同志负责人",
		"", "a", "ab", "负", "\xe8\xb4",
	}
	needles := []string{"", "a", "ab", "abc", "aab", "负责", "责同", "无锡AI", "航天,", "。", "\xb4\x9f", "实验室主任王坚座谈交流。", "杭州考察,与之江实验室主任王坚座谈交流。多"}
	for _, s := range texts {
		for _, n := range needles {
			for i := 0; i <= len(s); i++ {
				if got, want := indexText(s[i:], n), strings.Index(s[i:], n); got != want {
					t.Errorf("indexText(%q, %q) = %d, want %d", s[i:], n, got, want)
				}
			}
		}
	}
}
