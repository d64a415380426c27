package admin

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/store/sqlite"
	"github.com/kiosque/kiosque/internal/store/storetest"
	"github.com/kiosque/kiosque/internal/user"
)

// env is a real admin over a real SQLite store, served by httptest.
type env struct {
	t       testing.TB
	st      *sqlite.Store
	h       *Handler
	srv     *httptest.Server
	clock   *storetest.Clock
	users   map[user.Role]*user.User
	changes []Change
	mu      sync.Mutex
	cat     *article.Category
	author  *article.Author // public profile of the author account
}

const testPassword = "correct horse battery staple"

// usedTemplates records which page templates ran, for TestMain's coverage
// check.
var usedTemplates sync.Map

func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{t: t, clock: storetest.NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)), users: map[user.Role]*user.User{}}
	e.st = storetest.OpenSQLite(t, e.clock.Now)
	h, err := newHandler(Options{Store: e.st, I18n: i18n.MustNew(), Now: e.clock.Now,
		OnChange: func(_ context.Context, c Change) { e.mu.Lock(); e.changes = append(e.changes, c); e.mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	e.h = h
	h.onRender = func(name string) { usedTemplates.Store(name, true) }
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(e.srv.Close)
	ctx := context.Background()
	e.cat = &article.Category{Name: "Monde"}
	must(t, e.st.SaveCategory(ctx, e.cat))
	e.author = &article.Author{Name: "Ada Auteur"}
	must(t, e.st.SaveAuthor(ctx, e.author))
	for _, r := range user.Roles {
		u := &user.User{Email: string(r) + "@example.org", Name: "User " + string(r), Role: r}
		if r == user.Author {
			u.AuthorID = e.author.ID
		}
		u.PasswordHash = testHash(t)
		must(t, e.st.CreateUser(ctx, u))
		e.users[r] = u
	}
	return e
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// client is a browser: a cookie jar, no redirects followed.
type client struct {
	e    *env
	http *http.Client
	csrf string
}

func (e *env) anon() *client {
	jar, _ := cookiejar.New(nil) // never fails without options
	return &client{e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// as returns a client logged in as the account with role r, through a
// session created in the store (the login form has its own tests).
func (e *env) as(r user.Role) *client {
	c := e.anon()
	token := user.NewToken()
	now := e.clock.Now()
	must(e.t, e.st.CreateSession(context.Background(), &user.Session{TokenHash: user.HashToken(token), UserID: e.users[r].ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}))
	u, _ := url.Parse(e.srv.URL)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: token, Path: "/admin/"}})
	c.csrf = user.CSRFToken(token)
	return c
}

type resp struct {
	*http.Response
	body string
}

func (c *client) do(method, path string, form url.Values) *resp {
	c.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.e.srv.URL+path, body)
	must(c.e.t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.http.Do(req)
	must(c.e.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	must(c.e.t, err)
	return &resp{Response: res, body: string(b)}
}

func (c *client) get(path string) *resp { return c.do("GET", path, nil) }

// post sends a form with the client's CSRF token.
func (c *client) post(path string, form url.Values) *resp {
	if form == nil {
		form = url.Values{}
	}
	if c.csrf != "" && !form.Has("csrf") {
		form.Set("csrf", c.csrf)
	}
	return c.do("POST", path, form)
}

func (r *resp) want(t testing.TB, status int) *resp {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, status, snippet(r.body))
	}
	return r
}

func (r *resp) contains(t testing.TB, subs ...string) *resp {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(r.body, s) {
			t.Fatalf("%s %s: page lacks %q\n%s", r.Request.Method, r.Request.URL.Path, s, snippet(r.body))
		}
	}
	return r
}

func snippet(s string) string {
	if i := strings.Index(s, "<main>"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 1500 {
		s = s[:1500]
	}
	return s
}

var metaCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// formCSRF reads the CSRF token from a page's form.
func formCSRF(t testing.TB, body string) string {
	t.Helper()
	m := metaCSRF.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF field in page:\n%s", snippet(body))
	}
	return m[1]
}

var (
	testHashOnce sync.Once
	testHashVal  string
)

// testHash is the argon2id hash of testPassword, computed once: hashing is
// slow on purpose, and every test environment makes three accounts.
func testHash(t testing.TB) string {
	testHashOnce.Do(func() {
		var err error
		if testHashVal, err = user.HashPassword(testPassword); err != nil {
			t.Fatal(err)
		}
	})
	return testHashVal
}
