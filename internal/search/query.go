// Package search turns what a reader types into a query over the store's
// full-text index, and its results into pages with highlighted snippets.
// Words go through the same analyzer as the articles (package textan), so
// "élections" finds "election" and "l'Ukraine" finds "Ukraine".
package search

import (
	"strings"
	"unicode/utf8"

	"github.com/kiosque/kiosque/internal/textan"
)

// Limits that keep any query cheap, whatever a reader types.
const (
	MaxQueryRunes = 512 // longer queries are cut
	MaxGroups     = 16  // words or phrases kept from one query
)

// Query is a parsed reader query.
type Query struct {
	// Groups all must match; each is a set of alternative term sequences
	// (the word stemmed as French and as English; a phrase is one
	// sequence of several terms).
	Groups [][][]string
	// Words are what the reader typed for each group, in order.
	Words []string
	// Terms are every term of the query, for highlighting.
	Terms map[string]bool
	// Text is the cleaned query, as it can be shown back to the reader.
	Text string
	// HasPhrase reports whether a quoted phrase was kept.
	HasPhrase bool
}

// Empty reports whether nothing searchable is left in the query.
func (q Query) Empty() bool { return len(q.Groups) == 0 }

// Parse reads what a reader typed, in site language lang. It never fails:
// invalid UTF-8, control characters and the index's own syntax (*, :, -,
// NEAR, parentheses) are mere separators; a quote without its pair is
// ignored; stop words are dropped; what is left may be empty.
func Parse(lang, raw string) Query {
	s := strings.ToValidUTF8(raw, " ")
	if utf8.RuneCountInString(s) > MaxQueryRunes {
		s = string([]rune(s)[:MaxQueryRunes])
	}
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || r == '\u00a0' {
			return ' '
		}
		if r == '«' || r == '»' || r == '“' || r == '”' {
			return '"'
		}
		return r
	}, s)
	q := Query{Terms: map[string]bool{}, Text: strings.Join(strings.Fields(s), " ")}
	parts := strings.Split(s, `"`)
	if len(parts)%2 == 0 { // unbalanced: the last quote opens nothing
		last := len(parts) - 1
		parts[last-1] += " " + parts[last]
		parts = parts[:last]
	}
	for i, part := range parts {
		if i%2 == 1 {
			q.addPhrase(lang, part)
			continue
		}
		for _, w := range strings.Fields(part) {
			q.addWord(lang, w)
		}
	}
	return q
}

func (q *Query) addPhrase(lang, text string) {
	terms := textan.Terms(lang, text)
	switch {
	case len(terms) == 0:
	case len(terms) == 1:
		q.addGroup(text, [][]string{terms})
	default:
		if len(terms) > 8 {
			terms = terms[:8]
		}
		q.HasPhrase = true
		q.addGroup(`"`+strings.Join(strings.Fields(text), " ")+`"`, [][]string{terms})
	}
}

// addWord adds one typed word; it may hold several tokens ("C5+1",
// "Jean-Yves"), each its own group.
func (q *Query) addWord(lang, w string) {
	for _, tok := range textan.Analyze(lang, w) {
		word := w[tok.Start:tok.End]
		alts := [][]string{{tok.Term}}
		// The reader may search a French site for an English word and
		// the other way round: accept the other language's stem too.
		if other := otherLang(lang); other != "" {
			if t := textan.Term(other, word); t != "" && t != tok.Term {
				alts = append(alts, []string{t})
			}
		}
		q.addGroup(word, alts)
	}
}

func (q *Query) addGroup(word string, alts [][]string) {
	if len(q.Groups) >= MaxGroups {
		return
	}
	q.Groups = append(q.Groups, alts)
	q.Words = append(q.Words, word)
	for _, a := range alts {
		for _, t := range a {
			q.Terms[t] = true
		}
	}
}

func otherLang(lang string) string {
	switch lang {
	case "fr":
		return "en"
	case "en":
		return "fr"
	}
	return ""
}

// Unquoted returns the query's text without quotes and syntax characters:
// the looser query to suggest when a phrase finds nothing.
func (q Query) Unquoted() string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`"*:()-`, r) {
			return ' '
		}
		return r
	}, q.Text)), " ")
}
