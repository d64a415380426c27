package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// hostAddr is the host:port of a served base URL.
func hostAddr(base string) string {
	return strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
}

// rawStatus sends a raw request and returns the status of the answer, or
// 0 and the error when the server closed the connection instead.
func rawStatus(addr, request string) (int, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(30 * time.Second)); err != nil {
		return 0, err
	}
	if _, err := io.WriteString(conn, request); err != nil {
		return 0, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestServerLimits checks what the real http.Server of `kiosque serve`
// refuses: oversized headers (431), oversized bodies (413), malformed
// request lines (400), and slow clients that never finish their headers
// (closed after --read-header-timeout) while others are answered. It also
// checks HSTS follows the base URL's scheme.
func TestServerLimits(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kiosque.db")
	st := openSQLite(t, db)
	a := newArticle(1, time.Now())
	if err := st.CreateArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	st.Close()
	srv := startServe(t, "--db", "sqlite:"+db, "--read-header-timeout", "300ms", "--base-url", "https://nouvelles.example")
	addr := hostAddr(srv.base)

	t.Run("requests", func(t *testing.T) {
		big := strings.Repeat("a", 2<<20)
		tests := []struct {
			name, req string
			want      int
		}{
			{"oversized header", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 100<<10) + "\r\n\r\n", http.StatusRequestHeaderFieldsTooLarge},
			{"many headers", "GET / HTTP/1.1\r\nHost: x\r\n" + strings.Repeat("X-A: b\r\n", 20000) + "\r\n", http.StatusRequestHeaderFieldsTooLarge},
			{"oversized body", fmt.Sprintf("POST /%s/comments/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\ntext=%s", a.Slug, len(big)+5, big), http.StatusRequestEntityTooLarge},
			{"chunked oversized body", fmt.Sprintf("POST /%s/comments/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\ntext=%s\r\n0\r\n\r\n", a.Slug, len(big)+5, big), http.StatusRequestEntityTooLarge},
			{"bad request line", "GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n", http.StatusBadRequest},
			{"absolute path traversal", "GET /static/../../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 0},
			{"invalid UTF-8 path", "GET /\xff\xfe/ HTTP/1.1\r\nHost: x\r\n\r\n", 0},
			// Content-Length beside chunked: Go follows the chunking (RFC 9112 §6.3) and closes.
			{"length and chunked", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 0},
			{"two content lengths", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde", http.StatusBadRequest},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := rawStatus(addr, tt.req)
				switch {
				case err != nil && tt.want != 0:
					// The server may close before reading an oversized body.
					if tt.want == http.StatusRequestEntityTooLarge && (errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)) {
						return
					}
					t.Errorf("no answer: %v", err)
				case tt.want != 0 && got != tt.want:
					t.Errorf("status %d, want %d", got, tt.want)
				case got >= 500:
					t.Errorf("status %d", got)
				}
			})
		}
	})

	t.Run("slow headers are cut off", func(t *testing.T) {
		const slow = 200
		var wg sync.WaitGroup
		errs := make(chan error, slow)
		for i := range slow {
			wg.Go(func() { errs <- slowClient(addr, i%4 == 0) })
		}
		// Others are answered while the slow clients hold their connections.
		for range 5 {
			resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(srv.base + "healthz")
			if err != nil {
				t.Fatalf("a normal client during the slow ones: %v", err)
			}
			resp.Body.Close()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
				break
			}
		}
	})

	t.Run("HSTS on an https site", func(t *testing.T) {
		resp, err := http.Get(srv.base)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Strict-Transport-Security"); !strings.Contains(got, "max-age=") {
			t.Errorf("Strict-Transport-Security %q", got)
		}
		if got := resp.Header.Get("Content-Security-Policy"); !strings.Contains(got, "script-src 'self'") || strings.Contains(got, "unsafe-inline") {
			t.Errorf("Content-Security-Policy %q", got)
		}
	})
}

// slowClient starts a request and sends its headers a byte at a time,
// never finishing them (trickle) or sending nothing more; it returns nil
// when the server hangs up within 10 s.
func slowClient(addr string, trickle bool) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: "); err != nil {
		return err
	}
	if trickle {
		go func() {
			tick := time.NewTicker(20 * time.Millisecond) // a slowloris's pace, not a test timing
			defer tick.Stop()
			for range tick.C {
				if _, err := conn.Write([]byte("a")); err != nil {
					return
				}
			}
		}()
	}
	if err := conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, conn) // until the server closes
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("slow client (trickle %v) still connected after %v", trickle, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// TestHTTPSiteHasNoHSTS checks a plain-HTTP site does not send HSTS (it
// would lock readers out of a site without TLS).
func TestHTTPSiteHasNoHSTS(t *testing.T) {
	srv := startServe(t, "--db", "sqlite:"+filepath.Join(t.TempDir(), "k.db"))
	resp, err := http.Get(srv.base)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("Strict-Transport-Security %q on an http site", got)
	}
}

// TestIdleConnections opens 10,000 idle connections to a kiosque process
// (on 127.0.0.1 only) and checks that other readers are still answered
// quickly.
func TestIdleConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 10,000 connections")
	}
	idle := raiseFileLimit(t, 10_000)
	db := filepath.Join(t.TempDir(), "kiosque.db")
	st := openSQLite(t, db)
	a := newArticle(1, time.Now())
	if err := st.CreateArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	st.Close()
	srv := startProcess(t, "serve", "--addr", "127.0.0.1:0", "--db", "sqlite:"+db, "--log-level", "error", "--read-header-timeout", "2m")
	addr := hostAddr(srv.base)

	conns := make(chan net.Conn, idle)
	var wg sync.WaitGroup
	var failed sync.Map
	start := time.Now()
	for w := range 50 {
		wg.Go(func() {
			for i := w; i < idle; i += 50 {
				c, err := net.DialTimeout("tcp", addr, 10*time.Second)
				if err != nil {
					failed.Store(err.Error(), true)
					continue
				}
				conns <- c
			}
		})
	}
	wg.Wait()
	close(conns)
	opened := len(conns)
	t.Cleanup(func() {
		for c := range conns {
			c.Close()
		}
	})
	failed.Range(func(k, _ any) bool { t.Logf("dial: %v", k); return false })
	if opened < idle {
		t.Fatalf("opened %d of %d idle connections", opened, idle)
	}
	t.Logf("%d idle connections opened in %v", opened, time.Since(start).Round(time.Millisecond))

	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	var slowest time.Duration
	for i := range 20 {
		path := []string{"healthz", "", a.Slug + "/"}[i%3]
		t0 := time.Now()
		resp, err := client.Get(srv.base + path)
		if err != nil {
			t.Fatalf("GET /%s with %d idle connections open: %v", path, opened, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body) // read to time the whole answer
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /%s: %d", path, resp.StatusCode)
		}
		slowest = max(slowest, time.Since(t0))
	}
	t.Logf("20 requests answered beside them; slowest %v", slowest.Round(time.Millisecond))
}

// raiseFileLimit raises this process's open-file limit (inherited by the
// processes it starts) for want connections plus a margin, and returns how
// many connections fit: want, or fewer (logged) when the hard limit is
// lower. It skips below 1,000.
func raiseFileLimit(t testing.TB, want int) int {
	t.Helper()
	const margin = 1000
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	n := want
	if lim.Max < uint64(want+margin) {
		n = int(lim.Max) - margin
		if n < 1000 {
			t.Skipf("open-file hard limit %d is too low for this test (ulimit -Hn)", lim.Max)
		}
		t.Logf("open-file hard limit %d: %d idle connections instead of %d", lim.Max, n, want)
	}
	if lim.Cur >= uint64(n+margin) {
		return n
	}
	old := lim
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old) }) // best effort: the process ends soon
	return n
}

// TestCommentFloodFromOneAddress floods one article with comments from one
// address through the real server: after the spam filter's limit the site
// answers 429 with Retry-After, while a reader at another address still
// comments and the pages keep coming.
func TestCommentFloodFromOneAddress(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kiosque.db")
	st := openSQLite(t, db)
	a := newArticle(1, time.Now())
	if err := st.CreateArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	st.Close()
	// Without the page cache each visit gets a fresh form token, as a bot
	// that reloads the page would; the flood then meets the rate limit.
	srv := startServe(t, "--db", "sqlite:"+db, "--trust-proxy", "--cache-mb", "0")
	page := srv.base + a.Slug + "/"
	post := func(ip string, n int) *http.Response {
		t.Helper()
		form := url.Values{"name": {"Inondation"}, "email": {"flood@example.org"}, "token": {formToken(t, page, ip)},
			"text": {fmt.Sprintf("Message %d d'une inondation venue d'une seule adresse.", n)}}
		req, err := readerRequest(http.MethodPost, page+"comments/", ip, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body) // the status is the answer
		resp.Body.Close()
		return resp
	}
	limited, codes := 0, map[int]int{}
	for n := range 40 {
		resp := post("203.0.113.77", n)
		codes[resp.StatusCode]++
		if resp.StatusCode == http.StatusTooManyRequests {
			limited++
			if resp.Header.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
		}
	}
	if limited < 25 {
		t.Errorf("%d of 40 posts from one address refused with 429, want at least 25", limited)
	}
	if resp := post("198.51.100.23", 1000); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a reader at another address: status %d, want 303", resp.StatusCode)
	}
	t0 := time.Now()
	resp, err := http.Get(page)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the article during the flood: %v %v", resp, err)
	}
	resp.Body.Close()
	t.Logf("flood statuses %v", codes)
	t.Logf("%d of 40 flood posts refused; the article answered in %v", limited, time.Since(t0).Round(time.Millisecond))
}
