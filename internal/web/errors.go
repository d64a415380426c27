package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/kiosque/kiosque/internal/store"
)

// errNotFound is returned by handlers for anything a reader may not see:
// unknown paths, drafts, future articles, pages past the end.
var errNotFound = fmt.Errorf("web: %w", store.ErrNotFound)

// handlerFunc is a handler that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// ErrorPage is the data of the error pages (404, 413, 500, 503).
type ErrorPage struct {
	Page
	Status    int
	Message   string // catalog key of the explanation
	RequestID string // shown on 500 pages, to quote to the site's team
	// Resend, on a 503 answering a form, gives the reader back what they
	// typed, ready to send again.
	Resend *Resend
}

// Resend is a posted form sent back to its reader: the text they wrote
// in a text area, the other fields hidden.
type Resend struct {
	Action string
	Text   string
	Hidden []FormField
}

// FormField is one form field.
type FormField struct{ Name, Value string }

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
	case store.Unavailable(err):
		// Passing: the reader is told to come back, the operator warned.
		status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", strconv.Itoa(int(store.RetryAfter.Seconds())))
		h.log.WarnContext(r.Context(), "database unavailable", "request_id", requestID(r.Context()),
			"method", r.Method, "path", r.URL.Path, "err", err)
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
	d := &ErrorPage{Page: p, Status: status, Message: msg, RequestID: requestID(r.Context())}
	if status == http.StatusServiceUnavailable && r.Method == http.MethodPost {
		d.Resend = resendForm(r)
	}
	if err := h.render(w, status, "error", d); err != nil {
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
	case http.StatusServiceUnavailable:
		return "web.error.unavailable", "web.error.unavailable_text"
	}
	return "web.error.internal", "web.error.internal_text"
}

// resendForm returns the posted form (the comment form is the site's only
// one) for the 503 page, nil when it cannot be read.
func resendForm(r *http.Request) *Resend {
	if err := r.ParseForm(); err != nil || len(r.PostForm) == 0 {
		return nil
	}
	return &Resend{Action: r.URL.Path, Text: r.PostForm.Get("text"),
		Hidden: FormFields(r.PostForm, func(name string) bool { return name != "text" })}
}

// FormFields lists the values of the fields of form that keep accepts, by
// field name, for a page that offers to send a form again (the site's and
// the newsroom's 503 pages).
func FormFields(form url.Values, keep func(name string) bool) []FormField {
	names := make([]string, 0, len(form))
	for name := range form {
		if keep(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []FormField
	for _, name := range names {
		for _, v := range form[name] {
			out = append(out, FormField{Name: name, Value: v})
		}
	}
	return out
}

// notFound answers every path no route matches.
func (h *handler) notFound(w http.ResponseWriter, r *http.Request) error { return errNotFound }
