package admin

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/user"
)

// loginForm opens the login page and returns a client holding its
// anti-forgery cookie and token.
func (e *env) loginPage(t *testing.T) *client {
	c := e.anon()
	r := c.get("/admin/login").want(t, http.StatusOK).contains(t, "Connexion à la rédaction")
	c.csrf = formCSRF(t, r.body)
	return c
}

func TestLogin(t *testing.T) {
	e := newEnv(t)
	c := e.loginPage(t)
	r := c.post("/admin/login", url.Values{"email": {" Editor@Example.org "}, "password": {testPassword}, "next": {"/admin/tags/"}}).want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/admin/tags/" {
		t.Errorf("redirected to %q, want the next page", loc)
	}
	var sess *http.Cookie
	for _, ck := range r.Cookies() {
		if ck.Name == sessionCookie {
			sess = ck
		}
	}
	if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Secure || sess.Path != "/admin/" {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure over http", sess)
	}
	if _, err := e.st.Session(context.Background(), user.HashToken(sess.Value), e.clock.Now()); err != nil {
		t.Fatalf("session not in the database (by hash): %v", err)
	}
	c.get("/admin/articles/").want(t, http.StatusOK).contains(t, "User editor")
	entries, _, _ := e.st.ListAudit(context.Background(), 10, 0)
	if len(entries) == 0 || entries[0].Action != "login" {
		t.Errorf("login not in the audit log: %+v", entries)
	}

	// Logout ends the session on the server too.
	c.csrf = user.CSRFToken(sess.Value)
	c.post("/admin/logout", nil).want(t, http.StatusSeeOther)
	if _, err := e.st.Session(context.Background(), user.HashToken(sess.Value), e.clock.Now()); err == nil {
		t.Error("session still valid after logout")
	}
	c.get("/admin/articles/").want(t, http.StatusSeeOther)

	// An open redirect is refused.
	c = e.loginPage(t)
	r = c.post("/admin/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}, "next": {"//evil.example/admin/"}}).want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/admin/" {
		t.Errorf("next=//evil: redirected to %q", loc)
	}
	// Without the login page's token, no login.
	c = e.anon()
	c.post("/admin/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}}).want(t, http.StatusForbidden)
}

func TestLoginSecureCookie(t *testing.T) {
	e := newEnv(t)
	e.h.baseURL = "https://news.example"
	c := e.loginPage(t)
	r := c.post("/admin/login", url.Values{"email": {"admin@example.org"}, "password": {testPassword}}).want(t, http.StatusSeeOther)
	for _, ck := range r.Cookies() {
		if ck.Name == sessionCookie && !ck.Secure {
			t.Fatal("session cookie not Secure behind https")
		}
	}
}

func TestLoginFailures(t *testing.T) {
	e := newEnv(t)
	e.h.throttle = user.Throttle{Max: 3, Window: 15 * time.Minute, Lock: 15 * time.Minute} // fewer argon2 runs
	c := e.loginPage(t)
	bad := url.Values{"email": {"author@example.org"}, "password": {"wrong password!"}}
	for i := 0; i < 3; i++ {
		c.post("/admin/login", bad).want(t, http.StatusUnauthorized).contains(t, "Adresse e-mail ou mot de passe incorrect.")
	}
	entries, _, _ := e.st.ListAudit(context.Background(), 1, 0)
	if len(entries) == 0 || entries[0].Action != "login.failed" || entries[0].Target != fmt.Sprintf("user:%d", e.users[user.Author].ID) {
		t.Errorf("failed login not audited: %+v", entries)
	}
	// Locked now, even with the right password, with a clear message.
	good := url.Values{"email": {"author@example.org"}, "password": {testPassword}}
	c.post("/admin/login", good).want(t, http.StatusTooManyRequests).contains(t, "Trop d&#39;essais infructueux", "15 minutes")
	// 15 minutes later the account may try again.
	e.clock.Add(15*time.Minute + time.Second)
	c.post("/admin/login", good).want(t, http.StatusSeeOther)

	// Unknown accounts and wrong passwords read the same.
	c = e.loginPage(t)
	c.post("/admin/login", url.Values{"email": {"nobody@example.org"}, "password": {"whatever123"}}).
		want(t, http.StatusUnauthorized).contains(t, "Adresse e-mail ou mot de passe incorrect.")
}

func TestLoginThrottlePerIP(t *testing.T) {
	e := newEnv(t)
	e.h.throttle = user.Throttle{Max: 3, Window: 15 * time.Minute, Lock: 15 * time.Minute}
	c := e.loginPage(t)
	// Three different accounts from one address: the address is locked,
	// and a fourth account cannot log in from it.
	for _, email := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		c.post("/admin/login", url.Values{"email": {email}, "password": {"nope nope nope"}}).want(t, http.StatusUnauthorized)
	}
	c.post("/admin/login", url.Values{"email": {"admin@example.org"}, "password": {testPassword}}).want(t, http.StatusTooManyRequests)
}

func TestLoginDefaultThrottleIsTenIn15Minutes(t *testing.T) {
	if user.DefaultThrottle.Max != 10 || user.DefaultThrottle.Lock != 15*time.Minute {
		t.Fatalf("default throttle %+v, want 10 failures → 15 minutes", user.DefaultThrottle)
	}
}

func TestEnglishAdmin(t *testing.T) {
	e := newEnv(t)
	must(t, e.st.SaveSettings(context.Background(), map[string]string{"site.lang": "en"}))
	e.loginPage2(t).contains(t, "Log in to the newsroom")
	e.as(user.Admin).get("/admin/articles/").want(t, http.StatusOK).contains(t, "Articles", "Write", "Audit log")
}

func (e *env) loginPage2(t *testing.T) *resp {
	return e.anon().get("/admin/login").want(t, http.StatusOK)
}

// TestAdminSpeaksOneLanguage renders the admin's pages on a French site and
// on an English one, and looks for catalog strings of the other language.
func TestAdminSpeaksOneLanguage(t *testing.T) {
	for _, lang := range []string{"fr", "en"} {
		t.Run(lang, func(t *testing.T) {
			e := newEnv(t)
			must(t, e.st.SaveSettings(context.Background(), map[string]string{"site.lang": lang}))
			fill := matrixFixture(t, e)
			b := i18n.MustNew()
			other := map[string]string{"fr": "en", "en": "fr"}[lang]
			mine, theirs := b.Messages(lang), b.Messages(other)
			var foreign []*regexp.Regexp
			for k, v := range theirs {
				if strings.HasPrefix(k, "admin.") && v != mine[k] && len(v) > 6 && !strings.Contains(v, "%") {
					foreign = append(foreign, regexp.MustCompile(`(?:^|[^\pL])`+regexp.QuoteMeta(html.EscapeString(v))+`(?:$|[^\pL])`))
				}
			}
			c := e.as(user.Admin)
			for _, rt := range e.h.routes {
				method, path := fill(rt.pattern)
				if method != "GET" {
					continue
				}
				r := c.get(path).want(t, http.StatusOK)
				for _, s := range foreign {
					if s.MatchString(r.body) {
						t.Errorf("%s shows %q", path, s)
					}
				}
			}
		})
	}
}
