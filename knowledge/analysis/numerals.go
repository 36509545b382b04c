package analysis

import (
	"strconv"
	"strings"
)

var cnDigit = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
var cnUnit = map[rune]int{'十': 10, '百': 100, '千': 1000}

// RoundNumeral returns the one Chinese numeral that writes a round number
// given in digits (100: 百, 10: 十, 1000: 千, 10000: 万), as words like 百年
// and 十年 write it, and whether there is one.
func RoundNumeral(digits string) (string, bool) {
	switch digits {
	case "10":
		return "十", true
	case "100":
		return "百", true
	case "1000":
		return "千", true
	case "10000":
		return "万", true
	}
	return "", false
}

// IsNumeral reports a digit or a Chinese numeral character (五, 十, 万).
func IsNumeral(r rune) bool { return r >= '0' && r <= '9' || isCnNumeral(r) }

func isCnNumeral(r rune) bool {
	_, d := cnDigit[r]
	_, u := cnUnit[r]
	return d || u || r == '万' || r == '亿'
}

// arabicNumerals writes Chinese numerals as digits where they are plainly
// numbers, so that 五百强 matches 500强 and 十亿 matches 10亿: a run of
// numeral characters is converted piece by piece between 万 and 亿 (kept as
// they are), a piece only when it has two or more characters with 十, 百 or
// 千 (二十, 五百), or stands before 万 or 亿 (五亿). Lone characters such as
// the 一 of 一带一路 or the 三 of 三中全会, and 千行百业, are left alone. A
// run of minDigitRun or more digits without 十百千万亿 is a number read
// digit by digit, as years, codes and numbered plans are (二〇二四年 ->
// 2024年, 三八二零 -> 3820); two (七八个, 三五成群) are an approximation or
// a word, and stay.
func arabicNumerals(s string) string {
	if !hasNumber(s) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		if !isCnNumeral(rs[i]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && isCnNumeral(rs[j]) {
			j++
		}
		if digits, ok := digitByDigit(rs[i:j]); ok {
			b.WriteString(digits)
		} else {
			writeNumeralRun(&b, rs[i:j])
		}
		i = j
	}
	return b.String()
}

// minDigitRun is the fewest Chinese digits in a row read as a number
// digit by digit.
const minDigitRun = 3

// digitByDigit returns run in Arabic digits when it is minDigitRun or
// more Chinese digits (not 两: 两 counts, it does not spell) and nothing
// else.
func digitByDigit(run []rune) (string, bool) {
	if len(run) < minDigitRun {
		return "", false
	}
	out := make([]byte, 0, len(run))
	for _, r := range run {
		d, ok := cnDigit[r]
		if !ok || r == '两' {
			return "", false
		}
		out = append(out, byte('0'+d))
	}
	return string(out), true
}

// hasNumber reports whether s holds one of 十百千万亿, or minDigitRun
// Chinese digits (not 两) in a row: whether arabicNumerals may change it,
// in one pass.
func hasNumber(s string) bool {
	n := 0 // Chinese digits in a row
	for _, r := range s {
		switch r {
		case '十', '百', '千', '万', '亿':
			return true
		case '零', '〇', '一', '二', '三', '四', '五', '六', '七', '八', '九': // cnDigit's but 两
			if n++; n >= minDigitRun {
				return true
			}
		default:
			n = 0
		}
	}
	return false
}

func writeNumeralRun(b *strings.Builder, run []rune) {
	start := 0
	for k := 0; k <= len(run); k++ {
		if k < len(run) && run[k] != '万' && run[k] != '亿' {
			continue
		}
		piece := run[start:k]
		big := k < len(run)
		if v, ok := cnValue(piece); ok && (big || len(piece) >= 2 && hasUnit(piece)) {
			b.WriteString(strconv.Itoa(v))
		} else {
			b.WriteString(string(piece))
		}
		if big {
			b.WriteRune(run[k])
		}
		start = k + 1
	}
}

func hasUnit(piece []rune) bool {
	for _, r := range piece {
		if _, ok := cnUnit[r]; ok {
			return true
		}
	}
	return false
}

// cnValue parses digits and 十百千 (二十, 五百, 四千五百); false for anything
// that is not a well-formed number.
func cnValue(piece []rune) (int, bool) {
	if len(piece) == 0 {
		return 0, false
	}
	total, num, lastUnit := 0, -1, 10000
	for _, r := range piece {
		if d, ok := cnDigit[r]; ok {
			if num >= 0 && d != 0 && num != 0 {
				return 0, false // two digits in a row: 一二
			}
			num = d
			continue
		}
		u := cnUnit[r]
		if u >= lastUnit {
			return 0, false
		}
		if num < 0 {
			if u != 10 || total != 0 {
				return 0, false
			}
			num = 1 // 十 alone is ten
		}
		total += num * u
		num, lastUnit = -1, u
	}
	if num > 0 {
		total += num
	}
	return total, true
}
