package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/cache"
	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/search"
	"github.com/kiosque/kiosque/internal/store"
)

// SearchPage is the data of /search?q=.
type SearchPage struct {
	Page
	Query         string // what the reader typed, cleaned
	CategorySlug  string
	From, To      string // YYYY-MM-DD as typed, "" when unset or invalid
	Results       []SearchResult
	Total         int
	Pager         Pager
	Suggestion    string // a looser query that finds something
	SuggestionURL string
	Latest        []article.Article // shown when nothing is found
}

// SearchResult is one article found, with highlighted title and snippet.
type SearchResult struct {
	Article *article.Article
	URL     string
	Title   template.HTML // escaped by package search, with <mark>
	Snippet template.HTML
}

// search is GET /search?q=&category=&from=&to=&page=. Whatever the reader
// typed, the answer is a normal results page: bad dates and unknown
// categories are ignored, a meaningless query finds nothing.
func (h *handler) search(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := h.newPage(ctx, "/search")
	if err != nil {
		return err
	}
	cache.Tag(ctx, cluster.Lists)
	q := r.URL.Query()
	sp := &SearchPage{Page: p, CategorySlug: q.Get("category")}
	sp.NoIndex, sp.Title = true, p.T("search.title")
	req := search.Request{Q: q.Get("q"), Lang: p.Lang, PerPage: perPage, Page: 1}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 0 && n <= 1000 {
		req.Page = n
	}
	if c, err := h.store.CategoryBySlug(ctx, sp.CategorySlug); err == nil {
		req.CategoryID = c.ID
	} else {
		sp.CategorySlug = ""
	}
	req.From, sp.From = formDate(q.Get("from"), 0)
	req.To, sp.To = formDate(q.Get("to"), 24*time.Hour-time.Millisecond)
	sp.Query = search.Parse(p.Lang, req.Q).Text
	if sp.Query != "" {
		sp.Title = p.T("search.title_query", sp.Query)
		if err := h.fillResults(r, sp, req); err != nil {
			return err
		}
	}
	if len(sp.Results) == 0 {
		sp.Latest, _, err = h.store.ListArticles(ctx, store.ArticleFilter{VisibleAt: h.now(), Limit: 4})
		if err != nil {
			return fmt.Errorf("web: search: %w", err)
		}
	}
	return h.render(w, http.StatusOK, "search", sp)
}

func (h *handler) fillResults(r *http.Request, sp *SearchPage, req search.Request) error {
	st, ok := h.store.(search.Store)
	if !ok {
		return errors.New("web: search: the store has no search index")
	}
	res, err := (&search.Searcher{Store: st, Now: h.now}).Search(r.Context(), req)
	if err != nil {
		return err
	}
	sp.Total = res.Total
	for _, hit := range res.Hits {
		sp.Results = append(sp.Results, SearchResult{Article: hit.Article, URL: "/" + hit.Article.Slug + "/",
			Title: template.HTML(hit.TitleHTML), Snippet: template.HTML(hit.Snippet)}) // #nosec: escaped by search
	}
	last := max(res.Pages, 1)
	sp.Pager = Pager{Current: req.Page, Last: last}
	link := func(n int) string {
		v := r.URL.Query()
		v.Set("page", strconv.Itoa(n))
		return "/search?" + v.Encode()
	}
	if req.Page > 1 {
		sp.Pager.Prev = link(req.Page - 1)
	}
	if req.Page < last {
		sp.Pager.Next = link(req.Page + 1)
	}
	if res.Suggestion != "" {
		sp.Suggestion = res.Suggestion
		sp.SuggestionURL = "/search?" + url.Values{"q": {res.Suggestion}}.Encode()
	}
	return nil
}

// formDate reads a YYYY-MM-DD form value, shifted by add (the end of the
// day for "to"); an invalid date is ignored.
func formDate(v string, add time.Duration) (time.Time, string) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(v))
	if err != nil {
		return time.Time{}, ""
	}
	return t.Add(add), t.Format("2006-01-02")
}
