package fastpath

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/cache"
)

// site is a real server on a loopback port: an outer middleware setting
// fields on every answer (as the web package's does), the page cache, and
// a page handler; the fast path in front.
type site struct {
	url  string
	addr string
	ln   *Listener
	srv  *http.Server
}

func startSite(t testing.TB) *site {
	t.Helper()
	c := cache.New(cache.Options{BypassCookies: []string{"kiosque_session"}})
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/missing/":
			http.NotFound(w, r)
			return
		case "/form/":
			if r.Method == http.MethodPost {
				b, _ := io.ReadAll(r.Body)
				fmt.Fprintf(w, "posted %s", b)
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>%s</title><p>%s", r.URL.Path, strings.Repeat("Nouvelles du monde. ", 500))
	})
	ids := 0
	outer := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ids++
			w.Header().Set("X-Request-Id", fmt.Sprint("slow-", ids))
			w.Header().Set("X-Frame-Options", "DENY")
			next.ServeHTTP(w, r)
		})
	}
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := Listen(inner, Options{Cache: c, RequestID: func() string { return "fast" },
		ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute, WriteTimeout: time.Minute})
	srv := &http.Server{Handler: outer(c.Middleware(page)), ReadHeaderTimeout: 5 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		srv.Shutdown(context.Background())
		if err := <-done; err != http.ErrServerClosed {
			t.Errorf("Serve: %v", err)
		}
	})
	return &site{url: "http://" + inner.Addr().String(), addr: inner.Addr().String(), ln: ln, srv: srv}
}

// roundTrip sends raw on a new connection and reads one answer.
func (s *site) roundTrip(t testing.TB, raw string) *http.Response {
	t.Helper()
	c, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	return readResponse(t, bufio.NewReader(c), raw)
}

func readResponse(t testing.TB, br *bufio.Reader, raw string) *http.Response {
	t.Helper()
	c := time.AfterFunc(10*time.Second, func() { t.Errorf("no answer to %q", raw) })
	defer c.Stop()
	req, _ := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
	res, err := http.ReadResponse(br, req)
	if err != nil {
		t.Fatalf("answer to %q: %v", raw, err)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	return res
}

func get(path string, fields ...string) string {
	return "GET " + path + " HTTP/1.1\r\nHost: news.example\r\n" + strings.Join(fields, "") + "\r\n"
}

// same fails unless a and b are the same answer but for Date and the
// request id.
func same(t *testing.T, what string, a, b *http.Response) {
	t.Helper()
	ba, _ := io.ReadAll(a.Body)
	bb, _ := io.ReadAll(b.Body)
	if a.StatusCode != b.StatusCode || !bytes.Equal(ba, bb) {
		t.Errorf("%s: status %d/%d, bodies of %d/%d bytes differ", what, a.StatusCode, b.StatusCode, len(ba), len(bb))
	}
	for _, h := range []http.Header{a.Header, b.Header} {
		if h.Get("Date") == "" || h.Get("X-Request-Id") == "" {
			t.Errorf("%s: no Date or request id in %v", what, h)
		}
		h.Del("Date")
		h.Del("X-Request-Id")
	}
	if fmt.Sprint(a.Header) != fmt.Sprint(b.Header) {
		t.Errorf("%s: headers differ:\n%v\n%v", what, a.Header, b.Header)
	}
}

func TestSameAnswerAsNetHTTP(t *testing.T) {
	s := startSite(t)
	for i, enc := range []string{"", "gzip", "br", "gzip, deflate, br", "br;q=0, gzip"} {
		for _, method := range []string{"GET", "HEAD"} {
			path := fmt.Sprintf("/%s-%d/", method, i)
			ae := ""
			if enc != "" {
				ae = "Accept-Encoding: " + enc + "\r\n"
			}
			// As nginx asks a keep-alive upstream.
			proxy := "Connection: \r\nX-Forwarded-For: 192.0.2.1\r\nX-Forwarded-Proto: https\r\n"
			raw := strings.Replace(get(path, ae, proxy), "GET", method, 1)
			before := s.ln.Served()
			slow := s.roundTrip(t, raw) // a miss: net/http renders, and the answer is kept
			fast := s.roundTrip(t, raw)
			if got := s.ln.Served() - before; got != 1 {
				t.Errorf("%s %q: fast path answered %d of 2", method, enc, got)
			}
			if fast.Header.Get("X-Request-Id") != "fast" {
				t.Errorf("%s %q: second answer not from the fast path", method, enc)
			}
			same(t, method+" "+enc, slow, fast)
		}
	}
}

// TestEveryEncodingFromOneAnswer checks that once a page has been answered
// through net/http in one encoding, the fast path answers it in every
// encoding as net/http would. net/http's answer is had by adding a Range
// field, which the fast path leaves to net/http and the page cache ignores.
func TestEveryEncodingFromOneAnswer(t *testing.T) {
	s := startSite(t)
	s.roundTrip(t, get("/e/", "Accept-Encoding: br\r\n"))
	for _, enc := range []string{"", "gzip", "br"} {
		ae := "Accept-Encoding: " + enc + "\r\n"
		before := s.ln.Served()
		fast := s.roundTrip(t, get("/e/", ae))
		slow := s.roundTrip(t, get("/e/", ae, "Range: bytes=0-\r\n"))
		if s.ln.Served()-before != 1 || fast.Header.Get("X-Request-Id") != "fast" {
			t.Errorf("%q: not answered by the fast path", enc)
		}
		same(t, enc, slow, fast)
	}
}

func TestKeepAliveAndPipelining(t *testing.T) {
	s := startSite(t)
	s.roundTrip(t, get("/p/")) // cached now
	c, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	// Three requests in one write: two the fast path answers, then one it
	// hands over with the connection, then one more for net/http.
	post := "POST /form/ HTTP/1.1\r\nHost: news.example\r\nContent-Length: 5\r\n\r\nhello"
	io.WriteString(c, get("/p/")+get("/p/")+post+get("/p/"))
	for i, want := range []string{"fast", "fast", "slow", "slow"} {
		raw := get("/p/")
		if i == 2 {
			raw = post
		}
		res := readResponse(t, br, raw)
		if id := res.Header.Get("X-Request-Id"); !strings.HasPrefix(id, want) || res.StatusCode != 200 {
			t.Errorf("answer %d: %d from %q, want 200 from %s", i, res.StatusCode, id, want)
		}
		if i == 2 {
			if b, _ := io.ReadAll(res.Body); string(b) != "posted hello" {
				t.Errorf("POST answered %q", b)
			}
		}
	}
}

func TestHandsOverWhatItDoesNotAnswer(t *testing.T) {
	s := startSite(t)
	s.roundTrip(t, get("/p/"))
	etag := s.roundTrip(t, get("/p/")).Header.Get("Etag")
	for _, tc := range []struct {
		name, raw string
		status    int
	}{
		{"not cached", get("/other/"), 200},
		{"not found", get("/missing/"), 404},
		{"logged in", get("/p/", "Cookie: a=b; kiosque_session=x\r\n"), 200},
		{"conditional", get("/p/", "If-None-Match: "+etag+"\r\n"), 304},
		{"HTTP/1.0", "GET /p/ HTTP/1.0\r\nHost: news.example\r\n\r\n", 200},
		{"no host", "GET /p/ HTTP/1.1\r\n\r\n", 400},
		{"two hosts", get("/p/", "Host: other.example\r\n"), 400},
		{"bad field", get("/p/", "Bad Field: x\r\n"), 400},
		{"folded field", get("/p/", "X-A: a\r\n b\r\n"), 200},
		{"body on GET", get("/p/", "Content-Length: 2\r\n") + "ab", 200},
		{"smuggling", get("/p/", "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\n", 200},
		{"dot segment", get("/a/../p/"), 200},
		{"encoded path", get("/%70/"), 200},
		{"long head", get("/p/", "X-Long: "+strings.Repeat("a", 9000)+"\r\n"), 200},
		{"upgrade", get("/p/", "Connection: Upgrade\r\nUpgrade: websocket\r\n"), 200},
	} {
		before := s.ln.Served()
		res := s.roundTrip(t, tc.raw)
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, res.StatusCode, tc.status)
		}
		if s.ln.Served() != before || res.Header.Get("X-Request-Id") == "fast" {
			t.Errorf("%s: answered by the fast path", tc.name)
		}
	}
}

// cachedOnce caches /p/ on s, then sends raw on a new connection and
// reads the answer; it returns the connection's reader.
func cachedOnce(t *testing.T, s *site, raw string) (net.Conn, *bufio.Reader, *http.Response) {
	t.Helper()
	s.roundTrip(t, get("/p/"))
	c, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	io.WriteString(c, raw)
	br := bufio.NewReader(c)
	return c, br, readResponse(t, br, raw)
}

func TestConnectionClose(t *testing.T) {
	s := startSite(t)
	c, br, res := cachedOnce(t, s, get("/p/", "Connection: close\r\n"))
	if res.Header.Get("X-Request-Id") != "fast" || !res.Close {
		t.Errorf("answer %v, close %v", res.Header, res.Close)
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if n, err := br.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		t.Errorf("connection still open after Connection: close: %d, %v", n, err)
	}
}

func TestShutdownClosesIdleConnections(t *testing.T) {
	s := startSite(t)
	c, br, _ := cachedOnce(t, s, get("/p/"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := br.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("idle connection after shutdown: %v", err)
	}
	if _, err := net.Dial("tcp", s.addr); err == nil {
		t.Error("still accepting after shutdown")
	}
}

// BenchmarkCachedPage measures cached answers through a real loopback
// connection, keep-alive, the client in the same process: the fast path
// against net/http with the same page cache behind it.
func BenchmarkCachedPage(b *testing.B) {
	for _, name := range []string{"fastpath", "net-http"} {
		b.Run(name, func(b *testing.B) {
			s := startSite(b)
			if name == "net-http" {
				// The fast path looks in an empty cache and hands every
				// connection over; net/http's page cache has the page.
				s.ln.opt.Cache = cache.New(cache.Options{})
			}
			raw := get("/p/")
			s.roundTrip(b, raw)
			c, err := net.Dial("tcp", s.addr)
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			br := bufio.NewReaderSize(c, 64<<10)
			b.ReportAllocs()
			for b.Loop() {
				io.WriteString(c, raw)
				res, err := http.ReadResponse(br, nil)
				if err != nil || res.StatusCode != 200 {
					b.Fatal(res, err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		})
	}
}

func TestAppendDate(t *testing.T) {
	for _, tm := range []time.Time{time.Date(2026, 11, 27, 23, 5, 9, 0, time.UTC), time.Date(2027, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600))} {
		if got, want := string(appendDate(nil, tm)), tm.UTC().Format(http.TimeFormat); got != want {
			t.Errorf("appendDate = %q, want %q", got, want)
		}
	}
}

// FuzzParse checks parse against net/http's own reading of the same bytes:
// whatever the fast path accepts, net/http reads as the same GET or HEAD,
// with the same Host, target (so the same cache key) and Accept-Encoding,
// and no body.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		get("/a/"), get("/search?q=asie&page=2", "Accept-Encoding: gzip, br\r\n"),
		"HEAD /a/ HTTP/1.1\r\nhost: x\r\nconnection: keep-alive, close\r\n\r\n",
		get("/a/", "Cookie: kiosque_commenter=1\r\n"), get("/a/", "Transfer-Encoding: chunked\r\n"),
		get("/a/", "Host: y\r\n"), get("/a//b"), get("/%2e%2e/"), get("/?p=1"), get("/a/", "X: \x80\r\n"),
		"GET /a/ HTTP/1.1\r\nHost: x\r\n \r\n\r\n", "GET  /a/ HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /a/ HTTP/1.1\nHost: x\n\n", "GET http://x/a/ HTTP/1.1\r\nHost: x\r\n\r\n",
		get("/a/", "Host : y\r\n"), get("/a/", "Accept-Encoding: br\r\nAccept-Encoding: gzip\r\n"),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, ok := parse(b, []string{"kiosque_session", "kiosque_commenter"})
		if !ok {
			return
		}
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(b)))
		if err != nil {
			t.Fatalf("fast path accepts what net/http refuses (%v): %q", err, b)
		}
		if wantM := map[bool]string{false: "GET", true: "HEAD"}[req.head]; r.Method != wantM || r.ProtoMajor != 1 || r.ProtoMinor != 1 {
			t.Fatalf("method/proto %s %s, fast path head=%v: %q", r.Method, r.Proto, req.head, b)
		}
		if r.ContentLength != 0 || len(r.TransferEncoding) > 0 {
			t.Fatalf("a body: %q", b)
		}
		key := r.Host + r.URL.EscapedPath()
		if r.URL.ForceQuery || r.URL.RawQuery != "" {
			key += "?" + r.URL.RawQuery
		}
		if got := string(req.host) + string(req.target); got != key {
			t.Fatalf("cache key %q, net/http's %q: %q", got, key, b)
		}
		if r.Header.Get("Accept-Encoding") != string(req.acceptEnc) {
			t.Fatalf("Accept-Encoding %q, net/http's %q", req.acceptEnc, r.Header.Get("Accept-Encoding"))
		}
		if slices.ContainsFunc(r.Cookies(), func(c *http.Cookie) bool { return c.Name == "kiosque_session" || c.Name == "kiosque_commenter" }) {
			t.Fatalf("bypass cookie not seen: %q", b)
		}
		if r.Close != req.close {
			t.Fatalf("close %v, net/http's %v: %q", req.close, r.Close, b)
		}
	})
}
