// Package textan is Kiosque's language analysis: it turns French or English
// text into the terms that search and related articles compare. One
// analyzer serves both, so a word means the same thing everywhere.
//
// The pipeline, for each word:
//
//  1. split on anything that is not a letter, a digit or an apostrophe
//     inside a word (Unicode-aware: "Tachkent", "Алматы", "2026");
//  2. lower case;
//  3. French elision removed: l', d', qu', j', n', s', c', m', t', jusqu',
//     lorsqu', puisqu', quoiqu' (with ' or ’), so "l'Ukraine" is "ukraine";
//  4. stop words of the language dropped (and single letters);
//  5. Snowball stemming of the language (French or English), on the
//     accented word since the French stemmer needs its accents;
//  6. accents folded on the stem: "élection" and "election" meet.
//
// Numbers are kept as they are ("2026", "c5"). What Snowball joins and what
// it does not: French "élections" and "élection" both give "elect", but
// "électoral", "électorale" and "électoraux" give "electoral": the
// adjective stays apart from the noun. English "elections"/"election" give
// "elect" and "electoral" gives "elector". Verb forms usually meet
// ("visite", "visitera", "visité" → "visit"); irregular ones do not
// ("va", "allait").
package textan

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"golang.org/x/text/unicode/norm"
)

// MaxTermLen is the longest word (in bytes) the analyzer keeps; longer
// runs of letters are junk (URLs, base64) and would bloat the index.
const MaxTermLen = 64

// Token is one analyzed word of a text.
type Token struct {
	Term  string // the comparable form: stemmed, lower case, accents folded
	Pos   int    // position among kept tokens, from 0
	Start int    // byte offset of the word in the original text
	End   int    // byte offset just past the word
	// Capitalized reports whether the word began with an upper-case
	// letter in the text (a hint for names of people and places).
	Capitalized bool
}

// Analyze returns the tokens of text in language lang ("fr" or "en"; any
// other value gets accents and elision handled but no stemming and only
// the union of both stop lists). Invalid UTF-8 bytes separate words. It
// never fails; empty input gives nil.
func Analyze(lang, text string) []Token {
	var toks []Token
	pos := 0
	eachWord(text, func(start, end int) {
		word := text[start:end]
		first, _ := utf8.DecodeRuneInString(word)
		term, skip := analyzeWord(lang, word)
		if term == "" {
			return
		}
		start += skip
		toks = append(toks, Token{Term: term, Pos: pos, Start: start, End: end,
			Capitalized: unicode.IsUpper(first) || (skip > 0 && isUpperAt(text, start))})
		pos++
	})
	return toks
}

// Terms returns only the terms of Analyze(lang, text), in order.
func Terms(lang, text string) []string {
	toks := Analyze(lang, text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

// Term analyzes a single word and returns its term, or "" when the word is
// a stop word or has no letters or digits.
func Term(lang, word string) string {
	t, _ := analyzeWord(lang, word)
	return t
}

func isUpperAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsUpper(r)
}

// eachWord calls fn with the byte range of every word of s: runs of letters,
// digits and marks, with an apostrophe allowed between two letters.
func eachWord(s string, fn func(start, end int)) {
	start := -1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			r = ' ' // invalid byte: a separator
		}
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case isApostrophe(r) && start >= 0 && i+size < len(s) && nextIsLetter(s[i+size:]):
			// inside a word: l'Ukraine, aujourd'hui, Blinken's
		default:
			if start >= 0 {
				fn(start, i)
				start = -1
			}
		}
		i += size
	}
	if start >= 0 {
		fn(start, len(s))
	}
}

func isWordRune(r rune) bool {
	// Marks belong to the word they are on: accents (Mn), and the vowel
	// signs of Indic scripts (Mc), without which "भारतीय" fell apart.
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func nextIsLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// elisions are the French words that lose their vowel before another word.
var elisions = map[string]bool{
	"l": true, "d": true, "qu": true, "j": true, "n": true, "s": true, "c": true,
	"m": true, "t": true, "jusqu": true, "lorsqu": true, "puisqu": true, "quoiqu": true,
}

// memo remembers, per language, the analysis of words already seen: news
// text repeats its words, and stemming was 2.5 µs of a word's analysis.
// Past memoWords words a language's memo starts afresh, which bounds it to
// a few megabytes.
type memo struct {
	mu sync.RWMutex
	m  map[string]memoized
}

type memoized struct {
	term string
	skip int
}

const memoWords = 50_000

var memos = map[string]*memo{"fr": {m: map[string]memoized{}}, "en": {m: map[string]memoized{}}}

// analyzeWord returns the term for one word and how many bytes of the word
// an elided prefix took ("l'" → 2), from the memo when it has the word.
func analyzeWord(lang, word string) (term string, skip int) {
	mm := memos[lang]
	if mm == nil {
		return analyzeNew(lang, word)
	}
	mm.mu.RLock()
	r, ok := mm.m[word]
	mm.mu.RUnlock()
	if ok {
		return r.term, r.skip
	}
	term, skip = analyzeNew(lang, word)
	mm.mu.Lock()
	if len(mm.m) >= memoWords {
		mm.m = make(map[string]memoized, memoWords)
	}
	mm.m[strings.Clone(word)] = memoized{term, skip} // not a slice of a long text
	mm.mu.Unlock()
	return term, skip
}

// analyzeNew analyzes a word (analyzeWord without the memo).
func analyzeNew(lang, word string) (term string, skip int) {
	w := strings.ToLower(word)
	if i := strings.IndexAny(w, "'’ʼ"); i >= 0 && lang != "en" && elisions[w[:i]] {
		_, size := utf8.DecodeRuneInString(w[i:])
		skip = i + size
		w = w[skip:]
	}
	if lang == "en" {
		w = strings.ReplaceAll(strings.ReplaceAll(w, "’", "'"), "ʼ", "'")
	}
	if isStop(lang, w) {
		return "", skip
	}
	if utf8.RuneCountInString(w) < 2 && !isDigits(w) {
		return "", skip
	}
	switch lang {
	case "fr":
		if !isDigits(w) {
			w = french.Stem(w, true)
		}
	case "en":
		if !isDigits(w) {
			w = english.Stem(w, true)
		}
	}
	w = fold(w)
	if w == "" || len(w) > MaxTermLen {
		return "", skip
	}
	return w, skip
}

func isDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// fold removes accents and apostrophes, and spells ligatures out, keeping
// only letters, digits and spacing vowel signs (Mc, part of the spelling
// in Indic scripts): "électoral" → "electoral", "œuvre" → "oeuvre".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'œ':
			b.WriteString("oe")
		case r == 'æ':
			b.WriteString("ae")
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ø':
			b.WriteByte('o')
		case r == 'ł':
			b.WriteByte('l')
		case r == 'ı':
			b.WriteByte('i')
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Fold is the accent folding the analyzer applies, for callers that compare
// raw words (titles, names) without stemming them.
func Fold(s string) string { return fold(strings.ToLower(s)) }
