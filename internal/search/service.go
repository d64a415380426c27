package search

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/store"
)

// Store is what searching needs from the database.
type Store interface {
	store.SearchIndex
	ArticlesByID(ctx context.Context, ids []article.ID, links bool) ([]article.Article, error)
}

// snippetWidth is about how many runes a result's snippet shows.
const snippetWidth = 240

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
	if err := s.addHits(ctx, res, hits, q); err != nil {
		return nil, err
	}
	if total == 0 {
		res.Suggestion, err = s.suggest(ctx, q, r)
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

// addHits loads the articles of hits (leaving out those deleted since)
// and makes their highlighted titles and snippets. What the index holds
// of them tells which ones match in their lead or body: the others show
// the start of their text, and only that much of it is analyzed.
func (s *Searcher) addHits(ctx context.Context, res *Results, hits []store.SearchHit, q Query) error {
	ids := make([]article.ID, len(hits))
	for i, h := range hits {
		ids[i] = h.ArticleID
	}
	list, err := s.Store.ArticlesByID(ctx, ids, true)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	indexed, err := s.Store.IndexedTerms(ctx, ids)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if len(list) == 0 {
		return nil
	}
	// Snippets are made on every core: a long article whose match lies
	// far in its body takes a few milliseconds to analyze.
	res.Hits = make([]Hit, len(list))
	workers := min(runtime.GOMAXPROCS(0), len(list))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(list); i += workers {
				a := &list[i]
				doc, ok := indexed[a.ID]
				scan := !ok || anyTerm(doc.Body, q.Terms)
				var text string
				if !scan && utf8.RuneCountInString(a.Lead) > snippetWidth {
					text = a.Lead + "\n\n" // the snippet ends in the lead
				} else {
					text = a.Lead + "\n\n" + markup.Text(a.Body)
				}
				res.Hits[i] = Hit{Article: a,
					TitleHTML: Highlight(a.Lang, a.Title, q.Terms),
					Snippet:   snippet(a.Lang, text, q.Terms, snippetWidth, scan)}
			}
		}()
	}
	wg.Wait()
	return nil
}

// anyTerm tells whether the space-separated terms hold one of terms.
func anyTerm(indexed string, terms map[string]bool) bool {
	for indexed != "" {
		var t string
		t, indexed, _ = strings.Cut(indexed, " ")
		if terms[t] {
			return true
		}
	}
	return false
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
