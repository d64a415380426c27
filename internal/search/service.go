package search

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/store"
)

// Store is what searching needs from the database.
type Store interface {
	store.SearchIndex
	Article(ctx context.Context, id article.ID) (*article.Article, error)
}

// Request is one search as a reader asks it.
type Request struct {
	Q          string
	Lang       string // site language: how words are analyzed
	CategoryID int64
	From, To   time.Time
	Page       int // from 1
	PerPage    int // 0 means 10; at most 100
}

// Hit is one article found, with its title and a snippet highlighted (safe
// HTML: escaped text and <mark> elements).
type Hit struct {
	Article   *article.Article
	TitleHTML string
	Snippet   string
}

// Results is one page of results.
type Results struct {
	Query Query
	Hits  []Hit
	Total int
	Page  int
	Pages int
	// Suggestion is a looser query that finds something when this one
	// found nothing ("" when there is none to offer).
	Suggestion string
}

// Searcher runs reader queries against the store.
type Searcher struct {
	Store Store
	Now   func() time.Time
}

// Search runs r and returns a page of visible articles. An empty or
// meaningless query gives empty Results, not an error; errors come only
// from the store.
func (s *Searcher) Search(ctx context.Context, r Request) (*Results, error) {
	q := Parse(r.Lang, r.Q)
	per := r.PerPage
	if per <= 0 {
		per = 10
	}
	per = min(per, 100)
	page := max(r.Page, 1)
	res := &Results{Query: q, Page: page}
	if q.Empty() {
		return res, nil
	}
	sq := store.SearchQuery{Groups: q.Groups, VisibleAt: s.now(), CategoryID: r.CategoryID,
		From: r.From, To: r.To, Limit: per, Offset: (page - 1) * per}
	hits, total, err := s.Store.Search(ctx, sq)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res.Total = total
	res.Pages = (total + per - 1) / per
	for _, h := range hits {
		a, err := s.Store.Article(ctx, h.ArticleID)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted since
		}
		if err != nil {
			return nil, fmt.Errorf("search: article %d: %w", h.ArticleID, err)
		}
		text := a.Lead + "\n\n" + markup.Text(a.Body)
		res.Hits = append(res.Hits, Hit{Article: a,
			TitleHTML: Highlight(a.Lang, a.Title, q.Terms),
			Snippet:   Snippet(a.Lang, text, q.Terms, 240)})
	}
	if total == 0 {
		res.Suggestion, err = s.suggest(ctx, q, r)
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

// suggest offers the query without quotes and filters, or with its first
// word alone, when that finds something.
func (s *Searcher) suggest(ctx context.Context, q Query, r Request) (string, error) {
	var tries []string
	if q.HasPhrase || r.CategoryID != 0 || !r.From.IsZero() || !r.To.IsZero() {
		tries = append(tries, q.Unquoted())
	}
	if len(q.Groups) > 1 {
		tries = append(tries, q.Words...)
	}
	for _, t := range tries {
		p := Parse(r.Lang, t)
		if p.Empty() {
			continue
		}
		_, n, err := s.Store.Search(ctx, store.SearchQuery{Groups: p.Groups, VisibleAt: s.now(), Limit: 1})
		if err != nil {
			return "", fmt.Errorf("search: suggest: %w", err)
		}
		if n > 0 {
			return t, nil
		}
	}
	return "", nil
}

func (s *Searcher) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
