package admin

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
	"github.com/kiosque/kiosque/internal/web"
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
	case store.Unavailable(err):
		return http.StatusServiceUnavailable, "admin.error.unavailable"
	}
	return http.StatusInternalServerError, "admin.error.internal"
}

// wrap adapts a handlerFunc: an error becomes a translated error page, and
// server errors are logged with the whole error.
func (h *Handler) wrap(fn handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			h.fail(w, r, err)
		}
	}
}

// fail logs err as its status deserves and writes its error page. While
// the database is unavailable the page says so, asks to retry later
// (Retry-After) and offers to send a posted form again.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, key := errorStatus(err)
	switch {
	case status == http.StatusServiceUnavailable:
		h.logger.WarnContext(r.Context(), "database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", strconv.Itoa(int(store.RetryAfter.Seconds())))
	case status >= 500:
		h.logger.ErrorContext(r.Context(), "admin request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	default:
		h.logger.DebugContext(r.Context(), "admin request refused", "status", status, "path", r.URL.Path, "err", err)
	}
	h.errorPage(w, r, status, key)
}

type errorData struct {
	Page
	Status  int
	Message string
	// Resend, on a 503 answering a form, is that form as posted, to send
	// again with one click once the database is back.
	Resend *resend
}

type resend struct {
	Action string
	Fields []web.FormField
}

// resendForm returns the posted form of r, nil when there is none. File
// uploads are not kept, and a form with a password (login, account) is not
// offered again: a page never shows a password back.
func resendForm(r *http.Request) *resend {
	if r.Method != http.MethodPost || r.ParseForm() != nil || len(r.PostForm) == 0 {
		return nil
	}
	for name := range r.PostForm {
		if strings.Contains(name, "password") {
			return nil
		}
	}
	all := func(string) bool { return true }
	return &resend{Action: r.URL.RequestURI(), Fields: web.FormFields(r.PostForm, all)}
}

func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, status int, key string) {
	p := h.page(r, "")
	d := &errorData{Page: p, Status: status, Message: p.T(key)}
	if status == http.StatusServiceUnavailable {
		d.Resend = resendForm(r)
	}
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
