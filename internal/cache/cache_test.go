package cache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/andybalholm/brotli"
)

// page is a handler rendering a big enough HTML page and counting renders.
type page struct {
	renders atomic.Int64
	tags    []string
	body    string
}

func (p *page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.renders.Add(1)
	Tag(r.Context(), p.tags...)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, p.body+r.URL.Path)
}

func newPage(tags ...string) *page {
	return &page{tags: tags, body: "<!doctype html><p>" + strings.Repeat("Nouvelles du monde. ", 100)}
}

func get(t testing.TB, h http.Handler, path string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHitMissAndHeaders(t *testing.T) {
	c := New(Options{})
	p := newPage()
	h := c.Middleware(p)
	first := get(t, h, "/a/")
	second := get(t, h, "/a/")
	if p.renders.Load() != 1 {
		t.Fatalf("renders = %d, want 1", p.renders.Load())
	}
	if first.Body.String() != second.Body.String() || second.Code != 200 {
		t.Fatalf("cached answer differs: %d", second.Code)
	}
	for k, want := range map[string]string{"Cache-Control": "public, max-age=60, stale-while-revalidate=600", "Vary": "Accept-Encoding", "Content-Type": "text/html; charset=utf-8"} {
		if got := second.Header().Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if second.Header().Get("ETag") == "" || second.Header().Get("Last-Modified") == "" {
		t.Error("no validators")
	}
	if s := c.Stats(); s.Hits != 1 || s.Misses != 1 || s.Entries != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestConditional(t *testing.T) {
	c := New(Options{})
	h := c.Middleware(newPage())
	etag := get(t, h, "/a/").Header().Get("ETag")
	lm := get(t, h, "/a/").Header().Get("Last-Modified")
	for _, hdr := range [][]string{{"If-None-Match", etag}, {"If-None-Match", `"x", W/` + etag}, {"If-Modified-Since", lm}} {
		if w := get(t, h, "/a/", hdr...); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
			t.Errorf("%v: got %d with %d bytes, want 304", hdr, w.Code, w.Body.Len())
		}
	}
	if w := get(t, h, "/a/", "If-None-Match", `"other"`); w.Code != 200 {
		t.Errorf("stale etag: %d", w.Code)
	}
}

func TestEncodings(t *testing.T) {
	c := New(Options{})
	p := newPage()
	h := c.Middleware(p)
	plain := get(t, h, "/a/").Body.Bytes()
	for _, c := range []struct{ accept, want string }{
		{"gzip, deflate, br", "br"}, {"gzip", "gzip"}, {"br;q=0, gzip", "gzip"}, {"identity", ""}, {"", ""},
	} {
		w := get(t, h, "/a/", "Accept-Encoding", c.accept)
		if got := w.Header().Get("Content-Encoding"); got != c.want {
			t.Errorf("Accept-Encoding %q: got %q, want %q", c.accept, got, c.want)
			continue
		}
		var body []byte
		switch c.want {
		case "gzip":
			zr, err := gzip.NewReader(w.Body)
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(zr)
		case "br":
			body, _ = io.ReadAll(brotli.NewReader(w.Body))
		default:
			body = w.Body.Bytes()
		}
		if !bytes.Equal(body, plain) {
			t.Errorf("%s: decoded body differs", c.want)
		}
	}
}

func TestPurgeByTag(t *testing.T) {
	c := New(Options{})
	a, b := newPage("article:1", "lists"), newPage("article:2")
	ha, hb := c.Middleware(a), c.Middleware(b)
	get(t, ha, "/a/")
	get(t, hb, "/b/")
	c.Purge("article:1")
	get(t, ha, "/a/")
	get(t, hb, "/b/")
	if a.renders.Load() != 2 || b.renders.Load() != 1 {
		t.Errorf("renders after purge: a %d (want 2), b %d (want 1)", a.renders.Load(), b.renders.Load())
	}
	c.PurgeAll()
	get(t, hb, "/b/")
	if b.renders.Load() != 2 {
		t.Errorf("PurgeAll kept /b/")
	}
}

func TestBypassAndPrivate(t *testing.T) {
	c := New(Options{BypassCookies: []string{"session"}})
	p := newPage()
	h := c.Middleware(p)
	r := httptest.NewRequest("GET", "/a/", nil)
	r.AddCookie(&http.Cookie{Name: "session", Value: "x"})
	for i := 0; i < 2; i++ {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if cc := w.Header().Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("logged-in Cache-Control %q", cc)
		}
	}
	if p.renders.Load() != 2 {
		t.Errorf("logged-in requests were cached")
	}
	private := c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "x", Value: "y"})
		w.Write([]byte("mine"))
	}))
	get(t, private, "/p/")
	if c.Stats().Entries != 0 {
		t.Error("an answer with Set-Cookie was cached")
	}
	post := httptest.NewRequest("POST", "/a/", nil)
	h.ServeHTTP(httptest.NewRecorder(), post)
	if c.Stats().Entries != 0 {
		t.Error("a POST was cached")
	}
}

func TestOnlyOK(t *testing.T) {
	c := New(Options{})
	h := c.Middleware(http.NotFoundHandler())
	get(t, h, "/missing/")
	if c.Stats().Entries != 0 {
		t.Error("a 404 was cached")
	}
}

func TestBoundedBytes(t *testing.T) {
	c := New(Options{MaxBytes: 64 << 10})
	h := c.Middleware(newPage())
	for i := 0; i < 200; i++ {
		get(t, h, "/p"+strconv.Itoa(i)+"/")
	}
	if s := c.Stats(); s.Bytes > 64<<10 || s.Entries == 0 || s.Entries >= 200 {
		t.Errorf("stats %+v: not bounded", s)
	}
	// The most recent page is still there, the first one is gone.
	if e, _ := c.get([]byte("example.com/p199/")); e == nil {
		t.Error("most recent page evicted")
	}
	if e, _ := c.get([]byte("example.com/p0/")); e != nil {
		t.Error("oldest page kept")
	}
}

func TestTTL(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	c := New(Options{TTL: time.Minute, Now: func() time.Time { return now }})
	p := newPage()
	h := c.Middleware(p)
	get(t, h, "/a/")
	now = now.Add(2 * time.Minute)
	get(t, h, "/a/")
	if p.renders.Load() != 2 {
		t.Errorf("expired entry served")
	}
}

// An expired page that cannot be rendered again because the database is
// away (503) is served as it was; any other failure shows.
func TestStaleIfUnavailable(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	c := New(Options{TTL: time.Minute, Now: func() time.Time { return now }})
	status := http.StatusOK
	p := newPage()
	h := c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status != http.StatusOK {
			http.Error(w, "down", status)
			return
		}
		p.ServeHTTP(w, r)
	}))
	good := get(t, h, "/a/").Body.String()
	now = now.Add(2 * time.Minute)
	for _, tc := range []struct {
		status, want int
		body         string
	}{
		{http.StatusServiceUnavailable, http.StatusOK, good},
		{http.StatusInternalServerError, http.StatusInternalServerError, "down\n"},
	} {
		status = tc.status
		if w := get(t, h, "/a/"); w.Code != tc.want || w.Body.String() != tc.body {
			t.Errorf("render %d: got %d %.30q, want %d %.30q", tc.status, w.Code, w.Body.String(), tc.want, tc.body)
		}
	}
	if w := get(t, h, "/b/"); w.Code != http.StatusInternalServerError {
		t.Errorf("uncached page: %d", w.Code)
	}
	status = http.StatusOK
	get(t, h, "/a/")
	if p.renders.Load() != 2 {
		t.Errorf("renders = %d, want 2 (the page made again once the database is back)", p.renders.Load())
	}
}

// A burst of requests for the same missing page renders it once.
func TestSingleFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New(Options{})
		release := make(chan struct{})
		var renders atomic.Int64
		h := c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			renders.Add(1)
			<-release
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte("breaking news"))
		}))
		var wg sync.WaitGroup
		codes := make([]int, 50)
		for i := range codes {
			wg.Go(func() { codes[i] = get(t, h, "/breaking/").Code })
		}
		synctest.Wait() // every request is now waiting on the one render
		close(release)
		wg.Wait()
		if renders.Load() != 1 {
			t.Errorf("renders = %d, want 1", renders.Load())
		}
		for _, code := range codes {
			if code != 200 {
				t.Fatalf("code %d", code)
			}
		}
	})
}

// A purge during a render must not let the stale render into the cache.
func TestPurgeDuringRender(t *testing.T) {
	c := New(Options{})
	var h http.Handler
	h = c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Tag(r.Context(), "article:1")
		c.Purge("article:1") // the article changes while the old version renders
		w.Write([]byte("old"))
	}))
	get(t, h, "/a/")
	if c.Stats().Entries != 0 {
		t.Error("a render that raced a purge was stored")
	}
}

func BenchmarkHit(b *testing.B) {
	c := New(Options{})
	h := c.Middleware(newPage())
	r := httptest.NewRequest("GET", "/a/", nil)
	r.Header.Set("Accept-Encoding", "gzip, br")
	h.ServeHTTP(httptest.NewRecorder(), r)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		// One writer per goroutine, its header emptied as net/http does
		// for each response: allocs/op counts the cache's own.
		w := discard{make(http.Header, 12)}
		for pb.Next() {
			clear(w.h)
			h.ServeHTTP(w, r)
		}
	})
}

type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(p []byte) (int, error) { return len(p), nil }
func (d discard) WriteHeader(int)             {}

// TestKey: the key built without allocating is Host + URL.RequestURI().
func TestKey(t *testing.T) {
	for _, target := range []string{"/", "/a/", "/a/?x=1&y=%20", "/search?q=caf%C3%A9", "/%C3%A9t%C3%A9/", "/a%2Fb/", "/a?", "//double/", "http://other.example/abs?q"} {
		r := httptest.NewRequest("GET", target, nil)
		if got, want := string(appendKey(nil, r)), r.Host+r.URL.RequestURI(); got != want {
			t.Errorf("%s: key %q, want %q", target, got, want)
		}
	}
}

// TestSharedHeaderValues: a hit shares the entry's prepared header values;
// what one response's writer adds must not show in the next response.
func TestSharedHeaderValues(t *testing.T) {
	c := New(Options{})
	h := c.Middleware(newPage())
	get(t, h, "/a/")
	first := get(t, h, "/a/")
	first.Header().Add("Vary", "Cookie")
	first.Header().Add("Cache-Control", "no-transform")
	second := get(t, h, "/a/")
	if got := second.Header().Values("Vary"); len(got) != 1 || got[0] != "Accept-Encoding" {
		t.Errorf("Vary %q, want only Accept-Encoding", got)
	}
	if got := second.Header().Values("Cache-Control"); len(got) != 1 {
		t.Errorf("Cache-Control %q, want one value", got)
	}
}
