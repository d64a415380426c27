package search

import (
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/textan"
)

// Doc returns what the full-text index keeps of a: its analyzed title, its
// analyzed lead and body (Markdown turned to text first), and the names
// it mentions.
func Doc(a *article.Article) store.SearchDoc {
	rest := a.Lead + "\n\n" + markup.Text(a.Body)
	title, body := textan.Analyze(a.Lang, a.Title), textan.Analyze(a.Lang, rest)
	return store.SearchDoc{
		ArticleID: a.ID,
		Lang:      a.Lang,
		Title:     join(title),
		Body:      join(body),
		Names:     append(textan.NamesIn(a.Title, title), textan.NamesIn(rest, body)...),
	}
}

func join(toks []textan.Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Term)
	}
	return b.String()
}
