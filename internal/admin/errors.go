package admin

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

// Errors the handlers return besides the store's and the domain's.
var (
	errBadRequest = errors.New("bad request")
	errCSRF       = errors.New("csrf token missing or wrong")
)

// handlerFunc is an admin handler: it writes a response or returns an
// error for the adapter to turn into a page.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// errorStatus maps an error to its HTTP status and catalog message: the one
// table of the admin.
func errorStatus(err error) (int, string) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "admin.error.not_found"
	case errors.Is(err, user.ErrForbidden):
		return http.StatusForbidden, "admin.error.forbidden"
	case errors.Is(err, errCSRF):
		return http.StatusForbidden, "admin.error.csrf"
	case errors.Is(err, errTooLarge):
		return http.StatusRequestEntityTooLarge, "admin.error.too_large"
	case errors.Is(err, errBadRequest):
		return http.StatusBadRequest, "admin.error.bad_request"
	case errors.Is(err, store.ErrConflict):
		return http.StatusConflict, "admin.error.conflict"
	}
	return http.StatusInternalServerError, "admin.error.internal"
}

// wrap adapts a handlerFunc: an error becomes a translated error page, and
// server errors are logged with the whole error.
func (h *Handler) wrap(fn handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := fn(w, r)
		if err == nil {
			return
		}
		status, key := errorStatus(err)
		if status >= 500 {
			h.logger.ErrorContext(r.Context(), "admin request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		} else {
			h.logger.DebugContext(r.Context(), "admin request refused", "status", status, "path", r.URL.Path, "err", err)
		}
		h.errorPage(w, r, status, key)
	}
}

type errorData struct {
	Page
	Status  int
	Message string
}

func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, status int, key string) {
	p := h.page(r, "")
	d := &errorData{Page: p, Status: status, Message: p.T(key)}
	d.Title = d.Message
	var buf bytes.Buffer
	if err := h.pages["error"].ExecuteTemplate(&buf, "layout", d); err != nil {
		h.logger.ErrorContext(r.Context(), "render error page", "err", err)
		http.Error(w, http.StatusText(status), status)
		return
	}
	if h.onRender != nil {
		h.onRender("error")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes()) // a failed write means the client left
}

var errNotFoundPage = fmt.Errorf("admin: no such page: %w", store.ErrNotFound)
