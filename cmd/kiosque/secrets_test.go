package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/store/dial"
)

// TestSecretsNeverLogged runs a site with debug logging through a login,
// a comment and a restart, then looks for every secret in the log: the
// password, the session cookie, the comment form's signing secret (made
// at first start and kept in the database), the commenter's e-mail and
// the comment's text. The form secret must also survive the restart.
func TestSecretsNeverLogged(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "kiosque.db")
	db := "sqlite:" + dbPath
	st := openSQLite(t, dbPath)
	a := newArticle(1, time.Now())
	if err := st.CreateArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	st.Close()
	var log lockedBuffer
	old := stdin
	stdin = strings.NewReader(newsroomPassword + "\n")
	err := run(context.Background(), []string{"user", "add", "--db", db, "--log-level", "debug",
		"--email", "chef@example.org", "--name", "Chef", "--role", "admin"}, env(nil), io.Discard, &log)
	stdin = old
	if err != nil {
		t.Fatal(err)
	}

	srv := startServeLogging(t, &log, "--db", db, "--log-level", "debug", "--log-format", "json", "--trust-proxy")
	c := newsroomClient(t)
	if resp := login(t, c, srv.base, "chef@example.org", newsroomPassword, "/admin/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	u, _ := url.Parse(srv.base + "admin/")
	var session string
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "kiosque_session" {
			session = ck.Value
		}
	}
	if session == "" {
		t.Fatal("no session cookie after login")
	}
	if resp, err := c.Get(srv.base + "admin/settings"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("settings page: %v %v", resp, err)
	} else {
		page, _ := io.ReadAll(resp.Body) // checked below
		resp.Body.Close()
		defer func() { checkAbsent(t, "the settings page", string(page), storedFormSecret(t, db)) }()
	}
	const text = "Texte confidentiel du commentaire 7f3a9"
	ip := newReaderIP()
	form := url.Values{"name": {"Lectrice"}, "email": {"lectrice.secrete@example.org"}, "text": {text},
		"token": {formToken(t, srv.base+a.Slug+"/", ip)}}
	req, err := readerRequest(http.MethodPost, srv.base+a.Slug+"/comments/", ip, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("comment: status %d, want 303", resp.StatusCode)
	}
	resp.Body.Close()
	if err := srv.stop(); err != nil {
		t.Fatal(err)
	}
	secret := storedFormSecret(t, db)
	again := startServeLogging(t, &log, "--db", db, "--log-level", "debug")
	if err := again.stop(); err != nil {
		t.Fatal(err)
	}
	switch got := storedFormSecret(t, db); {
	case secret == "":
		t.Log("serve does not sign comment forms yet (no " + tokenSecretKey + " setting): form secret not checked")
	case len(secret) < 32:
		t.Errorf("form secret %d hex digits, want at least 32", len(secret))
	case got != secret:
		t.Error("the form secret changed across a restart")
	}

	logged := log.String()
	if !strings.Contains(logged, "request") {
		t.Fatalf("the log is empty; nothing was checked:\n%s", logged)
	}
	checkAbsent(t, "the log", logged, newsroomPassword, session, secret, "lectrice.secrete@example.org", text)
}

// storedFormSecret returns the comment form secret stored in the database,
// or "" when there is none.
func storedFormSecret(t testing.TB, db string) string {
	t.Helper()
	st, err := dial.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	kv, err := st.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return kv[tokenSecretKey] // "" until serve signs comment forms
}

func checkAbsent(t testing.TB, where, hay string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(hay, s) {
			t.Errorf("%s holds a secret: %.12q…", where, s)
		}
	}
}
