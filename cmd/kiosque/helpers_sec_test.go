package main

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store/sqlite"
)

// served is a kiosque serve started in this process through run.
type served struct {
	base string // "http://127.0.0.1:PORT/"
	stop func() error
}

// startServe runs `kiosque serve --addr 127.0.0.1:0 ARGS…` in this process
// and waits until it is ready. stop cancels it as SIGTERM would and returns
// run's error; it is also called at cleanup.
func startServe(t testing.TB, args ...string) *served {
	t.Helper()
	return startServeLogging(t, io.Discard, args...)
}

// startServeLogging is startServe with the server's log written to stderr
// (which must be safe for concurrent use).
func startServeLogging(t testing.TB, stderr io.Writer, args ...string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	all := append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "error"}, args...) // a later --log-level wins
	go func() {
		done <- run(ctx, all, env(nil), outW, stderr)
		outW.Close()
	}()
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "Kiosque is ready: "); ok {
				ready <- u
			}
		}
	}()
	s := &served{}
	select {
	case s.base = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("serve returned before it was ready: %v", err)
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatal("serve did not get ready within 60 s")
	}
	var stopped atomic.Bool
	var result error
	s.stop = func() error {
		if stopped.Swap(true) {
			return result
		}
		cancel()
		select {
		case result = <-done:
		case <-time.After(60 * time.Second):
			result = fmt.Errorf("serve did not stop within 60 s")
		}
		return result
	}
	t.Cleanup(func() { _ = s.stop() }) // a test that cares has called stop already
	return s
}

// noRedirect is an HTTP client that shows redirects instead of following
// them: a 303 after a POST is the acknowledgement we look for.
var noRedirect = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// tokenField finds the comment form's token in an article page.
var tokenField = regexp.MustCompile(`name="token" value="([^"]*)"`)

// pageToken returns the comment form token of the page at u, or "" when
// the form has none.
func pageToken(u string) (string, error) {
	page, err := noRedirect.Get(u)
	if err != nil {
		return "", err
	}
	body, err := io.ReadAll(page.Body)
	page.Body.Close()
	if err != nil {
		return "", err
	}
	if m := tokenField.FindSubmatch(body); m != nil {
		return html.UnescapeString(string(m[1])), nil
	}
	return "", nil
}

// formToken is pageToken for a test.
func formToken(t testing.TB, u string) string {
	t.Helper()
	token, err := pageToken(u)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// postComment sends the comment form of the article at slug, as a reader
// would (reading the page first for the form token, when there is one),
// and returns the status: 303 once stored.
func postComment(base, slug, text string) (int, error) {
	form := url.Values{"name": {"Lectrice"}, "email": {"lectrice@example.org"}, "text": {text}}
	token, err := pageToken(base + slug + "/")
	if err != nil {
		return 0, err
	}
	if token != "" {
		form.Set("token", token)
	}
	resp, err := noRedirect.PostForm(base+slug+"/comments/", form)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body) // the status is the answer
	resp.Body.Close()
	return resp.StatusCode, nil
}

// newArticle is a published article numbered n, with a unique body.
func newArticle(n int, now time.Time) *article.Article {
	return &article.Article{
		Title:       fmt.Sprintf("Dépêche numéro %d", n),
		Lead:        fmt.Sprintf("Chapeau de la dépêche %d.", n),
		Body:        fmt.Sprintf("Corps de la dépêche %d.\n\nDeuxième paragraphe, %d.", n, n),
		Lang:        "fr",
		Status:      article.Published,
		PublishedAt: now.Add(-time.Minute),
	}
}

// openSQLite opens the SQLite database at path for a test's own reads and
// writes, closed at cleanup.
func openSQLite(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
