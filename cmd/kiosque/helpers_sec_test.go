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

// browserAgent is the User-Agent of the test's readers: the spam filter
// drops comments from scripts' agents (Go-http-client among them) without
// keeping them, behind the same 303 a kept comment gets.
const browserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

// readerSeq numbers the test's readers; each has its own address (sent as
// X-Forwarded-For to a server started with --trust-proxy), so the spam
// filter's per-address rate limit never refuses the load.
var readerSeq atomic.Uint32

// newReaderIP returns a fresh reader address.
func newReaderIP() string {
	n := readerSeq.Add(1)
	return fmt.Sprintf("10.%d.%d.%d", n>>16&0xff, n>>8&0xff, n&0xff)
}

// readerRequest is a request as a browser at ip sends it.
func readerRequest(method, u, ip string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", browserAgent)
	req.Header.Set("X-Forwarded-For", ip)
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req, nil
}

// pageToken returns the comment form token of the page at u as the reader
// at ip gets it, or "" when the form has none.
func pageToken(u, ip string) (string, error) {
	req, err := readerRequest(http.MethodGet, u, ip, nil)
	if err != nil {
		return "", err
	}
	page, err := noRedirect.Do(req)
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
func formToken(t testing.TB, u, ip string) string {
	t.Helper()
	token, err := pageToken(u, ip)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// postComment sends the comment form of the article at slug as a new
// reader would (reading the page first for the form token, when there is
// one), and returns the status: 303 once stored.
func postComment(base, slug, text string) (int, error) {
	ip := newReaderIP()
	form := url.Values{"name": {"Lectrice"}, "email": {"lectrice@example.org"}, "text": {text}}
	token, err := pageToken(base+slug+"/", ip)
	if err != nil {
		return 0, err
	}
	if token != "" {
		form.Set("token", token)
	}
	req, err := readerRequest(http.MethodPost, base+slug+"/comments/", ip, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	resp, err := noRedirect.Do(req)
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
