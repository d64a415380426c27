package security

import (
	"github.com/kiosque/kiosque/internal/browsertest"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kiosque/kiosque/internal/web"
)

// withoutCSP removes the Content-Security-Policy header, so the browser
// test checks our escaping alone: with the policy on, an inline script
// that slipped through would be blocked anyway and the test would prove
// nothing.
func withoutCSP(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(&cspStripper{ResponseWriter: w}, r)
	})
}

type cspStripper struct{ http.ResponseWriter }

func (c *cspStripper) WriteHeader(code int) {
	c.Header().Del("Content-Security-Policy")
	c.ResponseWriter.WriteHeader(code)
}

func (c *cspStripper) Write(b []byte) (int, error) {
	c.Header().Del("Content-Security-Policy")
	return c.ResponseWriter.Write(b)
}

// TestBrowserRunsNoPayload opens the pages holding planted payloads in
// headless Chromium, with the CSP removed, and checks that no payload ran:
// every payload sets window.__xss if it runs. The page with the comment
// form sent back full of payloads is checked too.
func TestBrowserRunsNoPayload(t *testing.T) {
	ctx := browsertest.New(t, 1280, 900, 120*time.Second)
	s := newHostileSite(t, web.Options{})
	// The comment form sent back with payloads in every field, as the site
	// rendered it, served again at /echo.
	slug := strings.Trim(s.pages[3], "/")
	all := strings.Join(Payloads, " ")
	form := url.Values{"name": {all}, "email": {"x " + all}, "url": {all}, "text": {all}}
	req := httptest.NewRequest(http.MethodPost, "/"+slug+"/comments/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	echo := httptest.NewRecorder()
	s.h.ServeHTTP(echo, req)
	if echo.Code != http.StatusUnprocessableEntity {
		t.Fatalf("comment form with payloads: status %d, want 422", echo.Code)
	}

	mux := http.NewServeMux()
	mux.Handle("/", withoutCSP(s.h))
	mux.HandleFunc("GET /canary", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, `<!doctype html><title>canary</title><script>window.__xss=1</script>`) // the browser reads it
	})
	mux.HandleFunc("GET /echo", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(echo.Body.Bytes()) // the browser reads it
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	// A canary first: an inline script the test itself serves must run,
	// or "nothing ran" would mean nothing.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/canary")); err != nil {
		t.Fatal(err)
	}
	canary, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__xss === 1`))
	if err != nil {
		t.Fatal(err)
	}
	if !canary {
		t.Fatal("the canary script did not run: the browser check cannot see a payload run")
	}

	pages := []string{"/echo", "/", "/privacy/"}
	for _, p := range s.pages {
		// Every article page (each has its own payloads in every field), and
		// the lists of the first few.
		if !strings.HasPrefix(p, "/category/") && !strings.HasPrefix(p, "/tag/") && !strings.HasPrefix(p, "/author/") || len(pages) < 12 {
			pages = append(pages, p)
		}
	}
	for _, p := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		ran, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__xss !== undefined`))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if ran {
			t.Errorf("%s: a planted payload ran", p)
		}
	}

	t.Logf("%d pages (the echoed comment form among them) checked in Chromium; no payload ran", len(pages))
}
