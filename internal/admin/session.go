package admin

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"runtime"
	"strings"

	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

// Cookie names. The session cookie carries the secret token whose hash the
// store keeps; the login cookie carries the anti-forgery token of the login
// form, before there is a session.
const (
	sessionCookie = "kiosque_session"
	loginCookie   = "kiosque_login"
)

// withSession loads the site settings and the session (if any) and puts
// them in the request context. It refuses a request only when the database
// cannot be read.
func (h *Handler) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		s, err := h.settings(ctx)
		if err != nil {
			h.fail(w, h.withLastSite(r), err)
			return
		}
		ri := &reqInfo{Site: s}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			if ri.User, err = h.sessionUser(r, c.Value); err != nil {
				// Not a logout: the database is away, or broken.
				h.fail(w, h.withLastSite(r), err)
				return
			}
			if ri.User != nil {
				ri.CSRF = user.CSRFToken(c.Value)
			}
		}
		if ri.User == nil {
			if c, err := r.Cookie(loginCookie); err == nil && len(c.Value) >= 32 {
				ri.CSRF = c.Value
			}
		}
		next.ServeHTTP(w, r.WithContext(withInfo(ctx, ri)))
	})
}

// withLastSite gives r the settings last read, for an error page.
func (h *Handler) withLastSite(r *http.Request) *http.Request {
	ri := &reqInfo{Site: site.Defaults()}
	if s := h.lastSite.Load(); s != nil {
		ri.Site = *s
	}
	return r.WithContext(withInfo(r.Context(), ri))
}

// sessionUser returns the user of a session token; nil when the session
// is unknown, expired or its user disabled.
func (h *Handler) sessionUser(r *http.Request, token string) (*user.User, error) {
	ctx := r.Context()
	sess, err := h.store.Session(ctx, user.HashToken(token), h.now().UTC())
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("admin: load session: %w", err)
	}
	u, err := h.store.User(ctx, sess.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("admin: load session user %d: %w", sess.UserID, err)
	}
	return u, nil
}

// checkCSRF compares the form's (or the X-CSRF-Token header's) token with
// the request's, in constant time.
func checkCSRF(r *http.Request) error {
	want := info(r).CSRF
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errCSRF
	}
	return nil
}

// requireAction guards a route: a logged-out visitor is sent to the login
// page (or gets 401 for a non-GET), a user without the right gets 403, and
// every state-changing request must carry the CSRF token.
func (h *Handler) requireAction(a user.Action, fn handlerFunc) http.Handler {
	return h.wrap(func(w http.ResponseWriter, r *http.Request) error {
		u := currentUser(r)
		if u == nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/admin/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return nil
			}
			h.errorPage(w, r, http.StatusUnauthorized, "admin.error.login_required")
			return nil
		}
		if !u.Can(a) {
			return fmt.Errorf("admin: %s may not %s: %w", u.Role, a, user.ErrForbidden)
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := h.parseForm(w, r); err != nil {
				return err
			}
			if err := checkCSRF(r); err != nil {
				return err
			}
		}
		return fn(w, r)
	})
}

type loginData struct {
	Page
	Email string
	Next  string
	Error string
}

// loginForm shows the login page, setting the login anti-forgery cookie.
func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) error {
	if currentUser(r) != nil {
		http.Redirect(w, r, "/admin/", http.StatusSeeOther)
		return nil
	}
	return h.renderLogin(w, r, http.StatusOK, &loginData{Next: r.URL.Query().Get("next")})
}

func (h *Handler) renderLogin(w http.ResponseWriter, r *http.Request, status int, d *loginData) error {
	ri := info(r)
	if ri.CSRF == "" {
		ri.CSRF = user.NewToken()
		http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: ri.CSRF, Path: "/admin/", HttpOnly: true,
			SameSite: http.SameSiteLaxMode, Secure: h.secure(r), MaxAge: 3600})
	}
	d.Page = h.page(r, "login")
	d.Title = d.T("admin.login.title")
	return h.render(w, r, status, "login", d)
}

// login checks the throttle, then the password, then opens a session.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) error {
	if err := checkCSRF(r); err != nil {
		return err
	}
	ctx := r.Context()
	now := h.now().UTC()
	email := user.NormalizeEmail(r.PostFormValue("email"))
	d := &loginData{Email: email, Next: r.PostFormValue("next")}
	keys := user.ThrottleKeys(email, clientIP(r))
	for _, k := range keys {
		n, last, err := h.store.LoginFailures(ctx, k, h.throttle.Since(now))
		if err != nil {
			return fmt.Errorf("admin: login throttle: %w", err)
		}
		if until := h.throttle.LockedUntil(n, last, now); !until.IsZero() {
			minutes := int(math.Ceil(until.Sub(now).Minutes()))
			d.Error = h.i18n.T(h.page(r, "").Lang, "admin.login.locked", minutes)
			h.logger.WarnContext(ctx, "login locked", "key_kind", strings.SplitN(k, ":", 2)[0])
			return h.renderLogin(w, r, http.StatusTooManyRequests, d)
		}
	}
	u, err := h.checkLogin(r, email, r.PostFormValue("password"))
	if err != nil {
		return err
	}
	if u == nil {
		for _, k := range keys {
			if err := h.store.AddLoginFailure(ctx, k, now); err != nil {
				return fmt.Errorf("admin: login failure: %w", err)
			}
		}
		// Failed logins on real accounts go to the audit log (by account,
		// never with the typed password or the address).
		if known, err := h.store.UserByEmail(ctx, email); err == nil {
			h.audit(ctx, nil, "login.failed", fmt.Sprintf("user:%d", known.ID), known.Name)
		}
		d.Error = h.page(r, "").T("admin.login.failed")
		return h.renderLogin(w, r, http.StatusUnauthorized, d)
	}
	// Only the account's counter is cleared: a valid login must not reset
	// the count of an address trying many accounts.
	if err := h.store.ClearLoginFailures(ctx, keys[0]); err != nil {
		return fmt.Errorf("admin: login: %w", err)
	}
	token := user.NewToken()
	sess := &user.Session{TokenHash: user.HashToken(token), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(user.SessionLifetime)}
	if err := h.store.CreateSession(ctx, sess); err != nil {
		return fmt.Errorf("admin: login: %w", err)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/admin/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.secure(r), Expires: sess.ExpiresAt})
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Path: "/admin/", MaxAge: -1})
	h.audit(ctx, u, "login", fmt.Sprintf("user:%d", u.ID), "")
	http.Redirect(w, r, safeNext(d.Next), http.StatusSeeOther)
	return nil
}

// passwordChecks bounds concurrent password hashing.
var passwordChecks = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

// dummyHash is checked when the e-mail is unknown, so that a wrong e-mail
// takes as long as a wrong password.
var dummyHash, _ = user.HashPassword("kiosque-dummy-password")

// checkLogin returns the user whose e-mail and password match, nil when
// they do not (unknown, disabled or wrong password).
func (h *Handler) checkLogin(r *http.Request, email, pw string) (*user.User, error) {
	// Each check takes ~19 MiB for a few tens of milliseconds: a bounded
	// number run at once, so a burst of logins cannot exhaust memory.
	select {
	case passwordChecks <- struct{}{}:
		defer func() { <-passwordChecks }()
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	u, err := h.store.UserByEmail(r.Context(), email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		_ = user.CheckPassword(dummyHash, pw) // only for the time it takes
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("admin: login: %w", err)
	}
	if err := user.CheckPassword(u.PasswordHash, pw); err != nil {
		if !errors.Is(err, user.ErrWrongPassword) {
			h.logger.ErrorContext(r.Context(), "password hash unreadable", "user_id", u.ID, "err", err)
		}
		return nil, nil
	}
	if u.Disabled {
		return nil, nil
	}
	return u, nil
}

// logout ends the session on the server and in the browser.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := h.store.DeleteSession(r.Context(), user.HashToken(c.Value)); err != nil {
			return fmt.Errorf("admin: logout: %w", err)
		}
	}
	h.audit(r.Context(), currentUser(r), "logout", "", "")
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/admin/", MaxAge: -1, HttpOnly: true, Secure: h.secure(r)})
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
	return nil
}

// clientIP is the request's remote address without the port. Behind a
// proxy, the server's middleware is expected to have set RemoteAddr.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// errTooLarge is a request body over the limit.
var errTooLarge = errors.New("admin: request body too large")

// parseForm reads the request's form within a size limit: the upload limit
// for multipart forms (media), 4 MiB otherwise.
func (h *Handler) parseForm(w http.ResponseWriter, r *http.Request) error {
	limit := int64(4 << 20)
	multipart := strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
	if multipart {
		limit = h.maxUpload + 1<<20
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if multipart {
		err = r.ParseMultipartForm(8 << 20)
	} else {
		err = r.ParseForm()
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	if err != nil {
		return fmt.Errorf("admin: form: %w: %w", err, errBadRequest)
	}
	return nil
}
