package lexicon

import "testing"

func TestCalques(t *testing.T) {
	c, err := Calques([]string{"三坊七巷", "西湖", "湖"})
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"three lane seven alley": "三坊七巷", // Three Lanes and Seven Alleys
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
	if n := len(calquesOf("三坊七巷", map[string][]string{"三": {"three", "3"}, "坊": {"lane", "mill"}, "七": {"seven", "7"}, "巷": {"lane", "alley"}})); n != 16 {
		t.Errorf("三坊七巷 has %d calques of 2×2×2×2, want 16", n)
	}
	many := map[string][]string{}
	for _, r := range "一二三四五六七八" {
		many[string(r)] = []string{"a", "b"}
	}
	if n := len(calquesOf("一二三四五六七八", many)); n != maxCalques {
		t.Errorf("%d calques of a name of 2^8 ways, want maxCalques %d", n, maxCalques)
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
