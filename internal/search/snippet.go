package search

import (
	"html"
	"strings"
	"unicode/utf8"

	"github.com/kiosque/kiosque/internal/textan"
)

// Highlight returns text, HTML-escaped, with every word whose term is in
// terms wrapped in <mark>. The result is safe to insert as HTML.
func Highlight(lang, text string, terms map[string]bool) string {
	return mark(text, textan.Analyze(lang, text), terms, 0, len(text))
}

// snippetChunk is how many bytes of text Snippet analyzes at a time.
const snippetChunk = 2000

// Snippet returns about width runes of text around the place where the
// query's terms are densest, HTML-escaped, with the matches in <mark> and
// "…" where text was cut. With no match, it is the start of text.
// Analyzing a whole long article for each result is the costliest part
// of a search page, so text is analyzed a chunk at a time and the window
// chosen in the first chunk that holds a match (in news, usually the
// lead or the first paragraphs).
func Snippet(lang, text string, terms map[string]bool, width int) string {
	return snippet(lang, text, terms, width, true)
}

// snippet is Snippet; without scan, text is known to hold no match, and
// only its start is analyzed.
func snippet(lang, text string, terms map[string]bool, width int, scan bool) string {
	if utf8.RuneCountInString(text) <= width {
		return mark(text, textan.Analyze(lang, text), terms, 0, len(text))
	}
	var toks, hits []textan.Token
	analyzed := 0
	more := func(to int) { // analyze text up to to, at a word boundary
		if to <= analyzed {
			return
		}
		to = wordEnd(text, to)
		for _, t := range textan.Analyze(lang, text[analyzed:to]) {
			t.Start += analyzed
			t.End += analyzed
			toks = append(toks, t)
			if terms[t.Term] {
				hits = append(hits, t)
			}
		}
		analyzed = to
	}
	for scan && len(hits) == 0 && analyzed < len(text) {
		more(analyzed + snippetChunk)
	}
	// Slide a window over the hits and keep the one holding the most.
	start := 0
	best := 0
	for i, h := range hits {
		n := 0
		for _, h2 := range hits[i:] {
			if utf8.RuneCountInString(text[h.Start:h2.End]) > width*3/4 {
				break
			}
			n++
		}
		if n > best {
			best, start = n, h.Start
		}
	}
	// Begin a little before the first hit, at a word boundary.
	start = backUp(text, start, width/5)
	end := forward(text, start, width)
	more(end) // the window may reach past what was analyzed
	out := mark(text, toks, terms, start, end)
	if start > 0 {
		out = "…" + out
	}
	if end < len(text) {
		out += "…"
	}
	return out
}

// wordEnd returns the first space or line break at or after i (len(text)
// when none): a place where no word is cut.
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	if j := strings.IndexAny(text[i:], " \n"); j >= 0 {
		return i + j
	}
	return len(text)
}

// backUp moves i back by about n runes, to the start of a word.
func backUp(text string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	if i == 0 {
		return 0
	}
	if j := strings.IndexAny(text[i:], " \n"); j >= 0 {
		return i + j + 1
	}
	return i
}

// forward returns the byte offset about n runes after start, cut after a
// whole word.
func forward(text string, start, n int) int {
	i := start
	for ; n > 0 && i < len(text); n-- {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	if i >= len(text) {
		return len(text)
	}
	if j := strings.LastIndexAny(text[start:i], " \n"); j > 0 {
		return start + j
	}
	return i
}

func mark(text string, toks []textan.Token, terms map[string]bool, start, end int) string {
	var b strings.Builder
	at := start
	for _, t := range toks {
		if t.Start < start || t.End > end || !terms[t.Term] {
			continue
		}
		b.WriteString(html.EscapeString(text[at:t.Start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[t.Start:t.End]))
		b.WriteString("</mark>")
		at = t.End
	}
	b.WriteString(html.EscapeString(text[at:end]))
	return strings.Join(strings.Fields(b.String()), " ")
}
