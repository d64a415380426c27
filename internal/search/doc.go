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
	return store.SearchDoc{
		ArticleID: a.ID,
		Lang:      a.Lang,
		Title:     strings.Join(textan.Terms(a.Lang, a.Title), " "),
		Body:      strings.Join(textan.Terms(a.Lang, rest), " "),
		Names:     textan.Names(a.Lang, a.Title+"\n\n"+rest),
	}
}
