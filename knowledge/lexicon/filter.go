package lexicon

import (
	"sort"
	"strings"
)

// Filtered is the part of the dictionary a knowledge base needs, keyed for
// reading questions: it relates words a question may use to the words of
// the base's text.
type Filtered struct {
	// Related maps a word (any word of the dictionary) to the words of
	// the text that share one of its senses, strongest first.
	Related map[string][]Related `json:"related"`
	// English maps the base form of an English word (Base) to the words
	// of the text that have it in a sense, strongest first.
	English map[string][]Related `json:"english"`
	// Romanised maps the pinyin of the text's names, without tones,
	// spaces or apostrophes (duxiaogang, xiamen, xiangan), to the names;
	// and their calques (Calques), English base forms joined by spaces
	// (three lane seven alley: 三坊七巷).
	Romanised map[string]string `json:"romanised,omitempty"`
	// Names maps proper nouns of the segmenter's dictionary that the text
	// does not have (泉州, 阿里巴巴) to their class: 'p' a place, 'r' a
	// person, 'z' another name or an organisation; a question about one
	// asks about something the text cannot say.
	Names map[string]byte `json:"names,omitempty"`
}

// The strength of relations.
const (
	// maxSharers is the most words a sense may have for it to relate
	// them: "to go" or "to do" relates nothing.
	maxSharers = 20
	// maxBroad is the most words a broad sense may have for two words
	// that share minBroad such senses to relate, at broadStrength.
	maxBroad      = 80
	minBroad      = 2
	broadStrength = 0.5
	// maxRelated bounds the text words kept for one word or English word.
	maxRelated = 6
)

// sharedStrength is how strongly two words that share a sense of n words
// relate: 0.8 for a sense of few words, less as it is shared more widely.
func sharedStrength(n int) float32 {
	switch {
	case n <= 3:
		return 0.8
	case n <= 6:
		return 0.7
	case n <= 12:
		return 0.6
	default:
		return 0.5
	}
}

// Filter reads the embedded dictionary, in one pass, and keeps what
// relates to the text's words.
//
// spoken are words of everyday speech that stand for words of the text
// (出差 for 考察): an English word whose senses reach no word of the text
// (trip) is mapped to those of them its senses reach, for the reader to
// take on to the text's words.
func Filter(textWords, spoken []string) (Filtered, error) {
	isText := make(map[string]bool, len(textWords))
	for _, w := range textWords {
		isText[w] = true
	}
	isSpoken := make(map[string]bool, len(spoken))
	for _, w := range spoken {
		isSpoken[w] = !isText[w]
	}
	englishSpoken := map[string]map[string]float32{}
	var spokenWs []string
	related := map[string]map[string]float32{}
	// broad counts the broad senses (more than maxSharers words) each
	// word shares with a word of the text: minBroad of them relate the
	// words (凭借 and 依托 share "rely" and "depend", of 33 and 28 words).
	broad := map[[2]string]int{}
	english := map[string]map[string]float32{}
	var ws, text []string
	// relate splits a sense's or synset's words into ws, those of the
	// text into text, and relates them all to the text's.
	relate := func(words string, countBroad bool) {
		ws, text = ws[:0], text[:0]
		for rest := words; rest != ""; {
			w, tail, _ := strings.Cut(rest, " ")
			rest = tail
			ws = append(ws, w)
			if isText[w] {
				text = append(text, w)
			}
		}
		if n := len(ws); len(text) > 0 && n >= 2 && n <= maxSharers {
			for _, u := range ws {
				for _, w := range text {
					if u != w {
						add(related, u, w, sharedStrength(n))
					}
				}
			}
		} else if countBroad && len(text) > 0 && n <= maxBroad {
			for _, u := range ws {
				for _, w := range text {
					if u != w {
						broad[[2]string{u, w}]++
					}
				}
			}
		}
	}
	err := eachSense(func(key, words string) {
		relate(words, true)
		to, m := text, english
		if len(text) == 0 {
			spokenWs = spokenOf(spokenWs[:0], ws, isSpoken)
			if to = spokenWs; len(to) == 0 {
				return
			}
			m = englishSpoken
		}
		toks := strings.Fields(key)
		for _, t := range toks {
			for _, w := range to {
				// A sense of one word is the word ("director"); of
				// several, each word is part of it.
				add(m, t, w, 1/float32(len(toks)))
			}
		}
	})
	if err != nil {
		return Filtered{}, err
	}
	for pair, n := range broad {
		if n >= minBroad {
			add(related, pair[0], pair[1], broadStrength)
		}
	}
	// Words of one synset of the wordnet are synonyms.
	err = eachSynset(func(_, words string) { relate(words, false) })
	if err != nil {
		return Filtered{}, err
	}
	for t, ws := range englishSpoken {
		if english[t] == nil {
			english[t] = ws
		}
	}
	return Filtered{Related: strongest(related), English: strongest(english)}, nil
}

// spokenOf appends to out the words of ws that are spoken words.
func spokenOf(out, ws []string, isSpoken map[string]bool) []string {
	for _, w := range ws {
		if isSpoken[w] {
			out = append(out, w)
		}
	}
	return out
}

func add(m map[string]map[string]float32, k, w string, s float32) {
	if m[k] == nil {
		m[k] = map[string]float32{}
	}
	if s > m[k][w] {
		m[k][w] = s
	}
}

// strongest sorts each key's related words, strongest first (ties: shorter
// word, then by text), and keeps maxRelated.
func strongest(m map[string]map[string]float32) map[string][]Related {
	out := make(map[string][]Related, len(m))
	for k, ws := range m {
		rs := make([]Related, 0, len(ws))
		for w, s := range ws {
			rs = append(rs, Related{w, s})
		}
		sort.Slice(rs, func(i, j int) bool {
			a, b := rs[i], rs[j]
			if a.Strength != b.Strength {
				return a.Strength > b.Strength
			}
			if len(a.Word) != len(b.Word) {
				return len(a.Word) < len(b.Word)
			}
			return a.Word < b.Word
		})
		if len(rs) > maxRelated {
			rs = rs[:maxRelated]
		}
		out[k] = rs
	}
	return out
}
