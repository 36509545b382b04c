package qa

import "strings"

// indexText is strings.Index(s, sub), faster on Chinese text: it looks for
// sub's third byte, then checks that sub starts two bytes before it. In
// UTF-8 an ideograph's first byte is one of a few that most ideographs
// share (strings.Index looks for it), its third one of 64 values, so far
// fewer places are checked. The result is strings.Index's for any s and
// sub: the places are checked in order, and the first that holds sub is
// returned.
func indexText(s, sub string) int {
	if len(sub) < 3 {
		return strings.Index(s, sub)
	}
	c := sub[2]
	for i := 2; i < len(s); {
		k := strings.IndexByte(s[i:], c)
		if k < 0 {
			return -1
		}
		if start := i + k - 2; strings.HasPrefix(s[start:], sub) {
			return start
		}
		i += k + 1
	}
	return -1
}
