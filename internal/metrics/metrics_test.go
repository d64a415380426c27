package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/metrics"
)

func scrape(t *testing.T, h http.Handler, remote string, header map[string]string) (int, string) {
	t.Helper()
	r := httptest.NewRequest("GET", "/metrics", nil)
	r.RemoteAddr = remote
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	b, _ := io.ReadAll(w.Result().Body)
	return w.Code, string(b)
}

func TestRequestsCounted(t *testing.T) {
	m := metrics.New(metrics.Options{Cache: func() metrics.CacheStats {
		return metrics.CacheStats{Hits: 7, Misses: 2, Entries: 3, Bytes: 4096, MaxSize: 1 << 20}
	}})
	for _, r := range []struct {
		path   string
		status int
	}{{"/un-article/", 200}, {"/un-article/", 200}, {"/missing/", 404}, {"/search", 200}, {"/admin/", 200}, {"/feed/", 200}} {
		m.Observe(r.path, r.status, time.Millisecond)
	}
	code, body := scrape(t, m.Handler(nil), "127.0.0.1:5000", nil)
	if code != 200 {
		t.Fatalf("scrape: %d %s", code, body)
	}
	for _, want := range []string{
		`kiosque_http_requests_total{code="2xx",kind="page"} 2`,
		`kiosque_http_requests_total{code="4xx",kind="page"} 1`,
		`kiosque_http_requests_total{code="2xx",kind="search"} 1`,
		`kiosque_http_requests_total{code="2xx",kind="admin"} 1`,
		`kiosque_http_requests_total{code="2xx",kind="feed"} 1`,
		`kiosque_http_request_duration_seconds_count{kind="page"} 3`,
		`kiosque_cache_hits_total 7`,
		`kiosque_cache_bytes 4096`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestWhoMayScrape(t *testing.T) {
	m := metrics.New(metrics.Options{})
	h := m.Handler(func(_ context.Context, token string) error {
		if token == "good-key" {
			return nil
		}
		return errors.New("bad key")
	})
	for _, tt := range []struct {
		name   string
		remote string
		header map[string]string
		want   int
	}{
		{"this machine", "127.0.0.1:5000", nil, 200},
		{"this machine, IPv6", "[::1]:5000", nil, 200},
		{"through a local proxy", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "203.0.113.9"}, 401},
		{"another machine", "203.0.113.9:5000", nil, 401},
		{"another machine with a key", "203.0.113.9:5000", map[string]string{"Authorization": "Bearer good-key"}, 200},
		{"another machine with a wrong key", "203.0.113.9:5000", map[string]string{"Authorization": "Bearer nope"}, 401},
		{"a proxy with a key", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "203.0.113.9", "Authorization": "Bearer good-key"}, 200},
	} {
		if code, body := scrape(t, h, tt.remote, tt.header); code != tt.want {
			t.Errorf("%s: %d, want %d (%s)", tt.name, code, tt.want, body)
		}
	}
}
