package lexicon

import (
	"strings"
	"testing"
)

func TestCalques(t *testing.T) {
	c, err := Calques([]string{"三坊七巷", "西湖", "湖"})
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"three lane seven alley": "三坊七巷", // Three Lanes and Seven Alleys (not 3 lane 7 alley: no digits)
		"west lake":              "西湖",
	} {
		if got := c[key]; got != want {
			t.Errorf("calque %q names %q, want %q", key, got, want)
		}
	}
	for key, name := range c {
		if name == "湖" {
			t.Errorf("calque %q of 湖, a name of one piece", key)
		}
	}
	if n := len(calquesOf("三坊七巷", map[string][]string{"三": {"three"}, "坊": {"lane", "mill"}, "七": {"seven"}, "巷": {"lane", "alley"}})); n != 4 {
		t.Errorf("三坊七巷 has %d calques of 1×2×1×2, want 4", n)
	}
	many := map[string][]string{}
	for _, r := range "一二三四五" {
		many[string(r)] = []string{"a", "b"}
	}
	if n := len(calquesOf("一二三四五", many)); n != maxCalques {
		t.Errorf("%d calques of a name of 2^5 ways, want maxCalques %d", n, maxCalques)
	}
	// A word of the name is tried before its characters (集团: group),
	// so that the cap keeps its translation.
	group := map[string][]string{"金": {"gold", "money"}, "圆": {"circle", "round"}, "集": {"collect", "gather"},
		"团": {"ball", "regiment"}, "集团": {"group"}}
	if got := calquesOf("金圆集团", group); len(got) == 0 || got[0] != "gold circle group" {
		t.Errorf("金圆集团: calques %v, want gold circle group first", got)
	}
	// A name of more pieces than MaxCalqueWords has none, and one with a
	// character no sense translates is given up at once: every way of
	// writing the rest (8^40) is not tried.
	long := strings.Repeat("一", 40) + "之"
	if got := calquesOf(long, map[string][]string{"一": {"a", "b", "c", "d", "e", "f", "g", "h"}}); len(got) != 0 {
		t.Errorf("a name of 41 pieces: calques %v", got)
	}
	if got := calquesOf("一一之", map[string][]string{"一": {"a", "b"}}); len(got) != 0 {
		t.Errorf("一一之 (之 untranslated): calques %v", got)
	}
	// A calque two names share names neither.
	shared, err := Calques([]string{"西湖", "西泊"}) // 湖 and 泊 are both lake
	if err != nil {
		t.Fatal(err)
	}
	if name, ok := shared["west lake"]; ok {
		t.Errorf("west lake names %s, though 西湖 and 西泊 share it", name)
	}
}

// TestRomanisedPrefixSkipsCalques: a calque's key (chinese country: 中国)
// is no pinyin a capitalised word (Chinese) may begin.
func TestRomanisedPrefixSkipsCalques(t *testing.T) {
	f := sampleFiltered()
	f.Romanised["chinese country"] = "中国"
	tab, err := NewTable(string(f.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	if name, ok := tab.RomanisedPrefix("chinese"); ok {
		t.Errorf("RomanisedPrefix(chinese) = %q", name)
	}
	if name, ok := tab.Romanised("chinese country"); !ok || name != "中国" {
		t.Errorf("Romanised(chinese country) = %q, %v", name, ok)
	}
	if name, ok := tab.RomanisedPrefix("duxiao"); !ok || name != "杜小刚" {
		t.Errorf("RomanisedPrefix(duxiao) = %q, %v", name, ok)
	}
}
