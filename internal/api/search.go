package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/kiosque/kiosque/internal/search"
	"github.com/kiosque/kiosque/internal/store"
)

// search is GET /api/v1/search?q=&page=&per_page=&category=&from=&to=:
// visible articles only, best first, each with an HTML snippet. A query
// with nothing searchable is an empty result, not an error.
func (s *server) search(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, err := intParam(r, "page", 1, 1, 1000)
	if err != nil {
		return err
	}
	per, err := intParam(r, "per_page", 10, 1, 100)
	if err != nil {
		return err
	}
	req := search.Request{Q: q.Get("q"), Lang: s.Lang, Page: page, PerPage: per}
	if slug := q.Get("category"); slug != "" {
		c, err := s.Store.CategoryBySlug(r.Context(), slug)
		if errors.Is(err, store.ErrNotFound) {
			return fail(http.StatusUnprocessableEntity, "api.error.unknown_category", slug)
		}
		if err != nil {
			return err
		}
		req.CategoryID = c.ID
	}
	if req.From, err = dateParam(r, "from", false); err != nil {
		return err
	}
	if req.To, err = dateParam(r, "to", true); err != nil {
		return err
	}
	res, err := s.searcher.Search(r.Context(), req)
	if err != nil {
		return err
	}
	out := struct {
		Articles   []articleJSON `json:"articles"`
		Total      int           `json:"total"`
		Page       int           `json:"page"`
		Pages      int           `json:"pages"`
		Suggestion string        `json:"suggestion,omitempty"`
	}{Articles: []articleJSON{}, Total: res.Total, Page: res.Page, Pages: res.Pages, Suggestion: res.Suggestion}
	for _, h := range res.Hits {
		j := s.toJSON(h.Article, false)
		j.Snippet = h.Snippet
		out.Articles = append(out.Articles, j)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// dateParam reads a YYYY-MM-DD or RFC 3339 parameter; a bare date as the
// end of a range means the end of that day.
func dateParam(r *http.Request, name string, end bool) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, fail(http.StatusBadRequest, "api.error.bad_date", name)
	}
	if end {
		t = t.Add(24*time.Hour - time.Millisecond)
	}
	return t, nil
}
