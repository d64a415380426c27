package web

import (
	"context"
	"fmt"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// ReadAlsoChooser picks the articles offered as "Lire aussi" next to a.
// It returns at most n articles that readers may see at now, never a
// itself, best first; fewer (or none) is fine. The article page puts the
// first ones in boxes between paragraphs and the rest in the list at the
// end. The related-articles package provides a better one than
// SameCategory.
type ReadAlsoChooser interface {
	ReadAlso(ctx context.Context, a *article.Article, now time.Time, n int) ([]article.Article, error)
}

// ReadAlsoFunc lets a plain function be a ReadAlsoChooser.
type ReadAlsoFunc func(ctx context.Context, a *article.Article, now time.Time, n int) ([]article.Article, error)

// ReadAlso calls f.
func (f ReadAlsoFunc) ReadAlso(ctx context.Context, a *article.Article, now time.Time, n int) ([]article.Article, error) {
	return f(ctx, a, now, n)
}

// SameCategory is the stand-in chooser: the most recent visible articles of
// a's category (of the whole site when a has none).
type SameCategory struct {
	Store interface {
		ListArticles(ctx context.Context, f store.ArticleFilter) ([]article.Article, int, error)
	}
}

// ReadAlso implements ReadAlsoChooser.
func (c SameCategory) ReadAlso(ctx context.Context, a *article.Article, now time.Time, n int) ([]article.Article, error) {
	f := store.ArticleFilter{VisibleAt: now, ExcludeID: a.ID, Limit: n, NoTotal: true, NoLinks: true}
	if a.Category != nil {
		f.CategoryID = a.Category.ID
	}
	list, _, err := c.Store.ListArticles(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("web: read also for article %d: %w", a.ID, err)
	}
	return list, nil
}
