package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/search"
	"github.com/kiosque/kiosque/internal/store"
)

// Store is what the JSON API needs from the database.
type Store interface {
	store.Articles
	store.Taxonomy
	store.SearchIndex
}

// Options configure the JSON API v1.
type Options struct {
	Store Store // required
	// Authenticate returns nil when token is a valid API key. Writes need
	// one; reads with one also see unpublished articles. Nil refuses every
	// token.
	Authenticate func(ctx context.Context, token string) error
	// URL returns an article's public address; "/{slug}/" when nil.
	URL func(a *article.Article) string
	// Lang is the site language: error messages and search analysis.
	Lang   string
	I18n   *i18n.Bundle     // i18n.MustNew() when nil
	Now    func() time.Time // time.Now when nil
	Logger *slog.Logger     // discards when nil
}

// MaxBody bounds a request body: an article is at most 1 MiB of Markdown.
const MaxBody = article.MaxBody + 64<<10

type server struct {
	Options
	searcher *search.Searcher
	related  *related.Engine
}

// New returns the JSON API v1 handler, to be mounted at /api/v1/ (it sees
// the full path). Every answer is JSON; errors are {"error": "…"} with the
// status saying what was wrong.
func New(opts Options) http.Handler {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.I18n == nil {
		opts.I18n = i18n.MustNew()
	}
	if opts.Lang == "" {
		opts.Lang = "fr"
	}
	if opts.URL == nil {
		opts.URL = func(a *article.Article) string { return "/" + a.Slug + "/" }
	}
	s := &server{Options: opts,
		searcher: &search.Searcher{Store: opts.Store, Now: opts.Now},
		related:  &related.Engine{Store: opts.Store, Now: opts.Now, Logger: opts.Logger}}
	return s.routes()
}

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /api/v1/articles", s.handle(s.listArticles))
	mux.Handle("POST /api/v1/articles", s.handle(s.auth(s.createArticle)))
	mux.Handle("GET /api/v1/articles/{id}", s.handle(s.getArticle))
	mux.Handle("PUT /api/v1/articles/{id}", s.handle(s.auth(s.updateArticle(true))))
	mux.Handle("PATCH /api/v1/articles/{id}", s.handle(s.auth(s.updateArticle(false))))
	mux.Handle("GET /api/v1/articles/{id}/related", s.handle(s.relatedArticles))
	mux.Handle("GET /api/v1/search", s.handle(s.search))
	for _, p := range []string{"/api/v1/articles", "/api/v1/articles/{id}", "/api/v1/articles/{id}/related", "/api/v1/search"} {
		mux.Handle(p, s.handle(func(http.ResponseWriter, *http.Request) error { return errMethod }))
	}
	mux.Handle("/", s.handle(func(http.ResponseWriter, *http.Request) error { return errNoRoute }))
	return mux
}

// apiError is an error a client caused, with its status and message.
type apiError struct {
	status int
	key    string
	args   []any
}

func (e *apiError) Error() string { return fmt.Sprintf("api: %d %s %v", e.status, e.key, e.args) }

func fail(status int, key string, args ...any) error { return &apiError{status, key, args} }

var (
	errMethod       = fail(http.StatusMethodNotAllowed, "api.error.method")
	errNoRoute      = fail(http.StatusNotFound, "api.error.no_route")
	errUnauthorized = fail(http.StatusUnauthorized, "api.error.unauthorized")
	errNotFound     = fail(http.StatusNotFound, "api.error.not_found")
)

// handle adapts a handler returning an error: the one place where errors
// become statuses and JSON.
func (s *server) handle(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// JSON may quote what anyone wrote: never let a browser sniff it as a page.
		w.Header().Set("X-Content-Type-Options", "nosniff")
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		err := h(w, r)
		if err == nil {
			return
		}
		status, msg := s.describe(err)
		if status == http.StatusServiceUnavailable {
			s.Logger.WarnContext(r.Context(), "database unavailable", "method", r.Method, "path", r.URL.Path, "error", err)
		} else if status >= 500 {
			s.Logger.ErrorContext(r.Context(), "api request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		}
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="kiosque"`)
		}
		if status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", strconv.Itoa(int(store.RetryAfter.Seconds())))
		}
		writeJSON(w, status, map[string]string{"error": msg})
	})
}

func (s *server) describe(err error) (int, string) {
	var ae *apiError
	var fe article.FieldErrors
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
		return ae.status, s.I18n.T(s.Lang, ae.key, ae.args...)
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, s.I18n.T(s.Lang, "api.error.body_too_large")
	case errors.As(err, &fe):
		return http.StatusUnprocessableEntity, s.I18n.T(s.Lang, "api.error.invalid", s.fields(fe))
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, s.I18n.T(s.Lang, "api.error.not_found")
	case errors.Is(err, store.ErrConflict):
		return http.StatusConflict, s.I18n.T(s.Lang, "api.error.conflict")
	case store.Unavailable(err):
		return http.StatusServiceUnavailable, s.I18n.T(s.Lang, "api.error.unavailable")
	}
	return http.StatusInternalServerError, s.I18n.T(s.Lang, "api.error.internal")
}

// fields says which fields are wrong, e.g. "title is required".
func (s *server) fields(fe article.FieldErrors) string {
	var parts []string
	for field, key := range fe {
		parts = append(parts, field+" "+s.I18n.T(s.Lang, "api.field."+strings.TrimPrefix(key, "error.")))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

// auth lets the request through only with a valid bearer token.
func (s *server) auth(h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := s.authenticate(r); err != nil {
			return err
		}
		return h(w, r)
	}
}

// authenticate returns nil for a valid bearer token, errUnauthorized for
// a missing or wrong one, and the store's error when the key could not be
// checked (the database is away: 503, not 401).
func (s *server) authenticate(r *http.Request) error {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	token = strings.TrimSpace(token)
	if !ok || token == "" || s.Authenticate == nil {
		return errUnauthorized
	}
	if err := s.Authenticate(r.Context(), token); err != nil {
		if store.Unavailable(err) {
			return err
		}
		return errUnauthorized
	}
	return nil
}

func (s *server) authorized(r *http.Request) bool { return s.authenticate(r) == nil }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // a client gone mid-answer is nothing to report
}
