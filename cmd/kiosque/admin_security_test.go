package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/dial"
)

const newsroomPassword = "un mot de passe assez long"

// newsroomSite serves a SQLite site with an admin, an editor and an author
// account (created with `kiosque user add`, as an operator would).
func newsroomSite(t *testing.T, args ...string) (*served, string) {
	t.Helper()
	db := "sqlite:" + filepath.Join(t.TempDir(), "kiosque.db")
	for _, role := range []string{"admin", "editor", "author"} {
		old := stdin
		stdin = strings.NewReader(newsroomPassword + "\n")
		err := run(context.Background(), []string{"user", "add", "--db", db, "--log-level", "error",
			"--email", role + "@example.org", "--name", "Compte " + role, "--role", role}, env(nil), io.Discard, io.Discard)
		stdin = old
		if err != nil {
			t.Fatalf("user add %s: %v", role, err)
		}
	}
	return startServe(t, append([]string{"--db", db}, args...)...), db
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]*)"`)

// newsroomClient is a browser of the newsroom: cookies kept, redirects
// shown rather than followed.
func newsroomClient(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// login opens the login page and sends it with email, password and next;
// it returns the answer (303 with Location when it worked).
func login(t testing.TB, c *http.Client, base, email, password, next string) *http.Response {
	t.Helper()
	resp, err := c.Get(base + "admin/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body) // a short page; an error shows below as a missing field
	resp.Body.Close()
	m := csrfField.FindSubmatch(body)
	if m == nil {
		t.Fatalf("login page has no csrf field (status %d)", resp.StatusCode)
	}
	form := url.Values{"email": {email}, "password": {password}, "next": {next}, "csrf": {html.UnescapeString(string(m[1]))}}
	// Through the transport: the client would refuse to parse a Location
	// with control characters, which is what a hostile next= may produce
	// and what the test must see as a browser would.
	req, err := http.NewRequest(http.MethodPost, base+"admin/login", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range c.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	resp, err = http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if rc := resp.Cookies(); len(rc) > 0 {
		c.Jar.SetCookies(req.URL, rc)
	}
	_, _ = io.Copy(io.Discard, resp.Body) // the status and Location are the answer
	resp.Body.Close()
	return resp
}

// browserTarget resolves a Location as a browser does (tabs and newlines
// dropped first, as the URL standard says) against base.
func browserTarget(base, location string) (*url.URL, error) {
	clean := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.Trim(location, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	clean = strings.ReplaceAll(clean, `\`, "/") // browsers read a backslash as a slash in http URLs
	b, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	ref, err := url.Parse(clean)
	if err != nil {
		return nil, err
	}
	return b.ResolveReference(ref), nil
}

// TestLoginNextNeverLeavesTheSite logs in with hostile next= values: the
// redirect after login always stays on the site, in the newsroom.
func TestLoginNextNeverLeavesTheSite(t *testing.T) {
	srv, _ := newsroomSite(t)
	base, _ := url.Parse(srv.base)
	nexts := []string{
		"/admin/articles/", "//evil.example/", "https://evil.example/admin/", "/admin//evil.example/",
		"/admin/../\t/evil.example/", "/admin/../\n/evil.example/", "/admin/..\t/..\t//evil.example/",
		"/admin/../%2F%2Fevil.example/", "/admin/\\evil.example/", "/admin/../\\evil.example/",
		"/admin/../ /evil.example/", "/admin/..//../evil.example/", "/admin/./../..//evil.example",
		"javascript:alert(1)//admin/", "/admin/\x00//evil.example", "/admin/..%2f..%2f%2fevil.example",
		"http:/evil.example/admin/", "/\t/evil.example/admin/", " /admin/../\t/evil.example",
	}
	for _, next := range nexts {
		c := newsroomClient(t)
		resp := login(t, c, srv.base, "editor@example.org", newsroomPassword, next)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("next=%q: status %d, want 303", next, resp.StatusCode)
			continue
		}
		loc := resp.Header.Get("Location")
		to, err := browserTarget(srv.base, loc)
		if err != nil || to.Host != base.Host || to.Scheme != base.Scheme || !strings.HasPrefix(to.Path, "/admin/") {
			t.Errorf("next=%q: redirected to %q (a browser goes to %v)", next, loc, to)
		}
	}
}

// TestNewsroomRefusesOutsiders calls every admin route with no session and
// with a forged session cookie: a GET goes to the login page, anything
// else is refused, and nothing is shown.
func TestNewsroomRefusesOutsiders(t *testing.T) {
	srv, _ := newsroomSite(t)
	routes := adminRoutes(t)
	for _, cookie := range []string{"", "forged-" + strings.Repeat("A", 43), strings.Repeat("0", 64), "' OR 1=1--"} {
		for _, rt := range routes {
			method, path := rt[0], strings.NewReplacer("{id}", "1", "{rev}", "1", "{$}", "").Replace(rt[1])
			req, err := http.NewRequest(method, srv.base+strings.TrimPrefix(path, "/"), strings.NewReader("title=x&csrf=x"))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if cookie != "" {
				req.AddCookie(&http.Cookie{Name: "kiosque_session", Value: url.QueryEscape(cookie)})
			}
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			want := http.StatusUnauthorized
			if method == http.MethodGet {
				want = http.StatusSeeOther
			}
			if resp.StatusCode != want && !(method != http.MethodGet && resp.StatusCode == http.StatusForbidden) {
				t.Errorf("%s %s with cookie %q: status %d, want %d", method, path, cookie, resp.StatusCode, want)
			}
			if method == http.MethodGet && !strings.HasPrefix(resp.Header.Get("Location"), "/admin/login") {
				t.Errorf("%s %s: sent to %q, want the login page", method, path, resp.Header.Get("Location"))
			}
		}
	}
	t.Logf("%d admin routes × 4 outsiders refused", len(routes))
}

// adminRoutes reads the admin's route table from its source, so a route
// added later is checked without editing this test.
func adminRoutes(t testing.TB) [][2]string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "internal", "admin", "routes.go"))
	if err != nil {
		t.Fatal(err)
	}
	var routes [][2]string
	for _, m := range regexp.MustCompile(`\{"(GET|POST|PUT|DELETE|PATCH) (/admin/[^"]*)", user\.`).FindAllStringSubmatch(string(src), -1) {
		routes = append(routes, [2]string{m[1], m[2]})
	}
	if len(routes) < 10 {
		t.Fatalf("found %d admin routes in routes.go; has its table changed shape?", len(routes))
	}
	return routes
}

// TestLoginGuessingLocksOut guesses an editor's password with the real
// default throttle: after ten failures even the right password is refused
// (429), and the failures are in the audit log without the guesses.
func TestLoginGuessingLocksOut(t *testing.T) {
	srv, db := newsroomSite(t)
	c := newsroomClient(t)
	locked := 0
	for i := range 12 {
		resp := login(t, c, srv.base, "editor@example.org", fmt.Sprintf("devinette numéro %d", i), "/admin/")
		switch resp.StatusCode {
		case http.StatusUnauthorized:
		case http.StatusTooManyRequests:
			locked++
		default:
			t.Fatalf("guess %d: status %d", i, resp.StatusCode)
		}
	}
	if locked < 2 {
		t.Errorf("%d of 12 guesses locked out, want the last ones", locked)
	}
	if resp := login(t, newsroomClient(t), srv.base, "editor@example.org", newsroomPassword, "/admin/"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right password during the lockout: status %d, want 429", resp.StatusCode)
	}
	// Another account from another address is not locked.
	if err := srv.stop(); err != nil {
		t.Fatal(err)
	}
	st, err := dial.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	entries, _, err := st.(store.Newsroom).ListAudit(context.Background(), 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, e := range entries {
		if e.Action == "login.failed" {
			failed++
		}
		if strings.Contains(fmt.Sprintf("%+v", e), "devinette") {
			t.Errorf("audit entry holds a guessed password: %+v", e)
		}
	}
	if failed < 10 {
		t.Errorf("%d failed logins in the audit log, want at least 10", failed)
	}
}

// TestAPIKeysRefusedWhenRevoked calls the Akismet-compatible API with a key
// made by `kiosque apikey add`: accepted; a forged key, an empty one, one
// with SQL in it, and the real key once revoked: refused, and a comment
// check with the revoked key gives no verdict.
func TestAPIKeysRefusedWhenRevoked(t *testing.T) {
	srv, db := newsroomSite(t)
	var out strings.Builder
	if err := run(context.Background(), []string{"apikey", "add", "--db", db, "--log-level", "error", "intégration"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	key := strings.TrimSpace(lines[len(lines)-1])
	call := func(path, key string, extra url.Values) (string, string) {
		t.Helper()
		form := url.Values{"api_key": {key}, "blog": {srv.base}}
		for k, v := range extra {
			form[k] = v
		}
		resp, err := http.PostForm(srv.base+strings.TrimPrefix(path, "/"), form)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body) // short answers; a read error shows as a wrong body
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
		return strings.TrimSpace(string(body)), resp.Header.Get("X-akismet-debug-help")
	}
	if got, _ := call("/1.1/verify-key", key, nil); got != "valid" {
		t.Fatalf("the new key: %q, want valid", got)
	}
	for _, bad := range []string{"", key + "x", strings.ToUpper(key), "' OR 1=1 --", strings.Repeat("k", 10000)} {
		if got, _ := call("/1.1/verify-key", bad, nil); got != "invalid" {
			t.Errorf("key %.20q: %q, want invalid", bad, got)
		}
	}
	st, err := dial.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	nr := st.(store.Newsroom)
	keys, err := nr.ListAPIKeys(context.Background())
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys: %v, %v", keys, err)
	}
	if err := nr.RevokeAPIKey(context.Background(), keys[0].ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if got, _ := call("/1.1/verify-key", key, nil); got != "invalid" {
		t.Errorf("the revoked key: %q, want invalid", got)
	}
	check := url.Values{"user_ip": {"192.0.2.1"}, "comment_content": {"Bonjour"}, "comment_type": {"comment"}}
	if got, help := call("/1.1/comment-check", key, check); got == "true" || got == "false" || help == "" {
		t.Errorf("comment-check with the revoked key: %q (%q), want a refusal", got, help)
	}
}
