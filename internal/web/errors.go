package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/kiosque/kiosque/internal/store"
)

// errNotFound is returned by handlers for anything a reader may not see:
// unknown paths, drafts, future articles, pages past the end.
var errNotFound = fmt.Errorf("web: %w", store.ErrNotFound)

// handlerFunc is a handler that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// ErrorPage is the data of the 404 and 500 pages.
type ErrorPage struct {
	Page
	Status    int
	Message   string // catalog key of the explanation
	RequestID string // shown on 500 pages, to quote to the site's team
}

// handle adapts a handlerFunc: the one place where errors become pages. Not
// found is a 404 page; anything else is logged with the request id and
// shown as a 500 page. Readers never see err.Error().
func (h *handler) handle(f handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := f(w, r); err != nil {
			h.fail(w, r, err)
		}
	})
}

// fail writes the error page for err.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	var maxErr *http.MaxBytesError
	switch {
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The reader went away mid-request: nobody to answer, nothing wrong.
		return
	case errors.Is(err, store.ErrNotFound):
		status = http.StatusNotFound
	case errors.As(err, &maxErr):
		status = http.StatusRequestEntityTooLarge
	default:
		h.log.ErrorContext(r.Context(), "request failed", "request_id", requestID(r.Context()),
			"method", r.Method, "path", r.URL.Path, "err", err)
	}
	h.errorPage(w, r, status)
}

// errorPage renders the localized page for status. When even the settings
// cannot be read, the page falls back to the default site settings.
func (h *handler) errorPage(w http.ResponseWriter, r *http.Request, status int) {
	p, err := h.newPage(r.Context(), r.URL.Path)
	if err != nil {
		// The database is down: show the page in the default language
		// without navigation rather than nothing.
		p = h.fallbackPage(r)
	}
	p.NoIndex = true
	title, msg := statusKeys(status)
	p.Title = p.T(title)
	w.Header().Set("Cache-Control", "no-store")
	if err := h.render(w, status, "error", &ErrorPage{Page: p, Status: status, Message: msg, RequestID: requestID(r.Context())}); err != nil {
		h.log.ErrorContext(r.Context(), "error page failed", "request_id", requestID(r.Context()), "err", err)
		http.Error(w, http.StatusText(status), status)
	}
}

// statusKeys returns the catalog keys of the error page's title and text.
func statusKeys(status int) (title, text string) {
	switch status {
	case http.StatusNotFound:
		return "web.error.not_found", "web.error.not_found_text"
	case http.StatusRequestEntityTooLarge:
		return "web.error.too_large", "web.error.too_large_text"
	}
	return "web.error.internal", "web.error.internal_text"
}

// notFound answers every path no route matches.
func (h *handler) notFound(w http.ResponseWriter, r *http.Request) error { return errNotFound }
