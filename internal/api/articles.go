package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// articleJSON is an article as the API shows it.
type articleJSON struct {
	ID         article.ID `json:"id"`
	ExternalID string     `json:"external_id"`
	Slug       string     `json:"slug"`
	URL        string     `json:"url"`
	Title      string     `json:"title"`
	Lead       string     `json:"lead"`
	Body       string     `json:"body,omitempty"`
	Lang       string     `json:"lang"`
	Status     string     `json:"status"`
	Published  *time.Time `json:"published,omitempty"`
	Updated    time.Time  `json:"updated"`
	Category   string     `json:"category,omitempty"` // slug
	Tags       []string   `json:"tags"`
	Authors    []string   `json:"authors"`
	Score      *float64   `json:"score,omitempty"`   // related articles only
	Snippet    string     `json:"snippet,omitempty"` // search results only (HTML)
}

func (s *server) toJSON(a *article.Article, withBody bool) articleJSON {
	j := articleJSON{ID: a.ID, ExternalID: a.ExternalID, Slug: a.Slug, URL: s.URL(a), Title: a.Title,
		Lead: a.Lead, Lang: a.Lang, Status: string(a.Status), Updated: a.UpdatedAt,
		Tags: []string{}, Authors: []string{}}
	if withBody {
		j.Body = a.Body
	}
	if !a.PublishedAt.IsZero() {
		p := a.PublishedAt
		j.Published = &p
	}
	if a.Category != nil {
		j.Category = a.Category.Slug
	}
	for _, t := range a.Tags {
		j.Tags = append(j.Tags, t.Name)
	}
	for _, au := range a.Authors {
		j.Authors = append(j.Authors, au.Name)
	}
	return j
}

type listJSON struct {
	Articles []articleJSON `json:"articles"`
	Next     string        `json:"next"`
}

// listArticles is GET /api/v1/articles?limit=&cursor=: newest published
// first; with an API key, every status.
func (s *server) listArticles(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 20, 1, 100)
	if err != nil {
		return err
	}
	f := store.ArticleFilter{Limit: limit + 1}
	if !s.authorized(r) {
		f.VisibleAt = s.Now()
	}
	if c := r.URL.Query().Get("cursor"); c != "" {
		cur, err := decodeCursor(c)
		if err != nil {
			return err
		}
		f.Before = cur
	}
	list, _, err := s.Store.ListArticles(r.Context(), f)
	if err != nil {
		return err
	}
	out := listJSON{Articles: []articleJSON{}}
	for i := range list {
		if i == limit {
			last := list[limit-1]
			out.Next = encodeCursor(store.Cursor{PublishedAt: last.PublishedAt, ID: last.ID})
			break
		}
		out.Articles = append(out.Articles, s.toJSON(&list[i], false))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func encodeCursor(c store.Cursor) string {
	raw := fmt.Sprintf("%d:%d", c.PublishedAt.UnixMilli(), c.ID)
	if c.PublishedAt.IsZero() {
		raw = fmt.Sprintf("0:%d", c.ID)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(s string) (*store.Cursor, error) {
	bad := fail(http.StatusBadRequest, "api.error.bad_cursor")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	ms, id, ok := strings.Cut(string(raw), ":")
	m, err1 := strconv.ParseInt(ms, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || m < 0 || n <= 0 {
		return nil, bad
	}
	c := &store.Cursor{ID: article.ID(n)}
	if m > 0 {
		c.PublishedAt = time.UnixMilli(m).UTC()
	}
	return c, nil
}

// intParam reads an optional integer query parameter within [lo, hi].
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fail(http.StatusBadRequest, "api.error.bad_number", name, lo, hi)
	}
	return n, nil
}

// find loads the article named by the path's {id}: a numeric id, else an
// external id. Readers without a key see only visible articles.
func (s *server) find(r *http.Request) (*article.Article, error) {
	ref := r.PathValue("id")
	var a *article.Article
	err := store.ErrNotFound
	if n, perr := strconv.ParseInt(ref, 10, 64); perr == nil && n > 0 {
		a, err = s.Store.Article(r.Context(), article.ID(n))
	}
	if errors.Is(err, store.ErrNotFound) {
		a, err = s.Store.ArticleByExternalID(r.Context(), ref)
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if !a.Visible(s.Now()) && !s.authorized(r) {
		return nil, errNotFound
	}
	return a, nil
}

// getArticle is GET /api/v1/articles/{id}.
func (s *server) getArticle(w http.ResponseWriter, r *http.Request) error {
	a, err := s.find(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.toJSON(a, true))
	return nil
}

// relatedArticles is GET /api/v1/articles/{id}/related?n=3: the stored
// related articles, best first, each with its score.
func (s *server) relatedArticles(w http.ResponseWriter, r *http.Request) error {
	n, err := intParam(r, "n", 3, 1, 10)
	if err != nil {
		return err
	}
	a, err := s.find(r)
	if err != nil {
		return err
	}
	chosen, err := s.related.Choose(r.Context(), a.ID, n)
	if err != nil {
		return err
	}
	out := struct {
		Articles []articleJSON `json:"articles"`
	}{Articles: []articleJSON{}}
	for _, c := range chosen {
		j := s.toJSON(c.Article, false)
		score := c.Score
		j.Score = &score
		out.Articles = append(out.Articles, j)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// articleInput is the body of POST, PUT and PATCH. Absent fields are nil:
// PATCH leaves them as they are, PUT clears them.
type articleInput struct {
	Title      *string   `json:"title"`
	Lead       *string   `json:"lead"`
	Body       *string   `json:"body"`
	Lang       *string   `json:"lang"`
	Category   *string   `json:"category"` // slug or name
	Tags       *[]string `json:"tags"`
	Authors    *[]string `json:"authors"` // names or slugs of existing authors
	Status     *string   `json:"status"`
	Slug       *string   `json:"slug"`
	Published  *string   `json:"published"` // RFC 3339
	ExternalID *string   `json:"external_id"`
}

func decodeInput(r *http.Request) (*articleInput, error) {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	var in articleInput
	if err := dec.Decode(&in); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, err
		}
		return nil, fail(http.StatusBadRequest, "api.error.bad_json", err.Error())
	}
	if dec.More() {
		return nil, fail(http.StatusBadRequest, "api.error.bad_json", "trailing data")
	}
	return &in, nil
}

// createArticle is POST /api/v1/articles: 201 with the article.
func (s *server) createArticle(w http.ResponseWriter, r *http.Request) error {
	in, err := decodeInput(r)
	if err != nil {
		return err
	}
	a := &article.Article{Lang: s.Lang, Status: article.Draft}
	if err := s.apply(r.Context(), a, in, true); err != nil {
		return err
	}
	if err := s.Store.CreateArticle(r.Context(), a); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/articles/%d", a.ID))
	writeJSON(w, http.StatusCreated, s.toJSON(a, true))
	return nil
}

// updateArticle is PUT (replace: absent fields are cleared) and PATCH
// (absent fields kept) on /api/v1/articles/{id}.
func (s *server) updateArticle(replace bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		a, err := s.find(r)
		if err != nil {
			return err
		}
		in, err := decodeInput(r)
		if err != nil {
			return err
		}
		if err := s.apply(r.Context(), a, in, replace); err != nil {
			return err
		}
		if err := s.Store.UpdateArticle(r.Context(), a); err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, s.toJSON(a, true))
		return nil
	}
}

// apply copies in onto a (all fields when replace), resolves taxonomy
// names and validates the result.
func (s *server) apply(ctx context.Context, a *article.Article, in *articleInput, replace bool) error {
	str := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		} else if replace {
			*dst = ""
		}
	}
	str(&a.Title, in.Title)
	str(&a.Lead, in.Lead)
	str(&a.Body, in.Body)
	str(&a.Slug, in.Slug)
	if in.ExternalID != nil || replace && a.ID == 0 {
		str(&a.ExternalID, in.ExternalID)
	}
	if in.Lang != nil {
		a.Lang = *in.Lang
	}
	if in.Status != nil {
		a.Status = article.Status(*in.Status)
		if a.Status == article.Pending || a.Status == article.Archived {
			a.Status = "" // the API sets draft, scheduled or published only
		}
	}
	if in.Published != nil {
		t, err := time.Parse(time.RFC3339, *in.Published)
		if err != nil {
			return fail(http.StatusBadRequest, "api.error.bad_date", "published")
		}
		a.PublishedAt = t.UTC().Truncate(time.Millisecond)
	}
	if a.Status == article.Published && a.PublishedAt.IsZero() {
		a.PublishedAt = s.Now().UTC().Truncate(time.Millisecond)
	}
	if err := a.Validate(); err != nil {
		return err
	}
	return s.links(ctx, a, in, replace)
}

func (s *server) links(ctx context.Context, a *article.Article, in *articleInput, replace bool) error {
	if in.Category != nil && *in.Category != "" {
		c, err := s.Store.CategoryBySlug(ctx, article.Slugify(*in.Category))
		if errors.Is(err, store.ErrNotFound) {
			return fail(http.StatusUnprocessableEntity, "api.error.unknown_category", *in.Category)
		}
		if err != nil {
			return err
		}
		a.Category = c
	} else if in.Category != nil || replace {
		a.Category = nil
	}
	if in.Tags != nil || replace {
		a.Tags = []article.Tag{}
		for _, name := range derefs(in.Tags) {
			t, err := s.Store.EnsureTag(ctx, name)
			if err != nil {
				return err
			}
			a.Tags = append(a.Tags, *t)
		}
	}
	if in.Authors != nil || replace {
		a.Authors = []article.Author{}
		for _, name := range derefs(in.Authors) {
			au, err := s.Store.AuthorBySlug(ctx, article.Slugify(name))
			if errors.Is(err, store.ErrNotFound) {
				return fail(http.StatusUnprocessableEntity, "api.error.unknown_author", name)
			}
			if err != nil {
				return err
			}
			a.Authors = append(a.Authors, *au)
		}
	}
	return nil
}

func derefs(p *[]string) []string {
	if p == nil {
		return nil
	}
	var out []string
	for _, s := range *p {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
