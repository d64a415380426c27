package admin

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/user"
)

// reqInfo is what the session middleware learns about a request; it rides
// in the request context.
type reqInfo struct {
	User *user.User // nil when logged out
	CSRF string     // the token forms must send back
	Site site.Settings
}

type ctxKey struct{}

func withInfo(ctx context.Context, ri *reqInfo) context.Context {
	return context.WithValue(ctx, ctxKey{}, ri)
}

func info(r *http.Request) *reqInfo {
	if ri, ok := r.Context().Value(ctxKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{Site: site.Defaults()}
}

// currentUser returns the logged-in user; routes behind requireAction are
// never reached without one.
func currentUser(r *http.Request) *user.User { return info(r).User }

// Page is what every admin page shows around its content.
type Page struct {
	Lang  string
	Site  site.Settings
	User  *user.User
	CSRF  string
	Title string
	Nav   string // active section
	Flash string // translated message from the previous action
	i18n  *i18n.Bundle
	loc   *time.Location
}

// T translates a catalog key in the page's language.
func (p Page) T(key string, args ...any) string { return p.i18n.T(p.Lang, key, args...) }

// Date formats t as a date and time in the site's time zone and language;
// "" for the zero time.
func (p Page) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	loc := p.loc
	if loc == nil {
		loc = time.UTC
	}
	return i18n.DateTime(p.Lang, t.In(loc))
}

// Can reports whether the current user may do action a (to show or hide
// links; the server checks again on every request).
func (p Page) Can(a string) bool { return p.User.Can(user.Action(a)) }

func (h *Handler) page(r *http.Request, nav string) Page {
	ri := info(r)
	lang := ri.Site.Lang
	if !h.i18n.Supported(lang) {
		lang = i18n.Languages[0]
	}
	p := Page{Lang: lang, Site: ri.Site, User: ri.User, CSRF: ri.CSRF, Nav: nav, i18n: h.i18n, loc: ri.Site.Location()}
	if c, err := r.Cookie(flashCookie); err == nil && h.i18n.Has(c.Value) {
		p.Flash = p.T(c.Value)
	}
	return p
}

// render executes a page template into a buffer and writes it, so a
// template error becomes a clean 500.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	t, ok := h.pages[name]
	if !ok {
		return fmt.Errorf("admin: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("admin: render %s: %w", name, err)
	}
	if h.onRender != nil {
		h.onRender(name)
	}
	if _, err := r.Cookie(flashCookie); err == nil {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/admin/", MaxAge: -1})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes()) // a failed write means the client left
	return nil
}

const flashCookie = "kiosque_flash"

// redirect answers 303 to path, leaving a flash message (a catalog key) for
// the next page.
func (h *Handler) redirect(w http.ResponseWriter, r *http.Request, path, flashKey string) error {
	if flashKey != "" {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: flashKey, Path: "/admin/", HttpOnly: true,
			SameSite: http.SameSiteLaxMode, Secure: h.secure(r), MaxAge: 60})
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

// secure reports whether cookies must be Secure: the site is served over
// https.
func (h *Handler) secure(r *http.Request) bool {
	base := h.baseURL
	if base == "" {
		base = info(r).Site.BaseURL
	}
	u, err := url.Parse(base)
	return err == nil && u.Scheme == "https"
}
