package telegramtest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// htmlTags are the tags Telegram's HTML parse mode accepts.
var htmlTags = map[string]string{
	"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "a": "text_link",
	"code": "code", "pre": "pre", "tg-spoiler": "spoiler", "span": "spoiler", "blockquote": "blockquote",
	"tg-emoji": "custom_emoji",
}

// ParseHTML parses text as Telegram's HTML parse mode does (after tdlib's
// parse_html): tags must be supported and balanced, '<' always starts a tag,
// and a '&' that starts no known entity is kept as it is. It returns the
// text the user sees and its formatting entities, or Telegram's error.
func ParseHTML(s string) (string, []Entity, error) {
	type open struct {
		name   string
		offset int // UTF-16 offset in the result
		url    string
	}
	var out strings.Builder
	var units int
	var stack []open
	var ents []Entity
	add := func(str string) {
		out.WriteString(str)
		units += len(utf16.Encode([]rune(str)))
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '&':
			if r, n := decodeEntity(s[i:]); n > 0 {
				add(string(r))
				i += n
				continue
			}
			add("&")
			i++
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				//lint:ignore ST1005 the fake copies Telegram's error text
				return "", nil, fmt.Errorf("Unclosed start tag at byte offset %d", i)
			}
			tag := s[i+1 : i+end]
			if strings.HasPrefix(tag, "/") {
				name := strings.ToLower(strings.TrimSpace(tag[1:]))
				if len(stack) == 0 {
					//lint:ignore ST1005 the fake copies Telegram's error text
					return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", i)
				}
				top := stack[len(stack)-1]
				if name != top.name {
					//lint:ignore ST1005 the fake copies Telegram's error text
					return "", nil, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top.name, name)
				}
				stack = stack[:len(stack)-1]
				if units > top.offset {
					ents = append(ents, Entity{Type: htmlTags[top.name], Offset: top.offset, Length: units - top.offset, URL: top.url})
				}
				i += end + 1
				continue
			}
			name, attrs, _ := strings.Cut(tag, " ")
			name = strings.ToLower(name)
			if _, ok := htmlTags[name]; !ok || name == "" {
				//lint:ignore ST1005 the fake copies Telegram's error text
				return "", nil, fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, i)
			}
			o := open{name: name, offset: units}
			if name == "a" {
				o.url = attrValue(attrs, "href")
			}
			stack = append(stack, o)
			i += end + 1
		default:
			j := i + 1
			for j < len(s) && s[j] != '&' && s[j] != '<' {
				j++
			}
			add(s[i:j])
			i = j
		}
	}
	if len(stack) > 0 {
		//lint:ignore ST1005 the fake copies Telegram's error text
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].name)
	}
	return out.String(), ents, nil
}

func attrValue(attrs, name string) string {
	i := strings.Index(attrs, name+"=")
	if i < 0 {
		return ""
	}
	v := attrs[i+len(name)+1:]
	if strings.HasPrefix(v, `"`) {
		if j := strings.IndexByte(v[1:], '"'); j >= 0 {
			return v[1 : j+1]
		}
	}
	if j := strings.IndexAny(v, " \t"); j >= 0 {
		return v[:j]
	}
	return v
}

// decodeEntity decodes the HTML entity s starts with: &lt; &gt; &amp;
// &quot; and numeric ones. n is 0 when s starts no entity.
func decodeEntity(s string) (rune, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return 0, 0
	}
	name := s[1:end]
	switch name {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "quot":
		return '"', end + 1
	}
	if strings.HasPrefix(name, "#x") || strings.HasPrefix(name, "#X") {
		if v, err := strconv.ParseUint(name[2:], 16, 32); err == nil && v > 0 && v <= 0x10FFFF {
			return rune(v), end + 1
		}
	} else if strings.HasPrefix(name, "#") {
		if v, err := strconv.ParseUint(name[1:], 10, 32); err == nil && v > 0 && v <= 0x10FFFF {
			return rune(v), end + 1
		}
	}
	return 0, 0
}

// utf16Len counts UTF-16 code units, as Telegram does.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }
