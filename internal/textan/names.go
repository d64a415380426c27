package textan

import "strings"

// Names returns the names of people, places and organisations that text
// seems to hold: runs of two or more capitalized words next to each other
// ("Antony Blinken", "Asie centrale" is not one, "Asie Centrale" is), as
// their terms joined by "_" ("antoni_blinken"). It is a cheap heuristic,
// good enough to weigh names more; repeated names are returned each time.
func Names(lang, text string) []string {
	return NamesIn(text, Analyze(lang, text))
}

// NamesIn is Names for a text already analyzed into toks.
func NamesIn(text string, toks []Token) []string {
	var out []string
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && toks[j].Capitalized && (j == i || adjacent(text, toks[j-1], toks[j])) {
			j++
		}
		if j-i >= 2 {
			parts := make([]string, 0, j-i)
			for _, t := range toks[i:j] {
				parts = append(parts, t.Term)
			}
			out = append(out, strings.Join(parts, "_"))
		}
		if j == i {
			j++
		}
		i = j
	}
	return out
}

// adjacent reports whether only spaces or hyphens separate two tokens.
func adjacent(text string, a, b Token) bool {
	between := text[a.End:b.Start]
	return strings.Trim(between, " -\u00a0") == "" && len(between) <= 3
}
